package data

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// TestProblemMessagesHideChildren validates every fixture under testdata
// (the fuzz seeds too), the shipped sample, the peer samples when present
// and a set of returns made to trip every rule with long identifiers, and
// checks that no problem's Message (printed on the terminal by
// validate-data) gives away a child: not its CHILD, not a date of birth of
// that child as written in any header or UASC row, nor their 18th birthday,
// and, for a problem about DOB, not its Value. Those belong in Problem.Child
// and Problem.Value, which only validation.csv holds.
func TestProblemMessagesHideChildren(t *testing.T) {
	sets := privacySets(t)
	if len(sets) < 10 {
		t.Fatalf("only %d sets of returns found", len(sets))
	}
	rules := map[string]bool{}
	for _, set := range sets {
		t.Run(set.name, func(t *testing.T) {
			_, rep, err := readSources(set.srcs, ReadOptions{Workers: 2})
			if err != nil && !errors.Is(err, ErrNoEpisodes) {
				t.Fatalf("read: %v", err)
			}
			dobs := writtenDOBs(t, set.srcs)
			// Identifiers with a letter cannot be mistaken for a line or
			// column number: no message may hold any of them, whoever
			// the problem is about.
			var named []string
			for id := range dobs {
				if len(id) > 2 && strings.ContainsFunc(id, unicode.IsLetter) {
					named = append(named, id)
				}
			}
			for _, p := range rep.Problems {
				rules[p.Rule] = true
				if leak := messageLeak(p, dobs[p.Child]); leak != "" {
					t.Errorf("%s [%s]: the message gives away %s: %q", p.File, p.Rule, leak, p.Message)
				}
				for _, id := range named {
					if strings.Contains(p.Message, id) {
						t.Errorf("%s [%s]: the message gives away the CHILD %s: %q", p.File, p.Rule, id, p.Message)
					}
				}
			}
		})
	}
	// The check is only as good as the problems it sees: every rule about
	// a child's rows must have been raised at least once.
	for _, r := range []string{RuleInvalidDate, RuleMissingDate, RuleInvalidSex, RuleDOBConflict, RuleNoEpisodes,
		RuleUnknownRNE, RuleUnknownPlace, RuleDECBeforeDECOM, RuleDuplicateEp, RuleNoHeader, RuleDOBAfterDECOM,
		RuleOverlap, RuleX1NoNext, RuleOver18, RuleUASCNoChild, RuleUASCDOBMismatch, RuleRouteUnmatched,
		RuleRouteMidPeriod, RuleXMLSyntax, RuleCSVSyntax, RuleAfterCoverage} {
		if !rules[r] {
			t.Errorf("no fixture raises %s", r)
		}
	}
}

// messageLeak returns what of a child a problem's message gives away, or
// "" if nothing. dobs are the child's dates of birth as written.
func messageLeak(p Problem, dobs []string) string {
	msg := p.Message
	if len(p.Child) > 2 && strings.Contains(msg, p.Child) {
		return "the CHILD " + p.Child
	}
	for _, dob := range dobs {
		for _, s := range dateForms(dob, true) {
			if strings.Contains(msg, s) {
				return "the date of birth " + dob + " (as " + s + ")"
			}
		}
	}
	if p.Field == "DOB" && len(trimSpace(p.Value)) > 2 {
		if strings.Contains(msg, trimSpace(p.Value)) {
			return "the DOB value " + p.Value
		}
		want := dateForms(p.Value, false)
		for _, s := range dateLike.FindAllString(msg, -1) {
			for _, f := range dateForms(s, false) {
				if slices.Contains(want, f) {
					return "the DOB value " + p.Value + " (as " + s + ")"
				}
			}
		}
	}
	return ""
}

// dateLike finds what may be a date in a message, in any layout.
var dateLike = regexp.MustCompile(`\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}`)

// dateForms returns the ways a date as written may appear in a message:
// as written, and if it is a date, as DD/MM/YYYY, D/M/YYYY and YYYY-MM-DD
// (with the 18th birthday's forms if b18).
func dateForms(raw string, b18 bool) []string {
	raw = trimSpace(raw)
	var forms []string
	if len(raw) > 2 {
		forms = append(forms, raw)
	}
	d, err := parseDay(raw)
	if err != nil {
		return forms
	}
	days := []Day{d}
	if b18 {
		days = append(days, d.AddYears(18))
	}
	for _, d := range days {
		t := d.Time()
		forms = append(forms, t.Format("02/01/2006"), t.Format("2/1/2006"), t.Format("2006-01-02"))
	}
	return forms
}

// privacySet is a set of returns read together.
type privacySet struct {
	name string
	srcs []source
}

// privacySets gathers the returns the test validates.
func privacySets(t *testing.T) []privacySet {
	t.Helper()
	var sets []privacySet
	addDir := func(name, dir string) {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var srcs []source
		for _, e := range entries {
			if ext := strings.ToLower(filepath.Ext(e.Name())); !e.IsDir() && (ext == ".csv" || ext == ".xml") {
				srcs = append(srcs, source{name: e.Name(), path: filepath.Join(dir, e.Name())})
			}
		}
		if len(srcs) > 0 {
			sets = append(sets, privacySet{name, srcs})
		}
	}
	walk := func(root, prefix string) {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || !d.IsDir() {
				return err
			}
			if d.Name() == "fuzz" {
				return filepath.SkipDir
			}
			rel, _ := filepath.Rel(root, path)
			addDir(filepath.ToSlash(filepath.Join(prefix, rel)), path)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	walk("testdata", "testdata")
	addDir("sample", "sample")
	if _, err := os.Stat(peerSamples); err == nil {
		walk(peerSamples, "peer-samples")
	}
	// The fuzz seeds: episodes files read with fuzzHeader, and XML files.
	for _, fz := range []struct{ dir, name string }{{"FuzzReadCSV", "episodes.csv"}, {"FuzzReadXML", "returns.xml"}} {
		dir := filepath.Join("testdata/fuzz", fz.dir)
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			data := fuzzSeed(t, b)
			srcs := []source{{name: fz.name, data: data}}
			if fz.name == "episodes.csv" {
				srcs = []source{{name: "header.csv", data: fuzzHeader}, srcs[0]}
			}
			sets = append(sets, privacySet{"fuzz/" + fz.dir + "/" + e.Name(), srcs})
		}
	}
	for name, files := range leakyReturns {
		var srcs []source
		for _, f := range slices.Sorted(func(yield func(string) bool) {
			for n := range files {
				if !yield(n) {
					return
				}
			}
		}) {
			srcs = append(srcs, source{name: f, data: []byte(files[f])})
		}
		sets = append(sets, privacySet{"leaky/" + name, srcs})
	}
	return sets
}

// fuzzSeed returns the []byte of a one-value fuzz corpus file.
func fuzzSeed(t *testing.T, b []byte) []byte {
	t.Helper()
	_, rest, _ := bytes.Cut(b, []byte("\n"))
	s := strings.TrimSpace(string(rest))
	if !strings.HasPrefix(s, "[]byte(") || !strings.HasSuffix(s, ")") {
		t.Fatalf("fuzz seed %.40q is not one []byte", b)
	}
	v, err := strconv.Unquote(s[len("[]byte(") : len(s)-1])
	if err != nil {
		t.Fatalf("fuzz seed %.40q: %v", b, err)
	}
	return []byte(v)
}

// writtenDOBs returns, by CHILD, every DOB written in the sources' CSV
// tables and XML HEADER elements, read independently of the reader under
// test.
func writtenDOBs(t *testing.T, srcs []source) map[string][]string {
	t.Helper()
	dobs := map[string][]string{}
	add := func(child, dob string) {
		child, dob = trimSpace(child), trimSpace(dob)
		if child != "" && dob != "" && !slices.Contains(dobs[child], dob) {
			dobs[child] = append(dobs[child], dob)
		}
	}
	for _, s := range srcs {
		r, err := s.open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		if strings.EqualFold(filepath.Ext(s.name), ".xml") {
			xmlDOBs(b, add)
			continue
		}
		cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, utf8BOM)))
		cr.FieldsPerRecord, cr.LazyQuotes = -1, true
		child, dob := -1, -1
		for {
			rec, err := cr.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				continue
			}
			if child < 0 || dob < 0 {
				for i, c := range rec {
					switch normColumn(c) {
					case "CHILD":
						child = i
					case "DOB":
						dob = i
					}
				}
				if child < 0 || dob < 0 {
					break // not a table with DOB
				}
				continue
			}
			if child < len(rec) && dob < len(rec) {
				add(rec[child], rec[dob])
			}
		}
	}
	return dobs
}

// xmlDOBs finds the CHILDID and DOB of each HEADER element, as far as the
// XML can be read.
func xmlDOBs(b []byte, add func(child, dob string)) {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.CharsetReader = charsetReader
	d.Strict = false
	var child, dob, in string
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			in = tk.Name.Local
			if in == "HEADER" {
				child, dob = "", ""
			}
		case xml.CharData:
			switch in {
			case "CHILDID":
				child += string(tk)
			case "DOB":
				dob += string(tk)
			}
		case xml.EndElement:
			in = ""
			if tk.Name.Local == "HEADER" || tk.Name.Local == "CHILDID" || tk.Name.Local == "DOB" {
				add(child, dob)
			}
		}
	}
	add(child, dob)
}

// leakyReturns are returns made to trip every rule about a child's rows
// with identifiers long enough to be seen in a message, and dates of birth
// that also turn up as other dates: a baby placed on the day of birth, an
// episode ending on the 18th birthday, values in the wrong columns.
var leakyReturns = map[string]map[string]string{
	"csv": {
		"2019-header.csv": `CHILD,SEX,DOB
CH10001,1,14/03/2001
CH10002,2,05/06/2010
CH10003,1,21/07/2011
CH10004,2,31/02/2012
CH10005,1,09/09/2015
CH10006,2,11/09/2017
CH10007,1,2008-04-30
CH10008,3,01/02/2009
CH10009,1,12/12/2012
CH10010,1,01/05/2001
CH10013,2,02/02/2002
`,
		"2020-header.csv": `CHILD,SEX,DOB
CH10002,2,06/05/2010
CH10003,1,07/21/2011
CH10011,2,30/06/2014 14:30
`,
		"episodes.csv": `CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE
CH10001,01/01/2017,S,C2,N1,U4,PR1,30/06/2019,E8,
CH10002,01/01/2019,S,C2,N1,U4,PR1,,,
CH10002,,S,C2,N1,U4,PR1,,,
CH10003,01/01/2019,S,C2,N1,U4,PR1,,,
CH10004,01/01/2019,S,C2,N1,U4,PR1,,,
CH10005,01/01/2015,S,C2,N1,U4,PR1,,,
CH10005,01/01/2016,S,C2,N1,U4,PR1,,,
CH10006,11/09/2017,S,C2,N1,U4,PR1,,,
CH10006,01/02/2018,P,C2,N1,U5,PR1,01/03/2018,X1,CARPL
CH10006,01/03/2018,P,C2,N1,CH10006,PR1,,,
CH10007,01/01/2020,S,C2,N1,U4,PR1,30/04/2026,X1,
CH10007,CH10007,S,C2,N1,U4,PR1,,,
CH10007,01/01/2019,S,C2,N1,U4,PR1,31/12/2018,E8,
CH10007,01/01/2019,CH10007,C2,N1,U4,PR1,31/12/2019,E8,
CH10007,01/01/2019,S,C2,N1,U4,PR1,2008-04-30,E8,
CH10009,12/12/2012,S,C2,N1,U4,PR1,12/12/2012,X1,
CH10010,01/01/2019,S,C2,N1,U4,PR1,01/05/2019,E8,
CH10010,2019-01-01,S,C2,N1,U4,PR1,,,
CH99999,01/01/2019,S,C2,N1,U4,PR1,,,
CH10008,01/01/2020,S,C2,N1,U4,PR1,"01/02/2020
,X1
`,
		"uasc.csv": `CHILD,SEX,DOB,DUC
CH10006,2,12/09/2017,
CH10009,1,31/12/2012x,
CH10012,1,01/01/2005,01/01/2023
CH10001,1,CH10001,CH10001
`,
		"routes.csv": `CHILD,DECOM,ROUTE
CH10006,01/02/2018,cp-plan
CH10006,11/09/2035,cp-plan
CH10012,01/01/2020,none
`,
	},
	"xml": {
		"returns.xml": `<?xml version="1.0"?>
<EXPSSDA903>
<CHILD><HEADER><CHILDID>XC20001</CHILDID><SEX>1</SEX><DOB>03/04/2011</DOB><UASC>1</UASC></HEADER>
<EPISODE><DECOM>03/04/2011</DECOM><RNE>S</RNE><LS>C2</LS><CIN>N1</CIN><PL>U4</PL><PLACE_PROVIDER>PR1</PLACE_PROVIDER></EPISODE>
<EPISODE><DECOM>01/01/2019</DECOM><RNE>P</RNE><LS>C2</LS><CIN>N1</CIN><PL>U4</PL><PLACE_PROVIDER>PR1</PLACE_PROVIDER></EPISODE></CHILD>
<CHILD><HEADER><CHILDID>XC20002</CHILDID><SEX>2</SEX><DOB>04/03/2011 09:00</DOB></HEADER>
<EPISODE><DECOM>01/01/2019</DECOM><RNE>S</RNE><LS>C2</LS><CIN>N1</CIN><PL>U4</PL><PLACE_PROVIDER>PR1</PLACE_PROVIDER></EPISODE></CHILD>
<CHILD><HEADER><CHILDID>XC20003</CHILDID><SEX>2</SEX><DOB>05/05/2012</DOB></HEADER>
<EPISODE><DECOM>01/01/2019&XC20003</DECOM></EPISODE></CHILD>
</EXPSSDA903>
`,
	},
	"xml-names": {
		"returns.xml": `<EXPSSDA903><CHILD><HEADER><CHILDID>XCABCDE</CHILDID><SEX>1</SEX><DOB>06/06/2013</DOB></HEADER>
<EPISODE><DECOM>01/01/2019</DECOM><RNE>S</RNE><LS>C2</LS><CIN>N1</CIN><PL>U4</PL><PLACE_PROVIDER>PR1</PLACE_PROVIDER></EPISODE></CHILD>
<CHILD><HEADER><CHILDID>X<XCABCDE></CHILDID><DOB>07/07/2013</DOB></HEADER></CHILD></EXPSSDA903>
`,
	},
}
