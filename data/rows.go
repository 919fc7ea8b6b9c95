package data

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// The row structs are what gocsv (and encoding/xml) fill from one row: all
// strings, parsed afterwards by the add* methods so that every bad value
// becomes a counted Problem rather than a decoding failure.

// headerRow is a row of the Header table (or the HEADER element of the XML).
type headerRow struct {
	Child string `csv:"CHILD" xml:"CHILDID"`
	Sex   string `csv:"SEX" xml:"SEX"`
	DOB   string `csv:"DOB" xml:"DOB"`
	LA    string `csv:"LA" xml:"-"`
	Year  string `csv:"YEAR" xml:"-"`
}

func (r *headerRow) childID() string { return r.Child }

func (r *headerRow) blank() bool {
	return isBlank(r.Child, r.Sex, r.DOB)
}

// episodeRow is a row of the Episodes table (or an EPISODE element).
type episodeRow struct {
	Child             string `csv:"CHILD" xml:"-"`
	DECOM             string `csv:"DECOM" xml:"DECOM"`
	RNE               string `csv:"RNE" xml:"RNE"`
	LS                string `csv:"LS" xml:"LS"`
	CIN               string `csv:"CIN" xml:"CIN"`
	Place             string `csv:"PLACE" xml:"PL"`
	PlaceXML          string `csv:"-" xml:"PLACE"` // some XML writers spell PL out
	Provider          string `csv:"PLACE_PROVIDER" xml:"PLACE_PROVIDER"`
	DEC               string `csv:"DEC" xml:"DEC"`
	REC               string `csv:"REC" xml:"REC"`
	ReasonPlaceChange string `csv:"REASON_PLACE_CHANGE" xml:"REASON_PLACE_CHANGE"`
	LA                string `csv:"LA" xml:"-"`
	Year              string `csv:"YEAR" xml:"-"`
}

func (r *episodeRow) childID() string { return r.Child }

func (r *episodeRow) blank() bool {
	return isBlank(r.Child, r.DECOM, r.RNE, r.LS, r.CIN, r.Place, r.PlaceXML, r.Provider, r.DEC, r.REC, r.ReasonPlaceChange)
}

// codes returns the raw code values in codeField order.
func (r *episodeRow) codes() [numCodeFields]string {
	place := r.Place
	if trimSpace(place) == "" {
		place = r.PlaceXML
	}
	return [numCodeFields]string{r.RNE, r.LS, r.CIN, place, r.Provider, r.REC, r.ReasonPlaceChange}
}

// uascRow is a row of the UASC table.
type uascRow struct {
	Child string `csv:"CHILD"`
	Sex   string `csv:"SEX"`
	DOB   string `csv:"DOB"`
	DUC   string `csv:"DUC"`
	LA    string `csv:"LA"`
	Year  string `csv:"YEAR"`
}

func (r *uascRow) childID() string { return r.Child }

func (r *uascRow) blank() bool { return isBlank(r.Child, r.Sex, r.DOB, r.DUC) }

// routeRow is a row of the optional routes file.
type routeRow struct {
	Child string `csv:"CHILD"`
	DECOM string `csv:"DECOM"`
	Route string `csv:"ROUTE"`
	LA    string `csv:"LA"`
	Year  string `csv:"YEAR"`
}

func (r *routeRow) childID() string { return r.Child }

func (r *routeRow) blank() bool { return isBlank(r.Child, r.DECOM, r.Route) }

// isBlank reports whether every value is empty or spaces: such rows (often
// left by spreadsheets at the end of a file) are skipped and not counted.
func isBlank(vals ...string) bool {
	for _, v := range vals {
		if trimSpace(v) != "" {
			return false
		}
	}
	return true
}

// origin locates a row and ranks the return it came from.
type origin struct {
	file int32 // index into the read's file list
	line int32 // line in the file
	col  int32 // column in the line, for XML elements (files may be one long line); 0 for CSV
	year int32 // YEAR column; 0 if absent
}

// at adds an XML element's column to a message, so that problems can be
// found in files written on one line.
func (o origin) at(msg string) string {
	if o.col == 0 {
		return msg
	}
	return msg + " (XML element at column " + strconv.Itoa(int(o.col)) + ")"
}

// later reports whether o is from a later return than p: by YEAR, then by
// file order (files sorted by name), then by position in the file.
func (o origin) later(p origin) bool {
	if o.year != p.year {
		return o.year > p.year
	}
	if o.file != p.file {
		return o.file > p.file
	}
	if o.line != p.line {
		return o.line > p.line
	}
	return o.col > p.col
}

// sameReturn reports whether two rows come from the same return: the same
// file and the same YEAR.
func (o origin) sameReturn(p origin) bool { return o.file == p.file && o.year == p.year }

// childKey identifies a child: identifiers are only unique within a council.
type childKey struct{ la, id string }

// The records below are rows that passed the row-level checks, with dates
// as days and codes as ids. id numbers a record within its table across the
// whole read, so that problems can point at it after sorting.

type headerRec struct {
	origin
	id, child int32
	sex       int8
	dob       Day
}

type episodeRec struct {
	origin
	id, child  int32
	start, end Day // end is NoDay while open
	code       [numCodeFields]uint32
}

type uascRec struct {
	origin
	id, child int32
	dob, duc  Day // NoDay when blank or invalid
}

type routeRec struct {
	origin
	id, child int32
	decom     Day
	route     string
}

// badHeader remembers a header row rejected for its date of birth: the
// merge finishes its message, which depends on whether the child has
// another header row, and explains the no-header errors of the child's
// episodes if not.
type badHeader struct {
	origin
	child int32
	prob  int32  // index of its error in the problems list
	msg   string // the error's message, without what became of the child
}

// rawProblem is a Problem with what is needed to place and filter it.
type rawProblem struct {
	Problem
	file  int32
	table Table
	rec   int32 // id of the record the problem is about, or -1
}

// tally counts the rows of one table.
type tally struct{ read, rejected, superseded, otherLA int }

// problems collects problems and row counts; chunks and the merger each
// have one.
type problems struct {
	list    []rawProblem
	pending []rawProblem // warnings of the row being read, until it is kept or dropped
	tally   [numTables]tally
}

// warn records a warning about the row being read; it is kept only if the
// row is (see commit).
func (p *problems) warn(t Table, o origin, child, field, value, rule, msg string) {
	p.pending = append(p.pending, rawProblem{
		Problem: Problem{Line: int(o.line), Child: strings.Clone(child), Field: field, Value: strings.Clone(value), Rule: rule, Severity: SeverityWarning, Message: o.at(msg)},
		file:    o.file, table: t, rec: -1,
	})
}

// commit keeps the pending warnings of a row stored as record rec.
func (p *problems) commit(rec int) {
	for _, w := range p.pending {
		w.rec = int32(rec)
		p.list = append(p.list, w)
	}
	p.pending = p.pending[:0]
}

// warnRec records a warning about a stored record.
func (p *problems) warnRec(t Table, o origin, rec int32, child, field, value, rule, msg string) {
	p.list = append(p.list, rawProblem{
		Problem: Problem{Line: int(o.line), Child: strings.Clone(child), Field: field, Value: strings.Clone(value), Rule: rule, Severity: SeverityWarning, Message: o.at(msg)},
		file:    o.file, table: t, rec: rec,
	})
}

// reject drops a row: it counts it as rejected, forgets its pending
// warnings and records the error.
func (p *problems) reject(t Table, o origin, child, field, value, rule, msg string) {
	p.pending = p.pending[:0]
	p.tally[t].rejected++
	p.list = append(p.list, rawProblem{
		Problem: Problem{Line: int(o.line), Child: strings.Clone(child), Field: field, Value: strings.Clone(value), Rule: rule, Severity: SeverityError, Message: o.at(msg)},
		file:    o.file, table: t, rec: -1,
	})
}

// fileProblem records a problem about a whole file, or a part of it (no
// row is counted); child is the child being read there, if known.
func (p *problems) fileProblem(t Table, file int32, line int, child, sev, field, rule, msg string) {
	p.list = append(p.list, rawProblem{
		Problem: Problem{Line: line, Child: strings.Clone(child), Field: field, Rule: rule, Severity: sev, Message: msg},
		file:    file, table: t, rec: -1,
	})
}

// chunk holds what one worker decoded from one file or one piece of a file.
type chunk struct {
	rd     *reading
	seq    int  // submission order of the unit decoded
	xml    bool // decoded from the XML layout
	file   int32
	table  Table               // table of a CSV chunk (XML chunks hold several)
	has    [numCodeFields]bool // which code columns the file has
	hasSex bool                // whether the file has SEX
	col    int32               // XML: column of the element being added
	row    string              // CHILD of the row being read, for its problems
	names  []string            // CSV: the normalised column names
	cols   []int               // CSV: the column plan (see columnPlan)
	values int                 // CSV: the number of values of the row being read
	part   bool                // XML: the file could not be read to its end
	problems

	// keys lists the children met, by chunk-local index. A child gets a
	// new index whenever it is not the child of the row before, so a child
	// whose rows are not together has several indices: the merge, which
	// must look every key up anyway, folds them into one. This spares a
	// map per chunk, since rows nearly always come grouped by child.
	keys  []chunkKey
	ids   []byte           // the identifiers of keys, one after the other
	las   []string         // the councils of keys
	laIdx map[string]int32 // index in las of each council, once there are several

	headers    []headerRec
	episodes   []episodeRec
	uasc       []uascRec
	routes     []routeRec
	badHeaders []badHeader
	routeNames map[string]string

	// councils named in the LA column of the rows, read or skipped
	councils []string
}

func newChunk(rd *reading, file int32) *chunk {
	return &chunk{rd: rd, file: file, routeNames: map[string]string{}}
}

// reserve makes room for n rows of a table, to avoid regrowing the slices.
func (ck *chunk) reserve(t Table, n int) {
	ck.keys = make([]chunkKey, 0, n)
	switch t {
	case TableHeader:
		ck.headers = make([]headerRec, 0, n)
	case TableEpisodes:
		ck.episodes = make([]episodeRec, 0, n)
	case TableUASC:
		ck.uasc = make([]uascRec, 0, n)
	case TableRoutes:
		ck.routes = make([]routeRec, 0, n)
	}
}

// chunkKey is a child of a chunk: its identifier is the chunk's
// ids[off:end] and its council the chunk's las[la]. Keys hold no pointer
// and identifiers are not separate strings, so the chunks' keys (one or
// more per child and return) cost the garbage collector nothing to scan.
type chunkKey struct {
	off, end uint32 // a chunk's identifiers are far under 4 GB: a unit is at most a file
	la       int32
}

// child returns the chunk-local index of a child: the index of the row
// before if it is the same child, else a new one (see chunk.keys).
func (ck *chunk) child(la, id string) int32 {
	if n := len(ck.keys); n > 0 {
		if k := &ck.keys[n-1]; string(ck.ids[k.off:k.end]) == id && ck.las[k.la] == la {
			return int32(n - 1)
		}
	}
	k := chunkKey{off: uint32(len(ck.ids)), la: ck.council(la)}
	ck.ids = append(ck.ids, id...)
	k.end = uint32(len(ck.ids))
	ck.keys = append(ck.keys, k)
	return int32(len(ck.keys) - 1)
}

// council returns the index of a council in ck.las, adding it if new.
// Rows come grouped by council, and most reads have one, so the last
// council is tried first and the map is only made for a second one.
func (ck *chunk) council(la string) int32 {
	n := len(ck.las)
	if n > 0 && ck.las[n-1] == la {
		return int32(n - 1)
	}
	if i, ok := ck.laIdx[la]; ok {
		return i
	}
	if n == 1 {
		ck.laIdx = map[string]int32{ck.las[0]: 0}
	}
	la = strings.Clone(la)
	if ck.laIdx != nil {
		ck.laIdx[la] = int32(n)
	}
	ck.las = append(ck.las, la)
	return int32(n)
}

// key returns key j as a childKey, with its identifier in a new string.
func (ck *chunk) key(j int) childKey {
	k := ck.keys[j]
	return childKey{ck.las[k.la], string(ck.ids[k.off:k.end])}
}

// begin does what every table's rows share: it skips rows of other
// councils, counts the row as read, reads YEAR and finds the child. It
// returns ok false if the row is finished with (skipped or rejected).
func (ck *chunk) begin(t Table, line int, child, la, year string) (o origin, c int32, ok bool) {
	id := trimSpace(child)
	ck.row = id
	la = trimSpace(la)
	if la != "" && (len(ck.councils) == 0 || ck.councils[len(ck.councils)-1] != la) && !slices.Contains(ck.councils, la) {
		ck.councils = append(ck.councils, strings.Clone(la))
	}
	if ck.rd.la != "" && la != "" && !strings.EqualFold(la, ck.rd.la) {
		ck.tally[t].otherLA++
		return o, 0, false
	}
	if la == "" || ck.rd.la != "" {
		la = ck.rd.la
	}
	ck.tally[t].read++
	o = origin{file: ck.file, line: int32(line), col: ck.col}
	if y := trimSpace(year); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 0 || n > 9999 {
			ck.warn(t, o, ck.row, "YEAR", year, RuleInvalidYear, "YEAR is not a year; this row ranks below rows with a YEAR when merging returns")
		} else {
			o.year = int32(n)
		}
	}
	if ck.shortRow(t, o) {
		return o, 0, false
	}
	if id == "" {
		ck.reject(t, o, ck.row, "CHILD", child, RuleMissingChild, "CHILD is blank, so the row cannot be tied to a child; row dropped")
		return o, 0, false
	}
	return o, ck.child(la, id), true
}

// date parses a required date; on failure it rejects the row, with
// dropped saying what is lost.
func (ck *chunk) date(t Table, o origin, field, raw, dropped string) (Day, bool) {
	d, err := parseDay(raw)
	if err == nil {
		return d, true
	}
	rule, msg := ck.dateProblem(field, raw, err)
	ck.reject(t, o, ck.row, field, raw, rule, msg+"; "+dropped)
	return NoDay, false
}

// dateProblem returns the rule and message for a date of the row being
// read that did not parse. The value is quoted except for DOB, whose value
// is a date of birth even when it does not parse, and a value that holds
// the row's CHILD (a column out of place): messages are printed where
// child data must not be, and the value is in Problem.Value.
func (ck *chunk) dateProblem(field, raw string, err error) (rule, msg string) {
	if errors.Is(err, ErrDateEmpty) {
		return RuleMissingDate, field + " is blank"
	}
	switch {
	case field == "DOB":
		msg = fmt.Sprintf("%s is %s", field, dateReason(err))
	case ck.holdsChild(raw):
		msg = fmt.Sprintf("%s is %s, and holds the row's CHILD (is a column out of place?)", field, dateReason(err))
	default:
		msg = fmt.Sprintf("%s %q is %s", field, raw, dateReason(err))
	}
	if errors.Is(err, ErrNoSuchDay) && monthFirst(raw) {
		msg += " (is it written month first, MM/DD/YYYY? Dates are DD/MM/YYYY)"
	}
	return RuleInvalidDate, msg
}

// holdsChild reports whether a value of the row being read holds the row's
// CHILD, as a value in the wrong column may: it is then not quoted in a
// message. An identifier of one or two characters ("7") is only looked for
// as the whole value, since it is part of many a code and date.
func (ck *chunk) holdsChild(raw string) bool {
	id := ck.row
	if id == "" {
		return false
	}
	if len(id) <= 2 {
		return trimSpace(raw) == id
	}
	return strings.Contains(raw, id)
}

func dateReason(err error) string {
	switch {
	case errors.Is(err, ErrNoSuchDay):
		return "not a day in the calendar"
	case errors.Is(err, ErrYearRange):
		return fmt.Sprintf("outside the years %d–%d", MinYear, MaxYear)
	case errors.Is(err, ErrDateTime):
		return "a date with a time of day other than midnight: a date in a return is a whole day, " +
			"so only a time of 00:00, as spreadsheet exports add, is ignored"
	}
	return "not a date (expected DD/MM/YYYY or YYYY-MM-DD, optionally with a midnight time such as 00:00)"
}

// monthFirst reports whether a date that is not a day as DD/MM/YYYY would
// be one as MM/DD/YYYY, as US-style exports write them.
func monthFirst(raw string) bool {
	date, _, _ := cutClock(trimSpace(raw))
	d, m, y, ok := parseDMY(date)
	return ok && m > 12 && d >= 1 && d <= 12 && m <= daysInMonth(y, d)
}

// sex reads SEX: 1 or 2 (pandas exports may write 1.0 and 2.0); anything
// else is 0 with a warning.
func (ck *chunk) sex(t Table, o origin, raw string) int8 {
	switch trimSpace(raw) {
	case "1", "1.0":
		return 1
	case "2", "2.0":
		return 2
	case "":
		ck.warn(t, o, ck.row, "SEX", raw, RuleInvalidSex, "SEX is blank; sex recorded as not known")
	default:
		ck.warn(t, o, ck.row, "SEX", raw, RuleInvalidSex, "SEX is not 1 (male) or 2 (female); sex recorded as not known")
	}
	return 0
}

// addHeader checks and stores a Header row.
func (ck *chunk) addHeader(r *headerRow, line int) {
	if r.blank() {
		return
	}
	o, c, ok := ck.begin(TableHeader, line, r.Child, r.LA, r.Year)
	if !ok {
		return
	}
	sex := int8(0)
	if ck.hasSex {
		sex = ck.sex(TableHeader, o, r.Sex)
	}
	dob, err := parseDay(r.DOB)
	if err != nil {
		// What becomes of the child is only known once every return is
		// read: the merge finishes the message (see merger.badDOBs).
		rule, msg := ck.dateProblem("DOB", r.DOB, err)
		ck.reject(TableHeader, o, ck.row, "DOB", r.DOB, rule, msg+"; this header row is dropped")
		ck.badHeaders = append(ck.badHeaders, badHeader{origin: o, child: c, prob: int32(len(ck.list) - 1), msg: msg})
		return
	}
	ck.headers = append(ck.headers, headerRec{origin: o, child: c, sex: sex, dob: dob})
	ck.commit(len(ck.headers) - 1)
}

// requiredCode reports whether a blank value of the field deserves a
// warning.
func requiredCode(f codeField) bool {
	return f == fieldRNE || f == fieldLS || f == fieldCIN || f == fieldPlace
}

// addEpisode checks and stores an Episodes row.
func (ck *chunk) addEpisode(r *episodeRow, line int) {
	if r.blank() {
		return
	}
	const t = TableEpisodes
	o, c, ok := ck.begin(t, line, r.Child, r.LA, r.Year)
	if !ok {
		return
	}
	start, ok := ck.date(t, o, "DECOM", r.DECOM, "episode dropped")
	if !ok {
		return
	}
	end := NoDay
	if trimSpace(r.DEC) != "" {
		if end, ok = ck.date(t, o, "DEC", r.DEC, "episode dropped"); !ok {
			return
		}
		if end < start {
			// The dates are not given: either may be the date of birth
			// (a baby's), which is only known once the returns are merged.
			ck.reject(t, o, ck.row, "DEC", r.DEC, RuleDECBeforeDECOM,
				"DEC is before DECOM: the episode ends before it starts; episode dropped")
			return
		}
	}
	e := episodeRec{origin: o, child: c, start: start, end: end}
	raw := r.codes()
	for f := range numCodeFields {
		id, known := ck.rd.codes.lookup(f, raw[f])
		e.code[f] = id
		name := codeFieldNames[f]
		switch {
		case id == 0 && requiredCode(f) && ck.has[f]:
			ck.warn(t, o, ck.row, name, raw[f], RuleMissingCode, name+" is blank")
		case !known && (ck.holdsChild(raw[f]) || isDate(raw[f])):
			// a column out of place: the value may be a CHILD or a date
			// of birth, so it is not quoted
			ck.warn(t, o, ck.row, name, raw[f], unknownRules[f],
				name+" is not in the SSDA903 code list and holds the row's CHILD or a date (is a column out of place?); kept as it is")
		case !known:
			ck.warn(t, o, ck.row, name, raw[f], unknownRules[f], fmt.Sprintf("%s %q is not in the SSDA903 code list; kept as it is", name, normCode(raw[f])))
		}
	}
	switch {
	case end == NoDay && e.code[fieldREC] != 0:
		ck.warn(t, o, ck.row, "REC", raw[fieldREC], RuleRECWithoutDEC, "REC is given but DEC is blank; the episode is read as open and REC is ignored")
		e.code[fieldREC] = 0
	case end != NoDay && e.code[fieldREC] == 0 && ck.has[fieldREC]:
		ck.warn(t, o, ck.row, "REC", raw[fieldREC], RuleDECWithoutREC, "DEC is given but REC is blank; the reason the episode ended is not known")
	}
	ck.episodes = append(ck.episodes, e)
	ck.commit(len(ck.episodes) - 1)
}

// addUASC checks and stores a UASC row.
func (ck *chunk) addUASC(r *uascRow, line int) {
	if r.blank() {
		return
	}
	const t = TableUASC
	o, c, ok := ck.begin(t, line, r.Child, r.LA, r.Year)
	if !ok {
		return
	}
	u := uascRec{origin: o, child: c, dob: NoDay, duc: NoDay}
	if trimSpace(r.DOB) != "" {
		d, err := parseDay(r.DOB)
		if err != nil {
			rule, msg := ck.dateProblem("DOB", r.DOB, err)
			ck.warn(t, o, ck.row, "DOB", r.DOB, rule, msg+"; the header's date of birth is used")
		}
		u.dob = d
	}
	if trimSpace(r.DUC) != "" {
		d, err := parseDay(r.DUC)
		if err != nil {
			rule, msg := ck.dateProblem("DUC", r.DUC, err)
			ck.warn(t, o, ck.row, "DUC", r.DUC, rule, msg+"; the child is taken to be UASC with no end date")
		}
		u.duc = d
	}
	ck.uasc = append(ck.uasc, u)
	ck.commit(len(ck.uasc) - 1)
}

// addRoute checks and stores a routes row.
func (ck *chunk) addRoute(r *routeRow, line int) {
	if r.blank() {
		return
	}
	const t = TableRoutes
	o, c, ok := ck.begin(t, line, r.Child, r.LA, r.Year)
	if !ok {
		return
	}
	decom, ok := ck.date(t, o, "DECOM", r.DECOM, "route dropped")
	if !ok {
		return
	}
	route := trimSpace(r.Route)
	if route == "" {
		ck.reject(t, o, ck.row, "ROUTE", r.Route, RuleMissingRoute, "ROUTE is blank; route dropped")
		return
	}
	name, ok := ck.routeNames[route]
	if !ok {
		name = ck.routeName(route)
		ck.routeNames[strings.Clone(route)] = name
	}
	if name == "" {
		ck.warn(t, o, ck.row, "ROUTE", r.Route, RuleUnknownRoute, ck.unknownRoute(r.Route))
	}
	ck.routes = append(ck.routes, routeRec{origin: o, child: c, decom: decom, route: name})
	ck.commit(len(ck.routes) - 1)
}

// routeName is the name a ROUTE value is kept under: the scenario's name
// for it, or "" if the scenario does not know it (see
// ReadOptions.Classifier); as read if there is no scenario.
func (ck *chunk) routeName(route string) string {
	cl := ck.rd.opt.Classifier
	if cl == nil {
		return strings.Clone(route)
	}
	name, _ := cl.RouteName(route)
	return name
}

// unknownRoute is the message of a ROUTE the scenario does not know.
func (ck *chunk) unknownRoute(raw string) string {
	what := fmt.Sprintf("ROUTE %q is", trimSpace(raw))
	if ck.holdsChild(raw) || isDate(raw) {
		what = "ROUTE holds the row's CHILD or a date (is a column out of place?), so it is"
	}
	return fmt.Sprintf("%s not one of the scenario's routes (%s); the period's route is derived from its first episode, "+
		"as if this row were not there (mapping.route_names can map other spellings)", what, strings.Join(ck.rd.opt.Classifier.Routes(), ", "))
}
