package pipeline

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/carecast/carecast/data/synth"
	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/scenarios"
)

// synthReturns writes the returns of the shire county, the years ending
// in March 2019 to lastYear, into a folder and returns it.
func synthReturns(t *testing.T, seed uint64, lastYear int) string {
	t.Helper()
	s, err := scenarios.Load("shire-county.yaml")
	if err != nil {
		t.Fatal(err)
	}
	opt := synth.DefaultOptions()
	opt.LastYear, opt.Years = 2025, 7
	ret, err := synth.Synthesize(s.Params, s.Mapping, opt, rand.New(rand.NewPCG(seed, 0x903)))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := synth.WriteReturns(dir, ret, 2019, lastYear); err != nil {
		t.Fatal(err)
	}
	return dir
}

// The forecasts from an origin are the same from returns that end there,
// as a council's stood at the time, as from returns years longer: nothing
// after the origin reaches the calibration, the starting stock or the
// baselines.
func TestBacktestUsesNothingAfterTheOrigin(t *testing.T) {
	full, cut := synthReturns(t, 11, 2025), synthReturns(t, 11, 2022)
	origin := m(2022, 3)
	o := BacktestOptions{Scenario: "baseline.yaml", Origins: nil, Reference: 36, Horizon: 24}
	s, err := scenarios.Load(o.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	var got [2][][]float64
	for i, dir := range []string{full, cut} {
		ret, err := Read(Source{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		bo, _, err := forecastFrom(ret.Returns, s, origin, o)
		if err != nil {
			t.Fatal(err)
		}
		got[i] = append(got[i], bo.History)
		for _, f := range bo.Forecasts {
			got[i] = append(got[i], f.Values)
		}
	}
	for i := range got[0] {
		if !slices.Equal(got[0][i], got[1][i]) {
			t.Errorf("series %d differs between returns to 2025 and to 2022:\n%v\n%v", i, got[0][i][:3], got[1][i][:3])
		}
	}
	// The truncated returns hold no actuals to compare: a clear error.
	o.Source, o.Origins = Source{Dir: cut}, []model.Month{origin}
	if _, err := RunBacktest(o); err == nil || !strings.Contains(err.Error(), "no month after it") {
		t.Errorf("an origin at the end of the returns: %v", err)
	}
}
