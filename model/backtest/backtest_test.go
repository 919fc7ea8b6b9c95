package backtest

import (
	"fmt"
	"math"
	"slices"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func TestMeasure(t *testing.T) {
	band := func(f, a, lo, hi float64) Point {
		return Point{Horizon: 1, Forecast: f, Actual: a, Banded: true, P10: lo, P90: hi}
	}
	for _, tc := range []struct {
		name   string
		points []Point
		want   Accuracy
	}{
		{"none", nil, Accuracy{}},
		// 10 over of 100, 30 under of 120, 50 over of 0 (no percentage).
		{"mixed", []Point{{1, 110, 100, false, 0, 0}, {2, 90, 120, false, 0, 0}, {3, 50, 0, false, 0, 0}},
			Accuracy{N: 3, MAPE: 17.5, MAE: 30, Bias: 10, BiasPercent: -7.5, NoPercent: 1}},
		// A forecast too high has a positive bias, in children and per cent.
		{"too high", []Point{{1, 110, 100, false, 0, 0}},
			Accuracy{N: 1, MAPE: 10, MAE: 10, Bias: 10, BiasPercent: 10}},
		// MAPE divides by the actual: 100 off 100 is 100%, not 50% (of the
		// forecast) nor 66.7% (of their mean).
		{"denominator", []Point{{1, 200, 100, false, 0, 0}},
			Accuracy{N: 1, MAPE: 100, MAE: 100, Bias: 100, BiasPercent: 100}},
		{"too low", []Point{{1, 50, 100, false, 0, 0}},
			Accuracy{N: 1, MAPE: 50, MAE: 50, Bias: -50, BiasPercent: -50}},
		// Inside, on the edge (inside), above; the unbanded point does not count.
		{"coverage", []Point{band(100, 100, 90, 110), band(100, 90, 90, 110), band(100, 111, 90, 110), {1, 100, 100, false, 0, 0}},
			Accuracy{N: 4, MAPE: (0 + 100.0/9 + 1100.0/111 + 0) / 4, MAE: 21.0 / 4, Bias: (0 + 10 - 11 + 0) / 4.0,
				BiasPercent: (0 + 1000.0/90 - 1100.0/111 + 0) / 4, Banded: 3, Coverage80: 2.0 / 3}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Measure(tc.points)
			g, w := got, tc.want
			if g.N != w.N || g.NoPercent != w.NoPercent || g.Banded != w.Banded ||
				!near(g.MAPE, w.MAPE) || !near(g.MAE, w.MAE) || !near(g.Bias, w.Bias) ||
				!near(g.BiasPercent, w.BiasPercent) || !near(g.Coverage80, w.Coverage80) {
				t.Errorf("Measure = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestByHorizonAndBands(t *testing.T) {
	pts := []Point{
		{Horizon: 1, Forecast: 110, Actual: 100}, {Horizon: 1, Forecast: 100, Actual: 100},
		{Horizon: 13, Forecast: 80, Actual: 100}, {Horizon: 30, Forecast: 1, Actual: 1},
	}
	by := ByHorizon(pts, 24)
	if len(by) != 24 || by[0].N != 2 || !near(by[0].MAPE, 5) || by[1].N != 0 || by[12].N != 1 || !near(by[12].Bias, -20) {
		t.Errorf("ByHorizon: h1 %+v, h2 %+v, h13 %+v", by[0], by[1], by[12])
	}
	if got, want := Bands(24), []Range{{1, 12}, {13, 24}}; !slices.Equal(got, want) {
		t.Errorf("Bands(24) = %v, want %v", got, want)
	}
	if got, want := Bands(18), []Range{{1, 12}, {13, 18}}; !slices.Equal(got, want) {
		t.Errorf("Bands(18) = %v, want %v", got, want)
	}
	if got := Within(pts, Range{13, 24}); len(got) != 1 || got[0].Horizon != 13 {
		t.Errorf("Within 13-24 = %v", got)
	}
}

func TestNaiveLast(t *testing.T) {
	if got, want := NaiveLast([]float64{5, 7, 9}, 3), []float64{9, 9, 9}; !slices.Equal(got, want) {
		t.Errorf("NaiveLast = %v, want %v", got, want)
	}
	if got := NaiveLast(nil, 3); got != nil {
		t.Errorf("NaiveLast(nil) = %v, want nil", got)
	}
}

func TestLinearTrend(t *testing.T) {
	for _, tc := range []struct {
		history, want []float64
	}{
		{[]float64{10, 12, 14}, []float64{16, 18}},
		// x̄ = 1, ȳ = 2, slope 0.5, intercept 1.5: 3 at x = 3, 3.5 at 4.
		{[]float64{1, 3, 2}, []float64{3, 3.5}},
		// Falling through zero: held at zero.
		{[]float64{10, 5, 0}, []float64{0, 0}},
		{[]float64{7}, nil},
	} {
		got := LinearTrend(tc.history, 2)
		if len(got) != len(tc.want) {
			t.Errorf("LinearTrend(%v) = %v, want %v", tc.history, got, tc.want)
			continue
		}
		for i := range got {
			if !near(got[i], tc.want[i]) {
				t.Errorf("LinearTrend(%v) = %v, want %v", tc.history, got, tc.want)
			}
		}
	}
}

func TestTrendLevel(t *testing.T) {
	for _, tc := range []struct {
		mean   float64
		months int
		growth float64
		want   float64
	}{
		{10, 36, 0, 10},
		// Doubling a month (growth 2¹²−1 a year): the window 2, 4 (mean 3)
		// is followed by 8.
		{3, 2, 4095, 8},
		// 12 months growing 10% a year: the level after the window is the
		// middle level, 5.5 months earlier, grown by 1.1^(6.5/12).
		{12, 12, 0.1, 12 * 12 / sumPow(1.1, 12)},
	} {
		if got := TrendLevel(tc.mean, tc.months, tc.growth); !near(got, tc.want) {
			t.Errorf("TrendLevel(%v, %d, %v) = %v, want %v", tc.mean, tc.months, tc.growth, got, tc.want)
		}
	}
	// Level within 0.1% of the mean grown from the window's middle by
	// (months+1)/2 months, for a gentle trend.
	got, approx := TrendLevel(10, 36, 0.05), 10*math.Pow(1.05, 18.5/12)
	if math.Abs(got/approx-1) > 1e-3 {
		t.Errorf("TrendLevel(10, 36, 5%%) = %v, want about %v", got, approx)
	}
}

// sumPow is Σ_{t<n} g^((t−n)/12).
func sumPow(g float64, n int) float64 {
	var s float64
	for t := 0; t < n; t++ {
		s += math.Pow(g, float64(t-n)/12)
	}
	return s
}

func ExampleMeasure() {
	points := []Point{
		{Horizon: 1, Forecast: 410, Actual: 400},
		{Horizon: 2, Forecast: 405, Actual: 420},
	}
	a := Measure(points)
	fmt.Printf("MAPE %.2f%%, MAE %.1f, bias %+.1f children (%+.2f%%), n %d\n", a.MAPE, a.MAE, a.Bias, a.BiasPercent, a.N)
	// Output: MAPE 3.04%, MAE 12.5, bias -2.5 children (-0.54%), n 2
}

func ExampleLinearTrend() {
	fmt.Println(LinearTrend([]float64{400, 404, 408, 412}, 3))
	// Output: [416 420 424]
}

func TestPoints(t *testing.T) {
	o := Origin{Actual: []float64{100, 102}, Forecasts: []Forecast{
		{Method: "a", Values: []float64{101, 103, 105}},
		{Method: "b", Values: []float64{99, 98, 97}, P10: []float64{95, 94, 93}, P90: []float64{101, 100, 99}},
	}}
	a := o.Points("a")
	if len(a) != 2 || a[1] != (Point{Horizon: 2, Forecast: 103, Actual: 102}) {
		t.Errorf("Points(a) = %v: want the two months with actuals", a)
	}
	b := Measure(o.Points("b"))
	if b.Banded != 2 || b.Coverage80 != 0.5 { // 100 in [95, 101], 102 above [94, 100]
		t.Errorf("Points(b) measure %+v, want half of 2 banded points inside", b)
	}
	if o.Points("c") != nil {
		t.Error("Points of a method not there: want nil")
	}
	if got := Pool([]Origin{o, o}, "a"); len(got) != 4 {
		t.Errorf("Pool of two origins: %d points, want 4", len(got))
	}
}
