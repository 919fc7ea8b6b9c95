package report_test

import (
	"bytes"
	"fmt"

	"github.com/carecast/carecast/cmd/carecast/internal/report"
	"github.com/xuri/excelize/v2"
)

// A workbook holds each table as a sheet: numbers as numbers, shown in the
// format of their column's kind, a month as a date shown as the CSV writes it.
func ExampleWriteXLSX() {
	budget := report.Table{
		Name: "budget by year", // a sheet name may not hold / or more than 31 characters
		Columns: []report.Column{
			{Name: "financial_year", Kind: report.Text}, {Name: "child_weeks", Kind: report.Count},
			{Name: "cost", Kind: report.Money},
		},
		Rows: [][]report.Cell{{{Text: "2025-26"}, {Value: 23872.4567}, {Value: 29515343.4512}}},
	}
	moves := report.Table{
		Name:    "moves",
		Columns: []report.Column{{Name: "month", Kind: report.Month}, {Name: "count", Kind: report.Count}},
		Rows:    [][]report.Cell{{{Text: "2025-06"}, {Value: 1.23456}}},
	}
	var buf bytes.Buffer
	if err := report.WriteXLSX(&buf, []report.Table{budget, moves}); err != nil {
		fmt.Println(err)
		return
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	for _, sheet := range f.GetSheetList() {
		shown, _ := f.GetRows(sheet)
		held, _ := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		fmt.Printf("%s: shows %q, holds %q\n", sheet, shown[1], held[1])
	}
	// Output:
	// budget by year: shows ["2025-26" "23,872.5" "£29,515,343.45"], holds ["2025-26" "23872.457" "29515343.45"]
	// moves: shows ["2025-06" "1.2"], holds ["45809" "1.235"]
}
