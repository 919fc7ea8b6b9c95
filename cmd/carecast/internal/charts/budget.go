package charts

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/carecast/carecast/model"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// yearBar is one financial year's bar: its recorded and forecast months
// and their cost.
type yearBar struct {
	year                int
	recMonths, fcMonths int
	recorded, forecast  float64
	// banded says the bar has a whisker from lo to hi: the middle 80% of
	// the year's cost over simulated futures.
	banded bool
	lo, hi float64
}

// top is the height of the bar or of its whisker, whichever is higher.
func (b yearBar) top() float64 {
	if b.banded {
		return max(b.total(), b.hi)
	}
	return b.total()
}

// months is how many months of the year the bar holds.
func (b yearBar) months() int { return b.recMonths + b.fcMonths }

// split says the year is partly recorded and partly forecast.
func (b yearBar) split() bool { return b.recMonths > 0 && b.fcMonths > 0 }

func (b yearBar) total() float64 { return b.recorded + b.forecast }

// yearBars merges the recorded and forecast totals by financial year.
func yearBars(recorded, forecast []model.YearTotal) []yearBar {
	var bars []yearBar
	at := map[int]int{}
	add := func(y model.YearTotal, rec bool) {
		i, ok := at[y.Year]
		if !ok {
			i = len(bars)
			at[y.Year] = i
			bars = append(bars, yearBar{year: y.Year})
		}
		if rec {
			bars[i].recMonths += y.Months
			bars[i].recorded += y.Cost
		} else {
			bars[i].fcMonths += y.Months
			bars[i].forecast += y.Cost
		}
	}
	for _, y := range recorded {
		add(y, true)
	}
	for _, y := range forecast {
		add(y, false)
	}
	sort.Slice(bars, func(i, j int) bool { return bars[i].year < bars[j].year })
	return bars
}

const (
	barHalf = 0.3 // half a bar's width, in years
	barGap  = 6   // least space between the labels of neighbouring bars, points
	// recordedTextHex is the recorded part's amount over a split year:
	// the recorded bars' grey, darker to read as text.
	recordedTextHex = 0x5f5f5f
)

// shortYear is a financial year as "24-25".
func shortYear(y int) string { return fmt.Sprintf("%02d-%02d", y%100, (y+1)%100) }

// yearLabels is the label under each of a row of financial years' bars
// slot apart, text being as wide as width says: the year as councils write
// it ("2024-25") if every one fits its slot with a gap to the next, else
// "24-25", and if even those do not fit, every second (third…) year's,
// counted either way from years[anchor], which is always labelled.
func yearLabels(years []int, anchor int, slot vg.Length, width func(string) vg.Length) []string {
	need := func(name func(int) string) vg.Length {
		var w vg.Length
		for _, y := range years {
			w = max(w, width(name(y))+barGap)
		}
		return w
	}
	name := model.FinancialYearLabel
	if need(name) > slot {
		name = shortYear
	}
	every := len(years)
	if slot > 0 {
		every = min(every, int(math.Ceil(float64(need(name)/slot)-1e-9)))
	}
	every = max(every, 1)
	out := make([]string, len(years))
	for i, y := range years {
		if (i-anchor)%every == 0 {
			out[i] = name(y)
		}
	}
	return out
}

// monthsLines is the line under the label of each year's bar saying how
// many months it holds, if not a whole year of one kind: "(6 months)" for
// a part year, "(6 + 6 months)" for one split between recorded and
// forecast months; blank for the others. They read "(6 mths)" if any two
// would run into each other. It is nil if there are none.
func monthsLines(bars []yearBar, slot vg.Length, width func(string) vg.Length) []string {
	forms := []struct{ one, two string }{{"(%d months)", "(%d + %d months)"}, {"(%d mths)", "(%d+%d mths)"}}
	var lines []string
	for _, form := range forms {
		lines = make([]string, len(bars))
		some := false
		for i, b := range bars {
			switch {
			case b.split():
				lines[i] = fmt.Sprintf(form.two, b.recMonths, b.fcMonths)
			case b.months() < 12:
				lines[i] = fmt.Sprintf(form.one, b.months())
			}
			some = some || lines[i] != ""
		}
		if !some {
			return nil
		}
		if !crowded(lines, slot, width) {
			break
		}
	}
	return lines
}

// crowded says whether any two of texts centred slot apart (blanks left
// out) come closer than barGap.
func crowded(texts []string, slot vg.Length, width func(string) vg.Length) bool {
	last := -1
	for i, s := range texts {
		if s == "" {
			continue
		}
		if last >= 0 && vg.Length(i-last)*slot < (width(texts[last])+width(s))/2+barGap {
			return true
		}
		last = i
	}
	return false
}

// barValues is the text over each bar: one line, or two for a year split
// between recorded and forecast months (forecast above recorded), as the
// bars are stacked. The amounts are all in one unit: "£39.9m" if every
// line fits its bar's slot with a gap, otherwise the bare numbers ("39.9")
// with the unit ("£m") returned for the axis, and nothing (nil) if even
// those do not fit.
func barValues(bars []yearBar, slot vg.Length, width func(string) vg.Length) (lines [][]string, unit string) {
	var vs []float64
	for _, b := range bars {
		if b.split() {
			vs = append(vs, b.forecast, b.recorded)
		} else {
			vs = append(vs, b.total())
		}
	}
	group := func(ss []string) [][]string {
		out := make([][]string, len(bars))
		for i, b := range bars {
			n := 1
			if b.split() {
				n = 2
			}
			out[i], ss = ss[:n], ss[n:]
		}
		return out
	}
	full, unit := fitAmounts(vs, slot, width)
	if full == nil {
		return nil, ""
	}
	return group(full), unit
}

// fitAmounts is the text of amounts of money for labels slot apart, all
// in one unit: "£39.9m" if every one fits with a gap, otherwise the bare
// numbers ("39.9") with the unit ("£m") returned for the axis, and nothing
// (nil) if even those do not fit.
func fitAmounts(vs []float64, slot vg.Length, width func(string) vg.Length) (texts []string, unit string) {
	fits := func(ss []string) bool {
		for _, s := range ss {
			if width(s)+barGap > slot {
				return false
			}
		}
		return true
	}
	if full := sameUnit(vs); fits(full) {
		return full, ""
	}
	if nums, suffix := sameUnitNumbers(vs); fits(nums) {
		return nums, "£" + suffix
	}
	return nil, ""
}

// budgetLayout is what the budget chart writes about its bars.
type budgetLayout struct {
	ticks  []string   // under each bar
	values [][]string // over each bar; none if nil
	unit   string     // of the values if they have none, for the axis
}

// fitBudget lays the labels of bars out slot apart, measuring the year
// labels with tickWidth and the amounts with valueWidth.
func fitBudget(bars []yearBar, slot vg.Length, tickWidth, valueWidth func(string) vg.Length) budgetLayout {
	lay := budgetLayout{ticks: yearTicks(bars, slot, tickWidth)}
	lay.values, lay.unit = barValues(bars, slot, valueWidth)
	return lay
}

// yearTicks is the label under each of a row of financial years' bars
// (or groups of bars) slot apart, measured with width: the year, and a
// second line for the months of part and split years (see monthsLines).
// If not every year can be named, the one split between recorded and
// forecast months is, or else the last.
func yearTicks(bars []yearBar, slot vg.Length, width func(string) vg.Length) []string {
	years, anchor := make([]int, len(bars)), len(bars)-1
	for i, b := range bars {
		years[i] = b.year
		if b.split() {
			anchor = i
		}
	}
	ticks := yearLabels(years, anchor, slot, width)
	if second := monthsLines(bars, slot, width); second != nil {
		// A blank second line under whole years keeps the labels level.
		for i, s := range second {
			ticks[i] += "\n" + max(s, " ")
		}
	}
	return ticks
}

// budgetPad is the room either side of the first and last bar, in years:
// at least four bars' room, so one or two years don't make slabs.
func budgetPad(n int) float64 { return max(0.5, float64(4-n)/2+0.5) }

// budgetPlot draws the bars with their labels laid out.
func budgetPlot(bars []yearBar, lay budgetLayout, targets []Target) *plot.Plot {
	yLabel := "Cost in the year (£)"
	if lay.unit != "" {
		yLabel = "Cost in the year (" + lay.unit + ")"
	}
	p := newPlot("Financial year (April to March)", yLabel)
	hi := 0.0
	var rs rects
	var ticks plot.ConstantTicks
	for i, b := range bars {
		x := float64(i)
		recCol, fcCol := rgb(recordedBarHex), rgb(forecastHex)
		if b.months() < 12 {
			recCol, fcCol = tint(recCol, 0.55), tint(fcCol, 0.55)
		}
		rs = append(rs,
			rect{x0: x - barHalf, x1: x + barHalf, y0: 0, y1: b.recorded, fill: recCol},
			rect{x0: x - barHalf, x1: x + barHalf, y0: b.recorded, y1: b.total(), fill: fcCol})
		hi = max(hi, b.top())
		ticks = append(ticks, plot.Tick{Value: x, Label: lay.ticks[i]})
	}
	tl := budgetTargets(bars, lay, targets)
	valueAxis(p, max(hi, tl.hi()), 0.05, false, pounds)
	p.Add(rs, whiskers(bars))

	var ls labels
	valueSty := style(tickSize, true, inkHex, draw.XCenter, draw.YBottom)
	for i, b := range bars {
		x := float64(i)
		if b.split() {
			// A white seam between the recorded and the forecast part.
			seam, _ := plotter.NewLine(plotter.XYs{{X: x - barHalf, Y: b.recorded}, {X: x + barHalf, Y: b.recorded}})
			seam.LineStyle = draw.LineStyle{Color: rgb(0xffffff), Width: 1.5}
			p.Add(seam)
		}
		if lay.values == nil {
			continue
		}
		lines := lay.values[i]
		if len(lines) == 1 {
			ls = append(ls, label{x: x, y: b.top(), text: lines[0], style: valueSty, dy: 4, halo: true})
			continue
		}
		// Forecast over recorded, each in its part's colour.
		rec := style(tickSize, true, recordedTextHex, draw.XCenter, draw.YBottom)
		fc := style(tickSize, true, forecastHex, draw.XCenter, draw.YBottom)
		ls = append(ls,
			label{x: x, y: b.top(), text: lines[1], style: rec, dy: 4, halo: true},
			label{x: x, y: b.top(), text: lines[0], style: fc, dy: 4 + rec.Height(lines[1]), halo: true})
	}
	p.Add(tl, ls, targetLabels(tl))

	pad := budgetPad(len(bars))
	p.X.Min, p.X.Max = -pad, float64(len(bars)-1)+pad
	p.X.Tick.Marker = ticks
	p.X.Tick.Length = 0
	p.X.Tick.Label.YAlign = draw.YTop
	return p
}

// budgetTargets are the cost targets drawn over the bars, clear of the
// amounts over them.
func budgetTargets(bars []yearBar, lay budgetLayout, targets []Target) targetLines {
	tops := make([]float64, len(bars))
	var lift vg.Length = 3
	valueSty := style(tickSize, true, inkHex, draw.XCenter, draw.YBottom)
	for i, b := range bars {
		tops[i] = b.top()
		if lay.values != nil {
			lift = max(lift, 9+vg.Length(len(lay.values[i]))*valueSty.Height("£"))
		}
	}
	return yearTargets(targets, measureCost, barYears(bars), barHalf+0.05, tops, lift, pounds)
}

// budgetBars are the bars of the budget chart.
func budgetBars(in Input) []yearBar {
	var rec []model.YearTotal
	if h := history(in); h != nil {
		rec = model.YearTotals(h.Budget())
	}
	bars := yearBars(rec, model.YearTotals(in.Result.Budget()))
	if in.Futures != nil {
		for _, y := range in.Futures.YearCost {
			for i, b := range bars {
				if model.FinancialYearLabel(b.year) == y.Year && b.fcMonths > 0 {
					bars[i].banded, bars[i].lo, bars[i].hi = true, b.recorded+y.P10, b.recorded+y.P90
				}
			}
		}
	}
	return bars
}

// barYears is the financial year of each bar: "2025-26".
func barYears(bars []yearBar) []string {
	years := make([]string, len(bars))
	for i, b := range bars {
		years[i] = model.FinancialYearLabel(b.year)
	}
	return years
}

// budget charts the cost of each financial year.
func budget(in Input) figure {
	r := in.Result
	h := history(in)
	bars := budgetBars(in)

	what := "placement costs"
	if len(r.FixedCosts) > 0 {
		what = "placement and fixed costs"
	}
	sub := what + ", forecast " + period(r)
	f := figure{name: "budget", title: "Cost of care by financial year", legendAbove: true}
	var notes []string
	if h != nil {
		sub = what + ", recorded " + period(h) + ", forecast " + period(r)
		f.legend = []legendItem{
			{text: "Recorded", key: swatch{fill: rgb(recordedBarHex)}},
			{text: "Forecast", key: swatch{fill: rgb(forecastHex)}},
		}
		n := "Recorded costs are not actual spend: they price the children's recorded days in each placement " +
			"at this scenario's weekly costs, less its yearly uplifts for earlier years"
		if len(r.FixedCosts) > 0 && len(h.FixedCosts) == 0 {
			n += ", and leave out fixed costs"
		}
		notes = append(notes, n+".")
	}
	for _, b := range bars {
		if b.split() {
			parts := sameUnit([]float64{b.recorded, b.forecast})
			notes = append(notes, fmt.Sprintf("%s is split: %s for %s recorded and %s for %s forecast.",
				model.FinancialYearLabel(b.year), parts[0], monthsOf(b.recMonths), parts[1], monthsOf(b.fcMonths)))
		}
	}
	if n := partYearNote(bars, "cost"); n != "" {
		notes = append(notes, n)
	}
	if n := whiskerNote(bars, in.Futures); n != "" {
		notes = append(notes, n)
		f.legend = append(f.legend, legendItem{text: "80% of " + futuresText(in.Futures.Runs), key: whiskerKey{}})
	}
	f.subtitle = withTitle(in.Title, sub)
	f.note = strings.Join(notes, " ")

	f.refit = func(dataWidth vg.Length, width func(text.Style, string) vg.Length) *plot.Plot {
		slot := dataWidth / vg.Length(float64(len(bars)-1)+2*budgetPad(len(bars)))
		tickSty := style(tickSize, false, inkHex, draw.XCenter, draw.YTop)
		valueSty := style(tickSize, true, inkHex, draw.XCenter, draw.YBottom)
		return budgetPlot(bars, fitBudget(bars, slot,
			func(s string) vg.Length { return width(tickSty, s) },
			func(s string) vg.Length { return width(valueSty, s) }), in.Targets)
	}
	// Laid out for wide bars until it is drawn.
	f.plot = f.refit(vg.Inch*100, func(sty text.Style, s string) vg.Length { return sty.Width(s) })
	return f
}

// monthsOf is "1 month" or "6 months".
func monthsOf(n int) string {
	if n == 1 {
		return "1 month"
	}
	return fmt.Sprintf("%d months", n)
}
