package model

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/floats"
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
	// crossings are the transitions of children who reach a new band
	// during a month (the oldest month of age of each band but the last);
	// monthCross[month][band] indexes them.
	crossings  []transition
	monthCross []int

	// The stock is held by category, then age: cur[k*stride+a] is the
	// number in category k aged a months. In next, after ageing, ages run
	// from 1 to 216, and 216 holds the children who age out.
	cur, next   []float64
	bandTotal   []float64 // [band][category]: stock at the start of the month
	edge        []float64 // [category]: the oldest month of age of a band
	entrants    []float64 // [year of age][category]: this month's entrants
	bandEntered []float64 // [band][category]: this month's entrants
	landed      []float64 // [year of age][category]: entrants at the month's end
	// arrivals, when not nil, are the entrants' effects worked out ahead;
	// monthArrival gives each month's, and constEntries the entries by route.
	arrivals     []arrival
	monthArrival []int
	constEntries []float64
	entryMult    []float64 // [route][band]
	firstMult    []float64 // [band][category]
	mixMult      []float64 // [band][category]: the firstMult that mix was worked out with
	mix          []float64 // [route][band][category]: shares of first placements
	ageShare     []float64 // [route][year of age]: shares of entrants
	start, end   []float64 // [category]: the stock at the start and the end of the month
	entered      []float64 // [category]: entrants on entry
	entrantsEnd  []float64 // [category]: entrants at the month's end
	flowAcc      []float64 // [category, then exit reason]: scratch for flows
}

// stride is the length of one category's ages in plan.cur and plan.next.
const stride = NAges + 1

func newPlan(p *Params) *plan {
	K, B, R := p.K(), p.B(), p.R()
	pl := &plan{
		p: p, k: K, b: B, r: R,
		trans:       newTransitionSet(K, R, B),
		monthTrans:  make([]int, p.Horizon*B),
		cur:         make([]float64, K*stride),
		next:        make([]float64, K*stride),
		bandTotal:   make([]float64, B*K),
		edge:        make([]float64, K),
		entrants:    make([]float64, AgeYears*K),
		bandEntered: make([]float64, B*K),
		landed:      make([]float64, AgeYears*K),
		entryMult:   make([]float64, len(p.Routes)*B),
		firstMult:   make([]float64, B*K),
		mixMult:     make([]float64, B*K),
		mix:         make([]float64, len(p.Routes)*B*K),
		ageShare:    make([]float64, len(p.Routes)*AgeYears),
		start:       make([]float64, K),
		end:         make([]float64, K),
		entered:     make([]float64, K),
		entrantsEnd: make([]float64, K),
		flowAcc:     make([]float64, K+R),
	}
	pl.bandOfYear = BandOfYear(p.Bands)
	for ri, r := range p.Routes {
		if total := sum(r.AgeProfile[:]); total > 0 {
			for y, w := range r.AgeProfile {
				pl.ageShare[ri*AgeYears+y] = w / total
			}
		}
	}
	fill(pl.firstMult, 1)
	pl.mixes()
	pl.setStock(p.Initial)
	pl.buildTransitions()
	pl.buildCrossings()
	pl.planArrivals()
	return pl
}

// setStock loads a stock given as [age][category] into cur.
func (pl *plan) setStock(stock []float64) {
	K := pl.k
	clear(pl.cur)
	for a := 0; a < NAges; a++ {
		for k := 0; k < K; k++ {
			pl.cur[k*stride+a] = stock[a*K+k]
		}
	}
}

// ages is the range of ages in months, lo to hi inclusive, of band b.
func (pl *plan) ages(b int) (lo, hi int) {
	band := pl.p.Bands[b]
	return 12 * band.Min, 12*band.Max + 11
}

// buildTransitions works out each month's intensities, after the rate
// changes in force that month, and the transition probabilities they give.
func (pl *plan) buildTransitions() {
	p := pl.p
	K, B, R := pl.k, pl.b, pl.r
	exitMult := make([]float64, R*B*K)
	moveMult := make([]float64, B*K*K)
	prevExit := make([]float64, R*B*K)
	prevMove := make([]float64, B*K*K)
	width := K*K + K*R
	rates := make([]float64, B*width) // [band]: moves K×K, then exits K×R
	rateChanges := false
	for _, c := range p.Changes {
		rateChanges = rateChanges || c.Lever == LeverExit || c.Lever == LeverMove
	}
	for t := 0; t < p.Horizon; t++ {
		m := p.Start + Month(t)
		changed := t == 0
		if rateChanges {
			pl.changeRates(m, exitMult, moveMult)
			changed = changed || !slices.Equal(exitMult, prevExit) || !slices.Equal(moveMult, prevMove)
		} else if t == 0 {
			fill(exitMult, 1)
			fill(moveMult, 1)
		}
		if changed {
			copy(prevExit, exitMult)
			copy(prevMove, moveMult)
			for b := 0; b < B; b++ {
				br := rates[b*width : (b+1)*width]
				lo, hi := p.MoveAt(b, 0, 0), p.MoveAt(b+1, 0, 0)
				for i, v := range p.Move[lo:hi] {
					br[i] = v * moveMult[lo+i]
				}
				for i := 0; i < K; i++ {
					br[i*K+i] = 0
					for r := 0; r < R; r++ {
						br[K*K+i*R+r] = p.Exit[p.ExitAt(r, b, i)] * exitMult[p.ExitAt(r, b, i)]
					}
				}
			}
		}
		for b := 0; b < B; b++ {
			pl.monthTrans[t*B+b] = pl.trans.index(b, m.Days(), rates[b*width:(b+1)*width], changed)
		}
	}
}

// buildCrossings works out, for each month and each band but the last, the
// transition of the children in the band's oldest month of age: they reach
// the next band during the month, on average half way through, so they
// take half of the month at each band's rates.
func (pl *plan) buildCrossings() {
	B := pl.b
	if B < 2 {
		return
	}
	pl.monthCross = make([]int, pl.p.Horizon*(B-1))
	seen := map[[2]int]int{}
	for t := 0; t < pl.p.Horizon; t++ {
		mt := pl.monthTrans[t*B : (t+1)*B]
		for b := 0; b+1 < B; b++ {
			key := [2]int{mt[b], mt[b+1]}
			i, ok := seen[key]
			if !ok {
				i = len(pl.crossings)
				pl.crossings = append(pl.crossings, pl.trans.cross(mt[b], mt[b+1]))
				seen[key] = i
			}
			pl.monthCross[t*(B-1)+b] = i
		}
	}
}

// changeRates works out the multipliers of the exit and move intensities in
// force in month m.
func (pl *plan) changeRates(m Month, exitMult, moveMult []float64) {
	p := pl.p
	K, B, R := pl.k, pl.b, pl.r
	fill(exitMult, 1)
	fill(moveMult, 1)
	for _, c := range p.Changes {
		f := c.Ramp.At(m)
		switch c.Lever {
		case LeverExit:
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
		case LeverMove:
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
}

func newResult(p *Params) *Result {
	K := p.K()
	shape := Shape{Categories: p.Categories, Bands: p.Bands, Reasons: p.Reasons}
	for _, r := range p.Routes {
		shape.Routes = append(shape.Routes, r.Name)
	}
	for _, iv := range p.Interventions {
		shape.Interventions = append(shape.Interventions, iv.Name)
	}
	for _, f := range p.Costs.Fixed {
		shape.FixedCosts = append(shape.FixedCosts, f.Name)
	}
	res := NewResult(p.Start, p.Horizon, shape)
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
		// what was next holds ages 1–216: the age-out slot is emptied, and
		// nobody is 0 months old at the start of a month.
		for k := 0; k < pl.k; k++ {
			pl.cur[k*stride+NAges] = 0
		}
	}
	K := pl.k
	for a := 0; a < NAges; a++ {
		for k := 0; k < K; k++ {
			res.Final[a*K+k] = pl.cur[k*stride+a]
		}
	}
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
		from := pl.cur[iv.From*stride : iv.From*stride+NAges]
		to := pl.cur[iv.To*stride : iv.To*stride+NAges]
		var avail float64
		for b := range pl.p.Bands {
			if inSet(iv.Bands, b) {
				lo, hi := pl.ages(b)
				avail += sum(from[lo : hi+1])
			}
		}
		moved := math.Min(iv.Children, avail)
		res.MovedRow(t)[n] = moved
		res.ShortfallRow(t)[n] = iv.Children - moved
		if moved <= 0 {
			continue
		}
		share := moved / avail
		for b := range pl.p.Bands {
			if !inSet(iv.Bands, b) {
				continue
			}
			lo, hi := pl.ages(b)
			for a := lo; a <= hi; a++ {
				x := from[a] * share
				from[a] -= x
				to[a] += x
			}
		}
		moves[iv.From*K+iv.To] += moved
	}
}

// moveStock applies month t's transitions to the children in care at its
// start and ages them by one month into next; those who reach 216 months
// land in its age-out slot.
func (pl *plan) moveStock(t int, res *Result) {
	K, B := pl.k, pl.b
	list := pl.trans.list
	mt := pl.monthTrans[t*B : (t+1)*B]
	clear(pl.next)
	clear(pl.start)
	clear(pl.end)
	exits, moves := res.ExitsRow(t), res.MovesRow(t)
	for b := 0; b < B; b++ {
		lo, hi := pl.ages(b)
		tr := &list[mt[b]]
		// The band's oldest month of age reaches the next band during the
		// month: it takes the crossing transition (the last band's reaches
		// 18 and leaves at the month's end, so it stays with the band's).
		var cross *transition
		if b+1 < B {
			cross = &pl.crossings[pl.monthCross[t*(B-1)+b]]
			hi--
		}
		bt := pl.bandTotal[b*K : (b+1)*K]
		for k := range bt {
			bt[k] = floats.Sum(pl.cur[k*stride+lo : k*stride+hi+1])
			pl.start[k] += bt[k]
		}
		for _, c := range tr.fullCells {
			v := bt[c.from]
			if v == 0 {
				continue
			}
			from, to := int(c.from)*stride, int(c.to)*stride
			src := pl.cur[from+lo : from+hi+1]
			dst := pl.next[to+lo+1 : to+hi+2]
			floats.AddScaled(dst, c.p, src)
		}
		pl.flows(tr.full, bt, exits, moves, pl.end)
		if cross == nil {
			continue
		}
		a := hi + 1
		edge := pl.edge
		for k := range edge {
			edge[k] = pl.cur[k*stride+a]
			pl.start[k] += edge[k]
		}
		for _, c := range cross.fullCells {
			if v := edge[c.from]; v != 0 {
				pl.next[int(c.to)*stride+a+1] += c.p * v
			}
		}
		pl.flows(cross.full, edge, exits, moves, pl.end)
	}
}

// flows adds the exits by reason, the moves and the month-end numbers by
// category of children who were in each category (counts) at the start of a
// period with transition probabilities tr: row i of tr, scaled by counts[i],
// is where category i's children are at the end, K categories then R exit
// reasons.
func (pl *plan) flows(tr, counts, exits, moves, end []float64) {
	K, n := pl.k, pl.k+pl.r
	acc := pl.flowAcc
	clear(acc)
	for i, v := range counts {
		if v == 0 {
			continue
		}
		row := tr[i*n : (i+1)*n]
		floats.AddScaled(acc, v, row)
		mv := moves[i*K : (i+1)*K]
		floats.AddScaled(mv, v, row[:K])
		mv[i] = 0 // staying put is not a move
	}
	floats.Add(end, acc[:K])
	floats.Add(exits[:pl.r], acc[K:])
}

// enter adds month t's entrants, by route, age and first placement, exposed
// to half of the month's transitions, and ages them into next.
func (pl *plan) enter(t int, res *Result) {
	m := pl.p.Start + Month(t)
	exits, moves := res.ExitsRow(t), res.MovesRow(t)
	if pl.arrivals != nil {
		a := &pl.arrivals[pl.monthArrival[t]]
		floats.Add(pl.next, a.next)
		floats.Add(exits[:pl.r], a.exits)
		floats.Add(moves, a.moves)
		copy(pl.entrantsEnd, a.end)
		copy(res.EntriesRow(t), pl.constEntries)
	} else {
		pl.changeEntries(m)
		pl.mixEntrants(t, res.EntriesRow(t))
		pl.arrive(t, pl.next, exits, moves)
	}
	// child-days: the stock is in care all month, entrants for half of it on
	// average; occupancy between the start and the end is taken as linear.
	days := float64(m.Days())
	cd := res.ChildDaysRow(t)
	for k := range cd {
		cd[k] = days*(pl.start[k]+pl.end[k])/2 + days/2*(pl.entered[k]+pl.entrantsEnd[k])/2
	}
}

// mixEntrants works out month t's entrants by year of age and first
// placement into pl.entrants, and adds them to entries by route.
func (pl *plan) mixEntrants(t int, entries []float64) {
	p := pl.p
	K, B := pl.k, pl.b
	clear(pl.entrants)
	if !slices.Equal(pl.firstMult, pl.mixMult) {
		pl.mixes()
	}
	for ri := range p.Routes {
		route := &p.Routes[ri]
		base := route.PerMonth * math.Pow(1+route.Trend, float64(t)/12)
		if base == 0 {
			continue
		}
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
	clear(pl.entered)
	for y := 0; y < AgeYears; y++ {
		for k, v := range pl.entrants[y*K : (y+1)*K] {
			pl.entered[k] += v
		}
	}
}

// arrive moves the entrants in pl.entrants through half of month t's
// transitions and ages them: into next (category by age, with the age-out
// slot), adding their exits and moves, and setting pl.entrantsEnd.
// Entrants aged y years are spread evenly over the 12 months of that year
// of age; those of one band share its transitions.
func (pl *plan) arrive(t int, next, exits, moves []float64) {
	K, B := pl.k, pl.b
	list := pl.trans.list
	mt := pl.monthTrans[t*B : (t+1)*B]
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

// planArrivals works out the arrivals ahead when every month has the same
// entrants (no trend, no change to entries or first placements) and the
// months come in few kinds, as for a month's length; otherwise it leaves
// pl.arrivals nil and the monthly loop works them out.
func (pl *plan) planArrivals() {
	p := pl.p
	for _, r := range p.Routes {
		if r.Trend != 0 {
			return
		}
	}
	for _, c := range p.Changes {
		if c.Lever == LeverEntries || c.Lever == LeverFirstPlacement {
			return
		}
	}
	K, B, R := pl.k, pl.b, pl.r
	pl.constEntries = make([]float64, len(p.Routes))
	fill(pl.entryMult, 1)
	pl.mixEntrants(0, pl.constEntries)
	pl.monthArrival = make([]int, p.Horizon)
	var kinds [][]int
	for t := 0; t < p.Horizon; t++ {
		mt := pl.monthTrans[t*B : (t+1)*B]
		found := -1
		for i, k := range kinds {
			if slices.Equal(k, mt) {
				found = i
				break
			}
		}
		if found < 0 {
			if len(kinds) == maxArrivals {
				pl.arrivals, pl.monthArrival, pl.constEntries = nil, nil, nil
				return
			}
			a := arrival{next: make([]float64, K*stride), exits: make([]float64, R), moves: make([]float64, K*K), end: make([]float64, K)}
			pl.arrive(t, a.next, a.exits, a.moves)
			copy(a.end, pl.entrantsEnd)
			kinds = append(kinds, mt)
			pl.arrivals = append(pl.arrivals, a)
			found = len(kinds) - 1
		}
		pl.monthArrival[t] = found
	}
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
	p := pl.p
	K, B := pl.k, pl.b
	fill(pl.entryMult, 1)
	fill(pl.firstMult, 1)
	for _, c := range p.Changes {
		switch c.Lever {
		case LeverEntries:
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
		case LeverFirstPlacement:
			f := c.Ramp.At(m)
			for b := 0; b < B; b++ {
				if inSet(c.Bands, b) {
					pl.firstMult[b*K+c.Index] *= f
				}
			}
		}
	}
}

// record stores the state at the end of month t.
func (pl *plan) record(t int, res *Result) {
	K, B := pl.k, pl.b
	byCat := res.CategoryRow(t)
	byBand := res.BandCategoryRow(t)
	var total, out float64
	for k := 0; k < K; k++ {
		ages := pl.next[k*stride : (k+1)*stride]
		for b := 0; b < B; b++ {
			lo, hi := pl.ages(b)
			v := floats.Sum(ages[lo : hi+1])
			byBand[b*K+k] = v
			byCat[k] += v
		}
		total += byCat[k]
		out += ages[NAges]
	}
	res.InCare[t] = total
	res.ExitsRow(t)[pl.r] = out
}

// cost prices month t's child-days and allocates the fixed cost lines.
func (pl *plan) cost(t int, res *Result) { res.priceMonth(t, &pl.p.Costs) }

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
