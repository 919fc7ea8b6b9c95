package report

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/model/compare"
	"github.com/carecast/carecast/model/target"
)

// ComparisonSummary is what the terminal says of a comparison.
type ComparisonSummary struct {
	Names   []string // the scenarios' names, the base first
	Params  []*model.Params
	Results []*model.Result
	Savings []*compare.Savings // Savings[i] is Names[i+1]'s
	Targets [][]target.Outcome // Targets[i] is Names[i]'s
	Label   Label
}

// nameWidth is the widest a scenario's name is printed.
const nameWidth = 36

// PrintComparison writes the summary a director reads in ten seconds:
// for each scenario the children in care at the end, the cost over the
// whole projection, the saving against the base and when an investment
// pays back; then the saving by financial year, where it comes from, and
// the targets.
func PrintComparison(w io.Writer, c ComparisonSummary) {
	base := c.Results[0]
	first, last := base.Start, base.Month(base.Months-1)
	fmt.Fprintf(w, "Comparison of %d scenarios, %s to %s (%d months), against the first\n\n", len(c.Names), first, last, base.Months)
	row := func(cells ...any) {
		line := fmt.Sprintf("  %-*s  %10s  %14s  %13s  %10s  %10s", append([]any{nameWidth + 3}, cells...)...)
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}
	row("", "in care", "cost", "saving", "paid back", "return on")
	row("", "at "+last.String(), "over the period", "", "from", "investment")
	for i, res := range c.Results {
		cost := 0.0
		for t := 0; t < res.Months; t++ {
			cost += res.TotalCost(t)
		}
		saving, payback, roi := "(base)", "", ""
		if i > 0 {
			saving, payback, roi = invested(c.Savings[i-1])
		}
		row(fmt.Sprintf("%d %s", i+1, short(c.Names[i])),
			fmt.Sprintf("%.1f", res.InCare[res.Months-1]), Pounds(cost), saving, payback, roi)
	}
	fmt.Fprintln(w, "  (paid back from: the month from which the net saving to date stays above zero;")
	fmt.Fprintln(w, "   return on investment: the saving on placements less the extra cost lines, over them)")
	printYears(w, c)
	printSplit(w, c)
	printInterventions(w, c)
	printComparedTargets(w, c)
}

// invested is an alternative's saving over the period and, if it adds
// cost lines (an investment), the month it has paid for itself and the
// return on the investment; "-" where there is none.
func invested(s *compare.Savings) (saving, payback, roi string) {
	saving, payback, roi = Pounds(s.Horizon().Total()), "-", "-"
	r, ok := s.ROI()
	if !ok {
		return saving, payback, roi
	}
	roi = fmt.Sprintf("%.0f%%", 100*r)
	payback = "never"
	if m, ok := s.Payback(); ok {
		payback = m.String()
	}
	return saving, payback, roi
}

// short cuts a name to nameWidth characters, with an ellipsis.
func short(s string) string {
	if utf8.RuneCountInString(s) <= nameWidth {
		return s
	}
	r := []rune(s)
	return string(r[:nameWidth-1]) + "…"
}

// printYears writes the saving of each alternative by financial year, a
// row a year and a column an alternative.
func printYears(w io.Writer, c ComparisonSummary) {
	fmt.Fprintf(w, "\nSaving against scenario 1 by financial year (part years marked *)\n  %-9s", "")
	for i := range c.Savings {
		fmt.Fprintf(w, "  %13s", fmt.Sprintf("scenario %d", i+2))
	}
	fmt.Fprintln(w)
	for y, yr := range c.Savings[0].Years {
		mark := " "
		if yr.Months < 12 {
			mark = "*"
		}
		fmt.Fprintf(w, "  %-9s", yr.Label()+mark)
		for _, s := range c.Savings {
			fmt.Fprintf(w, "  %13s", Pounds(s.Years[y].Total()))
		}
		fmt.Fprintln(w)
	}
}

// printSplit writes where each alternative's saving over the period comes
// from: fewer children, cheaper placements, prices and cost lines.
func printSplit(w io.Writer, c ComparisonSummary) {
	fmt.Fprintf(w, "\nWhere the saving over the period comes from\n  %-12s  %13s  %13s  %13s  %13s  %13s\n",
		"", "volume", "mix", "price", "cost lines", "total")
	for i, s := range c.Savings {
		h := s.Horizon()
		fmt.Fprintf(w, "  %-12s  %13s  %13s  %13s  %13s  %13s\n", fmt.Sprintf("scenario %d", i+2),
			Pounds(h.Volume), Pounds(h.Mix), Pounds(h.Price), Pounds(h.Fixed), Pounds(h.Total()))
	}
	fmt.Fprintln(w, "  (volume: fewer child-days in care, at the base's average cost a day; mix: cheaper")
	fmt.Fprintln(w, "   placements, including children leaving the dearest ones; price: unit costs;")
	fmt.Fprintln(w, "   cost lines: fixed costs such as a project team, negative when the scenario adds them)")
}

// printInterventions writes what the interventions of each alternative
// move and save, under its number.
func printInterventions(w io.Writer, c ComparisonSummary) {
	head := "\nInterventions"
	for i := 1; i < len(c.Params); i++ {
		if len(c.Params[i].Interventions) == 0 {
			continue
		}
		fmt.Fprintf(w, "%s\n  %d %s\n", head, i+1, short(c.Names[i]))
		head = ""
		interventions(w, c.Params[i], c.Results[i], c.Label.orName(), "    ")
	}
}

// printComparedTargets writes each scenario's targets under its number.
func printComparedTargets(w io.Writer, c ComparisonSummary) {
	any := false
	for _, outs := range c.Targets {
		any = any || len(outs) > 0
	}
	if !any {
		return
	}
	fmt.Fprintln(w, "\nTargets")
	for i, outs := range c.Targets {
		if len(outs) == 0 {
			continue
		}
		fmt.Fprintf(w, "  %d %s\n", i+1, short(c.Names[i]))
		targetLines(w, outs, nil, c.Label, "    ")
	}
}
