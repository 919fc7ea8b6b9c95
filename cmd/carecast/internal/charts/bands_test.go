package charts

import (
	"bytes"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/model/backtest"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// withFutures gives in ranges of n futures around its forecast: ±7% and
// ±10% of the children in care, ±5% of each forecast year's cost.
func withFutures(in Input, n int) Input {
	r := in.Result
	b := &Band{}
	for _, v := range r.InCare {
		b.P5, b.P10 = append(b.P5, 0.90*v), append(b.P10, 0.93*v)
		b.P90, b.P95 = append(b.P90, 1.07*v), append(b.P95, 1.10*v)
	}
	f := &Futures{Runs: n, Drawn: true, InCare: b}
	for _, y := range model.YearTotals(r.Budget()) {
		f.YearCost = append(f.YearCost, YearBand{Year: model.FinancialYearLabel(y.Year),
			P5: 0.93 * y.Cost, P10: 0.95 * y.Cost, P90: 1.05 * y.Cost, P95: 1.07 * y.Cost})
	}
	in.Futures = f
	return in
}

// drawBytes draws chart name of in to bytes, failing the test on an error.
func drawBytes(t *testing.T, name, format string, in Input) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Draw(&buf, name, format, in); err != nil {
		t.Fatalf("%s.%s: %v", name, format, err)
	}
	return buf.Bytes()
}

// pixels counts the pixels of a PNG exactly of colour c.
func pixels(t *testing.T, data []byte, c color.Color) int {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	want := color.RGBAModel.Convert(c)
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if color.RGBAModel.Convert(img.At(x, y)) == want {
				n++
			}
		}
	}
	return n
}

// The headcount chart draws the fan in both its shades and says what it
// is; the budget chart draws a whisker on each forecast year and says
// what they are; in PNG and SVG, with and without history.
func TestFuturesDraw(t *testing.T) {
	base, sc := baseline(t, nil)
	for _, c := range []struct {
		name string
		in   Input
	}{{"forecast", base}, {"actual", withActual(t, base, sc)}} {
		in := withFutures(c.in, 200)
		for _, format := range []string{"png", "svg"} {
			dir := outDir(t, "futures-"+c.name)
			paths, err := Write(dir, format, in)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range paths {
				checkFile(t, p, format, in.Title)
			}
		}
		head := drawBytes(t, "headcount", "png", in)
		for _, clr := range []color.Color{fan80Colour, fan90Colour} {
			if n := pixels(t, head, clr); n < 2000 {
				t.Errorf("%s: headcount.png has %d pixels of the fan's %v, want a fan", c.name, n, clr)
			}
		}
		// The edges of the blue line may blend to the fan's colour here
		// and there.
		if n := pixels(t, drawBytes(t, "headcount", "png", c.in), fan80Colour); n > 50 {
			t.Errorf("%s: headcount.png without futures has %d pixels of the fan's colour", c.name, n)
		}
		if n := pixels(t, drawBytes(t, "budget", "png", in), rgb(whiskerHex)); n < 5*100 {
			t.Errorf("%s: budget.png has %d pixels of the whiskers' colour, want 5 whiskers", c.name, n)
		}
		// The legends, in one line each, and the notes, wrapped.
		for _, name := range []string{"headcount", "budget"} {
			if svg := string(drawBytes(t, name, "svg", in)); !strings.Contains(svg, ">80% of 200 simulated futures<") {
				t.Errorf("%s: %s.svg has no legend of the futures", c.name, name)
			}
		}
		checkSays(t, "headcount note", headcount(in).note, "hold 80% (darker) and 90% (lighter) of 200 simulated futures", "how little data")
		checkSays(t, "budget note", budget(in).note, "The whisker on each forecast year spans the middle 80% of its cost over 200 simulated futures")
	}
}

// checkSays checks that s says each of wants.
func checkSays(t *testing.T, what, s string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(s, want) {
			t.Errorf("%s %q does not say %q", what, s, want)
		}
	}
}

// Ranges with the rates taken as known say so.
func TestFuturesFixedRates(t *testing.T) {
	base, _ := baseline(t, nil)
	in := withFutures(base, 1)
	in.Futures.Drawn = false
	for _, note := range []string{headcount(in).note, budget(in).note} {
		checkSays(t, "note", note, " 1 simulated future", "chance alone")
		if strings.Contains(note, "how little data") || strings.Contains(note, "futures") {
			t.Errorf("note %q says the ranges hold how little data there is, of rates taken as known, or futures of 1", note)
		}
	}
}

// Each chart draws only its own part of the futures: with nothing of
// theirs to draw, the bytes are those without futures.
func TestFuturesApart(t *testing.T) {
	base, sc := baseline(t, nil)
	in := withFutures(withActual(t, base, sc), 200)
	onlyYears, onlyMonths, none := in, in, in
	onlyYears.Futures = &Futures{Runs: 200, YearCost: in.Futures.YearCost}
	onlyMonths.Futures = &Futures{Runs: 200, InCare: in.Futures.InCare}
	none.Futures = nil
	for _, format := range []string{"png", "svg"} {
		for _, c := range []struct {
			name string
			in   Input
		}{{"headcount", onlyYears}, {"budget", onlyMonths}, {"placements", in}, {"flows", in}} {
			if !bytes.Equal(drawBytes(t, c.name, format, c.in), drawBytes(t, c.name, format, none)) {
				t.Errorf("%s.%s differs from the chart without futures", c.name, format)
			}
		}
	}
}

// A whisker of a year split between recorded and forecast months adds
// the recorded months' cost to the range of the forecast months; the
// amount over a bar clears its whisker.
func TestBudgetWhiskers(t *testing.T) {
	in := withFutures(budgetYears(t, 6, true), 200)
	bars := budgetBars(in)
	split := 0
	for _, b := range bars {
		if b.fcMonths == 0 {
			if b.banded {
				t.Errorf("%d, recorded only, has a whisker", b.year)
			}
			continue
		}
		if !b.banded {
			t.Errorf("%d has no whisker", b.year)
			continue
		}
		if b.split() {
			split++
		}
		if lo, hi := b.recorded+0.95*b.forecast, b.recorded+1.05*b.forecast; math.Abs(b.lo-lo) > 1e-6*lo || math.Abs(b.hi-hi) > 1e-6*hi {
			t.Errorf("%d: whisker %.0f to %.0f, want %.0f to %.0f", b.year, b.lo, b.hi, lo, hi)
		}
		if b.top() != b.hi {
			t.Errorf("%d: top %.0f, want the whisker's %.0f", b.year, b.top(), b.hi)
		}
	}
	if split != 1 {
		t.Fatalf("%d split years, want 1", split)
	}
	f := budget(in)
	if !strings.Contains(f.note, "split, it is the range of the forecast months added to the recorded") {
		t.Errorf("note %q does not say how the split year's whisker is made", f.note)
	}
}

func TestFuturesErrors(t *testing.T) {
	base, sc := baseline(t, nil)
	months := base.Result.Months
	for _, c := range []struct {
		name string
		edit func(*Futures)
		want string
	}{
		{"no runs", func(f *Futures) { f.Runs = 0 }, "ranges of 0 simulated futures"},
		{"short", func(f *Futures) { f.InCare.P10 = f.InCare.P10[1:] }, "P10 has 59 months, want 60"},
		{"long", func(f *Futures) { f.InCare.P95 = append(f.InCare.P95, 1) }, "P95 has 61 months, want 60"},
		{"missing", func(f *Futures) { f.InCare.P5 = nil }, "P5 has 0 months"},
		{"NaN", func(f *Futures) { f.InCare.P90[3] = math.NaN() }, "end of Jul 2025: percentile NaN"},
		{"order", func(f *Futures) { f.InCare.P10[0] = f.InCare.P90[0] + 1 }, "end of Apr 2025: percentiles 5, 10, 90, 95"},
		{"negative cost", func(f *Futures) { f.YearCost[0].P5 = -1 }, "cost of 2025-26: percentile -1"},
		{"year order", func(f *Futures) { f.YearCost[1].P95 = 0 }, "cost of 2026-27: percentiles"},
		{"year", func(f *Futures) { f.YearCost[0].Year = "2040-41" }, `cost of "2040-41": not a forecast year`},
		{"twice", func(f *Futures) { f.YearCost[1].Year = f.YearCost[0].Year }, `cost of "2025-26": not a forecast year, or given twice`},
	} {
		in := withFutures(base, 200)
		c.edit(in.Futures)
		for _, name := range []string{"headcount", "budget", "flows"} {
			var buf bytes.Buffer
			err := Draw(&buf, name, "png", in)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s: Draw(%s) error %v, want one saying %q", c.name, name, err, c.want)
			}
		}
		if _, err := Write(t.TempDir(), "svg", in); err == nil {
			t.Errorf("%s: Write: no error", c.name)
		}
	}
	// A recorded year has no range of futures.
	in := withFutures(withActual(t, base, sc), 200)
	in.Futures.YearCost = append(in.Futures.YearCost, YearBand{Year: "2023-24", P5: 1, P10: 2, P90: 3, P95: 4})
	if _, err := Write(t.TempDir(), "png", in); err == nil || !strings.Contains(err.Error(), `"2023-24": not a forecast year`) {
		t.Errorf("a recorded year's range: error %v", err)
	}
	if months != 60 {
		t.Fatalf("the baseline has %d months; the wants above say 60", months)
	}
}

// syntheticOrigin is an origin of a backtest: 24 months of history, 12
// of actuals and two forecasts, carecast's banded.
func syntheticOrigin() backtest.Origin {
	o := backtest.Origin{Month: model.MonthOf(2022, 3)}
	for i := range 24 {
		o.History = append(o.History, 480+float64(i%5))
	}
	fc := backtest.Forecast{Method: "carecast"}
	naive := backtest.Forecast{Method: "naive_last"}
	for i := range 12 {
		v := 482 - float64(i)
		o.Actual = append(o.Actual, 478-float64(i))
		fc.Values, fc.P10, fc.P90 = append(fc.Values, v), append(fc.P10, v-2-float64(i)), append(fc.P90, v+2+float64(i))
		naive.Values = append(naive.Values, 484)
	}
	o.Forecasts = []backtest.Forecast{fc, naive}
	return o
}

// A backtest's chart draws a banded forecast's band under every line,
// keyed and explained with the number of futures.
func TestBacktestBands(t *testing.T) {
	b := Backtest{Title: "synthetic", Origins: []backtest.Origin{syntheticOrigin()}, Methods: []string{"carecast", "naive_last"},
		Horizon: 12, Runs: 300, Drawn: true}
	dir := outDir(t, "backtest-bands")
	if _, err := WriteBacktest(dir, "png", b); err != nil {
		t.Fatal(err)
	}
	paths, err := WriteBacktest(dir, "svg", b)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(paths[0])
	if err != nil {
		t.Fatal(err)
	}
	svg := string(data)
	if !strings.Contains(svg, ">its 80% band<") {
		t.Errorf("%s does not key the band", filepath.Base(paths[0]))
	}
	checkSays(t, "note", backtestOrigin(b, 0).note, "carecast's band holds 80% of 300 simulated futures", "evidence of the months up to the origin")
	// The band, see-through, is painted before any line of a method.
	band := strings.Index(svg, "fill-opacity")
	line := strings.Index(svg, "stroke-dasharray:5") // naive_last's dashes
	if band < 0 || line < 0 || band > line {
		t.Errorf("band at %d, naive_last's line at %d in the SVG: want the band first", band, line)
	}
	// Without a number of runs, the note says only that there were some.
	b.Runs = 0
	fig := backtestOrigin(b, 0)
	if !strings.Contains(fig.note, "holds 80% of simulated futures") {
		t.Errorf("note %q", fig.note)
	}
	// Without bands, nothing of them.
	b.Origins[0].Forecasts[0].P10, b.Origins[0].Forecasts[0].P90 = nil, nil
	fig = backtestOrigin(b, 0)
	if strings.Contains(fig.note, "band") || len(fig.legend) != 3 {
		t.Errorf("unbanded: note %q, legend of %d items, want 3 and no band", fig.note, len(fig.legend))
	}
}

// A target's label keeps clear of the fan where it can, with its halo;
// where it cannot, it is drawn over the fan without one, the fan seen
// through it.
func TestTargetLabelClearsFan(t *testing.T) {
	id := func(v float64) vg.Length { return vg.Length(v) }
	c := draw.Canvas{Rectangle: vg.Rectangle{Max: vg.Point{X: 400, Y: 200}}}
	xs := func(from float64) []float64 {
		var out []float64
		for x := from; x <= 400; x += 10 {
			out = append(out, x)
		}
		return out
	}
	fill := func(xs []float64, v float64) []float64 {
		out := make([]float64, len(xs))
		for i := range out {
			out[i] = v
		}
		return out
	}
	l := targetLine{y: 50, x0: math.Inf(-1), x1: math.Inf(1), text: "target 50 (missed)", avoid: []plotter.XYs{}}
	sty := l.labelStyle()
	at := vg.Point{X: c.Max.X, Y: 53}
	for _, tc := range []struct {
		name     string
		from     float64 // where the fan starts
		wantLeft bool
		wantHalo bool
	}{
		{"right half", 200, true, true},
		{"whole width", 0, false, false},
	} {
		x := xs(tc.from)
		l.areas = []band{{xs: x, lo: fill(x, 30), hi: fill(x, 70)}}
		s, pt, halo := l.place(c, id, id, sty, at, nil)
		if left := s.XAlign == draw.XLeft; left != tc.wantLeft || halo != tc.wantHalo {
			t.Errorf("fan over the %s: label at %v, left %v, halo %v; want left %v, halo %v", tc.name, pt, left, halo, tc.wantLeft, tc.wantHalo)
		}
		if r := s.Rectangle(l.text).Add(pt); tc.wantHalo && !l.clearOfAreas(r, id, id) {
			t.Errorf("fan over the %s: label %v crosses it", tc.name, r)
		}
	}
	// Without areas, the first place clear of the lines has a halo.
	l.areas = nil
	if _, _, halo := l.place(c, id, id, sty, at, nil); !halo {
		t.Error("no fan: label without a halo")
	}
}
