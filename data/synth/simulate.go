package synth

import (
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/carecast/carecast/data"
	"github.com/carecast/carecast/model"
)

// firstID is the identifier of the first child; the others follow in
// the order they came into care (the initial stock first).
const firstID = 1000001

// run simulates the initial stock, then month by month the entries and the
// short breaks.
func (s *sim) run() {
	p := s.p
	s.initialStock()
	first := model.MonthOf(s.opt.LastYear-s.opt.Years-s.opt.WarmUp, time.April)
	months := 12 * (s.opt.WarmUp + s.opt.Years)
	// Short breaks matter only in the returns; a series lasts under a year.
	sbFrom := max(0, months-12*(s.opt.Years+1))
	for t := 0; t < months; t++ {
		m := first + model.Month(t)
		start, days := data.CivilDay(m.Year(), m.Calendar(), 1), m.Days()
		var expected float64
		for ri := range p.Routes {
			r := &p.Routes[ri]
			mean := r.PerMonth * s.opt.Scale * math.Pow(1+r.Trend, float64(t)/12) * s.opt.entryFactor(m)
			expected += mean
			for n := poisson(s.rng, mean); n > 0; n-- {
				s.entrant(ri, start, days)
			}
		}
		if s.opt.ShortBreakShare > 0 && t >= sbFrom {
			// expected episodes ÷ 3.5 breaks a child on average
			mean := s.opt.ShortBreakShare / (1 - s.opt.ShortBreakShare) * expected / 3.5
			for n := poisson(s.rng, mean); n > 0; n-- {
				s.shortBreaks(start, days)
			}
		}
	}
}

// initialStock places p.Initial × Scale on the first day of the warm-up.
func (s *sim) initialStock() {
	K := s.K
	y, _, _ := s.warm.Civil()
	march := model.MonthOf(y, time.March) // the stock is at the end of March
	initRoute := s.initialRoutes()
	for a := 0; a < model.NAges; a++ {
		born := march - model.Month(a)
		bornStart, bornDays := data.CivilDay(born.Year(), born.Calendar(), 1), born.Days()
		for k := 0; k < K; k++ {
			x := s.p.Initial[a*K+k] * s.opt.Scale
			n := int(x)
			if frac := x - float64(n); frac > 0 && s.rng.Float64() < frac {
				n++
			}
			for ; n > 0; n-- {
				dob := bornStart + data.Day(s.rng.IntN(bornDays))
				from := max(dob, s.warm-3*365)
				decom := from + data.Day(s.rng.IntN(int(s.warm-from)))
				ri := draw(initRoute[a/12], s.rng.Float64())
				s.child(dob, ri, float64(s.warm), decom, k)
			}
		}
	}
}

// initialRoutes returns, by year of age, the cumulative weights of the
// routes the initial stock is taken to have come by: the routes' entries
// at that age, among the routes the mapping can express.
func (s *sim) initialRoutes() [][]float64 {
	n := len(s.p.Routes)
	out := make([][]float64, model.AgeYears)
	for y := range out {
		w := make([]float64, n)
		var tot float64
		for pass := 0; pass < 3 && tot == 0; pass++ {
			for ri, r := range s.p.Routes {
				if !s.routeOK[ri] {
					continue
				}
				switch pass {
				case 0: // entries at this age
					prev := 0.0
					if y > 0 {
						prev = s.ageCum[ri][y-1]
					}
					w[ri] = r.PerMonth * (s.ageCum[ri][y] - prev)
				case 1: // entries at any age
					w[ri] = r.PerMonth
				default: // any route the mapping can express
					w[ri] = 1
				}
				tot += w[ri]
			}
		}
		cumulate(w, w)
		out[y] = w
	}
	return out
}

// entrant simulates a child entering by route ri in the month starting on
// day start.
func (s *sim) entrant(ri int, start data.Day, days int) {
	t := float64(start) + s.rng.Float64()*float64(days)
	d := min(data.Day(math.Floor(t)), start+data.Day(days)-1)
	y := draw(s.ageCum[ri][:], s.rng.Float64())
	// born on a uniform day among those that make the child y on day d
	latest := d.AddYears(-y)
	earliest := d.AddYears(-(y + 1)) + 1
	dob := latest - data.Day(s.rng.IntN(int(latest-earliest)+1))
	for dob.AddYears(model.AgeYears) <= d { // only for 29 February
		dob++
	}
	b := s.bandOf[y]
	k := draw(s.firstCum[ri][b*s.K:(b+1)*s.K], s.rng.Float64())
	s.child(dob, ri, t, d, k)
}

// child simulates a child from time t (in days, continuous) in category k,
// whose period of care began on day decom by route ri, until they leave
// care or the simulation ends, and keeps them if they are in the returns.
func (s *sim) child(dob data.Day, ri int, t float64, decom data.Day, k int) {
	K, B := s.K, s.B
	uasc := ri == s.uascRoute
	sex := s.sex(uasc)
	st := s.starts[ri]
	first := st[drawOpening(st, s.rng.Float64())]
	for b := 0; b < B; b++ {
		s.bStart[b] = dob.AddYears(s.p.Bands[b].Min)
	}
	b18 := dob.AddYears(model.AgeYears)
	s.bStart[B] = b18
	pl := s.place(k)
	s.buf = append(s.buf[:0], episode{start: decom, end: data.NoDay, rne: s.cS, ls: first.ls, cin: first.cin, place: pl.place, provider: pl.provider})
	for c, n := range s.opt.Durations.Bounds {
		s.cStart[c] = float64(monthsOn(decom, n))
	}
	endT, b18T := float64(s.end), float64(b18)
	band, class := 0, 0
	for {
		for band+1 < B && t >= float64(s.bStart[band+1]) {
			band++
		}
		next := math.Min(float64(s.bStart[band+1]), endT)
		for class < len(s.cStart) && t >= s.cStart[class] {
			class++
		}
		if class < len(s.cStart) {
			next = math.Min(next, s.cStart[class])
		}
		cell := (class*B+band)*K + k
		if tot := s.total[cell]; tot > 0 {
			if dt := s.rng.ExpFloat64() / tot; t+dt < next {
				t += dt
				var left bool
				if k, left = s.happen(s.event(cell, tot), t, b18, k); left {
					s.keep(dob, sex, uasc)
					return
				}
				continue
			}
		}
		t = next
		if t >= endT {
			break // still in care at the end
		}
		if t >= b18T {
			s.exit(b18T, s.ageOutRecs)
			break
		}
	}
	s.keep(dob, sex, uasc)
}

// sex draws a child's sex (1 male, 2 female): 52% are boys, 90% of
// unaccompanied asylum seekers.
func (s *sim) sex(uasc bool) int8 {
	male := 0.52
	if uasc {
		male = 0.9
	}
	if s.rng.Float64() < male {
		return 1
	}
	return 2
}

// happen records event e of a child in category k at time t, their 18th
// birthday being b18: a move to category e, an exit, a legal-status change
// or a placement change within k. It returns the child's category after
// it, and whether they left care.
func (s *sim) happen(e int, t float64, b18 data.Day, k int) (int, bool) {
	K, R := s.K, s.R
	cur := s.buf[len(s.buf)-1]
	switch {
	case e < K: // a move: a new placement and carer (P), with a new legal status too (B) for some
		rne, ls := s.cP, cur.ls
		if s.rng.Float64() < 0.15 {
			rne, ls = s.cB, s.nextLS[cur.ls]
		}
		s.change(t, b18, rne, ls, s.place(e), s.placeReason())
		return e, false
	case e < K+R:
		s.exit(t, s.recs[e-K])
		return k, true
	case e == K+R:
		s.change(t, b18, s.cL, s.nextLS[cur.ls], placement{cur.place, cur.provider}, 0)
	default: // a new placement in the category: a new carer (P), or the same carer (T) for some
		rne := s.cP
		if s.rng.Float64() < 0.2 {
			rne = s.cT
		}
		s.change(t, b18, rne, cur.ls, s.place(k), s.placeReason())
	}
	return k, false
}

// event picks the event of state cell that happened.
func (s *sim) event(cell int, tot float64) int {
	u := s.rng.Float64() * tot
	c := s.cum[cell*s.E : (cell+1)*s.E]
	for e, v := range c {
		if u < v {
			return e
		}
	}
	return s.lastPos[cell]
}

// place picks a PLACE and PLACE_PROVIDER of category k.
func (s *sim) place(k int) placement {
	l := s.places[k]
	if len(l) == 1 {
		return l[0]
	}
	return l[s.rng.IntN(len(l))]
}

// placeReason picks a REASON_PLACE_CHANGE.
func (s *sim) placeReason() uint16 {
	return s.reasons[draw(s.reasonCum, s.rng.Float64())]
}

// change ends the current episode at time t and starts one with the given
// codes. It starts the day after the current one if t falls on the day
// that one started; if that would be on or after the 18th birthday or
// after the simulation's end, the current episode takes the new codes
// instead (it needs two events in a day to happen).
func (s *sim) change(t float64, b18 data.Day, rne, ls uint16, pl placement, reason uint16) {
	cur := &s.buf[len(s.buf)-1]
	d := data.Day(math.Floor(t))
	if d <= cur.start {
		d = cur.start + 1
	}
	if d >= b18 || d >= s.end {
		cur.ls, cur.place, cur.provider = ls, pl.place, pl.provider
		return
	}
	cur.end, cur.rec = d, s.cX1
	s.buf = append(s.buf, episode{start: d, end: data.NoDay, rne: rne, ls: ls, cin: cur.cin,
		place: pl.place, provider: pl.provider, reason: reason})
}

// exit ends the period at time t with one of the REC codes.
func (s *sim) exit(t float64, recs []uint16) {
	cur := &s.buf[len(s.buf)-1]
	cur.end = max(data.Day(math.Floor(t)), cur.start)
	cur.rec = recs[s.rng.IntN(len(recs))]
}

// shortBreaks simulates a disabled child's series of short breaks, the
// first in the month starting on day start.
func (s *sim) shortBreaks(start data.Day, days int) {
	d := start + data.Day(s.rng.IntN(days))
	dob := d - data.Day((5+11.5*s.rng.Float64())*model.DaysPerYear)
	b18 := dob.AddYears(model.AgeYears)
	var sex int8 = 2
	if s.rng.Float64() < 0.65 {
		sex = 1
	}
	n := 1 + s.rng.IntN(6)
	s.buf = s.buf[:0]
	for i := 0; i < n && d < s.end; i++ {
		end := d + 1 + data.Day(s.rng.IntN(4))
		if end >= b18-2*data.Over18Grace {
			break
		}
		pl := s.sbPlaces[s.rng.IntN(len(s.sbPlaces))]
		s.buf = append(s.buf, episode{start: d, end: end, rne: s.cS, ls: s.cV3, cin: s.cN2,
			place: pl.place, provider: pl.provider, rec: s.cE13})
		d = end + 14 + data.Day(s.rng.IntN(43))
	}
	if len(s.buf) > 0 {
		s.keep(dob, sex, false)
	}
}

// keep adds the child in s.buf to the returns if any of their episodes is
// open during the years of the returns, with the episodes that are; an
// episode ending after the last return's 31 March is open in it.
func (s *sim) keep(dob data.Day, sex int8, uasc bool) {
	last := s.end - 1
	buf := s.buf
	lo := 0
	for lo < len(buf) && buf[lo].end != data.NoDay && buf[lo].end < s.first {
		lo++
	}
	hi := len(buf)
	for hi > lo && buf[hi-1].start > last {
		hi--
	}
	if lo == hi {
		return
	}
	s.kids = append(s.kids, kid{dob: dob, sex: sex, uasc: uasc, first: int32(len(s.eps))})
	if n := hi - lo; cap(s.eps)-len(s.eps) < n {
		s.eps = slices.Grow(s.eps, max(n, len(s.eps))) // double: append grows large slices by a quarter
	}
	for _, e := range buf[lo:hi] {
		if e.end != data.NoDay && e.end > last {
			e.end, e.rec = data.NoDay, 0
		}
		s.eps = append(s.eps, e)
	}
}

// returns builds the data.Returns.
func (s *sim) returns() *data.Returns {
	r := &data.Returns{Children: make([]data.Child, len(s.kids)), Episodes: make([]data.Episode, len(s.eps))}
	codes := make([]data.Code, len(s.codes))
	for i, c := range s.codes {
		codes[i] = data.CodeOf(c)
	}
	for i, k := range s.kids {
		c := &r.Children[i]
		c.ID = strconv.Itoa(firstID + i)
		c.Sex, c.DOB, c.UASC = int(k.sex), k.dob.Time(), k.uasc
		if k.uasc {
			c.DUC = k.dob.AddYears(model.AgeYears).Time()
		}
		hi := int32(len(s.eps))
		if i+1 < len(s.kids) {
			hi = s.kids[i+1].first
		}
		for j := k.first; j < hi; j++ {
			e := &s.eps[j]
			r.Episodes[j] = data.Episode{Child: i, Start: e.start, End: e.end,
				RNE: codes[e.rne], LS: codes[e.ls], CIN: codes[e.cin], Place: codes[e.place],
				Provider: codes[e.provider], REC: codes[e.rec], ReasonPlaceChange: codes[e.reason]}
		}
	}
	return r
}
