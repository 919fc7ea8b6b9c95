package model

import (
	"errors"
	"math"
	"slices"
	"testing"
)

// A Schedule agrees with the projection it describes: its entrants sum to
// the projection's entries by route, every transition row sums to one, its
// price of the projection's child-days is the projection's cost, and a
// projection of its own transitions from the initial stock, without
// entrants, gives the projection's first month.
func TestScheduleAgreesWithProject(t *testing.T) {
	for name, p := range map[string]*Params{"baseline": baselineParams(t), "random": randomParams(3)} {
		s, err := NewSchedule(p)
		if err != nil {
			t.Fatal(err)
		}
		res := mustProject(t, p)
		for m := 0; m < p.Horizon; m++ {
			for ri := range p.Routes {
				got, want := sum(s.Entrants(m, ri)), res.EntriesRow(m)[ri]
				if math.Abs(got-want) > 1e-12*math.Max(1, want) {
					t.Errorf("%s %v route %d: %v entrants, projection %v", name, res.Month(m), ri, got, want)
				}
				for b := range p.Bands {
					if mix := sum(s.Mix(m, ri, b)); math.Abs(mix-1) > 1e-12 && mix != 0 {
						t.Errorf("%s %v route %d band %d: mix sums to %v", name, res.Month(m), ri, b, mix)
					}
				}
			}
			got, want := s.Cost(m, res.ChildDaysRow(m)), res.TotalCost(m)
			if math.Abs(got-want) > 1e-9*math.Max(1, want) {
				t.Errorf("%s %v: cost %v, projection %v", name, res.Month(m), got, want)
			}
		}
		checkRows(t, name, s)
	}
}

// checkRows checks that every row of every transition of s sums to one.
func checkRows(t *testing.T, name string, s *Schedule) {
	n := s.k + s.r
	check := func(what string, tr []float64) {
		for i := 0; i < s.k; i++ {
			if got := sum(tr[i*n : (i+1)*n]); math.Abs(got-1) > 1e-12 {
				t.Errorf("%s %s row %d sums to %v", name, what, i, got)
			}
		}
	}
	for i := 0; i < s.Transitions(); i++ {
		full, half := s.Transition(i)
		check("full", full)
		check("half", half)
	}
	for i := 0; i < s.Crossings(); i++ {
		check("crossing", s.Crossing(i))
	}
}

// The first month of a projection with no entrants, no interventions and
// no capacity is the initial stock times the Schedule's transitions.
func TestScheduleFirstMonth(t *testing.T) {
	p := baselineParams(t)
	for i := range p.Routes {
		p.Routes[i].PerMonth = 0
	}
	s, err := NewSchedule(p)
	if err != nil {
		t.Fatal(err)
	}
	K, n := p.K(), p.K()+p.R()
	end := make([]float64, K)
	for b, band := range p.Bands {
		full, _ := s.Transition(s.MonthTransition(0, b))
		for a := 12 * band.Min; a <= 12*band.Max+11; a++ {
			tr := full
			if a == 12*band.Max+11 && b+1 < p.B() {
				tr = s.Crossing(s.MonthCrossing(0, b))
			}
			for i := 0; i < K; i++ {
				for j := 0; j < K; j++ {
					end[j] += p.Initial[a*K+i] * tr[i*n+j]
				}
			}
		}
	}
	res := mustProject(t, p)
	for k, want := range res.CategoryRow(0) {
		// The oldest month of age leaves at the month's end: Schedule's end counts them.
		if math.Abs(end[k]-want) > 1e-9+res.ExitsRow(0)[p.R()] {
			t.Errorf("category %d: %v at the month's end, projection %v", k, end[k], want)
		}
	}
	var total float64
	for _, v := range end {
		total += v
	}
	if got, want := total-res.ExitsRow(0)[p.R()], res.InCare[0]; math.Abs(got-want) > 1e-9 {
		t.Errorf("%v in care at the end, projection %v", got, want)
	}
}

// NewSchedule rejects invalid parameters as Project does.
func TestScheduleInvalid(t *testing.T) {
	p := baselineParams(t)
	p.Exit[0] = -1
	var errs Errors
	if _, err := NewSchedule(p); !errors.As(err, &errs) {
		t.Errorf("NewSchedule of a negative rate: %v, want Errors", err)
	}
}

// WithRates gives the transitions of a Schedule built afresh with those
// rates, and keeps the entrants; invalid rates are an error.
func TestScheduleWithRates(t *testing.T) {
	p := randomParams(5)
	s, err := NewSchedule(p)
	if err != nil {
		t.Fatal(err)
	}
	q := *p
	q.Exit, q.Move = make([]float64, len(p.Exit)), make([]float64, len(p.Move))
	for i, v := range p.Exit {
		q.Exit[i] = v * 1.7
	}
	for i, v := range p.Move {
		q.Move[i] = v * 0.6
	}
	want, err := NewSchedule(&q)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.WithRates(q.Exit, q.Move)
	if err != nil {
		t.Fatal(err)
	}
	if got.Transitions() != want.Transitions() || got.Crossings() != want.Crossings() {
		t.Fatalf("%d transitions and %d crossings, want %d and %d", got.Transitions(), got.Crossings(), want.Transitions(), want.Crossings())
	}
	for i := 0; i < got.Transitions(); i++ {
		gf, gh := got.Transition(i)
		wf, wh := want.Transition(i)
		if !slices.Equal(gf, wf) || !slices.Equal(gh, wh) {
			t.Errorf("transition %d differs", i)
		}
	}
	for m := 0; m < p.Horizon; m++ {
		if !slices.Equal(got.Entrants(m, 1), s.Entrants(m, 1)) {
			t.Errorf("month %d: entrants differ", m)
		}
	}
	q.Exit[0] = math.Inf(1)
	if _, err := s.WithRates(q.Exit, q.Move); err == nil {
		t.Error("an infinite rate: no error")
	}
}
