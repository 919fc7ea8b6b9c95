package data

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/carecast/carecast/model"
)

func calibrateFixture(t *testing.T, opt CalibrateOptions) (*Calibration, *Classifier) {
	t.Helper()
	c, err := calibrateFixtureErr(t, opt)
	if err != nil {
		t.Fatal(err)
	}
	return c, testClassifier(t)
}

// calibrateFixtureErr calibrates testdata/actuals, and says if it cannot.
func calibrateFixtureErr(t *testing.T, opt CalibrateOptions) (*Calibration, error) {
	t.Helper()
	ret, _, err := ReadDir("testdata/actuals", ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return Calibrate(ret, testClassifier(t), testBands, opt)
}

// calibrateSample calibrates the shipped sample.
func calibrateSample(t *testing.T, opt CalibrateOptions) *Calibration {
	t.Helper()
	ret, _, err := ReadSample(ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := Calibrate(ret, testClassifier(t), testBands, opt)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The fixture of TestActualsCountedByHand over January to June 2024.
func TestCalibrateCountsEventsAndExposure(t *testing.T) {
	c, _ := calibrateFixture(t, CalibrateOptions{From: model.MonthOf(2024, 1), To: model.MonthOf(2024, 6), Credibility: 5})
	K, B := len(testCategories), len(testBands)
	cat := func(name string) int { return indexOf(testCategories, name) }
	reason := func(name string) int { return indexOf(testReasons, name) }
	band := func(name string) int {
		for i, b := range testBands {
			if b.Name == name {
				return i
			}
		}
		return -1
	}
	exit := func(r, b, k string) Estimate { return c.Exit[(reason(r)*B+band(b))*K+cat(k)] }
	// D (placed with parents on 29 Feb, aged 12, adopted on 1 Mar): one day.
	if e := exit("adoption", "10-15", "with_parents"); e.Events != 1 || math.Abs(e.Years-1/model.DaysPerYear) > 1e-12 {
		t.Errorf("adoption from with parents, 10-15: %v events in %v years, want 1 in 1 day", e.Events, e.Years)
	}
	// C: kinship from 1 to 31 May, aged 9: 30 days, returned home.
	if e := exit("reunification", "5-9", "kinship"); e.Events != 1 || math.Abs(e.Years*model.DaysPerYear-30) > 1e-9 {
		t.Errorf("reunification from kinship, 5-9: %v events in %v days", e.Events, e.Years*model.DaysPerYear)
	}
	// B aged out on her 18th birthday: not an exit event. Her days in an
	// external home from 1 Jan are exposure of the 16-17 band up to 3 Apr, a
	// week before her birthday, after which leaving counts as ageing out: 93.
	if e := exit("other", "16-17", "home_external"); e.Events != 0 || math.Abs(e.Years*model.DaysPerYear-93) > 1e-9 {
		t.Errorf("other exits from external homes, 16-17: %v events in %v days, want 0 in 93", e.Events, e.Years*model.DaysPerYear)
	}
	if c.AgedOut != 1 {
		t.Errorf("%v aged out, want 1 (B)", c.AgedOut)
	}
	// A moved from in-house to IFA on 10 Mar, aged 13: the only move; the
	// legal-status change of 20 Mar is not one.
	mv := c.Move[(band("10-15")*K+cat("foster_inhouse"))*K+cat("foster_ifa")]
	var moves float64
	for _, m := range c.Move {
		moves += m.Events
	}
	if mv.Events != 1 || moves != 1 {
		t.Errorf("moves in-house → IFA %v, in all %v; want 1 and 1", mv.Events, moves)
	}
	// Entries: A (child protection), D (direct), E twice and C (children in
	// need), F (UASC); the short break is not one.
	want := map[string]float64{"child_protection": 1, "direct": 1, "children_in_need": 3, "uasc": 1, "remand": 0}
	for ri, r := range testRoutes {
		if c.Routes[ri].Entries != want[r] {
			t.Errorf("%s: %v entries, want %v", r, c.Routes[ri].Entries, want[r])
		}
		if got := c.Routes[ri].PerMonth; math.Abs(got-want[r]/6) > 1e-12 {
			t.Errorf("%s: %v a month, want %v", r, got, want[r]/6)
		}
	}
	// The stock at the end of June: A (IFA), E (other residential), F (supported).
	if c.Children != 3 || c.Initial[169*K+cat("foster_ifa")] != 1 {
		t.Errorf("stock: %v children; A at 169 months in IFA: %v", c.Children, c.Initial[169*K+cat("foster_ifa")])
	}
}

func TestCredibilityShrinksSmallCells(t *testing.T) {
	parent := 0.2
	tests := []struct {
		events, years, want float64
	}{
		{0, 0, 0.2},                            // no evidence: the parent
		{0, 5, 0.1},                            // 5 child-years, no events: half way
		{3, 1, (1*3 + 5*0.2) / 6},              // a wild small cell is pulled in
		{300, 1000, (1000*0.3 + 5*0.2) / 1005}, // much evidence: nearly its own
	}
	for _, tc := range tests {
		e := credible(tc.events, tc.years, parent, 5)
		if math.Abs(e.Rate-tc.want) > 1e-12 {
			t.Errorf("%v events in %v years: rate %v, want %v", tc.events, tc.years, e.Rate, tc.want)
		}
	}
}

func TestPoissonTrendRecoversGrowth(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for _, growth := range []float64{-0.10, 0, 0.05, 0.20} {
		y := make([]float64, 120)
		for m := range y {
			mu := 40 * math.Pow(1+growth, float64(m)/12)
			y[m] = float64(testPoisson(rng, mu))
		}
		got, se := poissonTrend(y)
		// within three standard errors on the log scale
		if d := math.Abs(math.Log1p(got) - math.Log1p(growth)); d > 3*se {
			t.Errorf("growth %v: fitted %v (se %v)", growth, got, se)
		}
	}
	if g, se := poissonTrend([]float64{1, 0, 2}); g != 0 || !math.IsInf(se, 1) {
		t.Errorf("three months: %v, %v; want no trend", g, se)
	}
}

// testPoisson draws a Poisson count by inversion (fine for the means here).
func testPoisson(rng *rand.Rand, mu float64) int {
	l, k, p := math.Exp(-mu), 0, 1.0
	for {
		p *= rng.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// A move into a placement that no child of the age was in during the window
// is not forecast, however common the move is at other ages: babies do not
// move to supported accommodation because 16-year-olds do.
func TestMovesIntoUnseenPlacementsAreZero(t *testing.T) {
	c := calibrateSample(t, CalibrateOptions{From: model.MonthOf(2022, 4), To: model.MonthOf(2025, 3)})
	K, B := len(testCategories), len(testBands)
	supported := indexOf(testCategories, "supported")
	unseen := 0
	for b := 0; b < B; b++ {
		for j := 0; j < K; j++ {
			// exposure of the band in placement j, from any exit cell of it
			years := c.Exit[b*K+j].Years
			for i := 0; i < K; i++ {
				if i == j {
					continue
				}
				m := c.Move[(b*K+i)*K+j]
				switch {
				case years == 0 && (m.Rate != 0 || !m.Unseen):
					t.Errorf("band %s, %s → %s: nobody of that age was in %[3]s, yet rate %v (unseen %v)",
						testBands[b].Name, testCategories[i], testCategories[j], m.Rate, m.Unseen)
				case years > 0 && m.Unseen:
					t.Errorf("band %s, %s → %s: marked unseen with %v child-years there", testBands[b].Name, testCategories[i], testCategories[j], years)
				case m.Unseen && m.Parent > 0:
					unseen++
				}
			}
		}
	}
	if unseen == 0 {
		t.Error("no move cell with a parent rate was set to 0: the test shows nothing")
	}
	baby := c.Move[(0*K+indexOf(testCategories, "foster_inhouse"))*K+supported]
	older := c.Move[(4*K+indexOf(testCategories, "foster_inhouse"))*K+supported]
	if baby.Rate != 0 || older.Rate <= 0 {
		t.Errorf("in-house foster care → supported: %v a year at 0, %v at 16-17; want 0 and more than 0", baby.Rate, older.Rate)
	}
}

// In a council too small to say which placements an age band does not use
// (the six-month fixture has a few child-years a band), no move is zeroed
// for want of children there: the parent rates stand.
func TestSmallBandsKeepParentRates(t *testing.T) {
	c, _ := calibrateFixture(t, CalibrateOptions{From: model.MonthOf(2024, 1), To: model.MonthOf(2024, 6), Credibility: 5})
	parented := 0
	for _, m := range c.Move {
		if m.Unseen {
			t.Fatalf("a move marked unseen in a band with a few child-years: %+v", m)
		}
		if m.Parent > 0 && m.Rate > 0 {
			parented++
		}
	}
	if parented == 0 {
		t.Error("no move has a parent rate: the test shows nothing")
	}
}

// TestCalibrateByDays compares Calibrate, with durations off, with
// calibrateByTime on the shipped sample and on synthetic returns, over
// several windows and starts, with and without an age-out margin: the
// duration-blind calibration is what it was before durations.
func TestCalibrateByDays(t *testing.T) {
	for _, tc := range referenceReturns(t) {
		first, last, err := latestRun(tc.r)
		if err != nil {
			t.Fatal(err)
		}
		for _, ageOut := range []int{0, 7, 400} {
			m := DefaultMapping()
			m.AgeOutDays = ageOut
			cl, err := m.Compile(testCategories, testReasons, testRoutes)
			if err != nil {
				t.Fatal(err)
			}
			for _, opt := range []CalibrateOptions{{From: first, To: last}, {From: last - 35, To: last},
				{From: first + 13, To: first + 13, Start: first + 40}, {From: last - 11, To: last, Start: first + 1}} {
				opt.DurationBounds = []int{} // duration-blind, as calibrateByTime
				got, err := Calibrate(tc.r, cl, testBands, opt)
				if err != nil {
					t.Fatal(err)
				}
				want, err := calibrateByTime(tc.r, cl, testBands, opt)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s, age out %d days, %+v: Calibrate differs from the walk on time.Time", tc.name, ageOut, opt)
				}
			}
		}
	}
}

// calibrateByTime is Calibrate as it was, on time.Time: the plain code
// the day-based walk stands in for.
func calibrateByTime(r *Returns, cl *Classifier, bands []model.Band, opt CalibrateOptions) (*Calibration, error) {
	if opt.To < opt.From {
		return nil, fmt.Errorf("calibrate: the window ends (%v) before it starts (%v)", opt.To, opt.From)
	}
	if err := model.CheckBands(bands); err != nil {
		return nil, fmt.Errorf("calibrate: %w", err)
	}
	if opt.Start == 0 {
		opt.Start = opt.To + 1
	}
	if opt.Credibility == 0 {
		opt.Credibility = DefaultCredibility
	}
	if opt.MixPrior == 0 {
		opt.MixPrior = DefaultMixPrior
	}
	if opt.DurationPrior == 0 {
		opt.DurationPrior = DefaultDurationPrior
	}
	if opt.Credibility < 0 || opt.MixPrior < 0 {
		return nil, errors.New("calibrate: credibility and mix prior must not be negative")
	}
	if err := r.Coverage.Check(opt.From, opt.To); err != nil {
		return nil, fmt.Errorf("calibrate: the reference window %s to %s: %w", opt.From, opt.To, err)
	}
	if err := r.Coverage.CheckStart(opt.Start); err != nil {
		return nil, fmt.Errorf("calibrate: %w", err)
	}
	K, B, R, NR := len(cl.cats), len(bands), len(cl.reasons), len(cl.routes)
	c := &Calibration{
		Options: opt,
		Months:  int(opt.To-opt.From) + 1,
		Initial: make([]float64, model.NAges*K),
		Exit:    make([]Estimate, R*B*K),
		Move:    make([]Estimate, B*K*K),
		Routes:  make([]RouteEstimate, NR),
	}
	for i := range c.Routes {
		c.Routes[i].FirstPlacement = make([]float64, B*K)
	}
	bandOfYear := model.BandOfYear(bands)
	bandAt := func(dob, d time.Time) int {
		y := min(max(ageMonths(dob, d)/12, 0), model.AgeYears-1)
		return bandOfYear[y]
	}
	winStart := monthStart(opt.From)
	winEnd := monthEnd(opt.To).AddDate(0, 0, 1)
	inWindow := func(d time.Time) bool { return !d.Before(winStart) && d.Before(winEnd) }
	stockDay := monthEnd(opt.Start - 1)
	exposure := make([]float64, B*K) // days
	monthly := make([]float64, NR*c.Months)
	// bounds[b] is the day a child enters band b; bounds[B] the day from
	// which leaving counts as ageing out.
	bounds := make([]time.Time, B+1)
	lastChild := -1
	periodWalkByCopy(r, func(ch *Child, eps []wideEpisode) {
		if ci := eps[0].Child; ci != lastChild {
			lastChild = ci
			for b, band := range bands {
				bounds[b] = ch.DOB.AddDate(band.Min, 0, 0)
			}
			// exits in the last AgeOutDays before the 18th birthday are
			// age-outs, not events of the rates: exposure stops there
			bounds[B] = ch.DOB.AddDate(model.AgeYears, 0, -cl.m.AgeOutDays)
		}
		if eps = until18(eps, ch.DOB); len(eps) == 0 {
			return
		}
		first := &eps[0]
		if inWindow(first.Start) {
			ri := cl.Route(&first.Episode, ch.UASC && (ch.DUC.IsZero() || ch.DUC.After(first.Start)))
			y := min(max(ageMonths(ch.DOB, first.Start)/12, 0), model.AgeYears-1)
			re := &c.Routes[ri]
			re.Entries++
			re.AgeProfile[y]++
			re.FirstPlacement[bandOfYear[y]*K+cl.Category(first.Place, first.Provider)]++
			monthly[ri*c.Months+int(monthOf(first.Start)-opt.From)]++
		}
		prev := -1
		for i := range eps {
			e := &eps[i]
			k := cl.Category(e.Place, e.Provider)
			if prev >= 0 && k != prev && isMove(e.Episode.RNE) && inWindow(e.Start) && e.Start.Before(bounds[B]) {
				c.Move[(bandAt(ch.DOB, e.Start)*K+prev)*K+k].Events++
			}
			prev = k
			if inCareAt(e, stockDay) {
				if a := ageMonths(ch.DOB, stockDay); a >= 0 && a < model.NAges {
					c.Initial[a*K+k]++
					c.Children++
				}
			}
			// exposure in the window, band by band, up to the 18th birthday
			from, to := e.Start, e.End
			if to.IsZero() || to.After(winEnd) {
				to = winEnd
			}
			if from.Before(winStart) {
				from = winStart
			}
			for b := 0; b < B && from.Before(to); b++ {
				lo, hi := maxTime(from, bounds[b]), minTime(to, bounds[b+1])
				if lo.Before(hi) {
					exposure[b*K+k] += hi.Sub(lo).Hours() / 24
				}
			}
		}
		last := &eps[len(eps)-1]
		if !last.End.IsZero() && inWindow(last.End) {
			reason := cl.Reason(last.REC, ch.DOB, last.End)
			if reason == R {
				c.AgedOut++
			} else {
				c.Exit[(reason*B+bandAt(ch.DOB, last.End))*K+prev].Events++
			}
		}
	})
	years := make([]float64, len(exposure))
	for i, d := range exposure {
		years[i] = d / model.DaysPerYear
	}
	x := &classYears{years: [][]float64{years}, raw: years, exitF: make([][]float64, R), moveF: []float64{1}}
	for r := range x.exitF {
		x.exitF[r] = []float64{1}
	}
	c.shrink(x, K, B, R, opt.Credibility)
	c.entries(monthly, K, B, opt.MixPrior)
	return c, nil
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// credible blends a cell's raw rate with its parent's by credibility.
