package scenarios

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carecast/carecast/model"
)

// loadErr loads files (written to a temporary folder) from name and returns
// the problems, one a line, with the folder taken out of the file names.
func loadErr(t *testing.T, files map[string]string, name string) (string, error) {
	t.Helper()
	dir := writeFiles(t, files)
	_, err := Load(filepath.Join(dir, name))
	if err == nil {
		return "", nil
	}
	return strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), ""), err
}

// checkLines requires the lines of msg to begin with want, in order, and to
// be no more.
func checkLines(t *testing.T, msg string, want []string) {
	t.Helper()
	lines := strings.Split(msg, "\n")
	if len(lines) != len(want) {
		t.Fatalf("%d problems, want %d:\n%s", len(lines), len(want), msg)
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("problem %d:\n  %s\nwant it to begin:\n  %s", i+1, lines[i], w)
		}
	}
}

// A file with several wrong keys and values of the wrong type lists them
// all in one run, with the problems the rest of the file has, each once and
// in line order.
func TestEveryProblemInOnePass(t *testing.T) {
	msg, err := loadErr(t, map[string]string{"bad.yaml": `extends: baseline.yaml
colour: blue
costs:
  weeky: {kinship: 300}
  uplift_percent: lots
categories: {foster: 1}
exits:
  reunification:
    "10-15": {foster_ifa: -0.2}
changes:
  - {rate: entries, factor: 1.1, start: 2025-05, size: 3}
`}, "bad.yaml")
	if err == nil {
		t.Fatal("no error")
	}
	checkLines(t, msg, []string{
		`bad.yaml:2: colour: unknown key "colour" (known here: extends, name, description, start,`,
		`bad.yaml:4: costs.weeky: unknown key "weeky" (known here: price_year, uplift_percent,`,
		`bad.yaml:5: costs.uplift_percent: "lots" is not a number`,
		`bad.yaml:6: categories: want a list, found a map`,
		`bad.yaml:9: exits.reunification["10-15"].foster_ifa: -0.2 is negative`,
		`bad.yaml:11: changes[0].size: unknown key "size" (known here: name, rate, bands,`,
	})
	var se *Error
	if !errors.As(err, &se) {
		t.Errorf("%T is not a join of *scenarios.Error", err)
	}
	if !errors.Is(err, model.ErrNegative) {
		t.Error("the negative rate is not a model.ErrNegative")
	}
}

// A wrong value is left out, so the value of the file extended stays in
// force, or, inside an item of a list, read as zero; the problems that only
// follow from it are not reported.
func TestWrongValuesDoNotCascade(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string
	}{
		{"a list of categories given as a map keeps the parent's",
			"extends: baseline.yaml\ncategories: {foster: 1}\nmoves:\n  all:\n    kinship: {kinship: 0.1}\n",
			[]string{"bad.yaml:2: categories: want a list, found a map", "bad.yaml:5: moves.all.kinship.kinship: "}},
		{"a factor that is not a number is not also missing",
			"extends: baseline.yaml\nchanges:\n  - {rate: entries, factor: lots, start: 2025-05}\n",
			[]string{`bad.yaml:3: changes[0].factor: "lots" is not a number`}},
		{"a wrong age in a profile keeps the others' places",
			"extends: baseline.yaml\nentries:\n  uasc:\n    age_profile: [0, 0, x, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, 1]\n",
			[]string{`bad.yaml:4: entries.uasc.age_profile[2]: "x" is not a number`, "bad.yaml:4: entries.uasc.age_profile[16]: -1 is negative"}},
		{"a short profile is not also all zero",
			"extends: baseline.yaml\nentries:\n  uasc:\n    age_profile: [1, 2, 3]\n",
			[]string{"bad.yaml:4: entries.uasc.age_profile: 3 numbers: want 18"}},
		{"a weekly cost given as a list",
			"start: 2025-04\ncosts:\n  weekly: [1, 2]\n",
			[]string{"bad.yaml: categories: the list is missing or empty", "bad.yaml: routes: the list is missing",
				"bad.yaml: exit_reasons: the list is missing", "bad.yaml: age_bands: the list is missing", "bad.yaml:3: costs.weekly: want a map, found a list"}},
		{"a wrong extends stops there",
			"extends: [a.yaml]\ncolour: blue\n",
			[]string{"bad.yaml:1: extends: want a single value, found a list", `bad.yaml:2: colour: unknown key "colour"`}},
		{"a key given twice keeps the first",
			"extends: baseline.yaml\nhorizon_months: 12\nhorizon_months: lots\n",
			[]string{`bad.yaml:3: horizon_months: "horizon_months" is given twice (first at line 2)`}},
		{"an alias", "extends: baseline.yaml\nname: &n x\ndescription: *n\n",
			[]string{"bad.yaml:3: description: YAML aliases (*n) are not read"}},
		{"nothing where a number goes", "extends: baseline.yaml\ncosts:\n  uplift_percent:\n",
			[]string{"bad.yaml:3: costs.uplift_percent: want a number, found nothing"}},
		{"a name with a dot", "extends: baseline.yaml\ncosts:\n  weekly: {kinship.x: 3}\n",
			[]string{`bad.yaml:3: costs.weekly["kinship.x"]: unknown category "kinship.x"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			msg, err := loadErr(t, map[string]string{"bad.yaml": tc.yaml}, "bad.yaml")
			if err == nil {
				t.Fatal("no error")
			}
			checkLines(t, msg, tc.want)
		})
	}
}

// stockMonths writes the kinship stock by month of age, all zero but the
// first month, which is first.
func stockMonths(first string) string {
	row := func(v string) string { return "[" + v + strings.Repeat(", 0", 11) + "]" }
	return "initial_stock_months:\n  kinship:\n    - " + row(first) + strings.Repeat("\n    - "+row("0"), 17) + "\n"
}

// Every number in a scenario is finite and of a credible size, or the
// problem names the key and the value; loading never panics.
func TestNumbersAreFiniteAndCredible(t *testing.T) {
	tests := []struct {
		name, yaml, want string
		kind             error
	}{
		{"NaN weekly cost", "costs:\n  weekly: {kinship: .nan}\n", "bad.yaml:3: costs.weekly.kinship: .nan is not a finite number", model.ErrNotFinite},
		{"infinite exit rate", "exits:\n  reunification:\n    \"10-15\": {foster_ifa: .inf}\n",
			`bad.yaml:4: exits.reunification["10-15"].foster_ifa: .inf is not a finite number`, model.ErrNotFinite},
		{"minus infinite trend", "entries:\n  uasc:\n    trend_percent: -.Inf\n", "bad.yaml:4: entries.uasc.trend_percent: -.Inf is not a finite number", model.ErrNotFinite},
		{"NaN as text", "changes:\n  - {rate: entries, factor: NaN, start: 2025-05}\n", "bad.yaml:3: changes[0].factor: NaN is not a finite number", model.ErrNotFinite},
		{"beyond float64", "entries:\n  uasc:\n    per_month: 1e309\n", "bad.yaml:4: entries.uasc.per_month: 1e309 is not a finite number", model.ErrNotFinite},
		{"negative stock", stockMonths("-1"), "bad.yaml:4: initial_stock_months.kinship[0][0]: -1 is negative", model.ErrNegative},
		{"negative move", "moves:\n  \"10-15\":\n    kinship: {foster_ifa: -0.1}\n", `bad.yaml:4: moves["10-15"].kinship.foster_ifa: -0.1 is negative`, model.ErrNegative},
		{"negative factor", "changes:\n  - {rate: entries, factor: -1, start: 2025-05}\n", "bad.yaml:3: changes[0].factor: -1 is negative", model.ErrNegative},
		{"negative children", "interventions:\n  - {from: kinship, to: foster_ifa, children: -3, month: 2025-05}\n", "bad.yaml:3: interventions[0].children: -3 is negative", model.ErrNegative},
		{"negative fixed cost", "costs:\n  fixed:\n    - {annual: -5}\n", "bad.yaml:4: costs.fixed[0].annual: -5 is negative", model.ErrNegative},
		{"1e9 entries a month", "entries:\n  uasc:\n    per_month: 1e9\n", "bad.yaml:4: entries.uasc.per_month: 1000000000 is beyond", model.ErrTooLarge},
		{"a factor of 1e308", "changes:\n  - {rate: entries, factor: 1e308, start: 2025-05}\n", "bad.yaml:3: changes[0].factor: 1e+308 ", model.ErrTooLarge},
		{"a weekly cost of 1e308", "costs:\n  weekly: {kinship: 1e308}\n", "bad.yaml:3: costs.weekly.kinship: 1e+308 ", model.ErrTooLarge},
		{"an annual cost of 1e308", "costs:\n  fixed:\n    - {annual: 1e308}\n", "bad.yaml:4: costs.fixed[0].annual: 1e+308 ", model.ErrTooLarge},
		{"a stock of 1e300", stockMonths("1e300"), "bad.yaml:4: initial_stock_months.kinship[0][0]: 1e+300 ", model.ErrTooLarge},
		{"an exit rate of 2000 a year", "exits:\n  reunification:\n    \"10-15\": {foster_ifa: 2000}\n",
			`bad.yaml:4: exits.reunification["10-15"].foster_ifa: 2000 `, model.ErrTooLarge},
		{"a horizon of a billion months", "horizon_months: 1000000000\n", "bad.yaml:2: horizon_months: 1000000000 is beyond", model.ErrTooLarge},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			msg, err := loadErr(t, map[string]string{"bad.yaml": "extends: baseline.yaml\n" + tc.yaml}, "bad.yaml")
			if err == nil {
				t.Fatalf("no error, want %s", tc.want)
			}
			checkLines(t, msg, []string{tc.want})
			if !errors.Is(err, tc.kind) {
				t.Errorf("%v is not %v", err, tc.kind)
			}
		})
	}
}

// A change or intervention with a problem of its own still has the rest of
// it checked, and a bad start does not make the cost lines that default to
// it look wrong.
func TestItemsWithSeveralProblems(t *testing.T) {
	msg, err := loadErr(t, map[string]string{"bad.yaml": `extends: baseline.yaml
start: 2025-4
costs:
  fixed:
    - {name: team, annual: 1000}
    - {name: other, annual: 2000}
changes:
  - {rate: exits.nope, factor: -1, start: 2025-05}
  - {rate: entries, factor: -1, start: 2025-05, bands: [99]}
  - {rate: entries, factor: 1.1, start: 2025-05, end: 2024-01, bands: [77]}
interventions:
  - {from: kinship, to: kinship, children: -3, month: 2025-13}
  - {from: nowhere, to: kinship, children: 3, month: 2025-06}
`}, "bad.yaml")
	if err == nil {
		t.Fatal("no error")
	}
	checkLines(t, msg, []string{
		`bad.yaml:2: start: month "2025-4" is not YYYY-MM`,
		`bad.yaml:8: changes[0].rate: unknown exit reason "nope"`,
		`bad.yaml:8: changes[0].factor: -1 is negative`,
		`bad.yaml:9: changes[1].bands[0]: unknown age band "99"`,
		`bad.yaml:9: changes[1].factor: -1 is negative`,
		`bad.yaml:10: changes[2].bands[0]: unknown age band "77"`,
		`bad.yaml:10: changes[2].end: ends before it starts (2025-05 to 2024-01)`,
		`bad.yaml:12: interventions[0].month: month "2025-13": month 13 is not 1–12`,
		`bad.yaml:12: interventions[0].children: -3 is negative`,
		`bad.yaml:12: interventions[0].to: from kinship to kinship moves children to where they already are`,
		`bad.yaml:13: interventions[1].from: unknown category "nowhere"`,
	})
}
