package cohort

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"github.com/carecast/carecast/data"
)

// The columns of a cohort file, as named once normalised (lower case,
// spaces and hyphens as underscores).
const (
	ColChild       = "child"
	ColCohort      = "cohort"
	ColReason      = "reason"
	ColOriginal    = "original_weekly_cost"
	ColCurrent     = "current_weekly_cost"
	ColOpportunity = "opportunity" // optional
)

// required are the columns a cohort file must have, in the order help
// names them.
var required = []string{ColChild, ColCohort, ColReason, ColOriginal, ColCurrent}

// NotGiven is the group of a row whose cohort, reason or opportunity is
// blank.
const NotGiven = "(not given)"

// Child is one child of the cohort, as counted: no identifier.
type Child struct {
	Line        int    // line of the child's row in the file
	Cohort      string // as first written in the file, or NotGiven
	Reason      string // as first written in the file, or NotGiven
	Opportunity string // as first written, NotGiven, or "" if the file has no opportunity column
	Original    float64
	Current     float64 // weekly costs in pounds, when picked out and now
}

// Difference is the change of the child's weekly cost: current − original,
// negative for a saving.
func (c Child) Difference() float64 { return c.Current - c.Original }

// Cohort is the children of a cohort file whose rows could be used.
type Cohort struct {
	File           string
	Children       []Child // in the order of the file
	HasOpportunity bool    // the file has an opportunity column
}

// ReadFile reads the cohort file at path. Problems name the file by its
// base name.
func ReadFile(path string) (*Cohort, *Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	return Read(f, filepath.Base(path))
}

// Read reads a cohort file named name. The Report is returned whenever
// the file could be opened, so that its problems can be shown; the error
// is a data.Problem when the file cannot be used: it is empty, lacks a
// column, or has no row that can be used.
func Read(r io.Reader, name string) (*Cohort, *Report, error) {
	rd := &reader{rep: &Report{File: name}}
	cr := newCSV(r)
	if err := rd.header(cr); err != nil {
		return nil, rd.rep, err
	}
	rows, err := rd.records(cr)
	if err != nil {
		return nil, rd.rep, err
	}
	c := rd.use(rows)
	slices.SortStableFunc(rd.rep.Problems, func(a, b data.Problem) int { return a.Line - b.Line })
	if len(c.Children) == 0 {
		return nil, rd.rep, rd.fail(0, "", RuleNoChildren, "no row can be used: "+plural(rd.rep.Rejected, "row", "rows")+" rejected, none counted")
	}
	return c, rd.rep, nil
}

// reader is the state of one Read.
type reader struct {
	rep   *Report
	cols  map[string]int // column → index in a row
	width int            // columns of the header
	line  int            // of the header
}

// rawRow is a data row as read: its line and values.
type rawRow struct {
	line   int
	values []string
}

// newCSV is a CSV reader of r without a leading byte-order mark, taking
// rows of any length.
func newCSV(r io.Reader) *csv.Reader {
	br := bufio.NewReader(r)
	if b, _ := br.Peek(3); bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	return cr
}

// header reads the first row that is not blank and maps its columns.
func (rd *reader) header(cr *csv.Reader) error {
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return rd.fail(0, "", RuleEmptyFile, "the file is empty: its first line must name the columns "+columnList())
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return rd.fail(pe.StartLine, "", data.RuleCSVSyntax, "the header line cannot be read: "+pe.Err.Error())
		}
		if err != nil {
			return err
		}
		if !blank(rec) {
			rd.line, _ = cr.FieldPos(0)
			return rd.columns(rec)
		}
	}
}

// columns maps the header's columns, warning of a column named twice and
// failing if a required one is missing.
func (rd *reader) columns(head []string) error {
	rd.cols, rd.width = map[string]int{}, len(head)
	for i, h := range head {
		n := normColumn(h)
		if _, dup := rd.cols[n]; dup {
			rd.warn(rd.line, n, data.RuleDuplicateColumn, "the column appears twice; the first is used")
			continue
		}
		rd.cols[n] = i
	}
	var missing []string
	for _, c := range required {
		if _, ok := rd.cols[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return rd.fail(rd.line, strings.Join(missing, ", "), data.RuleMissingColumn,
			"missing: the first line must name the columns "+columnList())
	}
	return nil
}

// columnList names the columns of a cohort file, for messages.
func columnList() string {
	return strings.Join(required[:len(required)-1], ", ") + " and " + required[len(required)-1] + " (opportunity is optional)"
}

// normColumn normalises a column name: no byte-order mark or surrounding
// spaces, lower case, words joined by underscores ("Original weekly
// cost" is original_weekly_cost).
func normColumn(s string) string {
	s = strings.ToLower(strings.TrimPrefix(s, "\uFEFF"))
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '_' || r == '-' }), "_")
}

// records reads the data rows, rejecting those that cannot be parsed as
// CSV and skipping blank ones.
func (rd *reader) records(cr *csv.Reader) ([]rawRow, error) {
	var rows []rawRow
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return rows, nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			rd.rep.Read++
			rd.reject(data.Problem{Line: pe.StartLine, Rule: data.RuleCSVSyntax, Message: "the row cannot be read as CSV: " + pe.Err.Error()})
			continue
		}
		if err != nil {
			return nil, err
		}
		if blank(rec) {
			continue
		}
		rd.rep.Read++
		line, _ := cr.FieldPos(0)
		rows = append(rows, rawRow{line, rec})
	}
}

// blank reports whether every value of a row is blank.
func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// fail records a problem that stops the read, and returns it.
func (rd *reader) fail(line int, field, rule, msg string) error {
	p := data.Problem{File: rd.rep.File, Line: line, Field: field, Rule: rule, Severity: data.SeverityError, Message: msg}
	rd.rep.Problems = append(rd.rep.Problems, p)
	return p
}

// warn records a warning about the header.
func (rd *reader) warn(line int, field, rule, msg string) {
	rd.rep.Warnings++
	rd.rep.Problems = append(rd.rep.Problems, data.Problem{File: rd.rep.File, Line: line, Field: field, Rule: rule, Severity: data.SeverityWarning, Message: msg})
}

// reject counts a rejected row and records its errors.
func (rd *reader) reject(errs ...data.Problem) {
	rd.rep.Rejected++
	for _, p := range errs {
		p.File, p.Severity = rd.rep.File, data.SeverityError
		rd.rep.Problems = append(rd.rep.Problems, p)
	}
}
