package data

import (
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// Report says what was read, what was used and what was wrong.
type Report struct {
	// Files lists every file of the folder, read or skipped.
	Files []FileReport
	// Tables has one entry per Table, in Table order.
	Tables []TableCounts
	// Rules counts problems by table, rule and severity, sorted.
	Rules []RuleCount
	// Problems lists every problem, by file and line. Warnings on rows that
	// were in the end not used are left out: a dropped row has exactly one
	// error, saying why.
	Problems []Problem
	// Councils are the councils named in the files' LA columns (rows read
	// or skipped as another council's), sorted; none if no file has one.
	Councils []string
}

// FileReport describes one file of the folder.
type FileReport struct {
	Name   string // file name
	Kind   string // "header", "episodes", "uasc", "routes", "xml", or "" if skipped
	Rows   int    // data rows read from it, all tables together (XML: HEADER, UASC and EPISODE)
	Reason string // why the file was skipped; "" if read
	// Part is set when the file could be read only up to an XML syntax
	// error: the rows after it are counted as rejected (RuleXMLUnread).
	Part bool
}

// Skipped reports whether the file was not read.
func (f FileReport) Skipped() bool { return f.Kind == "" }

// TableCounts counts the rows of one table. Read = Used + Rejected always
// holds; Rejected = rows dropped for an error + Superseded.
type TableCounts struct {
	Table      Table
	Files      int // files holding this table
	Read       int // data rows read (blank rows and rows of other councils are not counted)
	Used       int // rows that are in the Returns
	Rejected   int // rows not used
	Superseded int // rows not used because a later return re-sent them (part of Rejected)
	Warnings   int // warnings on used rows
	OtherLA    int // rows skipped because they belong to another council (ReadOptions.LA)
}

// RuleCount counts the problems of one rule.
type RuleCount struct {
	Table    Table
	Rule     string
	Severity string
	Count    int
}

// Counts returns the counts of a table.
func (r *Report) Counts(t Table) TableCounts {
	for _, c := range r.Tables {
		if c.Table == t {
			return c
		}
	}
	return TableCounts{Table: t}
}

// Errors returns the number of problems of severity error.
func (r *Report) Errors() int {
	n := 0
	for _, p := range r.Problems {
		if p.Severity == SeverityError {
			n++
		}
	}
	return n
}

// PartFiles lists the files read only in part (FileReport.Part).
func (r *Report) PartFiles() []string {
	var names []string
	for _, f := range r.Files {
		if f.Part {
			names = append(names, f.Name)
		}
	}
	return names
}

// Summary is a one-line account, e.g.
//
//	episodes: 5050 read, 4990 used, 60 rejected (12 superseded by a later return, 48 for errors), 31 warnings; header: …; 9 files skipped
func (r *Report) Summary() string {
	var parts []string
	for _, c := range r.Tables {
		if c.Files == 0 {
			continue
		}
		s := fmt.Sprintf("%s: %d read, %d used, %d rejected", c.Table, c.Read, c.Used, c.Rejected)
		switch {
		case c.Superseded > 0 && c.Superseded == c.Rejected:
			s += " (all superseded by a later return, none for errors)"
		case c.Superseded > 0:
			s += fmt.Sprintf(" (%d superseded by a later return, %d for errors)", c.Superseded, c.Rejected-c.Superseded)
		}
		if c.Warnings == 1 {
			s += ", 1 warning"
		} else {
			s += fmt.Sprintf(", %d warnings", c.Warnings)
		}
		if c.OtherLA > 0 {
			s += fmt.Sprintf(", %d rows of other councils skipped", c.OtherLA)
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		parts = append(parts, "no tables read")
	}
	skipped := 0
	for _, f := range r.Files {
		if f.Skipped() {
			skipped++
		}
	}
	if skipped > 0 {
		parts = append(parts, fmt.Sprintf("%d files skipped", skipped))
	}
	if part := r.PartFiles(); len(part) == 1 {
		parts = append(parts, fmt.Sprintf("1 file read only in part (%s: see the xml-syntax error)", part[0]))
	} else if len(part) > 1 {
		parts = append(parts, fmt.Sprintf("%d files read only in part (%s: see the xml-syntax errors)", len(part), strings.Join(part, ", ")))
	}
	return strings.Join(parts, "; ")
}

// WriteCSV writes every problem as CSV with the columns
// file,line,field,value,severity,rule,message,child; child is the CHILD
// of the row's child where known (Problem.Child). It is the one output
// that names children.
func (r *Report) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"file", "line", "field", "value", "severity", "rule", "message", "child"}); err != nil {
		return err
	}
	for _, p := range r.Problems {
		rec := []string{p.File, strconv.Itoa(p.Line), p.Field, p.Value, p.Severity, p.Rule, p.Message, p.Child}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// countRules fills r.Rules from the problems and their tables.
func (r *Report) countRules(tables []Table) {
	type key struct {
		t         Table
		rule, sev string
	}
	n := map[key]int{}
	for i, p := range r.Problems {
		n[key{tables[i], p.Rule, p.Severity}]++
	}
	r.Rules = r.Rules[:0]
	for k, c := range n {
		r.Rules = append(r.Rules, RuleCount{Table: k.t, Rule: k.rule, Severity: k.sev, Count: c})
	}
	sort.Slice(r.Rules, func(i, j int) bool {
		a, b := r.Rules[i], r.Rules[j]
		if a.Table != b.Table {
			return a.Table < b.Table
		}
		if a.Severity != b.Severity {
			return a.Severity < b.Severity
		}
		return a.Rule < b.Rule
	})
}
