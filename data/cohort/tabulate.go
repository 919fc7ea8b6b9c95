package cohort

import (
	"math"
	"slices"
	"strings"
)

// WeeksPerYear turns a weekly cost into its annual equivalent, as
// councils' savings trackers do (52 weeks, not 365.25/7).
const WeeksPerYear = 52

// By is what a table groups children by.
type By int

const (
	ByCohort By = iota
	ByReason
	ByOpportunity
)

// String is the column the grouping is read from: "cohort", "reason",
// "opportunity".
func (b By) String() string {
	switch b {
	case ByCohort:
		return ColCohort
	case ByReason:
		return ColReason
	}
	return ColOpportunity
}

// of is the group of a child.
func (b By) of(c Child) string {
	switch b {
	case ByCohort:
		return c.Cohort
	case ByReason:
		return c.Reason
	}
	return c.Opportunity
}

// Change is which children a table counts, by how their weekly cost
// changed, to the penny.
type Change int

const (
	All        Change = iota
	Reductions        // cost fell
	Increases         // cost rose
	Unchanged         // cost the same to the penny
)

// Of is the change of a child's weekly cost: Reductions, Increases or
// Unchanged.
func Of(c Child) Change {
	switch p := math.Round(100 * c.Difference()); {
	case p < 0:
		return Reductions
	case p > 0:
		return Increases
	}
	return Unchanged
}

// Group is the children of one cohort, reason or opportunity, or all of
// a table's.
type Group struct {
	Name     string
	Children int
	Original float64 // sum of the weekly costs when picked out
	Current  float64 // sum of the weekly costs now
}

// Difference is the change of the weekly cost: Current − Original,
// negative for a saving.
func (g Group) Difference() float64 { return g.Current - g.Original }

// Annual is the difference over a year: WeeksPerYear × Difference.
func (g Group) Annual() float64 { return WeeksPerYear * g.Difference() }

// Average is the difference a child a week, 0 for a group of none.
func (g Group) Average() float64 {
	if g.Children == 0 {
		return 0
	}
	return g.Difference() / float64(g.Children)
}

func (g *Group) add(c Child) {
	g.Children++
	g.Original += c.Original
	g.Current += c.Current
}

// Table is the children of a Change, grouped.
type Table struct {
	By     By
	Change Change
	Groups []Group
	Total  Group // all the table's children; Name "total"
}

// Tabulate groups the children of a change (All for every child) by
// cohort, reason or opportunity. Groups of All come in the order the file
// first names them; groups of reductions or increases largest difference
// first, then in that order. Names that differ only in case or spaces are
// one group, under the first spelling.
func Tabulate(children []Child, by By, change Change) Table {
	t := Table{By: by, Change: change, Total: Group{Name: "total"}}
	index := map[string]int{}
	for _, c := range children {
		if change != All && Of(c) != change {
			continue
		}
		key := strings.ToLower(by.of(c))
		i, ok := index[key]
		if !ok {
			i = len(t.Groups)
			index[key] = i
			t.Groups = append(t.Groups, Group{Name: by.of(c)})
		}
		t.Groups[i].add(c)
		t.Total.add(c)
	}
	if change != All {
		slices.SortStableFunc(t.Groups, func(a, b Group) int {
			return -cmpAbs(a.Difference(), b.Difference())
		})
	}
	return t
}

// cmpAbs compares the sizes of two differences.
func cmpAbs(a, b float64) int {
	switch a, b = math.Abs(a), math.Abs(b); {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
