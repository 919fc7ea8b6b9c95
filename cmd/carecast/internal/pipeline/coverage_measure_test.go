package pipeline

import (
	"os"
	"strconv"
	"testing"

	"github.com/carecast/carecast/model/backtest"
	"github.com/carecast/carecast/scenarios"
)

// TestMeasureCoverage backtests carecast's 80% band on synthetic councils
// of about 480 children with known rates (the shire county's, steady):
// over CARECAST_COVERAGE seeds (20 or more for a claim; it takes about a
// second a seed) and 3 origins, the share of actual month-end counts the
// band holds over 1–12 and 13–24 months ahead, with each run's rates drawn
// from their evidence and with the rates taken as known. It runs only when
// asked:
//
//	CARECAST_COVERAGE=20 go test ./cmd/carecast/internal/pipeline -run TestMeasureCoverage -v
func TestMeasureCoverage(t *testing.T) {
	seeds, err := strconv.Atoi(os.Getenv("CARECAST_COVERAGE"))
	if err != nil || seeds < 1 {
		t.Skip("CARECAST_COVERAGE=20 measures the coverage of the bands over 20 seeds")
	}
	tmpl, err := scenarios.Load("baseline.yaml")
	if err != nil {
		t.Fatal(err)
	}
	kinds := []struct {
		name  string
		fixed bool
	}{{"rates drawn from their evidence", false}, {"rates taken as known", true}}
	for _, k := range kinds {
		var early, late []float64
		for seed := 1; seed <= seeds; seed++ {
			e, l := coverageSeed(t, tmpl, uint64(seed), MonteCarlo{Runs: DefaultRuns, Seed: uint64(seed), Fixed: k.fixed})
			early, late = append(early, e), append(late, l)
		}
		me, se := meanSD(early)
		ml, sl := meanSD(late)
		t.Logf("%s, %d seeds × 3 origins: 80%% band held %.1f%% (sd across seeds %.1f) of actuals 1-12 months ahead, %.1f%% (sd %.1f) 13-24 months ahead",
			k.name, seeds, 100*me, 100*se, 100*ml, 100*sl)
	}
}

// coverageSeed backtests one steady synthetic council with bands and
// returns the share of actuals the band held 1–12 and 13–24 months ahead.
func coverageSeed(t *testing.T, tmpl *scenarios.Scenario, seed uint64, bands Bander) (early, late float64) {
	t.Helper()
	ret, _ := synthCouncil(t, seed, nil)
	b, err := BacktestReturns(ret, tmpl, BacktestOptions{Origins: measureOrigins, Reference: 36, Horizon: 24, Bands: bands})
	if err != nil {
		t.Fatal(err)
	}
	pts := backtest.Pool(b.Origins, Carecast)
	e := backtest.Measure(backtest.Within(pts, backtest.Range{From: 1, To: 12}))
	l := backtest.Measure(backtest.Within(pts, backtest.Range{From: 13, To: 24}))
	return e.Coverage80, l.Coverage80
}
