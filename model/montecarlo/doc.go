// Package montecarlo simulates futures of a projection, children one at a
// time or as counts by age and category, so that a forecast says how sure
// it is: quantiles of the children
// in care, by category, and of the cost, month by month and by financial
// year, and the chance of meeting a target. It is pure: no files, clock or
// global randomness; the same Seed gives the same runs, to the bit,
// whatever the number of workers or cores.
//
// # Method
//
// Everything a run needs comes from model.Schedule, worked out by the
// model's own code: each month's transition probabilities by duration
// class and band (P_b(d) = exp(Q_b·d/365.25)), the crossing transitions
// of a band's oldest month of age and of a change of duration class, the
// entrants' half month (of class 0), the initial stock by duration slot
// (Schedule.InitialStock: InitialDuration, or SteadyDurations), the
// expected entrants by
// route and year of age, the first placement mixes and the price of a
// child-day. Each transition row becomes a table to draw from (the chance
// of staying first, then the other outcomes cumulated), shared read-only
// by every run. A run:
//
//   - puts the initial stock in care as whole children. The stock is
//     expected numbers by duration slot, age and category; a systematic
//     draw (one uniform u from the run's stream; cell i gets
//     ⌊S_i+u⌋ − ⌊S_(i−1)+u⌋, S the running sum in order of slot, age then
//     category) gives each cell its
//     number rounded down or up, with the right expectation, and keeps
//     whole numbers exactly;
//   - each month, in the model's order: carries out the interventions in
//     force (min(N, available) children chosen at random from the
//     category and bands, N rounded at random to a whole number; into a
//     capped category no more than the places left, the rest to its
//     overflow; out of care as exits; each child keeps its months in
//     care); draws each child's month from the row of its class and band
//     (a band's oldest month of age, or a month in which the child reaches
//     the next class, takes the crossing, as the model does); ages it by a
//     month, in age and in care (up to the last slot), a child reaching
//     216 months leaving as age-out, exactly; draws
//     entrants, Poisson by route, each one's year of age by the route's
//     profile, its month of age evenly within the year, its first
//     placement by the route's mix for its band and its half month from
//     the band's half transition; sends to the overflow, chosen at random,
//     the arrivals in a full category beyond the places (of those who were
//     not in it at the month's start, as many as the model would send);
//     and records the children by category, entries, exits and cost.
//     Child-days and cost are worked out as the model works them out
//     (days·(start+end)/2 for the stock, (d/2)·(placed+end)/2 for
//     entrants, priced by Schedule.Cost).
//
// # By cells
//
// For a large population (Settings.Method Cells, or Auto from CellsFrom
// children, without duration classes) a run holds the stock as counts by age in months and category
// and does the same steps on counts, drawing from the same distribution:
//
//   - the initial stock by the same systematic draw;
//   - each month, every cell's n children are split over its transition
//     row by a multinomial draw: those who leave are Binomial(n, 1 − stay),
//     and they are split over the row's other outcomes one child at a time
//     (up to splitOneByOne of them) or by sequential binomials, outcome j
//     taking Binomial(children left, p_j / the chance left); a cell of
//     three children or fewer draws each child as the child simulation
//     does. A binomial is drawn by inversion (BINV) for a mean n·min(p, q)
//     below 10, else by Hörmann's transformed rejection (BTRS), so its
//     cost does not grow with n;
//   - entrants: a Poisson number by route, split over years of age by the
//     route's profile and over first placements by its mix for the band
//     (multinomials), summed over routes; each year of age and first
//     placement is split over the band's half transition, and those in
//     care evenly over the year's twelve months of age;
//   - interventions and capacity choose their children at random without
//     replacement from the counts by age (and, for capacity, by kind of
//     arrival: moved in by the rates, entrants first placed there or
//     elsewhere), through a Fenwick tree of the counts; min(N, available),
//     the places left and the overflow are worked out as for children;
//   - age-out is exact: a cell aged 216 months leaves, as does an entrant
//     who would be.
//
// The cells do not follow duration classes: Simulate refuses Cells for
// Params with DurationBounds, and Auto simulates their children.
//
// Both methods are tested to agree (TestMethodsAgree): over 2,000 runs each
// of the baseline (457 children), the baseline with levers, and eight
// times it with levers, the means are the projection within 0.5% (0.34%,
// and 0.06–0.14% at eight times) and the 10th and 90th percentiles of the
// children in care at 24 and 60 months within sampling error (at most 3
// children apart at eight times, where the tolerance is 11–13).
//
// A run keeps only its counts by month and category, entries, exits and
// cost by month (Runs, RunView); nothing is allocated per child, cell or
// month.
// Run i's random numbers are a PCG stream seeded with the Seed and i, each
// scrambled by SplitMix64, so runs can be spread over workers in any order.
//
// # Parameter uncertainty
//
// With Settings.Uncertainty and Params.Evidence, each run first draws its
// rates. An intensity from E events over X child-years has the posterior
// Gamma(E+½, rate X) (Jeffreys' prior); a calibrated rate is shrunk
// towards its parent, and the Evidence does not carry the credibility
// weight or the parent, so the run scales the calibrated rate by the
// posterior's relative spread: rate·G/(E+½), G ~ Gamma(E+½, 1), a factor
// of mean 1 and coefficient of variation 1/√(E+½). The calibrated rate
// stays the centre; a cell shrunk far towards its parent gets the spread of
// its own few events, which overstates its uncertainty somewhat. Cells with
// no exposure, and rates of zero, keep their rate. A route's entries a
// month (E entries over X months) are scaled alike, one factor per route
// and run. Each run then has its own transitions (Schedule.WithRates: a
// matrix exponential per band and distinct month), built once and used for
// all its months; entrants and prices are shared.
//
// # Approximations
//
// The mean of the runs is the projection wherever the model is linear in
// its stock: measured over 2,000 runs of the shipped baseline (457
// children, 60 months) it is within 0.24% in care and cost every month, and
// every category within 2.5 standard errors of the noise. Two levers are
// not linear, and there the runs are the better answer: min(N, available)
// of whole children falls short more often than that of expected numbers
// when an intervention nearly empties its category, and a capped category
// that is full in some runs and not in others holds fewer on average than
// the projection of the mean (E[min(places, X)] < min(places, E[X])). With
// the baseline's in-house fostering capped at 80–120 places (arrivals
// barely above the places freed each month) and a monthly step-down that
// nearly empties external homes, the capped category's mean was 0.5–1.1%
// below the projection and the cost 0.5–1.0% above; with a cap that
// binds hard (TestMeanIsProjectionWithLevers) in care and cost stay
// within 0.3%, the capped category and its overflow within 2.5%. The
// model's approximations (ages in whole months, entrants at mid-month,
// crossings half way, capacity at the month's end) are the runs' too. A
// redirected entrant's first placement moves to the overflow only if it
// was first placed in the full category (the model moves the same share of
// every first placement in it).
//
// # Performance
//
// Measured on this 2-core machine (go test -bench) for 1,000 runs of 60
// months over both cores, while other builds shared it (load average 6 to
// 13), so the times are upper bounds that varied by up to a factor of
// four between runs (the national ones were 142 s and 40 s at a load of
// 11); the council's took 0.18 s by children on a quiet machine:
//
//	                          children                  cells
//	council (457 children)    0.25–0.36 s, 2,486 allocs  0.57 s, 2,479 allocs
//	national (×175, 80,000)   29.8 s, 2,525 allocs       11.5 s, 2,494 allocs
//
// With the six duration classes of the tests (25 slots;
// BenchmarkSimulateDurations) the council's children took 0.27–0.28 s
// against 0.20–0.21 s without (BenchmarkSimulate, interleaved on a busy
// machine; 0.17–0.19 s before children carried their slot).
//
// The children cost about 11–13 ns per child-month; the cells cost per
// occupied cell and per child who leaves or enters, so they gain as cells
// fill. On one core, 100 runs of the baseline scaled by 8 (3,650 children)
// took 0.24 s by children and 0.35–0.38 s by cells; scaled by 16 (7,300),
// 0.47–0.54 s by children and 0.38 s by cells: CellsFrom is 6,000. Each
// simulation allocates about 2,500 times (tables, buffers and results);
// neither monthly loop allocates (TestMonthAllocatesNothing). With
// parameter uncertainty, each run building its own transitions, 1,000
// council runs by children take 0.55 s and allocate 0.5 MB a run.
// Quantiles sort the runs' values, month by month, when asked for.
package montecarlo
