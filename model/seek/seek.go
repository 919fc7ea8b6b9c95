// Package seek finds the smallest change of one lever that meets a goal:
// the factor on a rate (entries, an exit reason, a move, a first
// placement), or on the size of an intervention, that brings a number of a
// projection — children in care in a month, a year's cost — to a target.
//
// # Method
//
// Seek projects the parameters with the lever at multiplier 1. If the goal
// is met there it stops. Otherwise it projects at the upper bound of the
// multiplier (Settings.Max) and, unless that moved the value toward the
// target, at the lower bound (Settings.Min). If no bound meets the goal, no
// multiplier within the bounds does, and Seek says so after at most three
// projections. Otherwise it narrows the bracket between multiplier 1 (goal
// not met) and the bound (goal met) until the value meets the goal and is
// within Settings.Tolerance of the target, in at most
// Settings.MaxEvaluations projections in all. Each step takes the point at
// which a straight line through the bracket's ends meets the middle of the
// tolerance window (regula falsi, Illinois variant), or the bracket's
// midpoint after two such steps that did not halve it; above 1 the bracket
// is worked on the logarithm of the multiplier. On the shipped baseline a
// seek takes 4 to 6 projections (bisection alone: 5 to 12), and an
// unreachable target is known in 3.
//
// # Assumption
//
// The goal's value is taken to move monotonically with the multiplier:
// more entries, more children in care. Seek checks what it can of this: a
// lever under which the value does not move at either bound has no effect
// (NoEffect), and one under which it moves away from the target at both
// bounds is not monotone (NotMonotone); both are reported as unreachable.
// A value that rises and falls between the bounds is not detected; Seek
// then still returns a multiplier that meets the goal, but a smaller change
// might also meet it.
//
// Seek is pure: it keeps no state and reads no clock, and it does not
// change the caller's Params.
package seek

import (
	"errors"
	"fmt"
	"math"

	"github.com/carecast/carecast/model"
)

// Lever is what Seek may change: a rate, through a RateChange whose factor
// is sought, or the size of an intervention.
type Lever struct {
	// Name says what the lever is in errors, e.g. "entries.uasc".
	Name string
	// Change is the template of the rate change (Lever, Index, From, To,
	// Bands, Categories); Seek sets its Ramp. Nil for an intervention.
	Change *model.RateChange
	// Intervention is the index in Params.Interventions of the intervention
	// whose Children a month Seek scales, or −1 for a rate.
	Intervention int
	// From is the first month in which a rate change acts; zero means
	// Params.Start. PhaseIn is the number of months over which it reaches
	// its full factor, linearly (0 or 1: at once in From). An intervention
	// keeps its own months: both must be zero for one.
	From    model.Month
	PhaseIn int
}

// Goal is a number of a projection and the target it must meet: Value at
// most Target if AtMost, else at least Target.
type Goal struct {
	Value  func(*model.Result) (float64, error)
	Target float64
	AtMost bool
}

// Settings bound the search. Zero values take the defaults.
type Settings struct {
	// Min and Max bound the multiplier, Min ≤ 1 ≤ Max. Defaults: 0 and
	// DefaultMaxRate for a rate; 0 and model.MaxChildren over the
	// intervention's Children (10 if it has none) for an intervention.
	Min, Max float64
	// Tolerance is how near the target the value must come, as a fraction
	// of the target, on the side that meets it. Default 0.01.
	Tolerance float64
	// MaxEvaluations is the most projections Seek makes, at least 3.
	// Default 60.
	MaxEvaluations int
}

// The defaults of Settings.
const (
	// DefaultMaxRate is the largest multiplier of a rate unless Settings.Max
	// says otherwise: tenfold is beyond any plan a council makes.
	DefaultMaxRate        = 10
	DefaultTolerance      = 0.01
	DefaultMaxEvaluations = 60
)

// Status says how a seek ended.
type Status int

const (
	// Found: a multiplier meets the goal within the tolerance.
	Found Status = iota
	// AlreadyMet: the goal is met with the lever unchanged (multiplier 1).
	AlreadyMet
	// Coarse: a multiplier meets the goal, but the value could not be
	// brought within the tolerance of the target in MaxEvaluations
	// projections (or the value jumps across it).
	Coarse
	// Unreachable: the lever moves the value toward the target, but not
	// far enough even at the bound.
	Unreachable
	// NoEffect: the value does not move at either bound.
	NoEffect
	// NotMonotone: the value moves away from the target at both bounds.
	NotMonotone
)

var statusText = [...]string{
	Found:       "a change of the lever meets the goal",
	AlreadyMet:  "the goal is met with the lever unchanged",
	Coarse:      "a change of the lever meets the goal, but not within the tolerance of the target",
	Unreachable: "no change of the lever within its bounds meets the goal",
	NoEffect:    "the lever has no effect on the goal's value",
	NotMonotone: "the goal's value moves away from the target whichever way the lever moves",
}

// String says in words how the seek ended.
func (s Status) String() string {
	if s >= 0 && int(s) < len(statusText) {
		return statusText[s]
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// Result is the outcome of a seek. When the goal is met, Multiplier is the
// smallest change found that meets it; when it is not, the multiplier at
// which the value came nearest the target. Params are the caller's
// parameters with the lever at Multiplier (their Changes and
// Interventions are new slices; the other slices are the caller's), and
// Projection is model.Project of them, from which Value was read.
type Result struct {
	Multiplier float64
	Value      float64
	// Met reports whether Value meets the goal; Reachable whether some
	// multiplier within the bounds does. They are equal: a seek that
	// reaches the goal returns a multiplier that meets it.
	Met, Reachable bool
	Status         Status
	// Evaluations is the number of projections made.
	Evaluations int
	Projection  *model.Result
	Params      model.Params
}

// ErrLever and ErrSettings are the kinds of problem with Seek's arguments,
// for errors.Is.
var (
	ErrLever    = errors.New("lever")
	ErrSettings = errors.New("settings")
	ErrGoal     = errors.New("goal")
)

// Seek finds the smallest change of lever l, applied to p, that meets goal
// g, within the bounds of s (see the package documentation). It returns an
// error for a lever, goal or settings that are not valid, and for a
// projection or goal value that fails (the model's Errors, wrapped with the
// multiplier); not meeting the goal is not an error but a Result.
func Seek(p model.Params, l Lever, g Goal, s Settings) (Result, error) {
	sk, err := newSeeker(p, l, g, s)
	if err != nil {
		return Result{}, err
	}
	one, err := sk.eval(1)
	if err != nil {
		return Result{}, err
	}
	if one.met() {
		return sk.result(one, AlreadyMet), nil
	}
	far, status, err := sk.bounds(one)
	if err != nil {
		return Result{}, err
	}
	if status != Found {
		return sk.result(far, status), nil
	}
	hi, status, err := sk.narrow(one, far)
	if err != nil {
		return Result{}, err
	}
	return sk.result(hi, status), nil
}

// result is the Result of probe pr, ending with status.
func (sk *seeker) result(pr probe, status Status) Result {
	return Result{
		Multiplier:  pr.m,
		Value:       pr.value,
		Met:         pr.met(),
		Reachable:   status == Found || status == AlreadyMet || status == Coarse,
		Status:      status,
		Evaluations: sk.evals,
		Projection:  pr.res,
		Params:      pr.params,
	}
}

// finite reports whether x is neither NaN nor infinite.
func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
