package synth_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/carecast/carecast/data"
	"github.com/carecast/carecast/data/synth"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// writeFixture is returns of three children of two councils, one of them
// with an identifier that must be quoted, episodes before, across and after
// the years written, an episode open past the last return, a UASC child and
// routes for the first episode of some periods.
func writeFixture() *data.Returns {
	d := func(y int, m time.Month, dd int) time.Time { return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC) }
	return &data.Returns{
		Children: []data.Child{
			{LA: "E10", ID: "1", Sex: 1, DOB: d(2010, 2, 28)},
			{LA: "E10", ID: `A,"x"`, DOB: d(2012, 7, 4)},
			{LA: "W20", ID: "7", Sex: 2, DOB: d(2007, 1, 5), UASC: true, DUC: d(2025, 1, 5)},
		},
		Episodes: narrow([]wideEpisode{
			{Child: 0, Start: d(2022, 5, 1), End: d(2022, 9, 1), RNE: "S", LS: "C2", CIN: "N1", Place: "U1", Provider: "PR1", REC: "X1", Route: "direct"},
			{Child: 0, Start: d(2022, 9, 1), RNE: "P", LS: "C2", CIN: "N1", Place: "K2", Provider: "PR4", ReasonPlaceChange: "CARPL"},
			{Child: 1, Start: d(2021, 1, 10), End: d(2022, 4, 2), RNE: "S", LS: "V2", CIN: "N4", Place: "U4", Provider: "PR1", REC: "E11"},
			{Child: 1, Start: d(2023, 6, 1), End: d(2024, 5, 1), RNE: "S", LS: "J2", CIN: "N6", Place: "R1", Provider: "PR0", REC: "E13", Route: "remand"},
			{Child: 2, Start: d(2019, 1, 1), End: d(2020, 1, 1), RNE: "S", LS: "V2", CIN: "N8", Place: "H5", Provider: "PR2", REC: "E8"},
			{Child: 2, Start: d(2023, 4, 15), End: d(2024, 3, 31), RNE: "S", LS: "V2", CIN: "N8", Place: "H5", Provider: "PR2", REC: "E8", Route: "uasc"},
		}),
	}
}

// WriteReturns writes the files of testdata/write, byte for byte. Run with
// -update to rewrite them; a mismatch writes a .got file beside the golden.
func TestWriteReturnsGolden(t *testing.T) {
	dir := t.TempDir()
	if err := synth.WriteReturns(dir, writeFixture(), 2023, 2024); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "write")
	got, _ := filepath.Glob(filepath.Join(dir, "*.csv"))
	want, _ := filepath.Glob(filepath.Join(golden, "*.csv"))
	if !*update && len(got) != len(want) {
		t.Errorf("%d files written, want %d", len(got), len(want))
	}
	for _, path := range got {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Join(golden, filepath.Base(path))
		if *update {
			if err := os.MkdirAll(golden, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(name, b, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if w, err := os.ReadFile(name); err != nil || !bytes.Equal(b, w) {
			os.WriteFile(name+".got", b, 0o644)
			t.Errorf("%s differs from the golden file (%v): see %s.got", filepath.Base(path), err, name)
		}
	}
}
