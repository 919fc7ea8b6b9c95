package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The terminal summary and every table of the test cohort, whose totals
// are worked out by hand in data/cohort's tests (Cohort 2's costs rose),
// with three rows rejected.
func TestTrackGolden(t *testing.T) {
	out := filepath.Join(t.TempDir(), "savings")
	stdout, stderr, code := carecast(t, "track", "testdata/cohort.csv", "--out", out)
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	golden(t, "track/stdout.txt", strings.ReplaceAll(stdout, out, "OUT"))
	for _, name := range []string{"by-cohort.csv", "by-reason.csv", "by-opportunity.csv", "reductions.csv", "increases.csv", "problems.csv"} {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "track/"+name, string(b))
	}
}

// No output of track, on the terminal or in a file, names a child of the
// input, even when the file is too bad to use.
func TestTrackNamesNoChild(t *testing.T) {
	ids := cohortIDs(t, "testdata/cohort.csv")
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("child,cohort,reason,original_weekly_cost,current_weekly_cost\n"+
		"LC-7731001,1,LC-7731002,1,x LC-7731001\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{"testdata/cohort.csv", bad} {
		out := filepath.Join(dir, "out")
		stdout, stderr, _ := carecast(t, "track", file, "--out", out)
		files, _ := filepath.Glob(filepath.Join(out, "*"))
		if len(files) == 0 {
			t.Fatalf("%s: nothing written", file)
		}
		texts := map[string]string{"stdout": stdout, "stderr": stderr}
		for _, f := range files {
			b, _ := os.ReadFile(f)
			texts[f] = string(b)
		}
		for where, text := range texts {
			for _, id := range ids {
				if strings.Contains(text, id) {
					t.Errorf("%s: %s names the child %s", file, where, id)
				}
			}
		}
	}
}

// cohortIDs reads the child column of a cohort file.
func cohortIDs(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, rec := range recs[1:] {
		ids = append(ids, rec[0])
	}
	if len(ids) < 5 {
		t.Fatalf("%d identifiers in %s", len(ids), path)
	}
	return ids
}

// A file that cannot be used is a located error and exit status 1; the
// problems it found are still printed and written.
func TestTrackErrors(t *testing.T) {
	tests := []struct{ name, text, stderr, stdout string }{
		{"empty", "", "carecast: c.csv: the file is empty: its first line must name the columns child, cohort, reason, original_weekly_cost and current_weekly_cost (opportunity is optional)\n", "c.csv: 0 rows read"},
		{"missing column", "child,cohort,reason,original_weekly_cost\nA1,1,r,5\n", "carecast: c.csv:1: current_weekly_cost: missing: the first line must name the columns", ""},
		{"every cost text", "child,cohort,reason,original_weekly_cost,current_weekly_cost\nA1,1,r,five,0\n",
			"carecast: c.csv: no row can be used: 1 row rejected, none counted\n",
			`c.csv:2: original_weekly_cost: "five" is not an amount of money`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "c.csv")
			if err := os.WriteFile(path, []byte(tc.text), 0o644); err != nil {
				t.Fatal(err)
			}
			stdout, stderr, code := carecast(t, "track", path, "--out", filepath.Join(dir, "out"))
			if code != 1 || !strings.HasPrefix(stderr, tc.stderr) || !strings.Contains(stdout, tc.stdout) {
				t.Errorf("exit %d\nstderr %q\nwant   %q…\nstdout %q\nwant it to hold %q", code, stderr, tc.stderr, stdout, tc.stdout)
			}
			if _, err := os.Stat(filepath.Join(dir, "out", "problems.csv")); err != nil {
				t.Error(err)
			}
		})
	}
	_, stderr, code := carecast(t, "track", filepath.Join(t.TempDir(), "gone.csv"))
	if code != 1 || !strings.Contains(stderr, "gone.csv: no such file") {
		t.Errorf("a missing file: exit %d, %q", code, stderr)
	}
}

func TestTrackShowNegative(t *testing.T) {
	_, stderr, code := carecast(t, "track", "testdata/cohort.csv", "--show", "-1", "--out", t.TempDir())
	if code != 1 || !strings.Contains(stderr, "--show -1") {
		t.Errorf("exit %d, stderr %q; want an error naming --show -1", code, stderr)
	}
}

func TestTrackHelp(t *testing.T) {
	stdout, _, code := carecast(t, "track", "--help")
	for _, want := range []string{"carecast track cohort.csv --out savings/", "original_weekly_cost", "problems.csv", "No output names a child"} {
		if code != 0 || !strings.Contains(stdout, want) {
			t.Errorf("track --help lacks %q", want)
		}
	}
}
