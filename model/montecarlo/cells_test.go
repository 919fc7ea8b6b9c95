package montecarlo

import (
	"math"
	"testing"

	"github.com/carecast/carecast/model"
)

// The two methods draw from the same distribution: on a council (the
// baseline, 457 children; and with levers) and a mid-size population
// (eight times it, with levers, places and interventions times eight too),
// 2,000 runs of each have means within 0.5% of the projection (1% for the
// council with levers, where the mean of whole children is not the
// projection of expected numbers: see the package documentation), and
// their 10th and 90th percentiles of the children in care at 24 and 60
// months agree within four standard errors of the difference of two
// sample quantiles (and one child, for whole numbers).
func TestMethodsAgree(t *testing.T) {
	if testing.Short() {
		t.Skip("2 × 2,000 runs of three populations")
	}
	for _, c := range []struct {
		name string
		p    *model.Params
		tol  float64
	}{{"council", baseline(t), 0.005}, {"council with levers", levers(t), 0.01}, {"mid-size with levers", scaledLevers(t, 8), 0.005}} {
		p := c.p
		children := simulate(t, p, Settings{Runs: 2000, Seed: 1, Method: Children})
		cells := simulate(t, p, Settings{Runs: 2000, Seed: 2, Method: Cells})
		checkMean(t, c.name+" by children", p, children, c.tol, 0.03)
		checkMean(t, c.name+" by cells", p, cells, c.tol, 0.03)
		for _, m := range []int{23, 59} {
			a, b := children.InCare(m), cells.InCare(m)
			sd := math.Sqrt((variance(children, m) + variance(cells, m)) / 2)
			for _, q := range []struct {
				p    float64
				a, b float64
			}{{0.1, a.P10, b.P10}, {0.9, a.P90, b.P90}} {
				tol := 4*quantileSE(q.p, sd, children.N)*math.Sqrt2 + 1
				t.Logf("%s month %d: P%.0f %.1f by children, %.1f by cells (tolerance %.1f)", c.name, m+1, 100*q.p, q.a, q.b, tol)
				if math.Abs(q.a-q.b) > tol {
					t.Errorf("%s month %d: P%.0f of in care %.1f by children, %.1f by cells, beyond %.1f",
						c.name, m+1, 100*q.p, q.a, q.b, tol)
				}
			}
		}
	}
}

// quantileSE is the standard error of the sample quantile p of n draws
// from a normal distribution of standard deviation sd:
// √(p(1−p)/n) / φ(z_p), with sd scaling the density.
func quantileSE(p, sd float64, n int) float64 {
	z := math.Sqrt2 * math.Erfinv(2*p-1)
	phi := math.Exp(-z*z/2) / math.Sqrt(2*math.Pi)
	return sd * math.Sqrt(p*(1-p)/float64(n)) / phi
}

// variance is the variance of the children in care at the end of month m
// over the runs.
func variance(r *Runs, m int) float64 {
	_, se := meanSE(r, func(v RunView) float64 { return float64(v.InCare(m)) })
	return se * se * float64(r.N-1)
}

// Auto takes the children for a council and the cells for a national
// population; a Method set is taken as it is, and the Runs say which.
func TestChooseMethod(t *testing.T) {
	for _, c := range []struct {
		name string
		f    float64
		set  Method
		want Method
	}{
		{"council", 1, Auto, Children},
		{"national", 175, Auto, Cells},
		{"council forced", 1, Cells, Cells},
		{"national forced", 175, Children, Children},
	} {
		p := scaled(t, c.f)
		p.Horizon = 2
		if got := simulate(t, p, Settings{Runs: 1, Method: c.set}).Method; got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	if _, err := Simulate(baseline(t), Settings{Runs: 1, Method: Cells + 1}); err == nil {
		t.Error("an unknown method was taken")
	}
}
