package pipeline

import (
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"github.com/carecast/carecast/data"
	"github.com/carecast/carecast/data/synth"
	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/scenarios"
)

// ActualsOptions set up a count of actual children.
type ActualsOptions struct {
	Source Source
	// Scenario gives the categories, bands, routes, reasons, unit costs and
	// mapping of 903 codes.
	Scenario string
	// From and To are the months asked for (0: not asked; see Months).
	From, To model.Month
}

// Actuals are the children counted from returns, month by month.
type Actuals struct {
	Scenario *scenarios.Scenario
	Returns  Returns
	Span     Span
	Result   *model.Result
}

// CountActuals reads returns and counts the children in care in them over
// the months asked for. On an error after the returns were read, the
// Actuals returned still hold them and their report.
func CountActuals(o ActualsOptions) (*Actuals, error) {
	s, err := scenarios.Load(o.Scenario)
	if err != nil {
		return nil, err
	}
	a := &Actuals{Scenario: s}
	o.Source.Classifier = s.Classifier()
	if a.Returns, err = Read(o.Source); err != nil {
		return a, err
	}
	if a.Span, err = Months(a.Returns.Returns, MonthsRequest{From: o.From, To: o.To}); err != nil {
		return a, err
	}
	a.Result, err = Count(a.Returns.Returns, s, a.Span)
	return a, err
}

// CalibrateOptions set up a calibration.
type CalibrateOptions struct {
	Source Source
	// Scenario gives the names, bands, unit costs and code mapping.
	Scenario string
	// From and To are the reference window; Start the first month to
	// project (0: the month after To); Credibility as data.CalibrateOptions.
	From, To, Start model.Month
	Credibility     float64
	// Durations are the months in care at which duration classes begin,
	// whose exit factors are calibrated too; none (the default) calibrates
	// duration-blind rates. The Monte Carlo ranges do not yet follow
	// durations, so they are off unless asked for.
	Durations []int
	// Name is the calibrated scenario's name ("": from the folder and window).
	Name string
	// History is what the file's history key says ("": Source.Dir, relative
	// to the file's folder).
	History string
	// Out is the scenario file to write.
	Out string
	// Partial calibrates from returns of which a file could be read only
	// in part (data.FileReport.Part); without it that is an error.
	Partial bool
}

// Calibration is a calibrated scenario, written.
type Calibration struct {
	Returns Returns
	Cal     *data.Calibration
	// Entries are the entries in the window over all routes.
	Entries float64
}

// Calibrate reads returns, estimates a scenario's rates and starting stock
// from them and writes it to o.Out, by way of a temporary file that must
// load before it takes o.Out's place. On an error after the returns were
// read, the Calibration returned still holds them and their report.
func Calibrate(o CalibrateOptions) (*Calibration, error) {
	tmpl, err := scenarios.Load(o.Scenario)
	if err != nil {
		return nil, err
	}
	c := &Calibration{}
	o.Source.Classifier = tmpl.Classifier()
	if c.Returns, err = Read(o.Source); err != nil {
		return c, err
	}
	if part := c.Returns.Report.PartFiles(); len(part) > 0 && !o.Partial {
		return c, &PartError{Files: part}
	}
	cov := c.Returns.Coverage
	if err := cov.Check(o.From, o.To); err != nil {
		return c, fmt.Errorf("--reference %s:%s: %w", o.From, o.To, err)
	}
	if o.Start != 0 {
		if err := cov.CheckStart(o.Start); err != nil {
			return c, fmt.Errorf("--start %s: %w", o.Start, err)
		}
	}
	opt := data.CalibrateOptions{From: o.From, To: o.To, Start: o.Start, Credibility: o.Credibility, DurationBounds: o.Durations}
	if opt.DurationBounds == nil {
		opt.DurationBounds = []int{} // off
	}
	if c.Cal, err = data.Calibrate(c.Returns.Returns, tmpl.Classifier(), tmpl.Params.Bands, opt); err != nil {
		return c, err
	}
	for _, r := range c.Cal.Routes {
		c.Entries += r.Entries
	}
	w := scenarios.Calibrated{Template: tmpl, Cal: c.Cal, Source: o.Source.Dir, Name: o.Name, History: o.History}
	if w.Name == "" {
		w.Name = fmt.Sprintf("Calibrated from %s (%s to %s)", filepath.Base(filepath.Clean(o.Source.Dir)), o.From, o.To)
	}
	if w.History == "" {
		w.History = scenarios.FolderKey(relativeTo(o.Source.Dir, filepath.Dir(o.Out)))
	}
	return c, WriteScenario(o.Out, func(f io.Writer) error { return scenarios.WriteCalibrated(f, w) })
}

// PartError is the error of a calibration from returns of which a file
// could be read only in part.
type PartError struct {
	Files []string // the files read only in part
}

func (e *PartError) Error() string {
	return fmt.Sprintf("%s could be read only up to an XML syntax error, so the rates and the starting stock would leave out "+
		"every child after it: mend the file (validate-data lists the error), or pass --partial to calibrate from the part read",
		strings.Join(e.Files, ", "))
}

// relativeTo is path as seen from the folder dir, or path itself if that
// cannot be worked out.
func relativeTo(path, dir string) string {
	abs, err1 := filepath.Abs(path)
	from, err2 := filepath.Abs(dir)
	if err1 != nil || err2 != nil {
		return path
	}
	if rel, err := filepath.Rel(from, abs); err == nil {
		return rel
	}
	return path
}

// WriteScenario writes a scenario file to out with write, by way of a
// temporary file beside it which must load as a scenario before it takes
// out's place: a file that would not run is never left at out (and an
// older file there is kept). The folders of out are made if need be.
func WriteScenario(out string, write func(io.Writer) error) (err error) {
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	ext := filepath.Ext(out)
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+strings.TrimSuffix(filepath.Base(out), ext)+".*"+ext)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.Remove(tmp.Name())
		}
	}()
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: %w", out, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("%s: %w", out, err)
	}
	// The file must load as it is: check it now rather than at the next run.
	if _, err := scenarios.Load(tmp.Name()); err != nil {
		return fmt.Errorf("the scenario written does not load (a bug in carecast; %s not written): %s",
			out, strings.ReplaceAll(err.Error(), tmp.Name(), out))
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), out)
}

// SynthOptions set up a synthetic council.
type SynthOptions struct {
	// Scenario's rates, starting numbers and code mapping are the truth.
	Scenario string
	Out      string // folder for the returns
	Seed     uint64
	Synth    synth.Options
}

// Synthetic is a synthetic council's returns, written.
type Synthetic struct {
	Returns *data.Returns
	// FirstYear and LastYear are the calendar years of the first and the
	// last return's March.
	FirstYear, LastYear int
}

// Synthesize simulates a council whose true rates are a scenario's and
// writes its yearly returns. The same seed writes the same files.
func Synthesize(o SynthOptions) (*Synthetic, error) {
	s, err := scenarios.Load(o.Scenario)
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(o.Seed, 0x903))
	ret, err := synth.Synthesize(s.Params, s.Mapping, o.Synth, rng)
	if err != nil {
		return nil, err
	}
	resolved, err := o.Synth.Resolve(s.Params)
	if err != nil {
		return nil, err
	}
	first := resolved.LastYear - resolved.Years + 1
	if err := synth.WriteReturns(o.Out, ret, first, resolved.LastYear); err != nil {
		return nil, err
	}
	return &Synthetic{Returns: ret, FirstYear: first, LastYear: resolved.LastYear}, nil
}
