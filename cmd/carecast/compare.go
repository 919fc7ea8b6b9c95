package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/carecast/carecast/cmd/carecast/internal/charts"
	"github.com/carecast/carecast/cmd/carecast/internal/pipeline"
	"github.com/carecast/carecast/cmd/carecast/internal/report"
	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/model/target"
	"github.com/spf13/cobra"
)

func newCompare(stdout, stderr io.Writer) *cobra.Command {
	var o runOptions
	var co pipeline.CompareOptions
	cmd := &cobra.Command{
		Use:   "compare BASE.yaml WHATIF.yaml [MORE.yaml...]",
		Short: "Compare scenarios: headcount, cost and savings against a base",
		Long: `Compare projects two or more scenarios over the same months and sets each
against the first, the base: children in care, cost, and the saving by
financial year (April to March), split into volume (fewer children in care),
mix (cheaper placements), price (unit costs) and cost lines (such as the
team an invest-to-save project pays for). It writes, into the output folder:

  comparison.csv  one row a scenario and month: children in care, in care
                  by category, and the cost that month
  savings.csv     one row a financial year and scenario: its cost, the
                  saving against the base, the saving to date, and the
                  saving split into volume, mix, price and fixed costs
  invest.csv      one row an alternative and month, invest-to-save: the
                  gross saving on placements, the investment (its extra cost
                  lines), the net saving and the net saving to date
  targets.csv     how each scenario stands against its targets (if any)
  *.png / *.svg   charts: children in care, cost by financial year and
                  saving by financial year, scenario by scenario

and prints a summary: in care at the end, cost, saving, the month from which
an investment has paid for itself, the saving by year and its split.
Targets from the scenarios and --target are measured on every scenario;
a saving target (saving[2026-27] >= 1.63m) on each alternative against the
base.`,
		Example: `  carecast compare baseline.yaml scenarios/whatif-step-down.yaml
  carecast compare baseline.yaml whatif-step-down.yaml whatif-reunification.yaml --out options
  carecast compare baseline.yaml whatif-fewer-entries.yaml --target 'saving[2026-27] >= 1m'`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.checkFormat(); err != nil {
				return err
			}
			co.Scenarios = args
			c, err := pipeline.RunCompare(co)
			if err != nil {
				return err
			}
			for _, w := range c.Warnings {
				fmt.Fprintf(stderr, "carecast: warning: %s\n", w)
			}
			return renderComparison(stdout, c, o)
		},
	}
	cmd.Flags().StringVar(&co.History.Dir, "data", "", "folder of SSDA903 returns whose actual numbers the charts draw before the forecast (default: the base scenario's history)")
	cmd.Flags().StringVar(&co.History.LA, "la", "", "with --data, the council to read when files hold several")
	cmd.Flags().StringArrayVar(&co.Targets, "target", nil, targetHelp+",\n'saving[2026-27] >= 1630000' (each alternative against the base)")
	o.flags(cmd, "compare")
	return cmd
}

// renderComparison writes a comparison's tables and charts into the output
// folder and prints its summary.
func renderComparison(stdout io.Writer, c *pipeline.Comparison, o runOptions) error {
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return err
	}
	names, results := scenarioNames(c), make([]*model.Result, len(c.Forecasts))
	for i, f := range c.Forecasts {
		results[i] = f.Projection
	}
	tabs := []report.Table{report.Comparison(names, results), report.Savings(names, c.Savings), report.Invest(names, c.Savings)}
	if t := comparedTargets(names, c.Targets); len(t.Rows) > 0 {
		tabs = append(tabs, t)
	}
	files := make([]string, len(tabs))
	for i, t := range tabs {
		files[i] = t.Name + ".csv"
	}
	written, err := writeCSVs(o.out, files, tabs)
	if err != nil {
		return err
	}
	if !o.noCharts {
		paths, err := charts.WriteComparison(o.out, o.format, comparisonCharts(c, names, results))
		if err != nil {
			return err
		}
		written = append(written, paths...)
	}
	base := c.Forecasts[0].Scenario
	report.PrintComparison(stdout, report.ComparisonSummary{
		Names: names, Params: params(c), Results: results, Savings: c.Savings, Targets: c.Targets, Label: base.Label,
	})
	printWritten(stdout, o.out, written)
	return o.xlsx.write(stdout, tabs...)
}

// comparedTargets is the targets table of every scenario, with a column
// naming the scenario first.
func comparedTargets(names []string, outs [][]target.Outcome) report.Table {
	var t report.Table
	for i, o := range outs {
		one := report.Targets(o, nil)
		t.Name, t.Columns = one.Name, append([]report.Column{{Name: "scenario", Kind: report.Text}}, one.Columns...)
		for _, row := range one.Rows {
			t.Rows = append(t.Rows, append([]report.Cell{{Text: names[i]}}, row...))
		}
	}
	return t
}

// comparisonCharts is what the comparison charts draw: the scenarios, the
// base's history, the savings by year and the targets a chart can show.
func comparisonCharts(c *pipeline.Comparison, names []string, results []*model.Result) charts.Comparison {
	cc := charts.Comparison{
		Title:   comparisonTitle(names),
		Names:   names,
		Results: results,
	}
	if h := c.Forecasts[0].History; h != nil {
		cc.Actual = h.Actual
	}
	for _, y := range c.Savings[0].Years {
		cc.Years = append(cc.Years, y.Label())
	}
	cc.Savings = make([][]float64, len(c.Savings))
	for i, s := range c.Savings {
		for _, y := range s.Years {
			cc.Savings[i] = append(cc.Savings[i], y.Total())
		}
	}
	cc.Targets = comparedChartTargets(c.Targets)
	return cc
}

// comparedChartTargets are the targets of every scenario a comparison
// chart can draw, each once, labelled with the scenarios (by number, as
// the summary numbers them) that meet it and those that miss it; drawn as
// met if every scenario measured meets it.
func comparedChartTargets(outs [][]target.Outcome) []charts.Target {
	type tally struct {
		ct          charts.Target
		met, missed []string
	}
	var order []string
	byText := map[string]*tally{}
	for i, os := range outs {
		for _, o := range os {
			ct, ok := chartTarget(o.Target, "compare_headcount", "compare_cost")
			if !ok {
				continue
			}
			tl := byText[o.Target.Text]
			if tl == nil {
				tl = &tally{ct: ct}
				byText[o.Target.Text] = tl
				order = append(order, o.Target.Text)
			}
			if o.Met {
				tl.met = append(tl.met, strconv.Itoa(i+1))
			} else {
				tl.missed = append(tl.missed, strconv.Itoa(i+1))
			}
		}
	}
	var out []charts.Target
	for _, text := range order {
		tl := byText[text]
		tl.ct.Met = len(tl.missed) == 0
		tl.ct.Label += ": " + whoMeets(tl.met, tl.missed)
		out = append(out, tl.ct)
	}
	return out
}

// whoMeets says which scenarios, by number, meet a target and which miss it.
func whoMeets(met, missed []string) string {
	switch {
	case len(missed) == 0:
		return "met by " + strings.Join(met, ", ")
	case len(met) == 0:
		return "missed by " + strings.Join(missed, ", ")
	}
	return "met by " + strings.Join(met, ", ") + ", missed by " + strings.Join(missed, ", ")
}

// params are the parameters of each scenario compared.
func params(c *pipeline.Comparison) []*model.Params {
	out := make([]*model.Params, len(c.Forecasts))
	for i, f := range c.Forecasts {
		out[i] = f.Scenario.Params
	}
	return out
}

// scenarioNames are the names of the scenarios compared, each after its
// file's name where two scenarios have the same name (a what-if that
// extends another without a name of its own takes its parent's).
func scenarioNames(c *pipeline.Comparison) []string {
	names := make([]string, len(c.Forecasts))
	seen := map[string]int{}
	for i, f := range c.Forecasts {
		names[i] = pipeline.Title(f.Scenario)
		seen[names[i]]++
	}
	for i, f := range c.Forecasts {
		if seen[names[i]] > 1 {
			names[i] = filepath.Base(f.Scenario.Files[0]) + ": " + names[i]
		}
	}
	return names
}

// comparisonTitle names a comparison on its charts: both scenarios of two,
// else the base and how many alternatives (the legend names them).
func comparisonTitle(names []string) string {
	if len(names) == 2 {
		return names[0] + " · " + names[1]
	}
	return fmt.Sprintf("%s and %d alternatives", names[0], len(names)-1)
}
