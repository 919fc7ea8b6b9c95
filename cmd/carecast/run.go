package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/carecast/carecast/cmd/carecast/internal/charts"
	"github.com/carecast/carecast/cmd/carecast/internal/pipeline"
	"github.com/carecast/carecast/cmd/carecast/internal/report"
	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/model/montecarlo"
	"github.com/carecast/carecast/model/target"
	"github.com/carecast/carecast/scenarios"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

func newRun(stdout, stderr io.Writer) *cobra.Command {
	var o runOptions
	var history pipeline.Source
	var targets []string
	var bands pipeline.BandOptions
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
fractions; the CSV files open in Excel.

How sure: for a calibrated scenario (one that carries the evidence its rates
were estimated from), run also simulates 200 futures, children one by one,
each drawing its rates from that evidence, and gives the range that holds
80% of them at the end of each financial year (--runs N for more, --runs 0
for none, --fixed-rates for chance alone; the same --seed gives the same
ranges). projection.csv and budget.csv then gain the 5th, 10th, 50th, 90th
and 95th percentiles (_p5 … _p95), targets.csv the chance of meeting each
target, and target_odds.csv the chance of meeting each month's target at
every month end. --xlsx FILE.xlsx also writes the four
tables to one Excel workbook, a sheet each, with the same numbers formatted
as pounds and counts.`,
		Example: `  carecast run
  carecast run scenarios/whatif-step-down.yaml --out step-down
  carecast run my-council.yaml --format svg
  carecast run my-council.yaml --xlsx my-council.xlsx`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.checkFormat(); err != nil {
				return err
			}
			name := scenarios.DefaultName
			if len(args) == 1 {
				name = args[0]
			}
			bands.Progress = progress(stderr)
			f, err := pipeline.RunForecast(pipeline.ForecastOptions{Scenario: name, History: history, Targets: targets, Bands: bands})
			if err != nil {
				return err
			}
			for _, w := range f.Warnings {
				fmt.Fprintf(stderr, "carecast: warning: %s\n", w)
			}
			return renderForecast(stdout, f, o)
		},
	}
	cmd.Flags().StringVar(&history.Dir, "data", "", "folder of SSDA903 returns whose actual numbers the charts draw before the forecast (default: the scenario's history)")
	cmd.Flags().StringVar(&history.LA, "la", "", "with --data, the council to read when files hold several")
	cmd.Flags().StringArrayVar(&targets, "target", nil, targetHelp)
	cmd.Flags().IntVar(&bands.Runs, "runs", -1, fmt.Sprintf("futures to simulate for the ranges (0: none; default %d for a calibrated scenario, none for others)", pipeline.DefaultRuns))
	cmd.Flags().Uint64Var(&bands.Seed, "seed", 1, "random seed of the simulated futures: the same seed gives the same ranges")
	cmd.Flags().BoolVar(&bands.Fixed, "fixed-rates", false, "simulate chance only, the rates taken as known (by default each future draws its rates from the evidence they were calibrated on)")
	o.flags(cmd, "out")
	return cmd
}

// targetHelp explains --target, on every command that takes it.
const targetHelp = `a target to report on, as in a scenario's targets key (repeat for several):
'in_care <= 400 by 2017-10', 'in_care_home_external <= 40 by 2026-03',
'cost[2026-27] <= 24000000'`

// runOptions are how carecast run and compare write their tables and
// charts.
type runOptions struct {
	out, format string
	noCharts    bool
	xlsx        *workbook
}

// flags adds the output flags to cmd, the folder out by default.
func (o *runOptions) flags(cmd *cobra.Command, out string) {
	cmd.Flags().StringVarP(&o.out, "out", "o", out, "folder for the tables and charts (created if need be)")
	cmd.Flags().StringVar(&o.format, "format", "png", "chart format: png or svg")
	cmd.Flags().BoolVar(&o.noCharts, "no-charts", false, "write the tables only")
	o.xlsx = addXLSX(cmd, "the tables")
}

// checkFormat checks --format, in either case.
func (o *runOptions) checkFormat() error {
	o.format = strings.ToLower(o.format)
	if o.format != "png" && o.format != "svg" {
		return fmt.Errorf("--format %q: want png or svg", o.format)
	}
	return nil
}

// renderForecast writes a forecast's tables and charts into the output
// folder and prints its summary.
func renderForecast(stdout io.Writer, f *pipeline.Forecast, o runOptions) error {
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return err
	}
	files, tabs := forecastTables(f)
	written, err := writeCSVs(o.out, files, tabs)
	if err != nil {
		return err
	}
	s := f.Scenario
	if !o.noCharts {
		in := charts.Input{Result: f.Projection, Label: s.Label, Title: pipeline.Title(s),
			Targets: chartTargets(f.Targets, "headcount", "budget")}
		if f.History != nil {
			in.Actual = f.History.Actual
		}
		if b := f.Bands; b != nil {
			in.Futures = chartFutures(b.Runs, b.Uncertain)
		}
		paths, err := charts.Write(o.out, o.format, in)
		if err != nil {
			return err
		}
		written = append(written, paths...)
	}
	fmt.Fprintf(stdout, "%s\n  scenario %s\n", pipeline.Title(s), strings.Join(s.Files, ", extending "))
	if h := f.History; h != nil {
		printHistory(stdout, h)
	}
	if err := report.Summary(stdout, s.Params, f.Projection, s.Label); err != nil {
		return err
	}
	var odds []float64
	if b := f.Bands; b != nil {
		report.PrintBands(stdout, b.Runs, b.Uncertain)
		odds = met(b.Odds)
	} else if f.Scenario.Params.Evidence == nil {
		fmt.Fprintln(stdout, "\nHow sure: carecast run --runs 500 simulates 500 futures for the range that holds 80% of them")
	}
	report.PrintTargets(stdout, f.Targets, odds, s.Label)
	printWritten(stdout, o.out, written)
	return o.xlsx.write(stdout, tabs...)
}

// chartFutures are the ranges of the runs the charts draw: the children
// in care by month and the cost by financial year.
func chartFutures(runs *montecarlo.Runs, drawn bool) *charts.Futures {
	f := &charts.Futures{Runs: runs.N, Drawn: drawn, InCare: &charts.Band{}}
	b := f.InCare
	for t := range runs.Months {
		q := runs.InCare(t)
		b.P5, b.P10, b.P90, b.P95 = append(b.P5, q.P5), append(b.P10, q.P10), append(b.P90, q.P90), append(b.P95, q.P95)
	}
	for _, y := range runs.YearCosts() {
		f.YearCost = append(f.YearCost, charts.YearBand{Year: y.Label(), P5: y.P5, P10: y.P10, P90: y.P90, P95: y.P95})
	}
	return f
}

// forecastTables are a forecast's tables and the files they are written
// to: the projection, stock, budget and moves, with the ranges of the
// simulated futures if there are any, and the targets.
func forecastTables(f *pipeline.Forecast) (files []string, tabs []report.Table) {
	files = []string{"projection.csv", "stock.csv", "budget.csv", "moves.csv"}
	tabs = tablesOf(f.Projection, files)
	var odds []float64
	if b := f.Bands; b != nil {
		tabs[0] = report.ProjectionBands(tabs[0], b.Runs)
		tabs[2] = report.BudgetBands(tabs[2], b.Runs)
		odds = met(b.Odds)
	}
	if len(f.Targets) > 0 {
		files, tabs = append(files, "targets.csv"), append(tabs, report.Targets(f.Targets, odds))
	}
	if t := targetOdds(f); len(t.Columns) > 1 {
		files, tabs = append(files, "target_odds.csv"), append(tabs, t)
	}
	return files, tabs
}

// targetOdds is the table of the chance of meeting each month's target at
// each month end; no columns but the month without bands or such targets.
func targetOdds(f *pipeline.Forecast) report.Table {
	res := f.Projection
	if f.Bands == nil {
		return report.TargetOdds(res.Start, res.Months, nil, nil)
	}
	byMonth := make([][]float64, len(f.Bands.Odds))
	for i, o := range f.Bands.Odds {
		byMonth[i] = o.ByMonth
	}
	return report.TargetOdds(res.Start, res.Months, f.Targets, byMonth)
}

// met are the chances of meeting each target.
func met(odds []pipeline.Odds) []float64 {
	out := make([]float64, len(odds))
	for i, o := range odds {
		out[i] = o.Met
	}
	return out
}

// progress is a progress bar of simulated futures on w, if w is a
// terminal and the runs take long enough to want one; nil otherwise.
func progress(w io.Writer) func(done, total int) {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	var bar *progressbar.ProgressBar
	return func(done, total int) {
		if bar == nil {
			bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(w), progressbar.OptionSetDescription("simulating futures"),
				progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish(), progressbar.OptionShowCount())
		}
		bar.Set(done)
	}
}

// printWritten lists the files written into dir, and the charts there
// from an earlier run that were not redrawn.
func printWritten(stdout io.Writer, dir string, written []string) {
	names := make([]string, len(written))
	for i, p := range written {
		names[i] = filepath.Base(p)
	}
	fmt.Fprintf(stdout, "\nWrote %s\n  to %s\n", strings.Join(names, ", "), dir)
	if stale := staleCharts(dir, names); len(stale) > 0 {
		fmt.Fprintf(stdout, "  (%s %s there from an earlier run, not redrawn)\n", strings.Join(stale, ", "), isAre(len(stale)))
	}
}

// chartTargets are the targets the charts can draw: children in care
// (not by category) on the chart named count, a year's cost on the chart
// named cost.
func chartTargets(outs []target.Outcome, count, cost string) []charts.Target {
	var out []charts.Target
	for _, o := range outs {
		if ct, ok := chartTarget(o.Target, count, cost); ok {
			ct.Met = o.Met
			out = append(out, ct)
		}
	}
	return out
}

// chartLabel is a target in words for a chart, where its place says the
// rest: "at most 400 by 2017-10", "cost at most £24,000,000", "saving at
// least £1,630,000".
func chartLabel(t target.Target) string {
	op := map[target.Op]string{target.AtMost: "at most", target.AtLeast: "at least", target.Below: "below", target.Above: "above"}[t.Op]
	switch t.Metric {
	case target.InCare:
		return fmt.Sprintf("%s %s by %v", op, report.Thousands(t.Value), t.By)
	case target.Cost:
		return "cost " + op + " " + report.Pounds(t.Value)
	}
	return "saving " + op + " " + report.Pounds(t.Value)
}

// chartTarget is where a target is drawn: children in care (not by
// category) on the chart named count, a year's cost on the chart named
// cost, a year's saving on the savings chart; ok is false for none.
func chartTarget(t target.Target, count, cost string) (ct charts.Target, ok bool) {
	ct = charts.Target{Value: t.Value, Label: chartLabel(t)}
	switch {
	case t.Metric == target.InCare && t.Category == "":
		ct.Chart, ct.By = count, t.By
	case t.Metric == target.Cost:
		ct.Chart, ct.Year = cost, model.FinancialYearLabel(t.Year)
	case t.Metric == target.Saving:
		ct.Chart, ct.Year = "savings", model.FinancialYearLabel(t.Year)
	default:
		return ct, false
	}
	return ct, true
}

// printHistory says what actual history the forecast follows.
func printHistory(w io.Writer, h *pipeline.History) {
	a := h.Actual
	last := a.Month(a.Months - 1)
	from := h.Source.String()
	fmt.Fprintf(w, "  history  %s to %s from %s: %s in care at the end of %s\n",
		a.Start, last, from, report.Thousands(a.InCare[a.Months-1]), last)
	read := h.Read
	if len(h.Span.LeftOut) > 0 {
		read = fmt.Sprintf("drawn from %s only: %s; %s", h.Span.First, notCovered(h.Span.LeftOut), read)
	}
	fmt.Fprintf(w, "           (%s)\n", read)
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// tables are the tables of a Result, by the name of the file each is
// written to.
var tables = map[string]func(*model.Result) report.Table{
	"projection.csv": report.Projection,
	"actuals.csv":    report.Projection,
	"stock.csv":      report.Stock,
	"budget.csv":     report.Budget,
	"moves.csv":      report.Moves,
}

// writeTables writes the tables of res named by files into dir and
// returns their paths.
func writeTables(dir string, res *model.Result, files []string) ([]string, error) {
	return writeCSVs(dir, files, tablesOf(res, files))
}

// tablesOf makes the tables of res named by files.
func tablesOf(res *model.Result, files []string) []report.Table {
	tabs := make([]report.Table, len(files))
	for i, name := range files {
		tabs[i] = tables[name](res)
	}
	return tabs
}

// writeCSVs writes each table into dir as the file of the same index, and
// returns their paths.
func writeCSVs(dir string, files []string, tabs []report.Table) ([]string, error) {
	paths := make([]string, len(files))
	for i, name := range files {
		paths[i] = filepath.Join(dir, name)
		if err := writeTable(paths[i], tabs[i]); err != nil {
			return nil, err
		}
	}
	return paths, nil
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

// writeTable writes a table to a CSV file.
func writeTable(path string, t report.Table) error {
	return writeFile(path, func(w io.Writer) error { return report.WriteCSV(w, t) })
}
