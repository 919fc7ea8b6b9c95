package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/carecast/carecast/cmd/carecast/internal/pipeline"
	"github.com/carecast/carecast/cmd/carecast/internal/report"
	"github.com/carecast/carecast/data"
	"github.com/carecast/carecast/data/synth"
	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/scenarios"
	"github.com/spf13/cobra"
)

// dataFlags are the flags of every command that reads SSDA903 returns.
type dataFlags struct {
	dir, la string
}

func (f *dataFlags) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.dir, "data", "", "folder of SSDA903 files: header, episodes and UASC tables (CSV, one file each or one per year) or the DfE XML")
	cmd.Flags().StringVar(&f.la, "la", "", "the council to read when files hold several (an LA column; an error if none names it); all of them if not given")
	cmd.MarkFlagRequired("data")
}

// source is the returns the flags name.
func (f *dataFlags) source() pipeline.Source { return pipeline.Source{Dir: f.dir, LA: f.la} }

// printRead prints the reader's one-line summary of the returns, if any
// were read.
func (f *dataFlags) printRead(w io.Writer, ret pipeline.Returns) {
	if ret.Report != nil {
		fmt.Fprintf(w, "%s: %s\n", f.dir, ret.Report.Summary())
	}
}

func newValidateData(stdout io.Writer) *cobra.Command {
	var df dataFlags
	var out, scen string
	var show int
	cmd := &cobra.Command{
		Use:   "validate-data --data DIR",
		Short: "Check a council's SSDA903 returns and list every problem",
		Long: `Validate-data reads the SSDA903 files in a folder, as the other data
commands do, and reports what it read, used and rejected, by table and by
rule, then the first problems. Every problem, with its file, line, field,
value, severity, a plain-English reason and the CHILD of the row's child
where known, goes to validation.csv.

An error drops the row it is on (or every episode of a child who cannot be
placed in time, such as one with no date of birth); a warning keeps it.
Rows read = rows used + rows rejected, always: a line cut short, the lines
an unclosed quote swallows and the elements after an XML syntax error are
rows rejected too. A routes file's ROUTE names are checked against the
routes of --scenario. Child identifiers appear in validation.csv only, so
that the council can correct its data: keep that file as you keep the
returns.

It exits with status 1 if any problem is an error (a row or a file not
used), so that a script can stop; warnings alone keep status 0.`,
		Example: `  carecast validate-data --data returns/
  carecast validate-data --data regional/ --la Southwark --out southwark-problems.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := scenarios.Load(scen)
			if err != nil {
				return err
			}
			src := df.source()
			src.Classifier = s.Classifier()
			ret, err := pipeline.Read(src)
			df.printRead(stdout, ret)
			rep := ret.Report
			if rep == nil {
				return err
			}
			if err := writeFile(out, rep.WriteCSV); err != nil {
				return err
			}
			printReport(stdout, rep, show, err)
			if len(rep.Problems) > 0 {
				fmt.Fprintf(stdout, "\nEvery problem is in %s\n", out)
			} else {
				fmt.Fprintf(stdout, "\nWrote %s, with no problems to list\n", out)
			}
			if n := rep.Errors(); err == nil && n > 0 {
				return fmt.Errorf("%s: %s (rows or files not used; see %s)", df.dir, plural(n, "error", "errors"), out)
			}
			return err
		},
	}
	df.add(cmd)
	cmd.Flags().StringVar(&out, "out", "validation.csv", "file for the list of problems")
	cmd.Flags().StringVar(&scen, "scenario", scenarios.DefaultName, "scenario whose routes a routes file's ROUTE names are checked against (its mapping.route_names maps other spellings)")
	cmd.Flags().IntVar(&show, "show", 20, "problems to print")
	return cmd
}

// printReport prints the counts by table and by rule, and the first
// problems. readErr is the error of the read, if the returns cannot be used.
func printReport(w io.Writer, rep *data.Report, show int, readErr error) {
	fmt.Fprintf(w, "\n%-9s %7s %7s %9s %11s %9s\n", "table", "files", "read", "used", "rejected", "warnings")
	for _, c := range rep.Tables {
		if c.Files == 0 {
			continue
		}
		fmt.Fprintf(w, "%-9s %7d %7d %9d %11d %9d\n", c.Table, c.Files, c.Read, c.Used, c.Rejected, c.Warnings)
	}
	for _, f := range rep.Files {
		if f.Skipped() {
			fmt.Fprintf(w, "skipped %s: %s\n", f.Name, f.Reason)
		}
	}
	if len(rep.Rules) > 0 {
		fmt.Fprintf(w, "\n%-9s %-8s %-26s %7s\n", "table", "severity", "rule", "count")
		for _, r := range rep.Rules {
			fmt.Fprintf(w, "%-9s %-8s %-26s %7d\n", r.Table, r.Severity, r.Rule, r.Count)
		}
	}
	if len(rep.Problems) == 0 {
		if readErr != nil {
			fmt.Fprintf(w, "\nNo problems in the rows read, but the returns cannot be used: %s.\n", unusable(rep, readErr))
		} else {
			fmt.Fprintln(w, "\nNo problems found.")
		}
		return
	}
	n := min(show, len(rep.Problems))
	fmt.Fprintf(w, "\nFirst %d of %d problems:\n", n, len(rep.Problems))
	for _, p := range rep.Problems[:n] {
		fmt.Fprintf(w, "  %s\n", p)
	}
}

// unusable says why returns with no problems cannot be used.
func unusable(rep *data.Report, err error) string {
	var la *data.UnknownLAError
	if errors.As(err, &la) {
		return err.Error()
	}
	if !errors.Is(err, data.ErrNoEpisodes) {
		return err.Error()
	}
	switch c := rep.Counts(data.TableEpisodes); {
	case c.Files == 0:
		return "no file holds an episodes table"
	case c.Read == 0 && c.OtherLA > 0:
		return "the episodes tables hold no rows of this council"
	case c.Read == 0:
		return "the episodes tables hold no rows"
	}
	return "no usable episodes"
}

// coverageHelp is how the data commands' help says which months the
// returns cover; README.md ("Which months the returns cover") gives the
// rule, data.Coverage its code.
const coverageHelp = `The returns cover the collection years (April to March) they hold, the last
only up to the month its dates reach if it was taken during the year: see
"Which months the returns cover" in the README.`

func newActuals(stdout io.Writer) *cobra.Command {
	var df dataFlags
	var out, scen, from, to string
	cmd := &cobra.Command{
		Use:   "actuals --data DIR --out FILE.csv|DIR",
		Short: "Count the children in care month by month from SSDA903 returns",
		Long: `Actuals counts, from a council's SSDA903 returns, the children in care at
each month end, entries by route, exits by reason and moves, as the DfE
counts them (short breaks, LS V3 and V4, left out; a child who leaves within
7 days of their 18th birthday, the scenario's mapping.age_out_days, has aged
out, whatever the REC code), with the same columns as projection.csv so that
forecasts and actuals line up. Costs are child-days at the scenario's weekly
unit costs.

--from and --to must be months the returns cover. Without them it counts
the latest months the returns cover without a gap, saying which earlier
months a missing year left out; with one of them, the months covered
without a gap from --from, or up to --to.

` + coverageHelp + `

With --out FILE.csv it writes that file; with --out DIR it writes
actuals.csv, stock.csv (by age band and category) and moves.csv there.
The scenario (default: the shipped baseline) gives the categories, age
bands, routes, exit reasons, unit costs and the mapping of 903 codes.`,
		Example: `  carecast actuals --data returns/ --out actuals.csv
  carecast actuals --data returns/ --out history/ --from 2018-04 --to 2021-03`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o := pipeline.ActualsOptions{Source: df.source(), Scenario: scen}
			var err error
			if o.From, err = parseMonth("--from", from); err != nil {
				return err
			}
			if o.To, err = parseMonth("--to", to); err != nil {
				return err
			}
			a, err := pipeline.CountActuals(o)
			if a != nil {
				df.printRead(stdout, a.Returns)
			}
			if err != nil {
				return err
			}
			if note := spanNote(a.Span, from != "", to != ""); note != "" {
				fmt.Fprintln(stdout, note)
			}
			files, err := writeActuals(out, a.Result)
			if err != nil {
				return err
			}
			res := a.Result
			fmt.Fprintf(stdout, "Children in care: %s at the end of %s, %s at the end of %s (%d months)\n",
				report.Thousands(res.InitialInCare), a.Span.First-1, report.Thousands(res.InCare[res.Months-1]), a.Span.Last, res.Months)
			fmt.Fprintf(stdout, "Wrote %s\n", strings.Join(files, ", "))
			return nil
		},
	}
	df.add(cmd)
	cmd.Flags().StringVarP(&out, "out", "o", "actuals.csv", "a .csv file, or a folder for actuals.csv, stock.csv and moves.csv")
	cmd.Flags().StringVar(&scen, "scenario", scenarios.DefaultName, "scenario giving the categories, bands, unit costs and code mapping")
	cmd.Flags().StringVar(&from, "from", "", "first month to count, YYYY-MM (default: the first of the months covered without a gap up to --to, or up to the last month covered)")
	cmd.Flags().StringVar(&to, "to", "", "last month to count, YYYY-MM (default: the last of the months covered without a gap from --from, or the last month covered)")
	return cmd
}

// parseMonth reads an optional YYYY-MM flag: 0 if it was not given.
func parseMonth(flag, value string) (model.Month, error) {
	if value == "" {
		return 0, nil
	}
	m, err := model.ParseMonth(value)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", flag, err)
	}
	return m, nil
}

// spanNote says what the months counted left out for a missing year, and
// which flag counts them; "" if nothing was left out.
func spanNote(s pipeline.Span, from, to bool) string {
	if len(s.LeftOut) == 0 {
		return ""
	}
	switch {
	case from && to:
		return ""
	case from:
		return fmt.Sprintf("Counting %s to %s, the months the returns cover without a gap from --from %s: %s (--to can count later months)",
			s.First, s.Last, s.First, notCovered(s.LeftOut))
	case to:
		return fmt.Sprintf("Counting %s to %s, the months the returns cover without a gap up to --to %s: %s (--from can count earlier months)",
			s.First, s.Last, s.Last, notCovered(s.LeftOut))
	}
	return fmt.Sprintf("Counting %s to %s, the latest months the returns cover without a gap: %s (--from and --to can count the months before)",
		s.First, s.Last, notCovered(s.LeftOut))
}

// notCovered says that months are not in the returns: "2018-04 to 2019-03
// are not in the returns".
func notCovered(miss []data.MonthRange) string {
	parts := make([]string, len(miss))
	n := 0
	for i, r := range miss {
		parts[i] = r.String()
		n += int(r.Last-r.First) + 1
	}
	list := parts[len(parts)-1]
	if len(parts) > 1 {
		list = strings.Join(parts[:len(parts)-1], ", ") + " and " + list
	}
	if n == 1 {
		return list + " is not in the returns"
	}
	return list + " are not in the returns"
}

// writeActuals writes actuals to a .csv file, or to a folder as
// actuals.csv, stock.csv and moves.csv.
func writeActuals(out string, res *model.Result) ([]string, error) {
	if strings.EqualFold(filepath.Ext(out), ".csv") {
		return []string{out}, writeFile(out, func(w io.Writer) error { return report.WriteCSV(w, report.Projection(res)) })
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	return writeTables(out, res, []string{"actuals.csv", "stock.csv", "moves.csv"})
}

func newCalibrate(stdout io.Writer) *cobra.Command {
	var df dataFlags
	var out, scen, window, start, name, hist, durations string
	var credibility float64
	var partial bool
	cmd := &cobra.Command{
		Use:   "calibrate --data DIR --reference FROM:TO --out FILE.yaml",
		Short: "Estimate a scenario's rates and starting numbers from SSDA903 returns",
		Long: `Calibrate writes a complete scenario from a council's own returns:

  - the starting stock: the children in care at the end of the reference
    window (or at the end of the month before --start), by age in months and
    placement;
  - exit and move rates by age band and placement: the events in the window
    divided by the child-years at risk, shrunk towards the same placement
    over all ages (then all placements) where there is little evidence; each
    rate carries its events and child-years as a comment;
  - entries a month by route, with their ages and first placements, and a
    fitted trend that is reported but not applied.

The window must be months the returns cover, and so must the month
before --start, which may also be the March just before a collection
year, such as the first (that year's return gives the children in care
on its first day).

` + coverageHelp + `

Names, age bands, unit costs and the mapping of 903 codes come from
--scenario (default: the shipped baseline). The file runs as it is
(carecast run FILE.yaml) and can be edited like any scenario; it is only
written once it has been checked to load.

A file that could be read only up to an XML syntax error stops calibrate,
as rates and a starting stock from part of the returns would be wrong;
--partial calibrates from the part read all the same.`,
		Example: `  carecast calibrate --data returns/ --reference 2018-04:2021-03 --out my-council.yaml
  carecast calibrate --data returns/ --reference 2021-04:2024-03 --start 2024-10 --out from-october.yaml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o := pipeline.CalibrateOptions{Source: df.source(), Scenario: scen, Credibility: credibility, Name: name, History: hist, Out: out, Partial: partial}
			var err error
			if o.From, o.To, err = parseWindow(window); err != nil {
				return err
			}
			if o.Start, err = parseMonth("--start", start); err != nil {
				return err
			}
			if o.Durations, err = parseDurations(durations); err != nil {
				return err
			}
			c, err := pipeline.Calibrate(o)
			if c != nil {
				df.printRead(stdout, c.Returns)
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "Window %s to %s: %s entries, %s children in care at the end of %s\n",
				o.From, o.To, report.Thousands(c.Entries), report.Thousands(c.Cal.Children), c.Cal.Options.Start-1)
			fmt.Fprintf(stdout, "Wrote %s: run it with carecast run %s\n", out, out)
			return nil
		},
	}
	df.add(cmd)
	cmd.Flags().StringVar(&window, "reference", "", "reference window FROM:TO, whole months, e.g. 2018-04:2021-03")
	cmd.MarkFlagRequired("reference")
	cmd.Flags().StringVarP(&out, "out", "o", "calibrated.yaml", "scenario file to write")
	cmd.Flags().StringVar(&scen, "scenario", scenarios.DefaultName, "scenario giving the names, bands, unit costs and code mapping")
	cmd.Flags().StringVar(&start, "start", "", "first month to project, YYYY-MM (default: the month after the window)")
	cmd.Flags().StringVar(&name, "name", "", "name of the scenario (default: from the data folder and window)")
	cmd.Flags().StringVar(&hist, "history", "", "what the file's history key says: where run finds the returns for the actual history (default: --data, relative to the file)")
	cmd.Flags().Float64Var(&credibility, "credibility", data.DefaultCredibility, "child-years of exposure at which a cell's own rate counts for half")
	cmd.Flags().StringVar(&durations, "durations", "", "also calibrate how exits depend on time in care, in classes starting at these months, e.g. 1,3,6,12,24 (default: none; the ranges of run do not follow durations yet)")
	cmd.Flags().BoolVar(&partial, "partial", false, "calibrate even if a file could be read only up to an XML syntax error, from the part read")
	return cmd
}

// parseDurations reads --durations: months in care, ascending, separated
// by commas; "" for none.
func parseDurations(s string) ([]int, error) {
	if s == "" {
		return nil, nil
	}
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n >= 216 || (len(out) > 0 && n <= out[len(out)-1]) {
			return nil, fmt.Errorf("--durations %q: want months in care from 1 to 215, ascending, separated by commas, e.g. 1,3,6,12,24", s)
		}
		out = append(out, n)
	}
	return out, nil
}

// parseWindow reads FROM:TO, two months.
func parseWindow(s string) (from, to model.Month, err error) {
	a, b, ok := strings.Cut(s, ":")
	if !ok {
		return 0, 0, fmt.Errorf("--reference %q: want FROM:TO, e.g. 2018-04:2021-03", s)
	}
	if from, err = model.ParseMonth(a); err != nil {
		return 0, 0, fmt.Errorf("--reference: %w", err)
	}
	if to, err = model.ParseMonth(b); err != nil {
		return 0, 0, fmt.Errorf("--reference: %w", err)
	}
	if to < from {
		return 0, 0, fmt.Errorf("--reference %s: ends before it starts", s)
	}
	return from, to, nil
}

func newSynth(stdout io.Writer) *cobra.Command {
	var out, scen string
	var seed uint64
	var changes synthChanges
	opt := synth.DefaultOptions()
	cmd := &cobra.Command{
		Use:   "synth --out DIR",
		Short: "Write the SSDA903 returns of a synthetic council",
		Long: `Synth simulates the children of a council, one by one, whose true rates are
those of a scenario (default: the shipped shire-county.yaml), and writes its
yearly SSDA903 returns as a council would send them: the header, episodes
and UASC tables of each year, as YYYY-header.csv, YYYY-episodes.csv and
YYYY-uasc.csv (YYYY being the year of the return's March), each re-sending
the episodes open during its year. No routes file is written: each
period's route follows from its first episode's LS and CIN and the UASC
table, through the scenario's mapping. The returns test the reader, the
counting and calibration against a known truth, and --scale makes
national-size files for benchmarks. No real child is in them.

By default a child's chance of leaving care does not depend on how long
they have been in care. With --durations realistic it does, as in England:
about 10% of the children who leave have been in care under two weeks and
about 45% under a year (these shares are for the shire county's rates),
while the number in care stays about the same.

Entries follow the scenario unless --surge, --fall or --step change them
for some months, so that a forecast can be tested on a council that is not
steady. The council is simulated from five years before its first return,
so a change may start before the returns do.`,
		Example: `  carecast synth --out synthetic/ --seed 7
  carecast synth --out national/ --scale 150 --years 10
  carecast synth --out surge/ --durations realistic --surge 2024-04:2025-03:1.4`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkSynthFlags(opt); err != nil {
				return err
			}
			if err := changes.apply(&opt); err != nil {
				return err
			}
			syn, err := pipeline.Synthesize(pipeline.SynthOptions{Scenario: scen, Out: out, Seed: seed, Synth: opt})
			if err != nil {
				return err
			}
			first, last, ret := syn.FirstYear, syn.LastYear, syn.Returns
			fmt.Fprintf(stdout, "Wrote %d yearly returns (%d-%02d to %d-%02d) of a synthetic council: %s children, %s episodes, into %s\n",
				last-first+1, first-1, first%100, last-1, last%100,
				report.Thousands(float64(len(ret.Children))), report.Thousands(float64(len(ret.Episodes))), out)
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "out", "o", "synthetic", "folder for the returns")
	cmd.Flags().StringVar(&scen, "scenario", "shire-county.yaml", "scenario whose rates, starting numbers and code mapping are the truth")
	cmd.Flags().Uint64Var(&seed, "seed", 1, "seed of the random numbers: the same seed writes the same files")
	cmd.Flags().Float64Var(&opt.Scale, "scale", opt.Scale, "multiplies the starting numbers and the entries (150 ≈ a million episodes over ten years)")
	cmd.Flags().IntVar(&opt.Years, "years", 10, fmt.Sprintf("yearly returns to write, 1 to %d", maxSynthYears))
	cmd.Flags().IntVar(&opt.LastYear, "last-year", 0, "calendar year of the last return's March (default: the March before the scenario's start)")
	changes.add(cmd)
	return cmd
}

// maxSynthYears is the most yearly returns synth writes (synth.Options
// allows no more).
const maxSynthYears = 50

// checkSynthFlags rejects the values of synth's flags that synth.Options
// would take to mean "the default" (zero) or refuse without naming the flag.
func checkSynthFlags(opt synth.Options) error {
	switch {
	case !(opt.Scale > 0) || math.IsInf(opt.Scale, 0):
		return fmt.Errorf("--scale %v: want a number more than 0 (1 is the scenario's own size)", opt.Scale)
	case opt.Years < 1 || opt.Years > maxSynthYears:
		return fmt.Errorf("--years %d: want 1 to %d", opt.Years, maxSynthYears)
	case opt.LastYear < 0 || opt.LastYear > 0 && (opt.LastYear <= data.MinYear || opt.LastYear > data.MaxYear):
		return fmt.Errorf("--last-year %d: want a year from %d to %d, or 0 for the March before the scenario's start", opt.LastYear, data.MinYear+1, data.MaxYear)
	}
	return nil
}
