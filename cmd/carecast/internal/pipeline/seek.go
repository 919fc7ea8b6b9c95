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
		return nil, fmt.Errorf("--lever %s: %w", o.Lever, err)
	}
	sg := &Sought{Scenario: s, Lever: lv, Target: t}
	if sg.Unchanged, err = target.Evaluate(t, base, base); err != nil {
		return nil, err
	}
	l, err := seekLever(s.Params, lv, o)
	if err != nil {
		return nil, err
	}
	sg.From, sg.PhaseIn = l.From, max(l.PhaseIn, 1)
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

// seekLever is the lever of a seek: a rate changed from o.From (the
// scenario's start by default, inside the projection) over o.PhaseIn
// months, or an intervention's size, which keeps its own months.
func seekLever(p *model.Params, lv scenarios.Lever, o SeekOptions) (seek.Lever, error) {
	l := seek.Lever{Name: lv.Text, Change: lv.Change, Intervention: lv.Intervention}
	if lv.Change == nil {
		if o.From != 0 || o.PhaseIn != 0 {
			return l, fmt.Errorf("--lever %s: an intervention keeps its own months; --from and --phase-in change a rate", lv.Text)
		}
		return l, nil
	}
	l.From, l.PhaseIn = o.From, o.PhaseIn
	if l.From == 0 {
		l.From = p.Start
	}
	if last := p.Start + model.Month(p.Horizon-1); l.From < p.Start || l.From > last {
		return l, fmt.Errorf("--from %v is outside the projection, %v to %v", l.From, p.Start, last)
	}
	if l.PhaseIn < 0 {
		return l, fmt.Errorf("--phase-in %d: the months a change takes to come in full are 0 or more", l.PhaseIn)
	}
	return l, nil
}

// verify applies the multiplier found to the scenario afresh, as a user
// would write it (a rate change from the month and over the phase-in
// given, or the intervention's children multiplied), projects it and
// measures the target on that projection, so that what is reported does
// not rest on the search's own workings.
func (sg *Sought) verify(base *model.Result) error {
	p := *sg.Scenario.Params
	m := sg.Result.Multiplier
	if c := sg.Lever.Change; c != nil {
		rc := *c
		rc.Ramp = model.Ramp{From: sg.From, To: sg.From + model.Month(sg.PhaseIn-1), Factor: m}
		p.Changes = append(p.Changes[:len(p.Changes):len(p.Changes)], rc)
	} else {
		p.Interventions = append([]model.Intervention(nil), p.Interventions...)
		p.Interventions[sg.Lever.Intervention].Children *= m
	}
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
