package model

import (
	"encoding/json"
	"os"
	"testing"
)

// baselineParams reads testdata/baseline.json: the Params of the shipped
// scenarios/baseline.yaml (11 categories, 5 bands, 5 routes, 5 exit
// reasons, 60 months), which this package may not load itself. It was
// written once by a throwaway program in the module (not committed) that
// called scenarios.Load("scenarios/baseline.yaml") and wrote
// json.MarshalIndent(s.Params, "", "\t"); write it again so if the
// baseline changes. JSON keeps every float64 exactly.
func baselineParams(tb testing.TB) *Params {
	tb.Helper()
	b, err := os.ReadFile("testdata/baseline.json")
	if err != nil {
		tb.Fatal(err)
	}
	var p Params
	if err := json.Unmarshal(b, &p); err != nil {
		tb.Fatal(err)
	}
	return &p
}

func TestBaselineFixture(t *testing.T) {
	p := baselineParams(t)
	if p.K() != 11 || p.B() != 5 || len(p.Routes) != 5 || p.R() != 5 || p.Horizon != 60 {
		t.Errorf("fixture of %d categories, %d bands, %d routes, %d reasons, %d months; want the baseline's 11, 5, 5, 5, 60",
			p.K(), p.B(), len(p.Routes), p.R(), p.Horizon)
	}
	res := mustProject(t, p)
	checkFinite(t, res)
	checkConserved(t, res, 1e-12)
	if got := loopAllocs(p); got != 0 {
		t.Errorf("monthly loop: %v allocations per run, want 0", got)
	}
}

// BenchmarkProject is the projection of the shipped baseline (Validate,
// the plan, the monthly loop), over its 60 months and over the longest
// horizon.
func BenchmarkProject(b *testing.B) {
	for _, months := range []int{60, MaxHorizon} {
		p := baselineParams(b)
		p.Horizon = months
		name := "baseline-60"
		if months == MaxHorizon {
			name = "baseline-1200"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Project(p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkProjectDurations is the baseline's 60 months with the six
// duration classes of the contract (25 slots of duration) and factors.
func BenchmarkProjectDurations(b *testing.B) {
	p := durationBaseline(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Project(p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkValidate is the validation of the shipped baseline.
func BenchmarkValidate(b *testing.B) {
	p := baselineParams(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := p.Validate(); err != nil {
			b.Fatal(err)
		}
	}
}
