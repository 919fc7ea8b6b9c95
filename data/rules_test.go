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

// want is one problem a fixture must produce.
type want struct {
	rule, severity, file string
	line                 int
	field                string
	msg                  string // a fragment of the message
}

// TestRules reads one small fixture per rule (testdata/rules/<name>) and
// checks the problems, and how many episodes survive.
func TestRules(t *testing.T) {
	const E, W = SeverityError, SeverityWarning
	tests := []struct {
		dir      string
		want     []want
		episodes int // episodes in the Returns
		noEps    bool
	}{
		{"missing-child", []want{{RuleMissingChild, E, "episodes.csv", 3, "CHILD", "row dropped"}}, 1, false},
		{"missing-date", []want{{RuleMissingDate, E, "episodes.csv", 3, "DECOM", "DECOM is blank; episode dropped"}}, 1, false},
		{"invalid-date", []want{{RuleInvalidDate, E, "episodes.csv", 2, "DEC", "not a day in the calendar"}}, 1, false},
		{"invalid-dob", []want{
			{RuleInvalidDate, E, "header.csv", 2, "DOB", "as the child has no other header row, so no date of birth, all their episodes are dropped"},
			{RuleNoHeader, E, "episodes.csv", 2, "CHILD", "header row at header.csv:2 was rejected"},
		}, 0, true},
		// the latest return's DOB is unreadable: the earlier return's is used
		// and the child keeps their episodes
		{"invalid-dob-fallback", []want{
			{RuleInvalidDate, E, "2020-header.csv", 2, "DOB", "DOB is not a day in the calendar (is it written month first, MM/DD/YYYY? Dates are DD/MM/YYYY); this header row is dropped and the date of birth from the header row at 2019-header.csv:2 is used"},
		}, 1, false},
		{"invalid-dob-xml", []want{
			{RuleInvalidDate, E, "returns.xml", 2, "DOB", "all their episodes are dropped (XML element at column "},
			{RuleNoHeader, E, "returns.xml", 2, "CHILD", "header row at returns.xml:2 was rejected"},
		}, 1, false},
		{"invalid-date-time", []want{{RuleInvalidDate, E, "episodes.csv", 2, "DEC", `DEC "30/06/2019 14:30" is a date with a time of day other than midnight`}}, 1, false},
		{"invalid-year", []want{{RuleInvalidYear, W, "episodes.csv", 2, "YEAR", ""}}, 1, false},
		{"invalid-sex", []want{{RuleInvalidSex, W, "header.csv", 2, "SEX", "not known"}}, 1, false},
		{"dob-conflict", []want{{RuleDOBConflict, W, "2020-header.csv", 2, "DOB", "the date of birth differs from the one in the header row at 2019-header.csv:2"}}, 1, false},
		{"no-episodes", []want{{RuleNoEpisodes, E, "header.csv", 3, "CHILD", "header row not used"}}, 1, false},
		{"missing-code", []want{{RuleMissingCode, W, "episodes.csv", 2, "PLACE", "PLACE is blank"}}, 1, false},
		{"unknown-codes", []want{
			{RuleUnknownRNE, W, "episodes.csv", 2, "RNE", `"Q" is not in the SSDA903 code list`},
			{RuleUnknownLS, W, "episodes.csv", 3, "LS", ""},
			{RuleUnknownCIN, W, "episodes.csv", 4, "CIN", ""},
			{RuleUnknownPlace, W, "episodes.csv", 5, "PLACE", ""},
			{RuleUnknownProvider, W, "episodes.csv", 6, "PLACE_PROVIDER", ""},
			{RuleUnknownREC, W, "episodes.csv", 7, "REC", ""},
			{RuleUnknownReason, W, "episodes.csv", 8, "REASON_PLACE_CHANGE", ""},
		}, 7, false},
		{"dec-before-decom", []want{{RuleDECBeforeDECOM, E, "episodes.csv", 3, "DEC", "episode dropped"}}, 1, false},
		{"rec-without-dec", []want{{RuleRECWithoutDEC, W, "episodes.csv", 2, "REC", "REC is ignored"}}, 1, false},
		{"dec-without-rec", []want{{RuleDECWithoutREC, W, "episodes.csv", 2, "REC", ""}}, 1, false},
		{"duplicate-episode", []want{{RuleDuplicateEp, E, "episodes.csv", 2, "DECOM", "episodes.csv:3"}}, 1, false},
		{"no-header", []want{{RuleNoHeader, E, "episodes.csv", 3, "CHILD", "no header row"}}, 1, false},
		{"dob-after-decom", []want{{RuleDOBAfterDECOM, E, "episodes.csv", 2, "DECOM", "before the child's date of birth"}}, 1, false},
		{"overlap", []want{{RuleOverlap, W, "episodes.csv", 2, "DEC", "DEC is set to 01/03/2019"}}, 2, false},
		{"overlap-open", []want{{RuleOverlap, W, "episodes.csv", 2, "DEC", "its REC to X1"}}, 2, false},
		{"x1-no-next", []want{{RuleX1NoNext, W, "episodes.csv", 2, "REC", "starts when this one ends, on 01/06/2019, but the next episode starts on 10/06/2019"}}, 2, false},
		{"in-care-after-18", []want{{RuleOver18, W, "episodes.csv", 2, "DEC", "continues more than 7 days after the child's 18th birthday (it ends on 01/03/2018)"}}, 1, false},
		// a DEC typed 2081 in a 2024-25 return, beside an open episode of a
		// 16-year-old: neither makes anyone in care after 18
		{"date-after-coverage", []want{{RuleAfterCoverage, W, "episodes.csv", 3, "DEC",
			"DEC (05/12/2081) is after March 2025, the end of the returns' last collection year: a mistyped year? The episode is kept as read"}}, 5, false},
		{"uasc-no-child", []want{{RuleUASCNoChild, E, "uasc.csv", 2, "CHILD", ""}}, 1, false},
		{"uasc-dob-mismatch", []want{{RuleUASCDOBMismatch, W, "uasc.csv", 2, "DOB", ""}}, 1, false},
		{"routes", []want{
			{RuleRouteMidPeriod, W, "routes.csv", 2, "DECOM", "given to the whole period"},
			{RuleRouteUnmatched, E, "routes.csv", 3, "DECOM", "no episode of this child starts on 05/05/2019"},
			{RuleMissingRoute, E, "routes.csv", 4, "ROUTE", ""},
		}, 2, false},
		{"missing-column", []want{
			{RuleMissingColumn, E, "episodes.csv", 1, "DEC", "file not read"},
			{RuleNoEpisodes, E, "header.csv", 2, "CHILD", ""},
		}, 0, true},
		{"duplicate-column", []want{
			{RuleDuplicateColumn, W, "episodes.csv", 1, "PLACE", "first one is used"},
			{RuleMissingColumn, W, "episodes.csv", 1, "REASON_PLACE_CHANGE", "read as blank"},
		}, 1, false},
		// the line the unclosed quote swallowed is a row lost too
		{"csv-syntax", []want{
			{RuleCSVSyntax, E, "episodes.csv", 3, "", "lines 3–4 were read as one row"},
			{RuleCSVSyntax, E, "episodes.csv", 4, "", "this line is lost to the quoted value that starts on line 3"},
		}, 1, false},
		// the HEADER the syntax error cut off is a row not read
		{"xml-syntax", []want{
			{RuleXMLSyntax, E, "returns.xml", 0, "", "rows before this point are kept"},
			{RuleXMLUnread, E, "returns.xml", 7, "", "this HEADER element is after an XML syntax error"},
		}, 2, false},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			ret, rep, err := ReadDir(filepath.Join("testdata/rules", tt.dir), ReadOptions{})
			if tt.noEps != errors.Is(err, ErrNoEpisodes) || err != nil && !tt.noEps {
				t.Fatalf("err = %v", err)
			}
			checkInvariants(t, ret, rep)
			if len(ret.Episodes) != tt.episodes {
				t.Errorf("%d episodes, want %d", len(ret.Episodes), tt.episodes)
			}
			if len(rep.Problems) != len(tt.want) {
				t.Errorf("%d problems, want %d: %v", len(rep.Problems), len(tt.want), rep.Problems)
			}
			for _, w := range tt.want {
				if !hasProblem(rep, w) {
					t.Errorf("missing %+v in %v", w, rep.Problems)
				}
			}
		})
	}
}

func hasProblem(rep *Report, w want) bool {
	for _, p := range rep.Problems {
		if p.Rule == w.rule && p.Severity == w.severity && p.File == w.file &&
			(w.line == 0 || p.Line == w.line) && p.Field == w.field && strings.Contains(p.Message, w.msg) {
			return true
		}
	}
	return false
}

// TestRuleEffects checks what the corrections do to the episodes.
func TestRuleEffects(t *testing.T) {
	ret, _ := readDir(t, "testdata/rules/overlap-open", ReadOptions{})
	if e := ret.Episodes[0]; e.REC.String() != "X1" || e.End.String() != "01/03/2019" {
		t.Errorf("open episode cut to %v REC %q, want 01/03/2019 X1", e.End, e.REC)
	}
	ret, _ = readDir(t, "testdata/rules/rec-without-dec", ReadOptions{})
	if e := ret.Episodes[0]; !e.Open() || e.REC != 0 {
		t.Errorf("REC without DEC: %+v, want open with no REC", e)
	}
	ret, _ = readDir(t, "testdata/rules/duplicate-episode", ReadOptions{})
	if e := ret.Episodes[0]; e.Place.String() != "U5" || e.Line != 3 {
		t.Errorf("duplicate kept %+v, want the later row (U5, line 3)", e)
	}
	ret, _ = readDir(t, "testdata/rules/dob-conflict", ReadOptions{})
	if d := ret.Children[0].DOB.Format("02/01/2006"); d != "02/01/2010" {
		t.Errorf("DOB %s, want the 2020 return's 02/01/2010", d)
	}
	ret, _ = readDir(t, "testdata/rules/invalid-dob-fallback", ReadOptions{})
	if d := ret.Children[0].DOB.Format("02/01/2006"); d != "01/01/2010" {
		t.Errorf("DOB %s, want the 2019 return's 01/01/2010, as the 2020 return's cannot be read", d)
	}
	ret, _ = readDir(t, "testdata/rules/routes", ReadOptions{})
	for _, e := range ret.Episodes {
		if e.Route.String() != "cin-plan" {
			t.Errorf("episode %v has route %q, want cin-plan for the whole period", e.Start, e.Route)
		}
	}
	ret, _ = readDir(t, "testdata/rules/unknown-codes", ReadOptions{})
	if got := ret.Episodes[0].RNE.String() + ret.Episodes[3].Place.String() + ret.Episodes[5].REC.String(); got != "QU9E99" {
		t.Errorf("unknown codes kept as %q, want QU9E99", got)
	}
	_, rep, _ := ReadDir("testdata/rules/missing-column", ReadOptions{})
	for _, f := range rep.Files {
		if f.Name == "episodes.csv" && (!f.Skipped() || !strings.Contains(f.Reason, "DEC")) {
			t.Errorf("episodes.csv without DEC: %+v", f)
		}
	}
}

func TestProblemError(t *testing.T) {
	p := Problem{File: "episodes.csv", Line: 12, Field: "DEC", Message: "bad"}
	if got := p.Error(); got != "episodes.csv:12: DEC: bad" {
		t.Errorf("Error() = %q", got)
	}
	p = Problem{File: "returns.xml", Message: "bad"}
	if got := p.Error(); got != "returns.xml: bad" {
		t.Errorf("Error() = %q", got)
	}
	var err error = p
	var target Problem
	if !errors.As(err, &target) || target.File != "returns.xml" {
		t.Error("Problem does not work with errors.As")
	}
}

func TestReportOutputs(t *testing.T) {
	_, rep, _ := ReadDir("testdata/rules/unknown-codes", ReadOptions{})
	var b strings.Builder
	if err := rep.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if lines[0] != "file,line,field,value,severity,rule,message,child" || len(lines) != 8 {
		t.Errorf("WriteCSV:\n%s", b.String())
	}
	if !strings.HasPrefix(lines[1], "episodes.csv,2,RNE,Q,warning,unknown-rne,") || !strings.HasSuffix(lines[1], ",1") {
		t.Errorf("first problem row %q", lines[1])
	}
	want := "header: 1 read, 1 used, 0 rejected, 0 warnings; episodes: 7 read, 7 used, 0 rejected, 7 warnings"
	if s := rep.Summary(); s != want {
		t.Errorf("Summary() = %q, want %q", s, want)
	}
	var n int
	for _, r := range rep.Rules {
		n += r.Count
	}
	if len(rep.Rules) != 7 || n != 7 {
		t.Errorf("rules %+v", rep.Rules)
	}
}

func TestCodes(t *testing.T) {
	if d, ok := LookupCode("PLACE", "K2"); !ok || !strings.Contains(strings.ToLower(d), "home") {
		t.Errorf("LookupCode(PLACE, K2) = %q, %v", d, ok)
	}
	if _, ok := LookupCode("PLACE", "Q9"); ok {
		t.Error("Q9 should not be a PLACE")
	}
	for field, n := range map[string]int{"RNE": 6, "LS": 13, "PLACE_PROVIDER": 6, "REC": 24} {
		if got := len(Codes(field)); got != n {
			t.Errorf("%d %s codes, want %d", got, field, n)
		}
	}
}

func TestReportHelpers(t *testing.T) {
	_, rep, _ := ReadDir("testdata/rules/routes", ReadOptions{})
	if n := rep.Errors(); n != 2 {
		t.Errorf("Errors() = %d, want 2", n)
	}
	if s := rep.Problems[0].String(); !strings.HasPrefix(s, "warning [route-not-period-start] routes.csv:2: DECOM: ") {
		t.Errorf("String() = %q", s)
	}
	if c := rep.Counts(TableRoutes); c.Read != 3 || c.Used != 1 || c.Rejected != 2 || c.Files != 1 {
		t.Errorf("routes counts %+v", c)
	}
	if Table(9).String() != "unknown" || TableUASC.String() != "uasc" {
		t.Error("Table.String")
	}
}

// Every problem about a row names the row's child (for the validation
// report), whatever the rule: errors and warnings, checks of one row and
// of the merge, CSV and XML. Problems about a whole file, or a row with no
// CHILD, name none.
func TestProblemsNameTheirChild(t *testing.T) {
	child := map[string]string{ // fixture: the child of its problems; "1" if not listed
		"missing-child":       "",
		"no-episodes":         "2",
		"no-header":           "2",
		"uasc-no-child":       "9",
		"date-after-coverage": "2",
		"invalid-dob-xml":     "1002",
		"xml-syntax":          "1002", // the CHILD element the XML breaks off in
	}
	dirs, err := os.ReadDir("testdata/rules")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range dirs {
		_, rep, _ := ReadDir(filepath.Join("testdata/rules", d.Name()), ReadOptions{})
		for _, p := range rep.Problems {
			want, ok := child[d.Name()]
			if !ok {
				want = "1"
			}
			if p.Rule == RuleMissingColumn || p.Rule == RuleDuplicateColumn {
				want = ""
			}
			if p.Rule == RuleNoEpisodes && d.Name() == "missing-column" {
				want = "1"
			}
			if p.Child != want {
				t.Errorf("%s: %v: child %q, want %q", d.Name(), p, p.Child, want)
			}
			// Error and String, which carecast prints, never show it.
			p.Child = "CHILD-ID"
			if strings.Contains(p.String(), p.Child) {
				t.Errorf("%s: %v names the child", d.Name(), p)
			}
			n++
		}
	}
	if n < 40 {
		t.Errorf("only %d problems checked", n)
	}
}

// A date after the months the returns cover, or after its own return's
// collection year, is a warning of its own (the row is kept), and does not
// make anyone in care after 18: an open episode lasts to the end of the
// last month covered, not to the latest date anywhere in the returns.
func TestDateAfterCoverage(t *testing.T) {
	ret, rep := readDir(t, "testdata/rules/date-after-coverage", ReadOptions{})
	if got := ret.Coverage.Last(); got != model.MonthOf(2025, time.March) {
		t.Errorf("covered to %v, want 2025-03", got)
	}
	var late []Problem
	for _, p := range rep.Problems {
		switch p.Rule {
		case RuleAfterCoverage:
			late = append(late, p)
		case RuleOver18:
			t.Errorf("spurious %v", p)
		}
	}
	if len(late) != 1 || late[0].Error() != "episodes.csv:3: DEC: DEC (05/12/2081) is after March 2025, the end of the returns' last collection year: a mistyped year? The episode is kept as read" ||
		late[0].Value != "05/12/2081" || late[0].Child != "2" || late[0].Severity != SeverityWarning {
		t.Errorf("date-after-coverage problems %v, want one at episodes.csv:3", late)
	}
	if c := rep.Counts(TableEpisodes); c.Read != 5 || c.Used != 5 || c.Rejected != 0 || c.Warnings != 1 {
		t.Errorf("episodes counts %+v, want 5 read, 5 used, 1 warning", c)
	}

	// Children "old…" were 18 on 1 January 2017; the others are 18 in 2026.
	const ep = ",S,C2,N1,U4,PR1,"
	year2017 := []string{"2017-episodes.csv", covRows("a", 2016, 40, "31/03/2017"), "2018-episodes.csv", covRows("b", 2017, 40, "31/03/2018")}
	tests := []struct {
		name  string
		files []string
		want  []string // the date-after-coverage and in-care-after-18 problems, as Error gives them
	}{
		{"an extract taken in June, covering May", []string{"episodes.csv", covRows("a", 2024, 40, "10/06/2024")}, nil},
		{"a mistyped date in an extract taken in June", []string{"episodes.csv", covRows("a", 2024, 40, "10/06/2024") + "x1,01/06/2024" + ep + "05/12/2024,E8\n"},
			[]string{"episodes.csv:42: DEC: DEC (05/12/2024) is after May 2024, the last month the returns cover, and set apart from the other dates of their last collection year, 2024-25: a mistyped date? The episode is kept as read"}},
		{"a mistyped year in an extract taken in June", []string{"episodes.csv", covRows("a", 2024, 40, "10/06/2024") + "x1,01/06/2024" + ep + "05/12/2081,E8\n"},
			[]string{"episodes.csv:42: DEC: DEC (05/12/2081) is after May 2024, the last month the returns cover, and after their last collection year, 2024-25: a mistyped year? The episode is kept as read"}},
		{"a date after its own return's year", []string{
			"2017-episodes.csv", covRows("a", 2016, 40, "31/03/2017") + "x1,01/05/2016" + ep + "05/06/2017,E8\n",
			"2018-episodes.csv", covRows("b", 2017, 40, "31/03/2018")},
			[]string{"2017-episodes.csv:42: DEC: DEC (05/06/2017) is after March 2017, the end of its return's collection year, 2016-17: a mistyped year? The episode is kept as read"}},
		{"a DEC of 1 April", append(year2017[:3:3], year2017[3]+"x1,01/05/2017"+ep+"01/04/2018,E8\n"),
			[]string{"2018-episodes.csv:42: DEC: DEC (01/04/2018) is after March 2018, the end of the returns' last collection year; the episode is kept as read"}},
		{"a DECOM after the coverage", append(year2017[:3:3], year2017[3]+"old1,05/12/2081"+ep+",\n"),
			[]string{"2018-episodes.csv:42: DECOM: DECOM (05/12/2081) is after March 2018, the end of the returns' last collection year: a mistyped year? The episode is kept as read"}},
		{"open after 18", append(year2017[:3:3], year2017[3]+"old1,01/05/2017"+ep+",\n"),
			[]string{"2018-episodes.csv:42: DEC: the episode continues more than 7 days after the child's 18th birthday (it is still open at the end of March 2018, the last month the returns cover)"}},
		{"a DEC after the coverage, after 18", append(year2017[:3:3], year2017[3]+"old1,01/05/2017"+ep+"05/12/2081,E8\n"), []string{
			"2018-episodes.csv:42: DEC: DEC (05/12/2081) is after March 2018, the end of the returns' last collection year: a mistyped year? The episode is kept as read",
			"2018-episodes.csv:42: DEC: the episode continues more than 7 days after the child's 18th birthday (it ends after March 2018, the last month the returns cover)"}},
		// two episode ends are too few to tell the return's year
		{"a handful of rows", []string{"episodes.csv", "x1,01/05/2017" + ep + "05/06/2017,E8\nx2,01/06/2017" + ep + "05/07/2017,E8\nx3,01/01/2020" + ep + ",\n"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			header := "CHILD,SEX,DOB\n"
			seen := map[string]bool{}
			var srcs []source
			for i := 0; i < len(tt.files); i += 2 {
				for _, line := range strings.Split(strings.TrimSpace(tt.files[i+1]), "\n") {
					id, _, _ := strings.Cut(line, ",")
					if dob := "01/01/2008"; !seen[id] {
						if strings.HasPrefix(id, "old") {
							dob = "01/01/1999"
						}
						seen[id] = true
						header += id + ",1," + dob + "\n"
					}
				}
				srcs = append(srcs, source{name: tt.files[i], data: []byte(covEpisodes + tt.files[i+1])})
			}
			ret, rep, err := readSources(append([]source{{name: "header.csv", data: []byte(header)}}, srcs...), ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			checkInvariants(t, ret, rep)
			var got []string
			for _, p := range rep.Problems {
				if p.Rule == RuleAfterCoverage || p.Rule == RuleOver18 {
					got = append(got, p.Error())
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("problems\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
}
