package report

import (
	"strconv"
	"strings"
	"testing"

	"github.com/carecast/carecast/model/montecarlo"
)

func TestBandTables(t *testing.T) {
	s, res := baseline(t, "baseline.yaml")
	runs, err := montecarlo.Simulate(s.Params, montecarlo.Settings{Runs: 50, Seed: 3, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	proj := ProjectionBands(Projection(res), runs)
	header, rows := readCSV(t, proj)
	if want := 1 + len(runs.Categories) + 1; len(header) != len(Projection(res).Columns)+5*want {
		t.Fatalf("%d columns, want the projection's and 5 percentiles of %d numbers", len(header), want)
	}
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, r := range rows {
		for _, n := range []string{"in_care", "in_care_foster_ifa", "cost"} {
			if !(num(r[n+"_p5"]) <= num(r[n+"_p10"]) && num(r[n+"_p10"]) <= num(r[n+"_p50"]) &&
				num(r[n+"_p50"]) <= num(r[n+"_p90"]) && num(r[n+"_p90"]) <= num(r[n+"_p95"])) {
				t.Fatalf("%s %s: percentiles out of order: %v", r["month"], n, r)
			}
		}
	}
	_, brows := readCSV(t, BudgetBands(Budget(res), runs))
	totals := 0
	for _, r := range brows {
		if r["category"] == Total {
			totals++
			if num(r["cost_p10"]) > num(r["cost_p90"]) || num(r["cost_p10"]) <= 0 {
				t.Errorf("%s: cost_p10 %s, cost_p90 %s", r["financial_year"], r["cost_p10"], r["cost_p90"])
			}
		} else if r["cost_p10"] != "" {
			t.Errorf("%s %s: a category row holds a band %q, want it blank", r["financial_year"], r["category"], r["cost_p10"])
		}
	}
	if totals != 5 {
		t.Errorf("%d total rows with bands, want 5", totals)
	}
	var b strings.Builder
	PrintBands(&b, runs, false)
	if !strings.Contains(b.String(), "the range of 80% of 50 simulated futures (chance alone") || strings.Count(b.String(), "\n  20") != 5 {
		t.Errorf("PrintBands:\n%s", b.String())
	}
}
