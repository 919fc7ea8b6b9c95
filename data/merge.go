package data

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// over18Grace is how long after the 18th birthday an episode may end before
// in-care-after-18 is raised: children often leave within a few days of it.
const over18Grace = 7

// merger turns the chunks into one set of records and resolves them into
// Returns.
type merger struct {
	rd *reading
	problems

	keys       []childKey // children, sorted by LA then ID
	headers    []headerRec
	episodes   []episodeRec
	uasc       []uascRec
	routes     []routeRec
	badHeaders []badHeader

	used [numTables][]bool // by record id: the record is in the Returns

	// per child, filled by resolveHeaders
	header []int32 // index into headers of the winning row, or -1
	final  []int32 // index into Returns.Children, or -1
}

// merge gathers the chunks: children get read-wide indices in (LA, ID)
// order and records get ids.
func (rd *reading) merge(chunks []*chunk, plan *problems) *merger {
	m := &merger{rd: rd}
	m.list = append(m.list, plan.list...)
	n := 0
	for _, ck := range chunks {
		n += len(ck.keys)
	}
	all := make(map[childKey]int32, n/2)
	for _, ck := range chunks {
		for _, k := range ck.keys {
			if _, ok := all[k]; !ok {
				all[k] = int32(len(m.keys))
				m.keys = append(m.keys, k)
			}
		}
	}
	// Renumber in (LA, ID) order.
	order := make([]int32, len(m.keys))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		ka, kb := &m.keys[a], &m.keys[b]
		return cmp.Or(cmp.Compare(ka.la, kb.la), compareIDs(ka.id, kb.id))
	})
	rank := make([]int32, len(order))
	sorted := make([]childKey, len(order))
	for r, old := range order {
		rank[old] = int32(r)
		sorted[r] = m.keys[old]
	}
	m.keys = sorted
	// Each chunk's records have a known place in the merged slices, so the
	// chunks are copied in parallel.
	offs := make([][numTables]int32, len(chunks))
	var rows [numTables]int32
	for i, ck := range chunks {
		offs[i] = rows
		rows[TableHeader] += int32(len(ck.headers))
		rows[TableEpisodes] += int32(len(ck.episodes))
		rows[TableUASC] += int32(len(ck.uasc))
		rows[TableRoutes] += int32(len(ck.routes))
	}
	m.headers = make([]headerRec, rows[TableHeader])
	m.episodes = make([]episodeRec, rows[TableEpisodes])
	m.uasc = make([]uascRec, rows[TableUASC])
	m.routes = make([]routeRec, rows[TableRoutes])
	forEach(len(chunks), rd.workers(), func(i int) {
		ck := chunks[i]
		remap := make([]int32, len(ck.keys))
		for j, k := range ck.keys {
			remap[j] = rank[all[k]]
		}
		m.place(ck, offs[i], remap)
	})
	for i, ck := range chunks {
		m.gather(ck, offs[i])
	}
	return m
}

// compareIDs orders child identifiers: numbers by value, then text.
func compareIDs(a, b string) int {
	if len(a) != len(b) && isDigits(a) && isDigits(b) {
		return cmp.Compare(len(a), len(b))
	}
	return cmp.Compare(a, b)
}

func isDigits(s string) bool {
	_, ok := digits(s)
	return ok
}

// place copies one chunk's records to their places in the merged slices,
// giving them read-wide child indices and ids.
func (m *merger) place(ck *chunk, off [numTables]int32, remap []int32) {
	for j, h := range ck.headers {
		h.child, h.id = remap[h.child], off[TableHeader]+int32(j)
		m.headers[h.id] = h
	}
	for j, e := range ck.episodes {
		e.child, e.id = remap[e.child], off[TableEpisodes]+int32(j)
		m.episodes[e.id] = e
	}
	for j, u := range ck.uasc {
		u.child, u.id = remap[u.child], off[TableUASC]+int32(j)
		m.uasc[u.id] = u
	}
	for j, r := range ck.routes {
		r.child, r.id = remap[r.child], off[TableRoutes]+int32(j)
		m.routes[r.id] = r
	}
	for j := range ck.badHeaders {
		ck.badHeaders[j].child = remap[ck.badHeaders[j].child]
	}
	ck.headers, ck.episodes, ck.uasc, ck.routes = nil, nil, nil, nil
}

// gather adds one chunk's problems and counts, in chunk order.
func (m *merger) gather(ck *chunk, off [numTables]int32) {
	m.badHeaders = append(m.badHeaders, ck.badHeaders...)
	for _, p := range ck.list {
		if p.rec >= 0 {
			p.rec += off[p.table]
		}
		m.list = append(m.list, p)
	}
	ck.list = nil
	for t := range m.tally {
		m.tally[t].read += ck.tally[t].read
		m.tally[t].rejected += ck.tally[t].rejected
		m.tally[t].otherLA += ck.tally[t].otherLA
	}
}

// loc names a row for messages.
func (m *merger) loc(o origin) string {
	return m.rd.files[o.file] + ":" + strconv.Itoa(int(o.line))
}

// supersede counts a row replaced by a later return.
func (m *merger) supersede(t Table) {
	m.tally[t].rejected++
	m.tally[t].superseded++
}

// resolve runs the cross-row checks and builds the Returns.
func (m *merger) resolve() *Returns {
	for t := range m.used {
		n := [numTables]int{len(m.headers), len(m.episodes), len(m.uasc), len(m.routes)}[t]
		m.used[t] = make([]bool, n)
	}
	m.resolveHeaders()
	m.resolveEpisodes()
	m.fixEpisodes()
	ret := m.children()
	m.resolveUASC(ret)
	m.buildEpisodes(ret)
	m.resolveRoutes(ret)
	return ret
}

// resolveHeaders picks each child's header row from the latest return and
// flags dates of birth that disagree.
func (m *merger) resolveHeaders() {
	m.header = make([]int32, len(m.keys))
	for i := range m.header {
		m.header[i] = -1
	}
	for i, h := range m.headers {
		if w := m.header[h.child]; w < 0 || h.later(m.headers[w].origin) {
			m.header[h.child] = int32(i)
		}
	}
	for i, h := range m.headers {
		w := m.header[h.child]
		if int32(i) == w {
			continue
		}
		m.supersede(TableHeader)
		if win := m.headers[w]; win.dob != h.dob {
			m.warnRec(TableHeader, win.origin, win.id, "DOB", win.dob.String(), RuleDOBConflict,
				fmt.Sprintf("date of birth %s differs from %s at %s; the later return's %s is used", win.dob, h.dob, m.loc(h.origin), win.dob))
		}
	}
}

// dob returns a child's date of birth, or noDay if it has no usable header.
func (m *merger) dob(child int32) day {
	if w := m.header[child]; w >= 0 {
		return m.headers[w].dob
	}
	return noDay
}

// resolveEpisodes sorts the episodes, removes rows re-sent by later returns
// and drops episodes that cannot be placed in a child's life.
func (m *merger) resolveEpisodes() {
	eps := m.episodes
	slices.SortFunc(eps, func(a, b episodeRec) int {
		if c := cmp.Or(cmp.Compare(a.child, b.child), cmp.Compare(a.start, b.start)); c != 0 {
			return c
		}
		return compareOrigin(a.origin, b.origin)
	})
	bad := map[int32]origin{}
	for _, b := range m.badHeaders {
		bad[b.child] = b.origin
	}
	kept := eps[:0]
	for i := 0; i < len(eps); i++ {
		e := eps[i]
		if i+1 < len(eps) && eps[i+1].child == e.child && eps[i+1].start == e.start {
			m.duplicate(e, eps[i+1])
			continue
		}
		dob := m.dob(e.child)
		switch {
		case dob == noDay:
			msg := "the child has no header row, so no date of birth; episode dropped"
			if o, ok := bad[e.child]; ok {
				msg = fmt.Sprintf("the child's header row at %s was rejected, so no date of birth; episode dropped", m.loc(o))
			}
			m.reject(TableEpisodes, e.origin, "CHILD", m.keys[e.child].id, RuleNoHeader, msg)
		case e.start < dob:
			m.reject(TableEpisodes, e.origin, "DECOM", e.start.String(), RuleDOBAfterDECOM,
				fmt.Sprintf("the episode starts (DECOM %s) before the child's date of birth (%s); episode dropped", e.start, dob))
		default:
			kept = append(kept, e)
		}
	}
	m.episodes = kept
}

// duplicate handles an episode with the same child and DECOM as the next
// (later-ranked) one: a re-sent row from an earlier return is superseded; two
// in the same return are an error.
func (m *merger) duplicate(e, later episodeRec) {
	if !e.sameReturn(later.origin) {
		m.supersede(TableEpisodes)
		return
	}
	m.reject(TableEpisodes, e.origin, "DECOM", e.start.String(), RuleDuplicateEp,
		fmt.Sprintf("same CHILD and DECOM as %s in the same return; this row is dropped and the later one kept", m.loc(later.origin)))
}

// fixEpisodes walks each child's episodes: trims overlaps, checks X1 links
// and the 18th birthday.
func (m *merger) fixEpisodes() {
	eps := m.episodes
	x1 := m.rd.codes.book.x1
	extractEnd := latestDay(eps)
	for a := 0; a < len(eps); {
		b := a + 1
		for b < len(eps) && eps[b].child == eps[a].child {
			b++
		}
		for i := a; i < b-1; i++ {
			m.trim(&eps[i], &eps[i+1], x1)
		}
		for i := a; i < b; i++ {
			e := &eps[i]
			if e.code[fieldREC] == x1 && e.end != noDay && (i+1 == b || eps[i+1].start != e.end) {
				next := "the child has no later episode"
				if i+1 < b {
					next = fmt.Sprintf("the next episode starts %s", eps[i+1].start)
				}
				m.warnRec(TableEpisodes, e.origin, e.id, "REC", "X1", RuleX1NoNext,
					fmt.Sprintf("REC X1 says a new episode starts on DEC %s, but %s", e.end, next))
			}
		}
		m.checkAge(eps[a:b], extractEnd)
		a = b
	}
}

// trim cuts an episode that is open, or ends after the next one starts, at
// the next one's start. An episode cut while open (or with no REC) is given
// REC X1, since care continues into the next episode.
func (m *merger) trim(e, next *episodeRec, x1 uint32) {
	if e.end != noDay && e.end <= next.start {
		return
	}
	what := fmt.Sprintf("ends %s, after", e.end)
	if e.end == noDay {
		what = "is still open when"
	}
	msg := fmt.Sprintf("the episode %s the next one (%s) starts on %s; its DEC is set to %s", what, m.loc(next.origin), next.start, next.start)
	if e.end == noDay || e.code[fieldREC] == 0 {
		e.code[fieldREC] = x1
		msg += " and its REC to X1"
	}
	m.warnRec(TableEpisodes, e.origin, e.id, "DEC", e.end.String(), RuleOverlap, msg)
	e.end = next.start
}

// checkAge warns once per child in care more than over18Grace days after
// their 18th birthday. An open episode counts as lasting to the latest
// date seen in the returns.
func (m *merger) checkAge(eps []episodeRec, extractEnd day) {
	dob := m.dob(eps[0].child)
	b18 := dob.addYears(18)
	for i := range eps {
		e := &eps[i]
		end, how := e.end, "ends"
		if end == noDay {
			end, how = extractEnd, "is still open on the latest date in the returns,"
		}
		if end > b18+over18Grace {
			m.warnRec(TableEpisodes, e.origin, e.id, "DEC", e.end.String(), RuleOver18,
				fmt.Sprintf("the child turned 18 on %s but this episode %s %s", b18, how, end))
			return
		}
	}
}

// latestDay returns the latest start or end date of the episodes.
func latestDay(eps []episodeRec) day {
	latest := noDay
	for i := range eps {
		latest = max(latest, eps[i].start, eps[i].end)
	}
	return latest
}

// children builds Returns.Children from the children with episodes and
// rejects the header rows of the others.
func (m *merger) children() *Returns {
	ret := &Returns{Children: make([]Child, 0, len(m.keys))}
	m.final = make([]int32, len(m.keys))
	for i := range m.final {
		m.final[i] = -1
	}
	for _, e := range m.episodes {
		if m.final[e.child] >= 0 {
			continue
		}
		h := m.headers[m.header[e.child]]
		m.final[e.child] = int32(len(ret.Children))
		m.used[TableHeader][h.id] = true
		k := m.keys[e.child]
		ret.Children = append(ret.Children, Child{ID: k.id, LA: k.la, Sex: int(h.sex), DOB: h.dob.time()})
	}
	for c, w := range m.header {
		if w >= 0 && m.final[c] < 0 {
			h := m.headers[w]
			m.reject(TableHeader, h.origin, "CHILD", m.keys[c].id, RuleNoEpisodes,
				"the child has no usable episode; header row not used")
		}
	}
	return ret
}

// resolveUASC marks UASC children, taking each child's row from the latest
// return.
func (m *merger) resolveUASC(ret *Returns) {
	win := map[int32]int{}
	for i, u := range m.uasc {
		if m.final[u.child] < 0 {
			m.reject(TableUASC, u.origin, "CHILD", m.keys[u.child].id, RuleUASCNoChild,
				"the child has no usable header and episodes; UASC row not used")
			continue
		}
		if w, ok := win[u.child]; !ok || u.later(m.uasc[w].origin) {
			if ok {
				m.supersede(TableUASC)
			}
			win[u.child] = i
		} else {
			m.supersede(TableUASC)
		}
	}
	for c, i := range win {
		u := m.uasc[i]
		m.used[TableUASC][u.id] = true
		ch := &ret.Children[m.final[c]]
		ch.UASC, ch.DUC = true, u.duc.time()
		if dob := m.dob(c); u.dob != noDay && u.dob != dob {
			m.warnRec(TableUASC, u.origin, u.id, "DOB", u.dob.String(), RuleUASCDOBMismatch,
				fmt.Sprintf("date of birth %s differs from the header's %s; the header's is used", u.dob, dob))
		}
	}
}

// buildEpisodes fills Returns.Episodes, in parallel: it is the largest
// write of the read.
func (m *merger) buildEpisodes(ret *Returns) {
	ret.Episodes = make([]Episode, len(m.episodes))
	const block = 1 << 14
	forEach((len(m.episodes)+block-1)/block, m.rd.workers(), func(i int) {
		lo, hi := i*block, min((i+1)*block, len(m.episodes))
		m.buildRange(ret.Episodes[lo:hi], m.episodes[lo:hi])
	})
}

// buildRange converts records to Episodes.
func (m *merger) buildRange(out []Episode, recs []episodeRec) {
	names := m.rd.codes
	used := m.used[TableEpisodes]
	for i := range recs {
		e := &recs[i]
		used[e.id] = true
		o := &out[i]
		o.Child = int(m.final[e.child])
		o.Start, o.End = e.start.time(), e.end.time()
		o.RNE = names.name(e.code[fieldRNE])
		o.LS = names.name(e.code[fieldLS])
		o.CIN = names.name(e.code[fieldCIN])
		o.Place = names.name(e.code[fieldPlace])
		o.Provider = names.name(e.code[fieldProvider])
		o.REC = names.name(e.code[fieldREC])
		o.ReasonPlaceChange = names.name(e.code[fieldReason])
		o.File = m.rd.files[e.file]
		o.Line = int(e.line)
	}
}

// resolveRoutes gives each period of care the route of the routes row whose
// DECOM is the period's first episode (the latest return's row if several).
func (m *merger) resolveRoutes(ret *Returns) {
	if len(m.routes) == 0 {
		return
	}
	first := make([]int, len(ret.Children)+1) // episodes of child c: first[c]:first[c+1]
	for i := range first {
		first[i] = len(ret.Episodes)
	}
	for i := len(ret.Episodes) - 1; i >= 0; i-- {
		first[ret.Episodes[i].Child] = i
	}
	slices.SortFunc(m.routes, func(a, b routeRec) int {
		return cmp.Or(cmp.Compare(a.child, b.child), cmp.Compare(a.decom, b.decom), compareOrigin(a.origin, b.origin))
	})
	for i, r := range m.routes {
		if i+1 < len(m.routes) && m.routes[i+1].child == r.child && m.routes[i+1].decom == r.decom {
			m.supersede(TableRoutes) // the next row is from a later return
			continue
		}
		c := m.final[r.child]
		if c < 0 {
			m.reject(TableRoutes, r.origin, "CHILD", m.keys[r.child].id, RuleRouteUnmatched,
				"the child has no usable episodes; route not used")
			continue
		}
		m.applyRoute(ret.Episodes[first[c]:first[c+1]], r)
	}
}

// applyRoute gives the route to the period of care that starts with the
// episode starting on r.decom (or, with a warning, to the period holding
// that episode).
func (m *merger) applyRoute(eps []Episode, r routeRec) {
	at := r.decom.time()
	j, found := slices.BinarySearchFunc(eps, at, func(e Episode, t time.Time) int { return e.Start.Compare(t) })
	if !found {
		m.reject(TableRoutes, r.origin, "DECOM", r.decom.String(), RuleRouteUnmatched,
			fmt.Sprintf("no episode of this child starts on %s; route not used", r.decom))
		return
	}
	s := j
	for !periodStart(eps, s) {
		s--
	}
	if s != j {
		m.warnRec(TableRoutes, r.origin, r.id, "DECOM", r.decom.String(), RuleRouteMidPeriod,
			fmt.Sprintf("DECOM %s is not the start of a period of care (the period began %s); the route is given to the whole period",
				r.decom, eps[s].Start.Format("02/01/2006")))
	}
	k := s + 1
	for k < len(eps) && !periodStart(eps, k) {
		k++
	}
	for i := s; i < k; i++ {
		eps[i].Route = r.route
	}
	m.used[TableRoutes][r.id] = true
}

// periodStart reports whether episode i of a child's episodes starts a
// period of care: it is the first, or starts with RNE S, or does not follow
// on the same day from an episode that ended with X1.
func periodStart(eps []Episode, i int) bool {
	if i == 0 {
		return true
	}
	p := &eps[i-1]
	return eps[i].RNE == "S" || p.REC != "X1" || !p.End.Equal(eps[i].Start)
}

// compareOrigin orders rows from earlier to later returns.
func compareOrigin(a, b origin) int {
	return cmp.Or(cmp.Compare(a.year, b.year), cmp.Compare(a.file, b.file), cmp.Compare(a.line, b.line), cmp.Compare(a.col, b.col))
}
