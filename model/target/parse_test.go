package target

import (
	"strings"
	"testing"

	"github.com/carecast/carecast/model"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		text string
		want Target
	}{
		{"in_care <= 400 by 2017-10", Target{Metric: InCare, Op: AtMost, Value: 400, By: model.MonthOf(2017, 10)}},
		{"in_care_home_external <= 40 by 2026-03",
			Target{Metric: InCare, Category: "home_external", Op: AtMost, Value: 40, By: model.MonthOf(2026, 3)}},
		{"cost[2026-27] <= 24000000", Target{Metric: Cost, Year: 2026, Op: AtMost, Value: 24e6}},
		{"cost[2026-27] <= 24,000,000", Target{Metric: Cost, Year: 2026, Op: AtMost, Value: 24e6}},
		{"cost[2026-27] <= 24e6", Target{Metric: Cost, Year: 2026, Op: AtMost, Value: 24e6}},
		{"cost[2026/2027] < £24m", Target{Metric: Cost, Year: 2026, Op: Below, Value: 24e6}},
		{"saving[2011-12] >= 1630000", Target{Metric: Saving, Year: 2011, Op: AtLeast, Value: 1.63e6}},
		{"saving[2011-12]>=£1,630k", Target{Metric: Saving, Year: 2011, Op: AtLeast, Value: 1.63e6}},
		{"saving[2011-12] > -£50,000.50", Target{Metric: Saving, Year: 2011, Op: Above, Value: -50000.5}},
		{"  in_care≥ 12.5  by  2030-01 ", Target{Metric: InCare, Op: AtLeast, Value: 12.5, By: model.MonthOf(2030, 1)}},
		{"in_care > .5 by 2030-01", Target{Metric: InCare, Op: Above, Value: 0.5, By: model.MonthOf(2030, 1)}},
	} {
		got, err := Parse(tc.text)
		if err != nil {
			t.Errorf("%q: %v", tc.text, err)
			continue
		}
		tc.want.Text = tc.text
		if got != tc.want {
			t.Errorf("%q: got %+v, want %+v", tc.text, got, tc.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"in_care 400 by 2017-10", `target "in_care 400 by 2017-10": no comparison`},
		{"<= 400", "nothing before the comparison"},
		{"children <= 400 by 2017-10", `unknown measure "children"`},
		{"in_care_Home <= 4 by 2017-10", `"Home" is not a category name`},
		{"in_care_ <= 4 by 2017-10", `"" is not a category name`},
		{"cost <= 5", "cost needs a financial year, as in cost[2026-27]"},
		{"cost[2026] <= 5", `financial year "2026" is not written as 2026-27`},
		{"cost[2026-28] <= 5", `financial year "2026-28": the year after 2026 is 2027`},
		{"saving[1066-67] >= 5", `financial year "1066-67": 1066 is out of range`},
		{"in_care <= 400", "in_care is measured at a month's end: want a number then by YYYY-MM"},
		{"in_care <= 400 in 2017-10", "want a number then by YYYY-MM"},
		{"in_care <= 400 by 2017-13", `month "2017-13": month 13 is not 1–12`},
		{"cost[2026-27] <= 5 by 2026-04", "cost[2026-27] is a financial year's: want only a number"},
		{"cost[2026-27] <=", "no number after <="},
		{"in_care <= £400 by 2017-10", `"£400": in_care is a number of children, not of £`},
		{"in_care <= -4 by 2017-10", `"-4": in_care cannot be negative`},
		{"cost[2026-27] <= -£4", `"-£4": cost[2026-27] cannot be negative`},
		{"cost[2026-27] <= 24,00,000", `"24,00,000" is not a number: want digits, grouped by commas in threes`},
		{"cost[2026-27] <= 1e999", `"1e999" is too large`},
		{"cost[2026-27] <= NaN", `"NaN" is not a number`},
		{"cost[2026-27] <= 0x10", `"0x10" is not a number`},
		{"in_care <= 4k by 2017-10", `"4k" is not a number`},
	} {
		_, err := Parse(tc.text)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want %q", tc.text, err, tc.want)
		}
	}
}

// FuzzParse: Parse never panics, and a target it reads writes back (String)
// to text that reads as the same target.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"in_care <= 400 by 2017-10", "in_care_home_external <= 40 by 2026-03",
		"cost[2026-27] <= 24,000,000", "saving[2011-12] >= -£1.63m", "cost[2026/2027] > 2.4e+7",
		"in_care ≥ 1e20 by 2200-12", "saving[2011-12] >= £-0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tg, err := Parse(s)
		if err != nil {
			return
		}
		again, err := Parse(tg.String())
		if err != nil {
			t.Fatalf("%q was read as %+v, written %q, which does not read: %v", s, tg, tg.String(), err)
		}
		again.Text = tg.Text
		if again != tg {
			t.Fatalf("%q was read as %+v, written %q, read back as %+v", s, tg, tg.String(), again)
		}
	})
}
