package scenarios

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/carecast/carecast/model"
)

var namePattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// names indexes a list of names, checking each.
func (b *builder) names(key string, list []string, reserved ...string) map[string]int {
	idx := map[string]int{}
	if len(list) == 0 {
		b.fail(p(key), "the list is missing or empty")
	}
	for i, n := range list {
		path := p(key, item(i))
		switch {
		case !namePattern.MatchString(n):
			b.fail(path, "%q: names are lower-case letters, digits and _", n)
		case n == all:
			b.fail(path, "%q stands for every band or category and cannot be a name", n)
		case contains(reserved, n):
			b.fail(path, "%q is reserved", n)
		}
		if _, dup := idx[n]; dup {
			b.fail(path, "%q is listed twice", n)
		}
		idx[n] = i
		if key == "categories" {
			b.wrote(cellOf(model.FieldCategories, i), path)
		}
	}
	return idx
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

var bandPattern = regexp.MustCompile(`^(\d+)(?:-(\d+))?$`)

// ageBands reads the bands, written "0", "1-4", "16-17".
func (b *builder) ageBands() {
	b.bands = map[string]int{}
	if len(b.f.AgeBands) == 0 {
		b.fail(p("age_bands"), "the list is missing or empty")
		return
	}
	for i, name := range b.f.AgeBands {
		m := bandPattern.FindStringSubmatch(name)
		if m == nil {
			b.fail(p("age_bands", item(i)), "%q is not an age band such as 0, 1-4 or 16-17", name)
			return
		}
		lo, _ := strconv.Atoi(m[1])
		hi := lo
		if m[2] != "" {
			hi, _ = strconv.Atoi(m[2])
		}
		b.bands[name] = i
		b.p.Bands = append(b.p.Bands, model.Band{Name: name, Min: lo, Max: hi})
		b.wrote(cellOf(model.FieldBands, i), p("age_bands", item(i)))
	}
	if err := model.CheckBands(b.p.Bands); err != nil {
		b.fail(p("age_bands"), "%v", err)
	}
}

// lookup finds a name in an index, reporting it if unknown.
func (b *builder) lookup(path []string, what string, idx map[string]int, name string) (int, bool) {
	i, ok := idx[name]
	if !ok {
		b.fail(path, "unknown %s %q (known: %s)", what, name, strings.Join(sortedKeys(idx), ", "))
	}
	return i, ok
}

func sortedKeys(idx map[string]int) []string {
	out := make([]string, len(idx))
	for k, i := range idx {
		out[i] = k
	}
	return out
}

// bandCells expands a band key (a band name or all) into band indices.
func (b *builder) bandCells(path []string, key string) []int {
	if key == all {
		return seq(len(b.p.Bands))
	}
	if i, ok := b.lookup(path, "age band", b.bands, key); ok {
		return []int{i}
	}
	return nil
}

// catCells expands a category key (a category or, if allowAll, all).
func (b *builder) catCells(path []string, key string, allowAll bool) []int {
	if key == all && allowAll {
		return seq(len(b.f.Categories))
	}
	if i, ok := b.lookup(path, "category", b.cats, key); ok {
		return []int{i}
	}
	return nil
}

func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// bandSet reads a list of band names into a bit set (empty: all bands).
func (b *builder) bandSet(path []string, names []string) (set uint64, ok bool) {
	ok = true
	for i, n := range names {
		j, found := b.lookup(at(path, item(i)), "age band", b.bands, n)
		if found {
			set |= 1 << uint(j)
		}
		ok = ok && found
	}
	return set, ok
}

// specific orders a map's keys so that "all" comes first, and the named
// keys, which override it, after it in sorted order.
func specific[V any](m map[string]V) []string {
	keys := sortedMapKeys(m)
	for i, k := range keys {
		if k == all {
			copy(keys[1:i+1], keys[:i])
			keys[0] = all
			break
		}
	}
	return keys
}

func sortedMapKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// month reads an optional month at path, or returns def.
func (b *builder) month(path []string, s string, def model.Month) model.Month {
	if s == "" {
		return def
	}
	m, err := model.ParseMonth(s)
	if err != nil {
		b.fail(path, "%v", err)
		return def
	}
	return m
}

// span reads start and end months under path; either may be left out.
func (b *builder) span(path []string, start, end string, defStart, defEnd model.Month) (model.Month, model.Month) {
	return b.month(at(path, "start"), start, defStart), b.month(at(path, "end"), end, defEnd)
}

// start reads the first month projected.
//
// Without a good start the other keys are still read and checked, from a
// stand-in start (placeholderStart), so that the months that default to it
// (a cost line's) are not reported as wrong too.
func (b *builder) start() {
	switch m, err := model.ParseMonth(b.f.Start); {
	case b.f.Start == "":
		b.fail(p("start"), "the first month to project (YYYY-MM) is missing")
		b.p.Start = placeholderStart
	case err != nil:
		b.fail(p("start"), "%v", err)
		b.p.Start = placeholderStart
	default:
		b.p.Start = m
	}
}

// placeholderStart stands in for a start that is missing or wrong: any
// month the model accepts.
var placeholderStart = model.MonthOf(2000, time.April)

// last is the last month projected.
func (b *builder) last() model.Month { return b.p.Start + model.Month(b.p.Horizon-1) }

// outside warns when the months from to to, set at path, all lie outside
// the projection, so that what they set does nothing.
func (b *builder) outside(path []string, what string, from, to model.Month) {
	first, last := b.p.Start, b.last()
	switch {
	case from > last:
		b.warn(path, "%s starts in %v, after the projection ends (%v): it changes nothing", what, from, last)
	case to < first:
		b.warn(path, "%s ends in %v, before the projection starts (%v): it changes nothing", what, to, first)
	}
}
