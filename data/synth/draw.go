package synth

import (
	"math"
	"math/rand/v2"
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

// poisson draws from a Poisson distribution: by inversion for a small
// mean, else by Hörmann's transformed rejection (PTRS, 1993).
func poisson(rng *rand.Rand, mean float64) int {
	if mean <= 0 {
		return 0
	}
	if mean < 10 {
		u := rng.Float64()
		p := math.Exp(-mean)
		f, k := p, 0
		for u > f && k < 1000 {
			k++
			p *= mean / float64(k)
			f += p
		}
		return k
	}
	slam, loglam := math.Sqrt(mean), math.Log(mean)
	b := 0.931 + 2.53*slam
	a := -0.059 + 0.02483*b
	invalpha := 1.1239 + 1.1328/(b-3.4)
	vr := 0.9277 - 3.6224/(b-2)
	for {
		u := rng.Float64() - 0.5
		v := rng.Float64()
		us := 0.5 - math.Abs(u)
		k := math.Floor((2*a/us+b)*u + mean + 0.43)
		if us >= 0.07 && v <= vr {
			return int(k)
		}
		if k < 0 || us < 0.013 && v > us {
			continue
		}
		lg, _ := math.Lgamma(k + 1)
		if math.Log(v)+math.Log(invalpha)-math.Log(a/(us*us)+b) <= -mean+k*loglam-lg {
			return int(k)
		}
	}
}
