// Package report tabulates a projection, for CSV files and Excel workbooks
// (and later web pages), and summarises it for the terminal. Every table is
// an aggregate: counts of children, never a child.
package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
)

// Kind is what a column holds, and so how it is written: a CSV rounds
// numbers to the places shown; a spreadsheet can keep them as numbers
// and show them in a number format.
type Kind int

const (
	// Text is words, such as a category or a financial year (Cell.Text).
	Text Kind = iota
	// Month is a calendar month as "2025-04" (Cell.Text).
	Month
	// Count is an expected number of children, child-days or child-weeks
	// (Cell.Value), written to 3 decimals.
	Count
	// Money is pounds (Cell.Value), written to the penny.
	Money
	// Whole is a whole number such as months (Cell.Value).
	Whole
)

// String is the kind's name: "text", "month", "count", "money", "whole".
func (k Kind) String() string {
	switch k {
	case Text:
		return "text"
	case Month:
		return "month"
	case Count:
		return "count"
	case Money:
		return "money"
	case Whole:
		return "whole"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Number says whether cells of the kind hold a Value rather than Text.
func (k Kind) Number() bool { return k == Count || k == Money || k == Whole }

// Column is a table's column: its name in the header and what it holds.
type Column struct {
	Name string
	Kind Kind
}

// Cell is one entry of a table: Text in a Text or Month column, Value,
// unrounded, in a number column. A Blank cell holds nothing (a number
// that does not apply to its row): empty in a CSV and in a sheet.
type Cell struct {
	Text  string
	Value float64
	Blank bool
}

// Table is a report table: rows of cells under named columns. Every row
// has a cell for each column. Name says what the table is ("projection",
// "stock", "budget", "moves"); a caller names the file.
type Table struct {
	Name    string
	Columns []Column
	Rows    [][]Cell
}

// Header is the names of the table's columns.
func (t Table) Header() []string {
	h := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		h[i] = c.Name
	}
	return h
}

// Format is a cell of the kind as a CSV writes it: text as it is, a count
// rounded to 3 decimals with no trailing zeros, money to 2 decimals, a
// whole number without decimals.
func (k Kind) Format(c Cell) string {
	if c.Blank {
		return ""
	}
	switch k {
	case Count:
		return count(c.Value)
	case Money:
		return money(c.Value)
	case Whole:
		return strconv.FormatFloat(c.Value, 'f', 0, 64)
	}
	return c.Text
}

// WriteCSV writes t as CSV: the header, then a record a row. A row of
// the wrong length, or a number that is NaN or infinite, is an error
// naming the table, row and column, and nothing is written.
func WriteCSV(w io.Writer, t Table) error {
	if err := t.check(); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(t.Header()); err != nil {
		return err
	}
	rec := make([]string, len(t.Columns))
	for _, row := range t.Rows {
		for j, c := range t.Columns {
			rec[j] = c.Kind.Format(row[j])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// check reports the first row of the wrong length or number that is not
// finite.
func (t Table) check() error {
	for i, row := range t.Rows {
		if len(row) != len(t.Columns) {
			return fmt.Errorf("report: %s row %d has %d cells for %d columns", t.Name, i+1, len(row), len(t.Columns))
		}
		for j, c := range t.Columns {
			if v := row[j].Value; c.Kind.Number() && !row[j].Blank && (math.IsNaN(v) || math.IsInf(v, 0)) {
				return fmt.Errorf("report: %s row %d column %s is %v", t.Name, i+1, c.Name, v)
			}
		}
	}
	return nil
}

// count formats an expected number of children.
func count(v float64) string { return strconv.FormatFloat(round(v, 3), 'f', -1, 64) }

// money formats pounds to the penny.
func money(v float64) string {
	if math.Abs(v) < 0.005 {
		v = 0 // not -0.00, for rounding's crumbs of a pound
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	r := math.Round(v*p) / p
	if r == 0 {
		return 0 // no "-0"
	}
	return r
}
