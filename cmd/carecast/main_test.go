package main

import (
	"bytes"
	"flag"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// carecast runs the command line in-process.
func carecast(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return out.String(), errb.String(), code
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		// The output is kept beside the golden file for review (diff it).
		if err := os.WriteFile(path+".got", []byte(got), 0o644); err != nil {
			t.Error(err)
		}
		t.Errorf("output differs from %s; what it is now is in %s.got (go test -update rewrites the golden file):\n--- got\n%s\n--- want\n%s", path, path, got, want)
	} else {
		os.Remove(path + ".got")
	}
}

func TestRunDefaultWritesTablesAndCharts(t *testing.T) {
	dir := t.TempDir()
	stdout, stderr, code := carecast(t, "run", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, f := range []string{"projection.csv", "stock.csv", "budget.csv"} {
		if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	pngs, _ := filepath.Glob(filepath.Join(dir, "*.png"))
	if len(pngs) < 3 {
		t.Fatalf("%d charts, want at least 3: %v", len(pngs), pngs)
	}
	for _, p := range pngs {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if b := img.Bounds(); b.Dx() < 600 || b.Dy() < 300 {
			t.Errorf("%s: %dx%d pixels, too small to read", p, b.Dx(), b.Dy())
		}
	}
	if !strings.Contains(stdout, "Cost by financial year") || !strings.Contains(stdout, "projection.csv") {
		t.Errorf("summary:\n%s", stdout)
	}
}

func TestRunSVG(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, code := carecast(t, "run", "--out", dir, "--format", "SVG"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	svgs, _ := filepath.Glob(filepath.Join(dir, "*.svg"))
	if len(svgs) < 3 {
		t.Errorf("%d SVG charts, want at least 3", len(svgs))
	}
}

// The terminal summary of the baseline and of a what-if, as a finance
// officer reads them.
func TestRunSummaryGolden(t *testing.T) {
	for _, tc := range []struct{ scenario, golden string }{
		{"baseline.yaml", "run-baseline.txt"},
		{"../../scenarios/whatif-in-house-fostering.yaml", "run-in-house-fostering.txt"},
	} {
		dir := t.TempDir()
		stdout, stderr, code := carecast(t, "run", tc.scenario, "--out", dir, "--no-charts")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", tc.scenario, code, stderr)
		}
		golden(t, tc.golden, strings.ReplaceAll(stdout, dir, "OUT"))
	}
}

// TestRunWarnings checks that run says so, on stderr, when a scenario's
// settings or history do not fit its projection, and still runs.
func TestRunWarnings(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       string // on stderr; "" for no warning
	}{
		{"shipped baseline", "extends: baseline.yaml\n", ""},
		{"intervention after the end",
			"extends: baseline.yaml\ninterventions:\n  - {from: foster_ifa, to: foster_inhouse, children: 5, month: 2031-09}\n",
			"carecast: warning: s.yaml:3: interventions[0]: the intervention starts in 2031-09, after the projection ends (2030-03): it changes nothing"},
		{"history that stops short",
			"extends: baseline.yaml\nstart: 2026-04\n",
			"carecast: warning: the returns end in 2025-03, 12 months before the forecast starts in 2026-04"},
		{"history folder gone",
			"extends: baseline.yaml\nhistory: gone\n",
			"carecast: warning: history: the folder of returns gone does not exist; the charts show the forecast only"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "s.yaml")
			if err := os.WriteFile(path, []byte(tc.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "out")
			_, stderr, code := carecast(t, "run", path, "--out", out, "--no-charts")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			stderr = strings.ReplaceAll(stderr, dir+string(filepath.Separator), "")
			switch {
			case tc.want == "" && stderr != "":
				t.Errorf("stderr %q, want nothing", stderr)
			case !strings.Contains(stderr, tc.want):
				t.Errorf("stderr %q, want it to contain %q", stderr, tc.want)
			}
			if _, err := os.Stat(filepath.Join(out, "projection.csv")); err != nil {
				t.Error(err)
			}
		})
	}
	// Returns asked for with --data must be there: that is an error.
	_, stderr, code := carecast(t, "run", "--data", filepath.Join(t.TempDir(), "gone"), "--no-charts", "--out", t.TempDir())
	if code != 1 || !strings.Contains(stderr, "does not exist") {
		t.Errorf("--data of a missing folder: exit %d, %q", code, stderr)
	}
}

// Charts of an earlier run that this one did not redraw are pointed out, so
// that nobody reads an old chart beside new tables.
func TestRunNamesChartsLeftFromEarlierRuns(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, code := carecast(t, "run", "--out", dir); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	stdout, stderr, code := carecast(t, "run", "--out", dir, "--no-charts")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := "(headcount.png, placements.png, budget.png, flows.png are there from an earlier run, not redrawn)"
	if !strings.Contains(stdout, want) {
		t.Errorf("stdout lacks %q:\n%s", want, stdout)
	}
	if stdout, _, _ := carecast(t, "run", "--out", dir); strings.Contains(stdout, "earlier run") {
		t.Errorf("charts redrawn, yet:\n%s", stdout)
	}
}

func TestProjectionHeaderGolden(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, code := carecast(t, "run", "--out", dir, "--no-charts"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(filepath.Join(dir, "projection.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitN(string(b), "\n", 3)
	golden(t, "projection-head.csv", lines[0]+"\n"+lines[1]+"\n")
}

func TestValidate(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("extends: baseline.yaml\nexits:\n  reunification:\n    \"10-15\": {foster_ifa: -0.2}\n"), 0o644)
	stdout, stderr, code := carecast(t, "validate", "baseline.yaml", bad)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	want := bad + `:4: exits.reunification["10-15"].foster_ifa: -0.2 is negative`
	if !strings.Contains(stdout, want) {
		t.Errorf("stdout lacks %q:\n%s", want, stdout)
	}
	if !strings.Contains(stdout, "baseline.yaml: ok") {
		t.Errorf("stdout does not pass the baseline:\n%s", stdout)
	}
	if !strings.Contains(stderr, "1 of 2 scenarios have problems") {
		t.Errorf("stderr: %s", stderr)
	}
}

func TestBadInputGivesErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"run", "missing.yaml"}, "missing.yaml"},
		{[]string{"run", "--format", "gif"}, `--format "gif": want png or svg`},
		{[]string{"run", "a.yaml", "b.yaml"}, "accepts at most 1 arg"},
		{[]string{"scenarios", "nope.yaml"}, `no shipped scenario "nope.yaml"`},
		{[]string{"validate"}, "requires at least 1 arg"},
		{[]string{"frobnicate"}, "unknown command"},
	}
	for _, tc := range tests {
		_, stderr, code := carecast(t, tc.args...)
		if code != 1 || !strings.Contains(stderr, tc.want) {
			t.Errorf("carecast %s: exit %d, stderr %q; want 1 and %q", strings.Join(tc.args, " "), code, stderr, tc.want)
		}
	}
}

func TestScenarios(t *testing.T) {
	stdout, _, code := carecast(t, "scenarios")
	if code != 0 || !strings.Contains(stdout, "baseline.yaml") || !strings.Contains(stdout, "whatif-step-down.yaml") {
		t.Errorf("exit %d:\n%s", code, stdout)
	}
	stdout, _, code = carecast(t, "scenarios", "baseline.yaml")
	if code != 0 || !strings.HasPrefix(stdout, "# Calibrated by carecast") {
		t.Errorf("exit %d, printed:\n%.200s", code, stdout)
	}
}

func TestHelpExplainsOutputs(t *testing.T) {
	stdout, _, code := carecast(t, "run", "--help")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"projection.csv", "budget.csv", "stock.csv", "--out", "--format", "financial year"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("run --help lacks %q", want)
		}
	}
}

const fixture = "../../data/testdata/actuals"

func TestValidateDataGolden(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "validation.csv")
	stdout, stderr, code := carecast(t, "validate-data", "--data", fixture, "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	golden(t, "validate-data.txt", strings.ReplaceAll(stdout, out, "OUT"))
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), "file,line,field,value,severity,rule,message,child\n") {
		t.Errorf("validation.csv starts %.80q", b)
	}
}

func TestActualsGolden(t *testing.T) {
	dir := t.TempDir()
	stdout, stderr, code := carecast(t, "actuals", "--data", fixture, "--out", dir, "--from", "2024-01", "--to", "2024-06")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	golden(t, "actuals.txt", strings.ReplaceAll(stdout, dir, "OUT"))
	b, err := os.ReadFile(filepath.Join(dir, "actuals.csv"))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "actuals.csv", string(b))
	// The columns of projection.csv, before the ranges of its simulated
	// futures.
	proj, _ := os.ReadFile(filepath.Join("testdata", "projection-head.csv"))
	if head := strings.SplitN(string(b), "\n", 2)[0]; !strings.HasPrefix(strings.SplitN(string(proj), "\n", 2)[0], head+",in_care_p5,") {
		t.Error("projection.csv's columns do not begin with actuals.csv's, then the ranges")
	}
	for _, f := range []string{"stock.csv", "moves.csv"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
}

func TestDataCommandsNeedData(t *testing.T) {
	for _, cmd := range []string{"validate-data", "actuals"} {
		_, stderr, code := carecast(t, cmd)
		if code != 1 || !strings.Contains(stderr, `required flag(s) "data" not set`) {
			t.Errorf("%s without --data: exit %d, %q", cmd, code, stderr)
		}
	}
	_, stderr, code := carecast(t, "actuals", "--data", fixture, "--from", "2024-13")
	if code != 1 || !strings.Contains(stderr, "--from") {
		t.Errorf("bad --from: exit %d, %q", code, stderr)
	}
}

func TestCalibrateWritesARunnableScenario(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "cal.yaml")
	stdout, stderr, code := carecast(t, "calibrate", "--data", fixture, "--reference", "2024-01:2024-06", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	golden(t, "calibrate.txt", strings.ReplaceAll(stdout, out, "OUT"))
	text, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	// The history key points back at the returns, relative to the file. Where the
	// temporary folder lies differs between machines, so check that it resolves
	// to the fixture and then compare the rest of the file.
	absFixture, err := filepath.Abs(fixture)
	if err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(dir, absFixture)
	if err != nil {
		t.Fatal(err)
	}
	histLine := fmt.Sprintf("history: %q", rel)
	if !strings.Contains(string(text), histLine) {
		t.Errorf("calibrated file lacks %s", histLine)
	}
	golden(t, "calibrate.yaml", strings.Replace(string(text), histLine, `history: "FIXTURE"`, 1))
	// It runs from another folder, with nothing beside it.
	other := t.TempDir()
	moved := filepath.Join(other, "moved.yaml")
	os.WriteFile(moved, text, 0o644)
	if _, stderr, code := carecast(t, "run", moved, "--out", filepath.Join(other, "out"), "--no-charts"); code != 0 {
		t.Fatalf("running the calibrated scenario: exit %d: %s", code, stderr)
	}
	for _, tc := range []struct{ args, want string }{
		{"--reference 2024-06:2024-01", "ends before it starts"},
		{"--reference 2024-01", "want FROM:TO"},
		{"--reference 2024-01:2024-06 --start 2024-99", "--start"},
	} {
		args := append([]string{"calibrate", "--data", fixture, "--out", filepath.Join(dir, "x.yaml")}, strings.Fields(tc.args)...)
		if _, stderr, code := carecast(t, args...); code != 1 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%s: exit %d, %q", tc.args, code, stderr)
		}
	}
}

// The same seed gives the same ranges, byte for byte, on one core or two;
// another seed gives other ranges.
func TestRunRangesAreSeeded(t *testing.T) {
	read := func(procs int, seed string) string {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		dir := t.TempDir()
		if _, stderr, code := carecast(t, "run", "--no-charts", "--runs", "64", "--seed", seed, "--out", dir); code != 0 {
			t.Fatal(stderr)
		}
		var all string
		for _, f := range []string{"projection.csv", "budget.csv"} {
			b, err := os.ReadFile(filepath.Join(dir, f))
			if err != nil {
				t.Fatal(err)
			}
			all += string(b)
		}
		return all
	}
	one, two := read(1, "7"), read(2, "7")
	if one != two {
		t.Error("--seed 7 gives other outputs on two cores than on one")
	}
	if !strings.Contains(one, "in_care_p10") {
		t.Error("projection.csv has no ranges")
	}
	if read(2, "8") == two {
		t.Error("--seed 8 gives the same outputs as --seed 7")
	}
}

// The chance of meeting a month's target in targets.csv is the share of
// futures meeting it at that month's end in target_odds.csv.
func TestRunTargetOdds(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, code := carecast(t, "run", "--no-charts", "--runs", "80", "--out", dir,
		"--target", "in_care <= 450 by 2027-03", "--target", "cost[2027-28] <= 31m"); code != 0 {
		t.Fatal(stderr)
	}
	targets := readRecords(t, filepath.Join(dir, "targets.csv"))
	odds := readRecords(t, filepath.Join(dir, "target_odds.csv"))
	if got := strings.Join(odds[0], ","); got != "month,in_care <= 450 by 2027-03" {
		t.Fatalf("target_odds.csv header %q, want the month and the month's target only", got)
	}
	if targets[0][len(targets[0])-1] != "probability" {
		t.Fatalf("targets.csv header %v lacks probability", targets[0])
	}
	for _, r := range odds[1:] {
		if r[0] == "2027-03" && r[1] != targets[1][len(targets[1])-1] {
			t.Errorf("target_odds.csv says %s at 2027-03, targets.csv %s", r[1], targets[1][len(targets[1])-1])
		}
		if p, err := strconv.ParseFloat(r[1], 64); err != nil || p < 0 || p > 1 {
			t.Errorf("%s: probability %q", r[0], r[1])
		}
	}
}
