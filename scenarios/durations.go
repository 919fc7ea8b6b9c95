package scenarios

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/carecast/carecast/model"
)

// Durations are the duration classes of time in care and the factors of
// the rates in each: durations.bounds, durations.exit_factors.<reason>
// (one factor a class; a reason not given: 1s) and durations.move_factors.
type Durations struct {
	// Bounds are the months in care at which classes begin after the
	// first: [1, 3, 6, 12, 24] makes [0,1), [1,3), [3,6), [6,12), [12,24),
	// [24,∞).
	Bounds      []int                `mapstructure:"bounds"`
	ExitFactors map[string][]float64 `mapstructure:"exit_factors"`
	MoveFactors []float64            `mapstructure:"move_factors"`
}

// DurationEvidence is evidence.durations: exits.<reason>, the exits and
// child-years at risk in each duration class.
type DurationEvidence struct {
	Exits map[string][]Count `mapstructure:"exits"`
}

// durations reads durations and initial_stock_durations into Params.
func (b *builder) durations() {
	f := &b.f
	d := f.Durations
	pr := b.p
	pr.DurationBounds = d.Bounds
	for i, x := range d.Bounds {
		b.wrote(cellOf(model.FieldDurationBounds, i), p("durations", "bounds", item(i)), float64(x))
	}
	D := len(d.Bounds) + 1
	if len(d.ExitFactors) > 0 {
		pr.ExitDuration = make([]float64, len(pr.Reasons)*D)
		for i := range pr.ExitDuration {
			pr.ExitDuration[i] = 1
		}
		b.wrote(cellOf(model.FieldExitDuration), p("durations", "exit_factors"))
		for _, reason := range sortedMapKeys(d.ExitFactors) {
			path := p("durations", "exit_factors", reason)
			r, ok := b.lookup(path, "exit reason", b.reasons, reason)
			if !ok {
				continue
			}
			row := d.ExitFactors[reason]
			if len(row) != D {
				b.fail(path, "%d factors, want %d: one for each duration class", len(row), D)
				continue
			}
			for c, x := range row {
				pr.ExitDuration[r*D+c] = x
				b.wrote(cellOf(model.FieldExitDuration, r, c), at(path, item(c)), x)
			}
		}
	}
	if len(d.MoveFactors) > 0 {
		pr.MoveDuration = d.MoveFactors
		b.wrote(cellOf(model.FieldMoveDuration), p("durations", "move_factors"))
		for c, x := range d.MoveFactors {
			b.wrote(cellOf(model.FieldMoveDuration, c), p("durations", "move_factors", item(c)), x)
		}
	}
	b.stockDurations(D)
}

// stockDurations reads initial_stock_durations.<category>: for each
// duration class, 18 rows (ages 0–17) of 12 numbers (months of age). A
// category not given has no children in care; the classes of each
// category must add up to its initial stock.
func (b *builder) stockDurations(D int) {
	table := b.f.InitialStockDurations
	if len(table) == 0 {
		return
	}
	pr := b.p
	K := len(pr.Categories)
	pr.InitialDuration = make([]float64, D*model.NAges*K)
	b.wrote(cellOf(model.FieldInitialDuration), p("initial_stock_durations"))
	for _, cat := range sortedMapKeys(table) {
		path := p("initial_stock_durations", cat)
		k, ok := b.lookup(path, "category", b.cats, cat)
		if !ok {
			continue
		}
		classes := table[cat]
		if len(classes) != D {
			b.fail(path, "%d duration classes, want %d", len(classes), D)
			continue
		}
		for c, rows := range classes {
			b.classStock(at(path, item(c)), rows, c, k)
		}
	}
}

// classStock reads the stock of one duration class c and category k: 18
// rows of 12.
func (b *builder) classStock(path []string, rows [][]float64, c, k int) {
	K := len(b.p.Categories)
	if len(rows) != model.AgeYears {
		b.fail(path, "%d rows, want %d: one for each year of age 0–17", len(rows), model.AgeYears)
		return
	}
	for y, row := range rows {
		if len(row) != 12 {
			b.fail(at(path, item(y)), "%d numbers, want 12: one for each month of age", len(row))
			continue
		}
		for u, x := range row {
			a := 12*y + u
			b.p.InitialDuration[(c*model.NAges+a)*K+k] = x
			b.wrote(cellOf(model.FieldInitialDuration, c, a, k), at(path, item(y), item(u)), x)
		}
	}
}

// durationSet reads a change's durations: ranges of months in care, "0-6"
// or "24+", each of whole duration classes, into a set of classes.
func (b *builder) durationSet(path []string, ranges []string) uint64 {
	var set uint64
	bounds := b.p.DurationBounds
	for i, r := range ranges {
		ipath := at(path, item(i))
		lo, hi, err := monthRange(r)
		if err != nil {
			b.fail(ipath, "%v", err)
			continue
		}
		first, last := model.DurationClassOf(bounds, lo), model.DurationClassOf(bounds, hi-1)
		if !onBound(bounds, lo) || hi != -1 && hi != model.NAges && !onBound(bounds, hi) {
			b.fail(ipath, "%q does not fall on the duration bounds %v: give whole classes", r, bounds)
			continue
		}
		if hi == model.NAges {
			last = len(bounds)
		}
		for c := first; c <= last; c++ {
			set |= 1 << uint(c)
		}
	}
	return set
}

// monthRange reads "lo-hi" (months lo to hi, hi excluded) or "lo+" (lo
// months and more: hi is NAges).
func monthRange(s string) (lo, hi int, err error) {
	bad := fmt.Errorf("duration %q is not a range of months in care such as 0-6 or 24+", s)
	if rest, ok := strings.CutSuffix(s, "+"); ok {
		lo, err = strconv.Atoi(rest)
		if err != nil || lo < 0 {
			return 0, 0, bad
		}
		return lo, model.NAges, nil
	}
	a, z, ok := strings.Cut(s, "-")
	lo, err1 := strconv.Atoi(a)
	hi, err2 := strconv.Atoi(z)
	if !ok || err1 != nil || err2 != nil || lo < 0 || hi <= lo {
		return 0, 0, bad
	}
	return lo, hi, nil
}

// onBound reports whether a class begins at x months in care.
func onBound(bounds []int, x int) bool {
	if x == 0 {
		return true
	}
	for _, b := range bounds {
		if b == x {
			return true
		}
	}
	return false
}

// durationEvidence reads evidence.durations.exits.<reason>: a count for
// each duration class.
func (b *builder) durationEvidence(ev *model.Evidence) {
	table := b.f.Evidence.Durations.Exits
	if len(table) == 0 {
		return
	}
	D := b.p.D()
	ev.ExitDuration = make([]model.Count, len(b.p.Reasons)*D)
	for _, reason := range sortedMapKeys(table) {
		path := p("evidence", "durations", "exits", reason)
		r, ok := b.lookup(path, "exit reason", b.reasons, reason)
		if !ok {
			continue
		}
		if len(table[reason]) != D {
			b.fail(path, "%d counts, want %d: one for each duration class", len(table[reason]), D)
			continue
		}
		for c, n := range table[reason] {
			cpath := at(path, item(c))
			ev.ExitDuration[r*D+c] = model.Count{
				Events:   b.count(at(cpath, "events"), n.Events),
				Exposure: b.count(at(cpath, "child_years"), n.ChildYears),
			}
		}
	}
}

// durationsOf writes p's duration classes and factors, and the split of
// its initial stock by class.
func durationsOf(p *model.Params) (Durations, map[string][][][]float64) {
	if len(p.DurationBounds) == 0 && len(p.ExitDuration) == 0 && len(p.MoveDuration) == 0 {
		return Durations{}, nil
	}
	D, K := p.D(), p.K()
	d := Durations{Bounds: append([]int(nil), p.DurationBounds...), MoveFactors: append([]float64(nil), p.MoveDuration...)}
	if len(p.ExitDuration) > 0 {
		d.ExitFactors = map[string][]float64{}
		for r, reason := range p.Reasons {
			d.ExitFactors[reason] = append([]float64(nil), p.ExitDuration[r*D:(r+1)*D]...)
		}
	}
	if len(p.InitialDuration) == 0 {
		return d, nil
	}
	stock := map[string][][][]float64{}
	for k, cat := range p.Categories {
		classes := make([][][]float64, D)
		for c := range classes {
			classes[c] = make([][]float64, model.AgeYears)
			for y := range classes[c] {
				classes[c][y] = make([]float64, 12)
				for u := range classes[c][y] {
					classes[c][y][u] = p.InitialDuration[(c*model.NAges+12*y+u)*K+k]
				}
			}
		}
		stock[cat] = classes
	}
	return d, stock
}

// durationEvidenceOf writes p.Evidence.ExitDuration.
func durationEvidenceOf(p *model.Params) DurationEvidence {
	ev := p.Evidence
	if ev == nil || len(ev.ExitDuration) == 0 {
		return DurationEvidence{}
	}
	D := p.D()
	out := DurationEvidence{Exits: map[string][]Count{}}
	for r, reason := range p.Reasons {
		row := make([]Count, D)
		for c, n := range ev.ExitDuration[r*D : (r+1)*D] {
			row[c] = Count{Events: n.Events, ChildYears: n.Exposure}
		}
		out.Exits[reason] = row
	}
	return out
}

// durationsOfChange writes the classes of a change as ranges of months,
// one a class.
func durationsOfChange(p *model.Params, set uint64) []string {
	if set == 0 {
		return nil
	}
	var out []string
	for c := 0; c < p.D(); c++ {
		if set&(1<<uint(c)) != 0 {
			out = append(out, model.DurationClassName(p.DurationBounds, c))
		}
	}
	return out
}
