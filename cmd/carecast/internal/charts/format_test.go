package charts

import (
	"slices"
	"testing"

	"github.com/carecast/carecast/model"
)

func TestPounds(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{
		{0, "£0"},
		{950, "£950"},
		{12_500, "£12.5k"},
		{800_000, "£800k"},
		{1_000_000, "£1m"},
		{1_250_000, "£1.25m"},
		{32_400_000, "£32.4m"},
		{32_449_999, "£32.4m"},
		{999_999, "£1m"},
		{123_456_789, "£123m"},
		{2_500_000_000, "£2.5bn"},
		{-950, "-£950"},
		{-1_250_000, "-£1.25m"},
		{-32_400_000, "-£32.4m"},
		{-0.001, "£0"},
	} {
		if got := pounds(c.v); got != c.want {
			t.Errorf("pounds(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}

func TestSameUnit(t *testing.T) {
	for _, c := range []struct {
		vs   []float64
		want []string
	}{
		{[]float64{33_210_000, 39_000_000, 40_260_000}, []string{"£33.2m", "£39.0m", "£40.3m"}},
		{[]float64{8_400_000, 120_000_000}, []string{"£8m", "£120m"}},
		{[]float64{950, 12_500}, []string{"£1.0k", "£12.5k"}},
		{[]float64{0, 800}, []string{"£0", "£800"}},
		{[]float64{-1_250_000, 2_000_000}, []string{"-£1.25m", "£2.00m"}},
		{[]float64{999_990, 500_000}, []string{"£1.00m", "£0.50m"}},
		{[]float64{1.2e9}, []string{"£1.20bn"}},
	} {
		if got := sameUnit(c.vs); !slices.Equal(got, c.want) {
			t.Errorf("sameUnit(%v) = %q, want %q", c.vs, got, c.want)
		}
	}
}

func TestThousands(t *testing.T) {
	for _, c := range []struct {
		v    float64
		dec  int
		want string
	}{
		{0, 0, "0"},
		{482.4, 0, "482"},
		{1234, 0, "1,234"},
		{1234567.25, 1, "1,234,567.3"},
		{-12345, 0, "-12,345"},
		{-0.2, 0, "0"},
		{2.5, 1, "2.5"},
	} {
		if got := thousands(c.v, c.dec); got != c.want {
			t.Errorf("thousands(%v, %d) = %q, want %q", c.v, c.dec, got, c.want)
		}
	}
}

func TestNiceStep(t *testing.T) {
	for _, c := range []struct {
		hi    float64
		whole bool
		want  float64
	}{
		{500, true, 100},
		{12, true, 5},
		{3, true, 1},
		{12, false, 2.5},
		{36e6, false, 10e6},
		{24e6, false, 5e6},
	} {
		if got := niceStep(c.hi, 5, c.whole); got != c.want {
			t.Errorf("niceStep(%v, 5, %v) = %v, want %v", c.hi, c.whole, got, c.want)
		}
	}
}

// labelled lists the labelled ticks as "Apr 2025" strings.
func labelled(t *testing.T, from, to model.Month, maxLabels int) []string {
	t.Helper()
	var out []string
	for _, tk := range (monthTicks{maxLabels: maxLabels}).Ticks(float64(from), float64(to)) {
		m := model.Month(tk.Value)
		if float64(m) != tk.Value {
			t.Errorf("tick at %v is not on a month", tk.Value)
		}
		if tk.Label != "" {
			if tk.Label != monthName(m) {
				t.Errorf("tick at %s labelled %q", m, tk.Label)
			}
			out = append(out, tk.Label)
		}
	}
	return out
}

func TestMonthTicks(t *testing.T) {
	apr := func(y int) model.Month { return model.MonthOf(y, 4) }
	for _, c := range []struct {
		name     string
		from, to model.Month
		max      int
		want     []string
	}{
		{"five years", apr(2025), apr(2030), 8,
			[]string{"Apr 2025", "Apr 2026", "Apr 2027", "Apr 2028", "Apr 2029", "Apr 2030"}},
		{"one year", apr(2025), apr(2026), 8,
			[]string{"Apr 2025", "Jul 2025", "Oct 2025", "Jan 2026", "Apr 2026"}},
		{"one year, narrow", apr(2025), apr(2026), 3,
			[]string{"Apr 2025", "Apr 2026"}},
		{"eight years, narrow", apr(2022), apr(2030), 6,
			[]string{"Apr 2022", "Apr 2024", "Apr 2026", "Apr 2028", "Apr 2030"}},
		{"from January", model.MonthOf(2026, 1), model.MonthOf(2031, 1), 8,
			[]string{"Apr 2026", "Apr 2027", "Apr 2028", "Apr 2029", "Apr 2030"}},
		{"twenty years", apr(2025), apr(2045), 7,
			[]string{"Apr 2025", "Apr 2030", "Apr 2035", "Apr 2040", "Apr 2045"}},
	} {
		got := labelled(t, c.from, c.to, c.max)
		if len(got) > c.max || !slices.Equal(got, c.want) {
			t.Errorf("%s: labels %q, want %q", c.name, got, c.want)
		}
	}
	// Stocks at month ends: the tick on 1 April 2026 reads Mar 2026.
	ticks := (monthTicks{maxLabels: 8, monthEnd: true}).Ticks(float64(apr(2025)), float64(apr(2026)))
	var ends []string
	for _, tk := range ticks {
		if tk.Label != "" {
			ends = append(ends, tk.Label)
		}
	}
	if want := []string{"Mar 2025", "Jun 2025", "Sep 2025", "Dec 2025", "Mar 2026"}; !slices.Equal(ends, want) {
		t.Errorf("month ends: labels %q, want %q", ends, want)
	}
	if ticks[0].Value != float64(apr(2025)) {
		t.Errorf("month ends: first tick at %v, want %v", ticks[0].Value, float64(apr(2025)))
	}
	// Bars: ticks in the middle of each month, none past the last bar.
	ticks = (monthTicks{maxLabels: 8, centre: true}).Ticks(float64(apr(2025)), float64(apr(2026)))
	if len(ticks) != 12 || ticks[0].Value != float64(apr(2025))+0.5 || ticks[0].Label != "Apr 2025" ||
		ticks[11].Value != float64(apr(2026))-0.5 || ticks[11].Label != "" {
		t.Errorf("centred: %d ticks from %v %q to %v %q, want 12 from Apr 2025 to Mar 2026 unlabelled",
			len(ticks), ticks[0].Value, ticks[0].Label, ticks[len(ticks)-1].Value, ticks[len(ticks)-1].Label)
	}
	// Every month is a tick over one year, every quarter over five.
	if n := len((monthTicks{maxLabels: 8}).Ticks(float64(apr(2025)), float64(apr(2026)))); n != 13 {
		t.Errorf("one year: %d ticks, want 13", n)
	}
	if n := len((monthTicks{maxLabels: 8}).Ticks(float64(apr(2025)), float64(apr(2030)))); n != 21 {
		t.Errorf("five years: %d ticks, want 21", n)
	}
}
