package scenarios

import (
	"github.com/carecast/carecast/model"
)

// evidence reads the evidence key into Params.Evidence: each table given
// (exits, moves, entries), even as {}, becomes one indexed as the rates
// are, the cells not written holding nothing counted; a table not given
// stays nil (none known).
func (b *builder) evidence() {
	f := b.f.Evidence
	given := func(table string) bool {
		for _, src := range b.chain {
			if lineOf(src.node, p("evidence", table)) > 0 {
				return true
			}
		}
		return false
	}
	exits, moves, entries, durations := given("exits"), given("moves"), given("entries"), given("durations")
	if !exits && !moves && !entries && !durations {
		return
	}
	pr := b.p
	ev := &model.Evidence{}
	K, B := len(pr.Categories), len(pr.Bands)
	if exits {
		ev.Exit = make([]model.Count, len(pr.Reasons)*B*K)
		for _, reason := range sortedMapKeys(f.Exits) {
			path := p("evidence", "exits", reason)
			r, ok := b.lookup(path, "exit reason", b.reasons, reason)
			if !ok {
				continue
			}
			b.countTable(path, "age band", b.bands, f.Exits[reason], func(band, cat int, c model.Count) {
				ev.Exit[(r*B+band)*K+cat] = c
			})
		}
	}
	if moves {
		ev.Move = make([]model.Count, B*K*K)
		for _, band := range sortedMapKeys(f.Moves) {
			path := p("evidence", "moves", band)
			bi, ok := b.lookup(path, "age band", b.bands, band)
			if !ok {
				continue
			}
			b.countTable(path, "category", b.cats, f.Moves[band], func(from, to int, c model.Count) {
				if from == to && c != (model.Count{}) {
					b.fail(append(path, pr.Categories[from], pr.Categories[to]), "a move from %s to itself is not a move", pr.Categories[from])
					return
				}
				ev.Move[(bi*K+from)*K+to] = c
			})
		}
	}
	if entries {
		ev.Entries = make([]model.Count, len(pr.Routes))
		for _, route := range sortedMapKeys(f.Entries) {
			path := p("evidence", "entries", route)
			ri, ok := b.lookup(path, "route", b.routes, route)
			if !ok {
				continue
			}
			e := f.Entries[route]
			ev.Entries[ri] = model.Count{
				Events:   b.count(append(path, "entries"), e.Entries),
				Exposure: b.count(append(path, "months"), e.Months),
			}
		}
	}
	b.durationEvidence(ev)
	pr.Evidence = ev
}

// countTable reads a two-level table of counts, <row>.<category>, whose
// rows are names of rows (what: age bands or categories), calling set with
// the indices of each cell.
func (b *builder) countTable(path []string, what string, rows map[string]int, table map[string]map[string]Count, set func(row, cat int, c model.Count)) {
	for _, rowKey := range sortedMapKeys(table) {
		rpath := append(append([]string(nil), path...), rowKey)
		row, ok := b.lookup(rpath, what, rows, rowKey)
		if !ok {
			continue
		}
		for _, col := range sortedMapKeys(table[rowKey]) {
			cpath := append(append([]string(nil), rpath...), col)
			k, ok := b.lookup(cpath, "category", b.cats, col)
			if !ok {
				continue
			}
			c := table[rowKey][col]
			set(row, k, model.Count{
				Events:   b.count(append(cpath, "events"), c.Events),
				Exposure: b.count(append(cpath, "child_years"), c.ChildYears),
			})
		}
	}
}
