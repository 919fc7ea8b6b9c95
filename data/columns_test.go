package data

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// TestCSVFieldsMatchTags checks each row struct's csvFields against its csv
// tags: the same columns, in the order of the fields, each filling the
// field tagged with its name.
func TestCSVFieldsMatchTags(t *testing.T) {
	for _, row := range []interface{ csvFields() []csvField }{&headerRow{}, &episodeRow{}, &uascRow{}, &routeRow{}} {
		v := reflect.ValueOf(row).Elem()
		var want []csvField
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if tag := f.Tag.Get("csv"); f.IsExported() && tag != "-" {
				want = append(want, csvField{tag, v.Field(i).Addr().Interface().(*string)})
			}
		}
		if got := row.csvFields(); !reflect.DeepEqual(got, want) || !samePointers(got, want) {
			t.Errorf("%T: csvFields lists %v, the tags %v", row, names(got), names(want))
		}
	}
}

func samePointers(a, b []csvField) bool {
	for i := range a {
		if a[i].dst != b[i].dst {
			return false
		}
	}
	return true
}

func names(fields []csvField) []string {
	var out []string
	for _, f := range fields {
		out = append(out, f.name)
	}
	return out
}

// TestColumnPlan checks the plan of a header with extra, duplicate and
// zero-width-marked columns: each column fills the field gocsv fills.
func TestColumnPlan(t *testing.T) {
	header := []string{"NOTES", "CHILD", "DOB", "SEX", "", "\u200bYEAR", "CHILD"}
	got := columnPlan(header, tableFields(TableHeader))
	want := []int{-1, 0, 2, 1, -1, 4, 0}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("columnPlan(%q) = %v, want %v", header, got, want)
	}
}

// readBoth reads srcs with the column decoder and with gocsv and fails if
// the returns, the reports or the errors differ.
func readBoth(t *testing.T, srcs []source, opt ReadOptions) {
	t.Helper()
	ret, rep, err := newReading(srcs, opt).read(srcs)
	ref := newReading(srcs, opt)
	ref.viaGocsv = true
	wantRet, wantRep, wantErr := ref.read(srcs)
	if fmt.Sprint(err) != fmt.Sprint(wantErr) {
		t.Fatalf("error %v, gocsv %v", err, wantErr)
	}
	if !reflect.DeepEqual(rep, wantRep) {
		t.Fatalf("reports differ:\n%s\ngocsv:\n%s", reportText(rep), reportText(wantRep))
	}
	if !reflect.DeepEqual(ret, wantRet) {
		t.Fatalf("returns differ:\n%s\ngocsv:\n%s", describe(ret, true), describe(wantRet, true))
	}
}

func reportText(rep *Report) string {
	if rep == nil {
		return "<nil>"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%v\n", rep.Summary(), rep.Files)
	for _, p := range rep.Problems {
		fmt.Fprintf(&b, "%s value=%q child=%q\n", p, p.Value, p.Child)
	}
	return b.String()
}

// FuzzDecodeSame reads a header and an episodes file, cut into blocks of
// block bytes (0: the default size), with the column decoder and with
// gocsv: the returns, the reports (counts and every problem) and the errors
// must be the same. The seeds are the test folders' files, the FuzzReadCSV
// corpus and the cases below.
func FuzzDecodeSame(f *testing.F) {
	const head = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE\n"
	for _, episodes := range []string{
		head + "1,01/01/2019,S,C2,N1,U4,PR1,01/02/2019,X1,\n1,01/02/2019,P,C2,N1,U5,PR4,,,\n",
		head + "1,\"01/01/2019\",\"S\",C2,N1,\"U4, or U5\",PR1,,,\n2,01/01/2019,S,C2,N1,U\"4,PR1,,,\n",       // quoted values, a stray quote
		head + "1,01/01/2019,S,C2\n2,01/01/2019,S,C2,N1,U4,PR1,01/02/2019,E11,,extra,values\n",               // short and long rows
		"\xef\xbb\xbf" + strings.ReplaceAll(head, "\n", "\r\n") + "1,01/01/2019,S,C2,N1,U4,PR1,,,\r\n\r\n\r", // BOM, CRLF, empty lines, a lone CR
		head + "\n\n1,31/02/2019,S,C2,N1,U4,PR1,2019-13-01,E11,\n\n2,,S,C2,N1,U4,PR1,,,\n,,,,,,,,,\n",        // bad dates, blank rows
		head + "1,01/01/2019,S,C2,N1,U4,PR1,\"01/02/2019\n2,01/01/2019,S,C2,N1,U4,PR1,,,\n",                  // an unclosed quote
		"CHILD,DECOM,RNE,LS,PLACE,DEC,REC,PLACE,\u200bCIN,la,Year\n1,01/01/2019,S,C2,U4,,,K2,N1,X,2019\n",    // duplicate and odd columns
		"child , decom,RNE,LS,Place,DEC,REC\r\n1,2019-01-01 00:00:00,S,C2,U4,2019-03-01 00:00,E3\r\n",        // names to normalise, times
	} {
		f.Add([]byte(fuzzHeader), []byte(episodes), uint16(0))
		f.Add([]byte(fuzzHeader), []byte(episodes), uint16(7))
	}
	f.Add([]byte("CHILD,SEX,DOB,LA\n1,1,01/01/2005,X\n\"2\",2.0,\"30/06/2010\",\"X\"\n3,3\n,,,\n"), []byte(head+"1,01/01/2019,S,C2,N1,U4,PR1,,,\n"), uint16(0))
	for _, episodes := range silentCSV {
		f.Add([]byte(fuzzHeader), []byte(episodes), uint16(0))
		f.Add([]byte(fuzzHeader), []byte(episodes), uint16(9))
	}
	f.Add([]byte("CHILD;SEX;DOB\n1;1;01/01/2005\n2;2\n"), []byte(silentCSV[2]), uint16(0)) // semicolons, a short header row
	for _, dir := range fixtureDirs(f) {
		header, episodes := readFixture(f, dir, "header"), readFixture(f, dir, "episodes")
		if episodes != nil {
			f.Add(header, episodes, uint16(0))
		}
	}
	for _, data := range corpus(f, "testdata/fuzz/FuzzReadCSV") {
		f.Add([]byte(fuzzHeader), data, uint16(0))
		f.Add([]byte(fuzzHeader), data, uint16(64))
	}
	f.Fuzz(func(t *testing.T, header, episodes []byte, block uint16) {
		if block > 0 {
			defer func(old int) { blockSize = old }(blockSize)
			blockSize = int(block)
		}
		readBoth(t, []source{{name: "header.csv", data: header}, {name: "episodes.csv", data: episodes}}, ReadOptions{Workers: 2})
	})
}

// TestDecodeSameOnSample reads the shipped sample both ways.
func TestDecodeSameOnSample(t *testing.T) {
	entries, err := fs.ReadDir(Sample(), ".")
	if err != nil {
		t.Fatal(err)
	}
	var srcs []source
	for _, e := range entries {
		b, err := fs.ReadFile(Sample(), e.Name())
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, source{name: e.Name(), data: b})
	}
	readBoth(t, srcs, ReadOptions{})
}

// fixtureDirs lists the test folders holding CSV files.
func fixtureDirs(tb testing.TB) []string {
	tb.Helper()
	var dirs []string
	err := filepath.WalkDir("testdata", func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && !strings.HasPrefix(path, filepath.Join("testdata", "fuzz")) {
			dirs = append(dirs, path)
		}
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return dirs
}

// readFixture returns the first CSV file of dir whose name holds table, or
// nil.
func readFixture(tb testing.TB, dir, table string) []byte {
	tb.Helper()
	paths, _ := filepath.Glob(filepath.Join(dir, "*"+table+"*.csv"))
	if len(paths) == 0 {
		return nil
	}
	b, err := os.ReadFile(paths[0])
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// corpus returns the []byte values of a fuzz corpus folder's files.
func corpus(tb testing.TB, dir string) [][]byte {
	tb.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil {
		tb.Fatal(err)
	}
	var out [][]byte
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		_, v, ok := strings.Cut(string(b), "\n[]byte(")
		if !ok {
			continue
		}
		s, err := strconv.Unquote(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), ")")))
		if err != nil {
			tb.Fatalf("%s: %v", p, err)
		}
		out = append(out, []byte(s))
	}
	return out
}

// TestSplitRecordNoCopy checks that splitting a line allocates nothing
// when rec has room: the values are views of the line (see splitRecord).
func TestSplitRecordNoCopy(t *testing.T) {
	line := []byte("1001,01/04/2020,S,C2,N1,U1,PR1,,,,AB1 2CD,EF3 4GH,1234567")
	rec := make([]string, 0, 16)
	allocs := testing.AllocsPerRun(100, func() { rec = splitRecord(rec[:0], line, ',') })
	if allocs != 0 {
		t.Errorf("splitRecord allocated %v times a line", allocs)
	}
	if len(rec) != 13 || rec[0] != "1001" || rec[3] != "C2" || rec[7] != "" || rec[12] != "1234567" {
		t.Errorf("values %q", rec)
	}
}
