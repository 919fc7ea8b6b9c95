package scenarios

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/carecast/carecast/model"
	"go.yaml.in/yaml/v3"
)

// relDiff is the largest relative difference between two values of the
// same type, walked field by field; what is not a number (a length, a
// name, a nil against a non-nil) must be equal, else it is reported at path
// and counts as +Inf.
func relDiff(t *testing.T, path string, a, b reflect.Value) float64 {
	t.Helper()
	differ := func(format string, args ...any) float64 {
		t.Errorf("%s: "+format, append([]any{path}, args...)...)
		return math.Inf(1)
	}
	switch a.Kind() {
	case reflect.Float32, reflect.Float64:
		x, y := a.Float(), b.Float()
		if x == y {
			return 0
		}
		d := math.Abs(x-y) / math.Max(math.Abs(x), math.Abs(y))
		if math.IsNaN(d) {
			return differ("%v and %v", x, y)
		}
		return d
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return differ("nil and not nil")
			}
			return 0
		}
		return relDiff(t, path, a.Elem(), b.Elem())
	case reflect.Slice, reflect.Array:
		if a.Kind() == reflect.Slice && a.IsNil() != b.IsNil() {
			return differ("nil and not nil")
		}
		if a.Len() != b.Len() {
			return differ("%d and %d values", a.Len(), b.Len())
		}
		worst := 0.0
		for i := 0; i < a.Len(); i++ {
			worst = math.Max(worst, relDiff(t, fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i)))
		}
		return worst
	case reflect.Struct:
		worst := 0.0
		for i := 0; i < a.NumField(); i++ {
			worst = math.Max(worst, relDiff(t, path+"."+a.Type().Field(i).Name, a.Field(i), b.Field(i)))
		}
		return worst
	case reflect.Map:
		if a.Len() != b.Len() {
			return differ("%d and %d keys", a.Len(), b.Len())
		}
		worst := 0.0
		for _, k := range a.MapKeys() {
			bv := b.MapIndex(k)
			if !bv.IsValid() {
				return differ("no key %v", k)
			}
			worst = math.Max(worst, relDiff(t, fmt.Sprintf("%s[%v]", path, k), a.MapIndex(k), bv))
		}
		return worst
	case reflect.String:
		if a.String() != b.String() {
			return differ("%q and %q", a.String(), b.String())
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if a.Int() != b.Int() {
			return differ("%d and %d", a.Int(), b.Int())
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if a.Uint() != b.Uint() {
			return differ("%d and %d", a.Uint(), b.Uint())
		}
	case reflect.Bool:
		if a.Bool() != b.Bool() {
			return differ("%v and %v", a.Bool(), b.Bool())
		}
	default:
		return differ("cannot compare a %s", a.Kind())
	}
	return 0
}

// same fails the test if two values differ by more than a relative 1e-9
// anywhere, and returns the largest relative difference.
func same[T any](t *testing.T, what string, a, b T) float64 {
	t.Helper()
	d := relDiff(t, what, reflect.ValueOf(a), reflect.ValueOf(b))
	if d > 1e-9 {
		t.Errorf("%s: relative difference %.3g, more than 1e-9", what, d)
	}
	return d
}

// metaOf is what a loaded scenario's file says besides its parameters.
func metaOf(s *Scenario) Meta {
	return Meta{Name: s.File.Name, Description: s.File.Description, History: s.File.History, Labels: s.File.Labels, Mapping: s.Mapping}
}

// encodeFile writes a scenario's parameters to a file by FileOf and Encode.
func encodeFile(t *testing.T, s *Scenario, path string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Encode(&buf, FileOf(s.Params, metaOf(s)), nil); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Every shipped scenario, what-ifs (changes, interventions, fixed cost
// lines) and evidence included, written by FileOf and Encode as one
// complete file, loads back to the same parameters, labels, mapping and
// history; and that file written again is the same text, so nothing was
// rounded on the way.
func TestEncodeRoundTrip(t *testing.T) {
	dir := t.TempDir()
	for _, name := range Embedded() {
		t.Run(name, func(t *testing.T) {
			s := mustLoad(t, name)
			path := filepath.Join(dir, name)
			text := encodeFile(t, s, path)
			back := mustLoad(t, path)
			if d := same(t, "Params", s.Params, back.Params); d != 0 {
				t.Logf("largest relative difference %.3g", d)
			}
			// (printed, an empty list of codes is the nil one the default mapping has)
			if !reflect.DeepEqual(s.Labels, back.Labels) || fmt.Sprint(s.Mapping) != fmt.Sprint(back.Mapping) || s.History != back.History {
				t.Errorf("labels, mapping or history differ:\n%v\n%v\n%+v\n%+v\n%q %q", s.Labels, back.Labels, s.Mapping, back.Mapping, s.History, back.History)
			}
			if len(back.Files) != 1 || back.File.Extends != "" {
				t.Errorf("the file extends %q", back.File.Extends)
			}
			again := encodeFile(t, back, filepath.Join(dir, "again-"+name))
			if !bytes.Equal(text, again) {
				t.Error("written again, the file differs")
			}
		})
	}
}

// A what-if with every kind of change, intervention and cost line round
// trips, and the things the loader fills in (names, ends) stay put.
func TestEncodeRoundTripWhatIf(t *testing.T) {
	dir := writeFiles(t, map[string]string{"all.yaml": `extends: shire-county.yaml
name: Everything at once
description: "A: every lever"
history: returns/here
horizon_months: 30
costs:
  uplift_percent: 2.7
  category_uplift_percent: {secure: 4.1, supported: 0.3}
  fixed:
    - {name: Team, annual: 123456.78, start: 2025-06, end: 2026-03}
    - {annual: 1000}
  price_changes:
    - {name: IFA framework, category: foster_ifa, percent: -7, from: 2025-10}
    - {category: home_external, weekly: 3500, from: 2026-04}
capacity:
  foster_inhouse: {overflow: foster_ifa, places: {2025-04: 250, 2026-04: 280}}
initial_stock_totals: {secure: 3}
changes:
  - {rate: entries, factor: 0.9, start: 2025-04}
  - {rate: entries.uasc, bands: ["16-17"], factor: 1.25, start: 2025-06, end: 2025-11}
  - {rate: exits, categories: [kinship, foster_ifa], factor: 1.1, start: 2026-01}
  - {name: Home again, rate: exits.reunification, bands: ["0", "10-15"], factor: 1.3, start: 2025-04, end: 2025-09}
  - {rate: moves.all.foster_inhouse, factor: 2, start: 2025-04}
  - {rate: moves.home_external.all, factor: 0.5, start: 2025-04}
  - {rate: moves.home_external.foster_ifa, factor: 3, start: 2025-04}
  - {rate: first_placement.kinship, factor: 1.3, start: 2026-04, end: 2026-09}
interventions:
  - {from: foster_ifa, to: foster_inhouse, children: 15, month: 2025-09}
  - {name: Flow, from: home_external, to: foster_ifa, bands: ["10-15"], per_month: 0.7, start: 2025-06, end: 2026-03}
  - {name: Home, from: home_external, to: reunification, children: 2, month: 2025-07}
  - {name: Other, from: supported, to: exits.other, children: 1, month: 2025-08}
entries:
  direct: {trend_percent: 3.3}
`})
	s := mustLoad(t, filepath.Join(dir, "all.yaml"))
	out := filepath.Join(dir, "out.yaml")
	encodeFile(t, s, out)
	back := mustLoad(t, out)
	same(t, "Params", s.Params, back.Params)
	if len(back.Params.Capacities) != 1 || len(back.Params.Costs.PriceChanges) != 2 || back.Params.Interventions[3].To != model.OutOfCare {
		t.Errorf("capacities %v, price changes %v, interventions %v: want each lever back", back.Params.Capacities, back.Params.Costs.PriceChanges, back.Params.Interventions)
	}
	if back.History != filepath.Join(dir, "returns/here") || back.File.Description != "A: every lever" {
		t.Errorf("history %q, description %q", back.History, back.File.Description)
	}
}

// Encode writes zero values it is told about, {} for an empty map and []
// for an empty list, numbers in full, text that would read as something
// else quoted; and a number that is not finite is an error naming its key.
func TestEncode(t *testing.T) {
	three, tenth := 3, 0.1
	f := File{
		Name:          "yes",
		Start:         "2025-04",
		HorizonMonths: &three,
		AgeBands:      []string{"0-17"},
		Categories:    []string{"care"},
		Routes:        []string{},
		Exits:         map[string]map[string]map[string]float64{"left": {}},
		Entries:       map[string]Entry{"in": {PerMonth: 1e-7, AgeProfile: []float64{1.5, tenth + 0.2, 1e20}}},
	}
	n := &Notes{Header: []string{"A file", ""}}
	n.Beside(p("entries", "in", "trend_percent"), "noted")
	n.Above(p("categories"), "Categories:")
	var buf bytes.Buffer
	if err := Encode(&buf, f, n); err != nil {
		t.Fatal(err)
	}
	want := `# A file
#

name: "yes"
start: 2025-04
horizon_months: 3
age_bands: ["0-17"]

# Categories:
categories: [care]
routes: []
entries:
  in:
    per_month: 1e-07
    trend_percent: 0 # noted
    age_profile: [1.5, 0.30000000000000004, 1e+20]
exits:
  left: {}
`
	if got := buf.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	f.Costs.Weekly = map[string]float64{"care": math.NaN()}
	err := Encode(&buf, f, nil)
	if err == nil || !strings.Contains(err.Error(), "costs.weekly.care: NaN is not a finite number") {
		t.Errorf("NaN: %v", err)
	}
}

// Numbers are written as the shortest text that reads back as the same
// float64, and a percentage so that the loader's division by 100 gives
// back the fraction.
func TestNumberAndPercent(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		want string
	}{
		{0, "0"}, {3, "3"}, {150000, "150000"}, {0.1, "0.1"}, {1.0 / 3, "0.3333333333333333"},
		{3.564e-05, "0.00003564"}, {1e-7, "1e-07"}, {-2.5, "-2.5"}, {1e15, "1e+15"},
	} {
		if got := number(tc.v); got != tc.want {
			t.Errorf("number(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
	// 100·v/100 is not always v, and some fractions are no float64's
	// hundredth: percent finds one where there is one, and is otherwise
	// within a unit in the last place.
	exact := 0
	for i := 1; i <= 10000; i++ {
		v := float64(i) * 1.234567e-5
		back := percent(v) / 100
		if back == v {
			exact++
		} else if math.Abs(back-v) > math.Nextafter(v, math.Inf(1))-v {
			t.Errorf("percent(%v) = %v: %v back", v, percent(v), back)
		}
		if (v*100)/100 == v && back != v {
			t.Errorf("percent(%v) = %v loses what 100·v keeps", v, percent(v))
		}
	}
	if exact < 8000 {
		t.Errorf("only %d of 10000 fractions come back exactly from their percentage", exact)
	}
}

func BenchmarkEncodeBaseline(b *testing.B) {
	s := mustLoad(b, "baseline.yaml")
	f := FileOf(s.Params, metaOf(s))
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := Encode(&buf, f, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// The model's parameters are what the file says, cell by cell.
func ExampleFileOf() {
	s, err := Load("whatif-step-down.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	f := FileOf(s.Params, Meta{Name: s.File.Name})
	fmt.Println(f.Changes[0].Rate, *f.Changes[0].Factor, f.Changes[0].Start, f.Changes[0].End)
	fmt.Println(f.Interventions[0].PerMonth, f.Interventions[0].Start, f.Interventions[0].End)
	fmt.Println(f.Costs.Fixed[0].Name, f.Costs.Fixed[0].Annual)
	fmt.Println(f.Exits["reunification"]["0"]["foster_inhouse"] == s.Params.Exit[s.Params.ExitAt(0, 0, 0)])
	// Output:
	// moves.home_external.foster_ifa 2 2025-04 2026-03
	// 1 2025-06 2026-03
	// Step-down project team 560000
	// true
}

// Every finite float64 is written as text that YAML reads back as the same
// float64.
func FuzzNumber(f *testing.F) {
	for _, v := range []float64{0, 1, -1, 0.1, 1.0 / 3, 5e-324, math.MaxFloat64, 1e-6, 9.99999e-7, 1e15, 123456789.123} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v float64) {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return
		}
		var back struct{ X float64 }
		if err := yaml.Unmarshal([]byte("x: "+number(v)), &back); err != nil {
			t.Fatalf("%v written %q: %v", v, number(v), err)
		}
		if back.X != v {
			t.Errorf("%v written %q reads back as %v", v, number(v), back.X)
		}
	})
}

func ExampleEncode() {
	horizon := 24
	f := File{
		Name:          "Two placements",
		Start:         "2025-04",
		HorizonMonths: &horizon,
		AgeBands:      []string{"0-17"},
		Categories:    []string{"foster", "home"},
		Moves:         map[string]map[string]map[string]float64{"0-17": {"home": {"foster": 0.1 / 3}}},
	}
	notes := &Notes{Header: []string{"An example."}}
	notes.Above(p("moves"), "Moves per child-year.")
	notes.Beside(p("moves", "0-17", "home", "foster"), "a third of 0.1")
	if err := Encode(os.Stdout, f, notes); err != nil {
		fmt.Println(err)
	}
	// Output:
	// # An example.
	//
	// name: "Two placements"
	// start: 2025-04
	// horizon_months: 24
	// age_bands: ["0-17"]
	// categories: [foster, home]
	//
	// # Moves per child-year.
	// moves:
	//   "0-17":
	//     home:
	//       foster: 0.03333333333333333 # a third of 0.1
}
