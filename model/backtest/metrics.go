package backtest

import "math"

// Point is one month's forecast set against the number that followed.
type Point struct {
	// Horizon is how many months after the origin the month is: 1 for the
	// month after it.
	Horizon  int
	Forecast float64
	Actual   float64
	// Banded says whether the forecast has an 80% band, P10 to P90.
	Banded   bool
	P10, P90 float64
}

// Accuracy summarises the errors of a set of points (see the package
// documentation for the definitions). Every field is 0 when N is 0, and
// the percentages are 0 when no point has an actual above 0.
type Accuracy struct {
	N int // points measured
	// MAPE is the mean absolute percentage error, in per cent.
	MAPE float64
	// MAE is the mean absolute error, in children.
	MAE float64
	// Bias is the mean of forecast − actual, in children: positive when
	// the forecasts were too high.
	Bias float64
	// BiasPercent is the mean of (forecast − actual)/actual, in per cent.
	BiasPercent float64
	// NoPercent is the points left out of MAPE and BiasPercent because
	// their actual was 0.
	NoPercent int
	// Banded is the points with a band; Coverage80 the share of them
	// (0 to 1) whose actual lies within it, 0 when Banded is 0.
	Banded     int
	Coverage80 float64
}

// Measure summarises the errors of points.
func Measure(points []Point) Accuracy {
	var a Accuracy
	var abs, signed, absPct, signedPct float64
	var inside, pct int
	for _, p := range points {
		e := p.Forecast - p.Actual
		a.N++
		abs += math.Abs(e)
		signed += e
		if p.Actual > 0 {
			pct++
			absPct += math.Abs(e) / p.Actual
			signedPct += e / p.Actual
		}
		if p.Banded {
			a.Banded++
			if p.P10 <= p.Actual && p.Actual <= p.P90 {
				inside++
			}
		}
	}
	if a.N == 0 {
		return a
	}
	a.MAE, a.Bias = abs/float64(a.N), signed/float64(a.N)
	a.NoPercent = a.N - pct
	if pct > 0 {
		a.MAPE, a.BiasPercent = 100*absPct/float64(pct), 100*signedPct/float64(pct)
	}
	if a.Banded > 0 {
		a.Coverage80 = float64(inside) / float64(a.Banded)
	}
	return a
}

// Range is the months ahead From to To, inclusive.
type Range struct{ From, To int }

// Contains reports whether h months ahead is in the range.
func (r Range) Contains(h int) bool { return r.From <= h && h <= r.To }

// Within returns the points whose horizon is in r.
func Within(points []Point, r Range) []Point {
	var out []Point
	for _, p := range points {
		if r.Contains(p.Horizon) {
			out = append(out, p)
		}
	}
	return out
}

// ByHorizon measures the points of each month ahead, 1 to horizon: the
// accuracy of h months ahead is at index h−1 (N 0 where no point is).
func ByHorizon(points []Point, horizon int) []Accuracy {
	groups := make([][]Point, horizon)
	for _, p := range points {
		if p.Horizon >= 1 && p.Horizon <= horizon {
			groups[p.Horizon-1] = append(groups[p.Horizon-1], p)
		}
	}
	out := make([]Accuracy, horizon)
	for i, g := range groups {
		out[i] = Measure(g)
	}
	return out
}

// Bands are the years ahead of a horizon of months: 1–12, 13–24, …, the
// last cut at horizon (1–12 and 13–18 for 18 months).
func Bands(horizon int) []Range {
	var out []Range
	for from := 1; from <= horizon; from += 12 {
		out = append(out, Range{From: from, To: min(from+11, horizon)})
	}
	return out
}
