package model

import (
	"math"

	"gonum.org/v1/gonum/floats"
)

// capPlaces is the places of each of p's capacities in force in each month,
// −1 where none is, [month][capacity].
func capPlaces(p *Params) []float64 {
	n := len(p.Capacities)
	out := make([]float64, p.Horizon*n)
	for t := 0; t < p.Horizon; t++ {
		for ci := range p.Capacities {
			places, ok := p.Capacities[ci].PlacesAt(p.Start + Month(t))
			if !ok {
				places = -1
			}
			out[t*n+ci] = places
		}
	}
	return out
}

// capOf is the index of the capacity of category k, or −1 if it has none.
func (pl *plan) capOf(k int) int {
	for ci := range pl.p.Capacities {
		if pl.p.Capacities[ci].Category == k {
			return ci
		}
	}
	return -1
}

// overflow sends to its overflow category, at the end of month t, the
// children who arrived in a full category beyond its places, and records
// the places in force.
func (pl *plan) overflow(t int, res *Result) {
	n := len(pl.p.Capacities)
	for ci := range pl.p.Capacities {
		places := pl.capPlaces[t*n+ci]
		if places < 0 {
			continue
		}
		c := &pl.p.Capacities[ci]
		res.PlacesRow(t)[c.Category] = places
		pl.redirect(t, ci, places, res)
	}
}

// redirect sends capacity ci's category's arrivals of month t (those in it
// at the month's end who were not in it at its start: entrants and
// children moved in by the rates) to its overflow, in proportion at every
// age, as many as take its month-end number beyond the larger of places
// and the children who stayed (who are never sent away).
func (pl *plan) redirect(t, ci int, places float64, res *Result) {
	c := &pl.p.Capacities[ci]
	k, o := c.Category, c.Overflow
	stay := pl.stayers(t, k)
	var occupied, stayed float64
	for d := 0; d < pl.sl; d++ {
		occupied += floats.Sum(pl.slab(pl.next, d, k)[:NAges])
		stayed += floats.Sum(stay[d*stride : d*stride+NAges])
	}
	arrived := occupied - stayed
	room := math.Max(places, stayed) - stayed // for those who arrived
	if occupied <= places || arrived <= room {
		return
	}
	// keep is worked out as a share of room, not of the excess, so that
	// the number left is exact to the scale of the places, not of the
	// arrivals, which can be far larger.
	keep := room / arrived
	var sent float64
	for d := 0; d < pl.sl; d++ {
		ages, dst, st := pl.slab(pl.next, d, k), pl.slab(pl.next, d, o), stay[d*stride:(d+1)*stride]
		for a := 1; a < NAges; a++ { // not those who age out at the month's end
			in := math.Max(ages[a]-st[a], 0)
			x := in - keep*in
			ages[a] = st[a] + keep*in
			dst[a] += x
			sent += x
		}
	}
	res.OverflowRow(t)[k] += sent
	pl.redirectFlows(t, ci, 1-keep, floats.Sum(stay), res)
}

// redirectFlows moves share of the flows into capacity ci's category in
// month t to its overflow: the moves by the rates into it (not those of
// interventions, placed at the start of the month), the stock at the
// month's end that arrived (stayed of it stayed) and the entrants, on
// entry and at the end.
func (pl *plan) redirectFlows(t, ci int, share, stayed float64, res *Result) {
	K := pl.k
	c := &pl.p.Capacities[ci]
	k, o := c.Category, c.Overflow
	moves := res.MovesRow(t)
	for i := 0; i < K; i++ {
		if i == k {
			continue
		}
		x := share * math.Max(moves[i*K+k]-pl.ivIn[ci*K+i], 0)
		moves[i*K+k] -= x
		if i != o { // a child who would have left the overflow for k stays in it
			moves[i*K+o] += x
		}
	}
	shift(pl.end, k, o, share*math.Max(pl.end[k]-stayed, 0))
	shift(pl.entrantsEnd, k, o, share*pl.entrantsEnd[k])
	shift(pl.placed, k, o, share*pl.placed[k])
}

// shift moves x from s[from] to s[to].
func shift(s []float64, from, to int, x float64) {
	s[from] -= x
	s[to] += x
}

// stayers works out, into pl.stay ([slot][age], each slot laid out as
// one category of next), the children in category k at the start of month
// t who are still in it at its end, aged one month, in their duration
// slot at the end: those of each age and slot times the chance of
// staying, P[k][k] of their band's transition (or crossing, for a band's
// oldest month of age or a new month of duration).
func (pl *plan) stayers(t, k int) []float64 {
	clear(pl.stay)
	for s := 0; s < pl.sl; s++ {
		m := pl.slotTransitions(t, s)
		pl.stayIn(pl.stay[m.to*stride:], pl.slab(pl.cur, s, k), k, m.whole, m.wi, m.ei)
	}
	return pl.stay
}

// stayIn adds to stay the children of category k by age in cur who stay in
// k, by band: whole[wi[b]] is the band's transition, and pl.crossings[ei[b]]
// that of its oldest month of age.
func (pl *plan) stayIn(stay, cur []float64, k int, whole []transition, wi, ei []int) {
	B, n := pl.b, pl.k+pl.r
	for b := 0; b < B; b++ {
		lo, hi := pl.ages(b)
		if b+1 < B {
			stay[hi+1] += cur[hi] * pl.crossings[ei[b]].full[k*n+k]
			hi--
		}
		p := whole[wi[b]].full[k*n+k]
		for a := lo; a <= hi; a++ {
			stay[a+1] += cur[a] * p
		}
	}
}
