package scenarios

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/carecast/carecast/model"
)

func mustLoad(t testing.TB, path string) *Scenario {
	t.Helper()
	s, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestShireCountyIsAShireCounty(t *testing.T) {
	s := mustLoad(t, "shire-county.yaml")
	p := s.Params
	if p.K() != 11 || p.B() != 5 || len(p.Routes) != 5 || p.R() != 5 {
		t.Fatalf("shire county has %d categories, %d bands, %d routes, %d reasons; want 11, 5, 5, 5", p.K(), p.B(), len(p.Routes), p.R())
	}
	res, err := model.Project(p)
	if err != nil {
		t.Fatal(err)
	}
	if n := res.InitialInCare; n < 460 || n > 500 {
		t.Errorf("shire county starts with %v children in care, want about 480", n)
	}
	var entries float64
	exits := make([]float64, len(res.Reasons))
	for m := 0; m < 12; m++ {
		entries += res.TotalEntries(m)
		for i, v := range res.ExitsRow(m) {
			exits[i] += v
		}
	}
	if entries < 160 || entries > 190 {
		t.Errorf("%v entries in the first year, want about 175", entries)
	}
	// Leavers in national proportions (2024), within a few points.
	want := map[string]float64{"reunification": 0.20, "adoption": 0.09, "special_guardianship": 0.11,
		"child_arrangements": 0.03, model.AgeOut: 0.39}
	var leavers float64
	for _, v := range exits {
		leavers += v
	}
	for i, reason := range res.Reasons {
		share := exits[i] / leavers
		if w, ok := want[reason]; ok && math.Abs(share-w) > 0.03 {
			t.Errorf("%s: %.1f%% of leavers, want about %.0f%%", reason, 100*share, 100*w)
		}
	}
	cat := func(names ...string) float64 {
		var x float64
		for _, n := range names {
			for k, c := range res.Categories {
				if c == n {
					x += res.InitialByCategory[k]
				}
			}
		}
		return x / res.InitialInCare
	}
	if f := cat("foster_inhouse", "foster_ifa", "kinship"); f < 0.67 || f > 0.73 {
		t.Errorf("%.1f%% in foster care, want about 70%%", 100*f)
	}
	if h := cat("home_inhouse", "home_external"); h < 0.10 || h > 0.12 {
		t.Errorf("%.1f%% in children's homes, want 10–12%%", 100*h)
	}
}

func TestShippedScenariosLoadAndRun(t *testing.T) {
	for _, name := range Embedded() {
		s := mustLoad(t, name)
		if _, err := model.Project(s.Params); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if len(Embedded()) < 2 {
		t.Errorf("shipped scenarios: %v, want the baseline and what-ifs", Embedded())
	}
}

func TestWhatIfExtendsBaseline(t *testing.T) {
	base := mustLoad(t, "baseline.yaml")
	s := mustLoad(t, "whatif-step-down.yaml")
	if len(s.Files) != 2 || !strings.HasSuffix(s.Files[1], "baseline.yaml") {
		t.Errorf("files read: %v, want the what-if then baseline.yaml", s.Files)
	}
	if got, want := len(s.Params.Changes), 1; got != want {
		t.Errorf("%d changes, want %d", got, want)
	}
	if got := s.Params.Interventions; len(got) != 1 || got[0].Children != 1 || got[0].End-got[0].Start != 9 {
		t.Errorf("interventions %+v, want one child a month for 10 months", got)
	}
	if len(s.Params.Costs.Fixed) != 1 {
		t.Errorf("fixed costs %+v, want the project team", s.Params.Costs.Fixed)
	}
	// Everything else is the baseline's.
	if !slices.Equal(s.Params.Exit, base.Params.Exit) || !slices.Equal(s.Params.Initial, base.Params.Initial) ||
		!slices.Equal(s.Params.Costs.Weekly, base.Params.Costs.Weekly) {
		t.Error("the what-if changed rates, stock or costs it does not mention")
	}
}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestMergeAndOverride(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"mine.yaml": `extends: baseline.yaml
name: Dearer agencies
exits:
  reunification:
    "10-15": {foster_ifa: 0.3}
costs:
  weekly: {foster_ifa: 1100}
changes:
  - {rate: entries.uasc, factor: 2, start: 2026-01}
`,
		"theirs.yaml": `extends: mine.yaml
changes:
  - {rate: moves.all.supported, factor: 1.5, start: 2026-01, end: 2026-06}
`,
	})
	// baseline.yaml is not in dir: the shipped one is used.
	s := mustLoad(t, filepath.Join(dir, "theirs.yaml"))
	p := s.Params
	k := map[string]int{}
	for i, c := range p.Categories {
		k[c] = i
	}
	if got := p.Costs.Weekly[k["foster_ifa"]]; got != 1100 {
		t.Errorf("IFA weekly cost %v, want 1100 from mine.yaml", got)
	}
	if got := p.Costs.Weekly[k["foster_inhouse"]]; got != 450 {
		t.Errorf("in-house weekly cost %v, want the baseline's 450", got)
	}
	if got := p.Exit[p.ExitAt(0, 3, k["foster_ifa"])]; got != 0.3 {
		t.Errorf("reunification 10-15 IFA %v, want 0.3", got)
	}
	// The rest of the 10-15 reunification row is still the baseline's.
	base := mustLoad(t, "baseline.yaml").Params
	if got, want := p.Exit[p.ExitAt(0, 3, k["foster_inhouse"])], base.Exit[base.ExitAt(0, 3, k["foster_inhouse"])]; got != want {
		t.Errorf("reunification 10-15 in-house %v, want the baseline's %v", got, want)
	}
	if len(p.Changes) != 2 || p.Changes[0].Lever != model.LeverEntries || p.Changes[1].Lever != model.LeverMove {
		t.Errorf("changes %+v, want the parent's then the child's", p.Changes)
	}
	if p.Changes[1].To != k["supported"] || p.Changes[1].From != -1 {
		t.Errorf("move change from %d to %d, want any to supported", p.Changes[1].From, p.Changes[1].To)
	}
	if s.File.Name != "Dearer agencies" {
		t.Errorf("name %q, inherited from mine.yaml", s.File.Name)
	}
}

func TestBadScenarios(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want string // the error must contain this
	}{
		{"unknown top-level key", "extends: baseline.yaml\ncolour: blue\n",
			`bad.yaml:2: colour: unknown key "colour"`},
		{"unknown nested key", "extends: baseline.yaml\ncosts:\n  weeky: {foster_ifa: 900}\n",
			`bad.yaml:3: costs.weeky: unknown key "weeky"`},
		{"negative rate", "extends: baseline.yaml\nexits:\n  reunification:\n    \"10-15\": {foster_ifa: -0.2}\n",
			`bad.yaml:4: exits.reunification["10-15"].foster_ifa: -0.2 is negative`},
		{"unknown category", "extends: baseline.yaml\nexits:\n  reunification:\n    all: {foster_ifo: 0.2}\n",
			`bad.yaml:4: exits.reunification.all.foster_ifo: unknown category "foster_ifo"`},
		{"unknown band", "extends: baseline.yaml\nmoves:\n  \"11-15\":\n    kinship: {foster_inhouse: 0.1}\n",
			`bad.yaml:3: moves["11-15"]: unknown age band "11-15"`},
		{"unknown reason", "extends: baseline.yaml\nexits:\n  adopted:\n    all: {all: 0.1}\n",
			`bad.yaml:3: exits.adopted: unknown exit reason "adopted"`},
		{"syntax error", "extends: baseline.yaml\nexits:\n  reunification: [1, 2\nstart: 2025-04\n",
			`bad.yaml:2: YAML syntax: did not find expected ',' or ']'`},
		{"tab indentation", "extends: baseline.yaml\ncosts:\n\tuplift_percent: 2\n",
			`bad.yaml:3: YAML syntax`},
		{"not a number", "extends: baseline.yaml\ncosts:\n  uplift_percent: lots\n",
			`bad.yaml:3: costs.uplift_percent: "lots" is not a number`},
		{"list for a map", "extends: baseline.yaml\ncosts:\n  weekly: [1, 2]\n",
			`bad.yaml:3: costs.weekly: want a map, found a list`},
		{"upper-case name", "extends: baseline.yaml\ncosts:\n  weekly: {Foster_IFA: 900}\n",
			`bad.yaml:3: costs.weekly["Foster_IFA"]: key "Foster_IFA": names are lower case`},
		{"bad month", "extends: baseline.yaml\nstart: 2025-13\n", `bad.yaml:2: start: month "2025-13"`},
		{"missing extends", "extends: nowhere.yaml\n", "nowhere.yaml"},
		{"short age profile", "extends: baseline.yaml\nentries:\n  uasc:\n    age_profile: [1, 2, 3]\n",
			`bad.yaml:4: entries.uasc.age_profile: 3 numbers: want 18`},
		{"bad change rate", "extends: baseline.yaml\nchanges:\n  - {rate: exits.moon, factor: 2, start: 2025-05}\n",
			`bad.yaml:3: changes[0].rate: unknown exit reason "moon"`},
		{"change without factor", "extends: baseline.yaml\nchanges:\n  - {rate: entries, start: 2025-05}\n",
			`bad.yaml:3: changes[0]: factor is missing`},
		{"intervention both ways", "extends: baseline.yaml\ninterventions:\n  - {from: foster_ifa, to: foster_inhouse, children: 3, month: 2025-05, per_month: 1, start: 2025-06}\n",
			`bad.yaml:3: interventions[0]: give either children and month`},
		{"move to itself", "extends: baseline.yaml\nmoves:\n  all:\n    kinship: {kinship: 0.1}\n",
			`bad.yaml:4: moves.all.kinship.kinship: ` + model.ErrSelf.Error()},
		{"bad price year", "extends: baseline.yaml\ncosts:\n  price_year: 2025-27\n",
			`bad.yaml:3: costs.price_year: "2025-27" is not a financial year`},
		{"empty file", "", "bad.yaml: the file is empty"},
		{"a list, not a map", "- 1\n- 2\n", "bad.yaml:1: a scenario is a map"},
		{"mapping to an unknown category", "extends: baseline.yaml\nmapping:\n  other_category: misc\n",
			`bad.yaml:2: mapping: mapping.other_category: category "misc" is not one of the scenario's`},
		{"unknown mapping key", "extends: baseline.yaml\nmapping:\n  placement: []\n",
			`bad.yaml:3: mapping.placement: unknown key "placement"`},
		{"reserved reason", "extends: baseline.yaml\nexit_reasons: [reunification, age_out]\n",
			`exit_reasons[1]: "age_out" is reserved`},
		{"key given twice", "extends: baseline.yaml\nname: x\nname: y\n",
			`bad.yaml:3: name: "name" is given twice (first at line 2)`},
		{"nested key given twice", "extends: baseline.yaml\ncosts:\n  weekly:\n    kinship: 300\n    kinship: 320\n",
			`bad.yaml:5: costs.weekly.kinship: "kinship" is given twice (first at line 4)`},
		{"zero horizon", "extends: baseline.yaml\nhorizon_months: 0\n",
			`bad.yaml:2: horizon_months: 0 ` + model.ErrTooSmall.Error()},
		{"fractional horizon", "extends: baseline.yaml\nhorizon_months: 2.5\n",
			`bad.yaml:2: horizon_months: 2.5 is not a whole number`},
		{"uplift of -100% or less", "extends: baseline.yaml\ncosts:\n  uplift_percent: -150\n",
			`bad.yaml:3: costs.uplift_percent: -150 ` + model.ErrTooSmall.Error()},
		{"category uplift of -100% or less", "extends: baseline.yaml\ncosts:\n  category_uplift_percent: {kinship: -100}\n",
			`bad.yaml:3: costs.category_uplift_percent.kinship: -100 ` + model.ErrTooSmall.Error()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{"bad.yaml": tc.yaml})
			_, err := Load(filepath.Join(dir, "bad.yaml"))
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			msg := strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "")
			if !strings.Contains(msg, tc.want) {
				t.Errorf("error:\n  %s\nwant it to contain:\n  %s", msg, tc.want)
			}
		})
	}
}

// TestEveryProblemOnceInLineOrder checks that a file's problems are all
// reported, each once, from the top of the file down, even when an early
// one (the start month) is what later settings default to.
func TestEveryProblemOnceInLineOrder(t *testing.T) {
	dir := writeFiles(t, map[string]string{"bad.yaml": `extends: baseline.yaml
costs:
  uplift_percent: -150
  weekly: {foster_ifa: -1}
start: 2025-13
changes:
  - {rate: exits, factor: 1.2, start: 2025-4}
`})
	_, err := Load(filepath.Join(dir, "bad.yaml"))
	if err == nil {
		t.Fatal("no error")
	}
	msg := strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "")
	want := []string{
		"bad.yaml:3: costs.uplift_percent: -150 " + model.ErrTooSmall.Error(),
		"bad.yaml:4: costs.weekly.foster_ifa: -1 is negative",
		`bad.yaml:5: start: month "2025-13"`,
		`bad.yaml:7: changes[0].start: month "2025-4" is not YYYY-MM`,
	}
	lines := strings.Split(msg, "\n")
	if len(lines) != len(want) {
		t.Fatalf("%d problems, want %d:\n%s", len(lines), len(want), msg)
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("problem %d: %s\nwant: %s", i+1, lines[i], w)
		}
	}
}

func TestWarnings(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string // the warnings, in order; none if empty
	}{
		{"nothing odd", "extends: baseline.yaml\ninterventions:\n  - {from: foster_ifa, to: foster_inhouse, children: 5, month: 2030-03}\n", nil},
		{"intervention after the end", "extends: baseline.yaml\ninterventions:\n  - {from: foster_ifa, to: foster_inhouse, children: 5, month: 2031-09}\n",
			[]string{"w.yaml:3: interventions[0]: the intervention starts in 2031-09, after the projection ends (2030-03): it changes nothing"}},
		{"steady flow before the start", "extends: baseline.yaml\ninterventions:\n  - {from: foster_ifa, to: foster_inhouse, per_month: 1, start: 2024-01, end: 2025-03}\n",
			[]string{"w.yaml:3: interventions[0]: the intervention ends in 2025-03, before the projection starts (2025-04): it changes nothing"}},
		{"change after the end", "extends: baseline.yaml\nchanges:\n  - {rate: entries, factor: 0.9, start: 2035-01}\n",
			[]string{"w.yaml:3: changes[0]: the change starts in 2035-01, after the projection ends (2030-03): it changes nothing"}},
		{"change phased in before the start", "extends: baseline.yaml\nchanges:\n  - {rate: entries, factor: 0.9, start: 2020-01, end: 2021-01}\n", nil},
		{"cost line outside", "extends: baseline.yaml\ncosts:\n  fixed:\n    - {name: team, annual: 1000, start: 2019-01, end: 2019-12}\n",
			[]string{"w.yaml:4: costs.fixed[0]: the cost line ends in 2019-12, before the projection starts (2025-04): it changes nothing"}},
		{"start moved from an inherited stock's inherited start", "extends: stock.yaml\nstart: 2026-04\n",
			[]string{"w.yaml:2: start: the starting numbers come from " + "STOCK" + ", which gives them as at the end of 2025-03; here they are taken as at the end of 2026-03"}},
		{"stock and start from the same chain", "extends: stock.yaml\n", nil},
		{"a rate every band overrides", "extends: tiny.yaml\nexits:\n  home_again:\n    all: {home: 0.5}\n    \"0-9\": {home: 0.3}\n",
			[]string{"w.yaml:4: exits.home_again.all.home: a named band or category overrides it everywhere: it changes nothing"}},
		{"a move every band overrides", "extends: tiny.yaml\nmoves:\n  all:\n    foster: {home: 0.2}\n  \"0-9\":\n    foster: {home: 0.1}\n  \"10-17\":\n    foster: {home: 0.1}\n",
			[]string{"w.yaml:4: moves.all.foster.home: a named band or category overrides it everywhere: it changes nothing"}},
		{"a move the file extended gives for all bands, every band overridden", "extends: tiny.yaml\nmoves:\n  \"0-9\":\n    foster: {home: 0.1}\n  \"10-17\":\n    foster: {home: 0.1}\n", nil},
		{"a rate the file extended names every band of", "extends: baseline.yaml\nexits:\n  reunification:\n    all: {foster_ifa: 0.3}\n",
			[]string{"w.yaml:4: exits.reunification.all.foster_ifa: a named band or category overrides it everywhere: it changes nothing"}},
		{"a rate a band overrides", "extends: tiny.yaml\nexits:\n  home_again:\n    \"0-9\": {all: 0.3}\n", nil},
		{"start moved from the stock's", "extends: baseline.yaml\nstart: 2026-04\n",
			[]string{"w.yaml:2: start: the starting numbers come from (shipped) baseline.yaml, which gives them as at the end of 2025-03; here they are taken as at the end of 2026-03"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{"w.yaml": tc.yaml, "tiny.yaml": tiny,
				// a stock written for the start its own parent sets
				"stock.yaml": "extends: baseline.yaml\ninitial_stock_months:\n  kinship: [" +
					strings.Repeat("[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], ", 17) + "[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]]\n"})
			s := mustLoad(t, filepath.Join(dir, "w.yaml"))
			var got []string
			for _, w := range s.Warnings {
				w = strings.ReplaceAll(w, filepath.Join(dir, "stock.yaml"), "STOCK")
				w = strings.ReplaceAll(w, filepath.Join(dir, "tiny.yaml"), "tiny.yaml")
				got = append(got, strings.ReplaceAll(w, dir+string(filepath.Separator), ""))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("warnings:\n  %q\nwant:\n  %q", got, tc.want)
			}
		})
	}
}

func TestShippedScenariosHaveNoWarnings(t *testing.T) {
	for _, name := range Embedded() {
		s := mustLoad(t, name)
		if len(s.Warnings) > 0 {
			t.Errorf("%s: %q", name, s.Warnings)
		}
	}
}

func TestMappingOverridesDefaults(t *testing.T) {
	dir := writeFiles(t, map[string]string{"m.yaml": `extends: baseline.yaml
mapping:
  placements:
    - {category: foster_inhouse, place: [u4, U5, U6]}
    - {category: kinship, place: ["U*"]}
  exit_codes:
    adoption: [E11, E12, E8]
  age_out_days: 0
`})
	s := mustLoad(t, filepath.Join(dir, "m.yaml"))
	cl := s.Classifier()
	k := func(name string) int {
		for i, c := range s.Params.Categories {
			if c == name {
				return i
			}
		}
		return -1
	}
	if got := cl.Category("U4", "PR4"); got != k("foster_inhouse") {
		t.Errorf("U4 from an agency: category %d, want in-house foster care (the file's rule, no IFA rule)", got)
	}
	if got := cl.Category("U2", "PR1"); got != k("kinship") {
		t.Errorf("U2: category %d, want kinship through U*", got)
	}
	if got := cl.Category("K2", "PR4"); got != k("other") {
		t.Errorf("K2: category %d, want other (no rule left for it)", got)
	}
	if s.Mapping.OtherRoute != "direct" || s.Mapping.UASCRoute != "uasc" {
		t.Errorf("routes not defaulted: %+v", s.Mapping)
	}
}

func TestErrorLocatesTheFileThatWroteTheKey(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"parent.yaml": "extends: baseline.yaml\nchanges:\n  - {rate: entries, factor: 0.9, start: 2025-05}\n",
		"child.yaml":  "extends: parent.yaml\nchanges:\n  - {rate: entries, factor: -1, start: 2025-05}\n",
	})
	_, err := Load(filepath.Join(dir, "child.yaml"))
	var se *Error
	if !errors.As(err, &se) {
		t.Fatalf("error %v, want a *scenarios.Error", err)
	}
	if filepath.Base(se.File) != "child.yaml" || se.Line != 3 || se.Path != "changes[0].factor" {
		t.Errorf("error at %s:%d %s, want child.yaml:3 changes[0].factor", se.File, se.Line, se.Path)
	}
}

func TestExtendsLoop(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"a.yaml": "extends: b.yaml\n",
		"b.yaml": "extends: a.yaml\n",
	})
	_, err := Load(filepath.Join(dir, "a.yaml"))
	if err == nil || !strings.Contains(err.Error(), "loop") {
		t.Errorf("error %v, want a loop", err)
	}
}

func TestFormatPath(t *testing.T) {
	tests := []struct {
		path []string
		want string
	}{
		{[]string{"exits", "reunification", "10-15", "foster_ifa"}, `exits.reunification["10-15"].foster_ifa`},
		{[]string{"changes", "[2]", "factor"}, "changes[2].factor"},
		{[]string{"age_bands", "[0]"}, "age_bands[0]"},
		{[]string{"exits", "reunification", "0"}, `exits.reunification["0"]`},
	}
	for _, tc := range tests {
		if got := formatPath(tc.path); got != tc.want {
			t.Errorf("formatPath(%q) = %s, want %s", tc.path, got, tc.want)
		}
	}
}

// FuzzLoad feeds arbitrary bytes as a scenario that extends the baseline:
// loading must return a scenario or an error, never panic, and a scenario
// it returns must project.
func FuzzLoad(f *testing.F) {
	f.Add([]byte("extends: baseline.yaml\n"))
	f.Add([]byte("extends: baseline.yaml\nexits:\n  reunification:\n    \"10-15\": {foster_ifa: -0.2}\n"))
	f.Add([]byte("extends: baseline.yaml\nchanges:\n  - {rate: moves.all.supported, factor: 1.5, start: 2026-01}\n"))
	f.Add([]byte("extends: baseline.yaml\nhorizon_months: 3\ninterventions:\n  - {from: foster_ifa, to: kinship, children: 400, month: 2025-05}\n"))
	f.Add([]byte("extends: baseline.yaml\nage_bands: [\"0-9\", \"10-17\"]\n"))
	f.Add([]byte("extends: baseline.yaml\ncolour: blue\ncategories: {a: 1}\ncosts:\n  weekly: {kinship: .nan}\n  uplift_percent: lots\n"))
	f.Add([]byte("extends: baseline.yaml\nchanges:\n  - {rate: entries, factor: [1], start: 2025-05, size: 3}\n  - 7\nname: &a x\ndescription: *a\n"))
	f.Add([]byte("extends: baseline.yaml\nentries:\n  uasc:\n    per_month: 1e9\n    age_profile: [1, x]\nhorizon_months: 1e3\n"))
	f.Add([]byte("extends: baseline.yaml\ncapacity:\n  foster_inhouse: {overflow: foster_ifa, places: {2025-04: 150, 2026-04: 160}}\n" +
		"costs:\n  price_changes:\n    - {category: foster_ifa, percent: -7, from: 2026-04}\n    - {category: home_external, weekly: 3500, from: 2025-10}\n" +
		"initial_stock_totals: {foster_inhouse: 200, secure: 2}\ninterventions:\n  - {from: home_external, to: reunification, children: 10, month: 2025-07}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "f.yaml")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		s, err := Load(path)
		if err != nil {
			return
		}
		if s.Params.Horizon > 120 {
			return // keep each input quick
		}
		if _, err := model.Project(s.Params); err != nil {
			t.Fatalf("loaded but does not project: %v", err)
		}
	})
}

// BenchmarkProjectBaseline is the projection of the shipped baseline over
// its 60 months, loading excluded.
func BenchmarkProjectBaseline(b *testing.B) {
	s := mustLoad(b, "baseline.yaml")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := model.Project(s.Params); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadBaseline is the loading of the shipped baseline: parsing,
// checking, merging and building its Params.
func BenchmarkLoadBaseline(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load("baseline.yaml"); err != nil {
			b.Fatal(err)
		}
	}
}
