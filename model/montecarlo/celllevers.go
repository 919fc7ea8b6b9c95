package montecarlo

import "github.com/carecast/carecast/model"

// intervene carries out the interventions in force in month t at its
// start, on counts, as sim.intervene does on children: each takes
// min(N, available) children (N rounded at random) chosen at random from
// its category and bands, and moves them to its category (beyond the
// places left there, to the overflow) or out of care, as exits.
func (c *cells) intervene(t int) {
	p := c.tb.p
	K := c.tb.k
	m := p.Start + model.Month(t)
	for n := range p.Interventions {
		iv := &p.Interventions[n]
		if m < iv.Start || m > iv.End {
			continue
		}
		avail := c.pk.reset(model.NAges, func(a int) int {
			if !inSet(iv.Bands, c.tb.bandOfYear[a/12]) {
				return 0
			}
			return int(c.now[a*K+iv.From])
		})
		moved := min(c.st.round(iv.Children), avail)
		if moved == 0 {
			continue
		}
		into, over := c.placesFor(iv, m, moved)
		for j := 0; j < moved; j++ {
			a := c.pk.take(c.st.intn(avail - j))
			c.now[a*K+iv.From]--
			c.cnt[iv.From]--
			to := over
			switch {
			case iv.To == model.OutOfCare:
				c.exits++
				continue
			case j < into:
				to = iv.To
			}
			c.now[a*K+to]++
			c.cnt[to]++
		}
	}
}

// capacity sends to its overflow, at the end of month t, the children who
// arrived in a full category beyond its places, on counts, as
// sim.capacity does on children: chosen at random from those who arrived
// (by kind and age).
func (c *cells) capacity(t int) {
	p := c.tb.p
	K := c.tb.k
	m := p.Start + model.Month(t)
	for ci := range p.Capacities {
		cp := &p.Capacities[ci]
		arrived := c.arrived[ci]
		send, n := c.excess(cp, m, func() int {
			return c.pk.reset(len(arrived), func(i int) int { return int(arrived[i]) })
		})
		for j := 0; j < send; j++ {
			i := c.pk.take(c.st.intn(n - j))
			kind, a := i/model.NAges, i%model.NAges
			c.sendOver(kind, cp.Category, cp.Overflow)
			c.now[a*K+cp.Category]--
			c.now[a*K+cp.Overflow]++
		}
	}
}
