package charts

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/carecast/carecast/model"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// runeWidth measures text as 5 points a character (about Liberation Sans
// at 10 points), so the expected labels can be worked out by hand.
func runeWidth(s string) vg.Length { return vg.Length(5 * utf8.RuneCountInString(s)) }

func years(first, n int) []int {
	ys := make([]int, n)
	for i := range ys {
		ys[i] = first + i
	}
	return ys
}

func TestYearLabels(t *testing.T) {
	// "2024-25" needs 35 + 6 points, "24-25" 25 + 6.
	for _, c := range []struct {
		years  []int
		anchor int
		slot   vg.Length
		want   []string
	}{
		{years(2024, 1), 0, 200, []string{"2024-25"}},
		{years(2019, 3), 2, 41, []string{"2019-20", "2020-21", "2021-22"}},
		{years(2019, 3), 2, 40.9, []string{"19-20", "20-21", "21-22"}},
		{years(2019, 3), 2, 31, []string{"19-20", "20-21", "21-22"}},
		// Every second, from the last.
		{years(2019, 4), 3, 30, []string{"", "20-21", "", "22-23"}},
		{years(2019, 5), 4, 15.5, []string{"19-20", "", "21-22", "", "23-24"}},
		// Every third.
		{years(2019, 5), 4, 15, []string{"", "20-21", "", "", "23-24"}},
		// Every second, either way from the third.
		{years(2019, 5), 2, 30, []string{"19-20", "", "21-22", "", "23-24"}},
		{years(2019, 6), 2, 30, []string{"19-20", "", "21-22", "", "23-24", ""}},
		{years(2019, 6), 1, 15, []string{"", "20-21", "", "", "23-24", ""}},
		{years(2019, 3), 2, 0, []string{"", "", "21-22"}},
		{years(2019, 3), 0, 0, []string{"19-20", "", ""}},
		{[]int{1999, 2009}, 1, 31, []string{"99-00", "09-10"}},
		{nil, 0, 40, []string{}},
	} {
		got := yearLabels(c.years, c.anchor, c.slot, runeWidth)
		if !slices.Equal(got, c.want) {
			t.Errorf("yearLabels(%v, %d, %v) = %q, want %q", c.years, c.anchor, c.slot, got, c.want)
		}
	}
}

func TestMonthsLines(t *testing.T) {
	full := yearBar{year: 2021, recMonths: 12}
	for _, c := range []struct {
		name string
		bars []yearBar
		slot vg.Length
		want []string
	}{
		{"whole years", []yearBar{full, {year: 2022, fcMonths: 12}}, 40, nil},
		{"part years at the ends", []yearBar{{year: 2020, recMonths: 6}, full, {year: 2022, fcMonths: 3}}, 40,
			[]string{"(6 months)", "", "(3 months)"}},
		{"split year", []yearBar{full, {year: 2022, recMonths: 6, fcMonths: 6}, {year: 2023, fcMonths: 12}}, 40,
			[]string{"", "(6 + 6 months)", ""}},
		{"split part year", []yearBar{{year: 2022, recMonths: 2, fcMonths: 7}}, 40, []string{"(2 + 7 months)"}},
		// "(6 months)" and "(6 + 6 months)" side by side need 25 + 35 + 6
		// points; "(6 mths)" and "(6+6 mths)" 20 + 25 + 6.
		{"neighbours, room", []yearBar{{year: 2021, recMonths: 6}, {year: 2022, recMonths: 6, fcMonths: 6}}, 66,
			[]string{"(6 months)", "(6 + 6 months)"}},
		{"neighbours, shortened", []yearBar{{year: 2021, recMonths: 6}, {year: 2022, recMonths: 6, fcMonths: 6}}, 65,
			[]string{"(6 mths)", "(6+6 mths)"}},
		{"one between", []yearBar{{year: 2021, recMonths: 6}, full, {year: 2023, fcMonths: 6}}, 28,
			[]string{"(6 months)", "", "(6 months)"}},
		{"one between, shortened", []yearBar{{year: 2021, recMonths: 6}, full, {year: 2023, fcMonths: 6}}, 27,
			[]string{"(6 mths)", "", "(6 mths)"}},
	} {
		if got := monthsLines(c.bars, c.slot, runeWidth); !slices.Equal(got, c.want) {
			t.Errorf("%s: monthsLines = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestBarValues(t *testing.T) {
	bars := []yearBar{
		{year: 2023, recMonths: 12, recorded: 33_210_000},
		{year: 2024, recMonths: 6, fcMonths: 6, recorded: 18_200_000, forecast: 18_530_000},
		{year: 2025, fcMonths: 12, forecast: 37_850_000},
	}
	// "£33.2m" needs 30 + 6 points, "33.2" 20 + 6.
	lines, unit := barValues(bars, 36, runeWidth)
	want := [][]string{{"£33.2m"}, {"£18.5m", "£18.2m"}, {"£37.9m"}}
	if !slices.EqualFunc(lines, want, slices.Equal) || unit != "" {
		t.Errorf("slot 36: %q, unit %q, want %q and none", lines, unit, want)
	}
	lines, unit = barValues(bars, 35, runeWidth)
	want = [][]string{{"33.2"}, {"18.5", "18.2"}, {"37.9"}}
	if !slices.EqualFunc(lines, want, slices.Equal) || unit != "£m" {
		t.Errorf("slot 35: %q, unit %q, want %q in £m", lines, unit, want)
	}
	if lines, unit = barValues(bars, 25, runeWidth); lines != nil || unit != "" {
		t.Errorf("slot 25: %q, unit %q, want none", lines, unit)
	}
	small := []yearBar{{year: 2024, fcMonths: 1, forecast: 950}}
	if lines, unit = barValues(small, 21, runeWidth); !slices.EqualFunc(lines, [][]string{{"950"}}, slices.Equal) || unit != "£" {
		t.Errorf("£950 in a narrow slot: %q, unit %q, want 950 in £", lines, unit)
	}
}

func TestYearBars(t *testing.T) {
	rec := []model.YearTotal{{Year: 2023, Months: 6, Cost: 10}, {Year: 2024, Months: 6, Cost: 20}}
	fc := []model.YearTotal{{Year: 2024, Months: 6, Cost: 30}, {Year: 2025, Months: 12, Cost: 70}}
	got := yearBars(rec, fc)
	want := []yearBar{
		{year: 2023, recMonths: 6, recorded: 10},
		{year: 2024, recMonths: 6, fcMonths: 6, recorded: 20, forecast: 30},
		{year: 2025, fcMonths: 12, forecast: 70},
	}
	if !slices.Equal(got, want) {
		t.Errorf("yearBars = %+v, want %+v", got, want)
	}
	if !got[1].split() || got[0].split() || got[2].split() {
		t.Error("only 2024-25 is split")
	}
}

// budgetYears projects the baseline over n financial years. With split,
// the forecast starts in October after three and a half years recorded,
// so that one year is split between them and n is at least 4.
func budgetYears(t *testing.T, n int, split bool) Input {
	t.Helper()
	if !split {
		in, _ := baseline(t, func(p *model.Params) { p.Horizon = 12 * n })
		return in
	}
	in, sc := baseline(t, func(p *model.Params) { p.Start += 6; p.Horizon = 6 + 12*(n-4) })
	return withActual(t, in, sc)
}

// Laid out as drawn, the budget chart labels every year, and no two
// labels under or over the bars run into each other or off the chart,
// from 1 to 15 years, in PNG and in SVG (with room for a wider font).
func TestBudgetLabelsFit(t *testing.T) {
	type run struct {
		n     int
		split bool
	}
	var runs []run
	for n := 1; n <= 15; n++ {
		runs = append(runs, run{n, false})
		if n >= 4 {
			runs = append(runs, run{n, true})
		}
	}
	for _, r := range runs {
		in := budgetYears(t, r.n, r.split)
		for _, format := range []string{"png", "svg"} {
			slack := 1.0
			if format == "svg" {
				slack = svgSlack
			}
			t.Run(fmt.Sprintf("%d years/split %v/%s", r.n, r.split, format), func(t *testing.T) {
				f := budget(in)
				fr := f.layout(draw.New(vgimg.New(chartWidth, chartHeight)), slack)
				width := func(sty text.Style, s string) vg.Length { return sty.Width(s) / vg.Length(slack) }
				data := fr.plot.DataCanvas(fr.area)
				trX, _ := fr.plot.Transforms(&data)
				ticks := fr.plot.X.Tick.Marker.Ticks(fr.plot.X.Min, fr.plot.X.Max)
				if len(ticks) != r.n {
					t.Fatalf("%d bars, want %d", len(ticks), r.n)
				}
				// The labels under the bars, line by line.
				var rows [][]string
				xs := make([]vg.Length, len(ticks))
				for i, tk := range ticks {
					xs[i] = trX(tk.Value)
					for j, line := range strings.Split(tk.Label, "\n") {
						for len(rows) <= j {
							rows = append(rows, make([]string, len(ticks)))
						}
						rows[j][i] = strings.TrimSpace(line)
					}
				}
				tickSty := fr.plot.X.Tick.Label
				// Every year is named in PNG; in SVG, with room left for a
				// wider font, up to 12.
				if format == "png" || r.n <= 12 {
					if i := slices.Index(rows[0], ""); i >= 0 {
						t.Errorf("year %d of %d has no label: %q", i+1, r.n, rows[0])
					}
				}
				// A year split between recorded and forecast is always named.
				for i, b := range barsOf(in) {
					if b.split() && rows[0][i] == "" {
						t.Errorf("the split year, %d of %d, has no label: %q", i+1, r.n, rows[0])
					}
				}
				for _, row := range rows {
					checkApart(t, "under the bars", row, xs, fr.c, func(s string) vg.Length { return width(tickSty, s) })
				}
				// The amounts over the bars, as laid out for this width.
				slot := (data.Max.X - data.Min.X) / vg.Length(fr.plot.X.Max-fr.plot.X.Min)
				valueSty := style(tickSize, true, inkHex, draw.XCenter, draw.YBottom)
				lay := fitBudget(barsOf(in), slot,
					func(s string) vg.Length { return width(tickSty, s) },
					func(s string) vg.Length { return width(valueSty, s) })
				if lay.values == nil {
					t.Fatalf("no amounts over the bars (slot %.1f points)", slot)
				}
				for j := range 2 {
					row := make([]string, len(lay.values))
					for i, lines := range lay.values {
						if j < len(lines) {
							row[i] = lines[j]
						}
					}
					checkApart(t, "over the bars", row, xs, fr.c, func(s string) vg.Length { return width(valueSty, s) })
				}
				if r.n <= 10 && format == "png" && lay.unit != "" {
					t.Errorf("%d years: amounts without their unit (%q)", r.n, lay.values)
				}
			})
		}
	}
}

// barsOf is the budget chart's bars of in.
func barsOf(in Input) []yearBar {
	var rec []model.YearTotal
	if h := history(in); h != nil {
		rec = model.YearTotals(h.Budget())
	}
	return yearBars(rec, model.YearTotals(in.Result.Budget()))
}

// checkApart checks that texts centred at xs (blanks left out) are at
// least 2 points apart and inside the chart's margins.
func checkApart(t *testing.T, what string, texts []string, xs []vg.Length, c draw.Canvas, width func(string) vg.Length) {
	t.Helper()
	last := -1
	for i, s := range texts {
		if s == "" {
			continue
		}
		w := width(s)
		if xs[i]-w/2 < c.Min.X-0.01 || xs[i]+w/2 > c.Max.X+0.01 {
			t.Errorf("%s: %q at %.1f runs off the chart (%.1f to %.1f)", what, s, xs[i], c.Min.X, c.Max.X)
		}
		if last >= 0 {
			if gap := xs[i] - xs[last] - (width(texts[last])+w)/2; gap < 2 {
				t.Errorf("%s: %q and %q are %.1f points apart", what, texts[last], s, gap)
			}
		}
		last = i
	}
}

// The chart says what the recorded bars are and, for a year split between
// recorded and forecast months, what each part holds.
func TestBudgetNotes(t *testing.T) {
	f := budget(budgetYears(t, 8, true))
	for _, want := range []string{"not actual spend", "2025-26 is split", "for 6 months recorded", "for 6 months forecast", "Paler bars are part years"} {
		if !strings.Contains(f.note, want) {
			t.Errorf("note %q does not say %q", f.note, want)
		}
	}
	f = budget(budgetYears(t, 3, false))
	if f.note != "" || f.legend != nil {
		t.Errorf("forecast only: note %q, legend %v, want neither", f.note, f.legend)
	}
	if _, ok := f.plot.X.Tick.Marker.(plot.ConstantTicks); !ok {
		t.Errorf("budget ticks are %T", f.plot.X.Tick.Marker)
	}
}
