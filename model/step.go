package model

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
)

// run is the monthly loop, the steps of the package documentation in
// order. It allocates nothing.
func (pl *plan) run(res *Result) {
	prev := res.InitialInCare
	for t := 0; t < pl.p.Horizon; t++ {
		pl.intervene(t, res)
		pl.moveStock(t, res)
		pl.enter(t, res)
		pl.overflow(t, res)
		pl.childDays(t, res)
		pl.record(t, res)
		pl.cost(t, res)
		pl.checkConservation(t, prev, res)
		prev = res.InCare[t]
		pl.turn()
	}
	pl.saveFinal(res)
}

// turn makes the month's end the next month's start: next becomes cur.
// What was next holds ages 1–216: the age-out slot is emptied, and nobody
// is 0 months old at the start of a month.
func (pl *plan) turn() {
	pl.cur, pl.next = pl.next, pl.cur
	for i := 0; i < pl.sl*pl.k; i++ {
		pl.cur[i*stride+NAges] = 0
	}
}

// saveFinal copies the stock at the start of the month after the last into
// res.Final, [age][category], and, with duration classes, res.FinalDuration,
// [class][age][category].
func (pl *plan) saveFinal(res *Result) {
	K, S := pl.k, pl.sl
	for a := 0; a < NAges; a++ {
		for k := 0; k < K; k++ {
			res.Final[a*K+k] = pl.cur[k*stride+a]
			for s := 1; s < S; s++ {
				res.Final[a*K+k] += pl.cur[(s*K+k)*stride+a]
			}
		}
	}
	if S == 1 {
		return
	}
	for s := 0; s < S; s++ {
		d := pl.slotClass[s]
		for k := 0; k < K; k++ {
			for a, v := range pl.slab(pl.cur, s, k)[:NAges] {
				res.FinalDuration[(d*NAges+a)*K+k] += v
			}
		}
	}
}

// intervene carries out the interventions in force in month t at its start,
// taking children from each age and duration class in proportion to the
// numbers there (they keep their duration), and notes the children moved
// into each capped category.
func (pl *plan) intervene(t int, res *Result) {
	m := pl.p.Start + Month(t)
	for n := range pl.p.Interventions {
		iv := &pl.p.Interventions[n]
		if m < iv.Start || m > iv.End {
			continue
		}
		avail := pl.available(iv.Bands, iv.From)
		moved := math.Min(iv.Children, avail)
		res.MovedRow(t)[n] = moved
		res.ShortfallRow(t)[n] = iv.Children - moved
		if moved <= 0 {
			continue
		}
		if iv.To == OutOfCare {
			for d := 0; d < pl.sl; d++ {
				pl.transfer(iv.Bands, pl.slab(pl.cur, d, iv.From), nil, moved/avail, nil, 0)
			}
			res.ExitsRow(t)[iv.ToReason] += moved
			continue
		}
		if stayed := pl.place(t, iv, moved, avail, res); stayed > 0 {
			res.MovedRow(t)[n] -= stayed
			res.ShortfallRow(t)[n] += stayed
		}
	}
	K := pl.k
	moves := res.MovesRow(t)
	for ci, c := range pl.p.Capacities {
		for i := 0; i < K; i++ {
			pl.ivIn[ci*K+i] = moves[i*K+c.Category]
		}
	}
}

// place moves intervention iv's moved children (of avail in its bands) to
// its category or, beyond the places left there at the start of month t,
// to its overflow, each in its duration class. It returns the children who
// stay where they are because the overflow is the category they come from.
func (pl *plan) place(t int, iv *Intervention, moved, avail float64, res *Result) (stayed float64) {
	K := pl.k
	into, over, o := moved, 0.0, -1
	if ci := pl.capOf(iv.To); ci >= 0 {
		if places := pl.capPlaces[t*len(pl.p.Capacities)+ci]; places >= 0 {
			room := math.Max(places-pl.inCategory(iv.To), 0)
			into, over = math.Min(moved, room), math.Max(moved-room, 0)
			o = pl.p.Capacities[ci].Overflow
		}
	}
	switch {
	case over == 0:
	case o == iv.From:
		stayed = over
	default:
		res.MovesRow(t)[iv.From*K+o] += over
		res.OverflowRow(t)[iv.To] += over
	}
	for d := 0; d < pl.sl; d++ {
		var overTo []float64
		if over > 0 && o != iv.From {
			overTo = pl.slab(pl.cur, d, o)
		}
		pl.transfer(iv.Bands, pl.slab(pl.cur, d, iv.From), pl.slab(pl.cur, d, iv.To), into/avail, overTo, (over-stayed)/avail)
	}
	res.MovesRow(t)[iv.From*K+iv.To] += into
	return stayed
}

// inCategory is the number of children in category k now (in cur), of
// every age and duration class.
func (pl *plan) inCategory(k int) float64 {
	var n float64
	for d := 0; d < pl.sl; d++ {
		n += sum(pl.slab(pl.cur, d, k)[:NAges])
	}
	return n
}

// available is the number of children of category k, of every duration
// class, in the bands of the set bands.
func (pl *plan) available(bands uint64, k int) float64 {
	var avail float64
	for d := 0; d < pl.sl; d++ {
		from := pl.slab(pl.cur, d, k)
		for b := range pl.p.Bands {
			if inSet(bands, b) {
				lo, hi := pl.ages(b)
				avail += sum(from[lo : hi+1])
			}
		}
	}
	return avail
}

// transfer takes shares of the children in the bands of the set bands, at
// every age, from one category's ages: shareTo of them to the ages to and
// shareOver to the ages over. A nil to or over is out of care: those
// children leave; a share of 0 takes nobody.
func (pl *plan) transfer(bands uint64, from, to []float64, shareTo float64, over []float64, shareOver float64) {
	for b := range pl.p.Bands {
		if !inSet(bands, b) {
			continue
		}
		lo, hi := pl.ages(b)
		for a := lo; a <= hi; a++ {
			x, y := from[a]*shareTo, from[a]*shareOver
			from[a] -= x + y
			if to != nil {
				to[a] += x
			}
			if over != nil {
				over[a] += y
			}
		}
	}
}

// moveStock applies month t's transitions to the children in care at its
// start and ages them by one month into next; those who reach 216 months
// land in its age-out slot. The children of each duration slot but the
// last reach the next during the month; those of the last stay in it.
func (pl *plan) moveStock(t int, res *Result) {
	clear(pl.next)
	clear(pl.start)
	clear(pl.end)
	for s := 0; s < pl.sl; s++ {
		pl.moveSlot(t, s)
	}
	pl.settle(res.ExitsRow(t), res.MovesRow(t))
}

// moveSlot moves, by band, the children of duration slot s in month t into
// their slot at the month's end, by slotTransitions. A band's oldest month of
// age reaches the next band during the month: it takes the crossing
// transition (the last band's reaches 18 and leaves at the month's end, so
// it stays with the band's). Their flows are owed to the transitions taken.
func (pl *plan) moveSlot(t, s int) {
	B, K := pl.b, pl.k
	m := pl.slotTransitions(t, s)
	src, dst := s*K*stride, m.to*K*stride
	cross := len(pl.trans.list) // the id of pl.crossings[0]
	for b := 0; b < B; b++ {
		lo, hi := pl.ages(b)
		if b+1 == B {
			pl.moveBand(lo, hi, src, dst, &m.whole[m.wi[b]], m.id+m.wi[b])
			continue
		}
		pl.moveBand(lo, hi-1, src, dst, &m.whole[m.wi[b]], m.id+m.wi[b])
		pl.moveEdge(hi, src, dst, &pl.crossings[m.ei[b]], cross+m.ei[b])
	}
}

// slotMove is how the children of a duration slot move in a month:
// whole[wi[b]] is band b's transition, for every age but its oldest month,
// and plan.crossings[ei[b]] that of its oldest month (b < B−1); id+wi[b] is
// the id of whole[wi[b]] (see plan.owe); to is the slot they are in at the
// month's end.
type slotMove struct {
	whole  []transition
	wi, ei []int
	id, to int
}

// slotTransitions is how the children of duration slot s move in month t.
// The last slot keeps its children, at its class's transitions; a slot
// below it moves them to the next, at its class's transitions if that slot
// is of the same class, and otherwise by the crossings from its class to
// the next (half of the month at each's rates).
func (pl *plan) slotTransitions(t, s int) slotMove {
	B, D := pl.b, pl.d
	c := pl.slotClass[s]
	m := slotMove{whole: pl.trans.list, wi: pl.monthTrans[(t*D+c)*B:], to: s}
	if B > 1 {
		m.ei = pl.monthCross[(t*D+c)*(B-1):]
	}
	if s+1 == pl.sl {
		return m
	}
	m.to = s + 1
	if pl.slotClass[s+1] == c {
		return m
	}
	m.whole, m.wi, m.id = pl.crossings, pl.monthDur[(t*(D-1)+c)*B:], len(pl.trans.list)
	if B > 1 {
		m.ei = pl.monthBoth[(t*(D-1)+c)*(B-1):]
	}
	return m
}

// moveBand moves the children aged lo to hi months of the slot at offset
// src of cur by the transition tr, into the slot at offset dst of next, one
// vector operation per cell of tr that is not zero, and owes their flows to
// transition id.
func (pl *plan) moveBand(lo, hi, src, dst int, tr *transition, id int) {
	bt := pl.bandTotal[:pl.k]
	for k := range bt {
		bt[k] = floats.Sum(pl.cur[src+k*stride+lo : src+k*stride+hi+1])
		pl.start[k] += bt[k]
	}
	for _, c := range tr.fullCells {
		if bt[c.from] == 0 {
			continue
		}
		from, to := src+int(c.from)*stride, dst+int(c.to)*stride
		floats.AddScaled(pl.next[to+lo+1:to+hi+2], c.p, pl.cur[from+lo:from+hi+1])
	}
	pl.owe(id, bt)
}

// moveEdge moves the children aged a months, a band's oldest month of age,
// of the slot at offset src of cur by the crossing transition cross into
// the slot at offset dst of next, and owes their flows to transition id.
func (pl *plan) moveEdge(a, src, dst int, cross *transition, id int) {
	edge := pl.edge
	for k := range edge {
		edge[k] = pl.cur[src+k*stride+a]
		pl.start[k] += edge[k]
	}
	for _, c := range cross.fullCells {
		if v := edge[c.from]; v != 0 {
			pl.next[dst+int(c.to)*stride+a+1] += c.p * v
		}
	}
	pl.owe(id, edge)
}

// owe adds counts, children by category at the start of the month, to
// those whose flows transition id owes this month: a transition's flows
// are linear in its children, so they are worked out once a month for all
// the slots and ages that take it. The ids are those of pl.trans.list and
// then those of pl.crossings.
func (pl *plan) owe(id int, counts []float64) {
	acc := pl.owed[id*pl.k : (id+1)*pl.k]
	if !pl.owing[id] {
		pl.owing[id] = true
		pl.owedIDs = append(pl.owedIDs, id)
	}
	floats.Add(acc, counts)
}

// settle adds the month's flows owed (see owe) to exits, moves and the
// month-end numbers by category.
func (pl *plan) settle(exits, moves []float64) {
	n := len(pl.trans.list)
	for _, id := range pl.owedIDs {
		tr := pl.trans.list
		i := id
		if id >= n {
			tr, i = pl.crossings, id-n
		}
		acc := pl.owed[id*pl.k : (id+1)*pl.k]
		pl.flows(tr[i].full, acc, exits, moves, pl.end)
		clear(acc)
		pl.owing[id] = false
	}
	pl.owedIDs = pl.owedIDs[:0]
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

// record stores the state at the end of month t.
func (pl *plan) record(t int, res *Result) {
	K, B, S := pl.k, pl.b, pl.sl
	byCat, byBand, byDur := res.CategoryRow(t), res.BandCategoryRow(t), res.DurationRow(t)
	for s := 0; s < S; s++ {
		for k := 0; k < K; k++ {
			ages := pl.slab(pl.next, s, k)
			var v float64
			for b := 0; b < B; b++ {
				lo, hi := pl.ages(b)
				x := floats.Sum(ages[lo : hi+1])
				byBand[b*K+k] += x
				v += x
			}
			byDur[pl.slotClass[s]] += v
		}
	}
	var total float64
	for k := 0; k < K; k++ {
		for b := 0; b < B; b++ {
			byCat[k] += byBand[b*K+k]
		}
		total += byCat[k]
	}
	res.InCare[t] = total
	res.ExitsRow(t)[pl.r] = pl.agedOut()
}

// agedOut is the number of children in the age-out slot of next.
func (pl *plan) agedOut() float64 {
	var out float64
	for i := 0; i < pl.sl*pl.k; i++ {
		out += pl.next[i*stride+NAges]
	}
	return out
}

// conservationTolerance is the largest difference, relative to the
// month's gross numbers (start + entries + exits), between the children
// in care at its end and the start plus entries minus exits. Rounding
// makes differences of about 1e-15 of the numbers summed.
const conservationTolerance = 1e-9

// checkConservation panics if the month's children do not add up: the
// number in care at its end must be the number at its start plus entries
// minus exits, up to rounding, which grows with the numbers summed: the
// start and the month's gross flows. Only a bug in this package can break
// it.
func (pl *plan) checkConservation(t int, prev float64, res *Result) {
	entries, exits := res.TotalEntries(t), res.TotalExits(t)
	want := prev + entries - exits
	got := res.InCare[t]
	if d := math.Abs(got - want); d > conservationTolerance*math.Max(1, prev+entries+exits) {
		panic(fmt.Sprintf("model: month %v: %v in care at the end, want %v (start %v + entries − exits): children not conserved",
			pl.p.Start+Month(t), got, want, prev))
	}
}
