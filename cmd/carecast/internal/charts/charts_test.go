package charts

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/scenarios"
)

// baseline projects the shipped baseline, changed by edit if not nil.
func baseline(t testing.TB, edit func(*model.Params)) (Input, *scenarios.Scenario) {
	t.Helper()
	return shipped(t, scenarios.DefaultName, edit)
}

// shipped projects a scenario shipped with carecast.
func shipped(t testing.TB, name string, edit func(*model.Params)) (Input, *scenarios.Scenario) {
	t.Helper()
	sc, err := scenarios.Load(name)
	if err != nil {
		t.Fatal(err)
	}
	p := *sc.Params
	if edit != nil {
		edit(&p)
	}
	res, err := model.Project(&p)
	if err != nil {
		t.Fatal(err)
	}
	return Input{Result: res, Label: sc.Label, Title: sc.File.Name}, sc
}

// withActual adds, as recorded history, the baseline projected over the
// three years before the forecast starts.
func withActual(t testing.TB, in Input, sc *scenarios.Scenario) Input {
	t.Helper()
	p := *sc.Params
	p.Start = in.Result.Start - 36
	p.Horizon = 36
	act, err := model.Project(&p)
	if err != nil {
		t.Fatal(err)
	}
	in.Actual = act
	return in
}

// outDir is t.TempDir(), or a folder under $CARECAST_CHARTS_DIR to keep
// the charts for a look (CARECAST_CHARTS_DIR=/tmp/charts-check go test).
func outDir(t *testing.T, name string) string {
	if d := os.Getenv("CARECAST_CHARTS_DIR"); d != "" {
		return filepath.Join(d, name)
	}
	return t.TempDir()
}

func TestWrite(t *testing.T) {
	base, sc := baseline(t, nil)
	short, _ := baseline(t, func(p *model.Params) { p.Horizon = 12 })
	stepDown, _ := shipped(t, "whatif-step-down.yaml", nil)
	partial, _ := baseline(t, func(p *model.Params) { p.Start -= 3; p.Horizon = 45 }) // Jan 2025–Sep 2028
	cases := []struct {
		name string
		in   Input
	}{
		{"baseline", base},
		{"horizon12", short},
		{"actual", withActual(t, base, sc)},
		{"actual-horizon12", withActual(t, short, sc)},
		{"partial-years", partial},
		{"whatif-step-down", stepDown},
		{"one-year", budgetYears(t, 1, false)},
		{"split-year", budgetYears(t, 11, true)},    // forecast from October, after 3½ years recorded
		{"fifteen-years", budgetYears(t, 15, true)}, // the same over 15 financial years
	}
	for _, c := range cases {
		for _, format := range []string{"png", "svg"} {
			t.Run(c.name+"/"+format, func(t *testing.T) {
				dir := outDir(t, c.name)
				paths, err := Write(dir, format, c.in)
				if err != nil {
					t.Fatal(err)
				}
				want := []string{"headcount", "placements", "budget", "flows"}
				if len(paths) != len(want) {
					t.Fatalf("wrote %v, want %d files", paths, len(want))
				}
				for i, path := range paths {
					if path != filepath.Join(dir, want[i]+"."+format) {
						t.Errorf("path %d = %s, want %s.%s in %s", i, path, want[i], format, dir)
					}
					checkFile(t, path, format, c.in.Title)
				}
			})
		}
	}
}

// checkFile checks the chart written to path in format (see checkPNG and
// checkSVG).
func checkFile(t *testing.T, path, format, title string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if format == "png" {
		checkPNG(t, path, data)
	} else {
		checkSVG(t, path, data, title)
	}
}

func checkPNG(t *testing.T, path string, data []byte) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	// 20 × 12 cm at 200 dpi.
	if b := img.Bounds(); b.Dx() != 1575 || b.Dy() != 945 {
		t.Errorf("%s is %d × %d pixels, want 1575 × 945", path, b.Dx(), b.Dy())
	}
}

func checkSVG(t *testing.T, path string, data []byte, title string) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	root := ""
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if s, ok := tok.(xml.StartElement); ok && root == "" {
			root = s.Name.Local
		}
	}
	if root != "svg" {
		t.Errorf("%s: root element %q, want svg", path, root)
	}
	if !bytes.Contains(data, []byte(html.EscapeString(title))) {
		t.Errorf("%s does not name the scenario %q", path, title)
	}
	if !bytes.Contains(data, []byte("sans-serif")) {
		t.Errorf("%s gives no fallback font", path)
	}
}

// The same input draws the same bytes.
func TestWriteDeterministic(t *testing.T) {
	base, sc := baseline(t, nil)
	in := withActual(t, base, sc)
	for _, format := range []string{"png", "svg"} {
		a, err := Write(t.TempDir(), format, in)
		if err != nil {
			t.Fatal(err)
		}
		b, err := Write(t.TempDir(), format, in)
		if err != nil {
			t.Fatal(err)
		}
		for i := range a {
			x, _ := os.ReadFile(a[i])
			y, _ := os.ReadFile(b[i])
			if !bytes.Equal(x, y) {
				t.Errorf("%s differs between two runs", filepath.Base(a[i]))
			}
		}
	}
}

// Write, drawing the charts in parallel, writes the same bytes as Draw
// drawing them one by one.
func TestWriteIsDraw(t *testing.T) {
	base, sc := baseline(t, nil)
	in := withActual(t, base, sc)
	for _, format := range []string{"png", "svg"} {
		paths, err := Write(t.TempDir(), format, in)
		if err != nil {
			t.Fatal(err)
		}
		for i, name := range Names {
			var buf bytes.Buffer
			if err := Draw(&buf, name, format, in); err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(paths[i])
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, buf.Bytes()) {
				t.Errorf("%s.%s: Write and Draw differ", name, format)
			}
		}
	}
}

func TestDrawErrors(t *testing.T) {
	base, _ := baseline(t, nil)
	for _, c := range []struct {
		name, format string
		in           Input
		want         string
	}{
		{"headcount", "pdf", base, `format "pdf" is not png or svg`},
		{"pie", "png", base, `no chart "pie" (want one of headcount, placements, budget, flows)`},
		{"flows", "svg", Input{}, "no projected months"},
	} {
		var buf bytes.Buffer
		err := Draw(&buf, c.name, c.format, c.in)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Draw(%s, %s): error %v, want one saying %s", c.name, c.format, err, c.want)
		}
		if buf.Len() > 0 {
			t.Errorf("Draw(%s, %s) wrote %d bytes before failing", c.name, c.format, buf.Len())
		}
	}
}

func TestWriteErrors(t *testing.T) {
	base, _ := baseline(t, nil)
	if _, err := Write(t.TempDir(), "pdf", base); err == nil {
		t.Error("format pdf: no error")
	}
	if _, err := Write(t.TempDir(), "png", Input{}); err == nil {
		t.Error("no result: no error")
	}
	// A chart that cannot be written leaves the others written.
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "budget.png"), 0o755); err != nil {
		t.Fatal(err)
	}
	paths, err := Write(dir, "png", base)
	if err == nil || !strings.Contains(err.Error(), "budget.png") {
		t.Errorf("budget.png a folder: error %v, want one naming it", err)
	}
	want := []string{"headcount.png", "placements.png", "flows.png"}
	if len(paths) != len(want) {
		t.Fatalf("wrote %v, want %v", paths, want)
	}
	for i, p := range paths {
		if filepath.Base(p) != want[i] {
			t.Errorf("wrote %v, want %v", paths, want)
		}
	}
}

// With history, the flows chart keys recorded entries (dots) apart from
// the forecast's (a line); without, it keys only the line.
func TestFlowsLegend(t *testing.T) {
	base, sc := baseline(t, nil)
	keys := func(f figure) map[string]string {
		m := map[string]string{}
		for _, it := range f.legend {
			if it.key != nil {
				m[it.text] = fmt.Sprintf("%T", it.key)
			}
		}
		return m
	}
	got := keys(flows(withActual(t, base, sc)))
	if got["Recorded"] != "charts.dot" || got["Forecast"] != "charts.stroke" {
		t.Errorf("with history, entries keyed %v, want Recorded as a dot and Forecast as a line", got)
	}
	got = keys(flows(base))
	if _, ok := got["Recorded"]; ok || got["All routes"] != "charts.stroke" {
		t.Errorf("forecast only, entries keyed %v, want All routes as a line", got)
	}
}

// A projection at the model's bounds (entries growing 200% a year for 100
// years, numbers near 1e55) draws every chart, in both formats, without a
// panic: a valid scenario always runs.
func TestExtremeValidProjectionDraws(t *testing.T) {
	in, sc := baseline(t, func(p *model.Params) {
		p.Horizon = model.MaxHorizon
		routes := append([]model.Route(nil), p.Routes...)
		routes[0].PerMonth, routes[0].Trend = model.MaxEntriesPerMonth, model.MaxTrend
		p.Routes = routes
	})
	in = withActual(t, in, sc) // the history's areas fall below the axis's first tick
	for _, format := range []string{"png", "svg"} {
		for _, name := range Names {
			if err := Draw(io.Discard, name, format, in); err != nil {
				t.Errorf("%s.%s: %v", name, format, err)
			}
		}
	}
}
