package data

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/gocarina/gocsv"
)

// codesCSV is a copy of /work/shared/data/ssda903_codes.csv (columns
// field,code,description,note,source), the project's list of every valid
// SSDA903 code, compiled from the public sources named in its source column
// (DfE SSDA903 guidance as encoded in data-to-insight's tools, liia-tools'
// SSDA903 schema and MastodonC/witan.cic). Refresh it from there when the
// DfE adds codes.
//
//go:embed ssda903_codes.csv
var codesCSV []byte

// codeRow is one line of codesCSV.
type codeRow struct {
	Field       string `csv:"field"`
	Code        string `csv:"code"`
	Description string `csv:"description"`
}

// codeField names an episode column whose values are codes.
type codeField int

const (
	fieldRNE codeField = iota
	fieldLS
	fieldCIN
	fieldPlace
	fieldProvider
	fieldREC
	fieldReason
	numCodeFields
)

// codeFieldNames are the column names of the code fields, by codeField.
var codeFieldNames = [numCodeFields]string{"RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "REC", "REASON_PLACE_CHANGE"}

// unknownRules are the rule ids for a code missing from the lists, by
// codeField.
var unknownRules = [numCodeFields]string{RuleUnknownRNE, RuleUnknownLS, RuleUnknownCIN, RuleUnknownPlace, RuleUnknownProvider, RuleUnknownREC, RuleUnknownReason}

// codeBook holds the embedded code lists. Each code of each field has a
// small integer id (id 0 is the blank code), so that episodes being read
// carry four-byte ids, not strings.
type codeBook struct {
	names []string                         // id → code
	ids   [numCodeFields]map[string]uint32 // per field: code → id
	desc  map[string]map[string]string     // field → code → description
	x1    uint32                           // id of REC X1
}

var loadBook = sync.OnceValues(func() (*codeBook, error) {
	var rows []codeRow
	if err := gocsv.UnmarshalBytes(codesCSV, &rows); err != nil {
		return nil, fmt.Errorf("embedded ssda903_codes.csv: %w", err)
	}
	b := &codeBook{names: []string{""}, desc: map[string]map[string]string{}}
	for f := range b.ids {
		b.ids[f] = map[string]uint32{}
	}
	for _, r := range rows {
		if b.desc[r.Field] == nil {
			b.desc[r.Field] = map[string]string{}
		}
		b.desc[r.Field][r.Code] = r.Description
		for f, name := range codeFieldNames {
			if name == r.Field {
				b.ids[f][r.Code] = uint32(len(b.names))
				b.names = append(b.names, r.Code)
			}
		}
	}
	b.x1 = b.ids[fieldREC]["X1"]
	return b, nil
})

// book returns the code lists; the embedded file is part of the build, so a
// failure to parse it is a programming error caught by the tests.
func book() *codeBook {
	b, err := loadBook()
	if err != nil {
		panic(err)
	}
	return b
}

// LookupCode returns the description of an SSDA903 code of a field (RNE, LS,
// CIN, PLACE, PLACE_PROVIDER, REC, REASON_PLACE_CHANGE, SEX, ETHNIC, …) and
// whether the code is in the lists.
func LookupCode(field, code string) (description string, ok bool) {
	description, ok = book().desc[field][code]
	return description, ok
}

// Codes returns the valid codes of a field, sorted.
func Codes(field string) []string {
	m := book().desc[field]
	out := make([]string, 0, len(m))
	for c := range m {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// codeTable turns code text into ids during one read: known codes get the
// book's ids, unknown codes are added under a lock (they are rare) after the
// book's ids.
type codeTable struct {
	book    *codeBook
	mu      sync.Mutex
	unknown map[string]uint32
	names   []string // unknown codes, id - len(book.names) → code
}

func newCodeTable() *codeTable {
	return &codeTable{book: book(), unknown: map[string]uint32{}}
}

// normCode trims spaces and upper-cases a code; it does not allocate for
// codes already in upper case.
func normCode(s string) string {
	return strings.ToUpper(trimSpace(s))
}

// lookup returns the id of a code in a field and whether it is valid for
// that field. The blank code has id 0 and is reported as known; callers
// decide whether blank is allowed.
func (t *codeTable) lookup(f codeField, raw string) (uint32, bool) {
	s := normCode(raw)
	if s == "" {
		return 0, true
	}
	if id, ok := t.book.ids[f][s]; ok {
		return id, true
	}
	// A code valid in another field (e.g. "PLACE" as a REC) is still unknown
	// here, but can share the book's string.
	t.mu.Lock()
	defer t.mu.Unlock()
	id, ok := t.unknown[s]
	if !ok {
		id = uint32(len(t.book.names) + len(t.names))
		s = strings.Clone(s)
		t.unknown[s] = id
		t.names = append(t.names, s)
	}
	return id, false
}

// name returns the text of a code id.
func (t *codeTable) name(id uint32) string {
	if int(id) < len(t.book.names) {
		return t.book.names[id]
	}
	return t.names[int(id)-len(t.book.names)]
}
