package model

import (
	"math"
	"slices"
)

// Schedule is what a simulation of children one at a time needs of a
// projection, month by month, worked out by the projection's own code (no
// second statement of the rates): the transition probabilities of each
// month, duration class and band, those of a band's oldest month of age
// and of a change of duration class (the crossings) and of the entrants
// (half a month), the initial stock by duration slot, the expected entrants
// by route and year of age, their first placements, and the price of a
// child-day. Interventions and capacities are read from the Params
// (Intervention, Capacity.PlacesAt).
//
// A Schedule is immutable once built: every method returns a fresh copy or
// a number, so one Schedule may be read by any number of goroutines.
//
// A transition is K rows of K+R columns, as in the package documentation:
// row i, column j < K is the probability that a child in category i at the
// start of the period is in category j at its end, column K+r that it has
// left by exit reason r.
type Schedule struct {
	p          *Params
	k, b, r, d int
	trans      []transition
	cross      []transition
	// monthTrans is [month][class][band] into trans; monthCross
	// [month][class][band < B−1], monthDur [month][class < D−1][band] and
	// monthBoth [month][class < D−1][band < B−1] into cross (see plan).
	monthTrans, monthCross, monthDur, monthBoth []int
	// slots is the duration class of each slot, initial the initial stock
	// [slot][age][category].
	initial []float64
	slots   []int
	// entrants is, for each kind of month, the expected entrants
	// [route][year of age]; mix is [route][band][category], the shares of
	// first placements. entryKind maps each month to its kind.
	entrants, mix [][]float64
	entryKind     []int
	// dayPrice is [month][category]: the cost of a child-day; fixed is
	// [month]: the fixed cost lines' cost.
	dayPrice, fixed []float64
}

// NewSchedule validates p and works out its Schedule. p must not be changed
// while the Schedule is in use.
func NewSchedule(p *Params) (*Schedule, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	s := &Schedule{p: p, k: p.K(), b: p.B(), r: p.R(), d: p.D(), slots: durationSlots(p.DurationBounds)}
	s.transitions()
	s.entrantsByMonth()
	s.prices()
	return s, nil
}

// transitions works out the transitions of every month and duration
// class, and the crossings, as the projection does, and the initial stock
// by slot, which the exit rates split (see SteadyDurations).
func (s *Schedule) transitions() {
	p, DB := s.p, s.d*s.b
	pl := &plan{
		p: p, k: s.k, b: s.b, r: s.r, d: s.d,
		trans:      newTransitionSet(s.k, s.r, DB),
		monthTrans: make([]int, p.Horizon*DB),
	}
	pl.buildTransitions()
	pl.buildCrossings()
	s.trans, s.cross, s.monthTrans = pl.trans.list, pl.crossings, pl.monthTrans
	s.monthCross, s.monthDur, s.monthBoth = pl.monthCross, pl.monthDur, pl.monthBoth
	s.initial = initialStock(p)
}

// WithRates is the Schedule of the same Params but for the exit and move
// intensities, exit and move (shaped as Params.Exit and Params.Move, which
// it must not share memory with while in use): the transitions and the
// initial stock's split by duration are worked out again, the entrants and
// prices are shared. A simulation that draws
// each run's rates uses it. The Params with those rates must be valid.
func (s *Schedule) WithRates(exit, move []float64) (*Schedule, error) {
	p := *s.p
	p.Exit, p.Move = exit, move
	if err := p.Validate(); err != nil {
		return nil, err
	}
	out := *s
	out.p = &p
	out.transitions()
	return &out, nil
}

// entrantsByMonth works out the expected entrants and first placement
// mixes of every month, as the projection's mixEntrants does, keeping one
// copy of each run of months that are alike.
func (s *Schedule) entrantsByMonth() {
	p := s.p
	K, B, nr := s.k, s.b, len(p.Routes)
	pl := &plan{p: p, k: K, b: B, r: s.r,
		entryMult: make([]float64, nr*B), firstMult: make([]float64, B*K),
		mixMult: make([]float64, B*K), mix: make([]float64, nr*B*K),
		ageShare: make([]float64, nr*AgeYears)}
	pl.bandOfYear = BandOfYear(p.Bands)
	pl.shareAges()
	fill(pl.firstMult, 1)
	pl.mixes()
	s.entryKind = make([]int, p.Horizon)
	for t := 0; t < p.Horizon; t++ {
		pl.changeEntries(p.Start + Month(t))
		if !slices.Equal(pl.firstMult, pl.mixMult) {
			pl.mixes()
		}
		ent := make([]float64, nr*AgeYears)
		for ri := range p.Routes {
			route := &p.Routes[ri]
			base := route.PerMonth * math.Pow(1+route.Trend, float64(t)/12)
			for y, w := range pl.ageShare[ri*AgeYears : (ri+1)*AgeYears] {
				ent[ri*AgeYears+y] = base * w * pl.entryMult[ri*B+pl.bandOfYear[y]]
			}
		}
		last := len(s.entrants) - 1
		if last >= 0 && slices.Equal(s.entrants[last], ent) && slices.Equal(s.mix[last], pl.mix) {
			s.entryKind[t] = last
			continue
		}
		s.entrants = append(s.entrants, ent)
		s.mix = append(s.mix, slices.Clone(pl.mix))
		s.entryKind[t] = last + 1
	}
}

// prices works out each month's price of a child-day by category and the
// cost of its fixed lines, as Result.Price does.
func (s *Schedule) prices() {
	p := s.p
	T, K := p.Horizon, s.k
	s.dayPrice = make([]float64, T*K)
	s.fixed = make([]float64, T)
	shape := Shape{Categories: p.Categories}
	for _, f := range p.Costs.Fixed {
		shape.FixedCosts = append(shape.FixedCosts, f.Name)
	}
	res := NewResult(p.Start, T, shape)
	for t := 0; t < T; t++ {
		fill(res.ChildDaysRow(t), 7) // a child-week in every category
	}
	res.Price(&p.Costs)
	for t := 0; t < T; t++ {
		for k, c := range res.CostRow(t) {
			s.dayPrice[t*K+k] = c / 7
		}
		s.fixed[t] = sum(res.FixedCostRow(t))
	}
}

// Params is the parameters the Schedule was built from; they must not be
// changed.
func (s *Schedule) Params() *Params { return s.p }

// Transitions is the number of distinct month transitions; Transition and
// MonthTransition index them.
func (s *Schedule) Transitions() int { return len(s.trans) }

// Transition is distinct transition i: full, over a whole month, for the
// children in care at its start, and half, over half of it, for those who
// enter during it (they arrive on average mid-month).
func (s *Schedule) Transition(i int) (full, half []float64) {
	return slices.Clone(s.trans[i].full), slices.Clone(s.trans[i].half)
}

// MonthTransition is the index of the transition of band b in month t
// (0-based from Params.Start) in duration class 0 (every child, without
// duration classes): MonthTransitionOf(t, 0, b).
func (s *Schedule) MonthTransition(t, b int) int { return s.MonthTransitionOf(t, 0, b) }

// MonthTransitionOf is the index of the transition of band b and duration
// class d in month t, for every age of the band but its oldest month (which
// takes MonthCrossingOf, except in the last band), of the children who stay
// in class d through the month. The entrants take the half transition of
// class 0.
func (s *Schedule) MonthTransitionOf(t, d, b int) int { return s.monthTrans[(t*s.d+d)*s.b+b] }

// Crossings is the number of distinct crossing transitions.
func (s *Schedule) Crossings() int { return len(s.cross) }

// Crossing is distinct crossing transition i, over a whole month: half of
// it at one band's or class's rates, then half at the next's.
func (s *Schedule) Crossing(i int) []float64 { return slices.Clone(s.cross[i].full) }

// MonthCrossing is MonthCrossingOf(t, 0, b).
func (s *Schedule) MonthCrossing(t, b int) int { return s.MonthCrossingOf(t, 0, b) }

// MonthCrossingOf is the index of the crossing transition of the children
// of duration class d in band b's oldest month of age in month t, for
// b < B−1: they reach band b+1 during the month. The last band's oldest
// month takes MonthTransitionOf and ages out at the month's end.
func (s *Schedule) MonthCrossingOf(t, d, b int) int { return s.monthCross[(t*s.d+d)*(s.b-1)+b] }

// MonthDurationCrossing is the index of the crossing transition of the
// children of band b who reach duration class d+1 from d (d < D−1) during
// month t; in band b's oldest month of age (b < B−1), who reach band b+1
// as well, that of MonthBothCrossing.
func (s *Schedule) MonthDurationCrossing(t, d, b int) int {
	return s.monthDur[(t*(s.d-1)+d)*s.b+b]
}

// MonthBothCrossing is the index of the crossing transition of the children
// in band b's oldest month of age (b < B−1) and duration class d < D−1 who
// reach band b+1 and class d+1 during month t.
func (s *Schedule) MonthBothCrossing(t, d, b int) int {
	return s.monthBoth[(t*(s.d-1)+d)*(s.b-1)+b]
}

// Slots is the duration class of each slot of the stock: slot u below the
// last holds the children in care u whole months at the start of a month,
// all of whom reach slot u+1 during it; the last holds those in care
// longer, and keeps them. Without duration classes there is one slot. An
// entrant is in slot 0 at the end of its first month.
func (s *Schedule) Slots() []int { return slices.Clone(s.slots) }

// InitialStock is the children in care at the start by slot, age in months
// and category, [slot][age][category], as the projection splits
// Params.Initial (by InitialDuration, or SteadyDurations); Params.Initial
// itself without duration classes.
func (s *Schedule) InitialStock() []float64 { return slices.Clone(s.initial) }

// Entrants is the expected number of entrants by route ri in month t, by
// year of age (AgeYears values), after the route's trend and the rate
// changes of entries in force. The projection spreads those of year y
// evenly over its twelve months of age.
func (s *Schedule) Entrants(t, ri int) []float64 {
	e := s.entrants[s.entryKind[t]]
	return slices.Clone(e[ri*AgeYears : (ri+1)*AgeYears])
}

// Mix is the shares of first placements by category (summing to one, or all
// zero) of route ri's entrants of band b in month t, after the changes of
// first placements in force.
func (s *Schedule) Mix(t, ri, b int) []float64 {
	K, B := s.k, s.b
	m := s.mix[s.entryKind[t]]
	return slices.Clone(m[(ri*B+b)*K : (ri*B+b+1)*K])
}

// Cost is month t's cost of childDays child-days by category (K values),
// priced as the projection prices them (Costs.WeeklyCost, its uplifts and
// price changes), plus the month's fixed cost lines.
func (s *Schedule) Cost(t int, childDays []float64) float64 {
	c := s.fixed[t]
	for k, d := range childDays {
		c += d * s.dayPrice[t*s.k+k]
	}
	return c
}
