package montecarlo

import (
	"fmt"
	"testing"

	"github.com/carecast/carecast/model"
)

// BenchmarkSimulate is 1,000 runs of the shipped baseline's 60 months
// (457 children at the start, about 480 at the end), over every core.
func BenchmarkSimulate(b *testing.B) {
	p := baseline(b)
	b.ReportAllocs()
	for b.Loop() {
		simulate(b, p, Settings{Runs: 1000, Seed: 1})
	}
}

// BenchmarkSimulateDurations is BenchmarkSimulate with the realistic
// duration classes of the tests (six classes, 25 slots): each child's
// table is found by its slot's kind as well as its age.
func BenchmarkSimulateDurations(b *testing.B) {
	p := realistic(baseline(b))
	b.ReportAllocs()
	for b.Loop() {
		simulate(b, p, Settings{Runs: 1000, Seed: 1})
	}
}

// BenchmarkSimulateUncertain is BenchmarkSimulate with each run's rates
// drawn from evidence of 20 child-years a cell and 36 months of entries:
// each run builds its own transitions (a matrix exponential per band).
func BenchmarkSimulateUncertain(b *testing.B) {
	p := withEvidence(b, 20, 36)
	b.ReportAllocs()
	for b.Loop() {
		simulate(b, p, Settings{Runs: 1000, Seed: 1, Uncertainty: true})
	}
}

// national is the baseline scaled to a national-size population: its
// initial stock and its entries times 175 (about 80,000 children).
func national(tb testing.TB) *model.Params { return scaled(tb, 175) }

// scaled is the baseline with its initial stock and entries times f.
func scaled(tb testing.TB, f float64) *model.Params {
	p := baseline(tb)
	for i := range p.Initial {
		p.Initial[i] *= f
	}
	for i := range p.Routes {
		p.Routes[i].PerMonth *= f
	}
	return p
}

// BenchmarkNational is 1,000 runs of 60 months of the national
// population, by each method, over every core (run it with -benchtime=1x:
// one op is the whole simulation).
func BenchmarkNational(b *testing.B) { benchMethods(b, national(b)) }

// BenchmarkCouncil is BenchmarkSimulate by each method.
func BenchmarkCouncil(b *testing.B) { benchMethods(b, baseline(b)) }

// benchMethods is 1,000 runs of p by each method, over every core.
func benchMethods(b *testing.B, p *model.Params) {
	for _, m := range []Method{Children, Cells} {
		b.Run(m.String(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				simulate(b, p, Settings{Runs: 1000, Seed: 1, Method: m})
			}
		})
	}
}

// BenchmarkMethods is 100 runs of 60 months of the baseline scaled from
// half to 64 times its size, by each method, on one core: where the cells
// become faster than the children is CellsFrom.
func BenchmarkMethods(b *testing.B) {
	for _, f := range []float64{1, 4, 8, 12, 16, 64} {
		p := scaled(b, f)
		for _, m := range []Method{Children, Cells} {
			b.Run(fmt.Sprintf("x%v/%v", f, m), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					simulate(b, p, Settings{Runs: 100, Seed: 1, Method: m, Workers: 1})
				}
			})
		}
	}
}
