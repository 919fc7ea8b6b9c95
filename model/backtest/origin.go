package backtest

import "github.com/carecast/carecast/model"

// Origin is a backtest from one month: the counts before and after it and
// each method's forecast of the months after it.
type Origin struct {
	// Month is the origin, the last month a forecast from it may use.
	Month model.Month
	// History is the month-end counts of the reference months, the last at
	// Month.
	History []float64
	// Actual is the month-end counts of the months after Month, as many as
	// are known (at most the forecasts' length).
	Actual    []float64
	Forecasts []Forecast
}

// Forecast is one method's month-end numbers for the months after an
// origin: Values[h−1] is h months ahead. P10 and P90, when not nil, are
// its 80% band, as long as Values.
type Forecast struct {
	Method   string
	Values   []float64
	P10, P90 []float64
}

// Banded reports whether the forecast has a band.
func (f *Forecast) Banded() bool { return f.P10 != nil && f.P90 != nil }

// Points sets the forecast of method against the actuals of the origin,
// one point a month that has both; nil if no forecast is of method.
func (o *Origin) Points(method string) []Point {
	for i := range o.Forecasts {
		f := &o.Forecasts[i]
		if f.Method != method {
			continue
		}
		n := min(len(o.Actual), len(f.Values))
		out := make([]Point, n)
		for h := range out {
			out[h] = Point{Horizon: h + 1, Forecast: f.Values[h], Actual: o.Actual[h]}
			if f.Banded() {
				out[h].Banded, out[h].P10, out[h].P90 = true, f.P10[h], f.P90[h]
			}
		}
		return out
	}
	return nil
}

// Pool is the points of method over every origin.
func Pool(origins []Origin, method string) []Point {
	var out []Point
	for i := range origins {
		out = append(out, origins[i].Points(method)...)
	}
	return out
}
