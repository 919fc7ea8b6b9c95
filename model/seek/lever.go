package seek

import (
	"fmt"
	"math"

	"github.com/carecast/carecast/model"
)

// seeker holds a seek's arguments, checked and with defaults filled in,
// and counts its projections.
type seeker struct {
	p     model.Params
	l     Lever
	g     Goal
	s     Settings
	evals int
}

func newSeeker(p model.Params, l Lever, g Goal, s Settings) (*seeker, error) {
	if err := checkLever(&p, &l); err != nil {
		return nil, err
	}
	if g.Value == nil || !finite(g.Target) {
		return nil, fmt.Errorf("%w: a goal needs a value and a finite target (target %v)", ErrGoal, g.Target)
	}
	if l.Change != nil && l.From == 0 {
		l.From = p.Start
	}
	def, limit := multiplierLimits(&p, &l)
	s, err := withDefaults(s, def)
	if err != nil {
		return nil, err
	}
	if s.Max > limit {
		return nil, fmt.Errorf("%w: lever %q: a multiplier of %v is beyond the model's bounds (at most %v)", ErrSettings, l.Name, s.Max, limit)
	}
	return &seeker{p: p, l: l, g: g, s: s}, nil
}

// checkLever reports a lever that names neither or both of a rate and an
// intervention, an intervention that does not exist, or months that do not
// apply.
func checkLever(p *model.Params, l *Lever) error {
	switch {
	case l.Change == nil && l.Intervention < 0:
		return fmt.Errorf("%w %q names neither a rate nor an intervention", ErrLever, l.Name)
	case l.Change != nil && l.Intervention >= 0:
		return fmt.Errorf("%w %q names both a rate and intervention %d", ErrLever, l.Name, l.Intervention)
	case l.Change == nil && l.Intervention >= len(p.Interventions):
		return fmt.Errorf("%w %q: intervention %d does not exist (there are %d)", ErrLever, l.Name, l.Intervention, len(p.Interventions))
	case l.Change == nil && (l.From != 0 || l.PhaseIn != 0):
		return fmt.Errorf("%w %q: an intervention keeps its own months; From and PhaseIn must be zero", ErrLever, l.Name)
	case l.PhaseIn < 0:
		return fmt.Errorf("%w %q: a phase-in of %d months is negative", ErrLever, l.Name, l.PhaseIn)
	}
	return nil
}

// multiplierLimits are the default upper bound of the multiplier of l and
// the largest the model accepts: DefaultMaxRate and model.MaxFactor for a
// rate; for an intervention DefaultMaxRate (or less, if that took it past
// model.MaxChildren) and the multiplier that takes it to model.MaxChildren,
// or none if it moves no children.
func multiplierLimits(p *model.Params, l *Lever) (def, limit float64) {
	if l.Change != nil {
		return DefaultMaxRate, model.MaxFactor
	}
	if n := p.Interventions[l.Intervention].Children; n > 0 {
		m := largestMultiplier(n, model.MaxChildren)
		return min(DefaultMaxRate, m), m
	}
	return DefaultMaxRate, math.Inf(1)
}

// largestMultiplier is the largest m for which n·m, as float64 rounds it,
// is at most limit.
func largestMultiplier(n, limit float64) float64 {
	m := limit / n
	for n*m > limit {
		m = math.Nextafter(m, 0)
	}
	return m
}

// withDefaults fills in s's zero values and checks the rest.
func withDefaults(s Settings, max float64) (Settings, error) {
	if s.Max == 0 {
		s.Max = max
	}
	if s.Tolerance == 0 {
		s.Tolerance = DefaultTolerance
	}
	if s.MaxEvaluations == 0 {
		s.MaxEvaluations = DefaultMaxEvaluations
	}
	switch {
	case !finite(s.Min) || !finite(s.Max) || s.Min < 0 || s.Min > 1 || s.Max < 1 || s.Min == s.Max:
		return s, fmt.Errorf("%w: the multiplier's bounds %v to %v must be finite, with 0 ≤ Min ≤ 1 ≤ Max and Min < Max", ErrSettings, s.Min, s.Max)
	case !(s.Tolerance > 0 && s.Tolerance < 1):
		return s, fmt.Errorf("%w: a tolerance of %v is not a fraction between 0 and 1", ErrSettings, s.Tolerance)
	case s.MaxEvaluations < 3:
		return s, fmt.Errorf("%w: %d evaluations are too few (at least 3)", ErrSettings, s.MaxEvaluations)
	}
	return s, nil
}

// apply is a copy of the seeker's Params with the lever at multiplier m:
// a new rate change appended to a copy of Changes, or a copy of
// Interventions with the one scaled. The caller's slices are not written.
func (sk *seeker) apply(m float64) model.Params {
	q := sk.p
	if c := sk.l.Change; c != nil {
		rc := *c
		if rc.Name == "" {
			rc.Name = sk.l.Name
		}
		rc.Ramp = model.Ramp{From: sk.l.From, To: sk.l.From + model.Month(max(sk.l.PhaseIn-1, 0)), Factor: m}
		q.Changes = append(append(make([]model.RateChange, 0, len(q.Changes)+1), q.Changes...), rc)
		return q
	}
	q.Interventions = append([]model.Intervention(nil), q.Interventions...)
	q.Interventions[sk.l.Intervention].Children *= m
	return q
}

// probe is the lever at one multiplier: its Params, their projection and
// the goal's value, and gap, how far the value is from meeting the target
// (positive: not met).
type probe struct {
	m, value, gap float64
	params        model.Params
	res           *model.Result
}

func (pr probe) met() bool { return pr.gap <= 0 }

// eval projects the lever at multiplier m and reads the goal's value.
func (sk *seeker) eval(m float64) (probe, error) {
	q := sk.apply(m)
	sk.evals++
	res, err := model.Project(&q)
	if err != nil {
		return probe{}, fmt.Errorf("lever %q at multiplier %v: %w", sk.l.Name, m, err)
	}
	v, err := sk.g.Value(res)
	if err != nil {
		return probe{}, fmt.Errorf("%w: lever %q at multiplier %v: %w", ErrGoal, sk.l.Name, m, err)
	}
	if !finite(v) {
		return probe{}, fmt.Errorf("%w: lever %q at multiplier %v: the goal's value is %v", ErrGoal, sk.l.Name, m, v)
	}
	gap := v - sk.g.Target
	if !sk.g.AtMost {
		gap = -gap
	}
	return probe{m: m, value: v, gap: gap, params: q, res: res}, nil
}
