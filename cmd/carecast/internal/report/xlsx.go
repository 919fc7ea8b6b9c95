package report

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// The spreadsheet formats of the kinds. A number cell holds the number the
// CSV writes (a count to 3 decimals, money to the penny), so that the
// workbook and the CSV files agree cell for cell; the format only chooses
// what is shown.
const (
	// MoneyFormat shows pounds to the penny, as the CSV and councils'
	// finance tables do: £29,515,343.45.
	MoneyFormat = `"£"#,##0.00`
	// CountFormat shows an expected number of children to one decimal:
	// 1,234.6 (the cell keeps the CSV's 3 decimals).
	CountFormat = `#,##0.0`
	// WholeFormat shows a whole number.
	WholeFormat = `0`
	// MonthFormat shows a month, held as the date of its first day, as the
	// CSV writes it: 2025-04. Excel turns the CSV's "2025-04" into that date
	// when it opens the file anyway; as a date it sorts, filters by year,
	// groups in a pivot table and draws on a date axis, which text does not.
	MonthFormat = `yyyy-mm`
)

// MaxSheetName is the longest sheet name Excel takes, in UTF-16 units.
const MaxSheetName = 31

// maxRows is the most rows of a sheet below its header, and maxWidth the
// widest column WriteXLSX sets, in characters.
const (
	maxRows  = excelize.TotalRows - 1
	maxWidth = 80
)

// WriteXLSX writes tables as an Excel workbook, a sheet per table in order,
// named by SheetNames. Each sheet has a bold header row, frozen, and
// columns as wide as what they show; numbers are numbers in the format of
// their column's kind (MoneyFormat, CountFormat, WholeFormat, MonthFormat),
// and text is text (a character XML cannot hold, such as a control
// character, shows as U+FFFD, �). A table that WriteCSV would refuse, or
// that does not fit a sheet, is an error naming it, and nothing is written.
func WriteXLSX(w io.Writer, tables []Table) error {
	if len(tables) == 0 {
		return errors.New("report: a workbook needs at least one table")
	}
	for _, t := range tables {
		if err := t.checkSheet(); err != nil {
			return err
		}
	}
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	for i, name := range SheetNames(tables) {
		if err := addSheet(f, i, name, tables[i], st); err != nil {
			return err
		}
	}
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "carecast", Title: "carecast tables"}); err != nil {
		return err
	}
	// The first sheet is the active one already: SetActiveSheet would read
	// every streamed sheet back, which takes most of the time.
	return f.Write(w)
}

// checkSheet reports what WriteCSV would refuse, and a table too large for
// a sheet.
func (t Table) checkSheet() error {
	if err := t.check(); err != nil {
		return err
	}
	if len(t.Rows) > maxRows {
		return fmt.Errorf("report: %s has %d rows; an Excel sheet holds %d below its header", t.Name, len(t.Rows), maxRows)
	}
	if len(t.Columns) > excelize.MaxColumns {
		return fmt.Errorf("report: %s has %d columns; an Excel sheet holds %d", t.Name, len(t.Columns), excelize.MaxColumns)
	}
	for i, row := range t.Rows {
		for j, c := range t.Columns {
			if s := row[j].Text; !c.Kind.Number() && len(s) > excelize.TotalCellChars && utf16Len(s) > excelize.TotalCellChars {
				return fmt.Errorf("report: %s row %d column %s has %d characters; an Excel cell holds %d", t.Name, i+1, c.Name, utf16Len(s), excelize.TotalCellChars)
			}
		}
	}
	return nil
}

// styles are the workbook's cell styles: a header for text and for number
// columns (right-aligned, over the numbers), and a style by Kind.
type styles struct {
	header, numberHeader int
	kind                 map[Kind]int
}

func newStyles(f *excelize.File) (styles, error) {
	st := styles{kind: map[Kind]int{}}
	bold := &excelize.Font{Bold: true}
	var err error
	if st.header, err = f.NewStyle(&excelize.Style{Font: bold}); err != nil {
		return st, err
	}
	right := &excelize.Alignment{Horizontal: "right"}
	if st.numberHeader, err = f.NewStyle(&excelize.Style{Font: bold, Alignment: right}); err != nil {
		return st, err
	}
	for k, format := range map[Kind]string{Money: MoneyFormat, Count: CountFormat, Whole: WholeFormat, Month: MonthFormat} {
		if st.kind[k], err = f.NewStyle(&excelize.Style{CustomNumFmt: &format}); err != nil {
			return st, err
		}
	}
	return st, nil
}

// addSheet writes t as the workbook's i'th sheet (the first takes the
// place of the blank sheet a new workbook has).
func addSheet(f *excelize.File, i int, name string, t Table, st styles) error {
	if i == 0 {
		if err := f.SetSheetName(f.GetSheetName(0), name); err != nil {
			return err
		}
	} else if _, err := f.NewSheet(name); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	for j, width := range columnWidths(t) {
		if err := sw.SetColWidth(j+1, j+1, width); err != nil {
			return err
		}
	}
	frozen := &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}
	if err := sw.SetPanes(frozen); err != nil {
		return err
	}
	if err := writeRows(sw, t, st); err != nil {
		return err
	}
	return sw.Flush()
}

// writeRows streams the header and the rows of t.
func writeRows(sw *excelize.StreamWriter, t Table, st styles) error {
	row := make([]any, len(t.Columns))
	for j, c := range t.Columns {
		s := st.header
		if c.Kind.Number() || c.Kind == Month {
			s = st.numberHeader
		}
		row[j] = excelize.Cell{StyleID: s, Value: c.Name}
	}
	if err := sw.SetRow("A1", row); err != nil {
		return err
	}
	for i, cells := range t.Rows {
		for j, c := range t.Columns {
			v, err := sheetValue(c.Kind, cells[j])
			if err != nil {
				return fmt.Errorf("report: %s row %d column %s: %w", t.Name, i+1, c.Name, err)
			}
			row[j] = excelize.Cell{StyleID: st.kind[c.Kind], Value: v}
		}
		if err := sw.SetRow("A"+strconv.Itoa(i+2), row); err != nil {
			return err
		}
	}
	return nil
}

// sheetValue is what a cell of the kind holds in a sheet: the number the
// CSV writes, a month as its first day's date serial, or text.
func sheetValue(k Kind, c Cell) (any, error) {
	switch {
	case c.Blank:
		return nil, nil
	case k.Number():
		return strconv.ParseFloat(k.Format(c), 64)
	case k == Month:
		m, err := time.Parse("2006-01", c.Text)
		if err != nil {
			return nil, fmt.Errorf("%q is not a month YYYY-MM", c.Text)
		}
		if m.Before(firstDate) {
			return nil, fmt.Errorf("%s is before %s, the first month Excel dates correctly", c.Text, firstDate.Format("2006-01"))
		}
		return excelDate(m), nil
	}
	return c.Text, nil
}

// firstDate is the first day from which Excel's date serials are right (it
// takes 1900 for a leap year).
var firstDate = time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC)

// excelDate is the serial number Excel gives a date from firstDate on:
// days since 30 December 1899.
func excelDate(t time.Time) float64 {
	return t.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24
}

// columnWidths are widths, in characters, that fit each column's header
// (bold, so a character more) and what its cells show, with a margin.
func columnWidths(t Table) []float64 {
	widths := make([]float64, len(t.Columns))
	for j, c := range t.Columns {
		n := utf8.RuneCountInString(c.Name) + 1
		for _, row := range t.Rows {
			n = max(n, shownLength(c.Kind, row[j]))
		}
		widths[j] = min(float64(n+2), maxWidth)
	}
	return widths
}

// shownLength is the characters a cell shows in its kind's format.
func shownLength(k Kind, c Cell) int {
	if c.Blank {
		return 0
	}
	switch k {
	case Money:
		return len(Thousands(c.Value)) + len("£.00")
	case Count:
		return len(Thousands(c.Value)) + len(".0")
	case Whole:
		return len(k.Format(c))
	case Month:
		return len("2025-04")
	}
	return utf8.RuneCountInString(c.Text)
}

// SheetNames are the tables' names made into the names of distinct sheets,
// as Excel requires: none of []:*?/\ or a character that is not printable
// (each becomes _), no ' at either end, at most MaxSheetName long, not
// blank (then "table"), not "History" (Excel's own), and no two the same
// ignoring case (a later one gains " (2)", " (3)"…).
func SheetNames(tables []Table) []string {
	names := make([]string, 0, len(tables))
	for _, t := range tables {
		base := sheetName(t.Name)
		name := base
		for n := 2; taken(names, name); n++ {
			suffix := fmt.Sprintf(" (%d)", n)
			name = truncateUTF16(base, MaxSheetName-len(suffix)) + suffix
		}
		names = append(names, name)
	}
	return names
}

// sheetName makes one name valid, not yet distinct.
func sheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) || !unicode.IsPrint(r) {
			return '_'
		}
		return r
	}, strings.ToValidUTF8(s, "_"))
	s = strings.Trim(truncateUTF16(strings.Trim(s, "'"), MaxSheetName), "'")
	if strings.TrimSpace(s) == "" {
		return "table"
	}
	return s
}

// taken says whether name is among names or is Excel's reserved "History",
// ignoring case as Excel does.
func taken(names []string, name string) bool {
	if strings.EqualFold(name, "History") {
		return true
	}
	for _, n := range names {
		if strings.EqualFold(n, name) {
			return true
		}
	}
	return false
}

// utf16Len is the UTF-16 units of s, as Excel counts characters; never
// more than its bytes.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// truncateUTF16 cuts s to at most n UTF-16 units, between characters.
func truncateUTF16(s string, n int) string {
	units := 0
	for i, r := range s {
		units += utf16.RuneLen(r)
		if units > n {
			return s[:i]
		}
	}
	return s
}
