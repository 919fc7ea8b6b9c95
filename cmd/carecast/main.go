// Command carecast forecasts a council's children in care: how many, where
// they are placed and what their placements cost.
//
//	carecast run                      the shipped baseline scenario, into out/
//	carecast run my-scenario.yaml --out results
//	carecast validate my-scenario.yaml
//	carecast scenarios                list the shipped scenarios
//	carecast scenarios baseline.yaml  print one, to copy and edit
package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/carecast/carecast/cmd/carecast/internal/charts"
	"github.com/carecast/carecast/cmd/carecast/internal/report"
	"github.com/carecast/carecast/data"
	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/scenarios"
	"github.com/spf13/cobra"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command line args and returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	root := newRoot(stdout, stderr)
	root.SetArgs(args)
	if err := root.Execute(); err != nil {
		fmt.Fprintf(stderr, "carecast: %v\n", err)
		return 1
	}
	return 0
}

func newRoot(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "carecast",
		Short: "Forecast children in care, their placements and their cost",
		Long: `carecast projects the number of children looked after by a council month by
month: entries by route, exits by reason (and at 18), moves between placement
types, and what the placements cost by financial year (April to March).

A scenario is a YAML file of rates, starting numbers, planned changes and
weekly unit costs. carecast ships a baseline for an illustrative shire county
and what-if scenarios that extend it; copy one to start your own.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.AddCommand(newRun(stdout, stderr), newValidate(stdout), newScenarios(stdout),
		newValidateData(stdout), newActuals(stdout), newCalibrate(stdout), newSynth(stdout))
	return root
}

func newRun(stdout, stderr io.Writer) *cobra.Command {
	var out, format, history, la string
	var noCharts bool
	cmd := &cobra.Command{
		Use:   "run [SCENARIO.yaml]",
		Short: "Project a scenario and write tables and charts",
		Long: `Run projects a scenario (by default the shipped baseline.yaml) and writes,
into the output folder:

  projection.csv  one row a month: children in care at the month end, entries,
                  exits, moves and cost, then in care by category, entries by
                  route, exits by reason (exits_age_out for 18th birthdays),
                  cost by category and child-days by category
  stock.csv       children in care at each month end by age band and category
  budget.csv      each financial year's child-weeks and cost by category, and
                  a total row
  moves.csv       each month's moves between placement categories, from → to
  *.png / *.svg   charts: headcount, placement mix, budget by financial year,
                  entries and exits

and prints a summary. Numbers of children are expected values, so they have
fractions; the CSV files open in Excel.`,
		Example: `  carecast run
  carecast run scenarios/whatif-step-down.yaml --out step-down
  carecast run my-council.yaml --format svg`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			format = strings.ToLower(format)
			if format != "png" && format != "svg" {
				return fmt.Errorf("--format %q: want png or svg", format)
			}
			name := scenarios.DefaultName
			if len(args) == 1 {
				name = args[0]
			}
			return runScenario(stdout, stderr, runOptions{name: name, out: out, format: format, charts: !noCharts, history: history, la: la})
		},
	}
	cmd.Flags().StringVar(&history, "data", "", "folder of SSDA903 returns whose actual numbers the charts draw before the forecast (default: the scenario's history)")
	cmd.Flags().StringVar(&la, "la", "", "with --data, the council to read when files hold several")
	cmd.Flags().StringVarP(&out, "out", "o", "out", "folder for the tables and charts (created if need be)")
	cmd.Flags().StringVar(&format, "format", "png", "chart format: png or svg")
	cmd.Flags().BoolVar(&noCharts, "no-charts", false, "write the tables only")
	return cmd
}

// runOptions are the settings of carecast run.
type runOptions struct {
	name, out, format string
	charts            bool
	history, la       string // returns for the actual history; "" for the scenario's
}

func runScenario(stdout, stderr io.Writer, o runOptions) error {
	name, out, format := o.name, o.out, o.format
	s, err := scenarios.Load(name)
	if err != nil {
		return err
	}
	for _, w := range s.Warnings {
		fmt.Fprintf(stderr, "carecast: warning: %s\n", w)
	}
	res, err := model.Project(s.Params)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	own := o.history == "" // the scenario's own history, not one asked for
	if own {
		o.history = s.History
	}
	var actual *model.Result
	var read string
	if o.history != "" {
		actual, read, err = history(s, o.history, o.la)
		var missing *missingHistory
		switch {
		case own && errors.As(err, &missing):
			// A scenario copied away from its returns still runs.
			fmt.Fprintf(stderr, "carecast: warning: %v; the charts show the forecast only (--data DIR names the returns)\n", err)
			actual, err = nil, nil
		case err != nil:
			return err
		}
		if actual != nil {
			for _, w := range historyWarnings(actual, res) {
				fmt.Fprintf(stderr, "carecast: warning: %s\n", w)
			}
		}
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	var written []string
	for _, t := range []report.Table{report.Projection(res), report.Stock(res), report.Budget(res), report.Moves(res)} {
		path := filepath.Join(out, t.Name+".csv")
		if err := writeFile(path, func(w io.Writer) error { return report.WriteCSV(w, t) }); err != nil {
			return err
		}
		written = append(written, path)
	}
	if o.charts {
		paths, err := charts.Write(out, format, charts.Input{Result: res, Label: s.Label, Title: title(s), Actual: actual})
		if err != nil {
			return err
		}
		written = append(written, paths...)
	}
	fmt.Fprintf(stdout, "%s\n  scenario %s\n", title(s), strings.Join(s.Files, ", extending "))
	if actual != nil {
		from := o.history
		if from == scenarios.SampleHistory {
			from = "the sample council shipped with carecast"
		}
		fmt.Fprintf(stdout, "  history  %s to %s from %s: %s in care at the end of %s\n",
			actual.Start, actual.Month(actual.Months-1), from, report.Thousands(actual.InCare[actual.Months-1]), actual.Month(actual.Months-1))
		fmt.Fprintf(stdout, "           (%s)\n", read)
	}
	if err := report.Summary(stdout, s.Params, res, s.Label); err != nil {
		return err
	}
	names := make([]string, len(written))
	for i, p := range written {
		names[i] = filepath.Base(p)
	}
	fmt.Fprintf(stdout, "\nWrote %s\n  to %s\n", strings.Join(names, ", "), out)
	if stale := staleCharts(out, names); len(stale) > 0 {
		verb := "are"
		if len(stale) == 1 {
			verb = "is"
		}
		fmt.Fprintf(stdout, "  (%s %s there from an earlier run, not redrawn)\n", strings.Join(stale, ", "), verb)
	}
	return nil
}

// staleCharts lists the charts in dir that this run did not write (written
// holds the names it did), left by an earlier run with other settings.
func staleCharts(dir string, written []string) []string {
	var stale []string
	for _, name := range charts.Names {
		for _, ext := range []string{".png", ".svg"} {
			f := name + ext
			if slices.Contains(written, f) {
				continue
			}
			if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
				stale = append(stale, f)
			}
		}
	}
	return stale
}

// historyYears is how much actual history the charts draw before the forecast.
const historyYears = 5

// history counts the actual numbers in care, from the returns in dir (or the
// shipped sample), for up to historyYears before the scenario's start: the
// last run of months the returns cover without a gap before it, since a
// missing year's flows are not in the returns. It returns the actuals and
// the reader's one-line summary, which begins by saying which months were
// left out for a missing year, if any were.
func history(s *scenarios.Scenario, dir, la string) (*model.Result, string, error) {
	var ret *data.Returns
	var rep *data.Report
	var err error
	if dir == scenarios.SampleHistory {
		ret, rep, err = data.ReadSample(data.ReadOptions{LA: la})
	} else if _, statErr := os.Stat(dir); errors.Is(statErr, fs.ErrNotExist) {
		return nil, "", &missingHistory{dir}
	} else {
		ret, rep, err = data.ReadDir(dir, data.ReadOptions{LA: la})
	}
	if err != nil {
		if rep != nil {
			err = fmt.Errorf("%w (%s)", err, rep.Summary())
		}
		return nil, "", fmt.Errorf("history %s: %w", dir, err)
	}
	start, from := s.Params.Start, s.Params.Start-12*historyYears
	summary := rep.Summary()
	var first, last model.Month
	if cov := ret.Coverage; cov.Known() {
		runs := cov.Ranges()
		i := len(runs) - 1
		for i >= 0 && runs[i].First >= start {
			i--
		}
		if i < 0 {
			return nil, "", fmt.Errorf("history: the returns in %s cover %s, none of it before %s, the first month of the forecast", dir, cov, start)
		}
		first, last = runs[i].First, runs[i].Last
		if i > 0 && runs[i-1].Last >= from {
			summary = fmt.Sprintf("drawn from %s only: %s; %s", first, notCovered(cov.Missing(runs[i-1].Last+1, first-1)), summary)
		}
	} else if first, last, err = ret.Span(); err != nil {
		return nil, "", fmt.Errorf("history: %w", err)
	}
	if last < from {
		return nil, "", fmt.Errorf("history: the returns in %s end in %s, more than %d years before %s, the first month of the forecast (the charts draw up to %d years before it)",
			dir, last, historyYears, start, historyYears)
	}
	first, last = max(first, from), min(last, start-1)
	if last < first {
		return nil, "", fmt.Errorf("history: the returns in %s begin after %s, the last month before the forecast", dir, start-1)
	}
	actual, err := data.Actuals(ret, s.Classifier(), s.Params.Bands, first, last)
	if err != nil {
		return nil, "", fmt.Errorf("history: %w", err)
	}
	actual.Price(&s.Params.Costs)
	return actual, summary, nil
}

// missingHistory is the error of a history folder that does not exist.
type missingHistory struct{ dir string }

func (e *missingHistory) Error() string {
	return fmt.Sprintf("history: the folder of returns %s does not exist", e.dir)
}

// historyWarnings points out a recorded history that does not lead into
// the forecast: one that ends months before it starts, or whose last count
// is far from the scenario's starting number.
func historyWarnings(actual, res *model.Result) []string {
	var out []string
	last := actual.Month(actual.Months - 1)
	if gap := int(res.Start - 1 - last); gap > 0 {
		out = append(out, fmt.Sprintf("the returns end in %v, %d months before the forecast starts in %v; the forecast starts from the scenario's own numbers, as at %v",
			last, gap, res.Start, res.Start-1))
	}
	rec, start := actual.InCare[actual.Months-1], res.InitialInCare
	if math.Abs(rec-start) > math.Max(5, 0.1*start) {
		out = append(out, fmt.Sprintf("the returns count %s in care at the end of %v, but the scenario starts from %s: are they the same council?",
			report.Thousands(rec), last, report.Thousands(start)))
	}
	return out
}

func title(s *scenarios.Scenario) string {
	if s.File.Name != "" {
		return s.File.Name
	}
	return filepath.Base(s.Files[0])
}

// writeFile creates path and writes it with fill, reporting the first error.
func writeFile(path string, fill func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := fill(f); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}

// plural is n and the noun, in the singular for one.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func newValidate(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "validate SCENARIO.yaml...",
		Short: "Check scenario files without running them",
		Long: `Validate loads each scenario, with the files it extends, and reports every
problem it finds with the file, line and key, e.g.

  my.yaml:12: exits.reunification["10-15"].foster_ifa: -0.2 is negative

It exits with status 1 if any file has a problem.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			bad := 0
			for _, name := range args {
				s, err := scenarios.Load(name)
				if err != nil {
					fmt.Fprintln(stdout, err)
					bad++
					continue
				}
				p := s.Params
				fmt.Fprintf(stdout, "%s: ok: %q, %s, %s, %s, %s, %s, %s; %d months from %s\n",
					name, title(s), plural(p.K(), "category", "categories"), plural(p.B(), "age band", "age bands"),
					plural(len(p.Routes), "route", "routes"), plural(p.R(), "exit reason", "exit reasons"),
					plural(len(p.Changes), "change", "changes"), plural(len(p.Interventions), "intervention", "interventions"),
					p.Horizon, p.Start)
				for _, w := range s.Warnings {
					fmt.Fprintf(stdout, "  warning: %s\n", w)
				}
			}
			if bad > 0 {
				return fmt.Errorf("%d of %d scenarios have problems", bad, len(args))
			}
			return nil
		},
	}
}

func newScenarios(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "scenarios [NAME]",
		Short: "List the shipped scenarios, or print one to copy",
		Long: `Scenarios lists the scenario files shipped inside carecast. With a name it
prints that file, to start your own:

  carecast scenarios baseline.yaml > my-council.yaml`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				text, err := scenarios.Shipped(args[0])
				if err != nil {
					return err
				}
				_, err = stdout.Write(text)
				return err
			}
			for _, name := range scenarios.Embedded() {
				s, err := scenarios.Load(name)
				if err != nil {
					return err
				}
				fmt.Fprintf(stdout, "%-32s %s\n", name, title(s))
			}
			return nil
		},
	}
}
