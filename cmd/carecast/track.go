package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/carecast/carecast/cmd/carecast/internal/pipeline"
	"github.com/carecast/carecast/cmd/carecast/internal/report"
	"github.com/carecast/carecast/data/cohort"
	"github.com/spf13/cobra"
)

func newTrack(stdout io.Writer) *cobra.Command {
	var o trackOptions
	var xlsx *workbook
	cmd := &cobra.Command{
		Use:   "track COHORT.csv --out DIR",
		Short: "Track the savings of children picked out for a change of placement",
		Long: `Track totals what the placements of a cohort of children cost a week when
they were picked out for a change (to go home, to step down from residential
care, to move from an agency to the council's own carers) and what they cost
now, as councils report it to their committees.

COHORT.csv has a row a child, with the columns

  child                 the child's identifier (read, never written out)
  cohort                e.g. Cohort 1
  reason                why the cost changed, e.g. Return home, Turned 18
  original_weekly_cost  pounds a week when picked out: 1234.50 or £1,234.50
  current_weekly_cost   pounds a week now (0 if the placement has ended)
  opportunity           optional: the change that was hoped for

in any order and any case ("Original weekly cost" will do).

It writes to DIR, one CSV file a table: the children, original and current
weekly cost, weekly difference (current − original: negative is a saving),
annual equivalent (52 weeks) and average difference a child, by cohort
(by-cohort.csv), by reason (by-reason.csv) and by opportunity
(by-opportunity.csv), the children whose costs fell (reductions.csv) and
rose (increases.csv) by reason, each with a total row; and problems.csv.

A row that cannot be used (a cost that is not an amount of money, a
missing child, a child already on an earlier row, who is counted once) is
left out of every total and listed in problems.csv with its line, column
and reason. Rows read = rows used + rows rejected. No output names a child:
a cohort, reason or opportunity holding a child's identifier rejects the
row.`,
		Example: `  carecast track cohort.csv --out savings/
  carecast track "December 2024.csv" --out dec-2024 --show 20`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.File = args[0]
			if o.Show < 0 {
				return fmt.Errorf("--show %d: the number of problems to print is 0 or more", o.Show)
			}
			t, err := trackCohort(o)
			if t != nil {
				printTrack(stdout, t, o.Show)
			}
			if err != nil {
				return err
			}
			return xlsx.write(stdout, t.Tables...)
		},
	}
	cmd.Flags().StringVarP(&o.Out, "out", "o", "track", "folder for the tables and problems.csv")
	cmd.Flags().IntVar(&o.Show, "show", 10, "problems to print")
	xlsx = addXLSX(cmd, "the tables")
	return cmd
}

// trackOptions are the settings of a track.
type trackOptions struct {
	File, Out string
	Show      int // problems to print
}

// tracked is what a track read and wrote.
type tracked struct {
	*pipeline.Tracked
	Out   string
	Files []string // written to Out
}

// trackCohort reads the cohort file and writes its tables and problems
// to o.Out. It returns what it did whenever the file could be read, with
// the error that stopped it, if any.
func trackCohort(o trackOptions) (*tracked, error) {
	tr, err := pipeline.Track(o.File)
	if tr == nil {
		return nil, err
	}
	t := &tracked{Tracked: tr, Out: o.Out}
	if err := os.MkdirAll(o.Out, 0o755); err != nil {
		return t, err
	}
	for _, tab := range t.Tables {
		if werr := t.write(tab.Name+".csv", func(w io.Writer) error { return report.WriteCSV(w, tab) }); werr != nil {
			return t, werr
		}
	}
	if werr := t.write("problems.csv", t.Report.WriteCSV); werr != nil {
		return t, werr
	}
	return t, err
}

// write writes a file of the track's folder and notes it.
func (t *tracked) write(name string, fill func(io.Writer) error) error {
	if err := writeFile(filepath.Join(t.Out, name), fill); err != nil {
		return err
	}
	t.Files = append(t.Files, name)
	return nil
}

// printTrack prints what a finance officer reads first: what was read,
// the total saving, the cohorts, the reductions and increases, and the
// first problems.
func printTrack(w io.Writer, t *tracked, show int) {
	fmt.Fprintln(w, t.Report.Summary())
	if c := t.Cohort; c != nil {
		all := cohort.Tabulate(c.Children, cohort.ByCohort, cohort.All)
		printSaving(w, all.Total)
		printGroups(w, all)
		printChanges(w, c.Children)
	}
	printProblems(w, t, show)
	if len(t.Files) > 0 {
		fmt.Fprintf(w, "\nWrote %s in %s\n", strings.Join(t.Files, ", "), t.Out)
	}
}

// printSaving says what the children cost then and now, and the saving.
func printSaving(w io.Writer, g cohort.Group) {
	fmt.Fprintf(w, "\n%s: %s a week when picked out, %s now.\n", plural(g.Children, "child", "children"), penny(g.Original), penny(g.Current))
	word, d := "Saving", -g.Difference()
	if d < 0 {
		word, d = "Increase", -d
	}
	fmt.Fprintf(w, "%s: %s a week, %s a year (52 weeks), %s a child a week.\n", word, penny(d), penny(cohort.WeeksPerYear*d), penny(d/float64(g.Children)))
}

// printGroups prints a tabulation with its total.
func printGroups(w io.Writer, t cohort.Table) {
	nameW := len(t.By.String())
	for _, g := range t.Groups {
		nameW = max(nameW, utf8.RuneCountInString(g.Name))
	}
	nameW = min(nameW, 32)
	fmt.Fprintf(w, "\n%-*s %8s %13s %13s %13s %14s\n", nameW, t.By, "children", "original", "current", "difference", "a year")
	for _, g := range append(t.Groups, t.Total) {
		fmt.Fprintf(w, "%-*s %8d %13s %13s %13s %14s\n", nameW, clip(g.Name, nameW), g.Children,
			penny(g.Original), penny(g.Current), signedPenny(g.Difference()), signedPenny(g.Annual()))
	}
}

// printChanges prints how many children's costs fell, rose and stayed
// the same, and by how much.
func printChanges(w io.Writer, children []cohort.Child) {
	fmt.Fprintln(w)
	for _, ch := range []struct {
		name   string
		change cohort.Change
	}{{"Reductions", cohort.Reductions}, {"Increases", cohort.Increases}, {"Unchanged", cohort.Unchanged}} {
		g := cohort.Tabulate(children, cohort.ByReason, ch.change).Total
		fmt.Fprintf(w, "%-11s %s", ch.name+":", plural(g.Children, "child", "children"))
		if ch.change != cohort.Unchanged {
			d := math.Abs(g.Difference())
			fmt.Fprintf(w, ", %s a week (%s a year)", penny(d), penny(cohort.WeeksPerYear*d))
		}
		fmt.Fprintln(w)
	}
}

// printProblems prints the rows rejected and the first problems.
func printProblems(w io.Writer, t *tracked, show int) {
	ps := t.Report.Problems
	if len(ps) == 0 {
		return
	}
	fmt.Fprintln(w)
	if n := t.Report.Rejected; n > 0 {
		fmt.Fprintf(w, "%s rejected: not in any total.\n", plural(n, "row", "rows"))
	}
	n := min(show, len(ps))
	fmt.Fprintf(w, "First %d of %s (all in problems.csv):\n", n, plural(len(ps), "problem", "problems"))
	for _, p := range ps[:n] {
		fmt.Fprintf(w, "  %s\n", p)
	}
}

// penny writes pounds to the penny with thousands separators: £1,234.50,
// or −£1,234.50.
func penny(v float64) string {
	p := math.Round(math.Abs(v) * 100)
	s := fmt.Sprintf("£%s.%02d", report.Thousands(math.Floor(p/100)), int64(math.Mod(p, 100)))
	if v < 0 && p > 0 {
		return "−" + s
	}
	return s
}

// signedPenny is penny with a + on an increase.
func signedPenny(v float64) string {
	if math.Round(v*100) > 0 {
		return "+" + penny(v)
	}
	return penny(v)
}

// clip shortens s to n characters, ending it with … if cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
