package montecarlo

import (
	"slices"

	"github.com/carecast/carecast/model"
)

// entryTables are one month's entrants as tables to draw from.
type entryTables struct {
	lambda []float64 // [route]: expected entrants
	ageCum []float64 // [route][year of age]: cumulative shares
	mixCum []float64 // [route][band][category]: cumulative shares of first placements
}

// entryTables works out the entrants' tables of every month, one for each
// run of months that are alike.
func (tb *tables) entryTables() {
	nr := len(tb.p.Routes)
	tb.entryKind = make([]int, tb.months)
	for t := 0; t < tb.months; t++ {
		e := entryTables{lambda: make([]float64, nr), ageCum: make([]float64, nr*model.AgeYears),
			mixCum: make([]float64, nr*tb.b*tb.k)}
		for ri := 0; ri < nr; ri++ {
			ages := tb.s.Entrants(t, ri)
			e.lambda[ri] = cumulate(e.ageCum[ri*model.AgeYears:(ri+1)*model.AgeYears], ages)
			for b := 0; b < tb.b; b++ {
				cumulate(e.mixCum[(ri*tb.b+b)*tb.k:(ri*tb.b+b+1)*tb.k], tb.s.Mix(t, ri, b))
			}
		}
		if n := len(tb.entries); n > 0 && sameEntries(&tb.entries[n-1], &e) {
			tb.entryKind[t] = n - 1
			continue
		}
		tb.entries = append(tb.entries, e)
		tb.entryKind[t] = len(tb.entries) - 1
	}
}

func sameEntries(a, b *entryTables) bool {
	return slices.Equal(a.lambda, b.lambda) && slices.Equal(a.ageCum, b.ageCum) && slices.Equal(a.mixCum, b.mixCum)
}

// cumulate sets dst to the cumulative shares of the weights w and returns
// their total; all-zero weights leave dst zero.
func cumulate(dst, w []float64) float64 {
	var total float64
	for _, x := range w {
		total += x
	}
	if total <= 0 {
		clear(dst)
		return 0
	}
	var c float64
	for i, x := range w {
		c += x
		dst[i] = c / total
	}
	return total
}

// pick is the index of the first cumulative share above u, or the last
// index with a share if rounding leaves u beyond them all.
func pick(cum []float64, u float64) int {
	for i, c := range cum {
		if u < c {
			return i
		}
	}
	for i := len(cum) - 1; i > 0; i-- {
		if cum[i] > cum[i-1] {
			return i
		}
	}
	return 0
}
