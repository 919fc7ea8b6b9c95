// Package target reads and checks the targets a director or finance team
// states for a projection:
//
//	in_care <= 400 by 2017-10                  children in care at the end of a month
//	in_care_home_external <= 40 by 2026-03     … in one placement category
//	cost[2026-27] <= 24000000                  a financial year's total cost, April–March
//	saving[2011-12] >= 1630000                 a year's saving against a base scenario
//
// The operators are <=, >=, < and > (≤ and ≥ too). Numbers may be written
// 24000000, 24,000,000, 24e6 or, for money, £24m or £1,630k; only a saving
// may be negative. A financial year's cost is its placements' and fixed
// cost lines' cost (model.Result.Budget); a saving is the base's cost less
// the projection's (compare.Against).
package target

import (
	"fmt"

	"github.com/carecast/carecast/model"
)

// The metrics a target can be about.
const (
	InCare = "in_care" // children in care at the end of month By (of Category, if not "")
	Cost   = "cost"    // the total cost of financial year Year
	Saving = "saving"  // the saving of financial year Year against a base
)

// Op is how a metric is compared with a target's value.
type Op int

const (
	AtMost  Op = iota // <=
	AtLeast           // >=
	Below             // <
	Above             // >
)

var opText = [...]string{AtMost: "<=", AtLeast: ">=", Below: "<", Above: ">"}

// String is the operator as written, e.g. "<=".
func (o Op) String() string {
	if o < 0 || int(o) >= len(opText) {
		return fmt.Sprintf("Op(%d)", int(o))
	}
	return opText[o]
}

// Holds reports whether x op value holds.
func (o Op) Holds(x, value float64) bool {
	switch o {
	case AtMost:
		return x <= value
	case AtLeast:
		return x >= value
	case Below:
		return x < value
	case Above:
		return x > value
	}
	return false
}

// margin is how far x is on the met side of value: positive when the
// target is met with room to spare.
func (o Op) margin(x, value float64) float64 {
	if o == AtMost || o == Below {
		return value - x
	}
	return x - value
}

// Target is one stated target.
type Target struct {
	Text     string // as written
	Metric   string // InCare, Cost or Saving
	Category string // for InCare: a placement category, or "" for every child
	Year     int    // for Cost and Saving: the calendar year the financial year starts in
	Op       Op
	Value    float64
	By       model.Month // for InCare: the month at whose end it is measured
}

// Yearly reports whether the target is about a financial year (Cost or
// Saving) rather than a month.
func (t Target) Yearly() bool { return t.Metric == Cost || t.Metric == Saving }

// Name is the metric as written: in_care, in_care_<category>, cost[2026-27]
// or saving[2026-27].
func (t Target) Name() string {
	switch {
	case t.Yearly():
		return fmt.Sprintf("%s[%s]", t.Metric, model.FinancialYearLabel(t.Year))
	case t.Category != "":
		return t.Metric + "_" + t.Category
	}
	return t.Metric
}

// String writes the target in the form Parse reads, numbers in full:
// "in_care <= 400 by 2017-10", "cost[2026-27] <= 24000000".
func (t Target) String() string {
	s := fmt.Sprintf("%s %v %s", t.Name(), t.Op, model.Number(t.Value))
	if !t.Yearly() {
		s += " by " + t.By.String()
	}
	return s
}
