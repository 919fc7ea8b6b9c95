package synth

import (
	"math/rand/v2"

	"github.com/carecast/carecast/model/montecarlo"
)

// cumulate sets c to the running sums of the weights w over their total,
// so that c ends at 1 (all 0 if the weights are); c may be w.
func cumulate(c, w []float64) {
	var tot float64
	for _, x := range w {
		tot += x
	}
	acc := 0.0
	for i, x := range w {
		if tot > 0 {
			acc += x / tot
		}
		c[i] = acc
	}
}

// draw returns the first index whose cumulative weight exceeds u, or
// the last index with a weight if rounding leaves u above them all.
func draw(cum []float64, u float64) int {
	last, prev := 0, 0.0
	for i, c := range cum {
		if u < c {
			return i
		}
		if c > prev {
			last = i
		}
		prev = c
	}
	return last
}

// drawOpening is draw over a route's first episodes.
func drawOpening(st []opening, u float64) int {
	for i := range st {
		if u < st[i].cum {
			return i
		}
	}
	return len(st) - 1
}

// poisson draws from a Poisson distribution (montecarlo.Poisson).
func poisson(rng *rand.Rand, mean float64) int { return montecarlo.Poisson(rng, mean) }
