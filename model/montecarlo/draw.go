package montecarlo

import (
	"math"
	"math/rand/v2"
)

// stream is a run's random numbers: a PCG generator, used directly in the
// hot loop, and a rand.Rand on it for the rarer draws.
type stream struct {
	pcg *rand.PCG
	rng *rand.Rand
}

func newStream() *stream {
	pcg := rand.NewPCG(0, 0)
	return &stream{pcg: pcg, rng: rand.New(pcg)}
}

// seed sets the stream of run number run of a simulation seeded with seed.
// The two halves of the PCG state are the seed and the run number, each
// scrambled by the SplitMix64 finaliser, so that neighbouring runs (and
// seeds) start from unrelated states.
func (s *stream) seed(seed uint64, run int) {
	s.pcg.Seed(mix64(seed), mix64(seed^mix64(uint64(run)+1)))
}

// mix64 is the SplitMix64 finaliser, a bijection of 64-bit words that
// scatters nearby inputs.
func mix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// uniform is a uniform number in [0, 1).
func (s *stream) uniform() float64 { return float64(s.pcg.Uint64()>>11) * 0x1p-53 }

// intn is a uniform whole number in [0, n), n > 0.
func (s *stream) intn(n int) int { return s.rng.IntN(n) }

// round is x rounded down or up at random, up with chance x − ⌊x⌋, so that
// its expectation is x; x ≥ 0.
func (s *stream) round(x float64) int {
	f := math.Floor(x)
	if s.uniform() < x-f {
		f++
	}
	return int(f)
}

// poisson is a Poisson number of mean lambda ≥ 0 (see Poisson).
func (s *stream) poisson(lambda float64) int { return Poisson(s.rng, lambda) }

// Poisson draws a Poisson number of mean lambda from rng: by inversion for
// a mean below 10, else by Hörmann's transformed rejection with squeeze
// (PTRS; W. Hörmann, Insurance: Mathematics and Economics 12, 1993). A
// mean of 0 or less gives 0.
func Poisson(rng *rand.Rand, lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	if lambda < 10 {
		u := rng.Float64()
		p := math.Exp(-lambda)
		f, x := p, 0
		for u > f && p > 0 {
			x++
			p *= lambda / float64(x)
			f += p
		}
		return x
	}
	slam, loglam := math.Sqrt(lambda), math.Log(lambda)
	b := 0.931 + 2.53*slam
	a := -0.059 + 0.02483*b
	invalpha := 1.1239 + 1.1328/(b-3.4)
	vr := 0.9277 - 3.6224/(b-2)
	for {
		u := rng.Float64() - 0.5
		v := rng.Float64()
		us := 0.5 - math.Abs(u)
		k := math.Floor((2*a/us+b)*u + lambda + 0.43)
		if us >= 0.07 && v <= vr {
			return int(k)
		}
		if k < 0 || us < 0.013 && v > us {
			continue
		}
		lg, _ := math.Lgamma(k + 1)
		if math.Log(v)+math.Log(invalpha)-math.Log(a/(us*us)+b) <= -lambda+k*loglam-lg {
			return int(k)
		}
	}
}

// gamma is a Gamma number of shape alpha > 0 and scale 1 (Marsaglia and
// Tsang, 2000; for alpha < 1, Gamma(alpha+1)·U^(1/alpha)).
func (s *stream) gamma(alpha float64) float64 {
	if alpha < 1 {
		u := s.uniform()
		for u == 0 {
			u = s.uniform()
		}
		return s.gamma(alpha+1) * math.Pow(u, 1/alpha)
	}
	d := alpha - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := s.rng.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := s.uniform()
		if u < 1-0.0331*x*x*x*x || math.Log(u) < 0.5*x*x+d*(1-v+math.Log(v)) {
			return d * v
		}
	}
}

// systematic turns expected numbers into whole ones by a systematic draw:
// with one uniform u, cell i gets ⌊S_i + u⌋ − ⌊S_(i−1) + u⌋, S_i being the
// running sum of the expected numbers. Each cell gets its number rounded
// down or up, with expectation exactly its number, and the total is the
// expected total rounded down or up; whole numbers are kept as they are.
// visit is called for every cell with a child in it.
func (s *stream) systematic(expected []float64, visit func(i, n int)) {
	u := s.uniform()
	var sum float64
	prev := math.Floor(u)
	for i, x := range expected {
		sum += x
		next := math.Floor(sum + u)
		if n := int(next - prev); n > 0 {
			visit(i, n)
		}
		prev = next
	}
}
