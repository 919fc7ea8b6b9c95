package model

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/floats"
)

// enter adds month t's entrants, by route, age and first placement, exposed
// to half of the month's transitions, and ages them into next.
func (pl *plan) enter(t int, res *Result) {
	m := pl.p.Start + Month(t)
	exits, moves := res.ExitsRow(t), res.MovesRow(t)
	if pl.arrivals != nil {
		a := &pl.arrivals[pl.monthArrival[t]]
		floats.Add(pl.next[:pl.k*stride], a.next)
		floats.Add(exits[:pl.r], a.exits)
		floats.Add(moves, a.moves)
		copy(pl.entrantsEnd, a.end)
		copy(res.EntriesRow(t), pl.constEntries)
	} else {
		pl.changeEntries(m)
		pl.mixEntrants(t, res.EntriesRow(t))
		pl.arrive(t, pl.next, exits, moves)
	}
	copy(pl.placed, pl.entered)
}

// childDays works out month t's child-days: the stock is in care all
// month, entrants for half of it on average; occupancy between the start
// and the end is taken as linear.
func (pl *plan) childDays(t int, res *Result) {
	days := float64(res.Month(t).Days())
	cd := res.ChildDaysRow(t)
	for k := range cd {
		cd[k] = days*(pl.start[k]+pl.end[k])/2 + days/2*(pl.placed[k]+pl.entrantsEnd[k])/2
	}
}

// mixEntrants works out month t's entrants by year of age and first
// placement into pl.entrants, and adds them to entries by route.
func (pl *plan) mixEntrants(t int, entries []float64) {
	K := pl.k
	clear(pl.entrants)
	if !slices.Equal(pl.firstMult, pl.mixMult) {
		pl.mixes()
	}
	for ri := range pl.p.Routes {
		route := &pl.p.Routes[ri]
		base := route.PerMonth * math.Pow(1+route.Trend, float64(t)/12)
		if base != 0 {
			pl.routeEntrants(ri, base, entries)
		}
	}
	clear(pl.entered)
	for y := 0; y < AgeYears; y++ {
		for k, v := range pl.entrants[y*K : (y+1)*K] {
			pl.entered[k] += v
		}
	}
}

// routeEntrants adds to pl.entrants the entrants by route ri, base of them
// before the changes to entries, spread over years of age by the route's
// age profile and over first placements by its mix, and adds them to
// entries[ri].
func (pl *plan) routeEntrants(ri int, base float64, entries []float64) {
	K, B := pl.k, pl.b
	shares := pl.ageShare[ri*AgeYears : (ri+1)*AgeYears]
	for y, w := range shares {
		b := pl.bandOfYear[y]
		count := base * w * pl.entryMult[ri*B+b]
		if count == 0 {
			continue
		}
		entries[ri] += count
		mix := pl.mix[(ri*B+b)*K : (ri*B+b+1)*K]
		dst := pl.entrants[y*K : (y+1)*K]
		for k, x := range mix {
			dst[k] += count * x
		}
	}
}

// arrive moves the entrants in pl.entrants through half of month t's
// transitions of duration class 0 (they face its rates from the day they
// enter) and ages them: into next (category by age, with the age-out slot,
// of class 0), adding their exits and moves, and setting pl.entrantsEnd.
// Entrants aged y years are spread evenly over the 12 months of that year
// of age; those of one band share its transitions.
func (pl *plan) arrive(t int, next, exits, moves []float64) {
	K, B := pl.k, pl.b
	list := pl.trans.list
	mt := pl.monthTrans[t*pl.d*B : t*pl.d*B+B]
	clear(pl.bandEntered)
	clear(pl.entrantsEnd)
	for y := 0; y < AgeYears; y++ {
		b := pl.bandOfYear[y]
		for k, v := range pl.entrants[y*K : (y+1)*K] {
			pl.bandEntered[b*K+k] += v
		}
	}
	clear(pl.landed)
	for b := 0; b < B; b++ {
		be := pl.bandEntered[b*K : (b+1)*K]
		tr := &list[mt[b]]
		pl.flows(tr.half, be, exits, moves, pl.entrantsEnd)
		pl.land(b, tr, be)
	}
	pl.ageEntrants(next)
}

// land adds to pl.landed, by year of age and category, where band b's
// entrants (be of them by category) are at the month's end: tr's half
// month.
func (pl *plan) land(b int, tr *transition, be []float64) {
	K := pl.k
	band := pl.p.Bands[b]
	for _, c := range tr.halfCells {
		if be[c.from] == 0 {
			continue
		}
		for y := band.Min; y <= band.Max; y++ {
			pl.landed[y*K+int(c.to)] += pl.entrants[y*K+int(c.from)] * c.p
		}
	}
}

// ageEntrants adds the entrants in pl.landed to next, those aged y years
// spread evenly over the 12 months of that year and aged by one month.
func (pl *plan) ageEntrants(next []float64) {
	K := pl.k
	for y := 0; y < AgeYears; y++ {
		for k, v := range pl.landed[y*K : (y+1)*K] {
			if v == 0 {
				continue
			}
			v /= 12
			dst := next[k*stride+12*y+1 : k*stride+12*y+13]
			for u := range dst {
				dst[u] += v
			}
		}
	}
}

// maxArrivals is the most month kinds (sets of transitions) whose arrivals
// are worked out ahead.
const maxArrivals = 16

// arrival is what a month's entrants add, worked out ahead for entrants
// that are the same every month.
type arrival struct {
	next  []float64 // [category][age], as plan.next
	exits []float64 // [reason], age-out apart
	moves []float64 // [from][to]
	end   []float64 // [category]: entrants at the month's end
}

// constantEntrants reports whether every month has the same entrants: no
// route has a trend and no change scales entries or first placements.
func (pl *plan) constantEntrants() bool {
	for _, r := range pl.p.Routes {
		if r.Trend != 0 {
			return false
		}
	}
	for _, c := range pl.p.Changes {
		if c.Lever == LeverEntries || c.Lever == LeverFirstPlacement {
			return false
		}
	}
	return true
}

// planArrivals works out the arrivals ahead when every month has the same
// entrants and the months come in few kinds, as for a month's length;
// otherwise it leaves pl.arrivals nil and the monthly loop works them out.
func (pl *plan) planArrivals() {
	if !pl.constantEntrants() {
		return
	}
	p := pl.p
	B := pl.b
	pl.constEntries = make([]float64, len(p.Routes))
	fill(pl.entryMult, 1)
	pl.mixEntrants(0, pl.constEntries)
	pl.monthArrival = make([]int, p.Horizon)
	var kinds [][]int
	for t := 0; t < p.Horizon; t++ {
		mt := pl.monthTrans[t*pl.d*B : t*pl.d*B+B]
		found := slices.IndexFunc(kinds, func(k []int) bool { return slices.Equal(k, mt) })
		if found < 0 {
			if len(kinds) == maxArrivals {
				pl.arrivals, pl.monthArrival, pl.constEntries = nil, nil, nil
				return
			}
			pl.arrivals = append(pl.arrivals, pl.newArrival(t))
			kinds = append(kinds, mt)
			found = len(kinds) - 1
		}
		pl.monthArrival[t] = found
	}
}

// newArrival works out what the entrants in pl.entrants add in month t.
func (pl *plan) newArrival(t int) arrival {
	K, R := pl.k, pl.r
	a := arrival{next: make([]float64, K*stride), exits: make([]float64, R), moves: make([]float64, K*K), end: make([]float64, K)}
	pl.arrive(t, a.next, a.exits, a.moves)
	copy(a.end, pl.entrantsEnd)
	return a
}

// mixes works out each route's first placements by band, as shares, with
// the multipliers in firstMult applied, and notes them in mixMult.
func (pl *plan) mixes() {
	K, B := pl.k, pl.b
	for ri := range pl.p.Routes {
		for b := 0; b < B; b++ {
			base := pl.p.Routes[ri].FirstPlacement[b*K : (b+1)*K]
			fm := pl.firstMult[b*K : (b+1)*K]
			mix := pl.mix[(ri*B+b)*K : (ri*B+b+1)*K]
			var total float64
			for k, x := range base {
				mix[k] = x * fm[k]
				total += mix[k]
			}
			if total == 0 { // every first placement scaled to zero: keep the base mix
				copy(mix, base)
				total = sum(base)
			}
			for k := range mix {
				if total > 0 {
					mix[k] /= total
				}
			}
		}
	}
	copy(pl.mixMult, pl.firstMult)
}

// changeEntries works out the multipliers of entries by route and band, and
// of first placements by band and category, in force in month m.
func (pl *plan) changeEntries(m Month) {
	fill(pl.entryMult, 1)
	fill(pl.firstMult, 1)
	for i := range pl.p.Changes {
		c := &pl.p.Changes[i]
		switch c.Lever {
		case LeverEntries:
			f := c.Ramp.At(m)
			pl.p.scaled(c, func(j int) { pl.entryMult[j] *= f })
		case LeverFirstPlacement:
			f := c.Ramp.At(m)
			pl.p.scaled(c, func(j int) { pl.firstMult[j] *= f })
		}
	}
}
