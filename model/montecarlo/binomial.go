package montecarlo

import "math"

// binomialInversion is the largest mean n·min(p, 1−p) drawn by inversion;
// above it the binomial is drawn by transformed rejection (BTRS), whose
// cost does not grow with the mean. The rejection method needs a mean of
// at least 10.
const binomialInversion = 10

// binomial is a Binomial(n, p) number: the number of successes in n
// independent trials of chance p. A p at or below 0 gives 0, at or above 1
// gives n. For p > ½ it is n less a Binomial(n, 1−p).
func (s *stream) binomial(n int, p float64) int {
	if n <= 0 || p <= 0 {
		return 0
	}
	if p >= 1 {
		return n
	}
	if p > 0.5 {
		return n - s.binomial(n, 1-p)
	}
	if float64(n)*p < binomialInversion {
		return s.binomialInv(n, p, powInt(1-p, n))
	}
	return s.binomialBTRS(n, p)
}

// binomialInv is a Binomial(n, p) number by inversion (BINV, Kachitvichyanukul
// and Schmeiser 1988): the pmf is walked up from 0, f(x+1) = f(x)·((n+1)/x −
// 1)·p/q, until it passes a uniform number; q0 is (1−p)^n, the chance of 0.
// It takes 1 + n·p steps on average, so it serves small means.
func (s *stream) binomialInv(n int, p, q0 float64) int {
	ratio := p / (1 - p)
	a := float64(n+1) * ratio
	u := s.uniform()
	f := q0
	x := 0
	for u >= f {
		u -= f
		x++
		if x >= n {
			return n
		}
		f *= a/float64(x) - ratio
		if f <= 0 { // rounding left u beyond the pmf's total
			return x
		}
	}
	return x
}

// binomialBTRS is a Binomial(n, p) number, p ≤ ½, n·p ≥ 10, by Hörmann's
// transformed rejection with squeeze (BTRS; W. Hörmann, "The generation of
// binomial random variates", J. Statist. Comput. Simul. 46, 1993): a point
// under a hat of the transformed density is drawn from two uniforms; most
// are accepted by the squeeze, the rest by comparison with the pmf, up to
// its constant, through log-gamma.
func (s *stream) binomialBTRS(n int, p float64) int {
	q := 1 - p
	nf := float64(n)
	spq := math.Sqrt(nf * p * q)
	b := 1.15 + 2.53*spq
	a := -0.0873 + 0.0248*b + 0.01*p
	c := nf*p + 0.5
	vr := 0.92 - 4.2/b
	alpha := (2.83 + 5.1/b) * spq
	lpq := math.Log(p / q)
	m := math.Floor((nf + 1) * p)
	h := lgamma(m+1) + lgamma(nf-m+1)
	for {
		u := s.uniform() - 0.5
		v := s.uniform()
		us := 0.5 - math.Abs(u)
		k := math.Floor((2*a/us+b)*u + c)
		if k < 0 || k > nf {
			continue
		}
		if us >= 0.07 && v <= vr {
			return int(k)
		}
		if v == 0 {
			continue
		}
		v = math.Log(v * alpha / (a/(us*us) + b))
		if v <= h-lgamma(k+1)-lgamma(nf-k+1)+(k-m)*lpq {
			return int(k)
		}
	}
}

// lgamma is log Γ(x) for x > 0.
func lgamma(x float64) float64 {
	l, _ := math.Lgamma(x)
	return l
}

// powInt is x to the power n ≥ 0, by repeated squaring: log₂ n
// multiplications, where math.Pow takes a logarithm and an exponential.
// Its relative error is at most about n·2⁻⁵³.
func powInt(x float64, n int) float64 {
	r := 1.0
	for ; n > 0; n >>= 1 {
		if n&1 == 1 {
			r *= x
		}
		x *= x
	}
	return r
}
