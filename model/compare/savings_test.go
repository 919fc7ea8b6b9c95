package compare

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/carecast/carecast/model"
)

var april2025 = model.MonthOf(2025, 4)

// priced is a result of one month per row of days, every month's child-days
// by category priced at perDay (£ per child-day by category), with the
// fixed cost lines' monthly costs in fixed (nil for none).
func priced(days [][]float64, perDay []float64, fixed []float64) *model.Result {
	cats := make([]string, len(perDay))
	for k := range cats {
		cats[k] = string(rune('a' + k))
	}
	var lines []string
	if fixed != nil {
		lines = []string{"team"}
	}
	r := model.NewResult(april2025, len(days), model.Shape{Categories: cats, FixedCosts: lines})
	for t, row := range days {
		for k, d := range row {
			r.ChildDaysRow(t)[k] = d
			r.CostRow(t)[k] = d * perDay[k]
		}
		if fixed != nil {
			r.FixedCostRow(t)[0] = fixed[t]
		}
	}
	return r
}

// Each lever alone moves its own part of the saving and no other.
func TestSplitParts(t *testing.T) {
	base := priced([][]float64{{300, 100}}, []float64{100, 500}, nil)
	for _, tc := range []struct {
		name      string
		base, alt *model.Result
		want      Saving
	}{
		{"same", base, priced([][]float64{{300, 100}}, []float64{100, 500}, nil),
			Saving{BaseCost: 80000, Cost: 80000}},
		// A quarter fewer days of each kind: the saving is all volume.
		{"volume", base, priced([][]float64{{225, 75}}, []float64{100, 500}, nil),
			Saving{BaseCost: 80000, Cost: 60000, Volume: 20000}},
		// As many days, 50 moved from £500 to £100 a day: all mix.
		{"mix", base, priced([][]float64{{350, 50}}, []float64{100, 500}, nil),
			Saving{BaseCost: 80000, Cost: 60000, Mix: 20000}},
		// The same days, the dear category 10% cheaper: all price.
		{"price", base, priced([][]float64{{300, 100}}, []float64{100, 450}, nil),
			Saving{BaseCost: 80000, Cost: 75000, Price: 5000}},
		// A team costing £3,000 in the month: a negative fixed saving.
		{"fixed", base, priced([][]float64{{300, 100}}, []float64{100, 500}, []float64{3000}),
			Saving{BaseCost: 80000, Cost: 83000, Fixed: -3000}},
		// 10 days in a category the base does not use, at £70: priced at
		// the alternative's own price, so no price part; 10 more days at
		// the base's average of £200 (volume −2,000), in a category £130 a
		// day below that average (mix +1,300).
		{"new category", priced([][]float64{{300, 100, 0}}, []float64{100, 500, 0}, nil),
			priced([][]float64{{300, 100, 10}}, []float64{100, 500, 70}, nil),
			Saving{BaseCost: 80000, Cost: 80700, Volume: -2000, Mix: 1300}},
	} {
		s, err := Against(tc.base, tc.alt)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := s.Months[0]; !near(got, tc.want, 1e-9) {
			t.Errorf("%s: got %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

func near(a, b Saving, tol float64) bool {
	for _, d := range [][2]float64{{a.BaseCost, b.BaseCost}, {a.Cost, b.Cost}, {a.Volume, b.Volume},
		{a.Mix, b.Mix}, {a.Price, b.Price}, {a.Fixed, b.Fixed}} {
		if math.Abs(d[0]-d[1]) > tol*(1+math.Abs(d[1])) {
			return false
		}
	}
	return true
}

// A base with no child-days in a month puts the whole placement saving in
// volume (and, for days priced unlike the alternative's own, nowhere else).
func TestSplitNoBaseDays(t *testing.T) {
	base := priced([][]float64{{0, 0}}, []float64{100, 500}, nil)
	alt := priced([][]float64{{10, 20}}, []float64{100, 500}, nil)
	s, err := Against(base, alt)
	if err != nil {
		t.Fatal(err)
	}
	want := Saving{Cost: 11000, Volume: -11000}
	if !near(s.Months[0], want, 1e-12) {
		t.Errorf("got %+v, want %+v", s.Months[0], want)
	}
}

// randomPair is two results of the same shape with random child-days (a
// fifth of them zero), prices, costs where there are no days, and fixed
// lines.
func randomPair(rng *rand.Rand) (base, alt *model.Result) {
	K, T := 1+rng.IntN(5), 1+rng.IntN(40)
	var out [2]*model.Result
	for i := range out {
		days := make([][]float64, T)
		perDay := make([]float64, K)
		for k := range perDay {
			perDay[k] = 10 + 990*rng.Float64()
		}
		fixed := make([]float64, T)
		for t := range days {
			days[t] = make([]float64, K)
			for k := range days[t] {
				if rng.IntN(5) > 0 {
					days[t][k] = 1e4 * rng.Float64()
				}
			}
			fixed[t] = 1e5 * rng.Float64()
		}
		out[i] = priced(days, perDay, fixed)
		if rng.IntN(4) == 0 { // a cost without days: not from the model, but split all the same
			out[i].Cost[rng.IntN(len(out[i].Cost))] += 1e4 * rng.Float64()
		}
	}
	return out[0], out[1]
}

// The four parts sum to the saving in every month and every year, within
// 1e-9 of the costs, over many random pairs.
func TestSplitSums(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 2025))
	worst := 0.0
	for i := 0; i < 2000; i++ {
		base, alt := randomPair(rng)
		s, err := Against(base, alt)
		if err != nil {
			t.Fatal(err)
		}
		for t0, m := range s.Months {
			checkSum(t, "month", t0, m)
			worst = max(worst, math.Abs(m.Volume+m.Mix+m.Price+m.Fixed-m.Total())/(m.BaseCost+m.Cost))
		}
		for y, ys := range s.Years {
			checkSum(t, "year", y, ys.Saving)
		}
		if got, want := s.Cumulative[len(s.Cumulative)-1], s.Horizon().Total(); math.Abs(got-want) > 1e-9*s.Horizon().BaseCost {
			t.Fatalf("pair %d: cumulative %v, horizon %v", i, got, want)
		}
	}
	t.Logf("largest monthly |parts − saving| / costs: %.2g", worst)
}

func checkSum(t *testing.T, what string, i int, s Saving) {
	t.Helper()
	parts := s.Volume + s.Mix + s.Price + s.Fixed
	if scale := s.BaseCost + s.Cost; math.Abs(parts-s.Total()) > 1e-9*scale {
		t.Fatalf("%s %d: parts sum to %v, saving %v (%+v)", what, i, parts, s.Total(), s)
	}
}

// FuzzSplit checks the sum of the parts for any finite, non-negative
// days, prices and fixed costs of two categories in one month: no part is
// NaN or infinite, and they sum to the saving within 1e-9 of the costs and
// of the parts' own size.
func FuzzSplit(f *testing.F) {
	f.Add(300.0, 100.0, 225.0, 75.0, 100.0, 500.0, 100.0, 450.0, 0.0, 3000.0)
	f.Add(0.0, 0.0, 10.0, 20.0, 100.0, 500.0, 100.0, 500.0, 0.0, 0.0)
	f.Add(1e-300, 5.0, 5.0, 1e-300, 1e9, 1.0, 1.0, 1e9, 1.0, 1.0)
	f.Fuzz(func(t *testing.T, db0, db1, da0, da1, pb0, pb1, pa0, pa1, fb, fa float64) {
		for _, x := range []float64{db0, db1, da0, da1, pb0, pb1, pa0, pa1, fb, fa} {
			if !(x >= 0 && x <= 1e9) {
				return
			}
		}
		base := priced([][]float64{{db0, db1}}, []float64{pb0, pb1}, []float64{fb})
		alt := priced([][]float64{{da0, da1}}, []float64{pa0, pa1}, []float64{fa})
		s, err := Against(base, alt)
		if err != nil {
			t.Fatal(err)
		}
		m := s.Months[0]
		for _, x := range []float64{m.Volume, m.Mix, m.Price, m.Fixed} {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				t.Fatalf("a part is %v: %+v", x, m)
			}
		}
		// Prices so far apart (£1e9 a day against £1) make parts far larger
		// than the saving, which they then sum to within their own rounding.
		parts := math.Abs(m.Volume) + math.Abs(m.Mix) + math.Abs(m.Price) + math.Abs(m.Fixed)
		if got := m.Volume + m.Mix + m.Price + m.Fixed; math.Abs(got-m.Total()) > 1e-9*(m.BaseCost+m.Cost+parts) {
			t.Fatalf("parts sum to %v, saving %v (%+v)", got, m.Total(), m)
		}
	})
}

// Months sum into financial years: a projection from January 2025 has a
// three-month year 2024-25, then 2025-26.
func TestYears(t *testing.T) {
	days := [][]float64{{10}, {10}, {10}, {10}, {10}}
	base := priced(days, []float64{100}, nil)
	alt := priced([][]float64{{10}, {5}, {5}, {5}, {5}}, []float64{100}, nil)
	base.Start, alt.Start = model.MonthOf(2025, 1), model.MonthOf(2025, 1)
	s, err := Against(base, alt)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Years) != 2 {
		t.Fatalf("got %d years, want 2", len(s.Years))
	}
	want := []Year{
		{Year: 2024, Months: 3, Saving: Saving{BaseCost: 3000, Cost: 2000, Volume: 1000}, Cumulative: 1000},
		{Year: 2025, Months: 2, Saving: Saving{BaseCost: 2000, Cost: 1000, Volume: 1000}, Cumulative: 2000},
	}
	for i, y := range s.Years {
		if y.Year != want[i].Year || y.Months != want[i].Months || y.Cumulative != want[i].Cumulative || !near(y.Saving, want[i].Saving, 1e-12) {
			t.Errorf("year %d: got %+v, want %+v", i, y, want[i])
		}
	}
	if got := s.Years[0].Label(); got != "2024-25" {
		t.Errorf("label %q, want 2024-25", got)
	}
}
