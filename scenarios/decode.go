package scenarios

import (
	"fmt"
	"math"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/carecast/carecast/model"
	"go.yaml.in/yaml/v3"
)

// decoder turns the YAML of one file into its settings, the map that File
// is decoded from, checking every key and value against File's type on the
// way. A problem is recorded and the rest of the file is still read: a
// wrong value is left out, so that what the file extends stays in force, or,
// inside an item of a list, replaced by zero, so that the items keep their
// places. The settings hold lower-case keys, maps as map[string]any, lists
// as []any and values typed as File wants them (string, float64, int).
type decoder struct {
	file string
	errs []error
	// dropped are the key paths (formatPath) whose values were left out or
	// replaced: problems found later at or under them follow from these.
	dropped []string
}

// decodeFile reads the root map of a file as a File.
func decodeFile(file string, root *yaml.Node) (map[string]any, *decoder) {
	d := &decoder{file: file}
	settings, _ := d.value(root, reflect.TypeOf(File{}), nil)
	m, _ := settings.(map[string]any)
	return m, d
}

// fail records a problem with the value at path, written at node n.
func (d *decoder) fail(n *yaml.Node, path []string, err error) {
	d.errs = append(d.errs, &Error{File: d.file, Line: n.Line, Path: formatPath(path), Err: err})
}

// drop records a problem with the value at path, which is then left out or
// replaced.
func (d *decoder) drop(n *yaml.Node, path []string, err error) {
	d.fail(n, path, err)
	d.dropped = append(d.dropped, formatPath(path))
}

// value decodes node n as Go type t. It reports false if the node was
// wrong, with the problem recorded.
func (d *decoder) value(n *yaml.Node, t reflect.Type, path []string) (any, bool) {
	optional := t.Kind() == reflect.Pointer
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case n.Kind == yaml.AliasNode:
		d.drop(n, path, fmt.Errorf("YAML aliases (*%s) are not read: write the value out", n.Value))
		return nil, false
	case optional && isNull(n):
		return nil, true // not given
	}
	switch t.Kind() {
	case reflect.Struct:
		return d.fields(n, t, path)
	case reflect.Map:
		return d.entries(n, t, path)
	case reflect.Slice:
		return d.items(n, t, path)
	}
	if n.Kind != yaml.ScalarNode {
		d.drop(n, path, fmt.Errorf("want a single value, found %s", describe(n)))
		return nil, false
	}
	switch {
	case t.Kind() == reflect.Float64:
		return d.float(n, path)
	case t.Kind() == reflect.Int:
		return d.whole(n, path)
	case isNull(n):
		return "", true
	}
	return n.Value, true
}

// fields decodes a map of the keys of struct type t.
func (d *decoder) fields(n *yaml.Node, t reflect.Type, path []string) (any, bool) {
	if n.Kind != yaml.MappingNode {
		d.drop(n, path, fmt.Errorf("want a map of keys, found %s", describe(n)))
		return nil, false
	}
	types := map[string]reflect.Type{}
	var known []string
	for i := 0; i < t.NumField(); i++ {
		tag := t.Field(i).Tag.Get("mapstructure")
		types[tag] = t.Field(i).Type
		known = append(known, tag)
	}
	out := map[string]any{}
	for key, val := range d.pairs(n, path) {
		kpath := at(path, key.Value)
		ft, ok := types[key.Value]
		if !ok {
			d.fail(key, kpath, fmt.Errorf("unknown key %q (known here: %s)", key.Value, strings.Join(known, ", ")))
			continue
		}
		d.put(out, key.Value, val, ft, kpath)
	}
	return out, true
}

// entries decodes a map of any lower-case keys to values of t's element type.
func (d *decoder) entries(n *yaml.Node, t reflect.Type, path []string) (any, bool) {
	if n.Kind != yaml.MappingNode {
		d.drop(n, path, fmt.Errorf("want a map, found %s", describe(n)))
		return nil, false
	}
	out := map[string]any{}
	for key, val := range d.pairs(n, path) {
		kpath := at(path, key.Value)
		if key.Value != strings.ToLower(key.Value) {
			d.fail(key, kpath, fmt.Errorf("key %q: names are lower case", key.Value))
			continue
		}
		d.put(out, key.Value, val, t.Elem(), kpath)
	}
	return out, true
}

// put decodes val into out[key]: left out if wrong, or zero inside an item
// of a list.
func (d *decoder) put(out map[string]any, key string, val *yaml.Node, t reflect.Type, path []string) {
	v, ok := d.value(val, t, path)
	switch {
	case !ok && inItem(path):
		out[key] = zero(t)
	case ok && v != nil:
		out[key] = v
	}
}

// pairs yields the keys and values of a map, each key once: a key given
// again is a problem, and its later value is left out.
func (d *decoder) pairs(n *yaml.Node, path []string) func(yield func(key, val *yaml.Node) bool) {
	return func(yield func(key, val *yaml.Node) bool) {
		first := map[string]int{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			key, val := n.Content[i], n.Content[i+1]
			if line, dup := first[key.Value]; dup {
				d.fail(key, at(path, key.Value),
					fmt.Errorf("%q is given twice (first at line %d)", key.Value, line))
				continue
			}
			first[key.Value] = key.Line
			if !yield(key, val) {
				return
			}
		}
	}
}

// items decodes a list; a wrong item is replaced by zero.
func (d *decoder) items(n *yaml.Node, t reflect.Type, path []string) (any, bool) {
	if n.Kind != yaml.SequenceNode {
		d.drop(n, path, fmt.Errorf("want a list, found %s", describe(n)))
		return nil, false
	}
	out := make([]any, len(n.Content))
	for i, in := range n.Content {
		v, ok := d.value(in, t.Elem(), at(path, item(i)))
		if !ok {
			v = zero(t.Elem())
		}
		out[i] = v
	}
	return out, true
}

// float reads a number, which must be finite.
func (d *decoder) float(n *yaml.Node, path []string) (any, bool) {
	v, err := strconv.ParseFloat(n.Value, 64)
	switch strings.ToLower(n.Value) {
	case ".nan", ".inf", "+.inf", "-.inf":
		v, err = math.NaN(), nil
	}
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		d.drop(n, path, fmt.Errorf("%s %w", n.Value, model.ErrNotFinite))
		return nil, false
	case err != nil:
		d.notNumber(n, path)
		return nil, false
	}
	return v, true
}

// whole reads a whole number.
func (d *decoder) whole(n *yaml.Node, path []string) (any, bool) {
	i, err := strconv.Atoi(n.Value)
	if err == nil {
		return i, true
	}
	if _, err := strconv.ParseFloat(n.Value, 64); err == nil {
		d.drop(n, path, fmt.Errorf("%s is not a whole number", n.Value))
	} else {
		d.notNumber(n, path)
	}
	return nil, false
}

func (d *decoder) notNumber(n *yaml.Node, path []string) {
	if isNull(n) {
		d.drop(n, path, fmt.Errorf("want a number, found nothing"))
		return
	}
	d.drop(n, path, fmt.Errorf("%q is not a number", n.Value))
}

// fill sets v, a value of File or of a part of it, from the setting that
// the decoder made for its type (a nil setting leaves v as it is).
func fill(v reflect.Value, setting any) error {
	if setting == nil {
		return nil
	}
	m, isMap := setting.(map[string]any)
	list, isList := setting.([]any)
	switch k := v.Kind(); {
	case k == reflect.Pointer:
		e := reflect.New(v.Type().Elem())
		v.Set(e)
		return fill(e.Elem(), setting)
	case k == reflect.Struct && isMap:
		return fillStruct(v, m)
	case k == reflect.Map && isMap:
		return fillMap(v, m)
	case k == reflect.Slice && isList:
		return fillSlice(v, list)
	case reflect.TypeOf(setting) == v.Type():
		v.Set(reflect.ValueOf(setting))
		return nil
	}
	return fmt.Errorf("scenarios: a setting of type %T for a %s", setting, v.Type())
}

func fillStruct(v reflect.Value, m map[string]any) error {
	for i := 0; i < v.NumField(); i++ {
		if err := fill(v.Field(i), m[v.Type().Field(i).Tag.Get("mapstructure")]); err != nil {
			return err
		}
	}
	return nil
}

func fillMap(v reflect.Value, m map[string]any) error {
	out := reflect.MakeMapWithSize(v.Type(), len(m))
	for k, s := range m {
		e := reflect.New(v.Type().Elem()).Elem()
		if err := fill(e, s); err != nil {
			return err
		}
		out.SetMapIndex(reflect.ValueOf(k), e)
	}
	v.Set(out)
	return nil
}

func fillSlice(v reflect.Value, list []any) error {
	out := reflect.MakeSlice(v.Type(), len(list), len(list))
	for i, s := range list {
		if err := fill(out.Index(i), s); err != nil {
			return err
		}
	}
	v.Set(out)
	return nil
}

// zero is the setting that stands in for a wrong value of type t.
func zero(t reflect.Type) any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return map[string]any{}
	case reflect.Slice:
		return []any{}
	case reflect.Float64:
		return 0.0
	case reflect.Int:
		return 0
	}
	return ""
}

// inItem reports whether a key path lies inside an item of a list.
func inItem(path []string) bool {
	for _, p := range path {
		if strings.HasPrefix(p, "[") {
			return true
		}
	}
	return false
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

func describe(n *yaml.Node) string {
	switch {
	case n.Kind == yaml.MappingNode:
		return "a map"
	case n.Kind == yaml.SequenceNode:
		return "a list"
	case isNull(n):
		return "nothing"
	default:
		return fmt.Sprintf("%q", n.Value)
	}
}

var plainKey = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// formatPath writes a key path as exits.reunification["10-15"].foster_ifa.
func formatPath(path []string) string {
	var b strings.Builder
	for i, p := range path {
		switch {
		case strings.HasPrefix(p, "["):
			b.WriteString(p)
		case plainKey.MatchString(p):
			if i > 0 {
				b.WriteByte('.')
			}
			b.WriteString(p)
		default:
			fmt.Fprintf(&b, "[%q]", p)
		}
	}
	return b.String()
}

// under reports whether the key path p (formatted) is at or under q.
func under(p, q string) bool {
	if !strings.HasPrefix(p, q) {
		return false
	}
	rest := p[len(q):]
	return rest == "" || rest[0] == '.' || rest[0] == '['
}

// lineOf finds the line of a key path in a file, or 0.
func lineOf(n *yaml.Node, path []string) int {
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := n.Line
	for _, p := range path {
		switch n.Kind {
		case yaml.MappingNode:
			found := false
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == p {
					line, n, found = n.Content[i].Line, n.Content[i+1], true
					break
				}
			}
			if !found {
				return 0
			}
		case yaml.SequenceNode:
			i, err := strconv.Atoi(strings.Trim(p, "[]"))
			if err != nil || i < 0 || i >= len(n.Content) {
				return 0
			}
			n = n.Content[i]
			line = n.Line
		default:
			return 0
		}
	}
	return line
}
