package seek_test

import (
	"errors"
	"math"
	"testing"

	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/model/seek"
)

// FuzzSeek seeks any target, either way, with any settings, on the small
// council of the Example, by its entries, its exit rate or an intervention
// moving children out of foster care, and holds the Result to its
// promises: settings that are not valid are an error of ErrSettings and
// nothing else is an error; never more projections than allowed; a finite
// value, re-run from Params, that meets the goal if Met says so (within
// the tolerance if Found); a multiplier within the bounds.
func FuzzSeek(f *testing.F) {
	f.Add(115.0, true, uint8(0), 0.0, 0.0, 0.0, 0)
	f.Add(50.0, true, uint8(0), 0.0, 0.0, 0.0, 0)
	f.Add(60.0, false, uint8(1), 0.5, 3.0, 0.001, 5)
	f.Add(95.0, true, uint8(2), 0.0, 0.0, 0.0, 0)
	f.Fuzz(func(t *testing.T, target float64, atMost bool, kind uint8, lo, hi, tol float64, evals int) {
		p, l := fuzzLever(kind)
		g := seek.Goal{Value: func(r *model.Result) (float64, error) { return r.InCare[r.Months-1], nil }, Target: target, AtMost: atMost}
		s := seek.Settings{Min: lo, Max: hi, Tolerance: tol, MaxEvaluations: evals % 100}
		r, err := seek.Seek(p, l, g, s)
		if err != nil {
			if !errors.Is(err, seek.ErrSettings) && !errors.Is(err, seek.ErrGoal) {
				t.Fatalf("target %v, settings %+v: %v", target, s, err)
			}
			return
		}
		max := s.MaxEvaluations
		if max == 0 {
			max = seek.DefaultMaxEvaluations
		}
		if r.Evaluations > max || r.Evaluations < 1 {
			t.Errorf("%d projections, at most %d", r.Evaluations, max)
		}
		checkFuzzResult(t, r, g, s)
	})
}

// fuzzLever is the small council and one of its levers, the last an
// intervention moving three children a month from foster care to homes.
func fuzzLever(kind uint8) (model.Params, seek.Lever) {
	p := smallCouncil()
	switch kind % 3 {
	case 0:
		return p, seek.Lever{Name: "entries", Change: &model.RateChange{Lever: model.LeverEntries, Index: -1, From: -1, To: -1}, Intervention: -1}
	case 1:
		return p, seek.Lever{Name: "exits", Change: &model.RateChange{Lever: model.LeverExit, Index: -1, From: -1, To: -1}, Intervention: -1, PhaseIn: 3}
	}
	p.Interventions = []model.Intervention{{Name: "out", From: 0, To: 1, Children: 3, Start: p.Start, End: p.Start + 11}}
	return p, seek.Lever{Name: "out", Intervention: 0}
}

func checkFuzzResult(t *testing.T, r seek.Result, g seek.Goal, s seek.Settings) {
	t.Helper()
	again, err := model.Project(&r.Params)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := g.Value(again)
	met := v <= g.Target
	if !g.AtMost {
		met = v >= g.Target
	}
	if math.IsNaN(r.Value) || v != r.Value || met != r.Met || r.Met != r.Reachable {
		t.Errorf("value %v (re-run %v), met %v (re-run %v), reachable %v", r.Value, v, r.Met, met, r.Reachable)
	}
	tol := s.Tolerance
	if tol == 0 {
		tol = seek.DefaultTolerance
	}
	if r.Status == seek.Found && math.Abs(v-g.Target) > tol*math.Abs(g.Target) {
		t.Errorf("found %v, not within %v of %v", v, tol, g.Target)
	}
	if r.Multiplier < s.Min || (s.Max > 0 && r.Multiplier > s.Max) {
		t.Errorf("multiplier %v outside %v–%v", r.Multiplier, s.Min, s.Max)
	}
}
