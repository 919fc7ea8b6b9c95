package data

import (
	"cmp"
	"slices"
)

// report fills the Report: the problems worth listing, in file and line
// order, and the counts.
func (m *merger) report(rep *Report, chunks []*chunk) {
	var counts [numTables]TableCounts
	for t := range counts {
		counts[t].Table = Table(t)
		c := &counts[t]
		c.Read, c.Rejected = m.tally[t].read, m.tally[t].rejected
		c.Superseded, c.OtherLA = m.tally[t].superseded, m.tally[t].otherLA
		for _, u := range m.used[t] {
			if u {
				c.Used++
			}
		}
	}
	kept := m.list[:0]
	for _, p := range m.list {
		if p.Severity == SeverityWarning && p.rec >= 0 && !m.used[p.table][p.rec] {
			continue // the row was dropped later: its one error says why
		}
		if p.Severity == SeverityWarning && p.rec >= 0 {
			counts[p.table].Warnings++
		}
		kept = append(kept, p)
	}
	slices.SortStableFunc(kept, func(a, b rawProblem) int {
		return cmp.Or(cmp.Compare(a.file, b.file), cmp.Compare(a.Line, b.Line))
	})
	rep.Problems = make([]Problem, len(kept))
	tables := make([]Table, len(kept))
	for i, p := range kept {
		p.File = m.rd.files[p.file]
		rep.Problems[i] = p.Problem
		tables[i] = p.table
	}
	rep.countRules(tables)

	// A CSV file holds its one table; an XML file the tables it had rows of.
	type fileTable struct {
		file  int32
		table Table
	}
	holds := map[fileTable]bool{}
	for _, ck := range chunks {
		rep.Files[ck.file].Part = rep.Files[ck.file].Part || ck.part
		for t, n := range ck.tally {
			rep.Files[ck.file].Rows += n.read
			if ck.xml && n.read+n.otherLA > 0 || !ck.xml && ck.table == Table(t) {
				holds[fileTable{ck.file, Table(t)}] = true
			}
		}
	}
	// a CSV file with a header line and no rows holds its table too
	for i, f := range rep.Files {
		for t := range numTables {
			if f.Kind == t.String() {
				holds[fileTable{int32(i), t}] = true
			}
		}
	}
	for ft := range holds {
		counts[ft.table].Files++
	}
	rep.Tables = counts[:]
}
