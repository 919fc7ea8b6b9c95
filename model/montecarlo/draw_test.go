package montecarlo

import (
	"math"
	"testing"
)

// Poisson and Gamma draws have the mean and variance they should, within
// five standard errors of 100,000 draws, on both sides of the switch from
// inversion to rejection (and of Gamma's shape 1).
func TestDraws(t *testing.T) {
	st := newStream()
	st.seed(1, 0)
	const n = 100_000
	for _, c := range []struct {
		name       string
		draw       func() float64
		mean, vari float64
	}{
		{"poisson 0.3", func() float64 { return float64(st.poisson(0.3)) }, 0.3, 0.3},
		{"poisson 5", func() float64 { return float64(st.poisson(5)) }, 5, 5},
		{"poisson 10", func() float64 { return float64(st.poisson(10)) }, 10, 10},
		{"poisson 2700", func() float64 { return float64(st.poisson(2700)) }, 2700, 2700},
		{"gamma 0.5", func() float64 { return st.gamma(0.5) }, 0.5, 0.5},
		{"gamma 3.5", func() float64 { return st.gamma(3.5) }, 3.5, 3.5},
		{"gamma 400.5", func() float64 { return st.gamma(400.5) }, 400.5, 400.5},
		{"round 2.3", func() float64 { return float64(st.round(2.3)) }, 2.3, 0.21},
	} {
		var s, ss float64
		for i := 0; i < n; i++ {
			x := c.draw()
			s += x
			ss += x * x
		}
		mean := s / n
		vari := ss/n - mean*mean
		if se := math.Sqrt(c.vari / n); math.Abs(mean-c.mean) > 5*se {
			t.Errorf("%s: mean %v, want %v ± %v", c.name, mean, c.mean, 5*se)
		}
		if math.Abs(vari/c.vari-1) > 0.05 {
			t.Errorf("%s: variance %v, want %v", c.name, vari, c.vari)
		}
	}
}

// The systematic draw keeps whole numbers as they are, and gives each
// cell its number rounded down or up, the total likewise.
func TestSystematic(t *testing.T) {
	st := newStream()
	for seed := uint64(0); seed < 50; seed++ {
		st.seed(seed, 0)
		whole := []float64{3, 0, 1, 7}
		got := make([]int, len(whole))
		st.systematic(whole, func(i, n int) { got[i] = n })
		for i, x := range whole {
			if got[i] != int(x) {
				t.Fatalf("seed %d: cell %d has %d of %v", seed, i, got[i], x)
			}
		}
		frac := []float64{0.4, 2.5, 0.3, 1.9}
		clear(got)
		total := 0
		st.systematic(frac, func(i, n int) { got[i] = n; total += n })
		for i, x := range frac {
			if got[i] != int(math.Floor(x)) && got[i] != int(math.Ceil(x)) {
				t.Errorf("seed %d: cell %d has %d of %v", seed, i, got[i], x)
			}
		}
		if total != 5 && total != 6 {
			t.Errorf("seed %d: %d children of 5.1", seed, total)
		}
	}
}
