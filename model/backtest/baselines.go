package backtest

import (
	"math"

	"gonum.org/v1/gonum/stat"
)

// NaiveLast forecasts horizon months as the last of the month-end counts
// of history (the count at the origin), held flat. It returns nil when
// history is empty.
func NaiveLast(history []float64, horizon int) []float64 {
	if len(history) == 0 {
		return nil
	}
	out := make([]float64, horizon)
	for i := range out {
		out[i] = history[len(history)-1]
	}
	return out
}

// LinearTrend forecasts horizon months by the least-squares straight line
// through history, the month-end counts of consecutive months ending at
// the origin, carried on month by month: the forecast h months ahead is
// the line's value h months after the last count. A line that would fall
// below zero is held at zero, as no count can. It returns nil with fewer
// than two counts, which do not make a trend.
func LinearTrend(history []float64, horizon int) []float64 {
	n := len(history)
	if n < 2 {
		return nil
	}
	x := make([]float64, n)
	for i := range x {
		x[i] = float64(i)
	}
	alpha, beta := stat.LinearRegression(x, history, nil, false)
	out := make([]float64, horizon)
	for h := range out {
		out[h] = math.Max(0, alpha+beta*float64(n-1+h+1))
	}
	return out
}

// TrendLevel is the expected entries in the month after a window of
// months whose entries averaged mean a month, under a log-linear trend
// growing by growth a year (0.05 = 5%) fitted to them by maximum
// likelihood: such a fit keeps the window's total, so the fitted month t
// of the window (t = 0 … months−1) expects
//
//	mean·months · g^t / Σ_s g^s,   g = (1+growth)^(1/12),
//
// and the month after it, t = months, the value returned. With no growth
// it is mean; growth must be above −1 and months at least 1.
func TrendLevel(mean float64, months int, growth float64) float64 {
	if growth == 0 || months < 1 {
		return mean
	}
	b := math.Log1p(growth) / 12 // growth a month, on the log scale
	var sum float64
	for t := 0; t < months; t++ {
		sum += math.Exp(b * float64(t-months))
	}
	return mean * float64(months) / sum
}
