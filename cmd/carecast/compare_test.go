package main

import (
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestCompareGolden(t *testing.T) {
	dir := t.TempDir()
	book := filepath.Join(dir, "compare.xlsx")
	stdout, stderr, code := carecast(t, "compare", "baseline.yaml", "whatif-step-down.yaml", "whatif-fewer-entries.yaml",
		"--out", dir, "--no-charts", "--xlsx", book,
		"--target", "in_care <= 420 by 2028-03", "--target", "saving[2026-27] >= 1m")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	golden(t, "compare.txt", strings.ReplaceAll(stdout, dir, "OUT"))
	workbookHoldsCSVs(t, book, dir, "comparison", "savings", "invest", "targets")
}

// The savings in savings.csv are the differences of the costs in
// comparison.csv, year by year, and their split adds up to them.
func TestCompareSavingsAddUp(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, code := carecast(t, "compare", "baseline.yaml", "whatif-step-down.yaml", "whatif-in-house-fostering.yaml", "--out", dir, "--no-charts"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// cost by scenario and financial year, from the monthly table
	cost := map[string]float64{}
	comp := readRecords(t, filepath.Join(dir, "comparison.csv"))
	col := len(comp[0]) - 1
	for _, r := range comp[1:] {
		y, m := num(r[1][:4]), num(r[1][5:])
		if m < 4 {
			y--
		}
		cost[r[0]+"|"+strconv.Itoa(int(y))] += num(r[col])
	}
	sav := readRecords(t, filepath.Join(dir, "savings.csv"))
	base := map[string]float64{}
	for _, r := range sav[1:] {
		year := r[0][:4]
		c := num(r[3])
		if math.Abs(c-cost[r[2]+"|"+year]) > 0.01*float64(len(comp)) {
			t.Errorf("%s %s: savings.csv cost %.2f, comparison.csv adds to %.2f", r[2], r[0], c, cost[r[2]+"|"+year])
		}
		if strings.HasPrefix(r[2], "Baseline") {
			base[year] = c
			continue
		}
		saving, split := num(r[4]), num(r[6])+num(r[7])+num(r[8])+num(r[9])
		if math.Abs(saving-(base[year]-c)) > 0.02 || math.Abs(split-saving) > 0.05 {
			t.Errorf("%s %s: saving %.2f, base less cost %.2f, split adds to %.2f", r[2], r[0], saving, base[year]-c, split)
		}
	}
	if len(sav) != 1+3*5 {
		t.Errorf("savings.csv has %d rows, want a header and 3 scenarios × 5 financial years", len(sav))
	}
}

func TestCompareErrors(t *testing.T) {
	dir := t.TempDir()
	later := filepath.Join(dir, "later.yaml")
	if err := os.WriteFile(later, []byte("extends: baseline.yaml\nstart: 2025-06\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"compare", "baseline.yaml"}, "requires at least 2 arg(s)"},
		{[]string{"compare", "baseline.yaml", later}, "result 2 starts in 2025-06, result 1 in 2025-04"},
		{[]string{"compare", "baseline.yaml", "whatif-step-down.yaml", "--target", "in_care_castle <= 3 by 2026-03"}, `no category "castle"`},
		{[]string{"compare", "baseline.yaml", "whatif-step-down.yaml", "--target", "cost[2040-41] <= 3"}, "not wholly inside the projection"},
		{[]string{"compare", "baseline.yaml", "whatif-step-down.yaml", "--format", "gif"}, `--format "gif"`},
		{[]string{"compare", "baseline.yaml", "whatif-step-down.yaml", "--target", "in_care <= 400 by 2027-03", "--target", "in_care <= 4"}, `target "in_care <= 4"`},
	} {
		_, stderr, code := carecast(t, append(tc.args, "--out", dir)...)
		if code == 0 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want an error containing %q", tc.args, code, stderr, tc.want)
		}
	}
}

// Scenarios of the same name (a what-if without a name of its own takes
// its parent's) are told apart by their files.
func TestCompareSameNames(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"a.yaml", "b.yaml"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("extends: baseline.yaml\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	stdout, stderr, code := carecast(t, "compare", filepath.Join(dir, "a.yaml"), filepath.Join(dir, "b.yaml"), "--no-charts", "--out", dir)
	if code != 0 {
		t.Fatal(stderr)
	}
	for _, want := range []string{"1 a.yaml: Baseline", "2 b.yaml: Baseline"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("compare does not name %s:\n%s", want, stdout)
		}
	}
}
