package scenarios

import (
	"slices"

	"github.com/carecast/carecast/model"
)

// cellTable fills a [band][category] table from a map of band keys to maps
// of category keys, the more specific keys overriding all: a named band over
// all bands, then within it a named category over all categories. set gets
// each cell with the value and the key path that wrote it, and returns the
// cell of Params it set.
func (b *builder) cellTable(path []string, table map[string]map[string]float64, allCats bool, set func(band, cat int, v float64, path []string) cell) {
	var keys []keyCells
	for _, bandKey := range specific(table) {
		bands := b.bandCells(at(path, bandKey), bandKey)
		row := table[bandKey]
		for _, catKey := range specific(row) {
			kc := keyCells{path: at(path, bandKey, catKey)}
			cats := b.catCells(kc.path, catKey, allCats)
			for _, bi := range bands {
				for _, k := range cats {
					kc.cells = append(kc.cells, set(bi, k, row[catKey], kc.path))
				}
			}
			keys = append(keys, kc)
		}
	}
	b.overridden(keys)
}

// keyCells are the cells of Params a key set.
type keyCells struct {
	path  []string
	cells []cell
}

// overridden warns of keys whose every cell a more specific key from the
// same file, or from a file it extends, set again: what they say changes
// nothing. (A file that overrides what a file it extends says means to.)
func (b *builder) overridden(keys []keyCells) {
	for _, kc := range keys {
		if len(kc.cells) > 0 && b.moot(kc) {
			b.warn(kc.path, "a named band or category overrides it everywhere: it changes nothing")
		}
	}
}

// moot reports whether no cell a key set still holds its value, each set
// again from the key's file or one it extends.
func (b *builder) moot(kc keyCells) bool {
	for _, c := range kc.cells {
		if slices.Equal(b.set[c].path, kc.path) {
			return false
		}
	}
	own := b.fileOf(kc.path)
	for _, c := range kc.cells {
		if b.fileOf(b.set[c].path) < own {
			return false
		}
	}
	return true
}

// fileOf is the place in the chain of the file whose value of path is in
// force: the first, from the named file up, that gives it.
func (b *builder) fileOf(path []string) int {
	for i, src := range b.chain {
		if lineOf(src.node, path) > 0 {
			return i
		}
	}
	return len(b.chain)
}

// entries reads the routes into care.
func (b *builder) entries() {
	for r, name := range b.f.Routes {
		e, ok := b.f.Entries[name]
		if !ok {
			b.fail(p("entries"), "route %q has no entry (give per_month: 0 for none)", name)
			rt := model.Route{Name: name, FirstPlacement: make([]float64, len(b.p.Bands)*len(b.f.Categories))}
			b.p.Routes = append(b.p.Routes, rt) // none enter: keeps the routes' places
			continue
		}
		b.p.Routes = append(b.p.Routes, b.route(r, name, e))
	}
	for _, name := range sortedMapKeys(b.f.Entries) {
		b.lookup(p("entries", name), "route", b.routes, name)
	}
}

// route reads route r's entry.
func (b *builder) route(r int, name string, e Entry) model.Route {
	K := len(b.f.Categories)
	path := p("entries", name)
	rt := model.Route{
		Name:           name,
		PerMonth:       e.PerMonth,
		Trend:          e.TrendPercent / 100,
		FirstPlacement: make([]float64, len(b.p.Bands)*K),
	}
	b.wrote(cellOf(model.FieldRoutePerMonth, r), at(path, "per_month"), e.PerMonth)
	b.wrote(cellOf(model.FieldRouteTrend, r), at(path, "trend_percent"), e.TrendPercent)
	b.wrote(cellOf(model.FieldRouteAgeProfile, r), at(path, "age_profile"))
	b.wrote(cellOf(model.FieldRouteFirstPlacement, r), at(path, "first_placement"))
	b.ageYears(at(path, "age_profile"), e.AgeProfile, func(y int, v float64, path []string) {
		rt.AgeProfile[y] = v
		b.wrote(cellOf(model.FieldRouteAgeProfile, r, y), path, v)
	})
	b.cellTable(at(path, "first_placement"), e.FirstPlacement, false, func(bi, k int, v float64, path []string) cell {
		rt.FirstPlacement[bi*K+k] = v
		return b.wrote(cellOf(model.FieldRouteFirstPlacement, r, bi, k), path, v)
	})
	return rt
}

// exits reads the exit rates, exits.<reason>.<band or all>.<category or all>.
func (b *builder) exits() {
	b.p.Exit = make([]float64, len(b.f.ExitReasons)*len(b.p.Bands)*len(b.f.Categories))
	for _, reason := range sortedMapKeys(b.f.Exits) {
		path := p("exits", reason)
		r, ok := b.lookup(path, "exit reason", b.reasons, reason)
		if !ok {
			continue
		}
		b.cellTable(path, b.f.Exits[reason], true, func(bi, k int, v float64, path []string) cell {
			b.p.Exit[b.p.ExitAt(r, bi, k)] = v
			return b.wrote(cellOf(model.FieldExit, r, bi, k), path, v)
		})
	}
}

// moves reads the move rates, moves.<band or all>.<from>.<to>.
func (b *builder) moves() {
	K := len(b.f.Categories)
	b.p.Move = make([]float64, len(b.p.Bands)*K*K)
	var keys []keyCells
	for _, bandKey := range specific(b.f.Moves) {
		bpath := p("moves", bandKey)
		bands := b.bandCells(bpath, bandKey)
		for _, from := range sortedMapKeys(b.f.Moves[bandKey]) {
			fpath := at(bpath, from)
			i, ok := b.lookup(fpath, "category", b.cats, from)
			if !ok {
				continue
			}
			for _, to := range sortedMapKeys(b.f.Moves[bandKey][from]) {
				kc := keyCells{path: at(fpath, to)}
				j, ok := b.lookup(kc.path, "category", b.cats, to)
				if !ok {
					continue
				}
				v := b.f.Moves[bandKey][from][to]
				for _, bi := range bands {
					b.p.Move[b.p.MoveAt(bi, i, j)] = v
					kc.cells = append(kc.cells, b.wrote(cellOf(model.FieldMove, bi, i, j), kc.path, v))
				}
				keys = append(keys, kc)
			}
		}
	}
	b.overridden(keys)
}
