package montecarlo

import (
	"github.com/carecast/carecast/model"
)

// intervene carries out the interventions in force in month t at its
// start: each takes min(N, available) children (N rounded at random to a
// whole number) chosen at random from its category and bands, and moves
// them to its category (beyond the places left there, to the overflow) or
// out of care, as exits.
func (s *sim) intervene(t int) {
	p := s.tb.p
	m := p.Start + model.Month(t)
	for n := range p.Interventions {
		iv := &p.Interventions[n]
		if m < iv.Start || m > iv.End {
			continue
		}
		avail := s.count(func(c *child) bool { return s.inIntervention(iv, c) })
		moved := min(s.st.round(iv.Children), avail)
		if moved == 0 {
			continue
		}
		into, over := s.placesFor(iv, m, moved)
		s.choose(avail, moved, func(c *child) bool { return s.inIntervention(iv, c) }, func(i, j int) bool {
			switch {
			case iv.To == model.OutOfCare:
				s.cnt[iv.From]--
				s.exits++
				s.remove(i)
				return true
			case j < into:
				s.moveTo(&s.children[i], iv.To)
			default: // beyond the places: the overflow, or stays if that is where it is
				s.moveTo(&s.children[i], over)
			}
			return false
		})
	}
}

// placesFor is how many of the moved children intervention iv can place
// in its category in month m, the places left there rounded at random if
// it is capped, and where the others go: its overflow.
func (s *tally) placesFor(iv *model.Intervention, m model.Month, moved int) (into, over int) {
	p := s.tb.p
	if ci := capOf(p, iv.To); ci >= 0 {
		if places, ok := p.Capacities[ci].PlacesAt(m); ok {
			return min(moved, s.roundRoom(places-float64(s.cnt[iv.To]))), p.Capacities[ci].Overflow
		}
	}
	return moved, iv.To
}

// inIntervention reports whether child c can be taken by intervention iv.
func (s *sim) inIntervention(iv *model.Intervention, c *child) bool {
	return int(c.cat) == iv.From && inSet(iv.Bands, s.tb.bandOfYear[int(c.age)/12])
}

// moveTo moves child c to category k.
func (s *sim) moveTo(c *child, k int) {
	s.cnt[c.cat]--
	s.cnt[k]++
	c.cat = int8(k)
}

// capacity sends to its overflow, at the end of month t, the children who
// arrived in a full category beyond its places: of those in it who were
// not at the start (entrants and children moved in by the rates), as many
// as take its number beyond the larger of its places and the children who
// stayed, chosen at random.
func (s *sim) capacity(t int) {
	p := s.tb.p
	m := p.Start + model.Month(t)
	for ci := range p.Capacities {
		c := &p.Capacities[ci]
		k := c.Category
		arrivedIn := func(ch *child) bool { return int(ch.cat) == k && (ch.entrant || int(ch.from) != k) }
		send, arrived := s.excess(c, m, func() int { return s.count(arrivedIn) })
		if send == 0 {
			continue
		}
		s.choose(arrived, send, arrivedIn, func(i, _ int) bool {
			ch := &s.children[i]
			kind := arrivedMoved
			if ch.entrant && int(ch.from) == k {
				kind, ch.from = arrivedFirst, int8(c.Overflow)
			} else if ch.entrant {
				kind = arrivedOther
			}
			s.sendOver(kind, k, c.Overflow)
			ch.cat = int8(c.Overflow)
			return false
		})
	}
}

// excess is the number of children who arrived in c's category in month
// m to send to its overflow at the month's end: if it holds more than its
// places, as many of them (arrived() in all) as take its number beyond
// the larger of its places and the children who stayed in it, the places
// left rounded at random; and the number who arrived, if it was needed.
func (s *tally) excess(c *model.Capacity, m model.Month, arrived func() int) (send, n int) {
	places, ok := c.PlacesAt(m)
	k := c.Category
	if !ok || float64(s.cnt[k]) <= places {
		return 0, 0
	}
	n = arrived()
	stayed := s.cnt[k] - n
	keep := s.roundRoom(max(places, float64(stayed)) - float64(stayed))
	return max(n-keep, 0), n
}

// sendOver counts a child who arrived in category k this month, of the
// kind given, as sent to category over instead: in the month's end (a
// move by the rates) or the entrants' categories at the month's end, and
// their first placements if it was first placed in k.
func (s *tally) sendOver(kind, k, over int) {
	switch kind {
	case arrivedMoved:
		shiftInt(s.end, k, over)
	case arrivedFirst:
		shiftInt(s.placed, k, over)
		shiftInt(s.landed, k, over)
	default:
		shiftInt(s.landed, k, over)
	}
	shiftInt(s.cnt, k, over)
}

// count is the number of children for whom ok is true.
func (s *sim) count(ok func(*child) bool) int {
	n := 0
	for i := range s.children {
		if ok(&s.children[i]) {
			n++
		}
	}
	return n
}

// choose picks n of the eligible children, of whom there are avail, at
// random (selection sampling: each with chance needed/left), and calls
// act with each one's index and its order among those chosen; act returns
// true if it took the child out of the list (the last child then takes
// its place, and is looked at next).
func (s *sim) choose(avail, n int, eligible func(*child) bool, act func(i, j int) bool) {
	chosen := 0
	for i := 0; i < len(s.children) && chosen < n; {
		if !eligible(&s.children[i]) {
			i++
			continue
		}
		take := s.st.uniform()*float64(avail) < float64(n-chosen)
		avail--
		if take {
			chosen++
			if act(i, chosen-1) {
				continue
			}
		}
		i++
	}
}

// shiftInt moves one from s[from] to s[to].
func shiftInt(s []int, from, to int) {
	s[from]--
	s[to]++
}

// capOf is the index of the capacity of category k in p, or −1.
func capOf(p *model.Params, k int) int {
	for ci := range p.Capacities {
		if p.Capacities[ci].Category == k {
			return ci
		}
	}
	return -1
}

// inSet reports whether bit i is in the set; an empty set holds everything.
func inSet(set uint64, i int) bool { return set == 0 || set&(1<<uint(i)) != 0 }
