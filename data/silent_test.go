package data

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/carecast/carecast/model"
)

// The tests of this file each try a file a council could plausibly hold
// (testdata/silent) that once lost rows without a word.

// A row with fewer values than the header (a line cut short) is an error
// naming the missing columns, not a row padded with blanks: padded, the
// truncated last line's episode would read as open.
func TestShortRowsAreErrors(t *testing.T) {
	const E = SeverityError
	ret, rep := readDir(t, "testdata/silent/short-row", ReadOptions{})
	wantProblems(t, rep,
		want{RuleShortRow, E, "episodes.csv", 3, "PLACE", "5 of the header's 10 values: PLACE, PLACE_PROVIDER, DEC, REC and REASON_PLACE_CHANGE are missing"},
		want{RuleShortRow, E, "episodes.csv", 5, "DEC", "7 of the header's 10 values: DEC, REC and REASON_PLACE_CHANGE are missing"})
	if c := rep.Counts(TableEpisodes); c.Read != 4 || c.Used != 2 || c.Rejected != 2 {
		t.Errorf("episodes: %+v, want 4 read, 2 used, 2 rejected", c)
	}
	for _, e := range ret.Episodes {
		if e.Open() {
			t.Errorf("an open episode was read: %+v", e)
		}
	}
}

// wantProblems fails the test for each problem wanted that rep lacks.
func wantProblems(t *testing.T, rep *Report, ws ...want) {
	t.Helper()
	for _, w := range ws {
		if !hasProblem(rep, w) {
			t.Errorf("missing %+v in %v", w, rep.Problems)
		}
	}
}

// A broken XML file: the part after the error is counted, element by
// element, as rejected rows, and the file is reported as read in part.
func TestXMLUnreadPartIsCounted(t *testing.T) {
	ret, rep := readDir(t, "testdata/silent/xml-broken", ReadOptions{})
	if len(ret.Episodes) != 2 {
		t.Errorf("%d episodes, want the 2 before the error", len(ret.Episodes))
	}
	if c := rep.Counts(TableEpisodes); c.Read != 5 || c.Rejected != 3 {
		t.Errorf("episodes: %+v, want 5 read and 3 rejected", c)
	}
	if c := rep.Counts(TableHeader); c.Read != 3 || c.Used != 1 {
		t.Errorf("header: %+v, want 3 read, 1 used", c)
	}
	unread := problemsWith(rep, RuleXMLUnread)
	var lines []int
	for _, p := range unread {
		lines = append(lines, p.Line)
	}
	if want := []int{8, 9, 11, 12}; !slices.Equal(lines, want) {
		t.Errorf("unread elements on lines %v, want %v: %v", lines, want, unread)
	}
	if len(unread) > 0 && unread[len(unread)-1].Child != "1003" {
		t.Errorf("the last unread element's child is %q, want 1003", unread[len(unread)-1].Child)
	}
	if got := rep.PartFiles(); len(got) != 1 || got[0] != "returns.xml" {
		t.Errorf("PartFiles() = %v, want [returns.xml]", got)
	}
	if s := rep.Summary(); !strings.Contains(s, "1 file read only in part (returns.xml") {
		t.Errorf("summary does not say the file was read in part: %s", s)
	}
}

// An unclosed quote on line 3 swallows the lines to the end of the file:
// each non-blank line lost is a rejected row, with its own error.
func TestUnclosedQuoteCountsTheLinesLost(t *testing.T) {
	_, rep := readDir(t, "testdata/silent/unclosed-quote", ReadOptions{})
	if c := rep.Counts(TableEpisodes); c.Read != 6 || c.Used != 1 || c.Rejected != 5 {
		t.Errorf("episodes: %+v, want 6 read (the blank line is not a row), 1 used, 5 rejected", c)
	}
	var lines []int
	for _, p := range problemsWith(rep, RuleCSVSyntax) {
		lines = append(lines, p.Line)
	}
	if want := []int{3, 4, 6, 7, 8}; !slices.Equal(lines, want) {
		t.Errorf("csv-syntax errors on lines %v, want %v", lines, want)
	}
	wantProblems(t, rep, want{RuleCSVSyntax, SeverityError, "episodes.csv", 7, "", "lost to the quoted value that starts on line 3"})
}

// Route names the scenario does not know are counted warnings naming the
// name and the known routes; mapping.route_names maps other spellings,
// and case, spaces and hyphens do not matter.
func TestUnknownRouteNames(t *testing.T) {
	m := DefaultMapping()
	m.RouteNames = map[string]string{"CP": "child_protection"}
	cl, err := m.Compile(testCategories, testReasons, testRoutes)
	if err != nil {
		t.Fatal(err)
	}
	ret, rep := readDir(t, "testdata/silent/routes-unknown", ReadOptions{Classifier: cl})
	got := map[string]string{}
	for _, e := range ret.Episodes {
		got[ret.Children[e.Child].ID+" "+day8(e.Start.Time())] = e.Route.String()
	}
	routes := map[string]string{"1 2019-01-01": "child_protection", "2 2019-01-01": "", "3 2019-01-01": "child_protection", "3 2019-03-01": ""}
	for k, w := range routes {
		if got[k] != w {
			t.Errorf("%s: route %q, want %q", k, got[k], w)
		}
	}
	wantProblems(t, rep,
		want{RuleUnknownRoute, SeverityWarning, "routes.csv", 3, "ROUTE", `ROUTE "cin" is not one of the scenario's routes (child_protection, children_in_need, direct, uasc, remand)`},
		want{RuleUnknownRoute, SeverityWarning, "routes.csv", 5, "ROUTE", `ROUTE "section 20" is not one of`})
	if n := len(problemsWith(rep, RuleUnknownRoute)); n != 2 {
		t.Errorf("%d unknown-route warnings, want 2", n)
	}
	if c := rep.Counts(TableRoutes); c.Warnings != 2 || c.Used != 4 {
		t.Errorf("routes: %+v, want 4 used with 2 warnings", c)
	}
}

// A route_names entry must name one of the scenario's routes.
func TestRouteNamesAreChecked(t *testing.T) {
	m := DefaultMapping()
	m.RouteNames = map[string]string{"cp": "protection"}
	if _, err := m.Compile(testCategories, testReasons, testRoutes); err == nil || !strings.Contains(err.Error(), "mapping.route_names") {
		t.Errorf("err = %v, want one naming mapping.route_names", err)
	}
}

// An episodes table without DECOM names the missing column, as one without
// DEC does.
func TestEpisodesWithoutDECOM(t *testing.T) {
	_, rep, err := ReadDir("testdata/silent/no-decom", ReadOptions{})
	if !errors.Is(err, ErrNoEpisodes) {
		t.Fatalf("err = %v", err)
	}
	wantProblems(t, rep, want{RuleMissingColumn, SeverityError, "episodes.csv", 1, "DECOM", "the episodes table has no DECOM column; file not read"})
	for _, f := range rep.Files {
		if f.Name == "episodes.csv" && f.Reason != "episodes table without column DECOM" {
			t.Errorf("episodes.csv skipped as %q", f.Reason)
		}
	}
}

// An empty folder says no SSDA903 file was found.
func TestEmptyFolder(t *testing.T) {
	_, _, err := ReadDir(t.TempDir(), ReadOptions{})
	if !errors.Is(err, ErrNoEpisodes) || !strings.Contains(err.Error(), "no SSDA903 file was found") {
		t.Errorf("err = %v, want ErrNoEpisodes saying no SSDA903 file was found", err)
	}
}

// over18Returns is a child born on 15 July 2000 in care from 2016 in an
// episode still open, and one entering care at 18.
func over18Returns() *Returns {
	return &Returns{
		Children: []Child{
			{ID: "1", Sex: 1, DOB: date(2000, 7, 15)},
			{ID: "2", Sex: 2, DOB: date(2000, 3, 1)},
		},
		Episodes: []Episode{
			{Child: 0, Start: DayOf(date(2016, 1, 1)), End: NoDay, RNE: CodeOf("S"), LS: CodeOf("C2"), CIN: CodeOf("N1"), Place: CodeOf("U4"), Provider: CodeOf("PR1")},
			{Child: 1, Start: DayOf(date(2018, 9, 1)), End: NoDay, RNE: CodeOf("S"), LS: CodeOf("V2"), CIN: CodeOf("N1"), Place: CodeOf("U4"), Provider: CodeOf("PR1")},
		},
	}
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// An episode open past the 18th birthday counts to the birthday only, and
// the child then ages out; no one entering at 18 is counted.
func TestActualsStopAt18(t *testing.T) {
	cl := testClassifier(t)
	res, err := Actuals(over18Returns(), cl, testBands, model.MonthOf(2018, 5), model.MonthOf(2018, 10))
	if err != nil {
		t.Fatal(err)
	}
	if want := []float64{1, 1, 0, 0, 0, 0}; !slices.Equal(res.InCare, want) {
		t.Errorf("in care %v, want %v", res.InCare, want)
	}
	var exits, entries float64
	for t := range res.Months {
		for _, v := range res.ExitsRow(t) {
			exits += v
		}
		for _, v := range res.EntriesRow(t) {
			entries += v
		}
	}
	if aged := res.ExitsRow(2)[len(testReasons)]; exits != 1 || aged != 1 {
		t.Errorf("%v exits, %v of them aged out in July; want the one age-out", exits, aged)
	}
	if entries != 0 {
		t.Errorf("%v entries, want none (the second child enters at 18)", entries)
	}
	var days float64
	for t := range res.Months {
		for _, v := range res.ChildDaysRow(t) {
			days += v
		}
	}
	if want := float64(31 + 30 + 14); days != want {
		t.Errorf("%v child-days, want %v (1 May to 14 July)", days, want)
	}
}

func TestCalibrationStopsAt18(t *testing.T) {
	ret := over18Returns()
	ret.Coverage = Coverage{}
	c, err := Calibrate(ret, testClassifier(t), testBands, CalibrateOptions{From: model.MonthOf(2018, 4), To: model.MonthOf(2019, 3)})
	if err != nil {
		t.Fatal(err)
	}
	if c.AgedOut != 1 {
		t.Errorf("%v aged out, want 1", c.AgedOut)
	}
	var entries float64
	for _, r := range c.Routes {
		entries += r.Entries
	}
	if entries != 0 {
		t.Errorf("%v entries, want none (the one entering at 18 is not counted)", entries)
	}
}

// Excel writes semicolon-separated CSV in some locales, and UTF-16 text:
// both are read as the comma-separated UTF-8 files are (see TestFormats);
// UTF-16 without a byte-order mark is named.
func TestUTF16WithoutBOMIsNamed(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "episodes.csv"), []byte("C\x00H\x00I\x00L\x00D\x00,\x00D\x00E\x00C\x00O\x00M\x00\n\x00"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, rep, _ := ReadDir(dir, ReadOptions{})
	if r := rep.Files[0].Reason; !strings.Contains(r, "UTF-16 without a byte-order mark") {
		t.Errorf("skipped as %q", r)
	}
}
