package scenarios

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/carecast/carecast/data"
	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/model/target"
)

// DefaultHorizon is the number of months projected when a scenario gives none.
const DefaultHorizon = 60

// all is the key that stands for every band or every category.
const all = "all"

// listKeys are the lists that a file adds to its parent's rather than replaces.
var listKeys = []string{"changes", "interventions", "targets"}

// origin is where an item of an added-up list was written.
type origin struct {
	src   *source
	index int
}

// builder turns a chain of files into a Scenario, collecting every problem.
type builder struct {
	chain   []*source
	origins map[string][]origin
	f       File
	// files are the chain's files each as written, child first, to tell
	// which file gave what (stock.go).
	files []File
	p     *model.Params
	errs  []*Error // found building Params
	// modelErrs are the problems the model's checks found (validate.go).
	modelErrs []*Error
	warns     []*Error
	// set records where each value of p was written, to place the
	// problems the model's checks find (validate.go).
	set map[cell]written
	// built is whether the lists that p's tables are indexed by are good,
	// so that the tables were built and can be checked.
	built bool

	cats, bands, routes, reasons map[string]int
	targets                      []target.Target
	mapping                      data.Mapping
}

// build merges a chain of files (child first) and turns the result into
// model parameters, checked by the model.
func build(chain []*source) (*Scenario, error) {
	b, err := newBuilder(chain)
	if err != nil {
		return nil, err
	}
	b.params()
	if b.built {
		b.validate()
	}
	if errs := b.problems(); len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return b.scenario(), nil
}

// newBuilder merges the chain's settings into a File.
func newBuilder(chain []*source) (*builder, error) {
	b := &builder{chain: chain, origins: map[string][]origin{}, set: map[cell]written{}}
	if err := fill(reflect.ValueOf(&b.f).Elem(), b.merge()); err != nil {
		return nil, &Error{File: chain[0].name, Err: err}
	}
	b.files = make([]File, len(chain))
	for i, src := range chain {
		if err := fill(reflect.ValueOf(&b.files[i]).Elem(), src.settings); err != nil {
			return nil, &Error{File: src.name, Err: err}
		}
	}
	return b, nil
}

// merge lays the files' settings over each other, the parent first, noting
// where each item of an added-up list came from.
func (b *builder) merge() map[string]any {
	merged := map[string]any{}
	for i := len(b.chain) - 1; i >= 0; i-- {
		src := b.chain[i]
		for key, val := range src.settings {
			if !isListKey(key) {
				merged[key] = mergeValue(merged[key], val)
				continue
			}
			items, _ := val.([]any)
			for j := range items {
				b.origins[key] = append(b.origins[key], origin{src, j})
			}
			prev, _ := merged[key].([]any)
			merged[key] = append(prev, items...)
		}
	}
	return merged
}

func isListKey(k string) bool {
	for _, l := range listKeys {
		if k == l {
			return true
		}
	}
	return false
}

// mergeValue lays b over a: maps merge key by key, anything else replaces.
func mergeValue(a, b any) any {
	am, ok1 := a.(map[string]any)
	bm, ok2 := b.(map[string]any)
	if !ok1 || !ok2 {
		return b
	}
	out := make(map[string]any, len(am)+len(bm))
	for k, v := range am {
		out[k] = v
	}
	for k, v := range bm {
		out[k] = mergeValue(out[k], v)
	}
	return out
}

// scenario is the built scenario, with its warnings.
func (b *builder) scenario() *Scenario {
	s := &Scenario{File: b.f, Params: b.p, Labels: b.f.Labels, Mapping: b.mapping, Targets: b.targets}
	for _, w := range sortErrors(asErrors(b.warns)) {
		s.Warnings = append(s.Warnings, w.Error())
	}
	for _, src := range b.chain {
		s.Files = append(s.Files, src.name)
	}
	return s
}

// problems are the files' own problems and those found building and
// checking Params, less those that only follow from another: a problem at
// or under a key whose value was left out, or a problem the model found at
// a key where, or in a part where, building found one.
func (b *builder) problems() []error {
	errs := parseErrors(b.chain)
	var causes []*Error // the values left out
	for _, src := range b.chain {
		for _, d := range src.dropped {
			causes = append(causes, &Error{File: src.name, Path: d})
		}
	}
	for _, e := range b.errs {
		if !follows(e, causes, true, false) {
			errs = append(errs, e)
			causes = append(causes, e)
		}
	}
	for _, e := range b.modelErrs {
		if !follows(e, causes, true, true) {
			errs = append(errs, e)
		}
	}
	return sortErrors(errs)
}

// parseErrors are the problems with the keys and values of a chain's files.
func parseErrors(chain []*source) []error {
	var errs []error
	for _, src := range chain {
		errs = append(errs, src.errs...)
	}
	return errs
}

// follows reports whether problem e is at the key of one of the causes, in
// the same file, or (if below) under it, or (if above) at a key that holds it.
func follows(e *Error, causes []*Error, below, above bool) bool {
	for _, c := range causes {
		switch {
		case c.File != e.File:
		case below && under(e.Path, c.Path), above && under(c.Path, e.Path):
			return true
		}
	}
	return false
}

// sortErrors puts located errors in file and line order and drops repeats,
// so that a file's problems read from top to bottom, each once.
func sortErrors(errs []error) []error {
	key := func(e error) (string, int) {
		var se *Error
		if errors.As(e, &se) {
			return se.File, se.Line
		}
		return "", 0
	}
	sort.SliceStable(errs, func(i, j int) bool {
		fi, li := key(errs[i])
		fj, lj := key(errs[j])
		if fi != fj {
			return fi < fj
		}
		return li < lj
	})
	out := errs[:0]
	seen := map[string]bool{}
	for _, e := range errs {
		if msg := e.Error(); !seen[msg] {
			seen[msg] = true
			out = append(out, e)
		}
	}
	return out
}

func asErrors[E error](list []E) []error {
	out := make([]error, len(list))
	for i, e := range list {
		out[i] = e
	}
	return out
}

// fail records an error at a key path, located in the file that wrote it.
func (b *builder) fail(path []string, format string, args ...any) {
	b.errs = append(b.errs, b.locate(path, fmt.Errorf(format, args...)))
}

// warn records a warning at a key path: something that loads but is
// probably not what was meant.
func (b *builder) warn(path []string, format string, args ...any) {
	b.warns = append(b.warns, b.locate(path, fmt.Errorf(format, args...)))
}

// locate places err at a key path in the file that wrote it.
func (b *builder) locate(path []string, e error) *Error {
	err := &Error{File: b.chain[0].name, Path: formatPath(path), Err: e}
	look := path
	srcs := b.chain
	if len(path) >= 2 && isListKey(path[0]) {
		i, _ := strconv.Atoi(strings.Trim(path[1], "[]"))
		if o := b.origins[path[0]]; i < len(o) {
			look = append([]string{path[0], fmt.Sprintf("[%d]", o[i].index)}, path[2:]...)
			srcs = []*source{o[i].src}
			err.Path = formatPath(look)
		}
	}
	for _, src := range srcs {
		if line := lineOf(src.node, look); line > 0 {
			err.File, err.Line = src.name, line
			break
		}
	}
	return err
}

func p(parts ...string) []string { return parts }

// at extends a key path, never sharing the backing array of path.
func at(path []string, parts ...string) []string {
	return append(path[:len(path):len(path)], parts...)
}

// item is the key of the i-th item of a list.
func item(i int) string {
	if i < len(itemKeys) {
		return itemKeys[i]
	}
	return fmt.Sprintf("[%d]", i)
}

// itemKeys are the keys of the first items, which tables of ages use.
var itemKeys = func() []string {
	keys := make([]string, model.NAges)
	for i := range keys {
		keys[i] = fmt.Sprintf("[%d]", i)
	}
	return keys
}()

// params builds the model's parameters from the merged file, section by
// section.
func (b *builder) params() {
	f := &b.f
	b.p = &model.Params{Horizon: DefaultHorizon}
	b.start()
	before := len(b.errs)
	b.cats = b.names("categories", f.Categories)
	b.routes = b.names("routes", f.Routes)
	b.reasons = b.names("exit_reasons", f.ExitReasons, model.AgeOut)
	b.p.Categories, b.p.Reasons = f.Categories, f.ExitReasons
	b.ageBands()
	if len(b.errs) > before {
		return // the tables below are indexed by these lists
	}
	b.built = true
	K, B, R := len(f.Categories), len(b.p.Bands), len(f.ExitReasons)
	b.set = make(map[cell]written, model.NAges*K+R*B*K+B*K*K+len(f.Routes)*(model.AgeYears+B*K))
	if f.HorizonMonths != nil {
		b.p.Horizon = *f.HorizonMonths
		b.wrote(cellOf(model.FieldHorizon), p("horizon_months"), float64(b.p.Horizon))
	}
	b.initialStock()
	b.stockStart()
	b.durations()
	b.entries()
	b.exits()
	b.moves()
	b.costs()
	b.changes()
	b.interventions()
	b.capacities()
	b.mapCodes()
	b.evidence()
	b.readTargets()
}
