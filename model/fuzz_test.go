package model

import (
	"bytes"
	"math"
	"testing"
)

// fuzzBytes reads fuzz input a byte at a time; past its end every byte is 0.
type fuzzBytes struct {
	b []byte
	i int
}

func (s *fuzzBytes) next() byte {
	if s.i >= len(s.b) {
		return 0
	}
	s.i++
	return s.b[s.i-1]
}

// intn is a whole number from 0 to n−1.
func (s *fuzzBytes) intn(n int) int { return int(s.next()) % n }

// frac is a number from 0 to 1, both ends included.
func (s *fuzzBytes) frac() float64 { return float64(s.next()) / 255 }

// upTo is a number from 0 to max, small numbers likelier: max·frac⁴.
func (s *fuzzBytes) upTo(max float64) float64 { return max * math.Pow(s.frac(), 4) }

// between is a number from lo to hi, lo excluded if open.
func (s *fuzzBytes) between(lo, hi float64, open bool) float64 {
	f := s.frac()
	if open {
		f = (float64(s.next()) + 1) / 256
	}
	return lo + (hi-lo)*f
}

var fuzzBands = [][]Band{
	{{"0-17", 0, 17}},
	{{"0-4", 0, 4}, {"5-17", 5, 17}},
	{{"0", 0, 0}, {"1-4", 1, 4}, {"5-9", 5, 9}, {"10-15", 10, 15}, {"16-17", 16, 17}},
}

// fuzzParams builds valid Params from fuzz bytes: one to four categories,
// one of three sets of bands, up to three exit reasons, routes, changes
// and interventions, every number within its bound, over 1 to 256 months
// or the longest horizon.
func fuzzParams(data []byte) *Params {
	s := &fuzzBytes{b: data}
	K, R := 1+s.intn(4), s.intn(4)
	bands := fuzzBands[s.intn(len(fuzzBands))]
	B := len(bands)
	p := &Params{
		Start:      MonthOf(2000+s.intn(50), 1) + Month(s.intn(12)),
		Horizon:    1 + s.intn(256),
		Categories: []string{"a", "b", "c", "d"}[:K],
		Bands:      bands,
		Reasons:    []string{"home", "adopted", "other"}[:R],
	}
	if s.next() == 255 {
		p.Horizon = MaxHorizon
	}
	p.Exit = make([]float64, R*B*K)
	for i := range p.Exit {
		p.Exit[i] = s.upTo(MaxRate)
	}
	p.Move = make([]float64, B*K*K)
	for i := range p.Move {
		if to, from := i%K, (i/K)%K; to != from {
			p.Move[i] = s.upTo(MaxRate)
		}
	}
	p.Initial = make([]float64, NAges*K)
	for k := 0; k < K; k++ {
		level := s.upTo(MaxStock)
		for a := 0; a < NAges; a++ {
			p.Initial[a*K+k] = level * float64((a*7+k*3)%5) / 4
		}
	}
	for n := s.intn(4); n > 0; n-- {
		p.Routes = append(p.Routes, fuzzRoute(s, p))
	}
	for n := s.intn(4); n > 0; n-- {
		p.Changes = append(p.Changes, fuzzChange(s, p))
	}
	for n := s.intn(3); n > 0 && K > 1; n-- {
		p.Interventions = append(p.Interventions, fuzzIntervention(s, p))
	}
	fuzzCosts(s, p)
	if K > 1 && s.next()%2 == 1 {
		p.Capacities = []Capacity{fuzzCapacity(s, p)}
	}
	if s.next()%2 == 1 {
		fuzzDurations(s, p)
	}
	return p
}

// fuzzDurations gives p up to five duration classes, factors of exits and
// moves from 0.1 to 10 by class, perhaps a split of the initial stock by
// class, and limits its changes of exits and moves to some classes.
func fuzzDurations(s *fuzzBytes, p *Params) {
	for b, n := 0, 1+s.intn(5); n > 0; n-- {
		b += 1 + s.intn(30)
		if b >= NAges {
			break
		}
		p.DurationBounds = append(p.DurationBounds, b)
	}
	D, K := p.D(), p.K()
	factor := func() float64 { return math.Pow(10, s.between(-1, 1, false)) }
	p.ExitDuration = make([]float64, p.R()*D)
	for i := range p.ExitDuration {
		p.ExitDuration[i] = factor()
	}
	if s.next()%2 == 1 {
		p.MoveDuration = make([]float64, D)
		for d := range p.MoveDuration {
			p.MoveDuration[d] = factor()
		}
	}
	if s.next()%2 == 1 {
		weights := make([]float64, D)
		for d := range weights {
			weights[d] = 1 + s.upTo(10)
		}
		total := sum(weights)
		p.InitialDuration = make([]float64, D*NAges*K)
		for d, w := range weights {
			for i, x := range p.Initial {
				p.InitialDuration[d*NAges*K+i] = x * w / total
			}
		}
	}
	for i := range p.Changes {
		if c := &p.Changes[i]; c.Lever == LeverExit || c.Lever == LeverMove {
			c.Durations = uint64(s.next()) & (1<<D - 1)
		}
	}
}

// fuzzCapacity caps one category, overflowing into another, with one to
// three steps of places that may rise or fall.
func fuzzCapacity(s *fuzzBytes, p *Params) Capacity {
	K := p.K()
	k := s.intn(K)
	c := Capacity{Category: k, Overflow: (k + 1 + s.intn(K-1)) % K}
	from := p.Start - 2 + Month(s.intn(12))
	for n := 1 + s.intn(3); n > 0; n-- {
		c.Places = append(c.Places, Places{From: from, Places: s.upTo(MaxPlaces)})
		from += 1 + Month(s.intn(24))
	}
	return c
}

func fuzzRoute(s *fuzzBytes, p *Params) Route {
	K := p.K()
	r := Route{Name: "route", PerMonth: s.upTo(MaxEntriesPerMonth), Trend: s.between(MinTrend, MaxTrend, true)}
	for y := range r.AgeProfile {
		r.AgeProfile[y] = s.upTo(MaxWeight)
	}
	if sum(r.AgeProfile[:]) == 0 {
		r.AgeProfile[s.intn(AgeYears)] = 1
	}
	r.FirstPlacement = make([]float64, p.B()*K)
	for b := range p.Bands {
		row := r.FirstPlacement[b*K : (b+1)*K]
		for k := range row {
			row[k] = s.upTo(MaxWeight)
		}
		if sum(row) == 0 {
			row[s.intn(K)] = 1
		}
	}
	return r
}

// fuzzChange is a change of any lever; its factor is at most 10, so that
// three changes of one rate compound to at most MaxFactor.
func fuzzChange(s *fuzzBytes, p *Params) RateChange {
	c := RateChange{Name: "change", Lever: Lever(s.intn(4))}
	switch c.Lever {
	case LeverEntries:
		c.Index = s.intn(len(p.Routes)+1) - 1
	case LeverExit:
		c.Index = s.intn(p.R()+1) - 1
	case LeverMove:
		c.From, c.To = s.intn(p.K()+1)-1, s.intn(p.K()+1)-1
	case LeverFirstPlacement:
		c.Index = s.intn(p.K())
	}
	c.Bands = uint64(s.next()) & (1<<p.B() - 1)
	c.Categories = uint64(s.next()) & (1<<p.K() - 1)
	from := p.Start + Month(s.intn(24))
	c.Ramp = Ramp{From: from, To: from + Month(s.intn(12)), Factor: 0}
	if x := s.next(); x > 0 {
		c.Ramp.Factor = math.Pow(10, 2*float64(x)/255-1)
	}
	return c
}

func fuzzIntervention(s *fuzzBytes, p *Params) Intervention {
	K := p.K()
	from := s.intn(K)
	start := p.Start + Month(s.intn(24))
	iv := Intervention{
		Name: "intervention", From: from, To: (from + 1 + s.intn(K-1)) % K,
		Bands:    uint64(s.next()) & (1<<p.B() - 1),
		Children: s.upTo(MaxChildren),
		Start:    start, End: start + Month(s.intn(36)),
	}
	if p.R() > 0 && s.next()%3 == 0 { // out of care
		iv.To, iv.ToReason = OutOfCare, s.intn(p.R())
	}
	return iv
}

func fuzzCosts(s *fuzzBytes, p *Params) {
	K := p.K()
	p.Costs = Costs{Weekly: make([]float64, K), Uplift: make([]float64, K), PriceYear: p.Start.Year() - 2 + s.intn(5)}
	for k := 0; k < K; k++ {
		p.Costs.Weekly[k] = s.upTo(MaxWeeklyCost)
		p.Costs.Uplift[k] = s.between(MinUplift, MaxUplift, false)
	}
	for n := s.intn(3); n > 0; n-- {
		pc := PriceChange{Name: "price", Category: s.intn(K), From: p.Start + Month(s.intn(24)),
			Change: s.between(MinPriceChange, MaxPriceChange/4, false)}
		if s.next()%2 == 1 {
			pc.Weekly = s.upTo(MaxWeeklyCost)
		}
		p.Costs.PriceChanges = append(p.Costs.PriceChanges, pc)
	}
	if s.next()%2 == 1 {
		from := p.Start + Month(s.intn(24))
		p.Costs.Fixed = []FixedCost{{Name: "team", Annual: s.upTo(MaxAnnual), From: from, To: from + Month(s.intn(48))}}
	}
}

// FuzzConservation projects valid Params built from the fuzz bytes (with
// interventions out of care, capacities, price changes and duration
// classes among them) and
// requires that every month conserves children (in care at its end = at
// its start + entries − exits, within 1e-9 of the month's gross numbers),
// that the totals by category, by band and by duration class agree, that a capped category
// holds at most the larger of its places and its number at the month's
// start, and that no number in the Result is NaN or infinite.
func FuzzConservation(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{3, 2, 2, 0, 5, 40, 0})
	f.Add(bytes.Repeat([]byte{0xff}, 2000)) // every value at its largest, over the longest horizon
	f.Add([]byte("a council with several routes, changes and interventions, in words: 0123456789abcdefghijklmnopqrstuvwxyz"))
	f.Add(append(bytes.Repeat([]byte{7, 200, 31}, 120), 1, 3, 9, 27, 81, 243, 1, 1, 1)) // with duration classes, factors and a split stock
	f.Fuzz(func(t *testing.T, data []byte) {
		p := fuzzParams(data)
		if err := p.Validate(); err != nil {
			t.Fatalf("fuzzParams built invalid params: %v", err)
		}
		res, err := Project(p)
		if err != nil {
			t.Fatal(err)
		}
		checkFinite(t, res)
		checkConserved(t, res, 1e-9)
		for m := 0; m < res.Months; m++ {
			in := res.InCare[m]
			tol := 1e-9 * math.Max(1, in)
			if d := in - sum(res.CategoryRow(m)); math.Abs(d) > tol {
				t.Fatalf("month %v: in care %v ≠ sum of categories (off by %g)", res.Month(m), in, d)
			}
			if d := in - sum(res.BandCategoryRow(m)); math.Abs(d) > tol {
				t.Fatalf("month %v: in care %v ≠ sum of bands (off by %g)", res.Month(m), in, d)
			}
			if d := in - sum(res.DurationRow(m)); math.Abs(d) > tol {
				t.Fatalf("month %v: in care %v ≠ sum of duration classes (off by %g)", res.Month(m), in, d)
			}
			checkCapacity(t, res, m)
		}
	})
}

// checkCapacity fails the test if, in month m, a capped category holds
// more than the larger of its places and its number at the month's start,
// beyond rounding, or if any overflow is negative.
func checkCapacity(t *testing.T, res *Result, m int) {
	t.Helper()
	for k, places := range res.PlacesRow(m) {
		in, start := res.CategoryRow(m)[k], res.PreviousByCategory(m)[k]
		limit := math.Max(places, start)
		if places >= 0 && in > limit+1e-9*math.Max(1, limit) {
			t.Fatalf("month %v: %v in %s, above its %v places and the %v at the start", res.Month(m), in, res.Categories[k], places, start)
		}
		if o := res.OverflowRow(m)[k]; o < 0 {
			t.Fatalf("month %v: overflow of %s %v", res.Month(m), res.Categories[k], o)
		}
	}
}
