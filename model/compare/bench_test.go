package compare

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkAgainst compares ten years of eleven categories, the shape of
// the shipped baseline, with a fixed line each.
func BenchmarkAgainst(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	var pair [2][][]float64
	for i := range pair {
		pair[i] = make([][]float64, 120)
		for t := range pair[i] {
			pair[i][t] = make([]float64, 11)
			for k := range pair[i][t] {
				pair[i][t][k] = 1000 * rng.Float64()
			}
		}
	}
	perDay := make([]float64, 11)
	for k := range perDay {
		perDay[k] = 50 + 500*rng.Float64()
	}
	fixed := make([]float64, 120)
	base, alt := priced(pair[0], perDay, fixed), priced(pair[1], perDay, fixed)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Against(base, alt); err != nil {
			b.Fatal(err)
		}
	}
}
