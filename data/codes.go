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
	fast  [numCodeFields]fastCodes         // per field: the same, for codes packCode packs
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
	for f := range b.ids {
		for code, id := range b.ids[f] {
			if k, ok := packCode(code); ok {
				b.fast[f].add(k, id)
			}
		}
	}
	b.x1 = b.ids[fieldREC]["X1"]
	return b, nil
})

// codeSlots is the size of a fastCodes table: a power of two, at least
// twice the longest code list, so that probes stay short.
const (
	codeSlotBits = 7
	codeSlots    = 1 << codeSlotBits
)

// fastCodes maps the packed codes (see packCode) of one field to their
// ids. It is what the reader looks episode codes up in, seven times a
// row: a small open-addressed table of integers is several times faster
// than a map of strings. It holds a subset of the field's map (codes
// that pack, which is all of the book's), so a code not found here is
// looked up in the map.
type fastCodes struct {
	keys [codeSlots]uint64 // packed code; 0 for an empty slot
	ids  [codeSlots]uint32
	n    int
}

// packCode packs a code of 1 to 7 bytes into a uint64: its length in the
// low byte and its bytes above it (the length keeps "A" and "A\x00"
// apart). It never packs to 0.
func packCode(s string) (uint64, bool) {
	if s == "" || len(s) > 7 {
		return 0, false
	}
	k := uint64(len(s))
	for i := 0; i < len(s); i++ {
		k |= uint64(s[i]) << (8 * (i + 1))
	}
	return k, true
}

// codeSlot is where a packed code's probe starts (Fibonacci hashing).
func codeSlot(k uint64) uint64 { return k * 0x9E3779B97F4A7C15 >> (64 - codeSlotBits) }

// add adds a packed code; a table already half full takes no more (those
// codes are then found in the map).
func (t *fastCodes) add(k uint64, id uint32) {
	if t.n >= codeSlots/2 {
		return
	}
	for i := codeSlot(k); ; i = (i + 1) % codeSlots {
		if t.keys[i] == 0 {
			t.keys[i], t.ids[i] = k, id
			t.n++
			return
		}
	}
}

// find returns the id of a packed code.
func (t *fastCodes) find(k uint64) (uint32, bool) {
	for i := codeSlot(k); ; i = (i + 1) % codeSlots {
		switch t.keys[i] {
		case k:
			return t.ids[i], true
		case 0:
			return 0, false
		}
	}
}

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
	if k, ok := packCode(s); ok {
		if id, ok := t.book.fast[f].find(k); ok {
			return id, true
		}
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

// interned returns the Code of every code id given out so far, by id.
func (t *codeTable) interned() []Code {
	t.mu.Lock()
	n := len(t.book.names) + len(t.names)
	t.mu.Unlock()
	codes := make([]Code, n)
	for id := range codes {
		codes[id] = CodeOf(t.name(uint32(id)))
	}
	return codes
}

// name returns the text of a code id.
func (t *codeTable) name(id uint32) string {
	if int(id) < len(t.book.names) {
		return t.book.names[id]
	}
	return t.names[int(id)-len(t.book.names)]
}
