package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// A change seek finds, written into a what-if scenario and run, meets the
// target within 1% of it, on the meeting side.
func TestSeekResultReruns(t *testing.T) {
	for _, tc := range []struct {
		target, lever string
		extra         []string
		start, end    string
	}{
		{"in_care <= 400 by 2027-03", "entries", nil, "2025-04", "2025-04"},
		{"in_care <= 420 by 2028-03", "exits.reunification", []string{"--from", "2025-10", "--phase-in", "6"}, "2025-10", "2026-03"},
		{"cost[2027-28] <= 30m", "moves.home_external.foster_ifa", nil, "2025-04", "2025-04"},
	} {
		dir := t.TempDir()
		args := append([]string{"seek", "baseline.yaml", "--target", tc.target, "--lever", tc.lever, "--out", dir}, tc.extra...)
		stdout, stderr, code := carecast(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		rec := readRecords(t, filepath.Join(dir, "seek.csv"))
		if rec[1][10] != "yes" {
			t.Fatalf("%s: not met:\n%s", tc.target, stdout)
		}
		whatif := filepath.Join(dir, "whatif.yaml")
		yaml := fmt.Sprintf("extends: baseline.yaml\nchanges:\n  - rate: %s\n    factor: %s\n    start: %s\n    end: %s\n", tc.lever, rec[1][3], tc.start, tc.end)
		if err := os.WriteFile(whatif, []byte(yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, "run")
		if _, stderr, code := carecast(t, "run", whatif, "--no-charts", "--out", out, "--target", tc.target); code != 0 {
			t.Fatalf("run: exit %d: %s", code, stderr)
		}
		got := readRecords(t, filepath.Join(out, "targets.csv"))[1]
		value, _ := strconv.ParseFloat(got[3], 64)
		goal, _ := strconv.ParseFloat(got[4], 64)
		if got[5] != "yes" || value > goal || value < 0.99*goal {
			t.Errorf("%s by %s × %s: the run gives %v (met %s), want at most %v and within 1%%", tc.target, tc.lever, rec[1][3], value, got[5], goal)
		}
	}
}

func TestSeekGolden(t *testing.T) {
	for _, tc := range []struct {
		golden string
		args   []string
	}{
		{"seek-entries.txt", []string{"--target", "in_care <= 400 by 2027-03", "--lever", "entries"}},
		{"seek-unreachable.txt", []string{"--target", "in_care <= 10 by 2026-03", "--lever", "entries"}},
		{"seek-met.txt", []string{"--target", "in_care <= 500 by 2026-03", "--lever", "entries.uasc"}},
		{"seek-shortfall.txt", []string{"--scenario-file", "whatif-step-down.yaml", "--target", "cost[2026-27] <= 20m", "--lever", "interventions.Placement review step-downs"}},
	} {
		dir := t.TempDir()
		scenario, args := "baseline.yaml", tc.args
		if args[0] == "--scenario-file" {
			scenario, args = args[1], args[2:]
		}
		stdout, stderr, code := carecast(t, append([]string{"seek", scenario, "--out", dir}, args...)...)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", tc.golden, code, stderr)
		}
		golden(t, tc.golden, strings.ReplaceAll(stdout, dir, "OUT"))
	}
}

func TestSeekErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--target", "in_care <= 400 by 2027-03", "--lever", "entries.nobody"}, `--lever entries.nobody: unknown route "nobody"`},
		{[]string{"--target", "in_care <= 400 by 2027-03", "--lever", "interventions.x"}, "the scenario has no interventions"},
		{[]string{"--lever", "entries"}, "--target is needed: the scenario states 0 targets"},
		{[]string{"--target", "in_care <= 400 by 2047-03", "--lever", "entries"}, "outside the projection"},
		{[]string{"--target", "in_care <= 400 by 2027-03", "--lever", "entries", "--from", "2027-13"}, `--from "2027-13"`},
		{[]string{"--target", "in_care <= 400 by 2027-03"}, `required flag(s) "lever" not set`},
		{[]string{"--target", "in_care <= 400 by 2027-03", "--lever", "entries", "--from", "2031-01"}, "--from 2031-01 is outside the projection, 2025-04 to 2030-03"},
		{[]string{"--target", "in_care <= 400 by 2027-03", "--lever", "entries", "--from", "2024-01"}, "--from 2024-01 is outside the projection"},
		{[]string{"--target", "in_care <= 400 by 2027-03", "--lever", "entries", "--phase-in", "-2"}, "--phase-in -2"},
	} {
		_, stderr, code := carecast(t, append([]string{"seek", "baseline.yaml", "--out", dir}, tc.args...)...)
		if code == 0 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want an error containing %q", tc.args, code, stderr, tc.want)
		}
	}
}
