package seek_test

import (
	"testing"

	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/model/seek"
)

// BenchmarkSeek is a seek on the shipped baseline (60 months, about 1.2 ms
// a projection): a typical one (entries cut, reunification raised, to 90%
// of the children in care at the end) and an unreachable one (10 children
// in care whatever the entries). It reports projections per seek.
func BenchmarkSeek(b *testing.B) {
	p := baseline(b)
	base := baseValue(b, p, inCare)
	for _, bc := range []struct {
		name   string
		lever  seek.Lever
		target float64
	}{
		{"entries", rate("entries", model.RateChange{Lever: model.LeverEntries, Index: -1, From: -1, To: -1}), 0.9 * base},
		{"reunification", rate("exits.reunification", model.RateChange{Lever: model.LeverExit, Index: 0, From: -1, To: -1}), 0.9 * base},
		{"unreachable", rate("entries", model.RateChange{Lever: model.LeverEntries, Index: -1, From: -1, To: -1}), 10},
	} {
		b.Run(bc.name, func(b *testing.B) {
			goal := seek.Goal{Value: inCare, Target: bc.target, AtMost: true}
			var evals int
			for b.Loop() {
				r, err := seek.Seek(p, bc.lever, goal, seek.Settings{})
				if err != nil {
					b.Fatal(err)
				}
				evals = r.Evaluations
			}
			b.ReportMetric(float64(evals), "projections/seek")
		})
	}
}
