package montecarlo

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/carecast/carecast/model"
)

// baseline reads the model's fixture: the Params of the shipped
// scenarios/baseline.yaml (457 children, 60 months).
func baseline(tb testing.TB) *model.Params {
	tb.Helper()
	b, err := os.ReadFile("../testdata/baseline.json")
	if err != nil {
		tb.Fatal(err)
	}
	var p model.Params
	if err := json.Unmarshal(b, &p); err != nil {
		tb.Fatal(err)
	}
	return &p
}

func simulate(tb testing.TB, p *model.Params, s Settings) *Runs {
	tb.Helper()
	runs, err := Simulate(p, s)
	if err != nil {
		tb.Fatal(err)
	}
	return runs
}

// checkMean fails if the mean of the runs, in care and cost, is further
// than tol (relative) from the projection in any month, or if that of a
// category is further than 4.5 standard errors (the noise of the mean of
// a few dozen children over the runs exceeds 0.5%).
func checkMean(t *testing.T, name string, p *model.Params, runs *Runs, tol float64) {
	t.Helper()
	res, err := model.Project(p)
	if err != nil {
		t.Fatal(err)
	}
	worst, worstZ := 0.0, 0.0
	for m := 0; m < p.Horizon; m++ {
		check := func(what string, got, want float64) {
			d := math.Abs(got-want) / want
			worst = math.Max(worst, d)
			if d > tol {
				t.Errorf("%s %v %s: mean of the runs %.2f, projection %.2f (%.2f%%)", name, res.Month(m), what, got, want, 100*d)
			}
		}
		check("in care", runs.InCare(m).Mean, res.InCare[m])
		check("cost", runs.Cost(m).Mean, res.TotalCost(m))
		for k, want := range res.CategoryRow(m) {
			mean, se := meanSE(runs, func(v RunView) float64 { return float64(v.Category(m, k)) })
			if se == 0 {
				se = 1e-9
			}
			z := math.Abs(mean-want) / se
			worstZ = math.Max(worstZ, z)
			if z > 4.5 {
				t.Errorf("%s %v %s: mean of the runs %.3f, projection %.3f: %.1f standard errors", name, res.Month(m), p.Categories[k], mean, want, z)
			}
		}
	}
	t.Logf("%s: %d runs, largest difference of the mean from the projection %.3f%% (in care, cost), %.1f standard errors (categories)",
		name, runs.N, 100*worst, worstZ)
}

// meanSE is the mean of a number over the runs and its standard error.
func meanSE(runs *Runs, value func(RunView) float64) (mean, se float64) {
	var s, ss float64
	for i := 0; i < runs.N; i++ {
		x := value(runs.Run(i))
		s += x
		ss += x * x
	}
	n := float64(runs.N)
	mean = s / n
	return mean, math.Sqrt(math.Max(ss/n-mean*mean, 0) / (n - 1))
}

// The mean of 2,000 runs without parameter uncertainty is the projection,
// within 0.5% every month: in care, cost and each category of 20 children
// or more (whose runs' mean is noisier).
func TestMeanIsProjection(t *testing.T) {
	if testing.Short() {
		t.Skip("2,000 runs")
	}
	p := baseline(t)
	checkMean(t, "baseline", p, simulate(t, p, Settings{Runs: 2000, Seed: 1}), 0.005)
}
