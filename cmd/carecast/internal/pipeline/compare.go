package pipeline

import (
	"fmt"

	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/model/compare"
	"github.com/carecast/carecast/model/target"
)

// CompareOptions set up a comparison of scenarios.
type CompareOptions struct {
	// Scenarios are scenario files or shipped names, the base first.
	Scenarios []string
	// History is the returns drawn before the base's forecast; a Dir of ""
	// means the base scenario's own history key.
	History Source
	// Targets are targets written on the command line, measured on every
	// scenario with each scenario's own.
	Targets []string
}

// Comparison is several scenarios projected over the same months and
// what each alternative saves against the base, the first.
type Comparison struct {
	// Forecasts are the scenarios' forecasts, the base first; only the
	// base has a History.
	Forecasts []*Forecast
	// Savings are each alternative's savings against the base:
	// Savings[i] is Forecasts[i+1]'s.
	Savings []*compare.Savings
	// Targets are how each scenario stands against its targets and those
	// of the command line: Targets[i] is Forecasts[i]'s. A saving target
	// is measured on the alternatives only.
	Targets [][]target.Outcome
	// Warnings are the scenarios' warnings, each named by its scenario.
	Warnings []string
}

// RunCompare projects every scenario, checks that they can be compared
// (the same start, months and categories), works out the savings of each
// alternative against the base and measures the targets.
func RunCompare(o CompareOptions) (*Comparison, error) {
	if len(o.Scenarios) < 2 {
		return nil, fmt.Errorf("compare needs at least two scenarios, a base and an alternative; got %d", len(o.Scenarios))
	}
	c := &Comparison{}
	results := make([]*model.Result, len(o.Scenarios))
	for i, name := range o.Scenarios {
		f, err := project(ForecastOptions{Scenario: name, History: o.History, NoHistory: i > 0})
		if err != nil {
			return nil, err
		}
		c.Forecasts = append(c.Forecasts, f)
		results[i] = f.Projection
		for _, w := range f.Warnings {
			c.Warnings = append(c.Warnings, name+": "+w)
		}
	}
	if err := compare.Check(results...); err != nil {
		return nil, fmt.Errorf("%s cannot be compared: %w", scenarioList(o.Scenarios), err)
	}
	var err error
	if c.Savings, err = compare.All(results...); err != nil {
		return nil, err
	}
	return c, c.measure(o)
}

// measure measures every scenario against its own targets and those of
// the command line, saving targets against the base.
func (c *Comparison) measure(o CompareOptions) error {
	base := c.Forecasts[0].Projection
	extra, err := Targets(o.Targets, base)
	if err != nil {
		return err
	}
	for i, f := range c.Forecasts {
		ts := append(f.Scenario.Targets[:len(f.Scenario.Targets):len(f.Scenario.Targets)], extra...)
		var against *model.Result
		if i > 0 {
			against = base
		} else {
			ts = withoutSavings(ts)
		}
		outs, _, err := Measure(ts, f.Projection, against)
		if err != nil {
			return fmt.Errorf("%s: %w", o.Scenarios[i], err)
		}
		c.Targets = append(c.Targets, outs)
	}
	return nil
}

// withoutSavings leaves out the saving targets: the base saves nothing
// against itself.
func withoutSavings(ts []target.Target) []target.Target {
	var out []target.Target
	for _, t := range ts {
		if t.Metric != target.Saving {
			out = append(out, t)
		}
	}
	return out
}

func scenarioList(names []string) string {
	if len(names) == 2 {
		return names[0] + " and " + names[1]
	}
	return fmt.Sprintf("the %d scenarios", len(names))
}
