package scenarios

import (
	"fmt"
	"reflect"
	"testing"

	"go.yaml.in/yaml/v3"
)

// generic is a YAML value as yaml.v3 decodes it into an any (what viper
// read), with numbers as float64 and other values as text, so that it
// compares with the decoder's settings, which are typed as File wants.
func generic(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, x := range v {
			out[k] = generic(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = generic(x)
		}
		return out
	case int:
		return float64(v)
	case float64:
		return v
	default:
		return fmt.Sprint(v)
	}
}

// The decoder reads the shipped scenarios as yaml.v3 does: the same keys,
// lists and values.
func TestDecodeReadsWhatYAMLDoes(t *testing.T) {
	for _, name := range Embedded() {
		text, err := Shipped(name)
		if err != nil {
			t.Fatal(err)
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(text, &doc); err != nil {
			t.Fatal(err)
		}
		var want map[string]any
		if err := doc.Decode(&want); err != nil {
			t.Fatal(err)
		}
		settings, d := decodeFile(name, doc.Content[0])
		if len(d.errs) > 0 {
			t.Fatalf("%s: %v", name, d.errs)
		}
		if got := generic(settings); !reflect.DeepEqual(got, generic(want)) {
			t.Errorf("%s: the decoder's settings differ from yaml.v3's", name)
		}
	}
}

// Every setting the decoder makes fills File: no value is lost between the
// YAML and the File.
func TestFillTakesEverySetting(t *testing.T) {
	dir := writeFiles(t, map[string]string{"tiny.yaml": tiny})
	chain, err := readChain(dir + "/tiny.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var f File
	if err := fill(reflect.ValueOf(&f).Elem(), chain[0].settings); err != nil {
		t.Fatal(err)
	}
	if f.Costs.CategoryUpliftPercent["home"] != 3 || *f.HorizonMonths != 24 || f.Entries["uasc"].FirstPlacement["all"]["foster"] != 1 ||
		len(f.Changes) != 1 || *f.Changes[0].Factor != 0.9 || f.Mapping.Routes[0].CIN[0] != "N1" || f.InitialStock["foster"][17] != 1 {
		t.Errorf("File lacks settings: %+v", f)
	}
	if err := fill(reflect.ValueOf(&f).Elem(), map[string]any{"start": 2025.0}); err == nil {
		t.Error("a number filled the text start")
	}
}
