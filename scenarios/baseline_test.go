package scenarios

import (
	"bytes"
	"flag"
	"os"
	"testing"

	"github.com/carecast/carecast/data"
	"github.com/carecast/carecast/model"
)

var update = flag.Bool("update", false, "rewrite baseline.yaml from the shipped sample")

// Baseline settings: baseline.yaml is the shipped sample council calibrated
// on its last three years, with shire-county.yaml's names, costs and mapping.
var (
	baselineFrom = model.MonthOf(2022, 4)
	baselineTo   = model.MonthOf(2025, 3)
)

// calibrateBaseline calibrates the shipped sample as baseline.yaml says.
func calibrateBaseline(t *testing.T) []byte {
	t.Helper()
	tmpl := mustLoad(t, "shire-county.yaml")
	ret, _, err := data.ReadSample(data.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cal, err := data.Calibrate(ret, tmpl.Classifier(), tmpl.Params.Bands, data.CalibrateOptions{From: baselineFrom, To: baselineTo})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	err = WriteCalibrated(&buf, Calibrated{
		Template: tmpl, Cal: cal,
		Source:  "the synthetic council shipped in data/sample (carecast synth --seed 1 --scale 0.9)",
		Name:    "Baseline: the sample council, calibrated on 2022-04 to 2025-03",
		History: SampleHistory,
	})
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The shipped baseline is what calibrating the shipped sample gives (go test
// -update rewrites it after a change to the sample or to calibration).
func TestBaselineIsCalibratedFromTheSample(t *testing.T) {
	got := calibrateBaseline(t)
	if *update {
		if err := os.WriteFile("baseline.yaml", got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("baseline.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("baseline.yaml is not the calibration of the shipped sample: run go test ./scenarios -update")
	}
	s := mustLoad(t, "baseline.yaml")
	if s.History != SampleHistory || s.Params.Start != baselineTo+1 {
		t.Errorf("baseline history %q, start %v", s.History, s.Params.Start)
	}
}
