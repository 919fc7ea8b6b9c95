package pipeline

import (
	"fmt"
	"math"

	"github.com/carecast/carecast/cmd/carecast/internal/report"
	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/model/target"
	"github.com/carecast/carecast/scenarios"
)

// HistoryYears is how much actual history a forecast draws before its
// first month.
const HistoryYears = 5

// ForecastOptions set up a forecast.
type ForecastOptions struct {
	// Scenario is a scenario file, or the name of a shipped one.
	Scenario string
	// History is the returns whose actual numbers lead into the forecast;
	// a Dir of "" means the scenario's own history key.
	History Source
	// NoHistory leaves the history out.
	NoHistory bool
	// Targets are targets written on the command line, measured with the
	// scenario's own.
	Targets []string
	// Bands set up the Monte Carlo runs (none by default).
	Bands BandOptions
}

// Forecast is a scenario projected, with the actual history before it.
type Forecast struct {
	Scenario   *scenarios.Scenario
	Projection *model.Result
	// History is nil when there is none: the scenario names no returns, or
	// names a folder that has gone (Warnings says so).
	History *History
	// Targets are how the projection stands against the scenario's
	// targets, then those of the command line.
	Targets []target.Outcome
	// Bands are the Monte Carlo runs, nil if none were made.
	Bands *Bands
	// Warnings are located problems of the scenario, then of its history:
	// things that do not stop the forecast but are probably not meant.
	Warnings []string
}

// History is the actual numbers counted from returns before a forecast.
type History struct {
	Actual *model.Result
	// Source is where the returns came from.
	Source Source
	// Read is the reader's one-line summary of the returns.
	Read string
	// Span is the months counted; Span.LeftOut the months a missing year
	// left out.
	Span Span
}

// RunForecast loads a scenario, projects it, measures it against its
// targets and counts the actual history that leads into it.
func RunForecast(o ForecastOptions) (*Forecast, error) {
	f, err := project(o)
	if err != nil {
		return nil, err
	}
	if err := f.measure(o.Targets); err != nil {
		return nil, err
	}
	if err := f.simulate(o.Bands); err != nil {
		return nil, err
	}
	return f, nil
}

// project loads a scenario, projects it and counts the actual history
// that leads into it.
func project(o ForecastOptions) (*Forecast, error) {
	s, err := scenarios.Load(o.Scenario)
	if err != nil {
		return nil, err
	}
	res, err := model.Project(s.Params)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", o.Scenario, err)
	}
	f := &Forecast{Scenario: s, Projection: res, Warnings: s.Warnings}
	if o.NoHistory {
		return f, nil
	}
	src := o.History
	own := src.Dir == ""
	if own {
		src.Dir, src.Shipped = s.History, s.History == scenarios.SampleHistory
	}
	if src.Dir == "" {
		return f, nil
	}
	if !src.exists() {
		err := fmt.Errorf("history: the folder of returns %s does not exist", src.Dir)
		if !own {
			return nil, err
		}
		// A scenario copied away from its returns still runs.
		f.Warnings = append(f.Warnings, err.Error()+"; the charts show the forecast only (--data DIR names the returns)")
		return f, nil
	}
	if f.History, err = history(s, src); err != nil {
		return nil, err
	}
	f.Warnings = append(f.Warnings, historyWarnings(f.History.Actual, res)...)
	return f, nil
}

// measure measures the projection against the scenario's targets and
// those of the command line.
func (f *Forecast) measure(texts []string) error {
	extra, err := Targets(texts, f.Projection)
	if err != nil {
		return err
	}
	outs, warnings, err := Measure(append(f.Scenario.Targets[:len(f.Scenario.Targets):len(f.Scenario.Targets)], extra...), f.Projection, nil)
	f.Targets = outs
	f.Warnings = append(f.Warnings, warnings...)
	return err
}

// history counts the actual numbers in care from the returns of src for up
// to HistoryYears before the scenario's start.
func history(s *scenarios.Scenario, src Source) (*History, error) {
	src.Classifier = s.Classifier()
	ret, err := Read(src)
	if err != nil {
		if ret.Report != nil {
			err = fmt.Errorf("%w (%s)", err, ret.Report.Summary())
		}
		return nil, fmt.Errorf("history %s: %w", src.Dir, err)
	}
	span, err := Months(ret.Returns, MonthsRequest{
		Before: s.Params.Start, Back: 12 * HistoryYears, Name: "the returns in " + src.Dir,
	})
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	actual, err := Count(ret.Returns, s, span)
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	return &History{Actual: actual, Source: src, Read: ret.Report.Summary(), Span: span}, nil
}

// historyWarnings point out a recorded history that does not lead into the
// forecast: one that ends months before it starts, or whose last count is
// far from the scenario's starting number.
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
