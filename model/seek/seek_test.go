package seek_test

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"slices"
	"testing"

	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/model/seek"
)

// baseline reads the model's fixture: the Params of the shipped
// scenarios/baseline.yaml (11 categories, 5 bands, 5 routes, 5 exit
// reasons, 60 months from 2025-04, 457 children at the start).
func baseline(tb testing.TB) model.Params {
	tb.Helper()
	b, err := os.ReadFile("../testdata/baseline.json")
	if err != nil {
		tb.Fatal(err)
	}
	var p model.Params
	if err := json.Unmarshal(b, &p); err != nil {
		tb.Fatal(err)
	}
	return p
}

// category is the index of the named category of p.
func category(tb testing.TB, p *model.Params, name string) int {
	tb.Helper()
	for k, c := range p.Categories {
		if c == name {
			return k
		}
	}
	tb.Fatalf("no category %q", name)
	return -1
}

// inCare is the number in care at the end of the projection's last month.
func inCare(r *model.Result) (float64, error) { return r.InCare[r.Months-1], nil }

// inCategory is the number in category k at the end of month t.
func inCategory(k, t int) func(*model.Result) (float64, error) {
	return func(r *model.Result) (float64, error) { return r.CategoryRow(t)[k], nil }
}

// exitsOf is the number who leave by reason i over the projection.
func exitsOf(i int) func(*model.Result) (float64, error) {
	return func(r *model.Result) (float64, error) {
		var n float64
		for t := 0; t < r.Months; t++ {
			n += r.ExitsRow(t)[i]
		}
		return n, nil
	}
}

// rate is a lever on a rate change template.
func rate(name string, c model.RateChange) seek.Lever {
	return seek.Lever{Name: name, Change: &c, Intervention: -1}
}

// baseValue is the goal's value with the lever untouched.
func baseValue(tb testing.TB, p model.Params, v func(*model.Result) (float64, error)) float64 {
	tb.Helper()
	res, err := model.Project(&p)
	if err != nil {
		tb.Fatal(err)
	}
	x, err := v(res)
	if err != nil {
		tb.Fatal(err)
	}
	return x
}

// withStepDown is p with an intervention moving one child a month from
// external children's homes to in-house foster care over 2025-26.
func withStepDown(tb testing.TB, p model.Params) model.Params {
	p.Interventions = []model.Intervention{{
		Name: "step-down", From: category(tb, &p, "home_external"), To: category(tb, &p, "foster_inhouse"),
		Children: 1, Start: p.Start, End: p.Start + 11,
	}}
	return p
}

func TestSeek(t *testing.T) {
	p := baseline(t)
	ifa, homeExt := category(t, &p, "foster_ifa"), category(t, &p, "home_external")
	kinship, secure := category(t, &p, "kinship"), category(t, &p, "secure")
	last := p.Horizon - 1
	base := baseValue(t, p, inCare)
	step := withStepDown(t, p)
	stepBase := baseValue(t, step, inCategory(homeExt, 11))
	adoptBase := baseValue(t, p, exitsOf(1))
	for _, tc := range []struct {
		name   string
		p      model.Params
		lever  seek.Lever
		goal   seek.Goal
		status seek.Status
		// up: the multiplier found is above 1 (else below, or 1)
		up bool
	}{
		{name: "entries lowered", p: p, lever: rate("entries", model.RateChange{Lever: model.LeverEntries, Index: -1, From: -1, To: -1}),
			goal: seek.Goal{Value: inCare, Target: 0.9 * base, AtMost: true}, status: seek.Found},
		{name: "entries phased in from a year on", p: p,
			lever: seek.Lever{Name: "entries", Change: &model.RateChange{Lever: model.LeverEntries, Index: -1, From: -1, To: -1},
				Intervention: -1, From: p.Start + 12, PhaseIn: 6},
			goal: seek.Goal{Value: inCare, Target: 0.95 * base, AtMost: true}, status: seek.Found},
		{name: "reunification raised", p: p, lever: rate("exits.reunification", model.RateChange{Lever: model.LeverExit, Index: 0, From: -1, To: -1}),
			goal: seek.Goal{Value: inCare, Target: 0.9 * base, AtMost: true}, status: seek.Found, up: true},
		{name: "adoptions at least", p: p, lever: rate("exits.adoption", model.RateChange{Lever: model.LeverExit, Index: 1, From: -1, To: -1}),
			goal: seek.Goal{Value: exitsOf(1), Target: 1.3 * adoptBase}, status: seek.Found, up: true},
		{name: "move out of external homes raised", p: p,
			lever:  rate("moves.home_external.foster_ifa", model.RateChange{Lever: model.LeverMove, Index: -1, From: homeExt, To: ifa}),
			goal:   seek.Goal{Value: inCategory(homeExt, last), Target: 0.97 * baseValue(t, p, inCategory(homeExt, last)), AtMost: true},
			status: seek.Found, up: true},
		{name: "intervention size", p: step, lever: seek.Lever{Name: "step-down", Intervention: 0},
			goal: seek.Goal{Value: inCategory(homeExt, 11), Target: stepBase - 6, AtMost: true}, status: seek.Found, up: true},
		{name: "already met", p: p, lever: rate("entries", model.RateChange{Lever: model.LeverEntries, Index: -1, From: -1, To: -1}),
			goal: seek.Goal{Value: inCare, Target: 1.01 * base, AtMost: true}, status: seek.AlreadyMet},
		{name: "unreachable: fewer than no entries leave", p: p, lever: rate("entries", model.RateChange{Lever: model.LeverEntries, Index: -1, From: -1, To: -1}),
			goal: seek.Goal{Value: inCare, Target: 10, AtMost: true}, status: seek.Unreachable},
		{name: "no effect: a move that never happens", p: p,
			lever:  rate("moves.kinship.secure", model.RateChange{Lever: model.LeverMove, Index: -1, From: kinship, To: secure}),
			goal:   seek.Goal{Value: inCare, Target: 0.9 * base, AtMost: true},
			status: seek.NoEffect},
		{name: "no effect: a change after the horizon", p: p,
			lever: seek.Lever{Name: "entries", Change: &model.RateChange{Lever: model.LeverEntries, Index: -1, From: -1, To: -1},
				Intervention: -1, From: p.Start + model.Month(p.Horizon)},
			goal: seek.Goal{Value: inCare, Target: 0.9 * base, AtMost: true}, status: seek.NoEffect},
		{name: "not monotone: any change moves away", p: p,
			lever:  rate("entries", model.RateChange{Lever: model.LeverEntries, Index: -1, From: -1, To: -1}),
			goal:   seek.Goal{Value: distanceFrom(base), Target: -1, AtMost: true},
			status: seek.NotMonotone},
	} {
		t.Run(tc.name, func(t *testing.T) {
			changes, ivs := len(tc.p.Changes), append([]model.Intervention(nil), tc.p.Interventions...)
			r, err := seek.Seek(tc.p, tc.lever, tc.goal, seek.Settings{})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%v: multiplier %.4g, value %.4g (target %.4g), %d projections", r.Status, r.Multiplier, r.Value, tc.goal.Target, r.Evaluations)
			if r.Status != tc.status {
				t.Errorf("status %q, want %q", r.Status, tc.status)
			}
			if len(tc.p.Changes) != changes || !slices.Equal(tc.p.Interventions, ivs) {
				t.Error("Seek changed the caller's Params")
			}
			if r.Evaluations > seek.DefaultMaxEvaluations {
				t.Errorf("%d projections, at most %d", r.Evaluations, seek.DefaultMaxEvaluations)
			}
			checkResult(t, r, tc.goal, tc.up)
		})
	}
}

// distanceFrom is how far the number in care at the end is from x, a goal
// whose value is least where the number in care is x.
func distanceFrom(x float64) func(*model.Result) (float64, error) {
	return func(r *model.Result) (float64, error) { return math.Abs(r.InCare[r.Months-1] - x), nil }
}

// checkResult holds a Result to its Status: a goal met is met within 1%
// on the meeting side when the returned Params are projected afresh, with
// the multiplier on the expected side of 1; an unmet goal has Met and
// Reachable false, in at most three projections.
func checkResult(t *testing.T, r seek.Result, g seek.Goal, up bool) {
	t.Helper()
	again, err := model.Project(&r.Params)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := g.Value(again)
	if v != r.Value || !slices.Equal(again.InCare, r.Projection.InCare) || !slices.Equal(again.Cost, r.Projection.Cost) {
		t.Errorf("re-run of Params: value %v, want the Result's %v (and the same projection)", v, r.Value)
	}
	gap := v - g.Target
	if !g.AtMost {
		gap = -gap
	}
	switch r.Status {
	case seek.Found:
		if !r.Met || !r.Reachable || gap > 0 || gap < -0.01*math.Abs(g.Target) {
			t.Errorf("value %v: met %v, reachable %v; want within 1%% of %v on the meeting side", v, r.Met, r.Reachable, g.Target)
		}
		if (r.Multiplier > 1) != up || r.Multiplier == 1 {
			t.Errorf("multiplier %v, want one %s 1", r.Multiplier, map[bool]string{true: "above", false: "below"}[up])
		}
		checkSmallest(t, r, g)
	case seek.AlreadyMet:
		if !r.Met || r.Multiplier != 1 || r.Evaluations != 1 || gap > 0 {
			t.Errorf("already met: met %v, multiplier %v, %d projections, value %v", r.Met, r.Multiplier, r.Evaluations, v)
		}
	default:
		if r.Met || r.Reachable || gap <= 0 || r.Evaluations > 3 {
			t.Errorf("%v: met %v, reachable %v, value %v against target %v, %d projections", r.Status, r.Met, r.Reachable, v, g.Target, r.Evaluations)
		}
	}
}

// checkSmallest checks that the change found is near the smallest: half
// of it does not meet the goal. (Nearer than that depends on the lever: a
// weak one moves the value less over a tenth of its change than the
// tolerance allows.)
func checkSmallest(t *testing.T, r seek.Result, g seek.Goal) {
	t.Helper()
	q := r.Params
	q.Changes = append([]model.RateChange(nil), q.Changes...)
	q.Interventions = append([]model.Intervention(nil), q.Interventions...)
	less := 1 + 0.5*(r.Multiplier-1)
	if n := len(q.Changes); n > 0 {
		q.Changes[n-1].Ramp.Factor = less
	} else {
		q.Interventions[0].Children *= less / r.Multiplier
	}
	res, err := model.Project(&q)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := g.Value(res)
	if g.AtMost == (v <= g.Target) {
		t.Errorf("half the change (multiplier %v) meets the goal too: %v against %v", less, v, g.Target)
	}
}

// The change Seek adds ramps from the lever's From over PhaseIn months to
// the multiplier found, after the scenario's own changes.
func TestSeekAppliesRamp(t *testing.T) {
	p := baseline(t)
	p.Changes = []model.RateChange{{Name: "own", Lever: model.LeverExit, Index: 0, From: -1, To: -1,
		Ramp: model.Ramp{From: p.Start, To: p.Start, Factor: 1.1}}}
	from := p.Start + 6
	l := seek.Lever{Change: &model.RateChange{Lever: model.LeverEntries, Index: 3, From: -1, To: -1},
		Name: "entries.uasc", Intervention: -1, From: from, PhaseIn: 4}
	r, err := seek.Seek(p, l, seek.Goal{Value: inCare, Target: 0.99 * baseValue(t, p, inCare), AtMost: true}, seek.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	cs := r.Params.Changes
	if len(cs) != 2 || cs[0].Name != "own" {
		t.Fatalf("changes %+v, want the scenario's own then the lever's", cs)
	}
	want := model.RateChange{Name: "entries.uasc", Lever: model.LeverEntries, Index: 3, From: -1, To: -1,
		Ramp: model.Ramp{From: from, To: from + 3, Factor: r.Multiplier}}
	if cs[1] != want {
		t.Errorf("lever's change %+v, want %+v", cs[1], want)
	}
	if len(p.Changes) != 1 {
		t.Error("the caller's Changes grew")
	}
}

// Settings bound the search: a bound that keeps the target out of reach
// is reported unreachable, and too few projections end the search with
// the best multiplier that meets the goal (Coarse).
func TestSeekSettings(t *testing.T) {
	p := baseline(t)
	entries := rate("entries", model.RateChange{Lever: model.LeverEntries, Index: -1, From: -1, To: -1})
	goal := seek.Goal{Value: inCare, Target: 0.8 * baseValue(t, p, inCare), AtMost: true}
	r, err := seek.Seek(p, entries, goal, seek.Settings{Min: 0.9})
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != seek.Unreachable || r.Multiplier != 0.9 || r.Evaluations != 3 {
		t.Errorf("Min 0.9: %v at multiplier %v in %d projections, want unreachable at 0.9 in 3", r.Status, r.Multiplier, r.Evaluations)
	}
	r, err = seek.Seek(p, entries, goal, seek.Settings{MaxEvaluations: 3, Tolerance: 1e-9})
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != seek.Coarse || !r.Met || r.Multiplier != 0 || r.Evaluations != 3 {
		t.Errorf("3 projections: %v, met %v at multiplier %v in %d, want coarse, met at 0 in 3", r.Status, r.Met, r.Multiplier, r.Evaluations)
	}
}

// A value that jumps across the target cannot come within a tolerance of
// it: the search ends, Coarse, with a multiplier that meets the goal, in
// at most MaxEvaluations projections.
func TestSeekNeverLoops(t *testing.T) {
	p := baseline(t)
	entries := rate("entries", model.RateChange{Lever: model.LeverEntries, Index: -1, From: -1, To: -1})
	whole := func(r *model.Result) (float64, error) { return math.Floor(r.InCare[r.Months-1]), nil }
	for _, n := range []int{3, 10, seek.DefaultMaxEvaluations} {
		r, err := seek.Seek(p, entries, seek.Goal{Value: whole, Target: 400.5, AtMost: true}, seek.Settings{Tolerance: 1e-9, MaxEvaluations: n})
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != seek.Coarse || !r.Met || r.Evaluations > n || (n == seek.DefaultMaxEvaluations && r.Value != 400) {
			t.Errorf("at most %d projections: %v, met %v, value %v, %d projections; want coarse, met (at 400 given enough)", n, r.Status, r.Met, r.Value, r.Evaluations)
		}
		t.Logf("at most %d projections: value %v at multiplier %v in %d", n, r.Value, r.Multiplier, r.Evaluations)
	}
}

func TestSeekErrors(t *testing.T) {
	p := withStepDown(t, baseline(t))
	p.Changes = []model.RateChange{{Name: "own", Lever: model.LeverExit, Index: 0, From: -1, To: -1,
		Ramp: model.Ramp{From: p.Start, To: p.Start, Factor: 200}}}
	reunification := rate("exits.reunification", model.RateChange{Lever: model.LeverExit, Index: 0, From: -1, To: -1})
	entries := rate("entries", model.RateChange{Lever: model.LeverEntries, Index: -1, From: -1, To: -1})
	goal := seek.Goal{Value: inCare, Target: 400, AtMost: true}
	failing := seek.Goal{Value: func(*model.Result) (float64, error) { return 0, errors.New("no such month") }, Target: 400}
	nan := seek.Goal{Value: func(*model.Result) (float64, error) { return math.NaN(), nil }, Target: 400}
	for _, tc := range []struct {
		name  string
		lever seek.Lever
		goal  seek.Goal
		s     seek.Settings
		want  error
	}{
		{"neither rate nor intervention", seek.Lever{Name: "x", Intervention: -1}, goal, seek.Settings{}, seek.ErrLever},
		{"both", seek.Lever{Name: "x", Change: entries.Change, Intervention: 0}, goal, seek.Settings{}, seek.ErrLever},
		{"no such intervention", seek.Lever{Name: "x", Intervention: 1}, goal, seek.Settings{}, seek.ErrLever},
		{"negative phase-in", seek.Lever{Name: "x", Change: entries.Change, Intervention: -1, PhaseIn: -1}, goal, seek.Settings{}, seek.ErrLever},
		{"no goal value", entries, seek.Goal{Target: 400}, seek.Settings{}, seek.ErrGoal},
		{"infinite target", entries, seek.Goal{Value: inCare, Target: math.Inf(1)}, seek.Settings{}, seek.ErrGoal},
		{"goal fails", entries, failing, seek.Settings{}, seek.ErrGoal},
		{"goal NaN", entries, nan, seek.Settings{}, seek.ErrGoal},
		{"Min above 1", entries, goal, seek.Settings{Min: 2, Max: 3}, seek.ErrSettings},
		{"Max below 1", entries, goal, seek.Settings{Max: 0.5}, seek.ErrSettings},
		{"Max NaN", entries, goal, seek.Settings{Max: math.NaN()}, seek.ErrSettings},
		{"negative tolerance", entries, goal, seek.Settings{Tolerance: -0.1}, seek.ErrSettings},
		{"too few projections", entries, goal, seek.Settings{MaxEvaluations: 2}, seek.ErrSettings},
		{"a route that does not exist", rate("entries.x", model.RateChange{Lever: model.LeverEntries, Index: 9, From: -1, To: -1}),
			goal, seek.Settings{}, model.ErrRange},
		{"a bound beyond the model's", entries, goal, seek.Settings{Max: 2 * model.MaxFactor}, seek.ErrSettings},
		{"a size beyond the model's", seek.Lever{Name: "step-down", Intervention: 0}, goal, seek.Settings{Max: model.MaxChildren + 1}, seek.ErrSettings},
		{"beyond the model's with the scenario's own change", reunification, seek.Goal{Value: inCare, Target: 1e5}, seek.Settings{}, model.ErrTooLarge},
		{"an intervention's months", seek.Lever{Name: "step-down", Intervention: 0, PhaseIn: 2}, goal, seek.Settings{}, seek.ErrLever},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := seek.Seek(p, tc.lever, tc.goal, tc.s)
			if !errors.Is(err, tc.want) {
				t.Errorf("error %v, want %v", err, tc.want)
			}
		})
	}
}

// Every Status says in words how a seek ended, each differently.
func TestStatusString(t *testing.T) {
	seen := map[string]bool{}
	for s := seek.Found; s <= seek.NotMonotone; s++ {
		if txt := s.String(); txt == "" || seen[txt] {
			t.Errorf("status %d: %q, empty or repeated", int(s), txt)
		}
		seen[s.String()] = true
	}
	if got := seek.Status(99).String(); got != "Status(99)" {
		t.Errorf("unknown status: %q", got)
	}
}
