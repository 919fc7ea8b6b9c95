package montecarlo

import "testing"

// BenchmarkSimulate is 1,000 runs of the shipped baseline's 60 months
// (457 children at the start, about 480 at the end), over every core.
func BenchmarkSimulate(b *testing.B) {
	p := baseline(b)
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
