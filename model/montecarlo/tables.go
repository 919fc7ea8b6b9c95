package montecarlo

import (
	"fmt"
	"slices"

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
	full, half []int32 // [month][band]: table of the month's transition, class 0
	// ageTable is [month][kind][age in months]: the table of the children
	// of that kind and age in care at the month's start (crossings at a
	// band's oldest month of age, or a change of duration class). Kind 2c
	// is the children who stay in duration class c through the month, 2c+1
	// those who reach class c+1; slotAt is the offset of each duration
	// slot's kind in a month's tables (kind·NAges), and kinds their
	// number, 2D−1.
	ageTable   []int32
	slotAt     []int32
	kinds      int
	lastSlot   uint8
	initial    []float64 // [slot][age][category]: the initial stock
	bandOfYear [model.AgeYears]int
	entries    []entryTables
	entryKind  []int // [month] into entries
}

// newTables turns s's transitions into rows to draw from, and its entrants
// into tables of routes, ages and first placements.
func newTables(s *model.Schedule) *tables {
	p := s.Params()
	tb := &tables{p: p, k: p.K(), b: p.B(), r: p.R(), months: p.Horizon,
		bandOfYear: model.BandOfYear(p.Bands)}
	tb.slotKinds(s.Slots())
	tb.transitionTables(s)
	tb.entryTables()
	return tb
}

// checkSize is an error if the Params' initial stock or a month's
// expected entrants are beyond what a run can simulate.
func (tb *tables) checkSize() error {
	var initial float64
	for _, x := range tb.p.Initial {
		initial += x
	}
	if initial > MaxInitial {
		return fmt.Errorf("montecarlo: %.4g children in care at the start, at most %g can be simulated", initial, float64(MaxInitial))
	}
	for t, kind := range tb.entryKind {
		var n float64
		for _, x := range tb.entries[kind].lambda {
			n += x
		}
		if n > MaxEntrants {
			return fmt.Errorf("montecarlo: %.4g entrants expected in %v, at most %g a month can be simulated",
				n, tb.p.Start+model.Month(t), float64(MaxEntrants))
		}
	}
	return nil
}

// slotKinds sets the kind of each duration slot (class is each slot's
// class): the last slot keeps its children in its class, a slot below it
// moves them to the next slot, whose class may be the next.
func (tb *tables) slotKinds(class []int) {
	tb.slotAt = make([]int32, len(class))
	for s, c := range class {
		kind := 2 * c
		if s+1 < len(class) && class[s+1] != c {
			kind++
		}
		tb.slotAt[s] = int32(kind * model.NAges)
	}
	tb.kinds = 2*class[len(class)-1] + 1
	tb.lastSlot = uint8(len(class) - 1) // at most 216 slots: bounds are below 216
}

// withTransitions is tb with the transitions of s, a Schedule of the same
// Params but for its rates (Schedule.WithRates), and its initial stock;
// the entrants' tables are shared, and so are the month tables where they
// are alike.
func (tb *tables) withTransitions(s *model.Schedule) *tables {
	out := *tb
	out.rows, out.cum, out.dest = nil, nil, nil
	out.transitionTables(s)
	if slices.Equal(out.full, tb.full) && slices.Equal(out.ageTable, tb.ageTable) {
		out.full, out.half, out.ageTable = tb.full, tb.half, tb.ageTable
	}
	return &out
}

// transitionTables sets tb's rows from s's transitions: the full ones,
// then the half ones, then the crossings.
func (tb *tables) transitionTables(s *model.Schedule) {
	tb.s = s
	tb.initial = s.InitialStock()
	nt := s.Transitions()
	n := (2*nt + s.Crossings()) * tb.k
	tb.rows = make([]row, 0, n)
	tb.cum = make([]float64, 0, n*(tb.k+tb.r-1))
	tb.dest = make([]int16, 0, n*(tb.k+tb.r-1))
	halves := make([][]float64, nt)
	for i := 0; i < nt; i++ {
		var full []float64
		full, halves[i] = s.Transition(i)
		tb.addTable(full)
	}
	for _, half := range halves {
		tb.addTable(half)
	}
	for i := 0; i < s.Crossings(); i++ {
		tb.addTable(s.Crossing(i))
	}
	tb.monthTables(nt)
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
// entrants, and by kind and age for the stock; nt is the number of full
// tables (the half tables follow them, then the crossings).
func (tb *tables) monthTables(nt int) {
	T, B := tb.months, tb.b
	tb.full = make([]int32, T*B)
	tb.half = make([]int32, T*B)
	tb.ageTable = make([]int32, T*tb.kinds*model.NAges)
	for t := 0; t < T; t++ {
		for b := 0; b < B; b++ {
			i := tb.s.MonthTransition(t, b)
			tb.full[t*B+b], tb.half[t*B+b] = int32(i), int32(nt+i)
		}
		for kind := 0; kind < tb.kinds; kind++ {
			tb.kindTables(t, kind, nt, tb.ageTable[(t*tb.kinds+kind)*model.NAges:][:model.NAges])
		}
	}
}

// kindTables sets ages to the tables, by age in months, of the children of
// kind kind in care at the start of month t (see tables.ageTable).
func (tb *tables) kindTables(t, kind, nt int, ages []int32) {
	s, d, B := tb.s, kind/2, tb.b
	cross := int32(2 * nt) // the first crossing's table
	for b, band := range tb.p.Bands {
		var whole, edge int32
		if kind%2 == 0 {
			whole = int32(s.MonthTransitionOf(t, d, b))
			if b+1 < B {
				edge = cross + int32(s.MonthCrossingOf(t, d, b))
			}
		} else {
			whole = cross + int32(s.MonthDurationCrossing(t, d, b))
			if b+1 < B {
				edge = cross + int32(s.MonthBothCrossing(t, d, b))
			}
		}
		for a := 12 * band.Min; a <= 12*band.Max+11; a++ {
			ages[a] = whole
		}
		if b+1 < B {
			ages[12*band.Max+11] = edge
		}
	}
}

// draw is the outcome of a child in category cat under table tab, for a
// uniform number u: a category, or K + an exit reason.
func (tb *tables) draw(tab int32, cat int, u float64) int {
	return tb.drawRow(&tb.rows[int(tab)*tb.k+cat], cat, u)
}

// drawRow is the outcome of a child in category cat whose row is rw, for
// a uniform number u.
func (tb *tables) drawRow(rw *row, cat int, u float64) int {
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
