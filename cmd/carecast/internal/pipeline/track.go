package pipeline

import (
	"github.com/carecast/carecast/cmd/carecast/internal/report"
	"github.com/carecast/carecast/data/cohort"
)

// Tracked is a cohort of children read for savings tracking, and its
// tables.
type Tracked struct {
	Report *cohort.Report
	Cohort *cohort.Cohort // nil if the file cannot be used
	// Tables are the cohort's tables (none if it cannot be used): by
	// cohort, reason and opportunity (if the file has one), and the
	// reductions and increases by reason, each with a total row.
	Tables []report.Table
}

// Track reads a cohort file and tabulates it. It returns what it read
// whenever the file could be read, with the error that makes the cohort
// unusable, if any.
func Track(file string) (*Tracked, error) {
	c, rep, err := cohort.ReadFile(file)
	if rep == nil {
		return nil, err
	}
	t := &Tracked{Report: rep, Cohort: c}
	if err == nil {
		t.Tables = trackTables(c)
	}
	return t, err
}

// trackTables are the tables of a cohort: by cohort, reason and
// opportunity (if the file has one), and the reductions and increases by
// reason.
func trackTables(c *cohort.Cohort) []report.Table {
	tabs := []report.Table{
		trackTable("by-cohort", cohort.Tabulate(c.Children, cohort.ByCohort, cohort.All)),
		trackTable("by-reason", cohort.Tabulate(c.Children, cohort.ByReason, cohort.All)),
	}
	if c.HasOpportunity {
		tabs = append(tabs, trackTable("by-opportunity", cohort.Tabulate(c.Children, cohort.ByOpportunity, cohort.All)))
	}
	return append(tabs,
		trackTable("reductions", cohort.Tabulate(c.Children, cohort.ByReason, cohort.Reductions)),
		trackTable("increases", cohort.Tabulate(c.Children, cohort.ByReason, cohort.Increases)))
}

// trackTable is a tabulation as a report table, its total the last row.
func trackTable(name string, t cohort.Table) report.Table {
	cols := []report.Column{{Name: t.By.String(), Kind: report.Text}, {Name: "children", Kind: report.Whole}}
	for _, n := range []string{"original_weekly_cost", "current_weekly_cost", "weekly_difference", "annual_difference", "average_weekly_difference"} {
		cols = append(cols, report.Column{Name: n, Kind: report.Money})
	}
	rt := report.Table{Name: name, Columns: cols}
	for _, g := range append(t.Groups, t.Total) {
		rt.Rows = append(rt.Rows, []report.Cell{{Text: g.Name}, {Value: float64(g.Children)},
			{Value: g.Original}, {Value: g.Current}, {Value: g.Difference()}, {Value: g.Annual()}, {Value: g.Average()}})
	}
	return rt
}
