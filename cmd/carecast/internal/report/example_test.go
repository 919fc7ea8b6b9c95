package report_test

import (
	"fmt"
	"os"

	"github.com/carecast/carecast/cmd/carecast/internal/report"
)

// A table holds numbers unrounded; the CSV writer rounds each column as its
// kind says.
func ExampleWriteCSV() {
	t := report.Table{
		Name: "moves",
		Columns: []report.Column{
			{Name: "month", Kind: report.Month}, {Name: "from", Kind: report.Text},
			{Name: "to", Kind: report.Text}, {Name: "count", Kind: report.Count},
		},
		Rows: [][]report.Cell{
			{{Text: "2025-06"}, {Text: "home_external"}, {Text: "foster_ifa"}, {Value: 1.23456}},
			{{Text: "2025-07"}, {Text: "home, external"}, {Text: "foster_ifa"}, {Value: 0.5}},
		},
	}
	if err := report.WriteCSV(os.Stdout, t); err != nil {
		fmt.Println(err)
	}
	// Output:
	// month,from,to,count
	// 2025-06,home_external,foster_ifa,1.235
	// 2025-07,"home, external",foster_ifa,0.5
}
