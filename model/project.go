package model

import (
	"fmt"
	"math"
)

// Project runs the monthly stock-and-flow model described in the package
// documentation and returns the expected number of children in care, their
// flows and their cost, month by month. It returns an error if the
// parameters are not valid.
func Project(p *Params) (*Result, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	pl := newPlan(p)
	res := newResult(p)
	pl.run(res)
	return res, nil
}

// plan is a projection made ready to run: the transition probabilities of
// every month built, and every buffer the monthly loop needs allocated.
type plan struct {
	p       *Params
	k, b, r int

	bandOfYear [AgeYears]int
	trans      *transitionSet
	monthTrans []int // [month][band]: index into trans.list

	// buffers for the monthly loop
	cur, next  []float64 // [age][category]
	ageOut     []float64 // [category]
	bandTotal  []float64 // [band][category]: stock at the start of the month
	entrants   []float64 // [year of age][category]: this month's entrants
	entryMult  []float64 // [route][band]
	firstMult  []float64 // [band][category]
	start, end []float64 // [category]
	price      []float64 // [category]: weekly cost this month
}

func newPlan(p *Params) *plan {
	K, B, R := p.K(), p.B(), p.R()
	pl := &plan{
		p: p, k: K, b: B, r: R,
		trans:      newTransitionSet(K, R, B),
		monthTrans: make([]int, p.Horizon*B),
		cur:        make([]float64, NAges*K),
		next:       make([]float64, NAges*K),
		ageOut:     make([]float64, K),
		bandTotal:  make([]float64, B*K),
		entrants:   make([]float64, AgeYears*K),
		entryMult:  make([]float64, len(p.Routes)*B),
		firstMult:  make([]float64, B*K),
		start:      make([]float64, K),
		end:        make([]float64, K),
		price:      make([]float64, K),
	}
	for bi, band := range p.Bands {
		for y := band.Min; y <= band.Max; y++ {
			pl.bandOfYear[y] = bi
		}
	}
	copy(pl.cur, p.Initial)
	pl.buildTransitions()
	return pl
}

// buildTransitions works out each month's intensities, after the rate
// changes in force that month, and the transition probabilities they give.
func (pl *plan) buildTransitions() {
	p := pl.p
	K, B, R := pl.k, pl.b, pl.r
	exitMult := make([]float64, R*B*K)
	moveMult := make([]float64, B*K*K)
	rates := make([]float64, K*K+K*R)
	for t := 0; t < p.Horizon; t++ {
		m := p.Start + Month(t)
		fill(exitMult, 1)
		fill(moveMult, 1)
		for _, c := range p.Changes {
			f := c.Ramp.At(m)
			switch c.Target {
			case TargetExit:
				for r := 0; r < R; r++ {
					if c.Index >= 0 && r != c.Index {
						continue
					}
					for b := 0; b < B; b++ {
						for k := 0; k < K; k++ {
							if inSet(c.Bands, b) && inSet(c.Categories, k) {
								exitMult[p.ExitAt(r, b, k)] *= f
							}
						}
					}
				}
			case TargetMove:
				for b := 0; b < B; b++ {
					for i := 0; i < K; i++ {
						for j := 0; j < K; j++ {
							if inSet(c.Bands, b) && (c.From < 0 || c.From == i) && (c.To < 0 || c.To == j) {
								moveMult[p.MoveAt(b, i, j)] *= f
							}
						}
					}
				}
			}
		}
		for b := 0; b < B; b++ {
			for i := 0; i < K; i++ {
				for j := 0; j < K; j++ {
					if i != j {
						rates[i*K+j] = p.Move[p.MoveAt(b, i, j)] * moveMult[p.MoveAt(b, i, j)]
					} else {
						rates[i*K+j] = 0
					}
				}
				for r := 0; r < R; r++ {
					rates[K*K+i*R+r] = p.Exit[p.ExitAt(r, b, i)] * exitMult[p.ExitAt(r, b, i)]
				}
			}
			pl.monthTrans[t*B+b] = pl.trans.index(b, m.Days(), rates)
		}
	}
}

func newResult(p *Params) *Result {
	K, B, T := p.K(), p.B(), p.Horizon
	nr := p.R() + 1
	res := &Result{
		Start:          p.Start,
		Months:         T,
		Categories:     p.Categories,
		Bands:          p.Bands,
		Reasons:        append(append([]string(nil), p.Reasons...), AgeOut),
		InCare:         make([]float64, T),
		ByCategory:     make([]float64, T*K),
		ByBandCategory: make([]float64, T*B*K),
		Entries:        make([]float64, T*len(p.Routes)),
		Exits:          make([]float64, T*nr),
		Moves:          make([]float64, T*K*K),
		Moved:          make([]float64, T*len(p.Interventions)),
		Shortfall:      make([]float64, T*len(p.Interventions)),
		ChildDays:      make([]float64, T*K),
		Cost:           make([]float64, T*K),
		FixedCost:      make([]float64, T*len(p.Costs.Fixed)),
		Final:          make([]float64, NAges*K),
	}
	for _, r := range p.Routes {
		res.Routes = append(res.Routes, r.Name)
	}
	for _, iv := range p.Interventions {
		res.Interventions = append(res.Interventions, iv.Name)
	}
	for _, f := range p.Costs.Fixed {
		res.FixedCosts = append(res.FixedCosts, f.Name)
	}
	res.InitialByCategory = make([]float64, K)
	for a := 0; a < NAges; a++ {
		for k := 0; k < K; k++ {
			res.InitialByCategory[k] += p.Initial[a*K+k]
		}
	}
	res.InitialInCare = sum(res.InitialByCategory)
	return res
}

// run is the monthly loop. It allocates nothing.
func (pl *plan) run(res *Result) {
	prev := res.InitialInCare
	for t := 0; t < pl.p.Horizon; t++ {
		pl.intervene(t, res)
		pl.moveStock(t, res)
		pl.enter(t, res)
		pl.record(t, res)
		pl.cost(t, res)
		pl.checkConservation(t, prev, res)
		prev = res.InCare[t]
		pl.cur, pl.next = pl.next, pl.cur
	}
	copy(res.Final, pl.cur)
}

// intervene carries out the interventions in force in month t at its start,
// taking children from each age in proportion to the numbers there.
func (pl *plan) intervene(t int, res *Result) {
	K := pl.k
	m := pl.p.Start + Month(t)
	moves := res.MovesRow(t)
	for n, iv := range pl.p.Interventions {
		if m < iv.Start || m > iv.End {
			continue
		}
		var avail float64
		for a := 0; a < NAges; a++ {
			if inSet(iv.Bands, pl.bandOfYear[a/12]) {
				avail += pl.cur[a*K+iv.From]
			}
		}
		moved := math.Min(iv.Children, avail)
		res.MovedRow(t)[n] = moved
		res.ShortfallRow(t)[n] = iv.Children - moved
		if moved <= 0 {
			continue
		}
		share := moved / avail
		for a := 0; a < NAges; a++ {
			if !inSet(iv.Bands, pl.bandOfYear[a/12]) {
				continue
			}
			x := pl.cur[a*K+iv.From] * share
			pl.cur[a*K+iv.From] -= x
			pl.cur[a*K+iv.To] += x
		}
		moves[iv.From*K+iv.To] += moved
	}
}

// moveStock applies month t's transitions to the children in care at its
// start and ages them by one month into next; those who reach 216 months
// collect in ageOut.
func (pl *plan) moveStock(t int, res *Result) {
	K, B, R := pl.k, pl.b, pl.r
	n := K + R
	list := pl.trans.list
	mt := pl.monthTrans[t*B : (t+1)*B]
	fill(pl.next, 0)
	fill(pl.ageOut, 0)
	fill(pl.bandTotal, 0)
	fill(pl.start, 0)
	for a := 0; a < NAges; a++ {
		b := pl.bandOfYear[a/12]
		full := list[mt[b]].full
		dst := pl.ageOut
		if a+1 < NAges {
			dst = pl.next[(a+1)*K : (a+2)*K]
		}
		src := pl.cur[a*K : (a+1)*K]
		bt := pl.bandTotal[b*K : (b+1)*K]
		for i, v := range src {
			if v == 0 {
				continue
			}
			bt[i] += v
			pr := full[i*n : i*n+K]
			for j := range dst {
				dst[j] += v * pr[j]
			}
		}
	}
	exits := res.ExitsRow(t)
	moves := res.MovesRow(t)
	for b := 0; b < B; b++ {
		full := list[mt[b]].full
		pl.flows(full, pl.bandTotal[b*K:(b+1)*K], exits, moves)
		for k, v := range pl.bandTotal[b*K : (b+1)*K] {
			pl.start[k] += v
		}
	}
}

// flows adds the exits by reason and the moves of children who were in each
// category (counts) at the start of a period with transition probabilities tr.
func (pl *plan) flows(tr, counts, exits, moves []float64) {
	K, R := pl.k, pl.r
	n := K + R
	for i, v := range counts {
		if v == 0 {
			continue
		}
		row := tr[i*n : (i+1)*n]
		for j := 0; j < K; j++ {
			if j != i {
				moves[i*K+j] += v * row[j]
			}
		}
		for r := 0; r < R; r++ {
			exits[r] += v * row[K+r]
		}
	}
}

// enter adds month t's entrants, by route, age and first placement, exposed
// to half of the month's transitions, and ages them into next.
func (pl *plan) enter(t int, res *Result) {
	p := pl.p
	K, B, R := pl.k, pl.b, pl.r
	n := K + R
	m := p.Start + Month(t)
	fill(pl.entryMult, 1)
	fill(pl.firstMult, 1)
	for _, c := range p.Changes {
		switch c.Target {
		case TargetEntries:
			f := c.Ramp.At(m)
			for r := range p.Routes {
				if c.Index >= 0 && c.Index != r {
					continue
				}
				for b := 0; b < B; b++ {
					if inSet(c.Bands, b) {
						pl.entryMult[r*B+b] *= f
					}
				}
			}
		case TargetFirstPlacement:
			f := c.Ramp.At(m)
			for b := 0; b < B; b++ {
				if inSet(c.Bands, b) {
					pl.firstMult[b*K+c.Index] *= f
				}
			}
		}
	}
	fill(pl.entrants, 0)
	entries := res.EntriesRow(t)
	for ri := range p.Routes {
		route := &p.Routes[ri]
		base := route.PerMonth * math.Pow(1+route.Trend, float64(t)/12)
		var profile float64
		for _, w := range route.AgeProfile {
			profile += w
		}
		if base == 0 || profile == 0 {
			continue
		}
		for y, w := range route.AgeProfile {
			b := pl.bandOfYear[y]
			count := base * w / profile * pl.entryMult[ri*B+b]
			if count == 0 {
				continue
			}
			entries[ri] += count
			mix := route.FirstPlacement[b*K : (b+1)*K]
			fm := pl.firstMult[b*K : (b+1)*K]
			var total float64
			for k, x := range mix {
				total += x * fm[k]
			}
			if total == 0 { // every first placement scaled to zero: keep the base mix
				fm = nil
				for _, x := range mix {
					total += x
				}
			}
			dst := pl.entrants[y*K : (y+1)*K]
			for k, x := range mix {
				if fm != nil {
					x *= fm[k]
				}
				dst[k] += count * x / total
			}
		}
	}
	// Entrants of year y are spread evenly over its 12 months of age and share
	// its band, so their transitions are worked out once per year of age.
	list := pl.trans.list
	mt := pl.monthTrans[t*B : (t+1)*B]
	exits := res.ExitsRow(t)
	moves := res.MovesRow(t)
	var entered, after [maxSet]float64
	for y := 0; y < AgeYears; y++ {
		src := pl.entrants[y*K : (y+1)*K]
		half := list[mt[pl.bandOfYear[y]]].half
		pl.flows(half, src, exits, moves)
		for i, v := range src {
			if v == 0 {
				continue
			}
			entered[i] += v
			pr := half[i*n : i*n+K]
			for j := 0; j < K; j++ {
				x := v * pr[j] / 12
				if x == 0 {
					continue
				}
				after[j] += 12 * x
				for u := 0; u < 12; u++ {
					a := 12*y + u + 1
					if a < NAges {
						pl.next[a*K+j] += x
					} else {
						pl.ageOut[j] += x
					}
				}
			}
		}
	}
	// child-days: the stock is in care all month, entrants for half of it on
	// average; occupancy between the start and the end is taken as linear.
	days := float64(m.Days())
	cd := res.ChildDaysRow(t)
	for k := 0; k < K; k++ {
		var end float64
		for a := 1; a < NAges; a++ {
			end += pl.next[a*K+k]
		}
		end += pl.ageOut[k] - after[k]
		cd[k] = days*(pl.start[k]+end)/2 + days/2*(entered[k]+after[k])/2
	}
}

// record stores the state at the end of month t.
func (pl *plan) record(t int, res *Result) {
	K := pl.k
	byCat := res.CategoryRow(t)
	byBand := res.BandCategoryRow(t)
	var total float64
	for a := 0; a < NAges; a++ {
		b := pl.bandOfYear[a/12]
		for k := 0; k < K; k++ {
			v := pl.next[a*K+k]
			byCat[k] += v
			byBand[b*K+k] += v
			total += v
		}
	}
	res.InCare[t] = total
	var out float64
	for _, v := range pl.ageOut {
		out += v
	}
	res.ExitsRow(t)[pl.r] = out
}

// cost prices month t's child-days and allocates the fixed cost lines.
func (pl *plan) cost(t int, res *Result) {
	c := &pl.p.Costs
	m := pl.p.Start + Month(t)
	cd := res.ChildDaysRow(t)
	cost := res.CostRow(t)
	for k := range cost {
		cost[k] = cd[k] / 7 * c.WeeklyCost(k, m)
	}
	fixed := res.FixedCostRow(t)
	for i, f := range c.Fixed {
		if m >= f.From && m <= f.To {
			fixed[i] = f.Annual * float64(m.Days()) / float64(financialYearDays(m.FinancialYear()))
		}
	}
}

// financialYearDays is the number of days from 1 April of year y to 31 March
// of the next: 366 if that March closes a leap February.
func financialYearDays(y int) int {
	feb := MonthOf(y+1, 2)
	return 337 + feb.Days()
}

// checkConservation panics if the month's children do not add up: the
// number in care at its end must be the number at its start plus entries
// minus exits. Only a bug in this package can break it.
func (pl *plan) checkConservation(t int, prev float64, res *Result) {
	want := prev + res.TotalEntries(t) - res.TotalExits(t)
	got := res.InCare[t]
	if d := math.Abs(got - want); d > 1e-9*math.Max(1, prev) {
		panic(fmt.Sprintf("model: month %v: %v in care at the end, want %v (start %v + entries − exits): children not conserved",
			pl.p.Start+Month(t), got, want, prev))
	}
}

func fill(s []float64, v float64) {
	for i := range s {
		s[i] = v
	}
}
