package scenarios

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carecast/carecast/data"
	"github.com/carecast/carecast/model"
)

// sampleCalibration is the calibration baseline.yaml is written from, as
// carecast calibrate makes it: the shipped sample, 2022-04 to 2025-03, with
// shire-county.yaml's names, bands, costs and mapping.
func sampleCalibration(t *testing.T) Calibrated {
	t.Helper()
	tmpl := mustLoad(t, "shire-county.yaml")
	ret, _, err := data.ReadSample(data.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cal, err := data.Calibrate(ret, tmpl.Classifier(), tmpl.Params.Bands, // duration-blind until the encoder writes the duration factors (issue 9)
		data.CalibrateOptions{From: baselineFrom, To: baselineTo, DurationBounds: []int{}})
	if err != nil {
		t.Fatal(err)
	}
	return Calibrated{Template: tmpl, Cal: cal, Source: "the sample", Name: "Sample", History: SampleHistory}
}

// The calibrated file loads back to the calibration's own parameters,
// evidence included, and so projects the same, to a relative 1e-9 in
// every number (exactly, in fact).
func TestWriteCalibratedRoundTrip(t *testing.T) {
	c := sampleCalibration(t)
	want := c.Params()
	path := filepath.Join(t.TempDir(), "cal.yaml")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteCalibrated(f, c); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	got := mustLoad(t, path).Params
	if got.Evidence == nil || got.Evidence.Exit == nil || got.Evidence.Move == nil || got.Evidence.Entries == nil {
		t.Fatalf("evidence %+v", got.Evidence)
	}
	// Every number is written in full, so the parameters are not just
	// close: they are the same.
	if d := same(t, "Params", want, got); d != 0 {
		t.Errorf("parameters: largest relative difference %.3g, want 0", d)
	}
	r1, err := model.Project(want)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := model.Project(got)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("projection: largest relative difference %.3g", same(t, "Result", r1, r2))
}

// The evidence written as data is the calibration's counts, and the
// comments beside the rates say the same in words.
func TestWriteCalibratedEvidence(t *testing.T) {
	c := sampleCalibration(t)
	p := c.Params()
	K, B := p.K(), p.B()
	for i, e := range c.Cal.Exit {
		if got := p.Evidence.Exit[i]; got.Events != e.Events || got.Exposure != e.Years {
			t.Fatalf("exit cell %d: evidence %+v, estimate %+v", i, got, e)
		}
	}
	for ri, re := range c.Cal.Routes {
		if got := p.Evidence.Entries[ri]; got.Events != re.Entries || got.Exposure != float64(c.Cal.Months) {
			t.Errorf("route %d: evidence %+v, %v entries in %d months", ri, got, re.Entries, c.Cal.Months)
		}
	}
	var buf strings.Builder
	if err := WriteCalibrated(&buf, c); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	// reunification, band 0, foster_inhouse
	e := c.Cal.Exit[(0*B+0)*K+0]
	line := "      foster_inhouse: " + number(e.Rate) + " # " + evidence(e) + "\n"
	if !strings.Contains(text, line) || !strings.Contains(evidence(e), "2 / 11.6 child-years, raw 0.1721, weight 0.70") {
		t.Errorf("no line %q", line)
	}
	for _, want := range []string{
		"# Leaving at 18 is not a rate: 173 children aged out in the window.\n",
		"start: 2025-04 # the stock below is at the end of 2025-03\n",
		"  foster_inhouse: # 161 children\n",
		"    per_month: 5.111111111111111 # 184 entries in 36 months\n",
		"    child_protection: {entries: 184, months: 36}\n",
		"        foster_inhouse: {events: 2, child_years: 11.619438740588638}\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("no line %q", want)
		}
	}
}
