// Package scenarios loads the scenario YAML files that analysts copy and
// edit, and turns them into the model's parameters. The files shipped with
// carecast (baseline.yaml and its what-ifs) live beside this package and are
// embedded in the binary.
package scenarios

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/carecast/carecast/data"
	"github.com/carecast/carecast/model"
	"github.com/spf13/viper"
	"go.yaml.in/yaml/v3"
)

//go:embed *.yaml
var shipped embed.FS

// Embedded names the scenario files shipped in the binary.
func Embedded() []string {
	names, _ := fs.Glob(shipped, "*.yaml")
	return names
}

// Shipped returns the text of a scenario file shipped with carecast.
func Shipped(name string) ([]byte, error) {
	b, err := shipped.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("no shipped scenario %q (the shipped ones are %s)", name, strings.Join(Embedded(), ", "))
	}
	return b, nil
}

// DefaultName is the scenario run when none is named.
const DefaultName = "baseline.yaml"

// Scenario is a loaded scenario.
type Scenario struct {
	// Files are the files read, the named one first, then what it extends.
	Files  []string
	File   File // the merged file
	Params *model.Params
	// Labels are display names of categories, routes and exit reasons
	// (the name itself where the file gives none).
	Labels map[string]string
	// Mapping groups SSDA903 codes into the scenario's categories, exit
	// reasons and routes.
	Mapping data.Mapping
	// History is the folder of returns for the actual history ("" for
	// none), resolved against the folder of the file that names it; it is
	// SampleHistory for the shipped sample.
	History string
	// Warnings are located messages about settings that load but change
	// nothing, such as an intervention after the projection ends.
	Warnings []string
}

// SampleHistory is the History of a scenario whose history is the
// synthetic council shipped with carecast.
const SampleHistory = "sample"

// Classifier applies the scenario's mapping of SSDA903 codes.
func (s *Scenario) Classifier() *data.Classifier {
	cl, err := s.Mapping.Compile(s.Params.Categories, s.Params.Reasons, routeNames(s.Params.Routes))
	if err != nil {
		panic("scenarios: a loaded scenario's mapping does not compile: " + err.Error())
	}
	return cl
}

func routeNames(routes []model.Route) []string {
	out := make([]string, len(routes))
	for i, r := range routes {
		out[i] = r.Name
	}
	return out
}

// Label is the display name of a category, route or exit reason.
func (s *Scenario) Label(name string) string {
	if l, ok := s.Labels[name]; ok && l != "" {
		return l
	}
	return name
}

// Error is a problem in a scenario file, located as precisely as possible.
type Error struct {
	File string
	Line int    // 0 if unknown
	Path string // the key, e.g. exits.reunification["10-15"].foster_ifa
	Err  error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// source is one file of a scenario's chain.
type source struct {
	name     string // as shown in messages
	dir      string // folder on disk, or "" for an embedded file
	node     *yaml.Node
	settings map[string]any
}

// Load reads a scenario file and the files it extends. A path that does not
// exist on disk but names a shipped scenario (baseline.yaml) loads the
// shipped one.
func Load(path string) (*Scenario, error) {
	var chain []*source
	seen := map[string]bool{}
	from := ""
	for next := path; next != ""; {
		src, err := readSource(next, from)
		if err != nil {
			return nil, err
		}
		if seen[src.name] {
			return nil, &Error{File: chain[len(chain)-1].name, Path: "extends", Err: fmt.Errorf("%s extends itself in a loop", src.name)}
		}
		seen[src.name] = true
		chain = append(chain, src)
		ext, _ := src.settings["extends"].(string)
		next, from = ext, src.dir
	}
	s, err := build(chain)
	if err != nil {
		return nil, err
	}
	s.History = history(chain)
	return s, nil
}

// history resolves the history key of the nearest file in the chain that
// gives one.
func history(chain []*source) string {
	for _, src := range chain {
		h, _ := src.settings["history"].(string)
		switch {
		case h == "":
			continue
		case h == SampleHistory || filepath.IsAbs(h) || src.dir == "":
			return h
		default:
			return filepath.Join(src.dir, h)
		}
	}
	return ""
}

// readSource reads a file named by path, relative to dir (the folder of the
// file that extends it), falling back to the shipped files.
func readSource(path, dir string) (*source, error) {
	full := path
	if dir != "" && !filepath.IsAbs(path) {
		full = filepath.Join(dir, path)
	}
	data, err := os.ReadFile(full)
	name, srcDir := full, filepath.Dir(full)
	if errors.Is(err, fs.ErrNotExist) {
		if b, err2 := shipped.ReadFile(filepath.Base(path)); err2 == nil && filepath.Base(path) == path {
			data, err, name, srcDir = b, nil, "(shipped) "+path, ""
		}
	}
	if err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	return parseSource(name, srcDir, data)
}

// parseSource checks a file's syntax and keys and reads its settings.
func parseSource(name, dir string, data []byte) (*source, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlError(name, err)
	}
	src := &source{name: name, dir: dir, node: &doc}
	if len(doc.Content) == 0 {
		return nil, &Error{File: name, Err: errors.New("the file is empty")}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, &Error{File: name, Line: root.Line, Err: errors.New("a scenario is a map of keys such as start, categories, exits")}
	}
	if err := checkKeys(name, root, reflect.TypeOf(File{}), nil); err != nil {
		return nil, err
	}
	v := viper.New()
	v.SetConfigType("yaml")
	if err := v.ReadConfig(bytes.NewReader(data)); err != nil {
		return nil, &Error{File: name, Err: err}
	}
	src.settings = v.AllSettings()
	return src, nil
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func yamlError(name string, err error) error {
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &Error{File: name, Line: line, Err: fmt.Errorf("YAML syntax: %s", m[2])}
	}
	return &Error{File: name, Err: fmt.Errorf("YAML syntax: %s", strings.TrimPrefix(err.Error(), "yaml: "))}
}

// checkKeys walks a YAML node against the Go type it decodes into and
// reports the first key that type does not have, with its line.
func checkKeys(file string, n *yaml.Node, t reflect.Type, path []string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if n.Kind == yaml.MappingNode {
		first := map[string]int{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := n.Content[i]
			if line, dup := first[key.Value]; dup {
				return &Error{File: file, Line: key.Line, Path: formatPath(append(path, key.Value)),
					Err: fmt.Errorf("%q is given twice (first at line %d)", key.Value, line)}
			}
			first[key.Value] = key.Line
		}
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return &Error{File: file, Line: n.Line, Path: formatPath(path), Err: fmt.Errorf("want a map of keys, found %s", describe(n))}
		}
		fields := map[string]reflect.Type{}
		var known []string
		for i := 0; i < t.NumField(); i++ {
			tag := t.Field(i).Tag.Get("mapstructure")
			fields[tag] = t.Field(i).Type
			known = append(known, tag)
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			key, val := n.Content[i], n.Content[i+1]
			ft, ok := fields[key.Value]
			if !ok {
				return &Error{File: file, Line: key.Line, Path: formatPath(append(path, key.Value)),
					Err: fmt.Errorf("unknown key %q (known here: %s)", key.Value, strings.Join(known, ", "))}
			}
			if err := checkKeys(file, val, ft, append(path, key.Value)); err != nil {
				return err
			}
		}
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			return &Error{File: file, Line: n.Line, Path: formatPath(path), Err: fmt.Errorf("want a map, found %s", describe(n))}
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			key, val := n.Content[i], n.Content[i+1]
			if key.Value != strings.ToLower(key.Value) {
				return &Error{File: file, Line: key.Line, Path: formatPath(append(path, key.Value)),
					Err: fmt.Errorf("key %q: names are lower case", key.Value)}
			}
			if err := checkKeys(file, val, t.Elem(), append(path, key.Value)); err != nil {
				return err
			}
		}
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return &Error{File: file, Line: n.Line, Path: formatPath(path), Err: fmt.Errorf("want a list, found %s", describe(n))}
		}
		for i, item := range n.Content {
			if err := checkKeys(file, item, t.Elem(), append(path, fmt.Sprintf("[%d]", i))); err != nil {
				return err
			}
		}
	default:
		if n.Kind != yaml.ScalarNode {
			return &Error{File: file, Line: n.Line, Path: formatPath(path), Err: fmt.Errorf("want a single value, found %s", describe(n))}
		}
		if t.Kind() == reflect.Float64 || t.Kind() == reflect.Int {
			if _, err := strconv.ParseFloat(n.Value, 64); err != nil {
				return &Error{File: file, Line: n.Line, Path: formatPath(path), Err: fmt.Errorf("%q is not a number", n.Value)}
			}
		}
		if t.Kind() == reflect.Int {
			if _, err := strconv.Atoi(n.Value); err != nil {
				return &Error{File: file, Line: n.Line, Path: formatPath(path), Err: fmt.Errorf("%s is not a whole number", n.Value)}
			}
		}
	}
	return nil
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a map"
	case yaml.SequenceNode:
		return "a list"
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
