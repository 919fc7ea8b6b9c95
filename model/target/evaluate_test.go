package target

import (
	"math"
	"strings"
	"testing"

	"github.com/carecast/carecast/model"
)

var april2025 = model.MonthOf(2025, 4)

// headcount is a result from April 2025 with the given children in care at
// each month's end, split 3:1 between categories foster and home, each
// child-day at £100 (foster) or £500 (home), and a fixed line of £1,000 a
// month.
func headcount(inCare ...float64) *model.Result {
	r := model.NewResult(april2025, len(inCare), model.Shape{
		Categories: []string{"foster", "home"}, FixedCosts: []string{"team"}})
	for t, n := range inCare {
		r.InCare[t] = n
		d := float64(r.Month(t).Days())
		row := r.CategoryRow(t)
		row[0], row[1] = 0.75*n, 0.25*n
		r.ChildDaysRow(t)[0], r.ChildDaysRow(t)[1] = 0.75*n*d, 0.25*n*d
		r.CostRow(t)[0], r.CostRow(t)[1] = 0.75*n*d*100, 0.25*n*d*500
		r.FixedCostRow(t)[0] = 1000
	}
	return r
}

func must(t *testing.T, text string) Target {
	t.Helper()
	tg, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

func TestEvaluateMonths(t *testing.T) {
	r := headcount(410, 402, 399, 401, 398, 395)
	for _, tc := range []struct {
		text   string
		met    bool
		value  float64
		margin float64
		first  int // months after April 2025; −1 for none
	}{
		// Met in June, lost in July, met again from August to the end.
		{"in_care <= 400 by 2025-06", true, 399, 1, 4},
		{"in_care <= 400 by 2025-07", false, 401, -1, 4},
		{"in_care < 399 by 2025-06", false, 399, 0, 4},
		{"in_care >= 400 by 2025-04", true, 410, 10, -1},
		{"in_care_home <= 100 by 2025-09", true, 98.75, 1.25, 4},
		{"in_care_foster > 290 by 2025-09", true, 296.25, 6.25, 0},
	} {
		o, err := Evaluate(must(t, tc.text), r, nil)
		if err != nil {
			t.Errorf("%s: %v", tc.text, err)
			continue
		}
		if o.Met != tc.met || o.Value != tc.value || math.Abs(o.Margin-tc.margin) > 1e-12 {
			t.Errorf("%s: met %v, value %v, margin %v; want %v, %v, %v", tc.text, o.Met, o.Value, o.Margin, tc.met, tc.value, tc.margin)
		}
		switch {
		case tc.first < 0 && o.HasFirst:
			t.Errorf("%s: first met %v, want never", tc.text, o.First)
		case tc.first >= 0 && (!o.HasFirst || o.First != april2025+model.Month(tc.first)):
			t.Errorf("%s: first met %v (%v), want %v", tc.text, o.First, o.HasFirst, april2025+model.Month(tc.first))
		}
		if len(o.MetByMonth) != r.Months {
			t.Errorf("%s: %d months met or not, want %d", tc.text, len(o.MetByMonth), r.Months)
		}
	}
}

// A financial year's cost is its placements and fixed lines; a saving is
// the base's cost less the projection's; only whole years count towards
// the first met.
func TestEvaluateYears(t *testing.T) {
	n := make([]float64, 24)
	for i := range n {
		n[i] = 10
	}
	base := headcount(n...)
	for i := 12; i < 24; i++ {
		n[i] = 8
	}
	alt := headcount(n...)
	// 2025-26: 365 days of 7.5 foster children at £100 and 2.5 in homes at
	// £500 is £730,000, and the team £12,000; 2026-27 has 20% fewer children.
	for _, tc := range []struct {
		text      string
		r, base   *model.Result
		met       bool
		value     float64
		firstYear int // 0 for none
	}{
		{"cost[2025-26] <= 742001", base, nil, true, 742000, 2025},
		{"cost[2026-27] < 742000", alt, nil, true, 596000, 2026},
		{"saving[2026-27] >= 146000", alt, base, true, 146000, 2026},
		{"saving[2025-26] > 0", alt, base, false, 0, 2026},
	} {
		o, err := Evaluate(must(t, tc.text), tc.r, tc.base)
		if err != nil {
			t.Errorf("%s: %v", tc.text, err)
			continue
		}
		if o.Met != tc.met || math.Abs(o.Value-tc.value) > 1e-6 {
			t.Errorf("%s: met %v, value %v; want %v, %v", tc.text, o.Met, o.Value, tc.met, tc.value)
		}
		if o.MetByMonth != nil {
			t.Errorf("%s: months met for a year's target", tc.text)
		}
		if want := model.MonthOf(tc.firstYear, 4); tc.firstYear != 0 && (!o.HasFirst || o.First != want) {
			t.Errorf("%s: first met %v (%v), want %v", tc.text, o.First, o.HasFirst, want)
		}
	}
}

func TestEvaluateErrors(t *testing.T) {
	r := headcount(10, 10, 10)
	other := headcount(10, 10)
	for _, tc := range []struct {
		text string
		base *model.Result
		want string
	}{
		{"in_care_kinship <= 4 by 2025-05", nil, `target "in_care_kinship <= 4 by 2025-05": no category "kinship" in the projection (its categories: foster, home)`},
		{"in_care <= 4 by 2025-07", nil, "2025-07 is outside the projection: the projection runs from 2025-04 to 2025-06"},
		{"in_care <= 4 by 2025-03", nil, "2025-03 is outside the projection"},
		{"cost[2025-26] <= 4", nil, "financial year 2025-26 is not wholly inside the projection: the projection runs from 2025-04 to 2025-06"},
		{"saving[2024-25] >= 4", r, "financial year 2024-25 is not wholly inside"},
		{"in_care <= 4 by 2025-05", nil, ""},
	} {
		_, err := Evaluate(must(t, tc.text), r, tc.base)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.text, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: got %v, want %q", tc.text, err, tc.want)
		}
	}
	long := headcount(make([]float64, 12)...)
	if _, err := Evaluate(must(t, "saving[2025-26] >= 4"), long, nil); err == nil || !strings.Contains(err.Error(), "a saving is against a base scenario") {
		t.Errorf("saving without a base: %v", err)
	}
	if _, err := Evaluate(must(t, "saving[2025-26] >= 4"), long, other); err == nil || !strings.Contains(err.Error(), "the base (result 1) and the projection (result 2) differ: result 2 has 12 months, result 1 has 2") {
		t.Errorf("saving against a shorter base: %v", err)
	}
	if _, err := Evaluate(must(t, "in_care <= 4 by 2025-05"), nil, nil); err == nil || !strings.Contains(err.Error(), "there is no result") {
		t.Errorf("no result: %v", err)
	}
}
