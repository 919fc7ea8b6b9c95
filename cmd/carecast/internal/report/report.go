// Package report writes a projection as CSV tables and as a summary for the
// terminal. Every table is an aggregate: counts of children, never a child.
package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/carecast/carecast/model"
)

// count formats an expected number of children.
func count(v float64) string { return strconv.FormatFloat(round(v, 3), 'f', -1, 64) }

// money formats pounds to the penny.
func money(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	r := math.Round(v*p) / p
	if r == 0 {
		return 0 // no "-0"
	}
	return r
}

// ProjectionHeader is the header of projection.csv for a result.
func ProjectionHeader(res *model.Result) []string {
	h := []string{"month", "in_care", "entries", "exits", "moves", "cost", "placement_cost", "fixed_cost"}
	for _, c := range res.Categories {
		h = append(h, "in_care_"+c)
	}
	for _, r := range res.Routes {
		h = append(h, "entries_"+r)
	}
	for _, r := range res.Reasons {
		h = append(h, "exits_"+r)
	}
	for _, c := range res.Categories {
		h = append(h, "cost_"+c)
	}
	for _, c := range res.Categories {
		h = append(h, "child_days_"+c)
	}
	return h
}

// WriteProjection writes projection.csv: one row a month.
func WriteProjection(w io.Writer, res *model.Result) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(ProjectionHeader(res)); err != nil {
		return err
	}
	for t := 0; t < res.Months; t++ {
		placement := sum(res.CostRow(t))
		fixed := sum(res.FixedCostRow(t))
		row := []string{
			res.Month(t).String(), count(res.InCare[t]), count(res.TotalEntries(t)),
			count(res.TotalExits(t)), count(res.TotalMoves(t)),
			money(placement + fixed), money(placement), money(fixed),
		}
		for _, v := range res.CategoryRow(t) {
			row = append(row, count(v))
		}
		for _, v := range res.EntriesRow(t) {
			row = append(row, count(v))
		}
		for _, v := range res.ExitsRow(t) {
			row = append(row, count(v))
		}
		for _, v := range res.CostRow(t) {
			row = append(row, money(v))
		}
		for _, v := range res.ChildDaysRow(t) {
			row = append(row, count(v))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
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

// WriteStock writes stock.csv: children in care at each month end by age
// band and category, in long form.
func WriteStock(w io.Writer, res *model.Result) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"month", "age_band", "category", "count"}); err != nil {
		return err
	}
	K := len(res.Categories)
	for t := 0; t < res.Months; t++ {
		row := res.BandCategoryRow(t)
		for b, band := range res.Bands {
			for k, c := range res.Categories {
				if err := cw.Write([]string{res.Month(t).String(), BandLabel(band), c, count(row[b*K+k])}); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteMoves writes moves.csv: each month's children who changed placement
// category, by the category they left and the one they joined (pairs with
// no moves are left out).
func WriteMoves(w io.Writer, res *model.Result) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"month", "from", "to", "count"}); err != nil {
		return err
	}
	K := len(res.Categories)
	for t := 0; t < res.Months; t++ {
		for i, v := range res.MovesRow(t) {
			if round(v, 3) == 0 {
				continue
			}
			if err := cw.Write([]string{res.Month(t).String(), res.Categories[i/K], res.Categories[i%K], count(v)}); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// Total is the category of the budget row that sums a financial year.
const Total = "total"

// WriteBudget writes budget.csv: each financial year's child-weeks and cost
// by category and fixed cost line, then a total row.
func WriteBudget(w io.Writer, res *model.Result) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"financial_year", "category", "months", "child_weeks", "cost"}); err != nil {
		return err
	}
	lines := res.Budget()
	totals := model.YearTotals(lines)
	ti := 0
	for i, l := range lines {
		if err := cw.Write([]string{l.Label(), l.Line, strconv.Itoa(l.Months), count(l.ChildWeeks), money(l.Cost)}); err != nil {
			return err
		}
		if i+1 == len(lines) || lines[i+1].Year != l.Year {
			y := totals[ti]
			ti++
			if err := cw.Write([]string{y.Label(), Total, strconv.Itoa(y.Months), count(y.ChildWeeks), money(y.Cost)}); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func sum(s []float64) float64 {
	var x float64
	for _, v := range s {
		x += v
	}
	return x
}

// Pounds formats an amount of money in whole pounds with thousands
// separators: £1,234,567, or −£1,234 for a negative amount.
func Pounds(v float64) string {
	s := Thousands(math.Round(math.Abs(v)))
	if math.Round(v) < 0 {
		return "−£" + s
	}
	return "£" + s
}

// Thousands formats a whole number with comma separators.
func Thousands(v float64) string {
	s := strconv.FormatFloat(math.Round(v), 'f', 0, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Label gives display names; nil means the names themselves.
type Label func(string) string

// children is a number of children in words: "1 child", "12 children",
// "0.4 children", "under 0.1 children".
func children(v float64) string {
	n := Thousands(v)
	switch {
	case v > 0 && v < 0.05:
		return "under 0.1 children"
	case v > 0 && v < 0.5:
		n = strconv.FormatFloat(round(v, 1), 'f', -1, 64)
	case n == "1":
		return "1 child"
	}
	return n + " children"
}

// Summary writes the short summary printed on the terminal: the headcount
// at the start and the end, each financial year's cost, and what the
// interventions move and save.
func Summary(w io.Writer, p *model.Params, res *model.Result, label Label) error {
	if label == nil {
		label = func(s string) string { return s }
	}
	last := res.Month(res.Months - 1)
	fmt.Fprintf(w, "Projection of %d months, %s to %s\n\n", res.Months, res.Start, last)
	start, end := res.InitialInCare, res.InCare[res.Months-1]
	fmt.Fprintln(w, "Children in care")
	fmt.Fprintf(w, "  at the end of %s (start)  %6s\n", res.Start-1, Thousands(start))
	change := end - start
	pct := 0.0
	if start > 0 {
		pct = 100 * change / start
	}
	fmt.Fprintf(w, "  at the end of %s (end)    %6s  (%+.0f, %+.1f%%)\n", last, Thousands(end), change, pct)
	var entries, exits float64
	for t := 0; t < res.Months; t++ {
		entries += res.TotalEntries(t)
		exits += res.TotalExits(t)
	}
	years := float64(res.Months) / 12
	fmt.Fprintf(w, "  entries %s a year, exits %s a year on average\n\n", Thousands(entries/years), Thousands(exits/years))

	fmt.Fprintln(w, "Cost by financial year (April to March)")
	fyears := model.YearTotals(res.Budget())
	// columns as wide as their widest entry (fmt pads by characters, so £
	// counts as one), so that a national-size council's billions line up
	weeksW, costW := 12, 14
	for _, y := range fyears {
		weeksW = max(weeksW, utf8.RuneCountInString(Thousands(y.ChildWeeks))+1)
		costW = max(costW, utf8.RuneCountInString(Pounds(y.Cost))+1)
	}
	fmt.Fprintf(w, "  %-8s %6s %*s %*s\n", "year", "months", weeksW, "child-weeks", costW, "cost")
	for _, y := range fyears {
		fmt.Fprintf(w, "  %-8s %6d %*s %*s\n", y.Label(), y.Months, weeksW, Thousands(y.ChildWeeks), costW, Pounds(y.Cost))
	}
	if len(p.Interventions) > 0 {
		fmt.Fprintln(w, "\nInterventions")
		for n, iv := range p.Interventions {
			var moved, short float64
			for t := 0; t < res.Months; t++ {
				moved += res.MovedRow(t)[n]
				short += res.ShortfallRow(t)[n]
			}
			from, to := p.Categories[iv.From], p.Categories[iv.To]
			when := iv.Start.String()
			if iv.End != iv.Start {
				when = fmt.Sprintf("%s to %s", iv.Start, iv.End)
			}
			fmt.Fprintf(w, "  %s: %s moved from %s to %s, %s\n", iv.Name, children(moved), label(from), label(to), when)
			fw, fy := p.Costs.WeeklyCost(iv.From, iv.Start), p.Costs.WeeklyCost(iv.To, iv.Start)
			if iv.Start == iv.End {
				weekly, year := model.MoveSaving(moved, fw, fy)
				fmt.Fprintf(w, "    at %s and %s a week: saves %s a week, full-year effect %s (52 weeks)\n",
					Pounds(fw), Pounds(fy), Pounds(weekly), Pounds(year))
			} else {
				fmt.Fprintf(w, "    at %s and %s a week (%s prices): each child moved saves %s a week\n",
					Pounds(fw), Pounds(fy), model.FinancialYearLabel(iv.Start.FinancialYear()), Pounds(fw-fy))
			}
			if short > 0.0005 {
				fmt.Fprintf(w, "    warning: %s fewer than planned: the category held too few children\n", children(short))
			}
		}
	}
	return nil
}
