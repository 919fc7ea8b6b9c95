package scenarios

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/carecast/carecast/data"
	"github.com/carecast/carecast/data/synth"
	"github.com/carecast/carecast/model"
)

// synthTruth simulates a council whose true rates are shire-county.yaml's.
func synthTruth(t *testing.T, scale float64, years int, seed uint64) (*Scenario, *data.Returns) {
	t.Helper()
	s := mustLoad(t, "shire-county.yaml")
	opt := synth.DefaultOptions()
	opt.Scale, opt.Years = scale, years
	ret, err := synth.Synthesize(s.Params, s.Mapping, opt, rand.New(rand.NewPCG(seed, 0x903)))
	if err != nil {
		t.Fatal(err)
	}
	return s, ret
}

// poissonZ is how many standard deviations the events are from the number
// the true rate gives over the exposure.
func poissonZ(events, years, truth float64) float64 {
	want := truth * years
	return (events - want) / math.Sqrt(math.Max(want, 1))
}

// Calibration recovers the true rates of a synthetic council: every exit
// and move cell whose truth gives at least 10 expected events in the window
// is within 4 Poisson standard deviations of it (the raw estimate, no
// shrinkage), and so are the entries by route.
func TestCalibrationRecoversTrueRates(t *testing.T) {
	truth, ret := synthTruth(t, 10, 6, 11)
	p := truth.Params
	opt := data.CalibrateOptions{From: model.MonthOf(2020, 4), To: model.MonthOf(2025, 3), Credibility: 1e-9}
	cal, err := data.Calibrate(ret, truth.Classifier(), p.Bands, opt)
	if err != nil {
		t.Fatal(err)
	}
	K, B := p.K(), p.B()
	checked := 0
	check := func(what string, e data.Estimate, rate float64) {
		if rate*e.Years < 10 {
			return
		}
		checked++
		if z := poissonZ(e.Events, e.Years, rate); math.Abs(z) > 4 {
			t.Errorf("%s: %v events in %.1f child-years (rate %.4f), truth %.4f: z = %.1f", what, e.Events, e.Years, e.Raw, rate, z)
		}
	}
	for r := 0; r < p.R(); r++ {
		for b := 0; b < B; b++ {
			for k := 0; k < K; k++ {
				check("exit "+p.Reasons[r]+" "+p.Bands[b].Name+" "+p.Categories[k], cal.Exit[(r*B+b)*K+k], p.Exit[p.ExitAt(r, b, k)])
			}
		}
	}
	for b := 0; b < B; b++ {
		for i := 0; i < K; i++ {
			for j := 0; j < K; j++ {
				if i != j {
					check("move "+p.Bands[b].Name+" "+p.Categories[i]+"→"+p.Categories[j], cal.Move[(b*K+i)*K+j], p.Move[p.MoveAt(b, i, j)])
				}
			}
		}
	}
	if checked < 60 {
		t.Errorf("only %d cells had 10 expected events: the test is too weak", checked)
	}
	for ri, route := range p.Routes {
		re := cal.Routes[ri]
		want := route.PerMonth * 10 * float64(cal.Months)
		if z := (re.Entries - want) / math.Sqrt(want); math.Abs(z) > 4 {
			t.Errorf("%s: %v entries in %d months, truth %v: z = %.1f", route.Name, re.Entries, cal.Months, want, z)
		}
	}
	t.Logf("%d cells checked", checked)
}

// A forecast from a scenario calibrated on three years of a synthetic
// council tracks what then happened to that council: the number in care
// 12 and 24 months on is within 4% of the actual number.
func TestCalibratedForecastTracksTheFuture(t *testing.T) {
	truth, ret := synthTruth(t, 5, 10, 12)
	start := model.MonthOf(2022, 4)
	cal, err := data.Calibrate(ret, truth.Classifier(), truth.Params.Bands,
		data.CalibrateOptions{From: model.MonthOf(2019, 4), To: start - 1})
	if err != nil {
		t.Fatal(err)
	}
	p := cal.Params(truth.Params)
	p.Horizon = 24
	res, err := model.Project(p)
	if err != nil {
		t.Fatal(err)
	}
	act, err := data.Actuals(ret, truth.Classifier(), p.Bands, start, start+23)
	if err != nil {
		t.Fatal(err)
	}
	if d := math.Abs(act.InitialInCare - res.InitialInCare); d > 0 {
		t.Errorf("the calibrated stock (%v) is not the actual stock (%v)", res.InitialInCare, act.InitialInCare)
	}
	for _, m := range []int{11, 23} {
		got, want := res.InCare[m], act.InCare[m]
		rel := (got - want) / want
		t.Logf("%v: forecast %.0f, actual %.0f (%+.1f%%)", res.Month(m), got, want, 100*rel)
		if math.Abs(rel) > 0.04 {
			t.Errorf("%v: forecast %.0f, actual %.0f: off by %.1f%%, more than 4%%", res.Month(m), got, want, 100*rel)
		}
	}
}
