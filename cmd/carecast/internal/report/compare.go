package report

import (
	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/model/compare"
)

// Comparison is the table of comparison.csv: for each scenario (named by
// names, the base first) and month, the children in care, in care by
// category and the total cost (placements and fixed lines). The results
// must share their months and categories (compare.Check).
func Comparison(names []string, results []*model.Result) Table {
	base := results[0]
	cols := []Column{{"scenario", Text}, {"month", Month}, {"in_care", Count}}
	cols = columns(cols, "in_care_", base.Categories, Count)
	cols = append(cols, Column{"cost", Money})
	var rows [][]Cell
	for i, res := range results {
		for t := 0; t < res.Months; t++ {
			row := make([]Cell, 0, len(cols))
			row = append(row, text(names[i]), month(res.Month(t)), value(res.InCare[t]))
			row = values(row, res.CategoryRow(t))
			rows = append(rows, append(row, value(res.TotalCost(t))))
		}
	}
	return Table{Name: "comparison", Columns: cols, Rows: rows}
}

// Savings is the table of savings.csv: for each financial year and
// scenario, its cost, the saving against the base (the first of names;
// its own rows save nothing), the saving to the end of the year, and the
// saving split into volume (fewer child-days), mix (cheaper placements),
// price (unit prices) and fixed (cost lines), which add up to it.
// savings[i] is names[i+1]'s.
func Savings(names []string, savings []*compare.Savings) Table {
	cols := []Column{
		{"financial_year", Text}, {"months", Whole}, {"scenario", Text}, {"cost", Money},
		{"saving", Money}, {"cumulative_saving", Money},
		{"volume", Money}, {"mix", Money}, {"price", Money}, {"fixed", Money},
	}
	var rows [][]Cell
	for y, by := range savings[0].Years {
		rows = append(rows, []Cell{text(by.Label()), value(float64(by.Months)), text(names[0]), value(by.BaseCost),
			value(0), value(0), value(0), value(0), value(0), value(0)})
		for i, s := range savings {
			yr := s.Years[y]
			rows = append(rows, []Cell{text(yr.Label()), value(float64(yr.Months)), text(names[i+1]), value(yr.Cost),
				value(yr.Total()), value(yr.Cumulative),
				value(yr.Volume), value(yr.Mix), value(yr.Price), value(yr.Fixed)})
		}
	}
	return Table{Name: "savings", Columns: cols, Rows: rows}
}

// Invest is the table of invest.csv, an invest-to-save view of each
// alternative (names[i+1] for savings[i]) month by month: the base's cost
// and its own, the gross saving on placements, the investment (its extra
// fixed cost lines), the net saving (gross less investment) and the net
// saving to the end of the month.
func Invest(names []string, savings []*compare.Savings) Table {
	cols := []Column{
		{"scenario", Text}, {"month", Month}, {"base_cost", Money}, {"cost", Money},
		{"gross_saving", Money}, {"investment", Money}, {"net_saving", Money}, {"cumulative_net_saving", Money},
	}
	var rows [][]Cell
	for i, s := range savings {
		for t, m := range s.Months {
			rows = append(rows, []Cell{text(names[i+1]), month(s.Start + model.Month(t)),
				value(m.BaseCost), value(m.Cost), value(m.Gross()), value(m.Investment()),
				value(m.Total()), value(s.Cumulative[t])})
		}
	}
	return Table{Name: "invest", Columns: cols, Rows: rows}
}
