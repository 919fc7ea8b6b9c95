package cohort

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/carecast/carecast/data"
)

// rowCheck holds what the rows of a file are checked against: every
// child identifier of the file, and the line of each child counted.
type rowCheck struct {
	ids     map[string]bool   // normalised identifiers of every row
	counted map[string]int    // identifier → line of the row that counts the child
	label   map[string]string // label → the rule it breaks, "" if none (labels repeat: checked once)
}

// use turns the rows into children, rejecting each row with an error.
func (rd *reader) use(rows []rawRow) *Cohort {
	_, opp := rd.cols[ColOpportunity]
	c := &Cohort{File: rd.rep.File, HasOpportunity: opp}
	chk := rowCheck{ids: map[string]bool{}, counted: map[string]int{}, label: map[string]string{}}
	for _, r := range rows {
		if id := normID(rd.value(r, ColChild)); id != "" {
			chk.ids[id] = true
		}
	}
	for _, r := range rows {
		if ch, ok := rd.row(r, &chk); ok {
			c.Children = append(c.Children, ch)
		}
	}
	return c
}

// row reads one data row. A row with an error is rejected (every error
// recorded) and ok is false; a row used has its warnings recorded.
func (rd *reader) row(r rawRow, chk *rowCheck) (ch Child, ok bool) {
	if p, bad := rd.extraValues(r); bad {
		rd.reject(p)
		return Child{}, false
	}
	raw := rd.value(r, ColChild)
	id := normID(raw)
	var errs []data.Problem
	if id == "" {
		errs = append(errs, data.Problem{Line: r.line, Field: ColChild, Rule: data.RuleMissingChild, Message: "blank: every row needs the child's identifier"})
	}
	ch = Child{Line: r.line}
	ch.Original, errs = rd.cost(r, ColOriginal, chk, errs)
	ch.Current, errs = rd.cost(r, ColCurrent, chk, errs)
	var warns []data.Problem
	ch.Cohort, errs, warns = rd.label(r, ColCohort, chk, errs, warns)
	ch.Reason, errs, warns = rd.label(r, ColReason, chk, errs, warns)
	if _, has := rd.cols[ColOpportunity]; has {
		ch.Opportunity, errs, warns = rd.label(r, ColOpportunity, chk, errs, warns)
	}
	if first, dup := chk.counted[id]; dup && len(errs) == 0 {
		errs = append(errs, data.Problem{Line: r.line, Field: ColChild, Rule: RuleDuplicateChild,
			Message: fmt.Sprintf("the same child as line %d, where they are counted: a child is counted once, so this row is not used", first)})
	}
	if len(errs) > 0 {
		rd.reject(errs...)
		return Child{}, false
	}
	chk.counted[id] = r.line
	rd.rep.Used++
	for _, w := range warns {
		rd.warn(w.Line, w.Field, w.Rule, w.Message)
	}
	return ch, true
}

// extraValues rejects a row holding values beyond the header's columns
// (a cost written 1,234 without quotes splits in two).
func (rd *reader) extraValues(r rawRow) (data.Problem, bool) {
	width := rd.width
	if len(r.values) <= width || blank(r.values[width:]) {
		return data.Problem{}, false
	}
	return data.Problem{Line: r.line, Rule: RuleFieldCount, Message: fmt.Sprintf(
		"the row has %d values and the header %d columns: is a cost with a comma, such as 1,234.50, not in quotes?", len(r.values), width)}, true
}

// value is the row's value of a column, "" if the row is too short.
func (rd *reader) value(r rawRow, col string) string {
	if i, ok := rd.cols[col]; ok && i < len(r.values) {
		return r.values[i]
	}
	return ""
}

// cost reads a cost column of the row, adding an error to errs if it
// cannot. The value is quoted unless it holds a child's identifier.
func (rd *reader) cost(r rawRow, col string, chk *rowCheck, errs []data.Problem) (float64, []data.Problem) {
	s := rd.value(r, col)
	v, err := parseMoney(s)
	if err == nil {
		return v, errs
	}
	p := data.Problem{Line: r.line, Field: col, Rule: RuleInvalidCost}
	switch {
	case strings.TrimSpace(s) == "":
		p.Message = err.Error()
	case chk.holdsID(s):
		p.Message = "the value " + err.Error() + "; it holds a child's identifier: a column out of place?"
	default:
		p.Value = s
		p.Message = strconv.Quote(strings.TrimSpace(s)) + " " + err.Error()
	}
	return 0, append(errs, p)
}

// label reads a cohort, reason or opportunity: NotGiven with a warning
// if blank, an error if it holds a child's identifier.
func (rd *reader) label(r rawRow, col string, chk *rowCheck, errs, warns []data.Problem) (string, []data.Problem, []data.Problem) {
	s := strings.Join(strings.Fields(rd.value(r, col)), " ")
	if s == "" {
		w := data.Problem{Line: r.line, Field: col, Rule: RuleMissingLabel, Message: "blank: the row is counted under " + NotGiven}
		return NotGiven, errs, append(warns, w)
	}
	rule, seen := chk.label[s]
	if !seen {
		if chk.holdsID(s) {
			rule = RuleChildInLabel
		}
		chk.label[s] = rule
	}
	if rule != "" {
		errs = append(errs, data.Problem{Line: r.line, Field: col, Rule: rule,
			Message: "holds a child's identifier, which no table may show: a column out of place? The row is not used"})
	}
	return s, errs, warns
}

// holdsID reports whether s is a child's identifier, or holds one of
// three characters or more as a word ("Return home C-1234"). Shorter
// identifiers, such as "7", are in too many numbers and names ("Cohort
// 7") to mean anything there.
func (chk *rowCheck) holdsID(s string) bool {
	s = normID(s)
	if chk.ids[s] {
		return true
	}
	for id := range chk.ids {
		if len(id) >= 3 && hasWord(s, id) {
			return true
		}
	}
	return false
}

// hasWord reports whether w occurs in s between characters that are not
// letters or digits.
func hasWord(s, w string) bool {
	for i := strings.Index(s, w); i >= 0; {
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[i+len(w):])
		if !alnum(before) && !alnum(after) {
			return true
		}
		next := strings.Index(s[i+1:], w)
		if next < 0 {
			return false
		}
		i += 1 + next
	}
	return false
}

// alnum reports whether r is a letter or digit (utf8.RuneError, the rune
// of an end of string, is not).
func alnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// normID is a child identifier as compared: no surrounding spaces, upper
// case.
func normID(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }
