package report

import (
	"bytes"
	"encoding/csv"
	"math"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// runTables are the tables carecast run writes, of the shipped baseline.
func runTables(t testing.TB) []Table {
	_, res := baseline(t, "baseline.yaml")
	return []Table{Projection(res), Stock(res), Budget(res), Moves(res)}
}

// workbook writes tables with WriteXLSX and opens what it wrote.
func workbook(t *testing.T, tables []Table) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, tables); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// csvRecords writes tab as CSV and reads the records back.
func csvRecords(t *testing.T, tab Table) [][]string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteCSV(&buf, tab); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// Every cell of every sheet holds what the CSV writes: the same number (the
// CSV's rounded one, exactly), the same text, and the month whose date it
// holds.
func TestWriteXLSXHoldsTheCSVNumbers(t *testing.T) {
	tables := runTables(t)
	f := workbook(t, tables)
	if got, want := f.GetSheetList(), []string{"projection", "stock", "budget", "moves"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	for _, tab := range tables {
		raw, err := f.GetRows(tab.Name, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		recs := csvRecords(t, tab)
		if len(raw) != len(recs) {
			t.Fatalf("%s: %d rows in the sheet, %d in the CSV", tab.Name, len(raw), len(recs))
		}
		for i, rec := range recs {
			for j, want := range rec {
				if got := sheetText(t, tab.Columns[j].Kind, i == 0, raw[i], j, want); got != want {
					t.Fatalf("%s row %d column %s: sheet %q, CSV %q", tab.Name, i, recs[0][j], got, want)
				}
			}
		}
	}
}

// sheetText is a raw sheet cell as the CSV writes it: a number that is
// the same float64 as the CSV's is written as the CSV writes it, so that a
// number rounded otherwise differs; a month is its date serial's month.
// The header is text.
func sheetText(t *testing.T, k Kind, header bool, row []string, j int, want string) string {
	t.Helper()
	if j >= len(row) {
		return "(missing)"
	}
	s := row[j]
	if header || !(k.Number() || k == Month) {
		return s
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("%q in a %s column is not a number", s, k)
	}
	if k == Month {
		d, err := excelize.ExcelDateToTime(v, false)
		if err != nil {
			t.Fatal(err)
		}
		return d.Format("2006-01")
	}
	if w, err := strconv.ParseFloat(want, 64); err != nil || w != v {
		return s
	}
	return want
}

// Number cells are stored as numbers, in their kind's format; the header
// is bold and frozen; and each column is at least as wide as what it shows.
func TestWriteXLSXFormatsAndPanes(t *testing.T) {
	tables := runTables(t)
	f := workbook(t, tables)
	if i := f.GetActiveSheetIndex(); i != 0 {
		t.Errorf("the workbook opens on sheet %d, want the first", i)
	}
	want := map[Kind]string{Money: MoneyFormat, Count: CountFormat, Whole: WholeFormat, Month: MonthFormat}
	for _, tab := range tables {
		p, err := f.GetPanes(tab.Name)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Freeze || p.YSplit != 1 || p.XSplit != 0 || p.TopLeftCell != "A2" {
			t.Errorf("%s: panes %+v, want the first row frozen", tab.Name, p)
		}
		for j, c := range tab.Columns {
			col, _ := excelize.ColumnNumberToName(j + 1)
			if st := cellStyle(t, f, tab.Name, col+"1"); st.Font == nil || !st.Font.Bold {
				t.Errorf("%s %s1: header not bold", tab.Name, col)
			}
			st := cellStyle(t, f, tab.Name, col+"2")
			if got := st.CustomNumFmt; want[c.Kind] != "" && (got == nil || *got != want[c.Kind]) {
				t.Errorf("%s %s (%s, %s): format %v, want %q", tab.Name, col, c.Name, c.Kind, got, want[c.Kind])
			}
			if typ, _ := f.GetCellType(tab.Name, col+"2"); c.Kind.Number() && typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
				t.Errorf("%s %s2: %s stored as cell type %v, not a number", tab.Name, col, c.Kind, typ)
			}
			checkWidth(t, f, tab, j, col)
		}
	}
}

func cellStyle(t *testing.T, f *excelize.File, sheet, cell string) *excelize.Style {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// checkWidth checks that column j is as wide as the longest text its cells
// show (as excelize formats them), and not absurdly wider.
func checkWidth(t *testing.T, f *excelize.File, tab Table, j int, col string) {
	t.Helper()
	width, err := f.GetColWidth(tab.Name, col)
	if err != nil {
		t.Fatal(err)
	}
	longest := len(tab.Columns[j].Name)
	for i := range min(len(tab.Rows), 200) {
		s, err := f.GetCellValue(tab.Name, col+strconv.Itoa(i+2))
		if err != nil {
			t.Fatal(err)
		}
		longest = max(longest, len([]rune(s)))
	}
	if width < float64(longest+1) || width > float64(longest+6) {
		t.Errorf("%s column %s (%s): width %v for at most %d characters", tab.Name, col, tab.Columns[j].Name, width, longest)
	}
}

// What Excel shows is what the CSV writes, with £ and thousands separators
// and counts to one decimal.
func TestWriteXLSXShows(t *testing.T) {
	tab := Table{
		Name:    "shown",
		Columns: []Column{{"month", Month}, {"cost", Money}, {"in_care", Count}, {"months", Whole}, {"band", Text}},
		Rows: [][]Cell{
			{{Text: "2025-04"}, {Value: 29515343.454}, {Value: 1234.5678}, {Value: 12}, {Text: "1 to 4"}},
			{{Text: "1999-12"}, {Value: -81237.4}, {Value: 0.04}, {Value: 0}, {Text: "=1+1"}},
		},
	}
	f := workbook(t, []Table{tab})
	rows, err := f.GetRows("shown")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"month", "cost", "in_care", "months", "band"},
		{"2025-04", "£29,515,343.45", "1,234.6", "12", "1 to 4"},
		{"1999-12", "-£81,237.40", "0.0", "0", "=1+1"},
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d shows %q, want %q", i+1, rows[i], want[i])
		}
	}
	if formula, _ := f.GetCellFormula("shown", "E3"); formula != "" {
		t.Errorf("text %q became the formula %q", "=1+1", formula)
	}
}

func TestSheetNames(t *testing.T) {
	long := strings.Repeat("x", 40)
	for _, c := range []struct {
		names, want []string
	}{
		{[]string{"projection", "budget"}, []string{"projection", "budget"}},
		{[]string{`a/b[c]:d*e?f\g`}, []string{"a_b_c__d_e_f_g"}},
		{[]string{"budget", "Budget", "BUDGET"}, []string{"budget", "Budget (2)", "BUDGET (3)"}},
		{[]string{"history", "History (2)"}, []string{"history (2)", "History (2) (2)"}},
		{[]string{"", "  ", "'"}, []string{"table", "table (2)", "table (3)"}},
		{[]string{"'quoted'", "tab\tname"}, []string{"quoted", "tab_name"}},
		{[]string{long, long}, []string{long[:31], long[:27] + " (2)"}},
		{[]string{strings.Repeat("😀", 16)}, []string{strings.Repeat("😀", 15)}},
		{[]string{"a\xffb"}, []string{"a_b"}},
	} {
		tables := make([]Table, len(c.names))
		for i, n := range c.names {
			tables[i].Name = n
		}
		if got := SheetNames(tables); strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("SheetNames(%q) = %q, want %q", c.names, got, c.want)
		}
	}
}

func TestWriteXLSXErrors(t *testing.T) {
	month := []Column{{"month", Month}}
	cost := []Column{{"cost", Money}}
	huge := make([][]Cell, maxRows+1)
	for i := range huge {
		huge[i] = []Cell{{}}
	}
	for _, c := range []struct {
		name   string
		tables []Table
		want   string
	}{
		{"none", nil, "at least one table"},
		{"NaN", []Table{{Name: "budget", Columns: cost, Rows: [][]Cell{{{Value: math.NaN()}}}}}, "budget row 1 column cost is NaN"},
		{"short row", []Table{{Name: "budget", Columns: cost, Rows: [][]Cell{{}}}}, "budget row 1 has 0 cells"},
		{"not a month", []Table{{Name: "p", Columns: month, Rows: [][]Cell{{{Text: "2025-04"}}, {{Text: "April"}}}}}, `p row 2 column month: "April" is not a month`},
		{"before 1900-03", []Table{{Name: "p", Columns: month, Rows: [][]Cell{{{Text: "1900-02"}}}}}, "p row 1 column month: 1900-02 is before 1900-03"},
		{"long text", []Table{{Name: "p", Columns: []Column{{"t", Text}}, Rows: [][]Cell{{{Text: strings.Repeat("x", 32768)}}}}}, "p row 1 column t has 32768 characters; an Excel cell holds 32767"},
		{"too long", []Table{{Name: "stock", Columns: cost, Rows: huge}}, "stock has 1048576 rows; an Excel sheet holds 1048575"},
	} {
		var buf bytes.Buffer
		err := WriteXLSX(&buf, c.tables)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.want)
		}
		if buf.Len() != 0 {
			t.Errorf("%s: %d bytes written despite the error", c.name, buf.Len())
		}
	}
}

// Any table name makes a workbook Excel accepts, with the sheet named as
// SheetNames says, and any text comes back as it was written.
func FuzzWriteXLSX(f *testing.F) {
	for _, s := range []string{"projection", "a/b", "'x'", "", strings.Repeat("é", 40), "History", "a\x00b"} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, name, text string) {
		tables := []Table{
			{Name: name, Columns: []Column{{"text", Text}, {"n", Count}}, Rows: [][]Cell{{{Text: text}, {Value: 1.5}}}},
			{Name: name, Columns: []Column{{"n", Whole}}},
		}
		wb := workbook(t, tables)
		names := SheetNames(tables)
		if got := wb.GetSheetList(); strings.Join(got, "\x00") != strings.Join(names, "\x00") {
			t.Fatalf("sheets %q, want %q", got, names)
		}
		for _, n := range names {
			if len(utf16.Encode([]rune(n))) > MaxSheetName || strings.ContainsAny(n, `[]:*?/\`) {
				t.Errorf("sheet name %q is not valid", n)
			}
		}
		got, err := wb.GetCellValue(names[0], "A2")
		if err != nil {
			t.Fatal(err)
		}
		if want := xmlText(text); got != want {
			t.Errorf("text %q came back as %q, want %q", text, got, want)
		}
	})
}

// xmlText is text as a workbook can hold it: each byte that is not UTF-8
// and each character XML 1.0 cannot hold (control characters other than
// tab, newline and carriage return; U+FFFE, U+FFFF) becomes U+FFFD.
func xmlText(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		s = s[n:]
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF {
			r = utf8.RuneError
		}
		b.WriteRune(r)
	}
	return b.String()
}

// BenchmarkWriteXLSX writes the workbook of carecast run for the baseline:
// its four tables of 60 months.
func BenchmarkWriteXLSX(b *testing.B) {
	tables := runTables(b)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := WriteXLSX(&buf, tables); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/workbook")
}
