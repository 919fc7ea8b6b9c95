package target

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/carecast/carecast/model"
)

// ops are the operators Parse knows, longest first at each place.
var ops = []struct {
	text string
	op   Op
}{{"<=", AtMost}, {">=", AtLeast}, {"≤", AtMost}, {"≥", AtLeast}, {"<", Below}, {">", Above}}

var (
	categoryName = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	yearly       = regexp.MustCompile(`^(cost|saving)\[(.*)\]$`)
	financialYr  = regexp.MustCompile(`^(\d{4})[-/](\d{2}|\d{4})$`)
	plainNumber  = regexp.MustCompile(`^(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$`)
	groupedNum   = regexp.MustCompile(`^\d{1,3}(,\d{3})+(\.\d+)?$`)
)

// Parse reads a target such as "in_care <= 400 by 2017-10" (see the
// package documentation). Its errors quote the text and say what is wrong.
// Whether a category or year exists is for Check, against a projection.
func Parse(s string) (Target, error) {
	t, err := parse(s)
	if err != nil {
		return Target{}, fmt.Errorf("target %q: %w", s, err)
	}
	t.Text = s
	return t, nil
}

func parse(s string) (Target, error) {
	lhs, op, rhs, ok := splitOp(s)
	if !ok {
		return Target{}, fmt.Errorf("no comparison: want <=, >=, < or >, as in in_care <= 400 by 2017-10")
	}
	t := Target{Op: op}
	if err := t.metric(lhs); err != nil {
		return Target{}, err
	}
	words := strings.Fields(rhs)
	switch {
	case len(words) == 0:
		return Target{}, fmt.Errorf("no number after %v", op)
	case t.Yearly() && len(words) > 1:
		return Target{}, fmt.Errorf("%s is a financial year's: want only a number after %v, found %q", t.Name(), op, rhs)
	case !t.Yearly() && (len(words) != 3 || words[1] != "by"):
		return Target{}, fmt.Errorf("%s is measured at a month's end: want a number then by YYYY-MM after %v, found %q", t.Name(), op, rhs)
	case !t.Yearly():
		m, err := model.ParseMonth(words[2])
		if err != nil {
			return Target{}, err
		}
		t.By = m
	}
	v, err := t.number(words[0])
	if err != nil {
		return Target{}, err
	}
	t.Value = v
	return t, nil
}

// splitOp splits s at its first operator.
func splitOp(s string) (lhs string, op Op, rhs string, ok bool) {
	for i := range s {
		for _, o := range ops {
			if strings.HasPrefix(s[i:], o.text) {
				return strings.TrimSpace(s[:i]), o.op, s[i+len(o.text):], true
			}
		}
	}
	return "", 0, "", false
}

// metric reads what the target is about: in_care, in_care_<category>,
// cost[YYYY-YY] or saving[YYYY-YY].
func (t *Target) metric(lhs string) error {
	if m := yearly.FindStringSubmatch(lhs); m != nil {
		y, err := financialYear(m[2])
		t.Metric, t.Year = m[1], y
		return err
	}
	switch {
	case lhs == InCare:
		t.Metric = InCare
		return nil
	case strings.HasPrefix(lhs, InCare+"_"):
		t.Metric, t.Category = InCare, strings.TrimPrefix(lhs, InCare+"_")
		if !categoryName.MatchString(t.Category) {
			return fmt.Errorf("%q is not a category name: lower-case letters, digits and _", t.Category)
		}
		return nil
	case lhs == Cost || lhs == Saving:
		return fmt.Errorf("%s needs a financial year, as in %s[2026-27]", lhs, lhs)
	case lhs == "":
		return fmt.Errorf("nothing before the comparison: want in_care, in_care_<category>, cost[YYYY-YY] or saving[YYYY-YY]")
	}
	return fmt.Errorf("unknown measure %q: want in_care, in_care_<category>, cost[YYYY-YY] or saving[YYYY-YY]", lhs)
}

// financialYear reads a financial year written 2026-27 (or 2026/27,
// 2026-2027), giving the year it starts in.
func financialYear(s string) (int, error) {
	m := financialYr.FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("financial year %q is not written as 2026-27", s)
	}
	y, _ := strconv.Atoi(m[1])
	end, _ := strconv.Atoi(m[2])
	if len(m[2]) == 2 && end != (y+1)%100 || len(m[2]) == 4 && end != y+1 {
		return 0, fmt.Errorf("financial year %q: the year after %d is %d", s, y, y+1)
	}
	if y < model.MinYear || y > model.MaxYear {
		return 0, fmt.Errorf("financial year %q: %d is out of range", s, y)
	}
	return y, nil
}
