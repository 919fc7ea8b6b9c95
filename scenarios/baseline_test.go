package scenarios

import (
	"bytes"
	"flag"
	"os"
	"testing"

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
	c := sampleCalibration(t)
	c.Source = "the synthetic council shipped in data/sample (carecast synth --seed 1 --scale 0.9)"
	c.Name = "Baseline: the sample council, calibrated on 2022-04 to 2025-03"
	var buf bytes.Buffer
	if err := WriteCalibrated(&buf, c); err != nil {
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
