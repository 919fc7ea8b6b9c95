package montecarlo

import (
	"math"

	"github.com/carecast/carecast/model"
)

// child is one child in care in a run: age in whole months at the start of
// the month, duration slot (its whole months in care, up to the last slot;
// see model.Schedule.Slots), category, and, for the capacity rule, where
// the month started
// (from: the category after the interventions, or an entrant's first
// placement) and whether it entered this month.
type child struct {
	age     int16
	dur     uint8
	cat     int8
	from    int8
	entrant bool
}

// runner simulates runs one after the other, a month at a time; each
// worker has its own. Its buffers are made once and reused by every run,
// so a run allocates nothing per child, cell or month (only its own
// tables, with uncertainty).
type runner interface {
	// rand is the runner's random stream, seeded for each run.
	rand() *stream
	// use sets the tables of the next run.
	use(tb *tables)
	// populate puts the initial stock in care and returns its number.
	populate() int
	// The steps of a month, in the model's order (see month); begin
	// starts its counts.
	begin()
	intervene(t int)
	moveStock(t int)
	enter(t int)
	capacity(t int)
	record(t int, out record)
}

// month simulates month t by r, the model's steps in the model's order,
// and records it in out.
func month(r runner, t int, out record) {
	r.begin()
	r.intervene(t)
	r.moveStock(t)
	r.enter(t)
	r.capacity(t)
	r.record(t, out)
}

// tally is a month's counts, kept alike by both simulators.
type tally struct {
	tb  *tables
	st  *stream
	cnt []int // [category]: children in it now
	// This month's children by category: at the start (after the
	// interventions) and at the end of those in care at its start; the
	// entrants' first placements and their categories at the month's end.
	start, end, placed, landed []int
	childDays                  []float64
	entries, exits             int
}

func newTally(tb *tables) tally {
	K := tb.k
	return tally{tb: tb, st: newStream(), cnt: make([]int, K),
		start: make([]int, K), end: make([]int, K), placed: make([]int, K), landed: make([]int, K),
		childDays: make([]float64, K)}
}

func (s *tally) rand() *stream  { return s.st }
func (s *tally) use(tb *tables) { s.tb = tb }

// sim simulates runs children one at a time.
type sim struct {
	tally
	children []child
}

func newSim(tb *tables) *sim { return &sim{tally: newTally(tb)} }

// populate puts the initial stock in care as whole children, by a
// systematic draw over its cells in order of duration slot, age, then
// category.
func (s *sim) populate() int {
	K := s.tb.k
	s.children = s.children[:0]
	clear(s.cnt)
	s.st.systematic(s.tb.initial, func(i, n int) {
		a := i / K
		c := child{age: int16(a % model.NAges), dur: uint8(a / model.NAges), cat: int8(i % K)}
		s.cnt[i%K] += n
		for ; n > 0; n-- {
			s.children = append(s.children, c)
		}
	})
	return len(s.children)
}

// begin starts a month's counts.
func (s *tally) begin() { s.entries, s.exits = 0, 0 }

// remove takes child i out of care.
func (s *sim) remove(i int) {
	last := len(s.children) - 1
	s.children[i] = s.children[last]
	s.children = s.children[:last]
}

// moveStock draws each child's month from its row of the month's
// transition for its duration class and band (the crossing at a band's
// oldest month of age or a change of class) and ages it by a month in age
// and in care; a child who reaches 216 months leaves as age-out.
func (s *sim) moveStock(t int) {
	tb := s.tb
	K := tb.k
	tabs := tb.ageTable[t*tb.kinds*model.NAges : (t+1)*tb.kinds*model.NAges]
	slotAt, last := tb.slotAt, tb.lastSlot
	copy(s.start, s.cnt)
	clear(s.end)
	for i := 0; i < len(s.children); {
		c := &s.children[i]
		from := int(c.cat)
		c.from, c.entrant = c.cat, false
		d := tb.draw(tabs[int(slotAt[c.dur])+int(c.age)], from, s.st.uniform())
		s.cnt[from]--
		if d >= K {
			s.exits++
			s.remove(i)
			continue
		}
		s.end[d]++
		c.age++
		if c.dur < last {
			c.dur++
		}
		if c.age == model.NAges {
			s.exits++
			s.remove(i)
			continue
		}
		c.cat = int8(d)
		s.cnt[d]++
		i++
	}
}

// enter draws month t's entrants: a Poisson number by route, each one's
// year of age by the route's profile and month of age evenly within it,
// its first placement by the route's mix for its band, and its half month
// from the band's half transition; one who would be 216 months old at the
// month's end leaves as age-out.
func (s *sim) enter(t int) {
	tb := s.tb
	K, B := tb.k, tb.b
	e := &tb.entries[tb.entryKind[t]]
	clear(s.placed)
	clear(s.landed)
	for ri, lambda := range e.lambda {
		n := s.st.poisson(lambda)
		s.entries += n
		ageCum := e.ageCum[ri*model.AgeYears : (ri+1)*model.AgeYears]
		for ; n > 0; n-- {
			y := pick(ageCum, s.st.uniform())
			b := tb.bandOfYear[y]
			k := pick(e.mixCum[(ri*B+b)*K:(ri*B+b+1)*K], s.st.uniform())
			s.placed[k]++
			age := 12*y + int(12*s.st.uniform()) + 1 // at the month's end
			d := tb.draw(tb.half[t*B+b], k, s.st.uniform())
			if d >= K {
				s.exits++
				continue
			}
			s.landed[d]++
			if age >= model.NAges {
				s.exits++
				continue
			}
			s.children = append(s.children, child{age: int16(age), cat: int8(d), from: int8(k), entrant: true})
			s.cnt[d]++
		}
	}
}

// record stores month t's children by category, entries, exits and cost.
func (s *tally) record(t int, out record) {
	K := s.tb.k
	days := float64((s.tb.p.Start + model.Month(t)).Days())
	for k := 0; k < K; k++ {
		out.cat[t*K+k] = int32(s.cnt[k])
		s.childDays[k] = days*float64(s.start[k]+s.end[k])/2 + days/2*float64(s.placed[k]+s.landed[k])/2
	}
	out.entries[t] = int32(s.entries)
	out.exits[t] = int32(s.exits)
	out.cost[t] = s.tb.s.Cost(t, s.childDays)
}

// roundRoom is the places left, room, as whole children: rounded at
// random (see stream.round), not below zero.
func (s *tally) roundRoom(room float64) int {
	return s.st.round(math.Max(room, 0))
}
