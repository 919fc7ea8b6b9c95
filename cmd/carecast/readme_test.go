package main

import (
	"fmt"

	"bufio"
	"encoding/csv"
	"github.com/carecast/carecast/model"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// readmeExample is a command of README.md and the output it shows under it.
type readmeExample struct {
	line   int      // of the command in README.md
	args   []string // after go run ./cmd/carecast
	output string
}

// readmeExamples finds the README's commands that are followed by the
// output they print: a ```sh block with one `go run ./cmd/carecast` line
// (its comment dropped), then, after it and any prose, a plain ``` block.
func readmeExamples(t *testing.T, readme string) []readmeExample {
	t.Helper()
	var blocks []struct {
		lang  string
		line  int
		lines []string
	}
	sc := bufio.NewScanner(strings.NewReader(readme))
	in, n := false, 0
	for sc.Scan() {
		n++
		l := sc.Text()
		switch {
		case strings.HasPrefix(l, "```") && !in:
			in = true
			blocks = append(blocks, struct {
				lang  string
				line  int
				lines []string
			}{strings.TrimPrefix(l, "```"), n, nil})
		case l == "```" && in:
			in = false
		case in:
			b := &blocks[len(blocks)-1]
			b.lines = append(b.lines, l)
		}
	}
	var out []readmeExample
	for i := 0; i+1 < len(blocks); i++ {
		cmd, next := blocks[i], blocks[i+1]
		if cmd.lang != "sh" || next.lang != "" {
			continue
		}
		var runs []readmeExample
		for j, l := range cmd.lines {
			l, _, _ = strings.Cut(l, "#")
			if args, ok := strings.CutPrefix(strings.TrimSpace(l), "go run ./cmd/carecast "); ok {
				runs = append(runs, readmeExample{cmd.line + 1 + j, strings.Fields(args), strings.Join(next.lines, "\n") + "\n"})
			}
		}
		if len(runs) == 1 {
			out = append(out, runs[0])
		}
	}
	return out
}

// The outputs README.md shows are what the commands print, from a fresh
// clone (the repository's root as the working folder).
func TestReadmeExamplesPrintWhatTheyShow(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	examples := readmeExamples(t, string(readme))
	if len(examples) < 2 {
		t.Fatalf("found %d commands with their output in README.md, want the quick start's and the what-if's", len(examples))
	}
	tmp := t.TempDir()
	t.Chdir("../..")
	for _, ex := range examples {
		args, shown := withOut(ex.args, tmp)
		stdout, stderr, code := carecast(t, args...)
		if code != 0 {
			t.Errorf("README.md:%d: carecast %s: exit %d: %s", ex.line, strings.Join(ex.args, " "), code, stderr)
			continue
		}
		got := strings.ReplaceAll(stdout, filepath.Join(tmp, shown), shown)
		if got != ex.output {
			t.Errorf("README.md:%d: carecast %s prints\n%s\nbut README.md shows\n%s", ex.line, strings.Join(ex.args, " "), got, ex.output)
		}
	}
}

// withOut points a run's --out (default out) into dir, and returns the
// folder as the README names it.
func withOut(args []string, dir string) ([]string, string) {
	out := append([]string(nil), args...)
	for i, a := range out {
		if (a == "--out" || a == "-o") && i+1 < len(out) {
			shown := out[i+1]
			out[i+1] = filepath.Join(dir, shown)
			return out, shown
		}
	}
	return append(out, "--out", filepath.Join(dir, "out")), "out"
}

// The README's table of the what-if's budget against the baseline's is
// what the two runs' budget.csv files say.
func TestReadmeWhatIfTable(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile(`(?m)^\| (\d{4}-\d{2}) \| (£[\d,]+) \| (£[\d,]+) \| (−?£[\d,]+) \| (£[\d,]+) \|$`)
	rows := row.FindAllStringSubmatch(string(readme), -1)
	if len(rows) != 5 {
		t.Fatalf("found %d rows of the what-if table, want 5", len(rows))
	}
	dir := t.TempDir()
	base, whatif := filepath.Join(dir, "base"), filepath.Join(dir, "whatif")
	for _, r := range []struct{ scenario, out string }{
		{"baseline.yaml", base}, {"../../scenarios/whatif-in-house-fostering.yaml", whatif},
	} {
		if _, stderr, code := carecast(t, "run", r.scenario, "--no-charts", "--out", r.out); code != 0 {
			t.Fatalf("%s: %s", r.scenario, stderr)
		}
	}
	b, w := budgetTotals(t, base), budgetTotals(t, whatif)
	fixed := fixedCosts(t, whatif)
	for _, r := range rows {
		year := r[1]
		// the difference of the pounds shown, so that the row adds up
		diff := math.Round(w[year]) - math.Round(b[year])
		want := []string{pounds(b[year]), pounds(w[year]), signedPounds(diff), pounds(fixed[year])}
		if got := r[2:]; strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("README's %s row says %v; the runs say %v", year, got, want)
		}
	}
}

// budgetTotals reads the total cost of each financial year from budget.csv.
func budgetTotals(t *testing.T, dir string) map[string]float64 {
	return budgetColumn(t, dir, func(cat string) bool { return cat == "total" })
}

// fixedCosts reads each year's cost of the what-if's recruitment line.
func fixedCosts(t *testing.T, dir string) map[string]float64 {
	return budgetColumn(t, dir, func(cat string) bool { return cat == "Foster carer recruitment" })
}

func budgetColumn(t *testing.T, dir string, keep func(category string) bool) map[string]float64 {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "budget.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	out := map[string]float64{}
	for _, r := range recs[1:] {
		if !keep(r[col["category"]]) {
			continue
		}
		v, err := strconv.ParseFloat(r[col["cost"]], 64)
		if err != nil {
			t.Fatal(err)
		}
		out[r[col["financial_year"]]] += v
	}
	return out
}

// pounds writes £1,234,567, rounded to the pound.
func pounds(v float64) string {
	s := strconv.FormatFloat(math.Round(v), 'f', 0, 64)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return "£" + b.String()
}

// signedPounds writes a difference: −£81,235 or £12.
func signedPounds(v float64) string {
	if v < 0 {
		return "−" + pounds(-v)
	}
	return pounds(v)
}

// The bounds README.md gives for the numbers of a scenario are the
// model's.
func TestReadmeBounds(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(readme)), " ")
	comma := func(v float64) string { return strings.TrimPrefix(pounds(v), "£") }
	for _, want := range []string{
		"rates up to " + comma(model.MaxRate) + " a child-year",
		"factor up to " + comma(model.MaxFactor),
		"entries up to " + comma(model.MaxEntriesPerMonth) + " a month",
		fmt.Sprintf("a trend above %d%% and up to +%d%% a year", int(100*model.MinTrend), int(100*model.MaxTrend)),
		"up to " + comma(model.MaxStock) + " children in a cell",
		"weekly costs up to " + pounds(model.MaxWeeklyCost),
		fmt.Sprintf("uplifts from %d%% to +%d%% a year", int(100*model.MinUplift), int(100*model.MaxUplift)),
		"fixed lines up to " + pounds(model.MaxAnnual) + " a year",
		fmt.Sprintf("at most %s months", comma(model.MaxHorizon)),
	} {
		want = strings.ReplaceAll(want, " -", " −") // README writes a minus sign
		if !strings.Contains(text, want) {
			t.Errorf("README.md does not say %q", want)
		}
	}
	if model.MaxChildren != model.MaxStock {
		t.Errorf("README.md gives one bound for the stock and an intervention's children; the model has %v and %v", model.MaxStock, model.MaxChildren)
	}
}
