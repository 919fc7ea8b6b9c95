package scenarios

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/carecast/carecast/data"
	"github.com/carecast/carecast/model"
	"github.com/spf13/viper"
)

// DefaultHorizon is the number of months projected when a scenario gives none.
const DefaultHorizon = 60

// all is the key that stands for every band or every category.
const all = "all"

// listKeys are the lists that a file adds to its parent's rather than replaces.
var listKeys = []string{"changes", "interventions"}

// origin is where an item of an added-up list was written.
type origin struct {
	src   *source
	index int
}

type builder struct {
	chain   []*source
	origins map[string][]origin
	f       File
	p       *model.Params
	errs    []error
	warns   []*Error

	cats, bands, routes, reasons map[string]int
	mapping                      data.Mapping
}

// build merges a chain of files (child first) and turns the result into
// model parameters.
func build(chain []*source) (*Scenario, error) {
	b := &builder{chain: chain, origins: map[string][]origin{}}
	merged := map[string]any{}
	for i := len(chain) - 1; i >= 0; i-- {
		src := chain[i]
		for key, val := range src.settings {
			if isListKey(key) {
				items, _ := val.([]any)
				for j := range items {
					b.origins[key] = append(b.origins[key], origin{src, j})
				}
				prev, _ := merged[key].([]any)
				merged[key] = append(prev, items...)
				continue
			}
			merged[key] = mergeValue(merged[key], val)
		}
	}
	v := viper.New()
	if err := v.MergeConfigMap(merged); err != nil {
		return nil, &Error{File: chain[0].name, Err: err}
	}
	if err := v.Unmarshal(&b.f); err != nil {
		return nil, &Error{File: chain[0].name, Err: err}
	}
	b.params()
	if len(b.errs) > 0 {
		return nil, errors.Join(sortErrors(b.errs)...)
	}
	if err := b.p.Validate(); err != nil {
		return nil, &Error{File: chain[0].name, Err: err}
	}
	s := &Scenario{File: b.f, Params: b.p, Labels: b.f.Labels, Mapping: b.mapping}
	for _, w := range sortErrors(asErrors(b.warns)) {
		s.Warnings = append(s.Warnings, w.Error())
	}
	for _, src := range chain {
		s.Files = append(s.Files, src.name)
	}
	return s, nil
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

func asErrors(list []*Error) []error {
	out := make([]error, len(list))
	for i, e := range list {
		out[i] = e
	}
	return out
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

// stockStart warns when a file moves the start away from the month its
// inherited starting numbers were written for: the numbers are then taken
// as the stock at a different month end.
func (b *builder) stockStart() {
	startAt := func(from int) int { // the file whose start is in force from chain[from] up
		for i := from; i < len(b.chain); i++ {
			if _, ok := b.chain[i].settings["start"]; ok {
				return i
			}
		}
		return -1
	}
	stockAt := -1
	for i, src := range b.chain {
		_, a := src.settings["initial_stock"]
		_, m := src.settings["initial_stock_months"]
		if a || m {
			stockAt = i
			break
		}
	}
	if stockAt < 0 {
		return
	}
	own, inForce := startAt(stockAt), startAt(0)
	if own < 0 || own == inForce {
		return
	}
	stockSrc := b.chain[stockAt]
	written, _ := b.chain[own].settings["start"].(string)
	m, err := model.ParseMonth(written)
	if err != nil || m == b.p.Start {
		return
	}
	b.warn(p("start"), "the starting numbers come from %s, which gives them as at the end of %v; here they are taken as at the end of %v",
		stockSrc.name, m-1, b.p.Start-1)
}

// outside warns when the months from to to, set at path, all lie outside
// the projection, so that what they set does nothing.
func (b *builder) outside(path []string, what string, from, to model.Month) {
	first, last := b.p.Start, b.p.Start+model.Month(b.p.Horizon-1)
	switch {
	case from > last:
		b.warn(path, "%s starts in %v, after the projection ends (%v): it changes nothing", what, from, last)
	case to < first:
		b.warn(path, "%s ends in %v, before the projection starts (%v): it changes nothing", what, to, first)
	}
}

func p(parts ...string) []string { return parts }

var namePattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// names indexes a list of names, checking each.
func (b *builder) names(key string, list []string, reserved ...string) map[string]int {
	idx := map[string]int{}
	if len(list) == 0 {
		b.fail(p(key), "the list is missing or empty")
	}
	for i, n := range list {
		path := p(key, fmt.Sprintf("[%d]", i))
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

func (b *builder) params() {
	f := &b.f
	b.p = &model.Params{Horizon: DefaultHorizon}
	if f.HorizonMonths != nil {
		b.p.Horizon = *f.HorizonMonths
	}
	pr := b.p
	if f.Start == "" {
		b.fail(p("start"), "the first month to project (YYYY-MM) is missing")
	} else if m, err := model.ParseMonth(f.Start); err != nil {
		b.fail(p("start"), "%v", err)
	} else {
		pr.Start = m
	}
	if pr.Horizon < 1 || pr.Horizon > 1200 {
		b.fail(p("horizon_months"), "%d months: want 1 to 1200", pr.Horizon)
	}
	before := len(b.errs)
	b.cats = b.names("categories", f.Categories)
	b.routes = b.names("routes", f.Routes)
	b.reasons = b.names("exit_reasons", f.ExitReasons, model.AgeOut)
	pr.Categories, pr.Reasons = f.Categories, f.ExitReasons
	b.ageBands()
	if len(b.errs) > before {
		return // the tables below are indexed by these lists
	}
	b.initialStock()
	b.stockStart()
	b.entries()
	b.exits()
	b.moves()
	b.costs()
	b.changes()
	b.interventions()
	b.mapCodes()
	b.evidence()
}

// mapCodes lays the file's mapping over the default one and checks its
// names against the scenario's.
func (b *builder) mapCodes() {
	m := data.DefaultMapping()
	f := b.f.Mapping
	if len(f.Placements) > 0 {
		m.Placements = nil
		for _, r := range f.Placements {
			m.Placements = append(m.Placements, data.PlacementRule{Category: r.Category, Places: upper(r.Place), Providers: upper(r.Provider)})
		}
	}
	if f.OtherCategory != "" {
		m.OtherCategory = f.OtherCategory
	}
	if len(f.ExitCodes) > 0 {
		m.ExitCodes = map[string][]string{}
		for reason, codes := range f.ExitCodes {
			m.ExitCodes[reason] = upper(codes)
		}
	}
	if f.OtherReason != "" {
		m.OtherReason = f.OtherReason
	}
	if f.AgeOutDays != nil {
		m.AgeOutDays = *f.AgeOutDays
	}
	if f.UASCRoute != nil {
		m.UASCRoute = *f.UASCRoute
	}
	if len(f.Routes) > 0 {
		m.Routes = nil
		for _, r := range f.Routes {
			m.Routes = append(m.Routes, data.RouteRule{Route: r.Route, LS: upper(r.LS), CIN: upper(r.CIN)})
		}
	}
	if f.OtherRoute != "" {
		m.OtherRoute = f.OtherRoute
	}
	if _, err := m.Compile(b.f.Categories, b.f.ExitReasons, b.f.Routes); err != nil {
		b.fail(p("mapping"), "%v (the default mapping uses the baseline's names: give your own under mapping)", err)
	}
	b.mapping = m
}

func upper(codes []string) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = strings.ToUpper(strings.TrimSpace(c))
	}
	return out
}

var bandPattern = regexp.MustCompile(`^(\d+)(?:-(\d+))?$`)

func (b *builder) ageBands() {
	b.bands = map[string]int{}
	if len(b.f.AgeBands) == 0 {
		b.fail(p("age_bands"), "the list is missing or empty")
		return
	}
	for i, name := range b.f.AgeBands {
		m := bandPattern.FindStringSubmatch(name)
		if m == nil {
			b.fail(p("age_bands", fmt.Sprintf("[%d]", i)), "%q is not an age band such as 0, 1-4 or 16-17", name)
			return
		}
		lo, _ := strconv.Atoi(m[1])
		hi := lo
		if m[2] != "" {
			hi, _ = strconv.Atoi(m[2])
		}
		b.bands[name] = i
		b.p.Bands = append(b.p.Bands, model.Band{Name: name, Min: lo, Max: hi})
	}
	if err := model.CheckBands(b.p.Bands); err != nil {
		b.fail(p("age_bands"), "%v", err)
	}
}

// count checks a number that must be finite and not negative.
func (b *builder) count(path []string, v float64) float64 {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		b.fail(path, "%v is not a number", v)
		return 0
	case v < 0:
		b.fail(path, "%v is negative", v)
		return 0
	}
	return v
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

// ageYears reads a list of 18 numbers, one per single year of age.
func (b *builder) ageYears(path []string, list []float64) (out [model.AgeYears]float64) {
	if len(list) != model.AgeYears {
		b.fail(path, "%d numbers: want %d, one for each age 0 to 17", len(list), model.AgeYears)
		return out
	}
	for y, v := range list {
		out[y] = b.count(append(path, fmt.Sprintf("[%d]", y)), v)
	}
	return out
}

func (b *builder) initialStock() {
	K := len(b.f.Categories)
	b.p.Initial = make([]float64, model.NAges*K)
	for cat, list := range b.f.InitialStock {
		path := p("initial_stock", cat)
		k, ok := b.lookup(path, "category", b.cats, cat)
		if !ok {
			continue
		}
		years := b.ageYears(path, list)
		for y, n := range years {
			for u := 0; u < 12; u++ {
				b.p.Initial[(12*y+u)*K+k] = n / 12
			}
		}
	}
	for cat, rows := range b.f.InitialStockMonths {
		path := p("initial_stock_months", cat)
		k, ok := b.lookup(path, "category", b.cats, cat)
		if !ok {
			continue
		}
		if _, both := b.f.InitialStock[cat]; both {
			b.fail(path, "%s is also in initial_stock: give it in one of them", cat)
			continue
		}
		if len(rows) != model.AgeYears {
			b.fail(path, "%d rows: want %d, one for each year of age 0 to 17", len(rows), model.AgeYears)
			continue
		}
		for y, row := range rows {
			rpath := append(path, fmt.Sprintf("[%d]", y))
			if len(row) != 12 {
				b.fail(rpath, "%d numbers: want 12, one for each month of age %d", len(row), y)
				continue
			}
			for u, n := range row {
				b.p.Initial[(12*y+u)*K+k] = b.count(append(rpath, fmt.Sprintf("[%d]", u)), n)
			}
		}
	}
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

// cellTable fills a [band][category] table from a map of band keys to maps
// of category keys, the more specific keys overriding all: a named band over
// all bands, then within it a named category over all categories.
func (b *builder) cellTable(path []string, table map[string]map[string]float64, allCats bool, set func(band, cat int, v float64)) {
	for _, bandKey := range specific(table) {
		bands := b.bandCells(append(path, bandKey), bandKey)
		row := table[bandKey]
		for _, catKey := range specific(row) {
			cpath := append(append([]string(nil), path...), bandKey, catKey)
			cats := b.catCells(cpath, catKey, allCats)
			v := b.count(cpath, row[catKey])
			for _, bi := range bands {
				for _, k := range cats {
					set(bi, k, v)
				}
			}
		}
	}
}

func (b *builder) entries() {
	K, B := len(b.f.Categories), len(b.p.Bands)
	for _, name := range b.f.Routes {
		e, ok := b.f.Entries[name]
		path := p("entries", name)
		if !ok {
			b.fail(p("entries"), "route %q has no entry (give per_month: 0 for none)", name)
			continue
		}
		r := model.Route{
			Name:           name,
			PerMonth:       b.count(append(path, "per_month"), e.PerMonth),
			Trend:          e.TrendPercent / 100,
			FirstPlacement: make([]float64, B*K),
		}
		if e.TrendPercent <= -100 {
			b.fail(append(path, "trend_percent"), "%v%% a year: must be above −100%%", e.TrendPercent)
		}
		r.AgeProfile = b.ageYears(append(path, "age_profile"), e.AgeProfile)
		b.cellTable(append(path, "first_placement"), e.FirstPlacement, false, func(bi, k int, v float64) {
			r.FirstPlacement[bi*K+k] = v
		})
		b.p.Routes = append(b.p.Routes, r)
	}
	for name := range b.f.Entries {
		b.lookup(p("entries", name), "route", b.routes, name)
	}
}

func (b *builder) exits() {
	b.p.Exit = make([]float64, len(b.f.ExitReasons)*len(b.p.Bands)*len(b.f.Categories))
	for _, reason := range sortedMapKeys(b.f.Exits) {
		path := p("exits", reason)
		r, ok := b.lookup(path, "exit reason", b.reasons, reason)
		if !ok {
			continue
		}
		b.cellTable(path, b.f.Exits[reason], true, func(bi, k int, v float64) {
			b.p.Exit[b.p.ExitAt(r, bi, k)] = v
		})
	}
}

func (b *builder) moves() {
	K := len(b.f.Categories)
	b.p.Move = make([]float64, len(b.p.Bands)*K*K)
	for _, bandKey := range specific(b.f.Moves) {
		bpath := p("moves", bandKey)
		bands := b.bandCells(bpath, bandKey)
		for _, from := range sortedMapKeys(b.f.Moves[bandKey]) {
			fpath := append(append([]string(nil), bpath...), from)
			i, ok := b.lookup(fpath, "category", b.cats, from)
			if !ok {
				continue
			}
			for _, to := range sortedMapKeys(b.f.Moves[bandKey][from]) {
				tpath := append(append([]string(nil), fpath...), to)
				j, ok := b.lookup(tpath, "category", b.cats, to)
				if !ok {
					continue
				}
				v := b.count(tpath, b.f.Moves[bandKey][from][to])
				if i == j && v != 0 {
					b.fail(tpath, "a move from %s to itself is not a move", from)
					continue
				}
				for _, bi := range bands {
					b.p.Move[b.p.MoveAt(bi, i, j)] = v
				}
			}
		}
	}
}

func sortedMapKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

var fyPattern = regexp.MustCompile(`^(\d{4})-(\d{2})$`)

func (b *builder) costs() {
	c := b.f.Costs
	K := len(b.f.Categories)
	mc := &b.p.Costs
	mc.Weekly = make([]float64, K)
	mc.Uplift = make([]float64, K)
	mc.PriceYear = b.p.Start.FinancialYear()
	if c.PriceYear != "" {
		m := fyPattern.FindStringSubmatch(c.PriceYear)
		y, _ := strconv.Atoi(strings.TrimSpace(firstOr(m, 1)))
		if m == nil || m[2] != fmt.Sprintf("%02d", (y+1)%100) {
			b.fail(p("costs", "price_year"), "%q is not a financial year such as 2025-26", c.PriceYear)
		} else {
			mc.PriceYear = y
		}
	}
	for k, cat := range b.f.Categories {
		w, ok := c.Weekly[cat]
		if !ok {
			b.fail(p("costs", "weekly"), "no weekly cost for %s (write 0 if it costs nothing)", cat)
		}
		mc.Weekly[k] = b.count(p("costs", "weekly", cat), w)
		mc.Uplift[k] = c.UpliftPercent / 100
		if u, ok := c.CategoryUpliftPercent[cat]; ok {
			mc.Uplift[k] = u / 100
			if u <= -100 {
				b.fail(p("costs", "category_uplift_percent", cat), "%v%%: must be above −100%%", u)
			}
		}
	}
	if c.UpliftPercent <= -100 {
		b.fail(p("costs", "uplift_percent"), "%v%%: must be above −100%%", c.UpliftPercent)
	}
	for name := range c.Weekly {
		b.lookup(p("costs", "weekly", name), "category", b.cats, name)
	}
	for name := range c.CategoryUpliftPercent {
		b.lookup(p("costs", "category_uplift_percent", name), "category", b.cats, name)
	}
	for i, fx := range c.Fixed {
		path := p("costs", "fixed", fmt.Sprintf("[%d]", i))
		line := model.FixedCost{Name: fx.Name, Annual: b.count(append(path, "annual"), fx.Annual)}
		if line.Name == "" {
			line.Name = fmt.Sprintf("fixed cost %d", i+1)
		}
		line.From, line.To = b.span(path, fx.Start, fx.End, b.p.Start, b.p.Start+model.Month(b.p.Horizon-1))
		b.outside(path, "the cost line", line.From, line.To)
		mc.Fixed = append(mc.Fixed, line)
	}
}

func firstOr(m []string, i int) string {
	if len(m) > i {
		return m[i]
	}
	return ""
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
	from := b.month(append(path, "start"), start, defStart)
	to := b.month(append(path, "end"), end, defEnd)
	if to < from {
		b.fail(append(path, "end"), "%v is before the start, %v", to, from)
	}
	return from, to
}

// bandSet reads a list of band names into a bit set (empty: all bands).
func (b *builder) bandSet(path []string, names []string) uint64 {
	var set uint64
	for i, n := range names {
		if j, ok := b.lookup(append(path, fmt.Sprintf("[%d]", i)), "age band", b.bands, n); ok {
			set |= 1 << uint(j)
		}
	}
	return set
}

func (b *builder) changes() {
	for i, c := range b.f.Changes {
		path := p("changes", fmt.Sprintf("[%d]", i))
		rc := model.RateChange{Name: c.Name, Index: -1, From: -1, To: -1}
		if rc.Name == "" {
			rc.Name = c.Rate
		}
		if c.Factor == nil {
			b.fail(path, "factor is missing (1.2 for 20%% more, 0.8 for 20%% fewer)")
			continue
		}
		rc.Ramp.Factor = b.count(append(path, "factor"), *c.Factor)
		if c.Start == "" {
			b.fail(path, "start is missing (the first month of the change, YYYY-MM)")
		}
		rc.Ramp.From = b.month(append(path, "start"), c.Start, b.p.Start)
		rc.Ramp.To = b.month(append(path, "end"), c.End, rc.Ramp.From)
		if rc.Ramp.To < rc.Ramp.From {
			b.fail(append(path, "end"), "%v is before the start, %v", rc.Ramp.To, rc.Ramp.From)
		}
		rc.Bands = b.bandSet(append(path, "bands"), c.Bands)
		for j, n := range c.Categories {
			if k, ok := b.lookup(append(path, "categories", fmt.Sprintf("[%d]", j)), "category", b.cats, n); ok {
				rc.Categories |= 1 << uint(k)
			}
		}
		b.rateLever(append(path, "rate"), c.Rate, &rc)
		if len(c.Categories) > 0 && rc.Lever != model.LeverExit {
			b.fail(append(path, "categories"), "only an exit rate can be limited to categories")
		}
		if c.Start != "" {
			// a change that ramped up before the start is in force throughout
			b.outside(path, "the change", rc.Ramp.From, model.Month(math.MaxInt32))
		}
		b.p.Changes = append(b.p.Changes, rc)
	}
}

// rateLever reads what a change scales: entries[.route], exits[.reason],
// moves.<from>.<to> or first_placement.<category>.
func (b *builder) rateLever(path []string, rate string, rc *model.RateChange) {
	parts := strings.Split(rate, ".")
	switch {
	case parts[0] == "entries" && len(parts) <= 2:
		rc.Lever = model.LeverEntries
		if len(parts) == 2 && parts[1] != all {
			rc.Index, _ = b.lookup(path, "route", b.routes, parts[1])
		}
	case parts[0] == "exits" && len(parts) <= 2:
		rc.Lever = model.LeverExit
		if len(parts) == 2 && parts[1] != all {
			rc.Index, _ = b.lookup(path, "exit reason", b.reasons, parts[1])
		}
	case parts[0] == "moves" && len(parts) == 3:
		rc.Lever = model.LeverMove
		if parts[1] != all {
			rc.From, _ = b.lookup(path, "category", b.cats, parts[1])
		}
		if parts[2] != all {
			rc.To, _ = b.lookup(path, "category", b.cats, parts[2])
		}
	case parts[0] == "first_placement" && len(parts) == 2:
		rc.Lever = model.LeverFirstPlacement
		rc.Index, _ = b.lookup(path, "category", b.cats, parts[1])
	default:
		b.fail(path, "%q: want entries, entries.<route>, exits, exits.<reason>, moves.<from>.<to> or first_placement.<category>", rate)
	}
}

func (b *builder) interventions() {
	for i, iv := range b.f.Interventions {
		path := p("interventions", fmt.Sprintf("[%d]", i))
		mi := model.Intervention{Name: iv.Name}
		var ok1, ok2 bool
		mi.From, ok1 = b.lookup(append(path, "from"), "category", b.cats, iv.From)
		mi.To, ok2 = b.lookup(append(path, "to"), "category", b.cats, iv.To)
		if mi.Name == "" {
			mi.Name = iv.From + " to " + iv.To
		}
		if ok1 && ok2 && mi.From == mi.To {
			b.fail(append(path, "to"), "moves children from %s to itself", iv.From)
		}
		mi.Bands = b.bandSet(append(path, "bands"), iv.Bands)
		switch {
		case iv.Month != "" && iv.PerMonth == 0 && iv.Start == "" && iv.End == "":
			mi.Children = b.count(append(path, "children"), iv.Children)
			mi.Start = b.month(append(path, "month"), iv.Month, b.p.Start)
			mi.End = mi.Start
		case iv.Month == "" && iv.Children == 0 && iv.Start != "":
			mi.Children = b.count(append(path, "per_month"), iv.PerMonth)
			mi.Start, mi.End = b.span(path, iv.Start, iv.End, b.p.Start, b.p.Start+model.Month(b.p.Horizon-1))
		default:
			b.fail(path, "give either children and month (a one-off cohort) or per_month, start and end (a steady flow)")
		}
		b.outside(path, "the intervention", mi.Start, mi.End)
		b.p.Interventions = append(b.p.Interventions, mi)
	}
}
