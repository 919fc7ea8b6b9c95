package pipeline

import (
	"fmt"

	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/model/seek"
	"github.com/carecast/carecast/model/target"
	"github.com/carecast/carecast/scenarios"
)

// SeekOptions set up a goal-seek.
type SeekOptions struct {
	// Scenario is a scenario file, or the name of a shipped one.
	Scenario string
	// Target is the target to meet, as written; "" means the scenario's
	// own target, if it states exactly one.
	Target string
	// Lever is what may change, as scenarios.Scenario.Lever reads it.
	Lever string
	// From is the first month a rate change acts (zero: the scenario's
	// start), and PhaseIn the months over which it comes in full.
	From    model.Month
	PhaseIn int
	// Settings bound the search (zero values: seek's defaults).
	Settings seek.Settings
}

// Sought is the outcome of a goal-seek: the change found, verified by
// projecting the scenario with it.
type Sought struct {
	Scenario *scenarios.Scenario
	Lever    scenarios.Lever
	From     model.Month
	PhaseIn  int
	Target   target.Target
	Result   seek.Result
	// Outcome is the target measured on the verifying projection.
	Outcome target.Outcome
	// Unchanged is the target measured on the scenario as it is.
	Unchanged target.Outcome
}

// Seek finds the smallest change of one lever of a scenario that meets a
// target, then verifies it: the scenario with the change is projected
// afresh and measured against the target. A saving target is measured
// against the scenario as it is.
func Seek(o SeekOptions) (*Sought, error) {
	f, err := project(ForecastOptions{Scenario: o.Scenario, NoHistory: true})
	if err != nil {
		return nil, err
	}
	s, base := f.Scenario, f.Projection
	t, err := seekTarget(s, o.Target, base)
	if err != nil {
		return nil, err
	}
	lv, err := s.Lever(o.Lever)
	if err != nil {
		return nil, err
	}
	sg := &Sought{Scenario: s, Lever: lv, Target: t}
	if sg.Unchanged, err = target.Evaluate(t, base, base); err != nil {
		return nil, err
	}
	l := seek.Lever{Name: lv.Text, Change: lv.Change, Intervention: lv.Intervention}
	if lv.Change != nil {
		l.From, l.PhaseIn = o.From, o.PhaseIn
		if l.From == 0 {
			l.From = s.Params.Start
		}
		sg.From, sg.PhaseIn = l.From, max(l.PhaseIn, 1)
	}
	goal := seek.Goal{
		Value: func(r *model.Result) (float64, error) {
			out, err := target.Evaluate(t, r, base)
			return out.Value, err
		},
		Target: t.Value,
		AtMost: t.Op == target.AtMost || t.Op == target.Below,
	}
	if sg.Result, err = seek.Seek(*s.Params, l, goal, o.Settings); err != nil {
		return nil, fmt.Errorf("seek %s: %w", lv.Text, err)
	}
	return sg, sg.verify(base)
}

// verify projects the parameters found afresh and measures the target on
// that projection.
func (sg *Sought) verify(base *model.Result) error {
	p := sg.Result.Params
	res, err := model.Project(&p)
	if err != nil {
		return fmt.Errorf("verifying the change found: %w", err)
	}
	sg.Outcome, err = target.Evaluate(sg.Target, res, base)
	return err
}

// seekTarget is the target a seek meets: text, or the scenario's one.
func seekTarget(s *scenarios.Scenario, text string, base *model.Result) (target.Target, error) {
	if text == "" {
		if len(s.Targets) != 1 {
			return target.Target{}, fmt.Errorf("--target is needed: the scenario states %d targets, and a seek meets one", len(s.Targets))
		}
		return s.Targets[0], nil
	}
	ts, err := Targets([]string{text}, base)
	if err != nil {
		return target.Target{}, err
	}
	return ts[0], nil
}
