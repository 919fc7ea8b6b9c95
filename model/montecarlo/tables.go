package montecarlo

import (
	"github.com/carecast/carecast/model"
)

// row is one transition row as a table to draw from: the chance of staying
// first (the most likely outcome, so that most draws end with one
// comparison), then the other outcomes that have a chance, with their
// cumulative probabilities, in tables.cum and tables.dest from lo to hi.
type row struct {
	stay   float64
	lo, hi int32
}

// tables are a Schedule's transitions as rows to draw from, shared
// read-only by every run. Outcome d < K is category d, d ≥ K exit reason
// d−K.
type tables struct {
	s          *model.Schedule
	p          *model.Params
	k, b, r    int
	months     int
	rows       []row // [table][category]
	cum        []float64
	dest       []int16
	full, half []int32 // [month][band]: table of the month's transition
	// ageTable is [month][age in months]: the table of the children of
	// that age in care at the month's start (crossings at a band's oldest
	// month of age).
	ageTable   []int32
	bandOfYear [model.AgeYears]int
	entries    []entryTables
	entryKind  []int // [month] into entries
}

// newTables turns s's transitions into rows to draw from, and its entrants
// into tables of routes, ages and first placements.
func newTables(s *model.Schedule) *tables {
	p := s.Params()
	tb := &tables{s: s, p: p, k: p.K(), b: p.B(), r: p.R(), months: p.Horizon,
		bandOfYear: model.BandOfYear(p.Bands)}
	nt := s.Transitions()
	for i := 0; i < nt; i++ {
		full, _ := s.Transition(i)
		tb.addTable(full)
	}
	for i := 0; i < nt; i++ {
		_, half := s.Transition(i)
		tb.addTable(half)
	}
	for i := 0; i < s.Crossings(); i++ {
		tb.addTable(s.Crossing(i))
	}
	tb.monthTables(nt)
	tb.entryTables()
	return tb
}

// addTable appends the rows of a transition, K rows of K+R columns.
func (tb *tables) addTable(tr []float64) {
	n := tb.k + tb.r
	for i := 0; i < tb.k; i++ {
		p := tr[i*n : (i+1)*n]
		rw := row{stay: p[i], lo: int32(len(tb.cum))}
		c := p[i]
		for d, x := range p {
			if d == i || x == 0 {
				continue
			}
			c += x
			tb.cum = append(tb.cum, c)
			tb.dest = append(tb.dest, int16(d))
		}
		rw.hi = int32(len(tb.cum))
		tb.rows = append(tb.rows, rw)
	}
}

// monthTables works out each month's table by band, for the stock and the
// entrants, and by age for the stock; nt is the number of full tables
// (the half tables follow them, then the crossings).
func (tb *tables) monthTables(nt int) {
	T, B := tb.months, tb.b
	tb.full = make([]int32, T*B)
	tb.half = make([]int32, T*B)
	tb.ageTable = make([]int32, T*model.NAges)
	for t := 0; t < T; t++ {
		ages := tb.ageTable[t*model.NAges : (t+1)*model.NAges]
		for b, band := range tb.p.Bands {
			i := tb.s.MonthTransition(t, b)
			tb.full[t*B+b], tb.half[t*B+b] = int32(i), int32(nt+i)
			for a := 12 * band.Min; a <= 12*band.Max+11; a++ {
				ages[a] = int32(i)
			}
			if b+1 < B {
				ages[12*band.Max+11] = int32(2*nt + tb.s.MonthCrossing(t, b))
			}
		}
	}
}

// draw is the outcome of a child in category cat under table tab, for a
// uniform number u: a category, or K + an exit reason.
func (tb *tables) draw(tab int32, cat int, u float64) int {
	rw := &tb.rows[int(tab)*tb.k+cat]
	if u < rw.stay {
		return cat
	}
	cum := tb.cum[rw.lo:rw.hi]
	for j, c := range cum {
		if u < c {
			return int(tb.dest[int(rw.lo)+j])
		}
	}
	// u beyond the last cumulative probability, which rounding can leave
	// a hair below 1: the last outcome with a chance.
	if len(cum) > 0 {
		return int(tb.dest[rw.hi-1])
	}
	return cat
}
