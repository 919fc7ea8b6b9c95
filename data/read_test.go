package data

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const peerSamples = "../../shared/data/peer-samples"

// readDir reads a test folder, failing the test on an error and checking
// the invariants.
func readDir(t *testing.T, dir string, opt ReadOptions) (*Returns, *Report) {
	t.Helper()
	ret, rep, err := ReadDir(dir, opt)
	if err != nil {
		t.Fatalf("ReadDir(%s): %v", dir, err)
	}
	checkInvariants(t, ret, rep)
	return ret, rep
}

const cleanWant = `child 1001 sex=1 dob=2010-02-01 uasc=false duc=-
child 1002 sex=2 dob=2005-07-15 uasc=true duc=2023-07-15
child 1003 sex=2 dob=2012-12-20 uasc=false duc=-
ep 1001 2018-04-01..2018-06-15 S C1 N1 U4 PR1 X1  route=cp-plan
ep 1001 2018-06-15..2019-01-01 P C2 N1 U5 PR4 E11 CARPL route=cp-plan
ep 1002 2020-10-10..- S V2 N8 K2 PR4   route=
ep 1003 2019-03-03..2019-04-04 S V2 N2 U1 PR1 E4A  route=
ep 1003 2020-05-05..- S C1 N1 U4 PR1   route=none
`

// TestFormats reads the same returns written in each layout carecast
// accepts and expects the same result, with no problems.
func TestFormats(t *testing.T) {
	for _, name := range []string{"clean", "bom", "crlf", "reordered", "extra-columns", "iso", "xml", "excel-datetime",
		"semicolon", "utf16", "xml-utf16"} {
		t.Run(name, func(t *testing.T) {
			ret, rep := readDir(t, filepath.Join("testdata/formats", name), ReadOptions{})
			if got := describe(ret, false); got != cleanWant {
				t.Errorf("got\n%s\nwant\n%s", got, cleanWant)
			}
			for _, p := range rep.Problems {
				t.Errorf("unexpected problem: %v", p)
			}
			for _, f := range rep.Files {
				if f.Skipped() {
					t.Errorf("file skipped: %+v", f)
				}
			}
		})
	}
}

func TestFormatsKeepPositions(t *testing.T) {
	ret, _ := readDir(t, "testdata/formats/crlf", ReadOptions{})
	if e := ret.Episodes[0]; ret.Files[e.File] != "episodes.csv" || e.Line != 2 {
		t.Errorf("first episode from %s:%d, want episodes.csv:2", ret.Files[e.File], e.Line)
	}
	ret, _ = readDir(t, "testdata/formats/xml", ReadOptions{})
	if e := ret.Episodes[len(ret.Episodes)-1]; ret.Files[e.File] != "returns.xml" || e.Line != 12 {
		t.Errorf("last episode from %s:%d, want returns.xml:12", ret.Files[e.File], e.Line)
	}
}

func TestExtraColumnsLA(t *testing.T) {
	ret, _ := readDir(t, "testdata/formats/extra-columns", ReadOptions{})
	for _, c := range ret.Children {
		if c.LA != "Anytown" {
			t.Errorf("child %s LA = %q, want Anytown", c.ID, c.LA)
		}
	}
}

func TestLASelection(t *testing.T) {
	tests := []struct {
		la       string
		want     string
		otherLA  int
		children int
	}{
		{"", "Anytown/1 Otherton/1 Otherton/2", 0, 3},
		{"Anytown", "Anytown/1", 2, 1},
		{" otherton ", "otherton/1 otherton/2", 1, 2}, // LA is the option as given, trimmed
		{"Nowhere", "", 3, 0},
	}
	for _, tt := range tests {
		ret, rep, err := ReadDir("testdata/la", ReadOptions{LA: tt.la})
		if tt.children == 0 {
			if !errors.Is(err, ErrNoEpisodes) {
				t.Errorf("LA %q: err = %v, want ErrNoEpisodes", tt.la, err)
			}
		} else if err != nil {
			t.Fatalf("LA %q: %v", tt.la, err)
		}
		checkInvariants(t, ret, rep)
		var got []string
		for _, c := range ret.Children {
			got = append(got, c.LA+"/"+c.ID)
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("LA %q: children %q, want %q", tt.la, g, tt.want)
		}
		if c := rep.Counts(TableEpisodes); c.OtherLA != tt.otherLA {
			t.Errorf("LA %q: %d episode rows of other councils, want %d", tt.la, c.OtherLA, tt.otherLA)
		}
	}
	// Same CHILD in two councils: two children, each with their own DOB.
	ret, _ := readDir(t, "testdata/la", ReadOptions{})
	if a, b := ret.Children[0], ret.Children[1]; a.ID != b.ID || a.DOB.Equal(b.DOB) {
		t.Errorf("children of two councils were mixed up: %+v %+v", a, b)
	}
}

// A council asked for that no row's LA names is an error listing those
// the files hold; files with no LA column hold one council, and asking
// for any council there is an error too.
func TestUnknownLA(t *testing.T) {
	tests := []struct {
		dir, la  string
		councils []string // in the report
		err      string   // "" for none
		noEps    bool
	}{
		{"testdata/la", "", []string{"Anytown", "Otherton"}, "", false},
		{"testdata/la", "OTHERTON", []string{"Anytown", "Otherton"}, "", false},
		{"testdata/la", "Nowhere", []string{"Anytown", "Otherton"}, `council "Nowhere" is not in the files, which hold Anytown and Otherton`, true},
		{"testdata/formats/extra-columns", "Otherton", []string{"Anytown"}, `council "Otherton" is not in the files, which hold Anytown`, true},
		{"testdata/formats/clean", "Anytown", nil, `council "Anytown" is not in the files: none has an LA column`, false},
		{"testdata/formats/clean", "", nil, "", false},
	}
	for _, tt := range tests {
		ret, rep, err := ReadDir(tt.dir, ReadOptions{LA: tt.la})
		if rep == nil {
			t.Fatalf("%s %q: no report: %v", tt.dir, tt.la, err)
		}
		checkInvariants(t, ret, rep)
		if !slices.Equal(rep.Councils, tt.councils) {
			t.Errorf("%s %q: councils %q, want %q", tt.dir, tt.la, rep.Councils, tt.councils)
		}
		var ule *UnknownLAError
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("%s %q: %v", tt.dir, tt.la, err)
		case tt.err != "" && (!errors.As(err, &ule) || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("%s %q: error %v, want %q", tt.dir, tt.la, err, tt.err)
		}
		if errors.Is(err, ErrNoEpisodes) != tt.noEps {
			t.Errorf("%s %q: error %v: no episodes %v, want %v", tt.dir, tt.la, err, !tt.noEps, tt.noEps)
		}
	}
}

// TestYearlyMerge: a 2018 return sends an open episode that the 2019 return
// closes; the 2019 row wins and the 2018 row is counted as superseded.
func TestYearlyMerge(t *testing.T) {
	const want = `child 1 sex=1 dob=2010-01-01 uasc=false duc=-
child 2 sex=2 dob=2012-02-02 uasc=false duc=-
ep 1 2017-06-01..2017-12-01 S C1 N1 U4 PR1 X1  route=
ep 1 2017-12-01..2018-08-01 P C2 N1 U5 PR4 E11  route=
ep 2 2019-03-03..- S V2 N2 U1 PR1   route=
`
	ret, rep := readDir(t, "testdata/merge", ReadOptions{})
	if got := describe(ret, false); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if e := ret.Episodes[1]; ret.Files[e.File] != "2019-episodes.csv" {
		t.Errorf("merged episode from %s, want the later 2019-episodes.csv", ret.Files[e.File])
	}
	ec, hc := rep.Counts(TableEpisodes), rep.Counts(TableHeader)
	if ec.Read != 4 || ec.Used != 3 || ec.Superseded != 1 || hc.Superseded != 1 {
		t.Errorf("counts: episodes %+v header %+v", ec, hc)
	}
	if len(rep.Problems) != 0 {
		t.Errorf("problems: %v", rep.Problems)
	}
	if s := rep.Summary(); !strings.Contains(s, "episodes: 4 read, 3 used, 1 rejected (all superseded by a later return, none for errors)") {
		t.Errorf("summary %q", s)
	}

	// One stacked file with a YEAR column: YEAR ranks returns, not line order.
	ret, rep = readDir(t, "testdata/merge-year", ReadOptions{})
	if got := describe(ret, false); !strings.Contains(got, "ep 1 2017-12-01..2018-08-01 P C2 N1 U5 PR4 E11") {
		t.Errorf("YEAR 2019 row did not win:\n%s", got)
	}
	if c := rep.Counts(TableEpisodes); c.Superseded != 1 || len(rep.Problems) != 0 {
		t.Errorf("counts %+v, problems %v", c, rep.Problems)
	}
}

// TestReadFilesOrder: with ReadFiles the later path is the later return.
func TestReadFilesOrder(t *testing.T) {
	paths := []string{"testdata/merge/2019-episodes.csv", "testdata/merge/2018-episodes.csv", "testdata/merge/2019-header.csv"}
	ret, rep, err := ReadFiles(paths, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, ret, rep)
	if e := ret.Episodes[1]; !e.Open() || ret.Files[e.File] != paths[1] {
		t.Errorf("episode %+v: the 2018 file, given last, should win", e)
	}
}

func TestSkippedFiles(t *testing.T) {
	if _, err := os.Stat(peerSamples); err != nil {
		t.Skip("peer samples not present:", err)
	}
	_, rep := readDir(t, filepath.Join(peerSamples, "csc-validator-be-903"), ReadOptions{})
	skipped := map[string]bool{}
	for _, f := range rep.Files {
		if f.Skipped() {
			skipped[f.Name] = true
			if f.Reason == "" {
				t.Errorf("%s skipped without a reason", f.Name)
			}
		}
	}
	for _, n := range []string{"reviews.csv", "oc2.csv", "oc3.csv", "missing.csv", "ad1.csv", "placed_for_adoption.csv", "previous_permanence.csv", "sw_episodes.csv", "DoLo.csv"} {
		if !skipped[n] {
			t.Errorf("%s was not skipped", n)
		}
	}
	if len(skipped) != 9 {
		t.Errorf("skipped %v", skipped)
	}
}

// TestPeerSamples reads the three public synthetic data sets.
func TestPeerSamples(t *testing.T) {
	if _, err := os.Stat(peerSamples); err != nil {
		t.Skip("peer samples not present:", err)
	}
	tests := []struct {
		dir  string
		opt  ReadOptions
		want map[Table][3]int // read, used, rejected
	}{
		{"csc-validator-be-903", ReadOptions{}, map[Table][3]int{TableEpisodes: {5509, 5509, 0}, TableHeader: {2928, 2321, 607}, TableUASC: {144, 112, 32}}},
		{"cs-demand-model", ReadOptions{}, map[Table][3]int{TableEpisodes: {3737, 2827, 910}, TableHeader: {2123, 820, 1303}, TableUASC: {82, 31, 51}}},
		{"cs-demand-model-regional", ReadOptions{}, map[Table][3]int{TableEpisodes: {3737, 2440, 1297}, TableHeader: {1304, 572, 732}, TableUASC: {51, 23, 28}}},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			ret, rep := readDir(t, filepath.Join(peerSamples, tt.dir), tt.opt)
			t.Log(rep.Summary())
			for tab, w := range tt.want {
				c := rep.Counts(tab)
				if got := [3]int{c.Read, c.Used, c.Rejected}; got != w {
					t.Errorf("%s: read/used/rejected = %v, want %v", tab, got, w)
				}
			}
			if len(ret.Episodes) == 0 {
				t.Error("no episodes")
			}
			var buf bytes.Buffer
			if err := rep.WriteCSV(&buf); err != nil {
				t.Fatal(err)
			}
			rows, err := csv.NewReader(&buf).ReadAll()
			if err != nil || len(rows) != len(rep.Problems)+1 {
				t.Errorf("WriteCSV: %d rows, %v; want %d", len(rows), err, len(rep.Problems)+1)
			}
		})
	}
	t.Run("regional by LA", func(t *testing.T) {
		dir := filepath.Join(peerSamples, "cs-demand-model-regional")
		all, _ := readDir(t, dir, ReadOptions{})
		las := map[string]bool{}
		for _, c := range all.Children {
			las[c.LA] = true
		}
		if len(las) != 3 {
			t.Errorf("councils %v, want Bromley, Hillingdon and Southwark", las)
		}
		sum := 0
		for la := range las {
			ret, rep := readDir(t, dir, ReadOptions{LA: la})
			sum += len(ret.Episodes)
			for _, c := range ret.Children {
				if c.LA != la {
					t.Fatalf("child of %s read for %s", c.LA, la)
				}
			}
			if rep.Counts(TableEpisodes).OtherLA == 0 {
				t.Errorf("%s: no rows of other councils skipped", la)
			}
		}
		if sum != len(all.Episodes) {
			t.Errorf("episodes by LA sum to %d, all LAs give %d", sum, len(all.Episodes))
		}
	})
	t.Run("validator xml alone", func(t *testing.T) {
		ret, rep, err := ReadFiles([]string{filepath.Join(peerSamples, "csc-validator-be-903/fake_903.xml")}, ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		checkInvariants(t, ret, rep)
		if c := rep.Counts(TableEpisodes); c.Read != 459 || c.Used != 459 {
			t.Errorf("xml episodes %+v, want 459 read and used", c)
		}
		// The file is one long line: problems give the element's column.
		seen := map[string]bool{}
		for _, p := range problemsWith(rep, RuleRECWithoutDEC) {
			if p.Line != 2 || !strings.Contains(p.Message, "(XML element at column ") || seen[p.Message] {
				t.Errorf("problem not located: %v", p)
			}
			seen[p.Message] = true
		}
		if len(seen) == 0 {
			t.Error("no rec-without-dec problems in the XML")
		}
		if c := rep.Counts(TableHeader); c.Read != 253 {
			t.Errorf("xml headers %+v, want 253 read", c)
		}
		// 12 UASC children, 3 of whom have no episode.
		if c := rep.Counts(TableUASC); c.Read != 12 || c.Used != 9 || len(problemsWith(rep, RuleUASCNoChild)) != 3 {
			t.Errorf("xml UASC %+v, want 12 read, 9 used", c)
		}
	})
}

// TestValidatorRowByRow checks that the validator's fake episodes are
// reported row by row: the rec-without-dec warnings are exactly the rows,
// found independently here, with REC but no DEC.
func TestValidatorRowByRow(t *testing.T) {
	dir := filepath.Join(peerSamples, "csc-validator-be-903")
	raw, err := os.ReadFile(filepath.Join(dir, "episodes.csv"))
	if err != nil {
		t.Skip("peer samples not present:", err)
	}
	rows, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, c := range rows[0] {
		col[c] = i
	}
	want := map[int]bool{}
	for i, r := range rows[1:] {
		if r[col["DEC"]] == "" && r[col["REC"]] != "" {
			want[i+2] = true
		}
	}
	_, rep := readDir(t, dir, ReadOptions{})
	got := map[int]bool{}
	for _, p := range problemsWith(rep, RuleRECWithoutDEC) {
		if p.File == "episodes.csv" {
			got[p.Line] = true
			if p.Field != "REC" || p.Value == "" || p.Severity != SeverityWarning {
				t.Errorf("bad problem %#v", p)
			}
		}
	}
	if len(want) == 0 || len(got) != len(want) {
		t.Fatalf("%d rec-without-dec warnings on episodes.csv, want %d", len(got), len(want))
	}
	for l := range want {
		if !got[l] {
			t.Errorf("line %d not reported", l)
		}
	}
	// Every problem names a file and a line.
	for _, p := range rep.Problems {
		if p.Line <= 0 {
			t.Errorf("problem without a line: %v", p)
		}
	}
}

// TestBlocks reads files cut into many small blocks (as large files are)
// and expects the same result as reading them whole, positions included;
// a block holding a quote takes the rest of its file.
func TestBlocks(t *testing.T) {
	dir := t.TempDir()
	writeSynthetic(t, dir, 3000)
	// A quoted value (with a comma) half way down the episodes file.
	path := filepath.Join(dir, "episodes.csv")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	mid := bytes.Index(raw[len(raw)/2:], []byte(",AB1 2CD,")) + len(raw)/2
	raw = append(raw[:mid:mid], append([]byte(`,"AB1, 2CD",`), raw[mid+len(",AB1 2CD,"):]...)...)
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	read := func(size int) (string, *Returns, *Report) {
		defer func(old int) { blockSize = old }(blockSize)
		blockSize = size
		ret, rep := readDir(t, dir, ReadOptions{})
		var b strings.Builder
		for _, e := range ret.Episodes {
			fmt.Fprintf(&b, "%s:%d ", ret.Files[e.File], e.Line)
		}
		return describe(ret, true) + b.String(), ret, rep
	}
	whole, ret, rep := read(1 << 30)
	if len(ret.Episodes) != 3000 || len(rep.Problems) != 0 {
		t.Fatalf("%d episodes, problems %v", len(ret.Episodes), rep.Problems)
	}
	for _, size := range []int{1, 100, 4096} {
		if got, _, _ := read(size); got != whole {
			t.Errorf("blocks of %d bytes read differently", size)
		}
	}
}

// A file with no header line is skipped with a reason that does not repeat
// its first line, which holds a child's identifier; a file of another
// table lists its columns.
func TestSkippedFileReasons(t *testing.T) {
	srcs := []source{
		{name: "episodes.csv", data: []byte("A1001,01/05/2019,S,C2,N1,U4,PR1,,\n")},
		{name: "reviews.csv", data: []byte("CHILD,DOB,REVIEW,REVIEW_CODE\nA1001,01/01/2010,01/06/2019,PN1\n")},
	}
	_, rep, _ := readSources(srcs, ReadOptions{})
	for _, tc := range []struct{ file, want string }{
		{"episodes.csv", "its first line (9 values) is not a line of column names"},
		{"reviews.csv", "(columns: CHILD, DOB, REVIEW, REVIEW_CODE)"},
	} {
		var reason string
		for _, f := range rep.Files {
			if f.Name == tc.file {
				reason = f.Reason
			}
		}
		if !strings.Contains(reason, tc.want) || strings.Contains(reason, "A1001") || strings.Contains(reason, "2019") {
			t.Errorf("%s skipped as %q, want %q", tc.file, reason, tc.want)
		}
	}
}

func TestSummaryTellsSupersededFromErrors(t *testing.T) {
	tests := []struct {
		c    TableCounts
		want string
	}{
		{TableCounts{Table: TableEpisodes, Files: 1, Read: 10, Used: 10}, "episodes: 10 read, 10 used, 0 rejected, 0 warnings"},
		{TableCounts{Table: TableEpisodes, Files: 2, Read: 10, Used: 6, Rejected: 4, Superseded: 4, Warnings: 1},
			"episodes: 10 read, 6 used, 4 rejected (all superseded by a later return, none for errors), 1 warning"},
		{TableCounts{Table: TableEpisodes, Files: 2, Read: 10, Used: 5, Rejected: 5, Superseded: 3},
			"episodes: 10 read, 5 used, 5 rejected (3 superseded by a later return, 2 for errors), 0 warnings"},
		{TableCounts{Table: TableEpisodes, Files: 1, Read: 10, Used: 8, Rejected: 2}, "episodes: 10 read, 8 used, 2 rejected, 0 warnings"},
	}
	for _, tc := range tests {
		r := &Report{Tables: []TableCounts{tc.c}}
		if got := r.Summary(); got != tc.want {
			t.Errorf("Summary() = %q\nwant        %q", got, tc.want)
		}
	}
}
