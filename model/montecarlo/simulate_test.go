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
// a few dozen children over the runs exceeds 0.5%). A capped category and
// its overflow are held to cappedTol (relative) instead: where a category
// is full in some runs and not in others, the mean of the runs is not the
// projection of the mean (see the package documentation).
func checkMean(t *testing.T, name string, p *model.Params, runs *Runs, tol, cappedTol float64) {
	t.Helper()
	res, err := model.Project(p)
	if err != nil {
		t.Fatal(err)
	}
	capped := map[int]bool{}
	for _, c := range p.Capacities {
		capped[c.Category], capped[c.Overflow] = true, true
	}
	var worst, worstZ, worstCapped float64
	for m := 0; m < p.Horizon; m++ {
		check := func(what string, got, want, tol float64, worst *float64) {
			d := math.Abs(got-want) / want
			*worst = math.Max(*worst, d)
			if d > tol {
				t.Errorf("%s %v %s: mean of the runs %.2f, projection %.2f (%.2f%%)", name, res.Month(m), what, got, want, 100*d)
			}
		}
		check("in care", runs.InCare(m).Mean, res.InCare[m], tol, &worst)
		check("cost", runs.Cost(m).Mean, res.TotalCost(m), tol, &worst)
		for k, want := range res.CategoryRow(m) {
			mean, se := meanSE(runs, func(v RunView) float64 { return float64(v.Category(m, k)) })
			if capped[k] {
				check(p.Categories[k], mean, want, cappedTol, &worstCapped)
				continue
			}
			z := math.Abs(mean-want) / math.Max(se, 1e-9)
			worstZ = math.Max(worstZ, z)
			if z > 4.5 {
				t.Errorf("%s %v %s: mean of the runs %.3f, projection %.3f: %.1f standard errors", name, res.Month(m), p.Categories[k], mean, want, z)
			}
		}
	}
	t.Logf("%s: %d runs, largest difference of the mean from the projection: %.3f%% (in care, cost), %.1f standard errors (categories), %.2f%% (capped and overflow)",
		name, runs.N, 100*worst, worstZ, 100*worstCapped)
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
	checkMean(t, "baseline", p, simulate(t, p, Settings{Runs: 2000, Seed: 1}), 0.005, 0)
}

// levers is the baseline with every lever the simulation applies by
// itself: in-house fostering capped with agency fostering as its overflow
// (100 places from the sixth month, then 40: full in every run, whose
// arrivals far exceed the places left), a move into it from external
// homes each month for a year, a move home out of care from agency
// fostering each month for four years, and a one-off cohort moved from
// agency fostering to kinship. None takes a category near empty, where
// min(N, available) of whole children is below that of expected numbers
// (see the package documentation).
func levers(tb testing.TB) *model.Params { return scaledLevers(tb, 1) }

// scaledLevers is levers with the baseline's stock and entries, the places
// and the children moved all times f.
func scaledLevers(tb testing.TB, f float64) *model.Params {
	p := scaled(tb, f)
	s := p.Start
	p.Capacities = []model.Capacity{{Category: 0, Overflow: 1, Places: []model.Places{{From: s + 6, Places: 100 * f}, {From: s + 30, Places: 40 * f}}}}
	p.Interventions = []model.Intervention{
		{Name: "step down", From: 4, To: 0, Children: 1 * f, Start: s + 3, End: s + 14},
		{Name: "home", From: 1, To: model.OutOfCare, ToReason: 0, Children: 1 * f, Bands: 1<<2 | 1<<3, Start: s + 2, End: s + 50},
		{Name: "kinship", From: 1, To: 2, Children: 10 * f, Start: s + 12, End: s + 12},
	}
	return p
}

// The mean of 2,000 runs is the projection within 0.5% with interventions
// (into a capped category and out of care) and a capacity.
func TestMeanIsProjectionWithLevers(t *testing.T) {
	if testing.Short() {
		t.Skip("2,000 runs")
	}
	p := levers(t)
	checkMean(t, "levers", p, simulate(t, p, Settings{Runs: 2000, Seed: 2}), 0.005, 0.03)
}
