package montecarlo

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// binomialCases are (n, p) on both sides of the switch from inversion to
// rejection (a mean of 10), with p on both sides of ½.
var binomialCases = []struct {
	n int
	p float64
}{
	{1, 0.3}, {5, 0.03}, {12, 1.0 / 12}, {30, 0.3}, {19, 0.5}, {100, 0.9},
	{40, 0.25}, {21, 0.5}, {1000, 0.02}, {2000, 0.37}, {80000, 0.97}, {7, 0.9999},
}

// A binomial draw has mean n·p and variance n·p·(1−p), each within five
// standard errors over 200,000 draws (that of the sample variance from the
// binomial's fourth central moment, n·p·q·(1 + 3(n−2)·p·q)).
func TestBinomialMoments(t *testing.T) {
	st := newStream()
	st.seed(1, 0)
	const draws = 200_000
	for _, c := range binomialCases {
		var s, ss float64
		for i := 0; i < draws; i++ {
			x := float64(st.binomial(c.n, c.p))
			s += x
			ss += x * x
		}
		mean, vari := s/draws, ss/draws-(s/draws)*(s/draws)
		wantMean, wantVar := float64(c.n)*c.p, float64(c.n)*c.p*(1-c.p)
		if se := math.Sqrt(wantVar / draws); math.Abs(mean-wantMean) > 5*se {
			t.Errorf("Binomial(%d, %v): mean %v, want %v ± %v", c.n, c.p, mean, wantMean, 5*se)
		}
		mu4 := wantVar * (1 + 3*float64(c.n-2)*c.p*(1-c.p))
		if se := math.Sqrt((mu4 - wantVar*wantVar) / draws); math.Abs(vari-wantVar) > 5*se {
			t.Errorf("Binomial(%d, %v): variance %v, want %v ± %v", c.n, c.p, vari, wantVar, 5*se)
		}
	}
}

// A binomial draw follows the exact pmf: a chi-square test of 200,000
// draws, the outcomes of expected count below 20 pooled with their
// neighbours, passes at the 0.1% level. (A draw that were off by one in
// 200 outcomes would fail it.)
func TestBinomialChiSquare(t *testing.T) {
	st := newStream()
	st.seed(2, 0)
	const draws = 200_000
	for _, c := range binomialCases {
		counts := make([]float64, c.n+1)
		for i := 0; i < draws; i++ {
			x := st.binomial(c.n, c.p)
			if x < 0 || x > c.n {
				t.Fatalf("Binomial(%d, %v) gave %d", c.n, c.p, x)
			}
			counts[x]++
		}
		chi, df := chiSquare(counts, func(k int) float64 { return draws * binomialPMF(c.n, c.p, k) })
		if df < 1 {
			continue
		}
		crit := distuv.ChiSquared{K: float64(df)}.Quantile(0.999)
		if chi > crit {
			t.Errorf("Binomial(%d, %v): chi-square %.1f on %d degrees of freedom, above %.1f", c.n, c.p, chi, df, crit)
		}
	}
}

// chiSquare is Pearson's statistic of the observed counts against the
// expected ones, pooling neighbouring outcomes until each pool expects 20
// or more (the last pool takes what is left), and its degrees of freedom.
func chiSquare(observed []float64, expected func(k int) float64) (chi float64, df int) {
	var o, e float64
	pools := 0
	for k := range observed {
		o += observed[k]
		e += expected(k)
		if e >= 20 || k == len(observed)-1 {
			if e > 0 {
				chi += (o - e) * (o - e) / e
				pools++
			}
			o, e = 0, 0
		}
	}
	return chi, pools - 1
}

// binomialPMF is the chance of k successes in n trials of chance p.
func binomialPMF(n int, p float64, k int) float64 {
	nf, kf := float64(n), float64(k)
	return math.Exp(lgamma(nf+1) - lgamma(kf+1) - lgamma(nf-kf+1) + kf*math.Log(p) + (nf-kf)*math.Log1p(-p))
}

// Degenerate binomials: no trials, or a chance of 0 or 1.
func TestBinomialEdges(t *testing.T) {
	st := newStream()
	st.seed(3, 0)
	for _, c := range []struct {
		n    int
		p    float64
		want int
	}{{0, 0.5, 0}, {-1, 0.5, 0}, {10, 0, 0}, {10, -0.1, 0}, {10, 1, 10}, {10, 1.2, 10}} {
		if got := st.binomial(c.n, c.p); got != c.want {
			t.Errorf("Binomial(%d, %v) = %d, want %d", c.n, c.p, got, c.want)
		}
	}
}

func BenchmarkBinomial(b *testing.B) {
	for _, c := range []struct {
		n int
		p float64
	}{{3, 0.03}, {40, 0.03}, {40, 0.4}, {2000, 0.1}} {
		b.Run(fmt.Sprintf("n=%d,p=%v", c.n, c.p), func(b *testing.B) {
			st := newStream()
			st.seed(1, 0)
			sum := 0
			for b.Loop() {
				sum += st.binomial(c.n, c.p)
			}
			if sum < 0 {
				b.Fatal(sum)
			}
		})
	}
}
