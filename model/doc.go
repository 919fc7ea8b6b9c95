// Package model is carecast's forecasting core: a monthly stock-and-flow
// model of the children looked after by a council, where they are placed
// and what their placements cost. It reads no files and keeps no global
// state; a projection is a pure function of its Params.
//
// # State
//
// The stock S[a][k] is the expected number of children in care aged a whole
// months (0 ≤ a < 216) in placement category k (0 ≤ k < K). Ages are grouped
// into bands of whole years (0, 1–4, 5–9, …) that carry the rates. Params.Initial
// is the stock at the end of the month before Params.Start.
//
// With duration classes (Params.DurationBounds, e.g. [1, 3, 6, 12, 24]:
// classes [0,1), [1,3), …, [24,∞) months since the period of care began)
// the stock is S[u][a][k], u the whole months in care at the start of a
// month, held month by month below the last bound (slots u = 0 … U−1, U the
// last bound) and as one slot U for the last class; class(u) is the class
// of slot u. Time in care advances one month a month as age does; a child
// who moves keeps its duration; entrants start at u = 0. Without bounds
// there is one slot and everything below is as if class(u) = 0, factor 1.
// Initial is split by InitialDuration ([class][age][category], each class
// spread over its slots in the shares of SteadyDurations) or, when that is
// empty, by SteadyDurations: the split a steady state with the routes'
// entry ages and each cell's exit rates by class would hold.
//
// # Rates
//
// Exit reasons r (reunification, adoption, …) and moves between categories
// are intensities q, events per child-year of 365.25 days, by band. For
// band b they form a generator Q_b on K transient states (the categories)
// and R absorbing states (the exit reasons):
//
//	Q[i][j]   = move rate i→j          (i ≠ j, both categories)
//	Q[i][K+r] = exit rate of reason r from category i
//	Q[i][i]   = −(Σ_j≠i Q[i][j] + Σ_r Q[i][K+r])
//
// and a month of d days has transition probabilities
//
//	P_b(d) = exp(Q_b · d/365.25)
//
// so competing exits and moves are exact, never exceed one, and a 28-day
// month carries less risk than a 31-day one. It is computed as
// P_b(d/2) = H^d and P_b(d) = P_b(d/2)², where H = exp(Q_b · 0.5/365.25) is
// the transition over half a day (gonum mat.Exp), so one matrix exponential
// serves every month length. The exit states are absorbing, so the last R
// rows of every such matrix are the identity's: products of them are
// worked on their first K rows only. Row i of P gives the chance
// that a child in category i at the start of the month is in category j, or
// has left by reason r, at its end. Rate changes (RateChange) multiply the
// intensities month by month; P is built once for each distinct set of
// intensities, band, duration class and month length before the monthly
// loop starts.
//
// In duration class c the exit intensity of reason r is the cell's times
// ExitDuration[r][c], and every move intensity is the cell's times
// MoveDuration[c] (proportional hazards); a RateChange with Durations set
// multiplies only the intensities of those classes: Q_{b,c}, P_{b,c}.
//
// # One month, in order
//
//  1. Interventions at the start of the month: each moves min(N, available)
//     children from one category to another, or out of care (To =
//     OutOfCare: they leave as exits of reason ToReason), taken from every
//     age and duration slot in proportion to the numbers there, keeping
//     their duration (Result.Shortfall keeps what
//     could not be moved). Into a capped category (see Capacity) it moves
//     no more than the places left at that moment; the rest go to its
//     overflow category (Result.Overflow), or, if they come from there, stay
//     (and count in Shortfall).
//  2. The stock moves: S'[u'][a+1][j] = Σ_i S[u][a][i]·P[i][j], where
//     u' = u+1 for u < U (every child below the last bound reaches a new
//     month in care during the month, half way through on average) and
//     U for u = U; P is P_{b(a),class(u)}(d) if neither the band nor the
//     class changes, and otherwise the crossing transition
//     H_{b,c}^d·H_{b',c'}^d, half the month at the old band's and class's
//     rates and half at the new ones' (see Known approximations). Exits by reason are Σ_a Σ_i S[a][i]·P[i][K+r]; moves
//     i→j are the children who started the month in i and end it in j.
//  3. Entries: route e brings E_e(t) = PerMonth_e · (1+Trend_e)^(t/12) · m_e(t)
//     children (m is the product of the rate changes on that route), spread
//     over single years of age by its age profile, evenly over the twelve
//     months of each year, and over first placements by its mix for the
//     band. Entrants arrive on average mid-month, so they are exposed to
//     P_{b,0}(d/2), the first class's rates from the day they enter; they
//     are then aged one month with the stock and start the next month in
//     slot 0.
//  4. Age-out: a child aged 215 months at the start of a month turns 18
//     during it. Every such child still in care at the month's end, and
//     every entrant who would be 216 months old, leaves as age-out, exactly
//     and not as a rate. No child is in care at 216 months.
//  5. Capacity: a capped category whose month-end number exceeds its
//     places in force sends the excess of the children who arrived in it
//     during the month (entrants and those moved in by the rates, not
//     those placed by interventions in step 1) to its overflow category,
//     the same share of them at every age; the children who were in it at
//     the start and are still there are never sent away. So its number at
//     the month end is at most the larger of its places and its number at
//     the month's start: at most its places, unless the places fall below
//     the children already there, who then stay and leave as the rates
//     take them, no child arriving until the number is below the places.
//     The moves into it by the rates, its entrants' first placements and
//     its month-end numbers for child-days move to the overflow in the
//     same share (a child who would have left the overflow for it stays,
//     and is not a move).
//  6. Record: in care at the month end in total, by category, by band and
//     by duration class; entries by route; exits by reason (age-out last);
//     moves.
//  7. Cost: child-days by category are days·(start+end)/2 for the stock
//     and (d/2)·(entered+end)/2 for entrants (occupancy taken as linear
//     within the month); cost = child-days/7 · weekly cost · (1+uplift)^n,
//     n being the number of 1 Aprils since the price year. A dated price
//     change (Costs.PriceChanges) multiplies the weekly cost by 1+Change
//     from its month, or sets it (a block contract price), which then
//     takes the uplift from each 1 April after its month (Costs.WeeklyCost;
//     counted actuals are priced alike). Fixed cost lines are Annual ·
//     d/(days in the financial year) in the months they run.
//
// Conservation holds exactly, every month, up to rounding:
//
//	in_care(t) = in_care(t−1) + entries(t) − exits(t)
//
// with age-out among the exits; Project panics if it ever fails by more than
// 1e-9 of the month's gross numbers (start + entries + exits), the scale of
// its rounding, since only a bug can break it.
//
// # Valid parameters
//
// Project first calls Params.Validate, which reports every problem with the
// parameters at once, as Errors: each names the value (a Field and an Index
// into it), gives the value and the kind of problem (ErrNegative,
// ErrTooLarge, …, for errors.Is). Every number must be finite and within a
// documented bound (MaxRate, MaxFactor, MaxEntriesPerMonth, MaxTrend,
// MaxWeeklyCost, MaxUplift, …). Each bound is far beyond any council's
// numbers, and together they keep every number of a projection finite over
// the longest horizon, MaxHorizon months: a valid projection never holds NaN
// or Inf.
//
// # Known approximations
//
// Ages are whole months at the start of a month, so the children in a
// band's oldest month of age reach the next band during the month, on
// average half way through: they take half a month at each band's rates,
// H_b^d·H_b+1^d (half of each band's month, in that order), and the rest of
// the band its own. Moves count the children whose category at the end of
// the month differs from that at its start, so a child who moves twice in a
// month counts once, and one who moves and moves back not at all: against a
// council simulated in continuous time (carecast synth, 12 seeds at 20×
// the shire county) the model shows about 1.3% fewer moves and 0.4% fewer
// children in care. Child-days take occupancy as linear within a month, and
// entrants as arriving at mid-month. Capacity is applied at the month's end:
// the children sent to the overflow had the exits and moves of the full
// category over the month, and those who would have arrived and aged out in
// the same month are not sent; an intervention's places are measured at the
// month's start, before that month's exits free any.
//
// A child's time in care crosses a class bound, like its age a band's,
// half way through the month on average: the children in care u whole
// months at a month's start reach u+1 during it, so those in the last month
// of a class take half of it at each class's rates. Because every month
// below the last bound is held apart, a class's bound is crossed exactly
// when it is reached (holding only classes, and moving 1/width of a class
// on each month, would smear a cohort over the class: with the factors
// [4, 2, 1.5, 1, 0.7, 0.5] of a test case it overstated the settled stock
// by 6.3%). SteadyDurations ignores moves and changes of band.
//
// # Performance
//
// The monthly loop (plan.run) allocates nothing: its buffers and every
// month's transition probabilities are made beforehand. The stock is held
// category by category, so that moving a band's children is one vector
// operation per non-zero transition probability (a child cannot reach every
// category within a month, so about half are zero). Exits, moves and
// month-end numbers are linear in the children who take a transition, so
// they are worked out once a month per transition taken, from the totals
// by category of every slot and band that took it (one row of P each).
// Entrants share transitions within a band, so their work is done per band
// and year of age. With duration classes the loop's work grows with the
// slots (one more than the last bound: 25 for [1, 3, 6, 12, 24]); the slots
// of a class share its transitions, and only the last slot of a class
// takes the crossing to the next, so a month needs a transition per band
// and class and a crossing per band and class bound, not per slot.
// BenchmarkProjectDurations (the baseline with those 25 slots) does about
// 14.5 million multiply-adds of children by probabilities in its 60 months,
// all but 15% on children who are there: the slots are not mostly empty,
// since entrants of every age fill each slot below the last bound.
package model
