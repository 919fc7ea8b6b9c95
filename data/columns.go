package data

import (
	"bytes"
	"encoding/csv"
	"io"
	"strings"
	"unsafe"
)

// The large tables (episodes and header: a row per episode, and a row per
// child, in every yearly return) are decoded by column index, without
// reflection: a plan made once per file from its header line says which
// field of the row struct each column fills, and each record's values are
// put straight there. gocsv stays the reading layer of the small tables
// (UASC and routes) and the reference the column decoder is tested against
// (FuzzDecodeSame): both give the same rows, and so the same problems, on
// every input.

// byColumn says which tables the column decoder reads.
var byColumn = [numTables]bool{TableHeader: true, TableEpisodes: true}

// csvField is a column of a row struct and the field it fills.
type csvField struct {
	name string
	dst  *string
}

// csvFields lists the row's CSV columns in the order of the struct's fields
// (the order gocsv tries them in), as their csv tags name them; fields
// tagged "-" are left out. TestCSVFieldsMatchTags checks the lists against
// the tags.
func (r *headerRow) csvFields() []csvField {
	return []csvField{{"CHILD", &r.Child}, {"SEX", &r.Sex}, {"DOB", &r.DOB}, {"LA", &r.LA}, {"YEAR", &r.Year}}
}

func (r *episodeRow) csvFields() []csvField {
	return []csvField{{"CHILD", &r.Child}, {"DECOM", &r.DECOM}, {"RNE", &r.RNE}, {"LS", &r.LS}, {"CIN", &r.CIN},
		{"PLACE", &r.Place}, {"PLACE_PROVIDER", &r.Provider}, {"DEC", &r.DEC}, {"REC", &r.REC},
		{"REASON_PLACE_CHANGE", &r.ReasonPlaceChange}, {"LA", &r.LA}, {"YEAR", &r.Year}}
}

func (r *uascRow) csvFields() []csvField {
	return []csvField{{"CHILD", &r.Child}, {"SEX", &r.Sex}, {"DOB", &r.DOB}, {"DUC", &r.DUC}, {"LA", &r.LA}, {"YEAR", &r.Year}}
}

func (r *routeRow) csvFields() []csvField {
	return []csvField{{"CHILD", &r.Child}, {"DECOM", &r.DECOM}, {"ROUTE", &r.Route}, {"LA", &r.LA}, {"YEAR", &r.Year}}
}

// tableFields lists the CSV fields of a table's row struct.
func tableFields(t Table) []csvField {
	switch t {
	case TableHeader:
		return new(headerRow).csvFields()
	case TableEpisodes:
		return new(episodeRow).csvFields()
	case TableUASC:
		return new(uascRow).csvFields()
	case TableRoutes:
		return new(routeRow).csvFields()
	}
	return nil
}

// rowStruct is a pointer to a row struct that lists its CSV fields.
type rowStruct[R any] interface {
	*R
	csvFields() []csvField
}

// columnPlan maps each column of a header, by index, to the index in
// csvFields of the field it fills, or -1. It matches names as gocsv does:
// a column fills the first field whose name equals the column's, or the
// column's without surrounding spaces or zero-width characters. Two columns
// may fill one field (the later value wins), as in gocsv.
func columnPlan(header []string, fields []csvField) []int {
	plan := make([]int, len(header))
	for j, key := range header {
		plan[j] = -1
		for i, f := range fields {
			if key == f.name || strings.TrimSpace(key) == f.name || dropZeroWidth(key) == f.name {
				plan[j] = i
				break
			}
		}
	}
	return plan
}

// dropZeroWidth removes zero-width spaces, joiners and byte-order marks
// from s, as gocsv does before matching a column name (an invalid byte
// becomes U+FFFD, as in strings.Map).
func dropZeroWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '\u200B', '\uFEFF', '\u200D', '\u200C':
			return -1
		}
		return r
	}, s)
}

// headerColumns reads a normalised header line (unit.head) of values
// separated by comma as gocsv reads it.
func headerColumns(head string, comma rune) []string {
	cr := csv.NewReader(strings.NewReader(head))
	cr.FieldsPerRecord, cr.LazyQuotes, cr.Comma = -1, true, comma
	names, err := cr.Read()
	if err != nil {
		return nil // a line written by csv.Writer always reads back
	}
	return names
}

// rowPlan is the column plan of a unit's table: the row struct its records
// are decoded into, and for each column the field it fills (nil for a
// column no field takes).
type rowPlan[R any, P rowStruct[R]] struct {
	row R
	dst []*string
}

func newRowPlan[R any, P rowStruct[R]](cols []int) *rowPlan[R, P] {
	rp := &rowPlan[R, P]{}
	fields := P(&rp.row).csvFields()
	rp.dst = make([]*string, len(cols))
	for j, i := range cols {
		if i >= 0 {
			rp.dst[j] = fields[i].dst
		}
	}
	return rp
}

// fill decodes a record into the plan's row struct, which it returns:
// values of columns no field takes, and beyond the header's, are ignored;
// fields of columns the record lacks are blank.
func (rp *rowPlan[R, P]) fill(rec []string) *R {
	var zero R
	rp.row = zero
	for j, v := range rec {
		if j < len(rp.dst) && rp.dst[j] != nil {
			*rp.dst[j] = v
		}
	}
	return &rp.row
}

// decodeColumns decodes a CSV unit by column index and hands each row to
// add. A unit without a double quote, as nearly all are, is split into
// lines and values directly; one with a quote is read with encoding/csv,
// which knows quoted values, under the same rules as the gocsv path.
func decodeColumns[R any, P rowStruct[R]](ck *chunk, u *unit, add func(*R, int)) {
	rp := newRowPlan[R, P](u.cols)
	if bytes.IndexByte(u.body, '"') < 0 {
		var rec []string
		sep := byte(u.comma)
		forEachRecord(u.body, func(i int, line []byte) {
			rec = splitRecord(rec[:0], line, sep)
			ck.values = len(rec)
			add(rp.fill(rec), u.firstLine+i)
		})
		return
	}
	cr := newUnitReader(u)
	if _, err := cr.Read(); err != nil { // the header line, already planned
		ck.undecodable(u, err)
		return
	}
	decodeRows(ck, cr, u, func() (*R, int, error) {
		rec, err := cr.Read()
		if err != nil {
			return nil, 0, err
		}
		return rp.fill(rec), len(rec), nil
	}, add)
}

// forEachRecord calls f for each line of body that is a record to
// encoding/csv when no value is quoted: every line but an empty one. i
// counts body's lines from 0; line has no line end. As in encoding/csv, a
// CRLF ends a line as LF does, and a CR at the very end of body is dropped.
func forEachRecord(body []byte, f func(i int, line []byte)) {
	for i := 0; len(body) > 0; i++ {
		var line []byte
		line, body, _ = bytes.Cut(body, []byte{'\n'})
		if line = bytes.TrimSuffix(line, []byte{'\r'}); len(line) > 0 {
			f(i, line)
		}
	}
}

// splitRecord appends the values of a line without quotes, separated by
// sep, to rec, as strings that are views of line: no copy is made, so line
// must not change while they live. Blocks are never written once read, and
// what outlives a row (codes, identifiers, councils, routes and the values
// and children of problems) is cloned where it is kept.
func splitRecord(rec []string, line []byte, sep byte) []string {
	s := unsafe.String(unsafe.SliceData(line), len(line))
	for {
		n := strings.IndexByte(s, sep)
		if n < 0 {
			return append(rec, s)
		}
		rec = append(rec, s[:n])
		s = s[n+1:]
	}
}

// newUnitReader returns an encoding/csv reader of a unit's header line and
// then its lines, set as both decoders read CSV: short or long rows are
// read (a missing value is blank), and stray quotes are kept as text.
func newUnitReader(u *unit) *csv.Reader {
	cr := csv.NewReader(io.MultiReader(strings.NewReader(u.head), bytes.NewReader(u.body)))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.Comma = u.comma
	cr.ReuseRecord = true // the values are strings of their own; the slice is reused
	return cr
}
