package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeReturns writes files (name, contents, name, contents, …) into a new
// folder and returns it.
func writeReturns(t *testing.T, files ...string) string {
	t.Helper()
	dir := t.TempDir()
	for i := 0; i < len(files); i += 2 {
		if err := os.WriteFile(filepath.Join(dir, files[i]), []byte(files[i+1]), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// files lists the names in a folder.
func files(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// Months outside the returns are errors that say which months the returns
// cover, for every flag that names a month; calibrate then writes nothing.
// The fixture's returns cover 2023-04 to 2024-06: episodes end in 2023-24
// (four) and 2024-25 (three), and 2024-25 stops at 10/06/2024, too early
// for the year to be whole, but with its dates days apart the rest of
// June is as likely quiet as not, so June is counted.
func TestDataMonthsOutsideTheReturns(t *testing.T) {
	const cover = "which cover 2023-04 to 2024-06"
	tests := []struct {
		args string
		want []string
	}{
		{"calibrate --reference 2024-01:2025-03", []string{"--reference 2024-01:2025-03: 2024-07 to 2025-03 are not in the returns", cover}},
		{"calibrate --reference 2010-04:2013-03", []string{"--reference 2010-04:2013-03: 2010-04 to 2013-03 are not in the returns", cover}},
		{"calibrate --reference 2024-01:2024-06 --start 2027-10", []string{"--start 2027-10", "end of 2027-09", "the start can be 2023-04 to 2024-07"}},
		{"calibrate --reference 2024-01:2024-03 --start 2023-03", []string{"--start 2023-03", "end of 2023-02"}},
		{"actuals --from 2010-04", []string{"--from 2010-04: 2010-04 is not in the returns", cover}},
		{"actuals --to 2030-03", []string{"--to 2030-03: 2030-03 is not in the returns", cover}},
		{"actuals --from 2010-04 --to 2030-03", []string{"--from 2010-04", cover}},
	}
	for _, tc := range tests {
		dir := t.TempDir()
		out := filepath.Join(dir, "out.yaml")
		if strings.HasPrefix(tc.args, "actuals") {
			out = filepath.Join(dir, "out.csv")
		}
		args := append(strings.Fields(tc.args), "--data", fixture, "--out", out)
		_, stderr, code := carecast(t, args...)
		if code != 1 {
			t.Errorf("%s: exit %d, want 1", tc.args, code)
		}
		for _, w := range tc.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("%s: stderr lacks %q:\n%s", tc.args, w, stderr)
			}
		}
		if f := files(t, dir); len(f) > 0 {
			t.Errorf("%s: left %v", tc.args, f)
		}
	}
	// The edges of the returns are fine: the stock at the end of the March
	// before the first year is in its return.
	for _, args := range []string{
		"calibrate --reference 2023-04:2024-06",
		"calibrate --reference 2024-01:2024-06 --start 2023-04",
		"calibrate --reference 2024-01:2024-06 --start 2024-07",
		"actuals --from 2023-04 --to 2024-06",
		"actuals",
	} {
		out := filepath.Join(t.TempDir(), "out.yaml")
		if strings.HasPrefix(args, "actuals") {
			out = filepath.Join(filepath.Dir(out), "out.csv")
		}
		if _, stderr, code := carecast(t, append(strings.Fields(args), "--data", fixture, "--out", out)...); code != 0 {
			t.Errorf("%s: exit %d: %s", args, code, stderr)
		}
	}
}

// A calibration with nothing to say about some keys (no entrants, no
// moves, no exits, no children in care at its end) still writes a scenario
// that loads and runs: empty maps are written {}, not left null.
func TestCalibrateWithNothingToCountStillLoads(t *testing.T) {
	const header = "CHILD,SEX,DOB\n1,1,01/01/2010\n2,2,01/01/2012\n"
	const cols = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\n"
	tests := []struct{ name, episodes string }{
		// in care throughout the window, with no move and no exit in it
		{"no moves", cols + "1,01/05/2019,S,C2,N1,U4,PR1,,\n2,01/06/2019,S,C2,N1,U4,PR1,01/02/2020,E8\n"},
		// nobody in care during the window
		{"nobody in care", cols + "1,01/05/2019,S,C2,N1,U4,PR1,10/05/2019,E8\n2,01/02/2020,S,C2,N1,U4,PR1,01/03/2020,E8\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeReturns(t, "header.csv", header, "episodes.csv", tc.episodes)
			outDir := t.TempDir()
			out := filepath.Join(outDir, "cal.yaml")
			if _, stderr, code := carecast(t, "calibrate", "--data", dir, "--reference", "2019-07:2019-12", "--out", out); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if _, stderr, code := carecast(t, "run", out, "--out", filepath.Join(outDir, "run"), "--no-charts"); code != 0 {
				t.Fatalf("running it: exit %d: %s", code, stderr)
			}
			if f := files(t, outDir); len(f) != 2 {
				t.Errorf("the folder holds %v, want cal.yaml and run", f)
			}
		})
	}
}

// A calibration that fails keeps the file that was there before.
func TestCalibrateFailureKeepsTheOldFile(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "cal.yaml")
	os.WriteFile(out, []byte("old"), 0o644)
	if _, _, code := carecast(t, "calibrate", "--data", fixture, "--reference", "2010-04:2013-03", "--out", out); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if b, _ := os.ReadFile(out); string(b) != "old" {
		t.Errorf("cal.yaml now holds %.40q", b)
	}
	if f := files(t, dir); len(f) != 1 {
		t.Errorf("the folder holds %v", f)
	}
}

// Synth's numeric flags refuse values the options would read as "the
// default", and values out of range, naming the flag.
func TestSynthFlagsOutOfRange(t *testing.T) {
	for _, tc := range []struct{ args, want string }{
		{"--scale 0", "--scale 0: want a number more than 0"},
		{"--scale -1", "--scale -1: want a number more than 0"},
		{"--scale NaN", "--scale NaN"},
		{"--years 0", "--years 0: want 1 to 50"},
		{"--years -3", "--years -3: want 1 to 50"},
		{"--years 51", "--years 51: want 1 to 50"},
		{"--last-year -1", "--last-year -1"},
		{"--durations long", "--durations long: want none or realistic"},
		{"--surge 2024-04:1.4", `--surge "2024-04:1.4" is not FROM:TO:FACTOR`},
		{"--surge 2024-04:2025-03:0.9", "--surge 2024-04:2025-03:0.9: want FROM:TO:FACTOR with both months and a factor above 1"},
		{"--surge 2024-04::1.4", "a factor above 1"},
		{"--fall 2024-04:2025-03:1.2", "--fall 2024-04:2025-03:1.2: want FROM:TO:FACTOR with both months and a factor below 1"},
		{"--fall 2024-04:2025-3:0.5", "the last month"},
		{"--step 2024-04", "--step 2024-04: want FROM:FACTOR, such as 2024-04:1.2"},
		{"--step 2024-04:2025-03:1.2", "--step 2024-04:2025-03:1.2: want FROM:FACTOR"},
		{"--step 2024-04:0", "want a factor above 0"},
		{"--surge 2000-04:2001-03:1.5", "the span holds none of the months simulated"},
	} {
		dir := filepath.Join(t.TempDir(), "out")
		_, stderr, code := carecast(t, append([]string{"synth", "--out", dir}, strings.Fields(tc.args)...)...)
		if code != 1 || !strings.Contains(stderr, tc.want) {
			t.Errorf("synth %s: exit %d, %q; want 1 and %q", tc.args, code, stderr, tc.want)
		}
		if _, err := os.Stat(dir); err == nil {
			t.Errorf("synth %s: wrote %s", tc.args, dir)
		}
	}
}

// Synth writes the files its help lists, and --years of them.
func TestSynthWritesWhatItsHelpSays(t *testing.T) {
	help, _, code := carecast(t, "synth", "--help")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	if strings.Contains(help, "and a routes file") {
		t.Errorf("synth --help promises a routes file:\n%s", help)
	}
	dir := t.TempDir()
	if _, stderr, code := carecast(t, "synth", "--out", dir, "--years", "2", "--scale", "0.1"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got := strings.Join(files(t, dir), " ")
	const want = "2024-episodes.csv 2024-header.csv 2024-uasc.csv 2025-episodes.csv 2025-header.csv 2025-uasc.csv"
	if got != want {
		t.Errorf("wrote %s, want %s", got, want)
	}
	for _, name := range []string{"YYYY-header.csv", "YYYY-episodes.csv", "YYYY-uasc.csv"} {
		if !strings.Contains(help, name) {
			t.Errorf("synth --help does not name %s", name)
		}
	}
}

// --la naming a council the files do not hold says which they hold.
func TestDataUnknownLA(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"actuals", "--data", "../../data/testdata/la", "--la", "Nowhere"},
			`--la Nowhere: council "Nowhere" is not in the files, which hold Anytown and Otherton`},
		{[]string{"validate-data", "--data", "../../data/testdata/la", "--la", "Nowhere"},
			`--la Nowhere: council "Nowhere" is not in the files, which hold Anytown and Otherton`},
		{[]string{"calibrate", "--data", fixture, "--la", "Nowhere", "--reference", "2024-01:2024-06"},
			`--la Nowhere: council "Nowhere" is not in the files: none has an LA column, so they hold one council's returns: leave out --la to read them`},
	} {
		dir := t.TempDir()
		args := append(tc.args, "--out", filepath.Join(dir, "out.csv"))
		_, stderr, code := carecast(t, args...)
		if code != 1 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%s: exit %d, %q; want 1 and %q", strings.Join(tc.args, " "), code, stderr, tc.want)
		}
	}
	if _, stderr, code := carecast(t, "actuals", "--data", "../../data/testdata/la", "--la", "otherton", "--out", filepath.Join(t.TempDir(), "a.csv")); code != 0 {
		t.Errorf("--la otherton: exit %d: %s", code, stderr)
	}
}

// validate-data never says "No problems found." of returns it then says
// cannot be used.
func TestValidateDataNothingUsable(t *testing.T) {
	const cols = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE\n"
	for _, tc := range []struct {
		name, dir, la string
		want          []string
	}{
		{"empty folder", writeReturns(t), "", []string{"the returns cannot be used: no file holds an episodes table"}},
		{"episodes table with no rows", writeReturns(t, "episodes.csv", cols), "",
			[]string{"episodes        1       0", "the returns cannot be used: the episodes tables hold no rows"}},
		{"unknown council", "../../data/testdata/la", "Nowhere",
			[]string{`the returns cannot be used: --la Nowhere: council "Nowhere" is not in the files, which hold Anytown and Otherton`}},
	} {
		out := filepath.Join(t.TempDir(), "validation.csv")
		stdout, stderr, code := carecast(t, "validate-data", "--data", tc.dir, "--out", out, "--la", tc.la)
		if code != 1 || stderr == "" {
			t.Errorf("%s: exit %d, stderr %q", tc.name, code, stderr)
		}
		if strings.Contains(stdout, "No problems found") || strings.Contains(stdout, "Every problem is in") {
			t.Errorf("%s: prints\n%s", tc.name, stdout)
		}
		for _, w := range tc.want {
			if !strings.Contains(stdout, w) {
				t.Errorf("%s: stdout lacks %q:\n%s", tc.name, w, stdout)
			}
		}
	}
	// Usable returns with no problems.
	dir := writeReturns(t, "header.csv", "CHILD,SEX,DOB\n1,1,01/01/2010\n", "episodes.csv", cols+"1,01/05/2019,S,C2,N1,U4,PR1,,,\n")
	stdout, stderr, code := carecast(t, "validate-data", "--data", dir, "--out", filepath.Join(t.TempDir(), "v.csv"))
	if code != 0 || !strings.Contains(stdout, "No problems found.") || !strings.Contains(stdout, "with no problems to list") {
		t.Errorf("clean returns: exit %d, %s\n%s", code, stderr, stdout)
	}
}

// validation.csv names the child of every problem about a row, XML rows
// included; what validate-data prints does not.
func TestValidationCSVNamesTheChild(t *testing.T) {
	out := filepath.Join(t.TempDir(), "validation.csv")
	stdout, stderr, code := carecast(t, "validate-data", "--data", "../../data/testdata/rules/invalid-dob-xml", "--out", out)
	if code != 1 { // its problems are errors
		t.Fatalf("exit %d: %s", code, stderr)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][7] != "child" {
		t.Fatalf("validation.csv:\n%q", rows)
	}
	for _, r := range rows[1:] {
		if r[7] != "1002" {
			t.Errorf("row %q: child %q, want 1002", r, r[7])
		}
	}
	if strings.Contains(stdout, "1002") {
		t.Errorf("validate-data prints a child's identifier:\n%s", stdout)
	}
}

// synthReturns writes the returns of a synthetic council with carecast
// synth and the flags given, and returns the folder.
func synthReturns(t *testing.T, flags ...string) string {
	t.Helper()
	dir := t.TempDir()
	if _, stderr, code := carecast(t, append([]string{"synth", "--out", dir}, flags...)...); code != 0 {
		t.Fatalf("synth: exit %d: %s", code, stderr)
	}
	return dir
}

// editReturn rewrites one file of a folder of returns with edit, which is
// given the rows (the column line first) and returns them changed.
func editReturn(t *testing.T, dir, name string, edit func(rows [][]string) [][]string) {
	t.Helper()
	path := filepath.Join(dir, name)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	csv.NewWriter(&b).WriteAll(edit(rows))
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// lastMonth returns the month of the last row of an actuals CSV file.
func lastMonth(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	month, _, _ := strings.Cut(lines[len(lines)-1], ",")
	return month
}

// One mistyped date does not switch the guard off: with a DEC of 2081 in
// the middle return, the returns still cover 2022-04 to 2025-03 only.
func TestDataStrayDateKeepsTheGuard(t *testing.T) {
	dir := synthReturns(t, "--years", "3", "--scale", "0.1")
	editReturn(t, dir, "2024-episodes.csv", func(rows [][]string) [][]string {
		for _, r := range rows[1:] {
			if r[7] != "" {
				r[7] = r[7][:6] + "2081"
				return rows
			}
		}
		t.Fatal("no closed episode in 2024-episodes.csv")
		return nil
	})
	out := filepath.Join(t.TempDir(), "a.csv")
	if _, stderr, code := carecast(t, "actuals", "--data", dir, "--out", out); code != 0 {
		t.Fatalf("actuals: exit %d: %s", code, stderr)
	}
	if got := lastMonth(t, out); got != "2025-03" {
		t.Errorf("actuals counted to %s, want 2025-03", got)
	}
	_, stderr, code := carecast(t, "calibrate", "--data", dir, "--reference", "2024-04:2026-03", "--out", filepath.Join(t.TempDir(), "c.yaml"))
	if want := "2025-04 to 2026-03 are not in the returns, which cover 2022-04 to 2025-03"; code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("calibrate to 2026-03: exit %d, %q; want 1 and %q", code, stderr, want)
	}
}

// One stale row does not hide a missing year: a 2018-19 return re-sending
// an episode that ended in May 2017 does not cover 2017-18.
func TestDataStaleRowKeepsTheGap(t *testing.T) {
	dir := synthReturns(t, "--years", "3", "--scale", "0.1", "--last-year", "2019")
	if err := os.Remove(filepath.Join(dir, "2018-episodes.csv")); err != nil {
		t.Fatal(err)
	}
	editReturn(t, dir, "2019-header.csv", func(rows [][]string) [][]string {
		return append(rows, []string{"stale", "1", "01/01/2008", "", "", "", ""})
	})
	editReturn(t, dir, "2019-episodes.csv", func(rows [][]string) [][]string {
		return append(rows, []string{"stale", "01/04/2017", "S", "C2", "N1", "U4", "PR1", "20/05/2017", "E8", "", "", "", ""})
	})
	for _, args := range []string{"actuals --from 2016-04 --to 2019-03", "calibrate --reference 2016-04:2019-03", "calibrate --reference 2017-04:2018-03"} {
		out := filepath.Join(t.TempDir(), "out.yaml")
		if strings.HasPrefix(args, "actuals") {
			out = filepath.Join(filepath.Dir(out), "out.csv")
		}
		_, stderr, code := carecast(t, append(strings.Fields(args), "--data", dir, "--out", out)...)
		if want := "2017-04 to 2018-03 are not in the returns"; code != 1 || !strings.Contains(stderr, want) {
			t.Errorf("%s: exit %d, %q; want 1 and %q", args, code, stderr, want)
		}
	}
}

// A small council's returns cover their whole last year though nothing
// happened in its last months: synth writes complete years to March 2025.
func TestDataQuietSpringIsCovered(t *testing.T) {
	dir := synthReturns(t, "--years", "3", "--scale", "0.02")
	out := filepath.Join(t.TempDir(), "c.yaml")
	if _, stderr, code := carecast(t, "calibrate", "--data", dir, "--reference", "2022-04:2025-03", "--out", out); code != 0 {
		t.Fatalf("calibrate --reference 2022-04:2025-03: exit %d: %s", code, stderr)
	}
}

// firstMonth returns the month of the first row of an actuals CSV file.
func firstMonth(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	month, _, _ := strings.Cut(lines[1], ",")
	return month
}

// With a year's return missing, actuals counts by default the latest months
// covered without a gap and says what it left out; one flag counts the
// covered months from or up to it; an error names only the flags given.
func TestActualsWithAMissingYear(t *testing.T) {
	dir := synthReturns(t, "--years", "5", "--scale", "0.1", "--last-year", "2025")
	if err := os.Remove(filepath.Join(dir, "2023-episodes.csv")); err != nil { // 2022-23
		t.Fatal(err)
	}
	const gap = "2022-04 to 2023-03 are not in the returns"
	for _, tc := range []struct {
		flags, first, last, note string
	}{
		{"", "2023-04", "2025-03", "Counting 2023-04 to 2025-03, the latest months the returns cover without a gap: " + gap},
		{"--from 2020-04", "2020-04", "2022-03", "Counting 2020-04 to 2022-03, the months the returns cover without a gap from --from 2020-04: " + gap},
		{"--to 2021-12", "2020-04", "2021-12", ""},
		{"--to 2024-06", "2023-04", "2024-06", "up to --to 2024-06: " + gap},
		{"--from 2023-07", "2023-07", "2025-03", ""},
		{"--from 2020-04 --to 2022-03", "2020-04", "2022-03", ""},
	} {
		out := filepath.Join(t.TempDir(), "a.csv")
		stdout, stderr, code := carecast(t, append([]string{"actuals", "--data", dir, "--out", out}, strings.Fields(tc.flags)...)...)
		if code != 0 {
			t.Errorf("actuals %s: exit %d: %s", tc.flags, code, stderr)
			continue
		}
		if first, last := firstMonth(t, out), lastMonth(t, out); first != tc.first || last != tc.last {
			t.Errorf("actuals %s counted %s to %s, want %s to %s", tc.flags, first, last, tc.first, tc.last)
		}
		if tc.note != "" && !strings.Contains(stdout, tc.note) || tc.note == "" && strings.Contains(stdout, "Counting") {
			t.Errorf("actuals %s printed\n%s\nwant the note %q", tc.flags, stdout, tc.note)
		}
	}
	for _, tc := range []struct{ flags, want string }{
		{"--from 2020-04 --to 2025-03", "--from 2020-04 --to 2025-03: " + gap},
		{"--from 2022-06", "--from 2022-06: 2022-06 is not in the returns"},
		{"--to 2022-06", "--to 2022-06: 2022-06 is not in the returns"},
	} {
		_, stderr, code := carecast(t, append([]string{"actuals", "--data", dir, "--out", filepath.Join(t.TempDir(), "a.csv")}, strings.Fields(tc.flags)...)...)
		if code != 1 || !strings.Contains(stderr, tc.want) {
			t.Errorf("actuals %s: exit %d, %q; want 1 and %q", tc.flags, code, stderr, tc.want)
		}
	}
}

// run draws as history only the last months the returns cover without a gap
// before the forecast, and says which months a missing year left out.
func TestRunHistoryWithAMissingYear(t *testing.T) {
	dir := synthReturns(t, "--years", "5", "--last-year", "2025")
	if err := os.Remove(filepath.Join(dir, "2023-episodes.csv")); err != nil { // 2022-23
		t.Fatal(err)
	}
	stdout, stderr, code := carecast(t, "run", "--data", dir, "--out", t.TempDir(), "--no-charts")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"history  2023-04 to 2025-03 from " + dir, "(drawn from 2023-04 only: 2022-04 to 2023-03 are not in the returns; header: "} {
		if !strings.Contains(stdout, want) {
			t.Errorf("run printed\n%s\nwant %q", stdout, want)
		}
	}
	// Returns that begin with the forecast have nothing to draw.
	late := synthReturns(t, "--years", "2", "--scale", "0.1", "--last-year", "2027")
	_, stderr, code = carecast(t, "run", "--data", late, "--out", t.TempDir(), "--no-charts")
	if want := "none of it before 2025-04, the first month of the forecast"; code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("returns from 2025-04: exit %d, %q; want 1 and %q", code, stderr, want)
	}
}

// actuals and calibrate --help say which months the returns cover, what
// actuals counts by default, and that a start may follow the March before
// a collection year.
func TestDataHelpStatesTheCoverageRule(t *testing.T) {
	for _, tc := range []struct {
		cmd  string
		want []string
	}{
		{"actuals", []string{"Which months the returns cover", "the latest months the returns cover without a gap", "gap from --from, or up to --to"}},
		{"calibrate", []string{"Which months the returns cover", "the March just before a collection\nyear, such as the first"}},
	} {
		help, _, code := carecast(t, tc.cmd, "--help")
		if code != 0 {
			t.Fatalf("%s --help: exit %d", tc.cmd, code)
		}
		for _, w := range tc.want {
			if !strings.Contains(help, w) {
				t.Errorf("%s --help lacks %q:\n%s", tc.cmd, w, help)
			}
		}
	}
}

// Returns that end more than historyYears before the forecast are an error
// that says so.
func TestRunHistoryTooOld(t *testing.T) {
	old := synthReturns(t, "--years", "2", "--scale", "0.1", "--last-year", "2018")
	_, stderr, code := carecast(t, "run", "--data", old, "--out", t.TempDir(), "--no-charts")
	if want := "end in 2018-03, more than 5 years before 2025-04"; code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("exit %d, %q; want 1 and %q", code, stderr, want)
	}
}

// silent is the folder of the data package's fixtures of files that once
// lost rows without a word.
const silent = "../../data/testdata/silent"

// validate-data exits with status 1 when a problem is an error, so that a
// script can stop, and with 0 when all are warnings.
func TestValidateDataExitStatus(t *testing.T) {
	for _, tc := range []struct {
		dir  string
		code int
	}{
		{silent + "/short-row", 1},
		{silent + "/xml-broken", 1},
		{silent + "/unclosed-quote", 1},
		{silent + "/routes-unknown", 0}, // warnings only
		{fixture, 0},                    // a warning only
	} {
		out := filepath.Join(t.TempDir(), "v.csv")
		stdout, stderr, code := carecast(t, "validate-data", "--data", tc.dir, "--out", out)
		if code != tc.code {
			t.Errorf("%s: exit %d, want %d: %s", tc.dir, code, tc.code, stderr)
		}
		if tc.code == 1 && !strings.Contains(stderr, "errors (rows or files not used; see "+out+")") {
			t.Errorf("%s: stderr %q does not say why", tc.dir, stderr)
		}
		if !strings.Contains(stdout, "Every problem is in "+out) {
			t.Errorf("%s: the report was not written: %s", tc.dir, stdout)
		}
	}
}

// A broken XML file: every data command counts the part not read, and
// calibrate refuses the file unless --partial is given.
func TestBrokenXMLIsNeverSilent(t *testing.T) {
	dir := silent + "/xml-broken"
	const summary = "episodes: 5 read, 2 used, 3 rejected, 0 warnings; 1 file read only in part (returns.xml"
	stdout, stderr, code := carecast(t, "actuals", "--data", dir, "--out", filepath.Join(t.TempDir(), "a.csv"))
	if code != 0 || !strings.Contains(stdout, summary) {
		t.Errorf("actuals: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	out := filepath.Join(t.TempDir(), "cal.yaml")
	stdout, stderr, code = carecast(t, "calibrate", "--data", dir, "--reference", "2018-04:2019-03", "--out", out)
	if code != 1 || !strings.Contains(stdout, summary) || !strings.Contains(stderr, "returns.xml could be read only up to an XML syntax error") ||
		!strings.Contains(stderr, "--partial") {
		t.Errorf("calibrate: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("calibrate wrote %s from a file read in part", out)
	}
	_, stderr, code = carecast(t, "calibrate", "--data", dir, "--reference", "2018-04:2019-03", "--out", out, "--partial")
	if code != 0 {
		t.Errorf("calibrate --partial: exit %d: %s", code, stderr)
	}
}

// calibrate --out makes the folders it needs; an empty folder of returns
// says that no SSDA903 file was found.
func TestCalibrateFolders(t *testing.T) {
	out := filepath.Join(t.TempDir(), "a", "b", "c.yaml")
	if _, stderr, code := carecast(t, "calibrate", "--data", fixture, "--reference", "2024-01:2024-06", "--out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(out); err != nil {
		t.Error(err)
	}
	_, stderr, code := carecast(t, "calibrate", "--data", t.TempDir(), "--reference", "2024-01:2024-06", "--out", out)
	if code != 1 || !strings.Contains(stderr, "no SSDA903 file was found") {
		t.Errorf("empty folder: exit %d, stderr %q", code, stderr)
	}
}

// mapping.route_names in a scenario maps a routes file's spellings: the
// names it maps are no longer warned of.
func TestRouteNamesFromTheScenario(t *testing.T) {
	dir := t.TempDir()
	scen := filepath.Join(dir, "routes.yaml")
	base, err := filepath.Abs("../../scenarios/baseline.yaml")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(scen, []byte("extends: "+base+"\nmapping:\n  route_names: {cp: child_protection, cin: children_in_need}\n"), 0o644)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "routes: 4 read, 4 used, 0 rejected, 3 warnings"},
		{[]string{"--scenario", scen}, "routes: 4 read, 4 used, 0 rejected, 1 warning"},
	} {
		args := append([]string{"validate-data", "--data", silent + "/routes-unknown", "--out", filepath.Join(dir, "v.csv")}, tc.args...)
		stdout, stderr, code := carecast(t, args...)
		if code != 0 || !strings.Contains(stdout, tc.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want %q", tc.args, code, stdout, stderr, tc.want)
		}
	}
}
