package model

import (
	"gonum.org/v1/gonum/mat"
)

// transition holds one month's transition probabilities for one age band:
// Full over the whole month (for children in care at its start) and Half over
// half of it (for children who enter during it). Each is K rows of K+R
// columns: row i, column j < K is the probability that a child in category i
// at the start is in category j at the end; column K+r is the probability of
// leaving by reason r.
type transition struct {
	band, days int
	rates      []float64 // the intensities it was built from: moves K×K, then exits K×R
	full, half []float64
}

// transitionSet builds and remembers the transitions a projection needs, so
// that the monthly loop only looks them up.
type transitionSet struct {
	k, r int
	list []transition
	// last[b*4+days-28] is the index in list last used for band b and a month
	// of that many days, or −1.
	last []int
	// scratch
	q, e, f *mat.Dense
}

func newTransitionSet(k, r, bands int) *transitionSet {
	n := k + r
	ts := &transitionSet{
		k: k, r: r,
		last: make([]int, bands*4),
		q:    mat.NewDense(n, n, nil),
		e:    mat.NewDense(n, n, nil),
		f:    mat.NewDense(n, n, nil),
	}
	for i := range ts.last {
		ts.last[i] = -1
	}
	return ts
}

// index returns the transition for band b, a month of days days and the
// given intensities (moves K×K then exits K×R, per child-year), building it
// if the band's intensities differ from those last used for that length.
func (ts *transitionSet) index(b, days int, rates []float64) int {
	slot := b*4 + days - 28
	if i := ts.last[slot]; i >= 0 && equal(ts.list[i].rates, rates) {
		return i
	}
	tr := transition{band: b, days: days, rates: append([]float64(nil), rates...)}
	tr.half, tr.full = ts.build(rates, float64(days)/2)
	ts.list = append(ts.list, tr)
	ts.last[slot] = len(ts.list) - 1
	return ts.last[slot]
}

// build returns the transition probabilities over h days and over 2h days:
// exp(Q·h/365.25) and its square, where Q is the intensity matrix with the
// exit reasons as absorbing states.
func (ts *transitionSet) build(rates []float64, h float64) (half, full []float64) {
	k, r := ts.k, ts.r
	n := k + r
	q := ts.q
	q.Zero()
	scale := h / DaysPerYear
	for i := 0; i < k; i++ {
		var out float64
		for j := 0; j < k; j++ {
			if j == i {
				continue
			}
			v := rates[i*k+j] * scale
			q.Set(i, j, v)
			out += v
		}
		for x := 0; x < r; x++ {
			v := rates[k*k+i*r+x] * scale
			q.Set(i, k+x, v)
			out += v
		}
		q.Set(i, i, -out)
	}
	ts.e.Exp(q)
	ts.f.Mul(ts.e, ts.e)
	half = make([]float64, k*n)
	full = make([]float64, k*n)
	for i := 0; i < k; i++ {
		for j := 0; j < n; j++ {
			half[i*n+j] = ts.e.At(i, j)
			full[i*n+j] = ts.f.At(i, j)
		}
	}
	return half, full
}

func equal(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
