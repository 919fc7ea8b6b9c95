package montecarlo

import "github.com/carecast/carecast/model"

// The kinds of children who arrived in a capped category during a month,
// each with its own count by age: moved in by the rates, entrants first
// placed in it, and entrants first placed elsewhere who moved into it.
const (
	arrivedMoved = iota
	arrivedFirst
	arrivedOther
	arrivedKinds
)

// cellOneByOne is the most children of a cell whose outcomes are drawn one
// at a time, as the children's simulation draws them; a binomial draw of
// those who stay costs more than that for so few.
const cellOneByOne = 3

// cells simulates runs as counts of children by age in months and
// category: each month every cell's children are split over its
// transition row by a multinomial draw. It does the same steps as sim, on
// counts, and draws from the same distribution.
type cells struct {
	tally
	now, next []int32 // [age][category]: the stock, this month and the next
	// arrived is, for each capacity, the children who arrived in its
	// category this month, [kind][age in months at the month's end];
	// capOf is each category's capacity, or −1.
	arrived [][]int32
	capOf   []int
	out     []int // an outcome's children, [outcome of a row]
	byYear  []int // entrants by year of age, one route
	firsts  []int // entrants by [year of age][first placement], all routes
	byMonth []int // entrants' months of age within their year
	months  []float64
	pk      picker
}

func newCells(tb *tables) *cells {
	K := tb.k
	c := &cells{tally: newTally(tb),
		now: make([]int32, model.NAges*K), next: make([]int32, model.NAges*K),
		capOf: make([]int, K), out: make([]int, K+tb.r),
		byYear: make([]int, model.AgeYears), firsts: make([]int, model.AgeYears*K),
		byMonth: make([]int, 12), months: make([]float64, 12)}
	for m := range c.months {
		c.months[m] = float64(m+1) / 12
	}
	for k := range c.capOf {
		c.capOf[k] = capOf(tb.p, k)
	}
	c.arrived = make([][]int32, len(tb.p.Capacities))
	for ci := range c.arrived {
		c.arrived[ci] = make([]int32, arrivedKinds*model.NAges)
	}
	return c
}

// populate puts the initial stock in care as whole children, by a
// systematic draw over its cells in order of age then category.
func (c *cells) populate() int {
	K := c.tb.k
	clear(c.now)
	clear(c.cnt)
	n := 0
	c.st.systematic(c.tb.p.Initial, func(i, x int) {
		c.now[i] = int32(x)
		c.cnt[i%K] += x
		n += x
	})
	return n
}

// begin starts a month's counts, the arrivals in capped categories too.
func (c *cells) begin() {
	c.tally.begin()
	for _, a := range c.arrived {
		clear(a)
	}
}

// moveStock splits each cell's children over its row of the month's
// transition (the crossing at a band's oldest month of age), ages them a
// month, and takes out those who reach 216 months, as age-out.
func (c *cells) moveStock(t int) {
	K := c.tb.k
	tabs := c.tb.ageTable[t*c.tb.kinds*model.NAges:][:model.NAges] // kind 0: no duration classes
	copy(c.start, c.cnt)
	clear(c.cnt)
	clear(c.end)
	clear(c.next)
	for a := 0; a < model.NAges; a++ {
		for k, n := range c.now[a*K : (a+1)*K] {
			if n > 0 {
				c.moveCell(a, k, int(n), tabs[a])
			}
		}
	}
	c.now, c.next = c.next, c.now
}

// moveCell splits the n children of age a in category k over row k of
// table tab, and ages them a month.
func (c *cells) moveCell(a, k, n int, tab int32) {
	c.splitRow(&c.tb.rows[int(tab)*c.tb.k+k], k, n, func(d, x int) { c.land(a+1, k, d, x) })
}

// splitRow splits n children in category k over row rw: the number who
// stay is binomial, the others are split over the row's other outcomes.
// It calls land(d, x) for the x children who end in category d, and
// counts those who leave as exits.
func (c *cells) splitRow(rw *row, k, n int, land func(d, x int)) {
	tb := c.tb
	if n <= cellOneByOne {
		for ; n > 0; n-- {
			if d := tb.drawRow(rw, k, c.st.uniform()); d < tb.k {
				land(d, 1)
			} else {
				c.exits++
			}
		}
		return
	}
	left := c.st.binomial(n, 1-rw.stay)
	land(k, n-left)
	if left == 0 {
		return
	}
	out := c.out[:rw.hi-rw.lo]
	c.st.split(left, rw.stay, tb.cum[rw.lo:rw.hi], out)
	for j, x := range out {
		if x == 0 {
			continue
		}
		out[j] = 0
		if d := int(tb.dest[int(rw.lo)+j]); d < tb.k {
			land(d, x)
		} else {
			c.exits += x
		}
	}
}

// land puts x children of the stock, in category from at the month's
// start, in category d at age a at its end; at 216 months they leave, as
// age-out.
func (c *cells) land(a, from, d, x int) {
	if x == 0 {
		return
	}
	c.end[d] += x
	if a == model.NAges {
		c.exits += x
		return
	}
	c.next[a*c.tb.k+d] += int32(x)
	c.cnt[d] += x
	if ci := c.capOf[d]; ci >= 0 && from != d {
		c.arrived[ci][arrivedMoved*model.NAges+a] += int32(x)
	}
}

// enter draws month t's entrants: a Poisson number by route, split over
// years of age by the route's profile and over first placements by its
// mix for each band; then, for each year of age and first placement,
// over the outcomes of the band's half transition, and those still in
// care evenly over the twelve months of age of their year. One who would
// be 216 months old at the month's end leaves as age-out.
func (c *cells) enter(t int) {
	tb := c.tb
	K, B := tb.k, tb.b
	e := &tb.entries[tb.entryKind[t]]
	clear(c.placed)
	clear(c.landed)
	clear(c.firsts)
	for ri, lambda := range e.lambda {
		n := c.st.poisson(lambda)
		c.entries += n
		clear(c.byYear)
		c.st.split(n, 0, e.ageCum[ri*model.AgeYears:(ri+1)*model.AgeYears], c.byYear)
		for y, ny := range c.byYear {
			if ny > 0 {
				b := tb.bandOfYear[y]
				c.st.split(ny, 0, e.mixCum[(ri*B+b)*K:(ri*B+b+1)*K], c.firsts[y*K:(y+1)*K])
			}
		}
	}
	for i, n := range c.firsts {
		if n > 0 {
			c.placeEntrants(t, i/K, i%K, n)
		}
	}
}

// placeEntrants draws the half month of the n entrants of year of age y
// first placed in category k in month t.
func (c *cells) placeEntrants(t, y, k, n int) {
	tb := c.tb
	c.placed[k] += n
	rw := &tb.rows[int(tb.half[t*tb.b+tb.bandOfYear[y]])*tb.k+k]
	c.splitRow(rw, k, n, func(d, x int) { c.landEntrants(y, k, d, x) })
}

// landEntrants puts x entrants of year of age y, first placed in category
// k, in category d at the month's end, at months of age drawn evenly
// within their year (12y+1 to 12y+12 at the month's end).
func (c *cells) landEntrants(y, k, d, x int) {
	if x == 0 {
		return
	}
	c.landed[d] += x
	clear(c.byMonth)
	c.st.split(x, 0, c.months, c.byMonth)
	ci := c.capOf[d]
	kind := arrivedOther
	if k == d {
		kind = arrivedFirst
	}
	for m, n := range c.byMonth {
		a := 12*y + m + 1
		if n == 0 {
			continue
		}
		if a >= model.NAges {
			c.exits += n
			continue
		}
		c.now[a*c.tb.k+d] += int32(n)
		c.cnt[d] += n
		if ci >= 0 {
			c.arrived[ci][kind*model.NAges+a] += int32(n)
		}
	}
}
