package montecarlo

import (
	"math"
	"slices"

	"github.com/carecast/carecast/model"
)

// Runs are the simulated futures: for each run, month by month, the
// children in care by category at the month's end, the entries, the exits
// (age-out and interventions out of care among them) and the cost
// (placements and fixed lines, £).
type Runs struct {
	Start      model.Month
	Months     int
	Categories []string
	N          int // runs
	// Method is how the runs were simulated: Children or Cells.
	Method Method

	initial        []int32   // [run]: children in care at the start
	cat            []int32   // [run][month][category]
	entries, exits []int32   // [run][month]
	cost           []float64 // [run][month]
}

// record is one run's part of the Runs' tables.
type record struct {
	cat            []int32
	entries, exits []int32
	cost           []float64
}

func newRuns(p *model.Params, n int) *Runs {
	T, K := p.Horizon, p.K()
	return &Runs{Start: p.Start, Months: T, Categories: p.Categories, N: n,
		initial: make([]int32, n), cat: make([]int32, n*T*K),
		entries: make([]int32, n*T), exits: make([]int32, n*T), cost: make([]float64, n*T)}
}

// record is run i's tables.
func (r *Runs) record(i int) record {
	T, K := r.Months, len(r.Categories)
	return record{cat: r.cat[i*T*K : (i+1)*T*K], entries: r.entries[i*T : (i+1)*T],
		exits: r.exits[i*T : (i+1)*T], cost: r.cost[i*T : (i+1)*T]}
}

// Run is run i's view.
func (r *Runs) Run(i int) RunView { return RunView{r: r, i: i} }

// RunView is one run, read-only.
type RunView struct {
	r *Runs
	i int
}

// Months is the number of months of the run.
func (v RunView) Months() int { return v.r.Months }

// Initial is the number of children in care at the start (the initial
// stock drawn as whole children).
func (v RunView) Initial() int { return int(v.r.initial[v.i]) }

// InCare is the number of children in care at the end of month t.
func (v RunView) InCare(t int) int {
	K := len(v.r.Categories)
	n := 0
	for _, x := range v.r.cat[(v.i*v.r.Months+t)*K : (v.i*v.r.Months+t+1)*K] {
		n += int(x)
	}
	return n
}

// Category is the number of children in category k at the end of month t.
func (v RunView) Category(t, k int) int {
	K := len(v.r.Categories)
	return int(v.r.cat[(v.i*v.r.Months+t)*K+k])
}

// Entries is the number of children who entered care in month t.
func (v RunView) Entries(t int) int { return int(v.r.entries[v.i*v.r.Months+t]) }

// Exits is the number of children who left care in month t, age-out and
// interventions out of care among them.
func (v RunView) Exits(t int) int { return int(v.r.exits[v.i*v.r.Months+t]) }

// Cost is month t's cost, placements and fixed lines, £.
func (v RunView) Cost(t int) float64 { return v.r.cost[v.i*v.r.Months+t] }

// Quantiles summarise one number over the runs: its 5th, 10th, 50th, 90th
// and 95th percentiles and its mean. A percentile p is that of the sorted
// runs x_0 ≤ … ≤ x_(N−1) at h = (N−1)·p, interpolated linearly between
// x_⌊h⌋ and x_⌈h⌉ (Hyndman and Fan's type 7, the default of R and NumPy).
type Quantiles struct {
	P5, P10, P50, P90, P95, Mean float64
}

// quantiles summarises the value of each run.
func (r *Runs) quantiles(value func(RunView) float64) Quantiles {
	x := make([]float64, r.N)
	var sum float64
	for i := range x {
		x[i] = value(r.Run(i))
		sum += x[i]
	}
	slices.Sort(x)
	return Quantiles{P5: quantile(x, 0.05), P10: quantile(x, 0.10), P50: quantile(x, 0.5),
		P90: quantile(x, 0.9), P95: quantile(x, 0.95), Mean: sum / float64(r.N)}
}

// quantile is the type 7 quantile p of the sorted x.
func quantile(x []float64, p float64) float64 {
	h := float64(len(x)-1) * p
	lo := math.Floor(h)
	i := int(lo)
	if i+1 >= len(x) {
		return x[len(x)-1]
	}
	return x[i] + (h-lo)*(x[i+1]-x[i])
}

// InCare is the children in care at the end of month t over the runs.
func (r *Runs) InCare(t int) Quantiles {
	return r.quantiles(func(v RunView) float64 { return float64(v.InCare(t)) })
}

// Category is the children in category k at the end of month t over the runs.
func (r *Runs) Category(t, k int) Quantiles {
	return r.quantiles(func(v RunView) float64 { return float64(v.Category(t, k)) })
}

// Cost is month t's cost over the runs.
func (r *Runs) Cost(t int) Quantiles {
	return r.quantiles(func(v RunView) float64 { return v.Cost(t) })
}

// YearCost is one financial year's cost over the runs.
type YearCost struct {
	Year   int // the calendar year it starts in
	Months int // months of it inside the projection (12 unless at an end)
	Quantiles
}

// Label is the financial year as councils write it, e.g. "2025-26".
func (y YearCost) Label() string { return model.FinancialYearLabel(y.Year) }

// YearCosts is the cost of each financial year over the runs: each run's
// months summed by year, then summarised.
func (r *Runs) YearCosts() []YearCost {
	var out []YearCost
	for t := 0; t < r.Months; t++ {
		fy := (r.Start + model.Month(t)).FinancialYear()
		if len(out) > 0 && out[len(out)-1].Year == fy {
			out[len(out)-1].Months++
			continue
		}
		out = append(out, YearCost{Year: fy, Months: 1})
	}
	first := 0
	for i := range out {
		from, to := first, first+out[i].Months
		out[i].Quantiles = r.quantiles(func(v RunView) float64 {
			var c float64
			for t := from; t < to; t++ {
				c += v.Cost(t)
			}
			return c
		})
		first = to
	}
	return out
}

// Probability is the share of runs for which met is true (a target met,
// say).
func (r *Runs) Probability(met func(RunView) bool) float64 {
	n := 0
	for i := 0; i < r.N; i++ {
		if met(r.Run(i)) {
			n++
		}
	}
	return float64(n) / float64(r.N)
}

// ProbabilityByMonth is, for each month t, the share of runs for which
// met(run, t) is true (a target met by that month, say).
func (r *Runs) ProbabilityByMonth(met func(v RunView, t int) bool) []float64 {
	out := make([]float64, r.Months)
	for t := range out {
		out[t] = r.Probability(func(v RunView) bool { return met(v, t) })
	}
	return out
}
