// Command carecast forecasts a council's children in care: how many, where
// they are placed and what their placements cost.
//
//	carecast run                      the shipped baseline scenario, into out/
//	carecast run my-scenario.yaml --out results
//	carecast validate my-scenario.yaml
//	carecast scenarios                list the shipped scenarios
//	carecast scenarios baseline.yaml  print one, to copy and edit
//	carecast compare baseline.yaml whatif.yaml   savings against a base
//	carecast seek baseline.yaml --target 'in_care <= 400 by 2027-03' --lever entries
//	carecast track cohort.csv         savings of children moved
//	carecast backtest --data DIR --origins 2021-03,2022-03   forecasts from past months against the actuals
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/carecast/carecast/cmd/carecast/internal/pipeline"
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
weekly unit costs. The shipped baseline is calibrated on the returns of a
synthetic sample council that ship inside carecast (data/sample in its
source; no real child is in them), and the shipped what-if scenarios extend
it: copy one to start your own, or calibrate one from your council's SSDA903
returns.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.CompletionOptions.HiddenDefaultCmd = true // a shell setting, not for analysts
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.AddCommand(newRun(stdout, stderr), newValidate(stdout), newScenarios(stdout),
		newValidateData(stdout), newActuals(stdout), newCalibrate(stdout), newSynth(stdout), newTrack(stdout), newCompare(stdout, stderr), newSeek(stdout, stderr),
		newBacktest(stdout, stderr), newActualsVs(stdout))
	return root
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
					name, pipeline.Title(s), plural(p.K(), "category", "categories"), plural(p.B(), "age band", "age bands"),
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
				fmt.Fprintf(stdout, "%-32s %s\n", name, pipeline.Title(s))
			}
			return nil
		},
	}
}
