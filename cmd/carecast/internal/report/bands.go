package report

import (
	"fmt"
	"io"
	"math"

	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/model/montecarlo"
	"github.com/carecast/carecast/model/target"
)

// percentiles are the columns of a band, as the tables name them.
var percentiles = []string{"p5", "p10", "p50", "p90", "p95"}

// percentileCells are the cells of the percentiles of q.
func percentileCells(q montecarlo.Quantiles) []Cell {
	return []Cell{value(q.P5), value(q.P10), value(q.P50), value(q.P90), value(q.P95)}
}

// bandColumns names the percentile columns of each of names, of kind k.
func bandColumns(cols []Column, names []string, k Kind) []Column {
	for _, n := range names {
		for _, p := range percentiles {
			cols = append(cols, Column{Name: n + "_" + p, Kind: k})
		}
	}
	return cols
}

// ProjectionBands is the projection table t (Projection) with the
// percentiles over the runs of the children in care, in care by category
// and the cost at each month end: in_care_p5 … in_care_p95,
// in_care_<category>_p5 …, cost_p5 …, after its own columns.
func ProjectionBands(t Table, runs *montecarlo.Runs) Table {
	names := []string{"in_care"}
	for _, c := range runs.Categories {
		names = append(names, "in_care_"+c)
	}
	cols := bandColumns(append([]Column(nil), t.Columns...), names, Count)
	cols = bandColumns(cols, []string{"cost"}, Money)
	rows := make([][]Cell, len(t.Rows))
	for m, row := range t.Rows {
		r := append(make([]Cell, 0, len(cols)), row...)
		r = append(r, percentileCells(runs.InCare(m))...)
		for k := range runs.Categories {
			r = append(r, percentileCells(runs.Category(m, k))...)
		}
		rows[m] = append(r, percentileCells(runs.Cost(m))...)
	}
	return Table{Name: t.Name, Columns: cols, Rows: rows}
}

// BudgetBands is the budget table t (Budget) with the percentiles over the
// runs of each financial year's cost, cost_p5 … cost_p95, on the year's
// total row (blank on the rows of its categories and cost lines).
func BudgetBands(t Table, runs *montecarlo.Runs) Table {
	years := map[string]montecarlo.YearCost{}
	for _, y := range runs.YearCosts() {
		years[y.Label()] = y
	}
	cols := bandColumns(append([]Column(nil), t.Columns...), []string{"cost"}, Money)
	blank := make([]Cell, len(percentiles))
	for i := range blank {
		blank[i].Blank = true
	}
	rows := make([][]Cell, len(t.Rows))
	for i, row := range t.Rows {
		r := append(make([]Cell, 0, len(cols)), row...)
		if y, ok := years[row[0].Text]; ok && row[1].Text == Total {
			rows[i] = append(r, percentileCells(y.Quantiles)...)
		} else {
			rows[i] = append(r, blank...)
		}
	}
	return Table{Name: t.Name, Columns: cols, Rows: rows}
}

// PrintBands says how sure the forecast is: the range that holds 80% of
// the runs (10th to 90th percentile) of the children in care at the end of
// each financial year and of each year's cost, and where the ranges come
// from.
func PrintBands(w io.Writer, runs *montecarlo.Runs, uncertain bool) {
	from := "chance alone, the rates taken as known"
	if uncertain {
		from = "chance and how little data the rates rest on"
	}
	fmt.Fprintf(w, "\nHow sure: the range of 80%% of %s simulated futures (%s)\n", Thousands(float64(runs.N)), from)
	fmt.Fprintf(w, "  %-8s  %-24s  %s\n", "year", "in care at the year end", "cost of the year")
	part := false
	for _, y := range runs.YearCosts() {
		end := model.MonthOf(y.Year+1, 3) - runs.Start
		if int(end) >= runs.Months {
			end = model.Month(runs.Months - 1)
		}
		label := y.Label()
		if y.Months < 12 {
			label, part = label+"*", true
		}
		q := runs.InCare(int(end))
		fmt.Fprintf(w, "  %-8s  %-24s  %s to %s\n", label, fmt.Sprintf("%s to %s", Thousands(math.Floor(q.P10)), Thousands(math.Ceil(q.P90))),
			Millions(y.P10), Millions(y.P90))
	}
	if part {
		fmt.Fprintln(w, "  * part of the year only: the months of it in the projection, to their end")
	}
}

// Millions writes an amount of pounds in millions to one decimal place,
// £28.3m, for ranges read at a glance (Pounds gives the exact amount).
func Millions(v float64) string {
	s := fmt.Sprintf("£%.1fm", math.Abs(v)/1e6)
	if v < 0 && s != "£0.0m" {
		return "−" + s
	}
	return s
}

// TargetOdds is the table of target_odds.csv: for each month, the share of
// the simulated futures that meet each target of a month (the target as
// written heads its column) at that month's end. byMonth[i] is outs[i]'s,
// nil for a financial year's target, which has no column.
func TargetOdds(start model.Month, months int, outs []target.Outcome, byMonth [][]float64) Table {
	cols := []Column{{"month", Month}}
	var keep []int
	for i, o := range outs {
		if byMonth[i] != nil {
			cols = append(cols, Column{o.Target.Text, Count})
			keep = append(keep, i)
		}
	}
	rows := make([][]Cell, months)
	for t := range rows {
		row := []Cell{month(start + model.Month(t))}
		for _, i := range keep {
			row = append(row, value(byMonth[i][t]))
		}
		rows[t] = row
	}
	return Table{Name: "target_odds", Columns: cols, Rows: rows}
}
