package main

import (
	"fmt"
	"io"
	"os"

	"github.com/carecast/carecast/cmd/carecast/internal/pipeline"
	"github.com/carecast/carecast/cmd/carecast/internal/report"
	"github.com/carecast/carecast/model"
	"github.com/spf13/cobra"
)

func newSeek(stdout, stderr io.Writer) *cobra.Command {
	var o pipeline.SeekOptions
	var from, out string
	var xlsx *workbook
	cmd := &cobra.Command{
		Use:   "seek SCENARIO.yaml --target TARGET --lever LEVER",
		Short: "Find the smallest change of one lever that meets a target",
		Long: `Seek answers "what would it take?": the smallest change of one lever of a
scenario that meets a target, such as 400 children in care by October 2017.
It changes the lever step by step, projecting the scenario each time (a few
projections, a fraction of a second), then checks the answer by projecting
the scenario with the change once more.

A lever is a rate, written as a change's rate key, multiplied from --from
(the scenario's start by default), in full at once or phased in over
--phase-in months:

  entries                      every route into care
  entries.<route>              one route, e.g. entries.uasc
  exits.<reason>               leaving care for one reason, e.g. exits.reunification
  moves.<from>.<to>            moves between placements, e.g. moves.home_external.foster_ifa
  first_placement.<category>   the weight of a first placement, e.g. first_placement.foster_inhouse

or interventions.<name>, the number of children an intervention of the
scenario moves (in its own months).

The target is --target, or the scenario's own if it states just one:
'in_care <= 400 by 2017-10', 'in_care_home_external <= 40 by 2026-03',
'cost[2026-27] <= 24000000', or 'saving[2026-27] >= 1000000' (against the
scenario as it is). If no change within the bounds (the multiplier from
--min to --max) meets it, seek says so, with the nearest it came.

It writes seek.csv (the lever, the multiplier, the target and the values
before and after) and the projection.csv and budget.csv of the scenario with
the change into the output folder.`,
		Example: `  carecast seek baseline.yaml --target 'in_care <= 400 by 2027-03' --lever entries
  carecast seek baseline.yaml --target 'in_care <= 420 by 2028-03' --lever exits.reunification --from 2025-10 --phase-in 6
  carecast seek whatif-step-down.yaml --target 'cost[2026-27] <= 28m' --lever 'interventions.Placement review step-downs'`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Scenario = args[0]
			if from != "" {
				m, err := model.ParseMonth(from)
				if err != nil {
					return fmt.Errorf("--from %q: %w", from, err)
				}
				o.From = m
			}
			sg, err := pipeline.Seek(o)
			if err != nil {
				return err
			}
			for _, w := range sg.Scenario.Warnings {
				fmt.Fprintf(stderr, "carecast: warning: %s\n", w)
			}
			return renderSeek(stdout, sg, out, xlsx)
		},
	}
	cmd.Flags().StringVar(&o.Target, "target", "", "the target to meet (default: the scenario's own, if it states one)")
	cmd.Flags().StringVar(&o.Lever, "lever", "", "what may change: entries, entries.<route>, exits.<reason>, moves.<from>.<to>, first_placement.<category> or interventions.<name>")
	cmd.Flags().StringVar(&from, "from", "", "the first month, YYYY-MM, a rate is changed in (default: the scenario's start)")
	cmd.Flags().IntVar(&o.PhaseIn, "phase-in", 0, "months over which a rate's change comes in full (0 or 1: at once)")
	cmd.Flags().Float64Var(&o.Settings.Min, "min", 0, "the smallest multiplier to try")
	cmd.Flags().Float64Var(&o.Settings.Max, "max", 0, "the largest multiplier to try (default: 10 for a rate)")
	cmd.Flags().StringVarP(&out, "out", "o", "seek", "folder for seek.csv and the projection with the change (created if need be)")
	xlsx = addXLSX(cmd, "the tables")
	cmd.MarkFlagRequired("lever")
	return cmd
}

// renderSeek writes what a seek found and the projection with the change,
// and says it in words.
func renderSeek(stdout io.Writer, sg *pipeline.Sought, out string, xlsx *workbook) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	rs := report.Sought{Lever: sg.Lever.Text, Result: sg.Result, Unchanged: sg.Unchanged, Outcome: sg.Outcome}
	if sg.Lever.Change != nil {
		rs.From, rs.PhaseIn = sg.From.String(), sg.PhaseIn
	} else {
		iv := sg.Scenario.Params.Interventions[sg.Lever.Intervention]
		rs.Children, rs.PerMonth = iv.Children, iv.End != iv.Start
		res := sg.Result.Projection
		for t := 0; t < res.Months; t++ {
			rs.Shortfall += res.ShortfallRow(t)[sg.Lever.Intervention]
		}
	}
	files := []string{"seek.csv", "projection.csv", "budget.csv"}
	tabs := append([]report.Table{report.Seek(rs)}, tablesOf(sg.Result.Projection, files[1:])...)
	written, err := writeCSVs(out, files, tabs)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s\n  scenario %s\n", pipeline.Title(sg.Scenario), sg.Scenario.Files[0])
	report.PrintSeek(stdout, rs, sg.Scenario.Label)
	printWritten(stdout, out, written)
	return xlsx.write(stdout, tabs...)
}
