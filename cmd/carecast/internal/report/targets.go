package report

import (
	"fmt"
	"io"
	"math"
	"unicode/utf8"

	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/model/target"
)

// Targets tabulates how a projection stands against its targets, a row
// each: the target as written, its measure, the value the projection
// gives, the target's value, met or not, the margin (how far on the met
// side: negative when missed), with odds (nil: none) the probability of
// meeting it, the share of simulated futures that do, and the first month
// from which it is met and
// stays met to the end of the projection ("" if it is not met at the end,
// and for a financial year's target).
func Targets(outs []target.Outcome, odds []float64) Table {
	t := Table{Name: "targets", Columns: []Column{
		{"target", Text}, {"measure", Text}, {"unit", Text}, {"value", Count},
		{"target_value", Count}, {"met", Text}, {"margin", Count}, {"met_from", Text},
	}}
	if odds != nil {
		t.Columns = append(t.Columns, Column{"probability", Count})
	}
	for i, o := range outs {
		first := ""
		if o.HasFirst && !o.Target.Yearly() {
			first = o.First.String()
		}
		row := []Cell{
			text(o.Target.Text), text(o.Target.Name()), text(unit(o.Target)), value(o.Value),
			value(o.Target.Value), text(yesNo(o.Met)), value(o.Margin), text(first),
		}
		if odds != nil {
			row = append(row, value(odds[i]))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func unit(t target.Target) string {
	if t.Yearly() {
		return "£"
	}
	return "children"
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// PrintTargets writes a line a target, in words a director reads at a
// glance: met or missed, by how much, and from when it is met.
func PrintTargets(w io.Writer, outs []target.Outcome, odds []float64, label Label) {
	if len(outs) == 0 {
		return
	}
	fmt.Fprintln(w, "\nTargets")
	targetLines(w, outs, odds, label, "  ")
}

// targetLines writes a line a target, each indented, with the chance of
// meeting it if odds is not nil.
func targetLines(w io.Writer, outs []target.Outcome, odds []float64, label Label, indent string) {
	width := 0
	for _, o := range outs {
		width = max(width, utf8.RuneCountInString(o.Target.Text))
	}
	for i, o := range outs {
		chance := ""
		if odds != nil {
			chance = fmt.Sprintf(" (chance of meeting it: %s)", percent(odds[i]))
		}
		fmt.Fprintf(w, "%s%-*s  %s%s\n", indent, width, o.Target.Text, Verdict(o, label), chance)
	}
}

// percent writes a probability as a whole percentage, keeping "0%" and
// "100%" for none and all: "under 1%", "over 99%".
func percent(p float64) string {
	switch {
	case p > 0 && p < 0.005:
		return "under 1%"
	case p < 1 && p > 0.995:
		return "over 99%"
	}
	return fmt.Sprintf("%.0f%%", 100*p)
}

// Verdict says how a projection stands against one target, categories
// named by label: "met: 388.2 in
// care at the end of 2017-10, 11.8 under the target; met from 2017-07" or
// "missed: £24,512,000 in 2026-27, £512,000 over the target" (met from: the
// first month from which every month to the end of the projection meets it).
func Verdict(o target.Outcome, label Label) string {
	t := o.Target
	word, side := "missed", overUnder(t, !o.Met)
	if o.Met {
		word = "met"
	}
	var what, by, when string
	if t.Yearly() {
		what = Pounds(o.Value) + " in " + model.FinancialYearLabel(t.Year)
		by = Pounds(math.Abs(o.Margin))
	} else {
		in := "in care"
		if t.Category != "" {
			in = "in " + label.orName()(t.Category)
		}
		what = fmt.Sprintf("%.1f %s at the end of %v", o.Value, in, t.By)
		by = fmt.Sprintf("%.1f", math.Abs(o.Margin))
		when = "; met from " + o.First.String()
	}
	if !o.HasFirst && !t.Yearly() {
		when = "; not met at the end of the projection"
	}
	return fmt.Sprintf("%s: %s, %s %s%s", word, what, by, side, when)
}

// overUnder says which side of the target the value is: "under" or "over"
// for a target of at most, "over" or "under" for at least.
func overUnder(t target.Target, missed bool) string {
	atMost := t.Op == target.AtMost || t.Op == target.Below
	if atMost != missed {
		return "under the target"
	}
	return "over the target"
}
