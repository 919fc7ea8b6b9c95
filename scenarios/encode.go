package scenarios

import (
	"fmt"
	"io"
	"math"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Notes are the comments Encode writes into a file: a header block at the
// top, comment lines above a key and a comment beside a value. A key is
// named by its path, one part a key, "[i]" for the i'th item of a list:
// {"exits", "reunification", "0", "foster_inhouse"}.
type Notes struct {
	// Header is the comment at the top of the file, one line an item,
	// without the leading "# ".
	Header []string
	above  map[string][]string
	beside map[string]string
}

// Above writes comment lines above the key at path. At the top level of
// the file a blank line comes before them; no lines writes only the blank
// line.
func (n *Notes) Above(path []string, lines ...string) {
	if n.above == nil {
		n.above = map[string][]string{}
	}
	n.above[pathKey(path)] = lines
}

// Beside writes a comment after the value at path, on the same line (after
// the key, for a value written on the lines below it).
func (n *Notes) Beside(path []string, text string) {
	if n.beside == nil {
		n.beside = map[string]string{}
	}
	n.beside[pathKey(path)] = text
}

func (n *Notes) noted(path []string) bool {
	k := pathKey(path)
	_, a := n.above[k]
	_, b := n.beside[k]
	return a || b
}

func pathKey(path []string) string { return strings.Join(path, "\x00") }

// flowWidth is the widest map or list of single values written on one line
// ({events: 2, child_years: 11.6}); a list of numbers is always one line.
const flowWidth = 80

// Encode writes a scenario file as YAML, with notes (which may be nil).
// The keys are File's mapstructure tags, the keys the loader reads, in the
// order of File's fields. A field holding its type's zero value (0, "", a
// nil map, list or pointer, a struct of zero values) is left out unless a
// note is attached to it, and the loader reads it back as the same zero;
// but a record of numbers only (a Count) is written whole, zeros too. An
// empty map or list that is not nil is written {} or [], since a key with
// nothing under it would be null. Maps are in the order of the file's age
// bands, categories, routes or exit reasons, whichever holds all their keys
// ("all" first), else alphabetical. Numbers are written in full, the
// shortest text that reads back as the same float64, so Load gives back
// exactly the values encoded; a number that is not finite is an error.
func Encode(w io.Writer, f File, notes *Notes) error {
	if notes == nil {
		notes = &Notes{}
	}
	e := &encoder{notes: notes, orders: [][]string{f.AgeBands, f.Categories, f.Routes, f.ExitReasons}}
	root := e.value(reflect.ValueOf(f), nil)
	if e.err != nil {
		return e.err
	}
	doc := &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}
	if len(notes.Header) > 0 {
		doc.HeadComment = comment(notes.Header)
	}
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return err
	}
	return enc.Close()
}

type encoder struct {
	notes  *Notes
	orders [][]string // lists of names that order a map's keys
	err    error      // the first value that cannot be written
}

// value turns a value of File, or of a type within it, into a YAML node.
func (e *encoder) value(v reflect.Value, path []string) *yaml.Node {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
		}
		return e.value(v.Elem(), path)
	case reflect.Struct:
		return e.structNode(v, path)
	case reflect.Map:
		return e.mapNode(v, path)
	case reflect.Slice:
		return e.listNode(v, path)
	case reflect.String:
		return text(v.String())
	case reflect.Float32, reflect.Float64:
		x := v.Float()
		if math.IsNaN(x) || math.IsInf(x, 0) {
			e.fail(path, "%v is not a finite number", x)
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Value: number(x)}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return &yaml.Node{Kind: yaml.ScalarNode, Value: strconv.FormatInt(v.Int(), 10)}
	}
	e.fail(path, "cannot write a %s", v.Type())
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
}

// fail records the first value that cannot be written.
func (e *encoder) fail(path []string, format string, args ...any) {
	if e.err == nil {
		e.err = fmt.Errorf("scenario: %s: %s", formatPath(path), fmt.Sprintf(format, args...))
	}
}

// structNode writes a struct's fields under their mapstructure tags, in
// order, leaving out zero values (see Encode).
func (e *encoder) structNode(v reflect.Value, path []string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode}
	t := v.Type()
	whole := numbersOnly(t)
	for i := 0; i < t.NumField(); i++ {
		key := t.Field(i).Tag.Get("mapstructure")
		fv := v.Field(i)
		fpath := append(slices.Clip(path), key)
		if fv.IsZero() && !whole && !e.notes.noted(fpath) {
			continue
		}
		e.pair(n, key, fv, fpath)
	}
	return flow(n)
}

// mapNode writes a map keyed by names, in the order of e.order.
func (e *encoder) mapNode(v reflect.Value, path []string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode}
	keys := make([]string, 0, v.Len())
	for _, k := range v.MapKeys() {
		keys = append(keys, k.String())
	}
	for _, k := range e.order(keys) {
		e.pair(n, k, v.MapIndex(reflect.ValueOf(k).Convert(v.Type().Key())), append(slices.Clip(path), k))
	}
	return flow(n)
}

// listNode writes a list, each item with its notes.
func (e *encoder) listNode(v reflect.Value, path []string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode}
	for i := 0; i < v.Len(); i++ {
		ipath := append(slices.Clip(path), fmt.Sprintf("[%d]", i))
		item := e.value(v.Index(i), ipath)
		item.HeadComment = e.above(ipath, false)
		item.LineComment = e.beside(ipath)
		n.Content = append(n.Content, item)
	}
	return flow(n)
}

// numbersOnly reports whether a struct is a record of numbers, such as a
// Count, which is written whole, zeros too.
func numbersOnly(t reflect.Type) bool {
	for i := 0; i < t.NumField(); i++ {
		switch t.Field(i).Type.Kind() {
		case reflect.Float32, reflect.Float64, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		default:
			return false
		}
	}
	return true
}

// pair adds key: value to a mapping node, with the notes at path.
func (e *encoder) pair(n *yaml.Node, key string, v reflect.Value, path []string) {
	k, val := text(key), e.value(v, path)
	k.HeadComment = e.above(path, len(path) == 1 && len(n.Content) > 0)
	if c := e.beside(path); c != "" {
		if val.Kind == yaml.ScalarNode || val.Style == yaml.FlowStyle {
			val.LineComment = c
		} else {
			k.LineComment = c
		}
	}
	n.Content = append(n.Content, k, val)
}

func (e *encoder) above(path []string, blank bool) string {
	lines, ok := e.notes.above[pathKey(path)]
	if !ok {
		return ""
	}
	c := comment(lines)
	if blank {
		c = "\n" + c
	}
	return c
}

func (e *encoder) beside(path []string) string {
	if c, ok := e.notes.beside[pathKey(path)]; ok {
		return "# " + c
	}
	return ""
}

// comment turns lines into a YAML comment block.
func comment(lines []string) string {
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(strings.TrimRight("# "+l, " "))
	}
	return b.String()
}

// order sorts a map's keys: by the first list of names that holds them all
// (with "all" first), else alphabetically with "all" first.
func (e *encoder) order(keys []string) []string {
	rank := func(list []string) map[string]int {
		r := map[string]int{all: -1}
		for i, name := range list {
			if _, dup := r[name]; !dup {
				r[name] = i
			}
		}
		for _, k := range keys {
			if _, ok := r[k]; !ok {
				return nil
			}
		}
		return r
	}
	for _, list := range e.orders {
		if r := rank(list); r != nil {
			sort.Slice(keys, func(i, j int) bool { return r[keys[i]] < r[keys[j]] })
			return keys
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		if (keys[i] == all) != (keys[j] == all) {
			return keys[i] == all
		}
		return keys[i] < keys[j]
	})
	return keys
}

// flow writes a list or map on one line where it can: a list whose items
// are single values, or a map of single values and such lists that fits in
// flowWidth; never one that holds a comment.
func flow(n *yaml.Node) *yaml.Node {
	width := 2
	for i, c := range n.Content {
		if c.HeadComment != "" || c.LineComment != "" {
			return n
		}
		switch {
		case c.Kind == yaml.ScalarNode:
			width += len(c.Value) + 2
		case n.Kind == yaml.MappingNode && i%2 == 1 && c.Kind == yaml.SequenceNode && c.Style == yaml.FlowStyle:
			for _, item := range c.Content {
				width += len(item.Value) + 2
			}
		default:
			return n
		}
	}
	if n.Kind == yaml.SequenceNode || width <= flowWidth {
		n.Style = yaml.FlowStyle
	}
	return n
}

// plain are the strings written without quotes: names, 903 codes, months
// and financial years. Other text is quoted, and so is anything the YAML
// encoder would otherwise read as another type.
var plain = regexp.MustCompile(`^([a-z][a-z0-9_]*|[A-Z][A-Z0-9]*\*?|\d{4}-\d{2})$`)

// yaml11 are the words YAML 1.1 reads as true, false or null, quoted for
// other readers of the file (spreadsheets' importers, PyYAML).
var yaml11 = regexp.MustCompile(`^(?i:y|yes|n|no|on|off|true|false|null)$`)

func text(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if !plain.MatchString(s) || yaml11.MatchString(s) {
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

// number writes a float64 as the shortest decimal that reads back as the
// same float64: without an exponent unless it is tiny or huge.
func number(v float64) string {
	if a := math.Abs(v); a != 0 && (a < 1e-6 || a >= 1e15) || math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
