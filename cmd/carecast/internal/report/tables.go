package report

import (
	"fmt"
	"strconv"

	"github.com/carecast/carecast/model"
)

// text, month, value and values make cells.
func text(s string) Cell       { return Cell{Text: s} }
func month(m model.Month) Cell { return Cell{Text: m.String()} }
func value(v float64) Cell     { return Cell{Value: v} }
func values(row []Cell, vs []float64) []Cell {
	for _, v := range vs {
		row = append(row, value(v))
	}
	return row
}

// columns names columns of one kind, each name prefixed.
func columns(cols []Column, prefix string, names []string, k Kind) []Column {
	for _, n := range names {
		cols = append(cols, Column{Name: prefix + n, Kind: k})
	}
	return cols
}

// Projection is the table of projection.csv (and of actuals.csv, for
// counted actuals): one row a month, with the children in care at the
// month end, entries, exits, moves and cost, then in care by category,
// entries by route, exits by reason, cost by category and child-days by
// category; then, for each category that has places in some month, its
// places (−1 in a month it is not capped), occupancy (in care at the
// month end) and the children sent to its overflow.
func Projection(res *model.Result) Table {
	cols := []Column{
		{"month", Month}, {"in_care", Count}, {"entries", Count}, {"exits", Count}, {"moves", Count},
		{"cost", Money}, {"placement_cost", Money}, {"fixed_cost", Money},
	}
	cols = columns(cols, "in_care_", res.Categories, Count)
	cols = columns(cols, "entries_", res.Routes, Count)
	cols = columns(cols, "exits_", res.Reasons, Count)
	cols = columns(cols, "cost_", res.Categories, Money)
	cols = columns(cols, "child_days_", res.Categories, Count)
	var capped []int
	for k, name := range res.Categories {
		if res.Capped(k) {
			capped = append(capped, k)
			cols = append(cols, Column{"places_" + name, Count}, Column{"occupancy_" + name, Count}, Column{"overflow_" + name, Count})
		}
	}
	rows := make([][]Cell, res.Months)
	for t := range rows {
		placement := sum(res.CostRow(t))
		fixed := sum(res.FixedCostRow(t))
		row := make([]Cell, 0, len(cols))
		row = append(row,
			month(res.Month(t)), value(res.InCare[t]), value(res.TotalEntries(t)),
			value(res.TotalExits(t)), value(res.TotalMoves(t)),
			value(placement+fixed), value(placement), value(fixed))
		row = values(row, res.CategoryRow(t))
		row = values(row, res.EntriesRow(t))
		row = values(row, res.ExitsRow(t))
		row = values(row, res.CostRow(t))
		row = values(row, res.ChildDaysRow(t))
		for _, k := range capped {
			row = values(row, []float64{res.PlacesRow(t)[k], res.CategoryRow(t)[k], res.OverflowRow(t)[k]})
		}
		rows[t] = row
	}
	return Table{Name: "projection", Columns: cols, Rows: rows}
}

// BandLabel names an age band in the tables as "0", "1 to 4", "16 to 17":
// Excel reads "1-4" or "10-15" as a date, so the scenario's own band names
// are not used there.
func BandLabel(b model.Band) string {
	if b.Min == b.Max {
		return strconv.Itoa(b.Min)
	}
	return fmt.Sprintf("%d to %d", b.Min, b.Max)
}

// Stock is the table of stock.csv: the children in care at each month end
// by age band and category, in long form.
func Stock(res *model.Result) Table {
	K := len(res.Categories)
	bands := make([]Cell, len(res.Bands))
	for b, band := range res.Bands {
		bands[b] = text(BandLabel(band))
	}
	rows := make([][]Cell, 0, res.Months*len(res.Bands)*K)
	for t := 0; t < res.Months; t++ {
		m := month(res.Month(t))
		row := res.BandCategoryRow(t)
		for b := range res.Bands {
			for k, c := range res.Categories {
				rows = append(rows, []Cell{m, bands[b], text(c), value(row[b*K+k])})
			}
		}
	}
	return Table{
		Name:    "stock",
		Columns: []Column{{"month", Month}, {"age_band", Text}, {"category", Text}, {"count", Count}},
		Rows:    rows,
	}
}

// Moves is the table of moves.csv: each month's children who changed
// placement category, by the category they left and the one they joined.
// Pairs with no moves (none to 3 decimals) are left out.
func Moves(res *model.Result) Table {
	K := len(res.Categories)
	var rows [][]Cell
	for t := 0; t < res.Months; t++ {
		m := month(res.Month(t))
		for i, v := range res.MovesRow(t) {
			if round(v, 3) == 0 {
				continue
			}
			rows = append(rows, []Cell{m, text(res.Categories[i/K]), text(res.Categories[i%K]), value(v)})
		}
	}
	return Table{
		Name:    "moves",
		Columns: []Column{{"month", Month}, {"from", Text}, {"to", Text}, {"count", Count}},
		Rows:    rows,
	}
}

// Total is the category of the budget row that sums a financial year.
const Total = "total"

// Budget is the table of budget.csv: each financial year's child-weeks and
// cost by category and fixed cost line, then a Total row.
func Budget(res *model.Result) Table {
	lines := res.Budget()
	totals := model.YearTotals(lines)
	rows := make([][]Cell, 0, len(lines)+len(totals))
	ti := 0
	for i, l := range lines {
		rows = append(rows, []Cell{text(l.Label()), text(l.Line), value(float64(l.Months)), value(l.ChildWeeks), value(l.Cost)})
		if i+1 == len(lines) || lines[i+1].Year != l.Year {
			y := totals[ti]
			ti++
			rows = append(rows, []Cell{text(y.Label()), text(Total), value(float64(y.Months)), value(y.ChildWeeks), value(y.Cost)})
		}
	}
	return Table{
		Name: "budget",
		Columns: []Column{
			{"financial_year", Text}, {"category", Text}, {"months", Whole}, {"child_weeks", Count}, {"cost", Money},
		},
		Rows: rows,
	}
}

func sum(s []float64) float64 {
	var x float64
	for _, v := range s {
		x += v
	}
	return x
}
