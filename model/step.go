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
	for k := 0; k < pl.k; k++ {
		pl.cur[k*stride+NAges] = 0
	}
}

// saveFinal copies the stock at the start of the month after the last into
// res.Final, [age][category].
func (pl *plan) saveFinal(res *Result) {
	K := pl.k
	for a := 0; a < NAges; a++ {
		for k := 0; k < K; k++ {
			res.Final[a*K+k] = pl.cur[k*stride+a]
		}
	}
}

// intervene carries out the interventions in force in month t at its start,
// taking children from each age in proportion to the numbers there, and
// notes the children moved into each capped category.
func (pl *plan) intervene(t int, res *Result) {
	m := pl.p.Start + Month(t)
	for n := range pl.p.Interventions {
		iv := &pl.p.Interventions[n]
		if m < iv.Start || m > iv.End {
			continue
		}
		from := pl.cur[iv.From*stride : iv.From*stride+NAges]
		avail := pl.available(iv.Bands, from)
		moved := math.Min(iv.Children, avail)
		res.MovedRow(t)[n] = moved
		res.ShortfallRow(t)[n] = iv.Children - moved
		if moved <= 0 {
			continue
		}
		if iv.To == OutOfCare {
			pl.transfer(iv.Bands, from, nil, moved/avail, nil, 0)
			res.ExitsRow(t)[iv.ToReason] += moved
			continue
		}
		if stayed := pl.place(t, iv, from, moved, avail, res); stayed > 0 {
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

// place moves intervention iv's moved children (of avail in its bands,
// by age in from) to its category or, beyond the places left there at the
// start of month t, to its overflow. It returns the children who stay
// where they are because the overflow is the category they come from.
func (pl *plan) place(t int, iv *Intervention, from []float64, moved, avail float64, res *Result) (stayed float64) {
	K := pl.k
	into, over, o := moved, 0.0, -1
	if ci := pl.capOf(iv.To); ci >= 0 {
		if places := pl.capPlaces[t*len(pl.p.Capacities)+ci]; places >= 0 {
			room := math.Max(places-sum(pl.cur[iv.To*stride:iv.To*stride+NAges]), 0)
			into, over = math.Min(moved, room), math.Max(moved-room, 0)
			o = pl.p.Capacities[ci].Overflow
		}
	}
	to := pl.cur[iv.To*stride : iv.To*stride+NAges]
	var overTo []float64
	switch {
	case over == 0:
	case o == iv.From:
		stayed = over
	default:
		overTo = pl.cur[o*stride : o*stride+NAges]
		res.MovesRow(t)[iv.From*K+o] += over
		res.OverflowRow(t)[iv.To] += over
	}
	pl.transfer(iv.Bands, from, to, into/avail, overTo, (over-stayed)/avail)
	res.MovesRow(t)[iv.From*K+iv.To] += into
	return stayed
}

// available is the number of children of one category, by age (from), in
// the bands of the set bands.
func (pl *plan) available(bands uint64, from []float64) float64 {
	var avail float64
	for b := range pl.p.Bands {
		if inSet(bands, b) {
			lo, hi := pl.ages(b)
			avail += sum(from[lo : hi+1])
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
// land in its age-out slot.
func (pl *plan) moveStock(t int, res *Result) {
	B := pl.b
	mt := pl.monthTrans[t*B : (t+1)*B]
	clear(pl.next)
	clear(pl.start)
	clear(pl.end)
	exits, moves := res.ExitsRow(t), res.MovesRow(t)
	for b := 0; b < B; b++ {
		lo, hi := pl.ages(b)
		// The band's oldest month of age reaches the next band during the
		// month: it takes the crossing transition (the last band's reaches
		// 18 and leaves at the month's end, so it stays with the band's).
		if b+1 == B {
			pl.moveBand(b, lo, hi, &pl.trans.list[mt[b]], exits, moves)
			continue
		}
		pl.moveBand(b, lo, hi-1, &pl.trans.list[mt[b]], exits, moves)
		pl.moveEdge(hi, &pl.crossings[pl.monthCross[t*(B-1)+b]], exits, moves)
	}
}

// moveBand moves the children of band b aged lo to hi months by the
// transition tr, one vector operation per cell of tr that is not zero, and
// adds their flows.
func (pl *plan) moveBand(b, lo, hi int, tr *transition, exits, moves []float64) {
	K := pl.k
	bt := pl.bandTotal[b*K : (b+1)*K]
	for k := range bt {
		bt[k] = floats.Sum(pl.cur[k*stride+lo : k*stride+hi+1])
		pl.start[k] += bt[k]
	}
	for _, c := range tr.fullCells {
		if bt[c.from] == 0 {
			continue
		}
		from, to := int(c.from)*stride, int(c.to)*stride
		src := pl.cur[from+lo : from+hi+1]
		dst := pl.next[to+lo+1 : to+hi+2]
		floats.AddScaled(dst, c.p, src)
	}
	pl.flows(tr.full, bt, exits, moves, pl.end)
}

// moveEdge moves the children aged a months, a band's oldest month of age,
// by the crossing transition cross, and adds their flows.
func (pl *plan) moveEdge(a int, cross *transition, exits, moves []float64) {
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
