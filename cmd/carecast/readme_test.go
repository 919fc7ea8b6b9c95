package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carecast/carecast/cmd/carecast/internal/report"
	"github.com/carecast/carecast/model"
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
				runs = append(runs, readmeExample{cmd.line + 1 + j, shellWords(args), strings.Join(next.lines, "\n") + "\n"})
			}
		}
		if len(runs) == 1 {
			out = append(out, runs[0])
		}
	}
	return out
}

// shellWords splits a command line into words as a shell would, for the
// README's commands: at spaces, except within single quotes.
func shellWords(line string) []string {
	var words []string
	var w strings.Builder
	quoted, inWord := false, false
	for _, r := range line {
		switch {
		case r == '\'':
			quoted, inWord = !quoted, true
		case r == ' ' && !quoted:
			if inWord {
				words = append(words, w.String())
			}
			w.Reset()
			inWord = false
		default:
			w.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		words = append(words, w.String())
	}
	return words
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
	text := string(readme)
	for _, ex := range examples {
		args, shown := withOut(ex.args, tmp)
		stdout, stderr, code := carecast(t, args...)
		if code != 0 {
			t.Errorf("README.md:%d: carecast %s: exit %d: %s", ex.line, strings.Join(ex.args, " "), code, stderr)
			continue
		}
		got := strings.ReplaceAll(stdout, filepath.Join(tmp, shown), shown)
		if got == ex.output {
			continue
		}
		if *update {
			text = replaceAfter(text, ex.line, "```\n"+ex.output+"```", "```\n"+got+"```")
			continue
		}
		t.Errorf("README.md:%d: carecast %s prints\n%s\nbut README.md shows\n%s\n(go test -update rewrites it)", ex.line, strings.Join(ex.args, " "), got, ex.output)
	}
	if *update && text != string(readme) {
		if err := os.WriteFile("README.md", []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// replaceAfter replaces the first old in s after line n with new.
func replaceAfter(s string, n int, old, new string) string {
	at := 0
	for i := 0; i < n && at < len(s); i++ {
		at += strings.IndexByte(s[at:], '\n') + 1
	}
	i := strings.Index(s[at:], old)
	if i < 0 {
		return s
	}
	return s[:at+i] + new + s[at+i+len(old):]
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

// The bounds README.md gives for the numbers of a scenario are the
// model's.
func TestReadmeBounds(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(readme)), " ")
	comma, pounds := report.Thousands, report.Pounds
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
