package pipeline

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/carecast/carecast/data"
	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/scenarios"
)

// fixture is a small council's returns: 2023-24 and the first months of
// 2024-25.
const fixture = "../../../../data/testdata/actuals"

// A scenario file that does not load is reported and never left on disk,
// nor is the temporary file it was written to; the file there before stays.
func TestWriteScenarioChecksTheFileLoads(t *testing.T) {
	s, err := scenarios.Load(scenarios.DefaultName)
	if err != nil {
		t.Fatal(err)
	}
	ret, _, err := data.ReadDir(fixture, data.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cal, err := data.Calibrate(ret, s.Classifier(), s.Params.Bands, data.CalibrateOptions{From: model.MonthOf(2024, 1), To: model.MonthOf(2024, 6)})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "cal.yaml")
	os.WriteFile(out, []byte("old"), 0o644)
	// a horizon of -1 month does not load
	bad := scenarios.Calibrated{Template: s, Cal: cal, Name: "x", Horizon: -1}
	err = WriteScenario(out, func(w io.Writer) error { return scenarios.WriteCalibrated(w, bad) })
	if err == nil || !strings.Contains(err.Error(), "does not load") || !strings.Contains(err.Error(), out+":") {
		t.Errorf("error %v", err)
	}
	if b, _ := os.ReadFile(out); string(b) != "old" {
		t.Errorf("cal.yaml now holds %.40q", b)
	}
	if f, _ := os.ReadDir(dir); len(f) != 1 {
		t.Errorf("the folder holds %d files", len(f))
	}
	good := scenarios.Calibrated{Template: s, Cal: cal, Name: "x"}
	if err := WriteScenario(out, func(w io.Writer) error { return scenarios.WriteCalibrated(w, good) }); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("cal.yaml: %v, %v", fi.Mode(), err)
	}
	// folders that are not there are made
	deep := filepath.Join(dir, "a", "b", "cal.yaml")
	if err := WriteScenario(deep, func(w io.Writer) error { return scenarios.WriteCalibrated(w, good) }); err != nil {
		t.Fatalf("into new folders: %v", err)
	}
	os.RemoveAll(filepath.Join(dir, "a"))
	// a write that fails leaves nothing behind either
	boom := errors.New("disk full")
	if err := WriteScenario(out, func(io.Writer) error { return boom }); !errors.Is(err, boom) {
		t.Errorf("error %v, want %v", err, boom)
	}
	if f, _ := os.ReadDir(dir); len(f) != 1 {
		t.Errorf("the folder holds %d files", len(f))
	}
}

// coverage is returns that cover the collection years given (April to
// March, named by their starting year), with one episode so that they are
// not empty.
func coverage(years ...int) *data.Returns {
	ret := &data.Returns{Episodes: make([]data.Episode, 1)}
	for _, y := range years {
		ret.Coverage.Years = append(ret.Coverage.Years, y)
	}
	last := years[len(years)-1]
	ret.Coverage.End = model.MonthOf(last+1, 3)
	return ret
}

func m(y, mo int) model.Month { return model.MonthOf(y, time.Month(mo)) }

// The one rule for the months to count, in each of its forms.
func TestMonths(t *testing.T) {
	gap := coverage(2018, 2019, 2021, 2022) // 2020-21 missing
	for _, tc := range []struct {
		name    string
		req     MonthsRequest
		want    Span
		wantErr string
	}{
		{"latest run", MonthsRequest{}, Span{First: m(2021, 4), Last: m(2023, 3),
			LeftOut: []data.MonthRange{{First: m(2020, 4), Last: m(2021, 3)}}}, ""},
		{"from, to the end of its run", MonthsRequest{From: m(2018, 6)}, Span{First: m(2018, 6), Last: m(2020, 3),
			LeftOut: []data.MonthRange{{First: m(2020, 4), Last: m(2021, 3)}}}, ""},
		{"to, from the start of its run", MonthsRequest{To: m(2022, 1)}, Span{First: m(2021, 4), Last: m(2022, 1),
			LeftOut: []data.MonthRange{{First: m(2020, 4), Last: m(2021, 3)}}}, ""},
		{"from and to", MonthsRequest{From: m(2018, 4), To: m(2019, 3)}, Span{First: m(2018, 4), Last: m(2019, 3)}, ""},
		{"from and to across the gap", MonthsRequest{From: m(2019, 4), To: m(2021, 6)}, Span{}, "2020-04 to 2021-03"},
		{"from not covered", MonthsRequest{From: m(2020, 6)}, Span{}, "--from 2020-06"},
		{"to before from", MonthsRequest{From: m(2019, 4), To: m(2019, 1)}, Span{}, "end before they start"},
		{"before a forecast", MonthsRequest{Before: m(2023, 4), Back: 60, Name: "R"}, Span{First: m(2021, 4), Last: m(2023, 3),
			LeftOut: []data.MonthRange{{First: m(2020, 4), Last: m(2021, 3)}}}, ""},
		{"before a forecast, clipped", MonthsRequest{Before: m(2022, 10), Back: 12, Name: "R"}, Span{First: m(2021, 10), Last: m(2022, 9)}, ""},
		{"before a forecast inside the first run", MonthsRequest{Before: m(2019, 10), Back: 60, Name: "R"}, Span{First: m(2018, 4), Last: m(2019, 9)}, ""},
		{"forecast before the returns", MonthsRequest{Before: m(2018, 4), Back: 60, Name: "R"}, Span{}, "R cover"},
		{"returns too old", MonthsRequest{Before: m(2030, 4), Back: 60, Name: "R"}, Span{}, "R end in 2023-03, more than 5 years before 2030-04"},
	} {
		got, err := Months(gap, tc.req)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%s: error %v, want one saying %q", tc.name, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got.First != tc.want.First || got.Last != tc.want.Last || len(got.LeftOut) != len(tc.want.LeftOut) {
			t.Errorf("%s: %v to %v leaving out %v, want %v to %v leaving out %v", tc.name, got.First, got.Last, got.LeftOut, tc.want.First, tc.want.Last, tc.want.LeftOut)
			continue
		}
		for i := range got.LeftOut {
			if got.LeftOut[i] != tc.want.LeftOut[i] {
				t.Errorf("%s: leaves out %v, want %v", tc.name, got.LeftOut, tc.want.LeftOut)
			}
		}
	}
	if _, err := Months(&data.Returns{}, MonthsRequest{}); !errors.Is(err, data.ErrNoEpisodes) {
		t.Errorf("no episodes: %v", err)
	}
}

// A folder named sample given as the returns is read as a folder, not as
// the sample shipped with carecast, and a scenario calibrated from it
// names the folder as its history.
func TestAFolderNamedSample(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "sample"), os.DirFS(fixture)); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	a, err := CountActuals(ActualsOptions{Source: Source{Dir: "sample"}, Scenario: scenarios.DefaultName})
	if err != nil {
		t.Fatal(err)
	}
	want, err := CountActuals(ActualsOptions{Source: Source{Dir: filepath.Join(dir, "sample")}, Scenario: scenarios.DefaultName})
	if err != nil {
		t.Fatal(err)
	}
	if a.Result.Months != want.Result.Months || a.Result.InitialInCare != want.Result.InitialInCare {
		t.Errorf("--data sample counted %d months from %v children; the folder has %d months from %v",
			a.Result.Months, a.Result.InitialInCare, want.Result.Months, want.Result.InitialInCare)
	}
	_, err = Calibrate(CalibrateOptions{Source: Source{Dir: "sample"}, Scenario: scenarios.DefaultName,
		From: model.MonthOf(2024, 1), To: model.MonthOf(2024, 6), Out: "cal.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	s, err := scenarios.Load("cal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if s.History != "sample" && !strings.HasSuffix(s.History, string(filepath.Separator)+"sample") || s.History == scenarios.SampleHistory {
		t.Errorf("the calibrated file's history is %q, want the folder", s.History)
	}
}

func TestMemoryLimit(t *testing.T) {
	for _, tc := range []struct{ input, want int64 }{
		{0, minMemoryLimit}, {10 << 20, minMemoryLimit}, {70 << 20, 210 << 20}, {1 << 30, 3 << 30},
	} {
		if got := memoryLimit(tc.input); got != tc.want {
			t.Errorf("memoryLimit(%d) = %d, want %d", tc.input, got, tc.want)
		}
	}
	dir := t.TempDir()
	for name, n := range map[string]int{"a.csv": 100, "sub/b.xml": 250} {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, make([]byte, n), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if got := inputSize(dir); got != 350 {
		t.Errorf("inputSize = %d, want 350", got)
	}
}
