// Package scenarios loads the scenario YAML files that analysts copy and
// edit, and turns them into the model's parameters. The files shipped with
// carecast (baseline.yaml and its what-ifs) live beside this package and are
// embedded in the binary.
package scenarios

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/carecast/carecast/data"
	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/model/target"
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
	// Targets are the goals the file states, checked against the
	// projection's months and categories.
	Targets []target.Target
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
	// errs are the problems with the file's keys and values; dropped are the
	// key paths whose values were left out because of them.
	errs    []error
	dropped []string
}

// Load reads a scenario file and the files it extends. A path that does not
// exist on disk but names a shipped scenario (baseline.yaml) loads the
// shipped one. A scenario with problems gives all of them, each located at a
// file, line and key, in one error (errors.Join of *Error values).
func Load(path string) (*Scenario, error) {
	chain, err := readChain(path)
	if err != nil {
		return nil, err
	}
	s, err := build(chain)
	if err != nil {
		return nil, err
	}
	s.History = history(chain)
	return s, nil
}

// readChain reads a file and the files it extends, the named one first. It
// stops early only at a file that cannot be read or parsed, or at an
// extends that cannot be followed.
func readChain(path string) ([]*source, error) {
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
		if slices.Contains(src.dropped, "extends") {
			return nil, errors.Join(sortErrors(parseErrors(chain))...)
		}
		ext, _ := src.settings["extends"].(string)
		next, from = ext, src.dir
	}
	return chain, nil
}

// FolderKey is how a history key, or a History, names the folder dir: dir
// itself, but ./sample for a folder named sample, which "sample" alone
// would make the sample shipped with carecast.
func FolderKey(dir string) string {
	if dir == SampleHistory {
		return "." + string(filepath.Separator) + dir
	}
	return dir
}

// history resolves the history key of the nearest file in the chain that
// gives one; an empty one (history: "") means none, whatever a parent says.
func history(chain []*source) string {
	for _, src := range chain {
		v, given := src.settings["history"]
		if !given {
			continue
		}
		h, _ := v.(string)
		switch {
		case h == "":
			return ""
		case h == SampleHistory || filepath.IsAbs(h) || src.dir == "":
			return h
		default:
			return FolderKey(filepath.Join(src.dir, h))
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

// parseSource parses a file's YAML, once, and reads its settings, checking
// its keys and the types of its values.
func parseSource(name, dir string, data []byte) (*source, error) {
	doc, err := parseYAML(data)
	if err != nil {
		return nil, yamlError(name, err)
	}
	if len(doc.Content) == 0 {
		return nil, &Error{File: name, Err: errors.New("the file is empty")}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, &Error{File: name, Line: root.Line, Err: errors.New("a scenario is a map of keys such as start, categories, exits")}
	}
	settings, d := decodeFile(name, root)
	return &source{name: name, dir: dir, node: doc, settings: settings, errs: d.errs, dropped: d.dropped}, nil
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func yamlError(name string, err error) error {
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &Error{File: name, Line: line, Err: fmt.Errorf("YAML syntax: %s", m[2])}
	}
	return &Error{File: name, Err: fmt.Errorf("YAML syntax: %s", strings.TrimPrefix(err.Error(), "yaml: "))}
}
