package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// backtestData writes a synthetic council's returns, 2018-19 to 2024-25,
// into a temporary folder.
func backtestData(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if _, stderr, code := carecast(t, "synth", "--out", dir, "--seed", "4", "--years", "7"); code != 0 {
		t.Fatal(stderr)
	}
	return dir
}

func TestBacktestGolden(t *testing.T) {
	data, out := backtestData(t), t.TempDir()
	stdout, stderr, code := carecast(t, "backtest", "--data", data, "--origins", "2021-03,2022-03,2023-03,2024-03", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	golden(t, "backtest.txt", strings.NewReplacer(data, "DATA", out, "OUT").Replace(stdout))
	if !strings.Contains(stderr, "origin 2024-03: the returns hold 12 months after it, to 2025-03, not the 24 of the horizon") {
		t.Errorf("no warning of the short origin: %q", stderr)
	}
	for _, f := range []string{"backtest.csv", "accuracy.csv", "backtest_2021-03.png", "backtest_2024-03.png", "backtest_error.png"} {
		if fi, err := os.Stat(filepath.Join(out, f)); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	bt, _ := os.ReadFile(filepath.Join(out, "backtest.csv"))
	lines := strings.Split(strings.TrimSpace(string(bt)), "\n")
	if lines[0] != "origin,month,horizon,method,forecast,p10,p90,actual" || len(lines) != 1+4*4*24 {
		t.Errorf("backtest.csv: header %q, %d lines, want 4 origins × 4 methods × 24 months", lines[0], len(lines))
	}
	// The short origin's months past the returns have a forecast, no actual.
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "2024-03,2026-03,24,linear_trend,") || !strings.HasSuffix(last, ",,,") {
		t.Errorf("backtest.csv ends %q, want 2024-03's 24th month with blank band and actual", last)
	}
	acc, _ := os.ReadFile(filepath.Join(out, "accuracy.csv"))
	for _, want := range []string{"method,horizon,mape,mae,bias,bias_pct,coverage80,n\n", "\nnaive_last,13-24,", "\ncarecast,1-24,"} {
		if !strings.Contains(string(acc), want) {
			t.Errorf("accuracy.csv has no %q", want)
		}
	}
	// 13 to 24 months ahead: three origins reach them, 36 points.
	if !strings.Contains(string(acc), ",36\ncarecast,1-24,") {
		t.Errorf("accuracy.csv: carecast 13-24 is not over 36 points:\n%s", acc[:300])
	}
}

func TestBacktestErrors(t *testing.T) {
	data, out := backtestData(t), t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--origins", "2026-03"}, "--origins 2026-03: after the returns end in 2025-03"},
		{[]string{"--origins", "2025-03"}, "--origins 2025-03: the returns hold no month after it"},
		{[]string{"--origins", "2020-03"}, "--origins 2020-03: its reference window, the 36 months 2017-04 to 2020-03 (--reference): 2017-04 to 2018-03 are not in the returns"},
		{[]string{"--origins", "2022-03,2021-03"}, "2021-03 does not come after 2022-03"},
		{[]string{"--origins", "2022-13"}, `--origins "2022-13"`},
		{[]string{"--origins", "2022-03", "--reference", "6"}, "--reference 6: want 12 to 240 months"},
		{[]string{"--origins", "2022-03", "--horizon", "0"}, "--horizon 0"},
		{[]string{"--origins", "2022-03", "--format", "gif"}, `--format "gif"`},
		{[]string{}, `required flag(s) "origins" not set`},
	} {
		_, stderr, code := carecast(t, append([]string{"backtest", "--data", data, "--out", out}, tc.args...)...)
		if code == 0 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want an error containing %q", tc.args, code, stderr, tc.want)
		}
	}
}

// A forecast saved from 2023-04 on, set against the returns since.
func TestActualsVs(t *testing.T) {
	data, dir := backtestData(t), t.TempDir()
	proj := filepath.Join(dir, "projection.csv")
	os.WriteFile(proj, []byte("month,in_care\n2024-10,540\n2024-11,550\n2024-12,560\n2025-01,570\n2025-02,580\n2025-03,590\n2025-04,600\n"), 0o644)
	out := filepath.Join(dir, "vs.csv")
	stdout, stderr, code := carecast(t, "actuals-vs", proj, "--data", data, "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	golden(t, "actuals-vs.txt", strings.NewReplacer(data, "DATA", out, "OUT").Replace(stdout))
	csv, _ := os.ReadFile(out)
	if lines := strings.Split(strings.TrimSpace(string(csv)), "\n"); lines[0] != "month,forecast,actual,error,error_pct" || len(lines) != 7 {
		t.Errorf("vs.csv: %q", lines)
	}
	os.WriteFile(proj, []byte("month,in_care\n2025-04,600\n"), 0o644)
	if _, stderr, code := carecast(t, "actuals-vs", proj, "--data", data, "--out", out); code == 0 || !strings.Contains(stderr, "nothing to compare yet") {
		t.Errorf("a forecast after the returns: exit %d, %q", code, stderr)
	}
}
