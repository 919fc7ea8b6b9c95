package montecarlo

import (
	"math"
	"testing"
)

// A split has the multinomial's mean n·p_j for every outcome, within five
// standard errors over 20,000 splits, one child at a time (n ≤
// splitOneByOne) and by sequential binomials, from a base and with
// outcomes of no chance; and it loses no child.
func TestSplit(t *testing.T) {
	st := newStream()
	st.seed(5, 0)
	const splits = 20_000
	for _, c := range []struct {
		base float64
		cum  []float64
	}{
		{0, []float64{0.1, 0.1, 0.6, 1}},
		{0.9, []float64{0.93, 0.99, 0.99, 1}},
		{0, []float64{0.5, 1, 1, 1}},
	} {
		for _, n := range []int{7, splitOneByOne + 1, 500} {
			sum := make([]float64, len(c.cum))
			out := make([]int, len(c.cum))
			for i := 0; i < splits; i++ {
				clear(out)
				st.split(n, c.base, c.cum, out)
				total := 0
				for j, x := range out {
					sum[j] += float64(x)
					total += x
				}
				if total != n {
					t.Fatalf("%v from %v: %d children split, want %d", c.cum, c.base, total, n)
				}
			}
			prev := c.base
			for j, cj := range c.cum {
				p := (cj - prev) / (c.cum[len(c.cum)-1] - c.base)
				prev = cj
				want := float64(n) * p
				se := math.Sqrt(float64(n) * p * (1 - p) / splits)
				if got := sum[j] / splits; math.Abs(got-want) > 5*se+1e-12 {
					t.Errorf("%v from %v, n %d: outcome %d has %.3f on average, want %.3f ± %.3f", c.cum, c.base, n, j, got, want, 5*se)
				}
			}
		}
	}
}

// The picker takes every child once: taking them all, by any ranks, gives
// each cell its count.
func TestPicker(t *testing.T) {
	st := newStream()
	st.seed(6, 0)
	counts := []int{3, 0, 2, 5, 0, 0, 1, 4, 0, 9, 2}
	var pk picker
	for trial := 0; trial < 50; trial++ {
		total := pk.reset(len(counts), func(i int) int { return counts[i] })
		if total != 26 {
			t.Fatalf("total %d, want 26", total)
		}
		got := make([]int, len(counts))
		for left := total; left > 0; left-- {
			got[pk.take(st.intn(left))]++
		}
		for i := range counts {
			if got[i] != counts[i] {
				t.Fatalf("trial %d: cell %d taken %d times, holds %d", trial, i, got[i], counts[i])
			}
		}
	}
}
