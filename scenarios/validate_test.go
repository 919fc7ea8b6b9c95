package scenarios

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carecast/carecast/model"
)

// tiny is a whole scenario, small enough to read its lines.
const tiny = `start: 2025-04
horizon_months: 24
age_bands: ["0-9", "10-17"]
categories: [foster, home]
routes: [cp, uasc]
exit_reasons: [home_again]
initial_stock:
  foster: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
entries:
  cp:
    per_month: 2
    age_profile: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    first_placement:
      all: {foster: 1, home: 0.2}
  uasc:
    per_month: 0.5
    trend_percent: 3
    age_profile: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]
    first_placement: {all: {foster: 1}}
exits:
  home_again:
    all: {all: 0.2}
    "10-17": {home: 0.1}
moves:
  all:
    foster: {home: 0.05}
costs:
  uplift_percent: 2
  category_uplift_percent: {home: 3}
  weekly: {foster: 500, home: 4000}
  fixed:
    - {name: team, annual: 1000, start: 2025-04}
changes:
  - {rate: entries, factor: 0.9, start: 2025-06, end: 2025-09}
interventions:
  - {from: home, to: foster, children: 1, month: 2025-07}
mapping:
  placements:
    - {category: home, place: [K2]}
  other_category: foster
  exit_codes: {home_again: [E13]}
  other_reason: home_again
  routes: [{route: cp, cin: [N1]}]
  other_route: cp
`

// tinyBuilder builds the Params of files, loaded from name, without the
// model's checks.
func tinyBuilder(t *testing.T, files map[string]string, name string) (*builder, string) {
	t.Helper()
	dir := writeFiles(t, files)
	chain, err := readChain(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	b, err := newBuilder(chain)
	if err != nil {
		t.Fatal(err)
	}
	b.params()
	if errs := b.problems(); len(errs) > 0 {
		t.Fatal(errors.Join(errs...))
	}
	return b, dir
}

func TestTinyLoadsAndProjects(t *testing.T) {
	dir := writeFiles(t, map[string]string{"tiny.yaml": tiny})
	s := mustLoad(t, filepath.Join(dir, "tiny.yaml"))
	if _, err := model.Project(s.Params); err != nil {
		t.Fatal(err)
	}
}

// The model's problems are placed at the key that wrote the value, in the
// file that wrote it; the number shown is the number as written.
func TestModelErrorsArePlaced(t *testing.T) {
	b, dir := tinyBuilder(t, map[string]string{
		"tiny.yaml":  tiny,
		"child.yaml": "extends: tiny.yaml\nchanges:\n  - {rate: exits, factor: 1.5, start: 2025-05}\n",
	}, "child.yaml")
	big := func(f model.Field, v float64, index ...int) *model.Error {
		return &model.Error{Field: f, Index: index, Value: v, Msg: "the value", Err: model.ErrTooLarge}
	}
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"a cell set by all.all", model.Errors{big(model.FieldExit, 0.2, 0, 0, 1)},
			"tiny.yaml:22: exits.home_again.all.all: 0.2 is beyond"},
		{"a cell set by a named band", model.Errors{big(model.FieldExit, 0.1, 0, 1, 1)},
			`tiny.yaml:23: exits.home_again["10-17"].home: 0.1 is beyond`},
		{"a move", model.Errors{big(model.FieldMove, 0.05, 1, 0, 1)}, "tiny.yaml:26: moves.all.foster.home: 0.05 is beyond"},
		{"a percentage as written", model.Errors{big(model.FieldUplift, 0.03, 1)}, "tiny.yaml:29: costs.category_uplift_percent.home: 3 is beyond"},
		{"the uplift of all categories", model.Errors{big(model.FieldUplift, 0.02, 0)}, "tiny.yaml:28: costs.uplift_percent: 2 is beyond"},
		{"a trend", model.Errors{big(model.FieldRouteTrend, 0.03, 1)}, "tiny.yaml:17: entries.uasc.trend_percent: 3 is beyond"},
		{"a year's stock as written", model.Errors{big(model.FieldInitial, 1.0/12, 12*5+3, 0)}, "tiny.yaml:8: initial_stock.foster[5]: 1 is beyond"},
		{"an age", model.Errors{big(model.FieldRouteAgeProfile, 1, 0, 7)}, "tiny.yaml:12: entries.cp.age_profile[7]: 1 is beyond"},
		{"a first placement", model.Errors{big(model.FieldRouteFirstPlacement, 0.2, 0, 1, 1)}, "tiny.yaml:14: entries.cp.first_placement.all.home: 0.2 is beyond"},
		{"a change in the file that extends", model.Errors{big(model.FieldChangeFactor, 1.5, 1)}, "child.yaml:3: changes[0].factor: 1.5 is beyond"},
		{"a change in the file extended", model.Errors{big(model.FieldChangeFactor, 0.9, 0)}, "tiny.yaml:34: changes[0].factor: 0.9 is beyond"},
		{"a horizon", model.Errors{big(model.FieldHorizon, 24)}, "tiny.yaml:2: horizon_months: 24 is beyond"},
		{"a fixed cost", model.Errors{big(model.FieldFixedAnnual, 1000, 0)}, "tiny.yaml:32: costs.fixed[0].annual: 1000 is beyond"},
		{"a weekly cost", &model.Error{Field: model.FieldWeekly, Index: []int{1}, Value: 4000, Err: model.ErrNegative},
			"tiny.yaml:30: costs.weekly.home: 4000 is negative"},
		{"the model's detail is kept", model.Errors{{Field: model.FieldChangeSpan, Index: []int{0}, Err: fmt.Errorf("%w: 2025-09 before 2025-06", model.ErrOrder)}},
			"tiny.yaml:34: changes[0].end: ends before it starts: 2025-09 before 2025-06"},
		{"a part no key writes: the nearest that holds it, in the model's words",
			model.Errors{{Field: model.FieldRouteFirstPlacement, Index: []int{1, 0}, Msg: "first placement uasc/0-9", Err: model.ErrZero}},
			"tiny.yaml:19: entries.uasc.first_placement: first placement uasc/0-9: " + model.ErrZero.Error()},
		{"a table's shape", model.Errors{{Field: model.FieldExit, Msg: "exit rates", Err: model.ErrShape}},
			"tiny.yaml:20: exits: exit rates: " + model.ErrShape.Error()},
		{"the Params as a whole", model.Errors{{Field: model.FieldParams, Msg: "the parameters", Err: model.ErrZero}},
			"child.yaml: the parameters: " + model.ErrZero.Error()},
		{"any other error", errors.New("something else"), "child.yaml: something else"},
		{"a model.Error without its kind", &model.Error{Field: model.FieldParams, Msg: "the parameters"}, "child.yaml: the parameters: is not valid"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := b.fromModel(tc.err)
			if len(got) != 1 {
				t.Fatalf("%d errors, want 1: %v", len(got), got)
			}
			msg := strings.ReplaceAll(got[0].Error(), dir+string(filepath.Separator), "")
			if !strings.HasPrefix(msg, tc.want) {
				t.Errorf("got:\n  %s\nwant it to begin:\n  %s", msg, tc.want)
			}
			var me *model.Error
			if errors.As(tc.err, &me) && me.Err != nil && !errors.Is(got[0], me.Err) {
				t.Errorf("%v does not wrap %v", got[0], me.Err)
			}
		})
	}
}

// A problem with a value that a key for all bands or categories wrote is
// reported once, however many cells it set.
func TestModelErrorsOncePerKey(t *testing.T) {
	b, dir := tinyBuilder(t, map[string]string{"tiny.yaml": tiny}, "tiny.yaml")
	for _, index := range [][]int{{0, 0, 0}, {0, 0, 1}, {0, 1, 0}, {0, 1, 1}} {
		b.modelErrs = append(b.modelErrs, b.fromModel(&model.Error{Field: model.FieldExit, Index: index, Err: model.ErrTooLarge})...)
	}
	var msgs []string
	for _, e := range b.problems() {
		msgs = append(msgs, strings.ReplaceAll(e.Error(), dir+string(filepath.Separator), ""))
	}
	checkLines(t, strings.Join(msgs, "\n"), []string{
		"tiny.yaml:22: exits.home_again.all.all: 0.2 " + model.ErrTooLarge.Error(),
		`tiny.yaml:23: exits.home_again["10-17"].home: 0.1 ` + model.ErrTooLarge.Error(),
	})
}

// A Params made invalid after it was built still gives a problem, placed
// at the table it is in when no key wrote the value.
func TestInvalidParamsAreReported(t *testing.T) {
	b, dir := tinyBuilder(t, map[string]string{"tiny.yaml": tiny}, "tiny.yaml")
	b.p.Move[b.p.MoveAt(0, 1, 1)] = 0.5 // home to home
	b.validate()
	if len(b.modelErrs) == 0 {
		t.Fatal("no problem with a move from home to home")
	}
	msg := strings.ReplaceAll(b.modelErrs[0].Error(), dir+string(filepath.Separator), "")
	if !strings.HasPrefix(msg, "tiny.yaml") {
		t.Errorf("%s: want a problem of tiny.yaml", msg)
	}
	t.Log(msg)
}

// count, for numbers the model does not check, reports a negative number
// at its key.
func TestCountIsNotNegative(t *testing.T) {
	b, dir := tinyBuilder(t, map[string]string{"tiny.yaml": tiny}, "tiny.yaml")
	if got := b.count(p("costs", "weekly", "home"), 3); got != 3 {
		t.Errorf("count(3) = %v", got)
	}
	if got := b.count(p("costs", "weekly", "home"), -3); got != 0 || len(b.errs) != 1 {
		t.Fatalf("count(-3) = %v with %d problems, want 0 and one problem", got, len(b.errs))
	}
	msg := strings.ReplaceAll(b.errs[0].Error(), dir+string(filepath.Separator), "")
	if want := "tiny.yaml:30: costs.weekly.home: -3 is negative"; msg != want {
		t.Errorf("got %s, want %s", msg, want)
	}
	if !errors.Is(b.errs[0], model.ErrNegative) {
		t.Error("not a model.ErrNegative")
	}
}
