package data

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/carecast/carecast/model"
)

// durationCouncil simulates a council whose exit and move hazards depend on
// time in care: each child enters once, aged 0 to 12, in kinship (U1) or
// in-house foster care (U4), between 2010 and 2019, with a reunification
// hazard reunify[band]·place·f[class], an adoption hazard adopt[band]·a[class]
// and a hazard m·g[class] of moving to the other placement, in continuous
// time, recorded in whole days; it leaves at 18 if still in care, and is
// in care at the end of 2019 otherwise.
type durationCouncil struct {
	bounds        []int
	reunify, adop [5]float64 // a year, by band of testBands
	place         [2]float64 // kinship, foster: multipliers of reunification
	move          float64    // a year
	f, a, g       []float64  // true factors by class: reunification, adoption, moves
}

var councilCodes = [2][2]string{{"U1", "PR1"}, {"U4", "PR1"}}

func (dc *durationCouncil) simulate(rng *rand.Rand, n int) *Returns {
	r := &Returns{}
	first, last := CivilDay(2010, 1, 1), CivilDay(2019, 12, 31)
	for i := 0; i < n; i++ {
		entry := first + Day(rng.IntN(int(last-first)))
		dob := entry - Day(rng.IntN(13*365+1))
		r.Children = append(r.Children, Child{ID: fmt.Sprint(i), DOB: dob.Time()})
		dc.child(rng, r, i, entry, dob, last+1)
	}
	return r
}

// child simulates the period of care of child i from entry to the day
// before end at the latest.
func (dc *durationCouncil) child(rng *rand.Rand, r *Returns, i int, entry, dob, end Day) {
	start, bdob := entry.civil(), dob.civil()
	cat := rng.IntN(2)
	ep := Episode{Child: i, Start: entry, End: NoDay, RNE: CodeOf("S"), LS: CodeOf("C2"), Place: CodeOf(councilCodes[cat][0]), Provider: CodeOf(councilCodes[cat][1])}
	eighteen := dob.AddYears(18)
	t := float64(entry)
	for {
		d, band := dc.classAt(start, Day(t)), testBandOf(monthsOld(bdob, Day(t).civil())/12)
		next := min(float64(dc.nextClass(start, d)), float64(dob.AddYears(testBands[band].Max+1)), float64(eighteen), float64(end))
		h := [3]float64{dc.reunify[band] * dc.place[cat] * dc.f[d], dc.adop[band] * dc.a[d], dc.move * dc.g[d]}
		total := h[0] + h[1] + h[2]
		t += rng.ExpFloat64() / total * model.DaysPerYear
		if t >= next {
			if t = next; next == float64(eighteen) || next == float64(end) {
				if next == float64(eighteen) {
					ep.End, ep.REC = eighteen, CodeOf("E8")
				}
				r.Episodes = append(r.Episodes, ep)
				return
			}
			continue
		}
		day := Day(t)
		switch u := rng.Float64() * total; {
		case u < h[0]+h[1]:
			ep.End, ep.REC = day, CodeOf("E13")
			if u >= h[0] {
				ep.REC = CodeOf("E11")
			}
			r.Episodes = append(r.Episodes, ep)
			return
		case day > ep.Start: // a move (none on the day of the last)
			ep.End, ep.REC = day, CodeOf("X1")
			r.Episodes = append(r.Episodes, ep)
			cat = 1 - cat
			ep = Episode{Child: i, Start: day, End: NoDay, RNE: CodeOf("P"), LS: CodeOf("C2"), Place: CodeOf(councilCodes[cat][0]), Provider: CodeOf(councilCodes[cat][1])}
		}
	}
}

func (dc *durationCouncil) classAt(start civil, d Day) int {
	m, c := monthsOld(start, d.civil()), 0
	for c < len(dc.bounds) && m >= dc.bounds[c] {
		c++
	}
	return c
}

func (dc *durationCouncil) nextClass(start civil, d int) Day {
	if d == len(dc.bounds) {
		return lastPossibleDay
	}
	return monthsOn(start, dc.bounds[d])
}

func testBandOf(year int) int {
	return model.BandOfYear(testBands)[min(max(year, 0), model.AgeYears-1)]
}

func exampleCouncil() *durationCouncil {
	return &durationCouncil{
		bounds:  DefaultDurationBounds(),
		reunify: [5]float64{0.3, 0.5, 0.4, 0.3, 0.2},
		adop:    [5]float64{0.6, 0.3, 0.02, 0.01, 0.01},
		place:   [2]float64{1.5, 0.8},
		move:    0.3,
		f:       []float64{4, 2.2, 1.5, 1, 0.7, 0.5},
		a:       []float64{0.5, 0.6, 1, 1.5, 1.5, 1},
		g:       []float64{2, 1.5, 1, 1, 0.8, 0.6},
	}
}

// normalised is the true factors f scaled as the fitted ones are: their
// mean weighted by the fitted classes' child-years is 1.
func normalised(f []float64, fit []Factor) []float64 {
	var num, den float64
	for d, x := range fit {
		num += x.Years * f[d]
		den += x.Years
	}
	out := make([]float64, len(f))
	for d := range f {
		out[d] = f[d] * den / num
	}
	return out
}

// checkFactors checks each fitted factor against the truth within three
// Poisson standard errors on the log scale, 3/√events, and that there
// were enough events for that to say something.
func checkFactors(t *testing.T, what string, truth []float64, fit []Factor) {
	t.Helper()
	want := normalised(truth, fit)
	for d, x := range fit {
		tol := 3 / math.Sqrt(x.Events)
		if x.Events < 50 {
			t.Errorf("%s, class %d: only %v events, too few to test", what, d, x.Events)
		}
		if got := math.Log(x.Factor / want[d]); math.Abs(got) > tol {
			t.Errorf("%s, class %d: factor %.3f, want %.3f (|log ratio| %.3f > %.3f, %v events in %.0f child-years)",
				what, d, x.Factor, want[d], math.Abs(got), tol, x.Events, x.Years)
		}
		t.Logf("%s, class %d: %.3f (true %.3f) from %v events in %.1f child-years", what, d, x.Factor, want[d], x.Events, x.Years)
	}
}

// Calibration recovers the duration factors of a simulated council, for
// reunification, adoption and moves, within the tolerance their exposure
// gives; and the cell rates then are those of a child whose factor is 1.
func TestDurationFactorsRecovered(t *testing.T) {
	dc := exampleCouncil()
	r := dc.simulate(rand.New(rand.NewPCG(9, 1)), 30000)
	c, err := Calibrate(r, testClassifier(t), testBands, CalibrateOptions{From: model.MonthOf(2015, 1), To: model.MonthOf(2019, 12)})
	if err != nil {
		t.Fatal(err)
	}
	R, D := len(testReasons), len(dc.bounds)+1
	if len(c.ExitDuration) != R*D || len(c.MoveDuration) != D {
		t.Fatalf("%d exit factors and %d move factors, want %d and %d", len(c.ExitDuration), len(c.MoveDuration), R*D, D)
	}
	checkFactors(t, "reunification", dc.f, c.ExitDuration[0:D])
	checkFactors(t, "adoption", dc.a, c.ExitDuration[D:2*D])
	checkFactors(t, "moves", dc.g, c.MoveDuration)
	if c.UnknownYears != 0 || c.UnknownDuration != 0 {
		t.Errorf("%v child-years and %v children of unknown duration; every period began with RNE S", c.UnknownYears, c.UnknownDuration)
	}
}

// The exposure split at duration class bounds adds up, cell by cell, to
// the exposure without them, exactly (days), and so do the events.
func TestDurationExposureAddsUp(t *testing.T) {
	for _, tc := range referenceReturns(t) {
		first, last, err := latestRun(tc.r)
		if err != nil {
			t.Fatal(err)
		}
		cl := testClassifier(t)
		for _, opt := range []CalibrateOptions{{From: first, To: last}, {From: last - 35, To: last}, {From: first, To: first + 11}} {
			blind, on := opt, opt
			blind.DurationBounds = []int{}
			blind, _ = blind.resolve(tc.r, testBands)
			on, _ = on.resolve(tc.r, testBands)
			wb, wd := walk(tc.r, cl, testBands, blind), walk(tc.r, cl, testBands, on)
			n, D := len(wb.exposure), wd.dur.classes
			var total float64
			for cell := 0; cell < n; cell++ {
				var sum float64
				for d := 0; d < D; d++ {
					sum += wd.exposure[d*n+cell]
				}
				if sum != wb.exposure[cell] {
					t.Fatalf("%s %v: cell %d: %v days over the classes, %v without", tc.name, opt, cell, sum, wb.exposure[cell])
				}
				total += sum
			}
			checkEventsAddUp(t, wd)
			if total == 0 {
				t.Errorf("%s %v: no exposure", tc.name, opt)
			}
		}
	}
}

// checkEventsAddUp checks that the exits and moves by class add up to those by cell.
func checkEventsAddUp(t *testing.T, w *calibrating) {
	t.Helper()
	var byClass, byCell float64
	for _, v := range w.exitClass {
		byClass += v
	}
	for _, v := range w.moveClass {
		byClass += v
	}
	for _, e := range w.c.Exit {
		byCell += e.Events
	}
	for _, e := range w.c.Move {
		byCell += e.Events
	}
	if byClass != byCell || byCell == 0 {
		t.Errorf("%v exits and moves by class, %v by cell", byClass, byCell)
	}
}

// The stock by duration class adds up to the stock, also when some of it
// is of unknown duration (a window at the start of the returns, whose
// periods began before them).
func TestInitialDurationAddsUp(t *testing.T) {
	sample, _, err := ReadSample(ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	first, _, err := latestRun(sample)
	if err != nil {
		t.Fatal(err)
	}
	for _, opt := range []CalibrateOptions{{From: first, To: first + 11}, {From: first + 48, To: first + 83}} {
		c, err := Calibrate(sample, testClassifier(t), testBands, opt)
		if err != nil {
			t.Fatal(err)
		}
		n := len(c.Initial)
		for i, v := range c.Initial {
			var sum float64
			for d := 0; d*n < len(c.InitialDuration); d++ {
				sum += c.InitialDuration[d*n+i]
			}
			if math.Abs(sum-v) > 1e-9 {
				t.Fatalf("%v: age %d, category %d: %v by class, %v in all", opt, i/len(testCategories), i%len(testCategories), sum, v)
			}
		}
		t.Logf("window from %v: %v children in the stock, %v of unknown duration; %.1f child-years of unknown duration",
			opt.From, c.Children, c.UnknownDuration, c.UnknownYears)
		if opt.From == first && (c.UnknownDuration == 0 || c.UnknownYears == 0) {
			t.Errorf("a window at the start of the returns found no period of unknown duration")
		}
		if opt.From != first && c.UnknownYears != 0 {
			t.Errorf("%v child-years of unknown duration four years into the returns", c.UnknownYears)
		}
	}
}

// monthsOn is the first day on which monthsOld reaches n.
func TestMonthsOn(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	for i := 0; i < 20000; i++ {
		start := CivilDay(2000, 1, 1) + Day(rng.IntN(366*8))
		n := 1 + rng.IntN(60)
		d := monthsOn(start.civil(), n)
		if monthsOld(start.civil(), d.civil()) < n || monthsOld(start.civil(), (d-1).civil()) >= n {
			t.Fatalf("start %v, %d months: monthsOn gives %v", start, n, d)
		}
	}
	if got, want := monthsOn(civil{2023, time.January, 31}, 1), CivilDay(2023, 3, 1); got != want {
		t.Errorf("a month after 31 January 2023: %v, want %v", got, want)
	}
}

// On counts that follow the model exactly, the fit gives the factors
// exactly, scaled to an exposure-weighted mean of 1; a class without
// exposure keeps 1, and shrinking pulls a class with little exposure
// towards 1.
func TestFactorFitExact(t *testing.T) {
	rate := []float64{0.5, 2, 0.1}
	f := []float64{3, 1, 0.5}
	E := [][]float64{{1, 2, 3}, {4, 1, 2}, {2, 2, 8}}
	fit := factorFit{E: E, Y: classTotals(E), N: make([]float64, 3), M: make([]float64, 3), known: 3}
	var num, den float64
	for d := range E {
		for c, e := range E[d] {
			mu := e * rate[c] * f[d]
			fit.N[c] += mu
			fit.M[d] += mu
			num += e * f[d]
			den += e
		}
	}
	got, _ := fit.fit()
	for d := range f {
		if want := f[d] * den / num; math.Abs(got[d]-want) > 1e-8 {
			t.Errorf("class %d: %v, want %v", d, got[d], want)
		}
	}
	fit.E, fit.Y, fit.M = append(E, []float64{0, 0, 0}), append(fit.Y, 0), append(fit.M, 0)
	if got, _ := fit.fit(); got[3] != 1 {
		t.Errorf("a class without exposure: %v, want 1", got[3])
	}
	fs := fit.factors(1e9)
	for d, x := range fs[:3] {
		if math.Abs(x.Factor-1) > 1e-6 {
			t.Errorf("class %d under a huge credibility: %v, want about 1", d, x.Factor)
		}
	}
}

// Bounds are checked; an empty list switches durations off, so that the
// Params carry none; by default they are on and the Params carry them.
func TestDurationBoundsOption(t *testing.T) {
	for _, bad := range [][]int{{0, 3}, {3, 3}, {6, 3}, {216}} {
		if _, err := calibrateFixtureErr(t, CalibrateOptions{From: model.MonthOf(2024, 1), To: model.MonthOf(2024, 6), DurationBounds: bad}); err == nil {
			t.Errorf("bounds %v: no error", bad)
		}
	}
	tmpl := &model.Params{Categories: testCategories, Bands: testBands, Reasons: testReasons, Horizon: 12}
	for _, r := range testRoutes {
		tmpl.Routes = append(tmpl.Routes, model.Route{Name: r})
	}
	off, _ := calibrateFixture(t, CalibrateOptions{From: model.MonthOf(2024, 1), To: model.MonthOf(2024, 6), DurationBounds: []int{}})
	p := off.Params(tmpl)
	if p.DurationBounds != nil || p.ExitDuration != nil || p.MoveDuration != nil || p.InitialDuration != nil || p.Evidence.ExitDuration != nil {
		t.Errorf("durations off: the Params carry some: %v %v %v", p.DurationBounds, p.ExitDuration, p.MoveDuration)
	}
	on, _ := calibrateFixture(t, CalibrateOptions{From: model.MonthOf(2024, 1), To: model.MonthOf(2024, 6)})
	p = on.Params(tmpl)
	D, R, K := 6, len(testReasons), len(testCategories)
	if len(p.DurationBounds) != 5 || len(p.ExitDuration) != R*D || len(p.MoveDuration) != D ||
		len(p.InitialDuration) != D*model.NAges*K || len(p.Evidence.ExitDuration) != R*D {
		t.Errorf("durations on: bounds %v, %d exit factors, %d move factors, %d stock, %d evidence",
			p.DurationBounds, len(p.ExitDuration), len(p.MoveDuration), len(p.InitialDuration), len(p.Evidence.ExitDuration))
	}
}

// On the shipped sample (a small council whose simulated exits do not
// depend on time in care) a class with two adoptions has a fitted factor
// of about 12 and one with none a factor of 0: the credibility weight,
// Expected/(Expected+DurationPrior), keeps every factor within 1/3 to 3.
func TestSmallCouncilFactorsShrink(t *testing.T) {
	c := calibrateSample(t, CalibrateOptions{From: model.MonthOf(2022, 4), To: model.MonthOf(2025, 3)})
	var wild int
	for i, x := range append(c.ExitDuration, c.MoveDuration...) {
		if x.Fitted > 3 || x.Fitted < 1.0/3 {
			wild++
		}
		if w := x.Expected / (x.Expected + DefaultDurationPrior); math.Abs(x.Weight-w) > 1e-12 {
			t.Errorf("factor %d: weight %v, want %v", i, x.Weight, w)
		}
		if x.Factor > 3 || x.Factor < 1.0/3 {
			t.Errorf("factor %d: %v from %v events (%v expected), fitted %v", i, x.Factor, x.Events, x.Expected, x.Fitted)
		}
	}
	if wild == 0 {
		t.Error("no fitted factor beyond 1/3 to 3: the test shows nothing")
	}
}
