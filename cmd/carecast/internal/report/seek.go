package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/model/seek"
	"github.com/carecast/carecast/model/target"
)

// Sought is a goal-seek's outcome as the report shows it.
type Sought struct {
	Lever string
	// From and PhaseIn say when a rate change acts ("" and 0 for an
	// intervention, which keeps its own months).
	From    string
	PhaseIn int
	// Children is, for an intervention's size, the children it moves as
	// the scenario has it (a month, if PerMonth); 0 for a rate.
	Children float64
	PerMonth bool
	// Shortfall is, for an intervention's size, the children it could not
	// move with the change found, because its category held too few.
	Shortfall float64
	Result    seek.Result
	// Unchanged and Outcome are the target measured on the scenario as it
	// is and with the change found (a fresh projection).
	Unchanged, Outcome target.Outcome
}

// Seek is the table of seek.csv: one row, the lever, when it acts, the
// multiplier found, the target's measure and month or year, the target,
// the value unchanged and with the change, whether it is met, how the
// seek ended and the projections it took.
func Seek(s Sought) Table {
	t := s.Outcome.Target
	when := t.By.String()
	if t.Yearly() {
		when = model.FinancialYearLabel(t.Year)
	}
	return Table{
		Name: "seek",
		Columns: []Column{
			{"lever", Text}, {"from", Text}, {"phase_in_months", Whole}, {"multiplier", Count},
			{"measure", Text}, {"when", Text}, {"target", Text}, {"target_value", Count},
			{"value_unchanged", Count}, {"value", Count}, {"met", Text}, {"status", Text}, {"projections", Whole},
		},
		Rows: [][]Cell{{
			text(s.Lever), text(s.From), value(float64(s.PhaseIn)), Cell{Value: s.Result.Multiplier},
			text(t.Name()), text(when), text(t.Text), value(t.Value),
			value(s.Unchanged.Value), value(s.Outcome.Value), text(yesNo(s.Outcome.Met)),
			text(s.Result.Status.String()), value(float64(s.Result.Evaluations)),
		}},
	}
}

// PrintSeek says what a goal-seek found, in words.
func PrintSeek(w io.Writer, s Sought, label Label) {
	r := s.Result
	fmt.Fprintf(w, "\nTarget   %s\n", s.Outcome.Target.Text)
	fmt.Fprintf(w, "Lever    %s%s\n", s.Lever, when(s))
	fmt.Fprintf(w, "As it is %s\n", Verdict(s.Unchanged, label))
	switch r.Status {
	case seek.AlreadyMet:
		fmt.Fprintln(w, "Found    nothing to change: the target is met as it is")
		return
	case seek.Found, seek.Coarse:
		fmt.Fprintf(w, "Found    %s × %s (%s)%s\n", s.Lever, multiplier(r.Multiplier), change(r.Multiplier), s.size(r.Multiplier))
		fmt.Fprintf(w, "         then %s\n", Verdict(s.Outcome, label))
		fmt.Fprintf(w, "         (checked by projecting the scenario with the change; %d projections)\n", r.Evaluations)
		if r.Status == seek.Coarse {
			fmt.Fprintf(w, "         note: %s\n", r.Status)
		}
		s.shortfall(w)
	default:
		fmt.Fprintf(w, "Not met  %s.\n", upperFirst(r.Status.String()))
		fmt.Fprintf(w, "         Nearest: %s × %s (%s)%s: %s\n", s.Lever, multiplier(r.Multiplier), change(r.Multiplier), s.size(r.Multiplier), Verdict(s.Outcome, label))
		s.shortfall(w)
	}
}

// size says an intervention's size with multiplier m in children: ", 12.6
// children a month instead of 10"; "" for a rate.
func (s Sought) size(m float64) string {
	if s.Children == 0 {
		return ""
	}
	unit := "children"
	if s.PerMonth {
		unit += " a month"
	}
	return fmt.Sprintf(", %.1f %s instead of %s", m*s.Children, unit, model.Number(s.Children))
}

// shortfall warns that an intervention's category ran out.
func (s Sought) shortfall(w io.Writer) {
	if s.Shortfall > 0.0005 {
		fmt.Fprintf(w, "         warning: %s could not be moved: the category held too few\n", children(s.Shortfall))
	}
}

func when(s Sought) string {
	switch {
	case s.From == "":
		return " (the intervention's size; its months as the scenario gives them)"
	case s.PhaseIn > 1:
		return fmt.Sprintf(", changed from %s, phased in over %d months", s.From, s.PhaseIn)
	}
	return ", changed from " + s.From
}

func multiplier(m float64) string { return fmt.Sprintf("%.3g", m) }

// change says a multiplier as a percentage change: "-38.0%", "+25.0%".
func change(m float64) string {
	return fmt.Sprintf("%+.1f%%", 100*(m-1))
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
