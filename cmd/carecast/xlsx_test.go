package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// run --xlsx writes a workbook whose sheets hold what the CSV files hold:
// every number the same float64 as the CSV's (rounded as the CSV rounds
// it), every month the date of its first day, every text the same.
func TestRunXLSXHoldsTheCSVs(t *testing.T) {
	dir := t.TempDir()
	book := filepath.Join(dir, "run.xlsx")
	stdout, stderr, code := carecast(t, "run", "--no-charts", "--out", dir, "--xlsx", book)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if want := "Wrote " + book + ": 4 sheets (projection, stock, budget, moves)\n"; !strings.HasSuffix(stdout, want) {
		t.Errorf("run ends\n%s\nwant it to end %q", stdout[max(0, len(stdout)-200):], want)
	}
	workbookHoldsCSVs(t, book, dir, "projection", "stock", "budget", "moves")
}

// workbookHoldsCSVs checks that each sheet of book holds what the CSV file
// of its name in dir holds.
func workbookHoldsCSVs(t *testing.T, book, dir string, sheets ...string) {
	t.Helper()
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); strings.Join(got, ",") != strings.Join(sheets, ",") {
		t.Errorf("sheets %v, want %v", got, sheets)
	}
	for _, sheet := range sheets {
		held, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		recs := readRecords(t, filepath.Join(dir, sheet+".csv"))
		if len(held) != len(recs) {
			t.Fatalf("%s: %d rows in the sheet, %d in the CSV", sheet, len(held), len(recs))
		}
		for i := range recs {
			for j, want := range recs[i] {
				if got := asCSV(t, held[i], j, i > 0 && recs[0][j] == "month"); !sameCell(got, want) {
					t.Fatalf("%s row %d column %s: the sheet holds %q, the CSV %q", sheet, i+1, recs[0][j], got, want)
				}
			}
		}
	}
}

func readRecords(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return recs
}

// asCSV is cell j of a sheet's row, a month's date serial as YYYY-MM.
func asCSV(t *testing.T, row []string, j int, month bool) string {
	t.Helper()
	if j >= len(row) {
		return "" // a sheet's rows end at their last cell that is not empty
	}
	if !month {
		return row[j]
	}
	serial, err := strconv.ParseFloat(row[j], 64)
	if err != nil {
		t.Fatalf("month %q is not a date", row[j])
	}
	d, err := excelize.ExcelDateToTime(serial, false)
	if err != nil {
		t.Fatal(err)
	}
	return d.Format("2006-01")
}

// sameCell says whether two cells are the same text, or numbers of the
// same float64 value.
func sameCell(a, b string) bool {
	x, errA := strconv.ParseFloat(a, 64)
	y, errB := strconv.ParseFloat(b, 64)
	if errA == nil && errB == nil {
		return x == y
	}
	return a == b
}

// A workbook that could not be written is refused before anything is.
func TestRunXLSXBadPath(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	for _, c := range []struct{ path, want string }{
		{filepath.Join(dir, "no-such-folder", "run.xlsx"), "there is no folder " + filepath.Join(dir, "no-such-folder") + " to write it in"},
		{filepath.Join(dir, "run.csv"), "the file name must end in .xlsx"},
	} {
		_, stderr, code := carecast(t, "run", "--no-charts", "--out", out, "--xlsx", c.path)
		if code == 0 || !strings.Contains(stderr, `"--xlsx" flag: `+c.want) {
			t.Errorf("--xlsx %s: exit %d, %q; want an error saying %q", c.path, code, stderr, c.want)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a refused --xlsx still wrote %s (%v)", out, err)
	}
}

// seek and track write their tables to a workbook too.
func TestOtherCommandsXLSX(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		sheets []string
	}{
		{[]string{"seek", "baseline.yaml", "--target", "in_care <= 400 by 2027-03", "--lever", "entries"}, []string{"seek", "projection", "budget"}},
		{[]string{"track", "testdata/cohort.csv"}, []string{"by-cohort", "by-reason", "by-opportunity", "reductions", "increases"}},
	} {
		dir := t.TempDir()
		book := filepath.Join(dir, "book.xlsx")
		if _, stderr, code := carecast(t, append(tc.args, "--out", dir, "--xlsx", book)...); code != 0 {
			t.Fatalf("%s: exit %d: %s", tc.args[0], code, stderr)
		}
		workbookHoldsCSVs(t, book, dir, tc.sheets...)
	}
}
