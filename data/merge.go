package data

import (
	"cmp"
	"fmt"
	"math/bits"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/carecast/carecast/model"
)

// Over18Grace is how many days after the 18th birthday an episode may end
// before the reader warns (RuleOver18): children often leave within a few
// days of it.
const Over18Grace = 7

// merger turns the chunks into one set of records and resolves them into
// Returns.
type merger struct {
	rd *reading
	problems

	keys         []childKey    // children, sorted by LA then ID
	nHeaders     int           // header rows read
	headerChunks [][]headerRec // the header rows read, by chunk, until resolveHeaders
	headers      []headerRec   // from resolveHeaders, the winning row of each child that has one (see header)
	epSet        episodeSet    // the episodes read, until resolveEpisodes
	episodes     []episodeRec  // the episodes kept, in order, from resolveEpisodes on
	uasc         []uascRec
	routes       []routeRec
	badHeaders   []badHeader

	used [numTables][]bool // by record id: the record is in the Returns

	codes []Code // the Code of each of the read's code ids (see codeTable.interned)

	// per child, filled by resolveHeaders
	header    []int32         // index into headers of the winning row, or -1
	birth     []Day           // the winning row's date of birth, or NoDay (kept when headers go)
	otherDOBs map[int32][]Day // dates of birth of other header rows that differ from the winning row's
	final     []int32         // index into Returns.Children, or -1

	// filled by resolve, before merging: the months the returns cover, and
	// the last day of the last collection year of each return whose dates
	// settle it (see settled)
	cov      Coverage
	yearEnds map[returnKey]Day
}

// merge gathers the chunks: children get read-wide indices in (LA, ID)
// order and records get ids.
func (rd *reading) merge(chunks []*chunk, plan *problems) *merger {
	m := &merger{rd: rd}
	m.list = append(m.list, plan.list...)
	remaps, ok := m.numericChildren(chunks)
	if !ok {
		remaps = m.sortedChildren(chunks)
	}
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
	m.uasc = make([]uascRec, rows[TableUASC])
	m.routes = make([]routeRec, rows[TableRoutes])
	forEach(len(chunks), rd.workers(), func(i int) {
		m.place(chunks[i], offs[i], remaps[i])
	})
	m.nHeaders = int(rows[TableHeader])
	for i, ck := range chunks {
		m.epSet.add(offs[i][TableEpisodes], ck.episodes)
		if len(ck.headers) > 0 {
			m.headerChunks = append(m.headerChunks, ck.headers)
		}
		ck.episodes, ck.headers = nil, nil
		m.gather(ck, offs[i])
	}
	return m
}

// sortedChildren sets m.keys to the children of the chunks, sorted by LA
// then ID, and returns for each chunk the read-wide index of each of its
// keys. It works for any identifiers (see numericChildren for the usual,
// faster case).
func (m *merger) sortedChildren(chunks []*chunk) [][]int32 {
	n := 0
	for _, ck := range chunks {
		n += len(ck.keys)
	}
	// One string per chunk holds its identifiers; keys are cut from it.
	ids := make([]string, len(chunks))
	key := func(c, j int) childKey {
		k := chunks[c].keys[j]
		return childKey{chunks[c].las[k.la], ids[c][k.off:k.end]}
	}
	all := make(map[childKey]int32, n/2)
	for c, ck := range chunks {
		ids[c] = string(ck.ids)
		for j := range ck.keys {
			if k := key(c, j); all[k] == 0 {
				m.keys = append(m.keys, k)
				all[k] = int32(len(m.keys)) // index + 1, so that 0 is absent
			}
		}
	}
	// Renumber in (LA, ID) order. compareIDs is not a strict order when
	// numbers and other identifiers mix ("10" < "1a" < "9" < "10"), so the
	// result then depends on the order the keys are sorted from: always
	// the order children were first met in.
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
		k := m.keys[old]
		sorted[r] = childKey{k.la, strings.Clone(k.id)} // not the whole chunk's string
	}
	m.keys = sorted
	remaps := make([][]int32, len(chunks))
	forEach(len(chunks), m.rd.workers(), func(c int) {
		remap := make([]int32, len(chunks[c].keys))
		for j := range remap {
			remap[j] = rank[all[key(c, j)]-1]
		}
		remaps[c] = remap
	})
	return remaps
}

// numericChildren is sortedChildren for the usual case, where every CHILD
// is a number of at most maxNumericID digits and all children are of one
// council. Each identifier is then packed into a uint64 that sorts as
// compareIDs does (see numericID), and a radix sort of all the chunks'
// keys at once both finds the distinct children and orders them, with no
// map. ok is false, and nothing is done, if some key does not qualify.
func (m *merger) numericChildren(chunks []*chunk) (remaps [][]int32, ok bool) {
	offs := make([]int, len(chunks)+1)
	for i, ck := range chunks {
		offs[i+1] = offs[i] + len(ck.keys)
	}
	n := offs[len(chunks)]
	if n == 0 {
		return nil, false
	}
	var la string
	for _, ck := range chunks {
		if len(ck.keys) > 0 {
			la = ck.las[ck.keys[0].la]
			break
		}
	}
	codes := make([]uint64, n)
	var mixed atomic.Bool
	forEach(len(chunks), m.rd.workers(), func(i int) {
		ck := chunks[i]
		for j, k := range ck.keys {
			c, ok := numericID(ck.ids[k.off:k.end])
			if !ok || ck.las[k.la] != la {
				mixed.Store(true)
				return
			}
			codes[offs[i]+j] = c
		}
	})
	if mixed.Load() {
		return nil, false
	}
	// Walk the keys in sorted order: a new code is a new child. Global key
	// g belongs to the chunk whose offsets hold it.
	rank := make([]int32, n)
	r := int32(-1)
	var prev uint64
	order, sorted := sortedOrder(codes) // codes is used up
	for i, g := range order {
		if r < 0 || sorted[i] != prev {
			prev = sorted[i]
			c := sort.SearchInts(offs, int(g)+1) - 1
			m.keys = append(m.keys, chunks[c].key(int(g)-offs[c]))
			r++
		}
		rank[g] = r
	}
	remaps = make([][]int32, len(chunks))
	for i := range chunks {
		remaps[i] = rank[offs[i]:offs[i+1]:offs[i+1]]
	}
	return remaps, true
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

// maxNumericID is the longest all-digit identifier numericID packs.
const maxNumericID = 17

// numericID packs an identifier of 1 to maxNumericID digits as its length
// (top five bits) and its value (10^17 < 2^59), so that the codes of two
// such identifiers compare as compareIDs compares them: by length, then,
// for the same length, by value, which for digits is text order.
func numericID(id []byte) (uint64, bool) {
	if len(id) == 0 || len(id) > maxNumericID {
		return 0, false
	}
	v := uint64(0)
	for _, c := range id {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + uint64(c-'0')
	}
	return uint64(len(id))<<59 | v, true
}

// sortedOrder returns the indices of keys in ascending order of key, equal
// keys in index order. It is a least-significant-digit radix sort, which
// is stable, 11 bits a pass; bits every key shares are skipped, so keys
// that span a small range take few passes. It uses keys as scratch space,
// and returns the keys sorted, in keys or in a slice of its own.
func sortedOrder(keys []uint64) (order []int32, sorted []uint64) {
	const digitBits = 11
	const buckets = 1 << digitBits
	idx := upTo(len(keys))
	if len(keys) < 2 {
		return idx, keys
	}
	all, any := ^uint64(0), uint64(0)
	for _, k := range keys {
		all &= k
		any |= k
	}
	varying := all ^ any // bits that are not the same in every key
	ks := keys
	ks2, idx2 := make([]uint64, len(keys)), make([]int32, len(keys))
	for shift := 0; shift < 64; shift += digitBits {
		if varying>>shift&(buckets-1) == 0 {
			continue
		}
		var pos [buckets]int
		for _, k := range ks {
			pos[k>>shift&(buckets-1)]++
		}
		sum := 0
		for d, c := range pos {
			pos[d] = sum
			sum += c
		}
		for i, k := range ks {
			d := k >> shift & (buckets - 1)
			ks2[pos[d]], idx2[pos[d]] = k, idx[i]
			pos[d]++
		}
		ks, ks2 = ks2, ks
		idx, idx2 = idx2, idx
	}
	return idx, ks
}

// place copies one chunk's records to their places in the merged slices,
// giving them read-wide child indices and ids.
func (m *merger) place(ck *chunk, off [numTables]int32, remap []int32) {
	for j := range ck.headers { // left in place until resolveHeaders
		h := &ck.headers[j]
		h.child, h.id = remap[h.child], off[TableHeader]+int32(j)
	}
	for j := range ck.episodes { // left in place: see episodeSet
		e := &ck.episodes[j]
		e.child, e.id = remap[e.child], off[TableEpisodes]+int32(j)
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
	ck.uasc, ck.routes = nil, nil
	ck.keys, ck.ids, ck.las, ck.laIdx = nil, nil, nil, nil
}

// gather adds one chunk's problems and counts, in chunk order.
func (m *merger) gather(ck *chunk, off [numTables]int32) {
	for _, b := range ck.badHeaders {
		b.prob += int32(len(m.list))
		m.badHeaders = append(m.badHeaders, b)
	}
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
		n := [numTables]int{m.nHeaders, m.epSet.len(), len(m.uasc), len(m.routes)}[t]
		m.used[t] = make([]bool, n)
	}
	counts := m.countReturns()
	m.cov = m.coverage(counts)
	m.yearEnds = make(map[returnKey]Day, len(counts))
	for k, r := range counts {
		if _, last, ok := r.collectionYears(); ok && r.settled(last) {
			m.yearEnds[k] = CivilDay(last+1, 3, 31)
		}
	}
	m.resolveHeaders()
	m.badDOBs()
	m.resolveEpisodes()
	m.fixEpisodes()
	ret := m.children()
	m.resolveUASC(ret)
	m.headers = nil // no longer needed: let the largest records go early
	m.buildEpisodes(ret)
	m.episodes = nil
	m.resolveRoutes(ret)
	ret.Coverage = m.cov
	return ret
}

// resolveHeaders picks each child's header row from the latest return and
// flags dates of birth that disagree. It reads the rows where the chunks
// decoded them and keeps the winning row of each child alone, in
// m.headers by child: the others, most rows of yearly returns, are then
// done with.
func (m *merger) resolveHeaders() {
	m.header = make([]int32, len(m.keys))
	m.headers = make([]headerRec, len(m.keys))
	for i := range m.header {
		m.header[i] = -1
	}
	for _, hs := range m.headerChunks {
		for i := range hs {
			h := &hs[i]
			if m.header[h.child] < 0 || h.later(m.headers[h.child].origin) {
				m.header[h.child], m.headers[h.child] = h.child, *h
			}
		}
	}
	m.birth = make([]Day, len(m.keys))
	for c, w := range m.header {
		m.birth[c] = NoDay
		if w >= 0 {
			m.birth[c] = m.headers[w].dob
		}
	}
	for _, hs := range m.headerChunks {
		for i := range hs {
			h := &hs[i]
			win := &m.headers[h.child]
			if h.id == win.id {
				continue
			}
			m.supersede(TableHeader)
			if win.dob != h.dob {
				if m.otherDOBs == nil {
					m.otherDOBs = map[int32][]Day{}
				}
				m.otherDOBs[h.child] = append(m.otherDOBs[h.child], h.dob)
				m.warnRec(TableHeader, win.origin, win.id, m.keys[h.child].id, "DOB", win.dob.String(), RuleDOBConflict,
					fmt.Sprintf("the date of birth differs from the one in the header row at %s; this later return's is used", m.loc(h.origin)))
			}
		}
	}
	m.headerChunks = nil
}

// badDOBs finishes the messages of header rows rejected for their date of
// birth: the child's date of birth then comes from their header row in
// another return, if there is one; if not, their episodes are dropped.
func (m *merger) badDOBs() {
	for _, b := range m.badHeaders {
		p := &m.list[b.prob]
		if w := m.header[b.child]; w >= 0 {
			h := m.headers[w]
			p.Message = b.at(fmt.Sprintf("%s; this header row is dropped and the date of birth from the header row at %s is used",
				b.msg, m.loc(h.origin)))
		} else {
			p.Message = b.at(b.msg + "; this header row is dropped and, as the child has no other header row, so no date of birth, all their episodes are dropped")
		}
	}
}

// dob returns a child's date of birth, or NoDay if it has no usable header.
func (m *merger) dob(child int32) Day { return m.birth[child] }

// date writes a date of a child's rows for a message. Messages never give
// a date of birth or what reveals one: a date that is the child's date of
// birth, or 18th birthday, by any of their header rows is named, not
// written (an episode often starts on the day a baby is born, or ends on
// the 18th birthday). Problem.Value keeps the date.
func (m *merger) date(child int32, d Day) string {
	if d == NoDay {
		return d.String()
	}
	for _, dob := range append([]Day{m.dob(child)}, m.otherDOBs[child]...) {
		switch {
		case dob == NoDay:
		case d == dob:
			return "the child's date of birth"
		case d == dob.AddYears(18):
			return "the child's 18th birthday"
		}
	}
	return d.String()
}

// resolveEpisodes sorts the episodes, removes rows re-sent by later returns
// and drops episodes that cannot be placed in a child's life. The episodes
// kept are gathered in order into a new slice, of about half the records
// of yearly returns (each re-sends what was open at its start), rather
// than all the records being moved into order in place.
func (m *merger) resolveEpisodes() {
	eps := &m.epSet
	order := episodeOrder(eps)
	bad := map[int32]origin{}
	for _, b := range m.badHeaders {
		bad[b.child] = b.origin
	}
	keep := order[:0] // keep[j] is written after order[i] is read, j <= i
	for i := range order {
		e := *eps.at(order[i])
		if i+1 < len(order) {
			if next := eps.at(order[i+1]); next.child == e.child && next.start == e.start {
				m.duplicate(e, *next)
				continue
			}
		}
		dob := m.dob(e.child)
		switch {
		case dob == NoDay:
			msg := "the child has no header row, so no date of birth; episode dropped"
			if o, ok := bad[e.child]; ok {
				msg = fmt.Sprintf("the child's header row at %s was rejected, so no date of birth; episode dropped", m.loc(o))
			}
			m.reject(TableEpisodes, e.origin, m.keys[e.child].id, "CHILD", m.keys[e.child].id, RuleNoHeader, msg)
		case e.start < dob:
			m.reject(TableEpisodes, e.origin, m.keys[e.child].id, "DECOM", e.start.String(), RuleDOBAfterDECOM,
				fmt.Sprintf("the episode starts (DECOM %s) before the child's date of birth; episode dropped", m.date(e.child, e.start)))
		default:
			keep = append(keep, order[i])
		}
	}
	m.episodes = eps.gather(keep)
}

// episodeOrder returns the indices of episodes in order of child, start,
// then origin (earlier returns first).
//
// The merged episodes are in the order they were read: by file, then by
// position in the file, which are the last keys of the origin order. A
// stable sort on (child, start, year) alone therefore gives the full
// order, and it can be a radix sort of those three packed into a uint64,
// far cheaper than comparing 60-byte records. Should the records not be
// in reading order, a comparison sort does the work.
func episodeOrder(eps *episodeSet) []int32 {
	n := eps.len()
	if n < 2 {
		return upTo(n)
	}
	inOrder := true
	lo, hi := *eps.at(0), *eps.at(0) // ranges of child, start and year
	var p *episodeRec
	eps.each(func(_ int32, e *episodeRec) {
		lo.child, hi.child = min(lo.child, e.child), max(hi.child, e.child)
		lo.start, hi.start = min(lo.start, e.start), max(hi.start, e.start)
		lo.year, hi.year = min(lo.year, e.year), max(hi.year, e.year)
		if p != nil {
			inOrder = inOrder && cmp.Or(cmp.Compare(p.file, e.file), cmp.Compare(p.line, e.line), cmp.Compare(p.col, e.col)) < 0
		}
		p = e
	})
	// Each part is packed as its offset from its minimum, in as many bits
	// as its range needs (in int64, so that no difference overflows).
	span := func(lo, hi int32) int { return bits.Len64(uint64(int64(hi) - int64(lo))) }
	childBits, startBits, yearBits := span(lo.child, hi.child), span(int32(lo.start), int32(hi.start)), span(lo.year, hi.year)
	if !inOrder || childBits+startBits+yearBits > 64 {
		order := upTo(n)
		slices.SortFunc(order, func(i, j int32) int {
			a, b := eps.at(i), eps.at(j)
			if c := cmp.Or(cmp.Compare(a.child, b.child), cmp.Compare(a.start, b.start)); c != 0 {
				return c
			}
			return compareOrigin(a.origin, b.origin)
		})
		return order
	}
	keys := make([]uint64, n)
	eps.each(func(i int32, e *episodeRec) {
		child := uint64(int64(e.child) - int64(lo.child))
		start := uint64(int64(e.start) - int64(lo.start))
		year := uint64(int64(e.year) - int64(lo.year))
		keys[i] = (child<<startBits|start)<<yearBits | year
	})
	order, _ := sortedOrder(keys)
	return order
}

// upTo returns 0, 1, …, n-1.
func upTo(n int) []int32 {
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	return order
}

// duplicate handles an episode with the same child and DECOM as the next
// (later-ranked) one: a re-sent row from an earlier return is superseded; two
// in the same return are an error.
func (m *merger) duplicate(e, later episodeRec) {
	if !e.sameReturn(later.origin) {
		m.supersede(TableEpisodes)
		return
	}
	m.reject(TableEpisodes, e.origin, m.keys[e.child].id, "DECOM", e.start.String(), RuleDuplicateEp,
		fmt.Sprintf("same CHILD and DECOM as %s in the same return; this row is dropped and the later one kept", m.loc(later.origin)))
}

// fixEpisodes walks each child's episodes: checks their dates against the
// coverage, trims overlaps, checks X1 links and the 18th birthday.
func (m *merger) fixEpisodes() {
	eps := m.episodes
	x1 := m.rd.codes.book.x1
	sp := m.span(eps)
	for a := 0; a < len(eps); {
		b := a + 1
		for b < len(eps) && eps[b].child == eps[a].child {
			b++
		}
		for i := a; i < b; i++ {
			// A DEC cut to the next DECOM is reported as an overlap.
			m.checkLate(&eps[i], sp, i+1 < b && overlaps(&eps[i], &eps[i+1]))
		}
		for i := a; i < b-1; i++ {
			m.trim(&eps[i], &eps[i+1], x1)
		}
		for i := a; i < b; i++ {
			e := &eps[i]
			if e.code[fieldREC] == x1 && e.end != NoDay && (i+1 == b || eps[i+1].start != e.end) {
				next := "the child has no later episode"
				if i+1 < b {
					next = "the next episode starts on " + m.date(e.child, eps[i+1].start)
				}
				m.warnRec(TableEpisodes, e.origin, e.id, m.keys[e.child].id, "REC", "X1", RuleX1NoNext,
					fmt.Sprintf("REC X1 says a new episode starts when this one ends, on %s, but %s", m.date(e.child, e.end), next))
			}
		}
		m.checkAge(eps[a:b], sp)
		a = b
	}
}

// trim cuts an episode that is open, or ends after the next one starts, at
// the next one's start. An episode cut while open (or with no REC) is given
// REC X1, since care continues into the next episode.
func (m *merger) trim(e, next *episodeRec, x1 uint32) {
	if !overlaps(e, next) {
		return
	}
	what := fmt.Sprintf("ends on %s, after", m.date(e.child, e.end))
	if e.end == NoDay {
		what = "is still open when"
	}
	start := m.date(e.child, next.start)
	msg := fmt.Sprintf("the episode %s the next one (%s) starts on %s; its DEC is set to %s", what, m.loc(next.origin), start, start)
	if e.end == NoDay || e.code[fieldREC] == 0 {
		e.code[fieldREC] = x1
		msg += " and its REC to X1"
	}
	m.warnRec(TableEpisodes, e.origin, e.id, m.keys[e.child].id, "DEC", e.end.String(), RuleOverlap, msg)
	e.end = next.start
}

// overlaps reports whether an episode is open, or ends after the next one
// of the child starts.
func overlaps(e, next *episodeRec) bool { return e.end == NoDay || e.end > next.start }

// settled reports whether a return's last collection year y rests on
// enough dates to call a date after it stray: at least three episode ends
// in it (episode starts, for a return with no closed episode), the fewest
// that coverage does not count negligible. The years of a handful of rows
// are a guess.
func (r *returnCounts) settled(y int) bool {
	n := r.ends[:]
	if !slices.ContainsFunc(n, func(c int32) bool { return c > 0 }) {
		n = r.starts[:]
	}
	return n[y-(MinYear-1)] >= 3
}

// span is what the episodes' dates are checked against: the months the
// returns cover (see Coverage).
type span struct {
	known bool // the coverage is known
	end   Day  // the last day of the last month covered (Coverage.End)
	// judged: some return whose last collection year is the coverage's
	// settles it, so a date after the coverage can be called stray
	judged bool
	// latest is the latest date not after the coverage: end, or the latest
	// date of the last collection year as used, if later (an extract of 10
	// June covers May, yet its June dates are right); yearEnd is the last
	// day of the last collection year
	latest, yearEnd Day
}

// span works out the span of the returns; with no coverage known, it ends
// on the latest date of the episodes.
func (m *merger) span(eps []episodeRec) span {
	c := m.cov
	if !c.Known() {
		return span{end: latestDay(eps)}
	}
	s := span{known: true, end: lastDay(c.End)}
	s.latest = s.end
	if !c.LatestDate.IsZero() {
		s.latest = max(s.latest, DayOf(c.LatestDate))
	}
	s.yearEnd = CivilDay(c.Years[len(c.Years)-1]+1, 3, 31)
	for _, end := range m.yearEnds {
		s.judged = s.judged || end == s.yearEnd
	}
	return s
}

// checkLate warns of an episode's DECOM, and of its DEC unless it is cut to
// the next DECOM (an overlap), when it lies after the months the returns
// cover or after the last collection year of its own return: dates that
// the coverage leaves out, mistyped or from rows that belong to a later
// return. The episode is kept as read. Nothing is said of returns whose
// years rest on a handful of dates (see settled).
func (m *merger) checkLate(e *episodeRec, s span, cut bool) {
	yearEnd, settled := m.yearEnds[returnKey{e.file, e.year}]
	if !s.judged && !settled {
		return
	}
	for _, f := range [2]struct {
		name string
		d    Day
	}{{"DECOM", e.start}, {"DEC", e.end}} {
		if f.d == NoDay || f.name == "DEC" && cut {
			continue
		}
		// A date within a month after the year, such as a DEC of 1 April,
		// is more likely a row from after the return's year than a typo.
		var after, guess string
		switch {
		case s.judged && f.d > s.latest && m.cov.End == s.yearEnd.Month():
			after = monthName(m.cov.End) + ", the end of the returns' last collection year"
			guess = mistypedYear(f.d, s.yearEnd)
		case s.judged && f.d > s.latest && f.d > s.yearEnd:
			after = fmt.Sprintf("%s, the last month the returns cover, and after their last collection year, %s",
				monthName(m.cov.End), yearLabel(s.yearEnd))
			guess = mistypedYear(f.d, s.yearEnd)
		case s.judged && f.d > s.latest:
			after = fmt.Sprintf("%s, the last month the returns cover, and set apart from the other dates of their last collection year, %s",
				monthName(m.cov.End), yearLabel(s.yearEnd))
			guess = "a mistyped date?"
		case settled && f.d > yearEnd:
			after = fmt.Sprintf("%s, the end of its return's collection year, %s", monthName(yearEnd.Month()), yearLabel(yearEnd))
			guess = mistypedYear(f.d, yearEnd)
		default:
			continue
		}
		msg := fmt.Sprintf("%s (%s) is after %s", f.name, m.date(e.child, f.d), after)
		if guess != "" {
			msg += ": " + guess + " The episode is kept as read"
		} else {
			msg += "; the episode is kept as read"
		}
		m.warnRec(TableEpisodes, e.origin, e.id, m.keys[e.child].id, f.name, f.d.String(), RuleAfterCoverage, msg)
	}
}

// mistypedYear is the guess at a date after a collection year's last day,
// end: a mistyped year, unless it is within a month after the year (a DEC
// of 1 April is an episode that ended just after it).
func mistypedYear(d, end Day) string {
	if d-end <= 31 {
		return ""
	}
	return "a mistyped year?"
}

// monthName writes a month for messages: "March 2025".
func monthName(m model.Month) string { return m.Calendar().String() + " " + strconv.Itoa(m.Year()) }

// yearLabel names the collection year of a day: "2024-25".
func yearLabel(d Day) string { return model.FinancialYearLabel(d.Month().FinancialYear()) }

// checkAge warns once per child in care more than Over18Grace days after
// their 18th birthday. An open episode, or one whose DEC is after the
// coverage (a date reported as such), counts as lasting to the end of the
// last month the returns cover.
func (m *merger) checkAge(eps []episodeRec, s span) {
	dob := m.dob(eps[0].child)
	b18 := dob.AddYears(18)
	for i := range eps {
		e := &eps[i]
		end := e.end
		if end == NoDay || s.judged && end > s.latest {
			end = s.end
		}
		if end > b18+Over18Grace && end >= e.start {
			// Neither the birthday nor how long after it the episode
			// ends is given: with the end date, either gives the date
			// of birth away.
			how := fmt.Sprintf("it ends on %s", m.date(e.child, end))
			switch {
			case !s.known && e.end == NoDay:
				how = fmt.Sprintf("it is still open on %s, the latest date in the returns", m.date(e.child, end))
			case e.end == NoDay:
				how = fmt.Sprintf("it is still open at the end of %s, the last month the returns cover", monthName(m.cov.End))
			case end != e.end:
				how = fmt.Sprintf("it ends after %s, the last month the returns cover", monthName(m.cov.End))
			}
			m.warnRec(TableEpisodes, e.origin, e.id, m.keys[e.child].id, "DEC", e.end.String(), RuleOver18,
				fmt.Sprintf("the episode continues more than %d days after the child's 18th birthday (%s)", Over18Grace, how))
			return
		}
	}
}

// latestDay returns the latest start or end date of the episodes.
func latestDay(eps []episodeRec) Day {
	latest := NoDay
	for i := range eps {
		latest = max(latest, eps[i].start, eps[i].end)
	}
	return latest
}

// children builds Returns.Children from the children with episodes and
// rejects the header rows of the others.
func (m *merger) children() *Returns {
	ret := &Returns{Children: make([]Child, 0, len(m.keys)), Files: m.rd.files}
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
		ret.Children = append(ret.Children, Child{ID: k.id, LA: k.la, Sex: int(h.sex), DOB: h.dob.Time()})
	}
	for c, w := range m.header {
		if w >= 0 && m.final[c] < 0 {
			h := m.headers[w]
			m.reject(TableHeader, h.origin, m.keys[c].id, "CHILD", m.keys[c].id, RuleNoEpisodes,
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
			m.reject(TableUASC, u.origin, m.keys[u.child].id, "CHILD", m.keys[u.child].id, RuleUASCNoChild,
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
		ch.UASC, ch.DUC = true, u.duc.Time()
		if dob := m.dob(c); u.dob != NoDay && u.dob != dob {
			m.warnRec(TableUASC, u.origin, u.id, m.keys[c].id, "DOB", u.dob.String(), RuleUASCDOBMismatch,
				"the date of birth differs from the one in the child's header row; the header's is used")
		}
	}
}

// buildEpisodes fills Returns.Episodes, in parallel: it is the largest
// write of the read.
func (m *merger) buildEpisodes(ret *Returns) {
	ret.Episodes = make([]Episode, len(m.episodes))
	m.codes = m.rd.codes.interned()
	const block = 1 << 14
	forEach((len(m.episodes)+block-1)/block, m.rd.workers(), func(i int) {
		lo, hi := i*block, min((i+1)*block, len(m.episodes))
		m.buildRange(ret.Episodes[lo:hi], m.episodes[lo:hi])
	})
}

// buildRange converts records to Episodes.
func (m *merger) buildRange(out []Episode, recs []episodeRec) {
	codes := m.codes
	used := m.used[TableEpisodes]
	for i := range recs {
		e := &recs[i]
		used[e.id] = true
		o := &out[i]
		o.Child = int(m.final[e.child])
		o.Start, o.End = e.start, e.end
		o.RNE = codes[e.code[fieldRNE]]
		o.LS = codes[e.code[fieldLS]]
		o.CIN = codes[e.code[fieldCIN]]
		o.Place = codes[e.code[fieldPlace]]
		o.Provider = codes[e.code[fieldProvider]]
		o.REC = codes[e.code[fieldREC]]
		o.ReasonPlaceChange = codes[e.code[fieldReason]]
		o.File, o.Line = e.file, e.line
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
			m.reject(TableRoutes, r.origin, m.keys[r.child].id, "CHILD", m.keys[r.child].id, RuleRouteUnmatched,
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
	j, found := slices.BinarySearchFunc(eps, r.decom, func(e Episode, d Day) int { return cmp.Compare(e.Start, d) })
	if !found {
		m.reject(TableRoutes, r.origin, m.keys[r.child].id, "DECOM", r.decom.String(), RuleRouteUnmatched,
			fmt.Sprintf("no episode of this child starts on %s; route not used", m.date(r.child, r.decom)))
		return
	}
	s := j
	for !periodStart(eps, s) {
		s--
	}
	if s != j {
		m.warnRec(TableRoutes, r.origin, r.id, m.keys[r.child].id, "DECOM", r.decom.String(), RuleRouteMidPeriod,
			fmt.Sprintf("DECOM, %s, is not the start of a period of care, which began on %s; the route is given to the whole period",
				m.date(r.child, r.decom), m.date(r.child, eps[s].Start)))
	}
	k := s + 1
	for k < len(eps) && !periodStart(eps, k) {
		k++
	}
	route := CodeOf(r.route)
	for i := s; i < k; i++ {
		eps[i].Route = route
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
	return eps[i].RNE == codeS || p.REC != codeX1 || p.End != eps[i].Start
}

var codeS, codeX1 = CodeOf("S"), CodeOf("X1")

// compareOrigin orders rows from earlier to later returns.
func compareOrigin(a, b origin) int {
	return cmp.Or(cmp.Compare(a.year, b.year), cmp.Compare(a.file, b.file), cmp.Compare(a.line, b.line), cmp.Compare(a.col, b.col))
}
