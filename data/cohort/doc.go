// Package cohort reads a savings tracker's cohort file and tabulates it: the
// children a council picked out for a change of placement, what each
// placement cost a week when they were picked out and what it costs now, in
// the tables councils publish (IMPOWER's "cohort savings" updates): by
// cohort, by reason and by opportunity, reductions and increases apart, and
// a total.
//
// # Input
//
// A CSV file whose first line names the columns child, cohort, reason,
// original_weekly_cost and current_weekly_cost, and optionally
// opportunity, in any order and any case ("Original weekly cost" is
// original_weekly_cost); other columns are ignored. Costs are pounds a
// week, written 1234.5, 1,234.50 or £1,234.50; a placement that has ended
// costs 0. Cohort, reason and opportunity are grouped without regard to
// case or repeated spaces, under their first spelling.
//
// # Validation
//
// Every finding is a data.Problem, located by file, line and field, under
// a rule (the Rule* constants here, and data.RuleMissingColumn,
// RuleDuplicateColumn, RuleCSVSyntax and RuleMissingChild). An error drops
// the row (a missing column, an empty file or a file with no usable row
// stops the read); a warning keeps it. Rows read = rows used + rows
// rejected. A child (compared without regard to case or surrounding
// spaces) is counted once, on the first of their rows that can be used;
// a later row of theirs is rejected as a duplicate.
//
// # Privacy
//
// Child identifiers never leave Read: a Child holds no identifier, no
// problem's Message or Value quotes one, and a cohort, reason or
// opportunity that is some child's identifier (a column out of place)
// rejects the row, so that no table names a child.
package cohort
