package data

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/carecast/carecast/model"
)

// fileLevelRules are rules about a whole file: they drop no counted row.
var fileLevelRules = map[string]bool{RuleMissingColumn: true, RuleDuplicateColumn: true, RuleXMLSyntax: true}

// checkInvariants checks what must hold after any read, whatever the input.
func checkInvariants(tb testing.TB, ret *Returns, rep *Report) {
	tb.Helper()
	if ret == nil || rep == nil {
		tb.Fatalf("nil result: ret=%v rep=%v", ret, rep)
	}
	if len(rep.Tables) != int(numTables) {
		tb.Fatalf("report has %d tables, want %d", len(rep.Tables), numTables)
	}
	rowErrors := map[Table]int{}
	for _, r := range rep.Rules {
		if r.Severity == SeverityError && !fileLevelRules[r.Rule] {
			rowErrors[r.Table] += r.Count
		}
	}
	for _, c := range rep.Tables {
		if c.Read != c.Used+c.Rejected {
			tb.Errorf("%s: read %d != used %d + rejected %d", c.Table, c.Read, c.Used, c.Rejected)
		}
		if c.Rejected != rowErrors[c.Table]+c.Superseded {
			tb.Errorf("%s: rejected %d != %d row errors + %d superseded", c.Table, c.Rejected, rowErrors[c.Table], c.Superseded)
		}
	}
	if got, want := len(ret.Episodes), rep.Counts(TableEpisodes).Used; got != want {
		tb.Errorf("%d episodes returned, report says %d used", got, want)
	}
	if got, want := len(ret.Children), rep.Counts(TableHeader).Used; got != want {
		tb.Errorf("%d children returned, report says %d header rows used", got, want)
	}
	seen := make([]bool, len(ret.Children))
	for i, e := range ret.Episodes {
		if e.Child < 0 || e.Child >= len(ret.Children) {
			tb.Fatalf("episode %d: child index %d out of range", i, e.Child)
		}
		seen[e.Child] = true
		if e.End != NoDay && e.End < e.Start {
			tb.Errorf("episode %d ends before it starts", i)
		}
		if e.Start.Time().Before(ret.Children[e.Child].DOB) {
			tb.Errorf("episode %d starts before birth", i)
		}
		if i == 0 || ret.Episodes[i-1].Child != e.Child {
			if i > 0 && ret.Episodes[i-1].Child > e.Child {
				tb.Errorf("episodes not sorted by child at %d", i)
			}
			continue
		}
		p := ret.Episodes[i-1]
		if p.Start >= e.Start {
			tb.Errorf("episodes %d and %d of a child not in strict start order", i-1, i)
		}
		if p.End == NoDay || p.End > e.Start {
			tb.Errorf("episodes %d and %d overlap", i-1, i)
		}
	}
	for c, ok := range seen {
		if !ok {
			tb.Errorf("child %d has no episode", c)
		}
	}
	for _, p := range rep.Problems {
		if p.Severity != SeverityError && p.Severity != SeverityWarning {
			tb.Errorf("problem with severity %q: %v", p.Severity, p)
		}
		if p.Rule == "" || p.Message == "" || p.File == "" {
			tb.Errorf("incomplete problem: %#v", p)
		}
	}
}

// describe renders returns without file positions, for comparing reads of
// the same data in different layouts.
func describe(ret *Returns, withLA bool) string {
	var b strings.Builder
	for _, c := range ret.Children {
		la := ""
		if withLA {
			la = c.LA + "/"
		}
		fmt.Fprintf(&b, "child %s%s sex=%d dob=%s uasc=%v duc=%s\n", la, c.ID, c.Sex, day8(c.DOB), c.UASC, day8(c.DUC))
	}
	for _, e := range ret.Episodes {
		fmt.Fprintf(&b, "ep %s %s..%s %s %s %s %s %s %s %s route=%s\n", ret.Children[e.Child].ID, day8(e.Start.Time()), day8(e.End.Time()),
			e.RNE, e.LS, e.CIN, e.Place, e.Provider, e.REC, e.ReasonPlaceChange, e.Route)
	}
	return b.String()
}

func day8(t interface{ Format(string) string }) string {
	s := t.Format("2006-01-02")
	if s == "0001-01-01" {
		return "-"
	}
	return s
}

// problemsWith returns the problems of a rule.
func problemsWith(rep *Report, rule string) []Problem {
	var out []Problem
	for _, p := range rep.Problems {
		if p.Rule == rule {
			out = append(out, p)
		}
	}
	return out
}

// latestRun is the latest of the runs of months the returns cover: what actuals
// count by default.
func latestRun(r *Returns) (first, last model.Month, err error) {
	runs, err := r.Runs()
	if err != nil {
		return 0, 0, err
	}
	run := runs[len(runs)-1]
	return run.First, run.Last, nil
}

// namedReturns are returns a test compares two ways of counting on.
type namedReturns struct {
	name string
	r    *Returns
}

// referenceReturns are the returns the differential tests of Actuals and
// Calibrate run on: the shipped sample and a synthetic council of 4,000
// children written to files and read back.
func referenceReturns(t *testing.T) []namedReturns {
	t.Helper()
	sample, _, err := ReadSample(ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	writeSynthetic(t, dir, 4000)
	synthetic, _, err := ReadDir(dir, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return []namedReturns{{"sample", sample}, {"synthetic", synthetic}}
}

// wideEpisode is an Episode as it was before episodes were made compact:
// dates as time.Time (zero while open) and codes and the file as text.
// The reference code of the tests (actualsByTime, calibrateByTime) works on
// it as it did on Episode; the compact Episode is embedded for the
// functions that take one.
type wideEpisode struct {
	Episode
	Start, End                                                   time.Time
	RNE, LS, CIN, Place, Provider, REC, ReasonPlaceChange, Route string
	File                                                         string
}

// widen returns episodes of r as wideEpisodes.
func widen(r *Returns, eps []Episode) []wideEpisode {
	out := make([]wideEpisode, len(eps))
	for i, e := range eps {
		w := wideEpisode{Episode: e, Start: e.Start.Time(), End: e.End.Time(), RNE: e.RNE.String(), LS: e.LS.String(),
			CIN: e.CIN.String(), Place: e.Place.String(), Provider: e.Provider.String(), REC: e.REC.String(),
			ReasonPlaceChange: e.ReasonPlaceChange.String(), Route: e.Route.String()}
		if int(e.File) < len(r.Files) {
			w.File = r.Files[e.File]
		}
		out[i] = w
	}
	return out
}
