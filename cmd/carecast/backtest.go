package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/carecast/carecast/cmd/carecast/internal/charts"
	"github.com/carecast/carecast/cmd/carecast/internal/pipeline"
	"github.com/carecast/carecast/cmd/carecast/internal/report"
	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/scenarios"
	"github.com/spf13/cobra"
)

// methodWords say what each backtest method is, for the terminal.
var methodWords = map[string]string{
	pipeline.Carecast:      "carecast calibrated on the reference months",
	pipeline.CarecastTrend: "carecast with the entries' fitted trend applied",
	pipeline.NaiveLast:     "the count at the origin held flat",
	pipeline.LinearTrend:   "a straight line through the reference months' counts",
	"forecast":             "the forecast",
}

func newBacktest(stdout, stderr io.Writer) *cobra.Command {
	var df dataFlags
	var origins, out, format, durations string
	var noCharts bool
	o := pipeline.BacktestOptions{Scenario: scenarios.DefaultName}
	var mc pipeline.MonteCarlo
	cmd := &cobra.Command{
		Use:   "backtest --data DIR --origins 2021-03,2022-03 --out DIR",
		Short: "Test how well forecasts from past months did against the actuals since",
		Long: `Backtest stands at each origin, a past month, and forecasts the children in
care at each month end after it using only the returns up to it: it
calibrates a scenario on the --reference months ending at the origin (as
carecast calibrate does), projects --horizon months and sets each month
against the actual number the returns hold. Four methods are compared:

  carecast        the scenario calibrated on the reference months
  carecast_trend  the same with the entries' trend applied: the growth a
                  year calibrate fits to each route's entries, weighted by
                  their entries, applied to every route from the entries
                  that growth gives the month after the origin
  naive_last      the number in care at the origin, held flat
  linear_trend    a least-squares straight line through the number in care
                  at the end of each reference month, carried on

It writes, into the output folder:

  backtest.csv    one row an origin, method and month: the forecast, its
                  80% band (p10, p90: the range of 80% of --runs simulated
                  futures, carecast's methods only) and the actual (blank
                  past the end of the returns)
  accuracy.csv    one row a method and month ahead, then 1-12, 13-24, …
                  and all months: mape and bias_pct in per cent, mae and
                  bias (forecast − actual) in children, coverage80 and n
  backtest_ORIGIN.png, backtest_error.png   the charts

and says which method came closest on this council's own history. An
origin whose horizon runs past the returns is measured on the months there
are, with a warning.`,
		Example: `  carecast backtest --data returns/ --origins 2019-03,2020-03,2021-03
  carecast backtest --data returns/ --origins 2022-03 --reference 24 --horizon 12 --out bt`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if o.Origins, err = parseOrigins(origins); err != nil {
				return err
			}
			if format, err = chartFormat(format); err != nil {
				return err
			}
			o.Source = df.source()
			if o.Durations, err = parseDurations(durations); err != nil {
				return err
			}
			if mc.Runs > 0 {
				o.Bands = mc
			}
			b, err := pipeline.RunBacktest(o)
			if b != nil {
				df.printRead(stdout, b.Returns)
			}
			if err != nil {
				return err
			}
			for _, w := range b.Warnings {
				fmt.Fprintf(stderr, "carecast: warning: %s\n", w)
			}
			return renderBacktest(stdout, b, o, out, format, noCharts, df.dir)
		},
	}
	df.add(cmd)
	cmd.Flags().StringVar(&origins, "origins", "", "origins, the last month of each reference window, YYYY-MM separated by commas")
	cmd.MarkFlagRequired("origins")
	cmd.Flags().StringVar(&durations, "durations", "", "also backtest carecast_durations, calibrated with exits that depend on time in care in classes starting at these months, e.g. 1,3,6,12,24")
	cmd.Flags().IntVar(&mc.Runs, "runs", pipeline.DefaultRuns, "futures to simulate for carecast's 80% band and its coverage (0: no bands)")
	cmd.Flags().Uint64Var(&mc.Seed, "seed", 1, "random seed of the simulated futures")
	cmd.Flags().BoolVar(&mc.Fixed, "fixed-rates", false, "simulate chance only, the calibrated rates taken as known")
	cmd.Flags().IntVar(&o.Reference, "reference", 36, "months of returns, ending at each origin, to calibrate on")
	cmd.Flags().IntVar(&o.Horizon, "horizon", 24, "months to forecast after each origin")
	cmd.Flags().StringVar(&o.Scenario, "scenario", scenarios.DefaultName, "scenario giving the names, bands, unit costs and code mapping")
	cmd.Flags().StringVarP(&out, "out", "o", "backtest", "folder for the tables and charts (created if need be)")
	cmd.Flags().StringVar(&format, "format", "png", "chart format: png or svg")
	cmd.Flags().BoolVar(&noCharts, "no-charts", false, "write the tables only")
	return cmd
}

// parseOrigins reads months separated by commas, in order, each once.
func parseOrigins(s string) ([]model.Month, error) {
	var out []model.Month
	for _, part := range strings.Split(s, ",") {
		m, err := model.ParseMonth(strings.TrimSpace(part))
		if err != nil {
			return nil, fmt.Errorf("--origins %q: %w", s, err)
		}
		if n := len(out); n > 0 && m <= out[n-1] {
			return nil, fmt.Errorf("--origins %q: %s does not come after %s: give each month once, in order", s, m, out[n-1])
		}
		out = append(out, m)
	}
	return out, nil
}

// chartFormat checks --format, in either case.
func chartFormat(f string) (string, error) {
	o := runOptions{format: f}
	return o.format, o.checkFormat()
}

// renderBacktest writes a backtest's tables and charts into out and prints
// its accuracy and verdict.
func renderBacktest(stdout io.Writer, b *pipeline.Backtest, o pipeline.BacktestOptions, out, format string, noCharts bool, dir string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	tabs := []report.Table{report.Backtest(b.Origins), report.Accuracy(o.Methods(), b.Origins, o.Horizon)}
	written, err := writeCSVs(out, []string{"backtest.csv", "accuracy.csv"}, tabs)
	if err != nil {
		return err
	}
	if !noCharts {
		title := filepath.Base(filepath.Clean(dir))
		cb := charts.Backtest{Title: title, Origins: b.Origins, Methods: o.Methods(), Horizon: o.Horizon}
		if mc, ok := o.Bands.(pipeline.MonteCarlo); ok {
			cb.Runs, cb.Drawn = mc.Runs, !mc.Fixed
		}
		paths, err := charts.WriteBacktest(out, format, cb)
		if err != nil {
			return err
		}
		written = append(written, paths...)
	}
	report.PrintBacktest(stdout, report.BacktestSummary{Methods: o.Methods(), Origins: b.Origins,
		Reference: o.Reference, Horizon: o.Horizon, Trends: b.Trends, Describe: func(m string) string { return methodWords[m] }})
	names := make([]string, len(written))
	for i, p := range written {
		names[i] = filepath.Base(p)
	}
	fmt.Fprintf(stdout, "\nWrote %s\n  to %s\n", strings.Join(names, ", "), out)
	return nil
}

func newActualsVs(stdout io.Writer) *cobra.Command {
	var df dataFlags
	var out string
	o := pipeline.ActualsVsOptions{Scenario: scenarios.DefaultName}
	cmd := &cobra.Command{
		Use:   "actuals-vs FORECAST.csv --data DIR",
		Short: "Compare a forecast saved earlier with the actuals since",
		Long: `Actuals-vs sets the children in care at each month end of a projection.csv
that carecast run wrote earlier against the actual numbers counted from the
returns since, for the months the returns cover: the analyst's monthly
check of how the forecast is doing. It prints, and writes to --out, one
row a month: month, forecast, the 80% band (p10, p90) if the projection has
in_care_p10 and in_care_p90, actual, error (forecast − actual) and
error_pct, then the accuracy over those months.`,
		Example: `  carecast actuals-vs out/projection.csv --data returns/`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Forecast, o.Source = args[0], df.source()
			a, err := pipeline.CompareActuals(o)
			if a != nil {
				df.printRead(stdout, a.Returns)
			}
			if err != nil {
				return err
			}
			t := report.ActualsVs(a.Origin)
			if err := writeTable(out, t); err != nil {
				return err
			}
			report.PrintActualsVs(stdout, a.Origin)
			fmt.Fprintf(stdout, "Wrote %s\n", out)
			return nil
		},
	}
	df.add(cmd)
	cmd.Flags().StringVarP(&out, "out", "o", "actuals-vs.csv", "CSV file to write the comparison to")
	cmd.Flags().StringVar(&o.Scenario, "scenario", scenarios.DefaultName, "scenario giving the categories, bands and code mapping to count with")
	return cmd
}
