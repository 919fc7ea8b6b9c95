package model

import (
	"errors"
	"math"
	"slices"
	"testing"
)

// standardBounds are the duration classes of the contract: [0,1), [1,3),
// [3,6), [6,12), [12,24), [24,∞) months.
var standardBounds = []int{1, 3, 6, 12, 24}

// closeTo fails the test if got and want differ by more than tol of want
// (or of 1) anywhere.
func closeTo(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range got {
		if d := math.Abs(got[i] - want[i]); d > tol*math.Max(1, math.Abs(want[i])) {
			t.Fatalf("%s[%d]: %v, want %v (off by %g)", what, i, got[i], want[i], d)
		}
	}
}

// With classes whose factors are all 1, the projection is the
// duration-blind one, to rounding: on the baseline and on a model with
// every lever.
func TestDurationsOfFactorOneAreBlind(t *testing.T) {
	for name, p := range map[string]*Params{"baseline": baselineParams(t), "random": randomParams(3)} {
		blind := mustProject(t, p)
		q := *p
		q.DurationBounds = standardBounds
		q.ExitDuration = filled(q.R()*q.D(), 1)
		res := mustProject(t, &q)
		closeTo(t, name+" in care", res.InCare, blind.InCare, 1e-9)
		closeTo(t, name+" by category", res.ByCategory, blind.ByCategory, 1e-9)
		closeTo(t, name+" exits", res.Exits, blind.Exits, 1e-9)
		closeTo(t, name+" moves", res.Moves, blind.Moves, 1e-9)
		closeTo(t, name+" cost", res.Cost, blind.Cost, 1e-9)
		closeTo(t, name+" overflow", res.Overflow, blind.Overflow, 1e-9)
		for m := 0; m < res.Months; m++ {
			if d := sum(res.DurationRow(m)) - res.InCare[m]; math.Abs(d) > 1e-9*res.InCare[m] {
				t.Fatalf("%s month %d: classes sum to %v, in care %v", name, m, sum(res.DurationRow(m)), res.InCare[m])
			}
		}
	}
}

// durationParams is one category, one reason and one band, with 30
// entrants a month aged 10 and no stock: the case worked by hand below.
func durationParams(bounds []int, exitRate float64, factors []float64) *Params {
	p := simpleParams([]string{"foster"}, []string{"home"})
	p.Start, p.Horizon = MonthOf(2025, 6), 2 // June (30 days), July (31)
	p.Exit[0] = exitRate
	p.Routes = []Route{{Name: "cp", PerMonth: 30, FirstPlacement: []float64{1}}}
	p.Routes[0].AgeProfile[10] = 1
	p.DurationBounds, p.ExitDuration = bounds, factors
	return p
}

// Entrants leave at class 0's rates from the day they enter: half of
// June at 1.2 × 10 a year; in July all of them reach one month in care,
// half way through on average, and take half of July at class 0's rate and
// half at class 1's.
func TestEntrantsLeaveAtClassZeroRates(t *testing.T) {
	p := durationParams([]int{1}, 1.2, []float64{10, 1})
	res := mustProject(t, p)
	june := 30.0 / 2 / DaysPerYear
	stay := math.Exp(-12 * june)
	if want := 30 * (1 - stay); math.Abs(res.ExitsRow(0)[0]-want) > 1e-12 {
		t.Errorf("June exits %v, want %v", res.ExitsRow(0)[0], want)
	}
	half := 31.0 / 2 / DaysPerYear
	july := 30*stay*(1-math.Exp(-12*half-1.2*half)) + 30*(1-math.Exp(-12*half))
	if math.Abs(res.ExitsRow(1)[0]-july) > 1e-12 {
		t.Errorf("July exits %v, want %v", res.ExitsRow(1)[0], july)
	}
	if got, want := res.DurationRow(0), []float64{30 * stay, 0}; math.Abs(got[0]-want[0]) > 1e-12 || got[1] != 0 {
		t.Errorf("June's end by class %v, want %v", got, want)
	}
	if got := res.DurationRow(1)[1]; math.Abs(got-30*stay*math.Exp(-12*half-1.2*half)) > 1e-12 {
		t.Errorf("July's end in class 1: %v, want June's entrants still in care", got)
	}
}

// A change limited to classes 0–1 changes the exits of the children in
// them only: here the entrants, not the stock, which is all in class 2.
func TestChangeLimitedToClasses(t *testing.T) {
	p := durationParams([]int{1, 3}, 1.2, nil)
	p.Horizon = 1
	p.Initial[100] = 50
	p.InitialDuration = make([]float64, 3*NAges)
	p.InitialDuration[2*NAges+100] = 50
	stock := 50 * (1 - math.Exp(-1.2*30/DaysPerYear))
	entrants := func(f float64) float64 { return 30 * (1 - math.Exp(-1.2*f*15/DaysPerYear)) }
	for _, c := range []struct {
		classes uint64
		want    float64
	}{
		{0, stock*1 + entrants(1)},                                   // no change
		{1<<0 | 1<<1, stock + entrants(2)},                           // classes 0–1: the entrants
		{1 << 2, 50*(1-math.Exp(-2.4*30/DaysPerYear)) + entrants(1)}, // class 2: the stock
	} {
		q := *p
		if c.classes != 0 {
			q.Changes = []RateChange{{Name: "x2", Lever: LeverExit, Index: -1, Durations: c.classes,
				Ramp: Ramp{From: p.Start, To: p.Start, Factor: 2}}}
		}
		res := mustProject(t, &q)
		if got := res.ExitsRow(0)[0]; math.Abs(got-c.want) > 1e-12 {
			t.Errorf("change of classes %b: exits %v, want %v", c.classes, got, c.want)
		}
	}
}

// An intervention takes children from every duration class in proportion,
// and they keep their class.
func TestInterventionTakesFromEveryClass(t *testing.T) {
	p := simpleParams([]string{"a", "b"}, nil)
	p.Horizon = 1
	p.DurationBounds = []int{6}
	p.Initial[50*2] = 100
	p.InitialDuration = make([]float64, 2*NAges*2)
	p.InitialDuration[50*2] = 30         // class 0
	p.InitialDuration[(NAges+50)*2] = 70 // class 1
	p.Interventions = []Intervention{{Name: "step", From: 0, To: 1, Children: 10, Start: p.Start, End: p.Start}}
	res := mustProject(t, p)
	// Of the 3 moved from class 0, a sixth reach class 1 during the month.
	b0, b1 := res.FinalDuration[51*2+1], res.FinalDuration[(NAges+51)*2+1]
	if math.Abs(b0-2.5) > 1e-12 || math.Abs(b1-7.5) > 1e-12 {
		t.Errorf("moved children by class at the end: %v, %v; want 2.5, 7.5", b0, b1)
	}
}

// With factors, a long projection settles: at its end the stock repeats
// every four years (the calendar of month lengths) to 1e-9, by class too.
func TestDurationsSettle(t *testing.T) {
	p := durationParams(standardBounds, 1.2, []float64{4, 2, 1.5, 1, 0.7, 0.5})
	p.Horizon = 600
	res := mustProject(t, p)
	T := res.Months
	closeTo(t, "by class", res.DurationRow(T-1), res.DurationRow(T-49), 1e-9)
	if res.DurationRow(T - 1)[0] <= 0 || res.DurationRow(T - 1)[5] <= 0 {
		t.Errorf("settled classes %v: want children in the first and the last", res.DurationRow(T-1))
	}
}

// SteadyDurations, on a model of one cell, is near the split a long
// projection settles to: within 3% of each class's number (the projection
// crosses a class's bound as a share of its children a month, SteadyDurations
// month by month).
func TestSteadyDurationsNearSettled(t *testing.T) {
	p := durationParams(standardBounds, 1.2, []float64{4, 2, 1.5, 1, 0.7, 0.5})
	p.Routes[0].AgeProfile = [AgeYears]float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}
	p.Horizon = 600
	res := mustProject(t, p)
	q := *p
	q.Initial = res.Final
	split := SteadyDurations(&q)
	settled := res.FinalDuration
	for d := 0; d < p.D(); d++ {
		got, want := sum(split[d*NAges:(d+1)*NAges]), sum(settled[d*NAges:(d+1)*NAges])
		if math.Abs(got-want) > 0.03*want {
			t.Errorf("class %s: steady split %.2f, settled %.2f", DurationClassName(p.DurationBounds, d), got, want)
		}
	}
}

func TestDurationClassNames(t *testing.T) {
	var names []string
	for d := 0; d <= len(standardBounds); d++ {
		names = append(names, DurationClassName(standardBounds, d))
	}
	if want := []string{"0-1", "1-3", "3-6", "6-12", "12-24", "24+"}; !slices.Equal(names, want) {
		t.Errorf("names %v, want %v", names, want)
	}
	for months, want := range map[int]int{0: 0, 1: 1, 2: 1, 3: 2, 23: 4, 24: 5, 200: 5} {
		if got := DurationClassOf(standardBounds, months); got != want {
			t.Errorf("class of %d months: %d, want %d", months, got, want)
		}
	}
}

func TestValidateDurations(t *testing.T) {
	base := func() *Params { return durationParams(standardBounds, 1.2, nil) }
	for _, c := range []struct {
		name  string
		edit  func(p *Params)
		field Field
		kind  error
	}{
		{"bound zero", func(p *Params) { p.DurationBounds = []int{0, 3} }, FieldDurationBounds, ErrTooSmall},
		{"bound 216", func(p *Params) { p.DurationBounds = []int{1, 216} }, FieldDurationBounds, ErrTooLarge},
		{"bounds out of order", func(p *Params) { p.DurationBounds = []int{3, 3} }, FieldDurationBounds, ErrOrder},
		{"exit factors short", func(p *Params) { p.ExitDuration = []float64{1, 2} }, FieldExitDuration, ErrShape},
		{"exit factor zero", func(p *Params) { p.ExitDuration = []float64{1, 0, 1, 1, 1, 1} }, FieldExitDuration, ErrTooSmall},
		{"exit factor NaN", func(p *Params) { p.ExitDuration = []float64{1, math.NaN(), 1, 1, 1, 1} }, FieldExitDuration, ErrNotFinite},
		{"move factor large", func(p *Params) { p.MoveDuration = []float64{1, 1, 1, 1, 1, 2000} }, FieldMoveDuration, ErrTooLarge},
		{"stock split short", func(p *Params) { p.InitialDuration = []float64{1} }, FieldInitialDuration, ErrShape},
		{"stock split not adding up", func(p *Params) {
			p.InitialDuration = make([]float64, p.D()*NAges)
			p.InitialDuration[5] = 1
		}, FieldInitialDuration, ErrSum},
		{"classes of an entries change", func(p *Params) {
			p.Changes = []RateChange{{Name: "c", Lever: LeverEntries, Index: -1, Durations: 1, Ramp: Ramp{From: p.Start, To: p.Start, Factor: 2}}}
		}, FieldChangeLever, ErrRange},
		{"class beyond", func(p *Params) {
			p.Changes = []RateChange{{Name: "c", Lever: LeverExit, Index: -1, Durations: 1 << 6, Ramp: Ramp{From: p.Start, To: p.Start, Factor: 2}}}
		}, FieldChangeLever, ErrRange},
	} {
		p := base()
		c.edit(p)
		err := p.Validate()
		var es Errors
		if !errors.As(err, &es) || len(es) != 1 || es[0].Field != c.field || !errors.Is(es[0], c.kind) {
			t.Errorf("%s: %v; want one %v error of kind %v", c.name, err, c.field, c.kind)
		}
	}
}

// Changes limited to different classes do not compound: 40 × 40 is
// beyond MaxFactor only within one class.
func TestDurationChangesCompoundByClass(t *testing.T) {
	p := durationParams(standardBounds, 1.2, nil)
	change := func(classes uint64) RateChange {
		return RateChange{Name: "c", Lever: LeverExit, Index: -1, Durations: classes, Ramp: Ramp{From: p.Start, To: p.Start, Factor: 40}}
	}
	p.Changes = []RateChange{change(1), change(2)}
	if err := p.Validate(); err != nil {
		t.Errorf("changes of classes 0 and 1: %v", err)
	}
	p.Changes = []RateChange{change(1), change(3)}
	if err := p.Validate(); !errors.Is(err, ErrTooLarge) {
		t.Errorf("changes both of class 0: %v, want ErrTooLarge", err)
	}
}

// The monthly loop allocates nothing with duration classes either.
func TestDurationLoopAllocs(t *testing.T) {
	p := baselineParams(t)
	p.DurationBounds = standardBounds
	p.ExitDuration = filled(p.R()*p.D(), 1)
	if got := loopAllocs(p); got != 0 {
		t.Errorf("monthly loop with duration classes: %v allocations per run, want 0", got)
	}
}
