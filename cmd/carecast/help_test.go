package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// The top-level help says truthfully what the shipped baseline is, and
// lists no shell-completion command (it still works, hidden).
func TestRootHelpForAFinanceAnalyst(t *testing.T) {
	help, _, code := carecast(t, "--help")
	if code != 0 {
		t.Fatalf("--help: exit %d", code)
	}
	for _, want := range []string{"calibrated on the returns of a\nsynthetic sample council", "no real child"} {
		if !strings.Contains(help, want) {
			t.Errorf("--help lacks %q:\n%s", want, help)
		}
	}
	for _, not := range []string{"illustrative", "completion"} {
		if strings.Contains(help, not) {
			t.Errorf("--help says %q:\n%s", not, help)
		}
	}
	if out, stderr, code := carecast(t, "completion", "bash"); code != 0 || !strings.Contains(out, "bash completion") {
		t.Errorf("completion bash: exit %d, %s", code, stderr)
	}
}

// actuals and calibrate give the coverage rule in one sentence, naming the
// README's section that gives it in full.
func TestCoverageHelpIsOneSentence(t *testing.T) {
	text := strings.Join(strings.Fields(coverageHelp), " ")
	if strings.Count(text, ". ") != 0 || !strings.HasSuffix(text, ".") {
		t.Errorf("coverageHelp is more than one sentence: %q", text)
	}
	section := regexp.MustCompile(`"([^"]+)" in the README`).FindStringSubmatch(text)
	if section == nil {
		t.Fatalf("coverageHelp names no README section: %q", text)
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "\n### "+section[1]+"\n") {
		t.Errorf("README.md has no section %q", section[1])
	}
}

// Read in order, the README never tells the reader to write a file or
// folder that an earlier command of it made.
func TestReadmeNeverOverwrites(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	commands := regexp.MustCompile("go run \\./cmd/carecast ([^`#\n]*)").FindAllStringSubmatch(string(readme), -1)
	made := map[string]string{}
	for _, c := range commands {
		target := writes(strings.Fields(c[1]))
		if target == "" {
			continue
		}
		if earlier, ok := made[target]; ok {
			t.Errorf("README: %q writes %s, which %q made earlier", strings.TrimSpace(c[1]), target, strings.TrimSpace(earlier))
		}
		made[target] = c[1]
	}
	if len(made) < 6 {
		t.Errorf("found %d commands that write, want at least 6: %v", len(made), made)
	}
}

// writes is the file or folder a command line writes: its --out or its
// redirection, or the default of run and validate-data; "" for none.
func writes(args []string) string {
	for i, a := range args {
		if (a == "--out" || a == "-o" || a == ">") && i+1 < len(args) {
			return strings.TrimSuffix(args[i+1], "/")
		}
	}
	switch args[0] {
	case "run":
		return "out"
	case "validate-data":
		return "validation.csv"
	}
	return ""
}
