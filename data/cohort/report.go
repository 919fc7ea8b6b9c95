package cohort

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/carecast/carecast/data"
)

// Rule ids of the problems of a cohort file, beside data.RuleMissingColumn,
// data.RuleDuplicateColumn, data.RuleCSVSyntax and data.RuleMissingChild.
const (
	RuleEmptyFile      = "empty-file"      // error: the file has no header line; nothing is read
	RuleNoChildren     = "no-children"     // error: no row can be used; nothing is tabulated
	RuleFieldCount     = "field-count"     // error: a row with more values than the header has columns
	RuleInvalidCost    = "invalid-cost"    // error: a cost that is blank, not an amount of money, negative or above MaxWeeklyCost
	RuleDuplicateChild = "duplicate-child" // error: a child already counted on an earlier row
	RuleChildInLabel   = "child-in-label"  // error: a cohort, reason or opportunity that is a child's identifier
	RuleMissingLabel   = "missing-label"   // warning: a blank cohort, reason or opportunity, grouped as NotGiven
)

// Report says what was read, used and rejected, and why.
type Report struct {
	File     string
	Read     int // data rows read (blank rows are not counted)
	Used     int // rows counted in the tables
	Rejected int // rows not used: Read = Used + Rejected
	Warnings int // warnings on used rows and on the header
	// Problems lists every problem by line: each error of a rejected row,
	// and the warnings of used rows. None names a child.
	Problems []data.Problem
}

// Errors is the number of problems of severity error.
func (r *Report) Errors() int {
	n := 0
	for _, p := range r.Problems {
		if p.Severity == data.SeverityError {
			n++
		}
	}
	return n
}

// Summary is a one-line account: "cohort.csv: 9 rows read, 7 used, 2
// rejected, 1 warning".
func (r *Report) Summary() string {
	s := fmt.Sprintf("%s: %s read, %d used, %d rejected", r.File, plural(r.Read, "row", "rows"), r.Used, r.Rejected)
	return s + ", " + plural(r.Warnings, "warning", "warnings")
}

// WriteCSV writes every problem with the columns
// file,line,field,value,severity,rule,message. No column names a child.
func (r *Report) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"file", "line", "field", "value", "severity", "rule", "message"}); err != nil {
		return err
	}
	for _, p := range r.Problems {
		rec := []string{p.File, strconv.Itoa(p.Line), p.Field, p.Value, p.Severity, p.Rule, p.Message}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// plural is n and the noun, in the singular for one.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
