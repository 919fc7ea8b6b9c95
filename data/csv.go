package data

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/gocarina/gocsv"
)

// unit is a piece of work for one worker: a whole XML file, or a run of
// whole lines of a CSV file.
type unit struct {
	seq       int // submission order
	file      int32
	xml       bool
	table     Table    // CSV only
	head      string   // CSV only: the normalised header line, with its newline
	cols      []int    // CSV only: the column plan of the header line (see columnPlan)
	names     []string // CSV only: the normalised column names, by column
	comma     rune     // CSV only: the separator of values (see separator)
	has       [numCodeFields]bool
	hasSex    bool
	body      []byte // CSV: data lines only; XML: the whole file
	firstLine int    // line number in the file of body's first line
}

// blockSize is the size of the blocks CSV files are read and decoded in
// (a variable so that tests can make it small).
var blockSize = 1 << 20

// utf8BOM is the byte-order mark spreadsheets put at the start of UTF-8 files.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// columnAliases maps other spellings of a column to the CSV name.
var columnAliases = map[string]string{
	"CHILDID": "CHILD", // DfE XML
	"PL":      "PLACE", // DfE XML
}

// normColumn normalises a column name: no BOM or surrounding spaces, upper
// case, inner spaces as underscores, aliases resolved.
func normColumn(s string) string {
	s = strings.TrimPrefix(s, "\uFEFF")
	s = strings.ToUpper(strings.TrimSpace(s))
	s = strings.Join(strings.Fields(s), "_")
	if a, ok := columnAliases[s]; ok {
		return a
	}
	return s
}

// columnLike reports whether a normalised name looks like a column name
// (a letter, then letters, digits and underscores), not a value.
func columnLike(n string) bool {
	for i := 0; i < len(n); i++ {
		c := n[i]
		if !(c >= 'A' && c <= 'Z' || c == '_' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return n != ""
}

// tableSpec says how to recognise a table and which columns it needs.
type tableSpec struct {
	table    Table
	detect   []string // all present: this is the table (checked in order)
	without  []string // none present
	required []string // the file is not read without them
	optional []string // a warning without them
}

// specs are checked in order; the first match wins.
var specs = []tableSpec{
	{table: TableEpisodes, detect: []string{"CHILD", "DECOM", "RNE"},
		required: []string{"CHILD", "DECOM", "RNE", "LS", "PLACE", "DEC", "REC"},
		optional: []string{"CIN", "PLACE_PROVIDER", "REASON_PLACE_CHANGE"}},
	{table: TableEpisodes, detect: []string{"CHILD", "DECOM", "PLACE"}, without: []string{"ROUTE"},
		required: []string{"CHILD", "DECOM", "RNE", "LS", "PLACE", "DEC", "REC"}},
	{table: TableRoutes, detect: []string{"CHILD", "DECOM", "ROUTE"},
		required: []string{"CHILD", "DECOM", "ROUTE"}},
	{table: TableUASC, detect: []string{"CHILD", "DUC"},
		required: []string{"CHILD", "DUC"}, optional: []string{"DOB"}},
	{table: TableHeader, detect: []string{"CHILD", "SEX", "DOB"}, without: []string{"DUC", "DECOM"},
		required: []string{"CHILD", "DOB"}},
	// an episodes table without DECOM (or CHILD): the missing column is
	// named, as for any other the table needs
	{table: TableEpisodes, detect: []string{"RNE", "LS", "PLACE"},
		required: []string{"CHILD", "DECOM", "RNE", "LS", "PLACE", "DEC", "REC"}},
}

// detectTable finds the spec matching a set of columns.
func detectTable(cols map[string]bool) (tableSpec, bool) {
next:
	for _, s := range specs {
		for _, c := range s.detect {
			if !cols[c] {
				continue next
			}
		}
		for _, c := range s.without {
			if cols[c] {
				continue next
			}
		}
		return s, true
	}
	return tableSpec{}, false
}

// feedCSV reads a CSV file's header line, recognises the table, and hands
// the data lines to the pool in blocks of about block bytes.
func (rd *reading) feedCSV(file int32, br *bufio.Reader, block int, plan *problems, p *pool) (kind, reason string, err error) {
	if b, _ := br.Peek(len(utf8BOM)); bytes.Equal(b, utf8BOM) {
		br.Discard(len(utf8BOM))
	}
	var head []byte
	headLine := 0
	for len(bytes.TrimSpace(head)) == 0 {
		head, err = br.ReadBytes('\n')
		headLine++
		if err == io.EOF && len(bytes.TrimSpace(head)) == 0 {
			return "", "empty file", nil
		}
		if err != nil && err != io.EOF {
			return "", "", err
		}
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return "", "its first line holds NUL bytes: is it UTF-16 without a byte-order mark, or not a text file? " +
			"Save it as CSV (UTF-8), or as Unicode text, which has the mark", nil
	}
	hr := csv.NewReader(bytes.NewReader(head))
	hr.FieldsPerRecord, hr.LazyQuotes, hr.Comma = -1, true, separator(head)
	fields, err := hr.Read()
	if err != nil {
		return "", fmt.Sprintf("cannot read a header line: %v", err), nil
	}
	proto, reason := rd.planColumns(file, headLine, fields, hr.Comma, plan)
	if proto == nil {
		return "", reason, nil
	}
	firstLine := headLine + 1
	for {
		body, err := readBlock(br, block)
		if len(body) > 0 {
			u := *proto
			u.body, u.firstLine = body, firstLine
			firstLine += bytes.Count(body, []byte{'\n'})
			p.submit(&u)
		}
		if err == io.EOF {
			return proto.table.String(), "", nil
		}
		if err != nil {
			return "", "", err
		}
	}
}

// separator returns the character between the values of a file whose
// header line is head: a comma, or, in a line without one, a semicolon or
// a tab, whichever it has more of (Excel writes semicolons in locales
// whose decimal mark is a comma, and tabs as Unicode text).
func separator(head []byte) rune {
	if bytes.IndexByte(head, ',') >= 0 {
		return ','
	}
	semi, tab := bytes.Count(head, []byte{';'}), bytes.Count(head, []byte{'\t'})
	switch {
	case semi > 0 && semi >= tab:
		return ';'
	case tab > 0:
		return '\t'
	}
	return ','
}

// planColumns normalises the header's column names, recognises the table
// and checks its columns. It returns the unit every block of the file
// starts from, or nil and the reason the file is skipped.
func (rd *reading) planColumns(file int32, headLine int, fields []string, comma rune, plan *problems) (*unit, string) {
	cols := make(map[string]bool, len(fields))
	names := make([]string, len(fields))
	var dups []string
	for i, f := range fields {
		n := normColumn(f)
		if cols[n] && n != "" {
			dups = append(dups, n)
			n = "" // gocsv maps no field to an unnamed column
		}
		cols[n] = true
		names[i] = n
	}
	spec, ok := detectTable(cols)
	if !ok {
		if !slices.ContainsFunc(names, func(n string) bool { return n != "" && !columnLike(n) }) {
			return nil, "not a header, episodes, UASC or routes table (columns: " + strings.Join(names, ", ") + ")"
		}
		// The first line is data, not column names: it is not repeated,
		// since it may hold a child's identifier and date of birth.
		return nil, fmt.Sprintf("not a header, episodes, UASC or routes table: its first line (%d values) is not a line of column names "+
			"such as CHILD,DECOM,RNE,…; a table needs one", len(names))
	}
	for _, d := range dups {
		plan.fileProblem(spec.table, file, headLine, "", SeverityWarning, d, RuleDuplicateColumn,
			fmt.Sprintf("column %s appears more than once; the first one is used", d))
	}
	var missing []string
	for _, c := range spec.required {
		if !cols[c] {
			missing = append(missing, c)
			plan.fileProblem(spec.table, file, headLine, "", SeverityError, c, RuleMissingColumn,
				fmt.Sprintf("the %s table has no %s column; file not read", spec.table, c))
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Sprintf("%s table without column %s", spec.table, strings.Join(missing, ", "))
	}
	for _, c := range spec.optional {
		if !cols[c] {
			plan.fileProblem(spec.table, file, headLine, "", SeverityWarning, c, RuleMissingColumn,
				fmt.Sprintf("the %s table has no %s column; it is read as blank", spec.table, c))
		}
	}
	var hb strings.Builder
	cw := csv.NewWriter(&hb)
	cw.Comma = comma
	_ = cw.Write(names) // writes to a strings.Builder cannot fail
	cw.Flush()
	u := &unit{file: file, table: spec.table, head: hb.String(), hasSex: cols["SEX"], names: names, comma: comma}
	u.cols = columnPlan(headerColumns(u.head, comma), tableFields(spec.table))
	for f, name := range codeFieldNames {
		u.has[f] = cols[name]
	}
	return u, ""
}

// readBlock reads about size bytes, up to the end of a line. A block with a
// double quote in it takes the rest of the file: a quoted value may hold a
// line end, so line ends after it are not safe places to cut. It returns
// io.EOF with the last block.
func readBlock(br *bufio.Reader, size int) ([]byte, error) {
	buf := make([]byte, size, size+size/16)
	n, err := io.ReadFull(br, buf)
	buf = buf[:n]
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return buf, io.EOF
	}
	if err != nil {
		return nil, err
	}
	for {
		tail, err := br.ReadSlice('\n')
		buf = append(buf, tail...)
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			return buf, err // io.EOF: this was the last line
		}
		break
	}
	if bytes.IndexByte(buf, '"') >= 0 {
		rest, err := io.ReadAll(br)
		if err != nil {
			return nil, err
		}
		return append(buf, rest...), io.EOF
	}
	return buf, nil
}

// decodeCSV decodes a CSV unit into the table's row struct, by column
// index (see byColumn) or with gocsv, and hands each row to the table's
// add method.
func (ck *chunk) decodeCSV(u *unit) {
	ck.table, ck.has, ck.hasSex = u.table, u.has, u.hasSex
	ck.names, ck.cols = u.names, u.cols
	ck.reserve(u.table, bytes.Count(u.body, []byte{'\n'})+1)
	switch u.table {
	case TableHeader:
		decodeTable(ck, u, ck.addHeader)
	case TableEpisodes:
		decodeTable(ck, u, ck.addEpisode)
	case TableUASC:
		decodeTable(ck, u, ck.addUASC)
	case TableRoutes:
		decodeTable(ck, u, ck.addRoute)
	}
	ck.row = "" // a view of the block (see splitRecord): let the block go
}

// decodeTable decodes a unit of the table of row struct R.
func decodeTable[R any, P rowStruct[R]](ck *chunk, u *unit, add func(*R, int)) {
	if byColumn[u.table] && !ck.rd.viaGocsv {
		decodeColumns[R, P](ck, u, add)
	} else {
		decodeGocsv(ck, u, add)
	}
}

// decodeGocsv decodes a unit with gocsv.
func decodeGocsv[R any](ck *chunk, u *unit, add func(*R, int)) {
	cr := newUnitReader(u)
	um, err := gocsv.NewUnmarshaller(cr, new(R))
	if err != nil {
		ck.undecodable(u, err)
		return
	}
	// gocsv does not say how many values a record had: a second reader
	// of the same input, in step with gocsv's, does.
	counter := newUnitReader(u)
	if _, err := counter.Read(); err != nil {
		ck.undecodable(u, err)
		return
	}
	decodeRows(ck, cr, u, func() (*R, int, error) {
		v, err := um.Read()
		rec, _ := counter.Read()
		if err != nil {
			return nil, 0, err
		}
		row, ok := v.(*R)
		if !ok {
			return nil, 0, io.EOF // cannot happen: gocsv returns the type it was given
		}
		return row, len(rec), nil
	}, add)
}

// undecodable records that a unit's header line could not be read, which
// a line written by csv.Writer always can.
func (ck *chunk) undecodable(u *unit, err error) {
	ck.fileProblem(u.table, u.file, u.firstLine-1, "", SeverityError, "", RuleCSVSyntax,
		fmt.Sprintf("cannot decode the %s table: %v; file not read", u.table, err))
}

// decodeRows reads a unit's rows with next, a decoder reading records from
// cr, which has read the normalised header line and then reads the unit's
// lines: reader line n is file line u.firstLine + n - 2. next returns each
// row with the number of values its record had.
//
// The reader is lenient with quotes (a stray quote in a postcode is kept as
// text), so the one syntax problem left is a quoted value running over line
// ends, nearly always an unclosed quote that swallows the lines after it:
// such a record is dropped as csv-syntax, and so is each line it swallowed
// that holds values, each a row lost (see swallowed).
func decodeRows[R any](ck *chunk, cr *csv.Reader, u *unit, next func() (*R, int, error), add func(*R, int)) {
	fileLine := func(readerLine int) int { return u.firstLine + readerLine - 2 }
	spans := spanChecker{body: u.body, head: int64(len(u.head)), on: bytes.IndexByte(u.body, '"') >= 0, lines: 1}
	lines := lineCursor{body: u.body}
	lastOffset := int64(-1)
	for {
		row, n, err := next()
		if err == io.EOF {
			return
		}
		off := cr.InputOffset()
		if err != nil {
			// The lenient reader has no syntax errors left to return; this is
			// a guard against a future one.
			if off == lastOffset {
				return // no progress: give up on the rest rather than loop
			}
			lastOffset = off
			line := u.firstLine
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = fileLine(pe.StartLine)
				err = pe.Err
			}
			ck.tally[u.table].read++
			ck.reject(u.table, origin{file: u.file, line: int32(line)}, "", "", "", RuleCSVSyntax,
				fmt.Sprintf("cannot parse this CSV record (%v); row dropped", err))
			continue
		}
		first, _ := cr.FieldPos(0)
		if last := spans.lastLine(off); last > first {
			// CHILD, the first value of the first line, is likely sound
			child := ""
			if r, ok := any(row).(interface{ childID() string }); ok {
				child = trimSpace(r.childID())
			}
			ck.swallowed(u, &lines, child, fileLine(first), fileLine(last))
			continue
		}
		ck.values = n
		add(row, fileLine(first))
	}
}

// swallowed drops a record that runs from file line first to file line
// last, and counts each later line of it that holds values as a row lost
// to the quote, with its own error naming the CHILD it seems to be about.
func (ck *chunk) swallowed(u *unit, lines *lineCursor, child string, first, last int) {
	t := u.table
	lost := 0
	for l := first + 1; l <= last; l++ {
		line := lines.line(l - u.firstLine)
		if blankLine(line, u.comma) {
			continue
		}
		lost++
		ck.tally[t].read++
		ck.reject(t, origin{file: u.file, line: int32(l)}, lineValue(line, u.comma, slices.Index(u.names, "CHILD")), "", "", RuleCSVSyntax,
			fmt.Sprintf("this line is lost to the quoted value that starts on line %d and runs over line ends to line %d (an unclosed quote?); row dropped", first, last))
	}
	ck.tally[t].read++
	ck.reject(t, origin{file: u.file, line: int32(first)}, child, "", "", RuleCSVSyntax,
		fmt.Sprintf("lines %d–%d were read as one row because a quoted value runs over line ends (an unclosed quote?); row dropped, and %d more %s with values lost with it",
			first, last, lost, plural(lost, "line", "lines")))
}

// plural is one or many, as n is 1 or not.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// blankLine reports whether a line holds no value: only spaces,
// separators and quotes.
func blankLine(line []byte, comma rune) bool {
	return len(bytes.Trim(line, " \t\r\""+string(comma))) == 0
}

// lineValue returns value j of a line split at each separator (quotes are
// not looked at: it is a guess at a line a quote swallowed), or "".
func lineValue(line []byte, comma rune, j int) string {
	if j < 0 {
		return ""
	}
	vals := strings.Split(string(line), string(comma))
	if j >= len(vals) {
		return ""
	}
	return strings.Trim(vals[j], " \"")
}

// lineCursor returns the lines of a body, walking forwards only.
type lineCursor struct {
	body []byte
	pos  int // offset of line n
	n    int
}

// line returns line i (from 0) of the body, without its line end; i must
// not be less than that of the line asked for before.
func (c *lineCursor) line(i int) []byte {
	for c.n < i && c.pos < len(c.body) {
		k := bytes.IndexByte(c.body[c.pos:], '\n')
		if k < 0 {
			c.pos = len(c.body)
			break
		}
		c.pos += k + 1
		c.n++
	}
	if c.n < i {
		return nil
	}
	rest := c.body[c.pos:]
	if k := bytes.IndexByte(rest, '\n'); k >= 0 {
		rest = rest[:k]
	}
	return bytes.TrimSuffix(rest, []byte{'\r'})
}

// shortRow rejects the row being read if its record had fewer values than
// the header has columns, and a column the table reads is among those it
// lacks (a line cut short): padded with blanks, a closed episode would
// read as open. It reports whether it did.
func (ck *chunk) shortRow(t Table, o origin) bool {
	n := ck.values
	if n <= 0 || n >= len(ck.names) || !slices.ContainsFunc(ck.cols[n:], func(i int) bool { return i >= 0 }) {
		return false
	}
	missing := make([]string, 0, len(ck.names)-n)
	for j := n; j < len(ck.names); j++ {
		name := ck.names[j]
		if name == "" {
			name = fmt.Sprintf("column %d", j+1)
		}
		missing = append(missing, name)
	}
	verb := "is"
	if len(missing) > 1 {
		verb = "are"
	}
	ck.reject(t, o, ck.row, missing[0], "", RuleShortRow, fmt.Sprintf("the row has %d of the header's %d values: %s %s missing (a line cut short?); row dropped",
		n, len(ck.names), andList(missing), verb))
	return true
}

// andList joins names as "A, B and C".
func andList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// spanChecker finds the reader line on which each record ends, by counting
// line ends in the bytes the reader consumed. It is only switched on for
// units that contain a double quote, since without one no record can span
// lines.
type spanChecker struct {
	body  []byte
	head  int64 // length of the header line fed before body
	on    bool
	pos   int64 // body offset counted so far
	lines int   // reader lines ended so far, the header line included
}

// lastLine returns the reader line on which the record ending at reader
// offset off ends, or 0 when checking is off.
func (s *spanChecker) lastLine(off int64) int {
	if !s.on {
		return 0
	}
	end := off - s.head
	s.lines += bytes.Count(s.body[s.pos:end], []byte{'\n'})
	s.pos = end
	if end > 0 && s.body[end-1] == '\n' {
		return s.lines
	}
	return s.lines + 1 // last line, with no line end
}
