package charts

import (
	"bytes"
	"html"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carecast/carecast/model"
	"gonum.org/v1/plot/vg"
)

// comparison compares the shipped scenarios named (the first the base),
// each changed by its edit if any, with the savings by financial year
// worked out from their costs.
func comparison(t testing.TB, files []string, edits ...func(*model.Params)) Comparison {
	t.Helper()
	var c Comparison
	for i, f := range files {
		var edit func(*model.Params)
		if i < len(edits) {
			edit = edits[i]
		}
		in, _ := shipped(t, f, edit)
		c.Names = append(c.Names, in.Title)
		c.Results = append(c.Results, in.Result)
	}
	base := model.YearTotals(c.Results[0].Budget())
	for _, y := range base {
		c.Years = append(c.Years, y.Label())
	}
	for _, r := range c.Results[1:] {
		alt := model.YearTotals(r.Budget())
		row := make([]float64, len(base))
		for y := range min(len(base), len(alt)) {
			row[y] = base[y].Cost - alt[y].Cost
		}
		c.Savings = append(c.Savings, row)
	}
	c.Title = "Baseline and what-ifs"
	return c
}

// comparisonCases are the comparisons the tests draw.
func comparisonCases(t testing.TB) []struct {
	name string
	c    Comparison
} {
	two := comparison(t, []string{"baseline.yaml", "whatif-step-down.yaml"})

	many := comparison(t, []string{"baseline.yaml", "whatif-step-down.yaml", "whatif-fewer-entries.yaml",
		"whatif-in-house-fostering.yaml", "whatif-reunification.yaml"})
	many.Names[2] = "Fewer entries through an edge-of-care service for adolescents, phased in over 2025-26"
	_, sc := baseline(t, nil)
	many.Actual = withActual(t, Input{Result: many.Results[0]}, sc).Actual
	many.Targets = []Target{
		{Chart: "compare_headcount", Value: 420, By: model.MonthOf(2027, 10), Label: "target 420 by 2027-10", Met: true},
		{Chart: "compare_headcount", Value: 400, By: model.MonthOf(2029, 3), Label: "target 400 by 2029-03"},
		{Chart: "cost", Value: 29e6, Year: "2026-27", Label: "target £29m in 2026-27"},
		{Chart: "savings", Value: 1e6, Year: "2027-28", Label: "saving £1m", Met: true},
		{Chart: "savings", Value: 3e6, Year: "2029-30", Label: "saving £3m"},
	}

	// More entries cost more than the base: savings below zero.
	dearer := comparison(t, []string{"baseline.yaml", "baseline.yaml", "whatif-step-down.yaml"},
		nil, func(p *model.Params) { p.Routes = scaleEntries(p.Routes, 1.15) })
	dearer.Names[1] = "More entries (+15%)"

	// From January: part years at both ends.
	shift := func(p *model.Params) { p.Start -= 3; p.Horizon = 45 }
	partial := comparison(t, []string{"baseline.yaml", "whatif-fewer-entries.yaml"}, shift, shift)
	partial.Targets = []Target{{Chart: "savings", Value: 300e3, Label: "saving £300k a year", Met: false}}
	return []struct {
		name string
		c    Comparison
	}{{"two", two}, {"five-history-targets", many}, {"negative-savings", dearer}, {"part-years", partial}}
}

func scaleEntries(routes []model.Route, f float64) []model.Route {
	out := append([]model.Route(nil), routes...)
	for i := range out {
		out[i].PerMonth *= f
	}
	return out
}

func TestWriteComparison(t *testing.T) {
	for _, cc := range comparisonCases(t) {
		for _, format := range []string{"png", "svg"} {
			t.Run(cc.name+"/"+format, func(t *testing.T) {
				dir := outDir(t, "compare-"+cc.name)
				paths, err := WriteComparison(dir, format, cc.c)
				if err != nil {
					t.Fatal(err)
				}
				if len(paths) != len(ComparisonNames) {
					t.Fatalf("wrote %v, want %d files", paths, len(ComparisonNames))
				}
				for i, path := range paths {
					if path != filepath.Join(dir, ComparisonNames[i]+"."+format) {
						t.Errorf("path %d = %s, want %s.%s", i, path, ComparisonNames[i], format)
					}
					data, err := os.ReadFile(path)
					if err != nil {
						t.Fatal(err)
					}
					if format == "png" {
						checkPNG(t, path, data)
						continue
					}
					checkSVG(t, path, data, cc.c.Title)
					checkComparisonSVG(t, path, data, cc.c, ComparisonNames[i])
				}
			})
		}
	}
}

// checkComparisonSVG checks that a chart names its scenarios (the base's
// own only where drawn, a long name shortened) and writes its targets'
// labels, saying met or missed.
func checkComparisonSVG(t *testing.T, path string, data []byte, c Comparison, chart string) {
	t.Helper()
	for i, name := range c.Names {
		if i == 0 && chart == "savings" {
			name = c.Names[0] // in the subtitle
		}
		want := name
		if len(name) > 40 {
			want = name[:20] // shortened, with an ellipsis
		}
		if !bytes.Contains(data, []byte(html.EscapeString(want))) {
			t.Errorf("%s does not name %q", path, want)
		}
	}
	measure := targetMeasures[chart]
	for _, tg := range c.Targets {
		if targetMeasures[tg.Chart] != measure {
			continue
		}
		want := html.EscapeString(tg.text(pounds))
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("%s does not label target %q", path, want)
		}
		if !strings.Contains(want, "(met)") && !strings.Contains(want, "(missed)") {
			t.Errorf("target label %q says neither met nor missed", want)
		}
	}
}

// The savings chart draws negative savings below zero, labelled as such,
// and its axis reaches below zero to hold them.
func TestSavingsBelowZero(t *testing.T) {
	c := comparisonCases(t)[2].c
	c.slack = 1
	if c.Savings[0][1] >= 0 {
		t.Fatalf("more entries save %v in %s: want a cost", c.Savings[0][1], c.Years[1])
	}
	f := savingsChart(c)
	if f.plot.Y.Min >= c.Savings[0][1] || f.plot.Y.Max <= 0 {
		t.Errorf("savings axis runs %v to %v, want it to hold %v and zero", f.plot.Y.Min, f.plot.Y.Max, c.Savings[0][1])
	}
	if !strings.Contains(f.note, "costs") || !strings.Contains(f.note, "below zero") {
		t.Errorf("note %q does not explain the costs below zero", f.note)
	}
	var svg bytes.Buffer
	if err := DrawComparison(&svg, "savings", "svg", c); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(svg.Bytes(), []byte("-£")) {
		t.Error("savings SVG labels no negative amount")
	}
}

// WriteComparison, in parallel, writes the bytes DrawComparison draws.
func TestWriteComparisonIsDraw(t *testing.T) {
	c := comparisonCases(t)[1].c
	for _, format := range []string{"png", "svg"} {
		paths, err := WriteComparison(t.TempDir(), format, c)
		if err != nil {
			t.Fatal(err)
		}
		for i, name := range ComparisonNames {
			var buf bytes.Buffer
			if err := DrawComparison(&buf, name, format, c); err != nil {
				t.Fatal(err)
			}
			got, _ := os.ReadFile(paths[i])
			if !bytes.Equal(got, buf.Bytes()) {
				t.Errorf("%s.%s: WriteComparison and DrawComparison differ", name, format)
			}
		}
	}
}

func TestComparisonErrors(t *testing.T) {
	good := comparisonCases(t)[0].c
	short := comparison(t, []string{"baseline.yaml", "baseline.yaml"}, nil, func(p *model.Params) { p.Horizon = 12 })
	later := comparison(t, []string{"baseline.yaml", "baseline.yaml"}, nil, func(p *model.Params) { p.Start++ })
	fewer := comparison(t, []string{"baseline.yaml", "baseline.yaml"}, nil, func(p *model.Params) {
		p.Categories = append([]string(nil), p.Categories...)
		p.Categories[0] = "renamed"
	})
	edit := func(f func(*Comparison)) Comparison {
		c := good
		c.Names = append([]string(nil), good.Names...)
		c.Savings = [][]float64{append([]float64(nil), good.Savings[0]...)}
		f(&c)
		return c
	}
	for _, c := range []struct {
		name, chart, format string
		c                   Comparison
		want                string
	}{
		{"format", "savings", "pdf", good, `format "pdf" is not png or svg`},
		{"chart", "pie", "png", good, `no comparison chart "pie"`},
		{"one result", "savings", "png", edit(func(c *Comparison) { c.Results, c.Names = c.Results[:1], c.Names[:1] }), "a base and at least one alternative"},
		{"names", "savings", "png", edit(func(c *Comparison) { c.Names = c.Names[:1] }), "1 names for 2 results"},
		{"blank name", "savings", "png", edit(func(c *Comparison) { c.Names[1] = " " }), "result 2 has no name"},
		{"nil result", "savings", "png", edit(func(c *Comparison) { c.Results = []*model.Result{c.Results[0], nil} }), "no projected months"},
		{"horizon", "compare_headcount", "png", short, "projects Apr 2025–Mar 2026, the base Baseline: the sample council, calibrated on 2022-04 to 2025-03 Apr 2025–Mar 2030"},
		{"start", "compare_headcount", "svg", later, "compare the same months"},
		{"categories", "compare_cost", "png", fewer, "compare the same categories"},
		{"no years", "savings", "png", edit(func(c *Comparison) { c.Years = nil }), "financial years of its savings"},
		{"bad year", "savings", "png", edit(func(c *Comparison) { c.Years = append([]string{"2025/26"}, c.Years[1:]...) }), `Years[0]: "2025/26" is not a financial year`},
		{"rows", "savings", "png", edit(func(c *Comparison) { c.Savings = nil }), "0 rows of savings for 1 alternatives"},
		{"row length", "savings", "png", edit(func(c *Comparison) { c.Savings[0] = c.Savings[0][1:] }), "4 savings for 5 years"},
		{"NaN", "savings", "png", edit(func(c *Comparison) { c.Savings[0][2] = math.NaN() }), "saving in 2027-28 is NaN"},
		{"target chart", "savings", "png", edit(func(c *Comparison) { c.Targets = []Target{{Chart: "placements", Value: 3}} }), `chart "placements" is not drawn here`},
		{"target value", "savings", "png", edit(func(c *Comparison) { c.Targets = []Target{{Chart: "cost", Value: math.Inf(1)}} }), "value +Inf"},
		{"negative count", "savings", "png", edit(func(c *Comparison) { c.Targets = []Target{{Chart: "headcount", Value: -1}} }), "value -1"},
		{"target year", "savings", "png", edit(func(c *Comparison) {
			c.Targets = []Target{{Chart: "savings", Value: 1, Year: "2031-32", Label: "late"}}
		}), `target 1 (late (missed)): year "2031-32" is not on the savings chart (2025-26 to 2029-30)`},
		{"cost year", "savings", "png", edit(func(c *Comparison) { c.Targets = []Target{{Chart: "cost", Value: 1, Year: "2024-25"}} }), `year "2024-25" is not on the cost chart`},
	} {
		var buf bytes.Buffer
		err := DrawComparison(&buf, c.chart, c.format, c.c)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %s", c.name, err, c.want)
		}
		if buf.Len() > 0 {
			t.Errorf("%s: wrote %d bytes before failing", c.name, buf.Len())
		}
		if _, err := WriteComparison(t.TempDir(), c.format, c.c); err == nil && c.chart != "pie" {
			t.Errorf("%s: WriteComparison gave no error", c.name)
		}
	}
}

func TestSpread(t *testing.T) {
	for _, c := range []struct {
		ys, want []vg.Length
	}{
		{nil, nil},
		{[]vg.Length{10}, []vg.Length{10}},
		{[]vg.Length{0, 20, 40}, []vg.Length{0, 20, 40}},
		// Two together move apart about their middle.
		{[]vg.Length{10, 12}, []vg.Length{6, 16}},
		{[]vg.Length{12, 10}, []vg.Length{16, 6}},
		// Three on one spot spread about it; one far off stays.
		{[]vg.Length{50, 50, 50, 100}, []vg.Length{40, 50, 60, 100}},
	} {
		got := spread(c.ys, 10)
		if len(got) != len(c.want) {
			t.Fatalf("spread(%v) = %v, want %v", c.ys, got, c.want)
		}
		for i := range got {
			if math.Abs(float64(got[i]-c.want[i])) > 1e-9 {
				t.Errorf("spread(%v) = %v, want %v", c.ys, got, c.want)
				break
			}
		}
	}
}

func TestShorten(t *testing.T) {
	for _, c := range []struct {
		s    string
		w    vg.Length
		want string
	}{
		{"Baseline", 40, "Baseline"},
		{"Baseline", 39.9, "Baseli…"},
		{"Step down from care", 50, "Step down…"},
		{"Fewer", 4, "…"},
	} {
		if got := shorten(c.s, c.w, runeWidth); got != c.want {
			t.Errorf("shorten(%q, %v) = %q, want %q", c.s, c.w, got, c.want)
		}
	}
}

func TestTargetText(t *testing.T) {
	for _, c := range []struct {
		t    Target
		want string
	}{
		{Target{Label: "target 400 by 2017-10", Met: true}, "target 400 by 2017-10 (met)"},
		{Target{Label: "target 400 by 2017-10"}, "target 400 by 2017-10 (missed)"},
		{Target{Label: "400 by 2017-10: met in 2017-08", Met: true}, "400 by 2017-10: met in 2017-08"},
		{Target{Label: "Missed: 400", Met: false}, "Missed: 400"},
		{Target{Label: "metres"}, "metres (missed)"},
		{Target{Value: 1.63e6, Met: true}, "target £1.63m (met)"},
	} {
		if got := c.t.text(pounds); got != c.want {
			t.Errorf("%+v: text %q, want %q", c.t, got, c.want)
		}
	}
}

// A run's headcount and budget charts draw its targets; a target for a
// chart a run does not draw, or for a year not on the budget chart, is an
// error.
func TestRunTargets(t *testing.T) {
	base, sc := baseline(t, nil)
	in := withActual(t, base, sc)
	in.Targets = []Target{
		{Chart: "headcount", Value: 440, By: model.MonthOf(2027, 3), Label: "target 440 by 2027-03", Met: true},
		{Chart: "budget", Value: 30e6, Year: "2026-27", Label: "budget £30m"},
		{Chart: "cost", Value: 28e6, Year: "2023-24", Label: "budget £28m", Met: true},
		{Chart: "cost", Value: 33e6, Label: "cap £33m a year", Met: true},
	}
	for _, format := range []string{"png", "svg"} {
		dir := outDir(t, "run-targets")
		paths, err := Write(dir, format, in)
		if err != nil {
			t.Fatal(err)
		}
		if format == "png" {
			continue
		}
		for _, p := range paths {
			data, _ := os.ReadFile(p)
			for _, tg := range in.Targets {
				drawn := strings.Contains(string(data), html.EscapeString(tg.text(nil)))
				if want := strings.HasPrefix(filepath.Base(p), map[bool]string{true: "headcount", false: "budget"}[tg.Chart == "headcount"]); drawn != want {
					t.Errorf("%s: target %q drawn %v, want %v", p, tg.Label, drawn, want)
				}
			}
		}
	}
	for _, bad := range []Target{{Chart: "savings", Value: 1}, {Chart: "budget", Value: 1, Year: "2030-31"}} {
		in.Targets = []Target{bad}
		if err := Draw(io.Discard, "headcount", "png", in); err == nil {
			t.Errorf("target %+v in a run: no error", bad)
		}
	}
}

// BenchmarkWriteComparison draws the three comparison charts of five
// scenarios with three years of history and five targets into files.
func BenchmarkWriteComparison(b *testing.B) {
	c := comparisonCases(b)[1].c
	for _, format := range []string{"png", "svg"} {
		b.Run(format, func(b *testing.B) {
			dir := b.TempDir()
			for b.Loop() {
				if _, err := WriteComparison(dir, format, c); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
