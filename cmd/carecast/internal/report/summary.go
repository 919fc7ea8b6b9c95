package report

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/carecast/carecast/model"
)

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

// orName is l, or for a nil l the function that gives a name itself.
func (l Label) orName() Label {
	if l == nil {
		return func(s string) string { return s }
	}
	return l
}

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
	label = label.orName()
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
		interventions(w, p, res, label, "  ")
	}
	if len(p.Capacities) > 0 {
		fmt.Fprintln(w, "\nCapacity")
		capacities(w, p, res, label)
	}
	return nil
}

// interventions says, for each intervention, how many children it moved
// (or took out of care), when, and what a one-off move saves a week and in
// a full year of 52 weeks, as councils reckon it; each line indented.
func interventions(w io.Writer, p *model.Params, res *model.Result, label Label, indent string) {
	for n, iv := range p.Interventions {
		var moved, short float64
		for t := 0; t < res.Months; t++ {
			moved += res.MovedRow(t)[n]
			short += res.ShortfallRow(t)[n]
		}
		when := iv.Start.String()
		if iv.End != iv.Start {
			when = fmt.Sprintf("%s to %s", iv.Start, iv.End)
		}
		fw, fy := p.Costs.WeeklyCost(iv.From, iv.Start), 0.0
		if iv.To == model.OutOfCare { // a placement no longer paid for
			fmt.Fprintf(w, "%s%s: %s left care from %s (%s), %s\n", indent, iv.Name, children(moved),
				label(p.Categories[iv.From]), label(p.Reasons[iv.ToReason]), when)
		} else {
			fmt.Fprintf(w, "%s%s: %s moved from %s to %s, %s\n", indent, iv.Name, children(moved),
				label(p.Categories[iv.From]), label(p.Categories[iv.To]), when)
			fy = p.Costs.WeeklyCost(iv.To, iv.Start)
		}
		if iv.Start == iv.End {
			weekly, year := model.MoveSaving(moved, fw, fy)
			fmt.Fprintf(w, "%s  at %s and %s a week: saves %s a week, full-year effect %s (52 weeks)\n",
				indent, Pounds(fw), Pounds(fy), Pounds(weekly), Pounds(year))
		} else {
			fmt.Fprintf(w, "%s  at %s and %s a week (%s prices): each child moved saves %s a week\n",
				indent, Pounds(fw), Pounds(fy), model.FinancialYearLabel(iv.Start.FinancialYear()), Pounds(fw-fy))
		}
		if short > 0.0005 {
			fmt.Fprintf(w, "%s  warning: %s fewer than planned: the category held too few children (or the one they go to too few places)\n", indent, children(short))
		}
	}
}

// capacities says, for each capped category, its places at the start and
// the end, the months it was full (its month-end number at its places),
// and how many children went to its overflow because it was.
func capacities(w io.Writer, p *model.Params, res *model.Result, label Label) {
	for _, c := range p.Capacities {
		k := c.Category
		var over float64
		full, first := 0, model.Month(0)
		for t := 0; t < res.Months; t++ {
			over += res.OverflowRow(t)[k]
			if places := res.PlacesRow(t)[k]; places >= 0 && res.CategoryRow(t)[k] >= places-0.5 {
				if full == 0 {
					first = res.Month(t)
				}
				full++
			}
		}
		first0, last := res.PlacesRow(0)[k], res.PlacesRow(res.Months - 1)[k]
		places := fmt.Sprintf("%s places", Thousands(last))
		if first0 != last {
			places = fmt.Sprintf("%s places at the start, %s at the end", placesText(first0), Thousands(last))
		}
		fmt.Fprintf(w, "  %s: %s; ", label(p.Categories[k]), places)
		if full == 0 {
			fmt.Fprintln(w, "never full")
			continue
		}
		fmt.Fprintf(w, "full (within half a child) in %s from %s; %s went to %s instead\n",
			plural(full, "month", "months"), first, children(over), label(p.Categories[c.Overflow]))
	}
}

// placesText is a number of places, or "no cap" for none in force.
func placesText(v float64) string {
	if v < 0 {
		return "no cap"
	}
	return Thousands(v)
}
