package scenarios

import (
	"math"

	"github.com/carecast/carecast/model"
)

// capacities reads capacity.<category>: its overflow category and its
// places from each month on. One whose categories are wrong is left out of
// Params.
func (b *builder) capacities() {
	for _, cat := range sortedMapKeys(b.f.Capacity) {
		path := p("capacity", cat)
		c := b.f.Capacity[cat]
		k, okCat := b.lookup(path, "category", b.cats, cat)
		if c.Overflow == "" {
			b.fail(path, "overflow is missing (the category children go to when %s is full)", cat)
		}
		o, okOver := b.cats[c.Overflow]
		if c.Overflow != "" && !okOver {
			b.lookup(at(path, "overflow"), "category", b.cats, c.Overflow)
		}
		if len(c.Places) == 0 {
			b.fail(path, "places is missing: give places from each month on, e.g. places: {2025-04: 250}")
		}
		mc := model.Capacity{Category: k, Overflow: o, Places: b.places(at(path, "places"), c.Places)}
		if !okCat || !okOver || len(mc.Places) == 0 {
			continue
		}
		n := len(b.p.Capacities)
		b.wrote(cellOf(model.FieldCapacity, n), at(path, "overflow"))
		for j, s := range mc.Places {
			spath := at(path, "places", s.From.String())
			b.wrote(cellOf(model.FieldCapacityPlaces, n, j), spath, s.Places)
			b.wrote(cellOf(model.FieldCapacityFrom, n, j), spath)
		}
		b.outside(path, "the capacity", mc.Places[0].From, model.Month(math.MaxInt32))
		b.p.Capacities = append(b.p.Capacities, mc)
	}
}

// places reads a map of months, YYYY-MM, to places, in order of month; a
// month it cannot read is reported and left out.
func (b *builder) places(path []string, m map[string]float64) []model.Places {
	var out []model.Places
	for _, key := range sortedMapKeys(m) { // YYYY-MM sorts as the months do
		from, err := model.ParseMonth(key)
		if err != nil {
			b.fail(at(path, key), "%v", err)
			continue
		}
		out = append(out, model.Places{From: from, Places: m[key]})
	}
	return out
}
