package charts

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/carecast/carecast/model"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Comparison is what the comparison charts draw: scenarios projected over
// the same months, the first of them the base the others are measured
// against. It depends on no analysis: the savings are given.
type Comparison struct {
	Title   string          // shown in each chart's title line
	Names   []string        // each scenario's display name, the base first
	Results []*model.Result // the same Start, Months and Categories
	// Actual is optional recorded history drawn before the forecast; only
	// its months before the forecast starts are drawn.
	Actual *model.Result
	// Years are the financial years of Savings, as councils write them:
	// "2025-26".
	Years []string
	// Savings is each alternative's saving against the base in each of
	// Years, £, [alternative][year]: one row for each result after the
	// first. A negative saving is a cost.
	Savings [][]float64
	Targets []Target // see Target

	slack float64 // as Input's
}

// ComparisonNames are the comparison charts, in the order WriteComparison
// draws them; with an extension they are the names of its files.
var ComparisonNames = []string{"compare_headcount", "compare_cost", "savings"}

var comparisonFigures = map[string]func(Comparison) figure{
	"compare_headcount": compareHeadcount,
	"compare_cost":      compareCost,
	"savings":           savingsChart,
}

// DrawComparison draws the comparison chart name, one of ComparisonNames,
// to w as PNG or SVG (format "png" or "svg").
func DrawComparison(w io.Writer, name, format string, c Comparison) error {
	format, c, err := prepareComparison(format, c)
	if err != nil {
		return err
	}
	fig, ok := comparisonFigures[name]
	if !ok {
		return fmt.Errorf("charts: no comparison chart %q (want one of %s)", name, strings.Join(ComparisonNames, ", "))
	}
	return render(w, fig(c), format, c.slack)
}

// WriteComparison draws every comparison chart into dir (made if missing)
// as PNG or SVG, each in its own goroutine, as Write does, and returns the
// paths written in the order of ComparisonNames.
func WriteComparison(dir, format string, c Comparison) ([]string, error) {
	format, c, err := prepareComparison(format, c)
	if err != nil {
		return nil, err
	}
	return writeAll(dir, format, ComparisonNames, func(name string) figure { return comparisonFigures[name](c) }, c.slack)
}

// prepareComparison checks the format and the comparison.
func prepareComparison(format string, c Comparison) (string, Comparison, error) {
	format, slack, err := checkFormat(format)
	if err != nil {
		return "", c, err
	}
	c.slack = slack
	if err := checkResults(c); err != nil {
		return "", c, err
	}
	if err := checkSavings(c); err != nil {
		return "", c, err
	}
	if err := checkTargets(c.Targets, measureHeadcount, measureCost, measureSavings); err != nil {
		return "", c, err
	}
	if err := checkTargetYears(c.Targets, measureCost, barYears(costBars(c.Results[0]))); err != nil {
		return "", c, err
	}
	return format, c, checkTargetYears(c.Targets, measureSavings, c.Years)
}

// checkResults reports results that cannot be compared.
func checkResults(c Comparison) error {
	if len(c.Results) < 2 {
		return fmt.Errorf("charts: a comparison needs a base and at least one alternative, not %d results", len(c.Results))
	}
	if len(c.Names) != len(c.Results) {
		return fmt.Errorf("charts: %d names for %d results", len(c.Names), len(c.Results))
	}
	base := c.Results[0]
	for i, r := range c.Results {
		switch {
		case strings.TrimSpace(c.Names[i]) == "":
			return fmt.Errorf("charts: result %d has no name", i+1)
		case r == nil || r.Months < 1:
			return fmt.Errorf("charts: %s: no projected months to draw", c.Names[i])
		case r.Start != base.Start || r.Months != base.Months:
			return fmt.Errorf("charts: %s projects %s, the base %s %s: compare the same months",
				c.Names[i], period(r), c.Names[0], period(base))
		case !slices.Equal(r.Categories, base.Categories):
			return fmt.Errorf("charts: %s has placement categories %v, the base %s %v: compare the same categories",
				c.Names[i], r.Categories, c.Names[0], base.Categories)
		}
	}
	return nil
}

// checkSavings reports savings that do not match the years and
// alternatives, years not written as financial years, and savings that
// are not numbers.
func checkSavings(c Comparison) error {
	if len(c.Years) == 0 {
		return errors.New("charts: a comparison needs the financial years of its savings")
	}
	for i, y := range c.Years {
		if _, err := parseYear(y); err != nil {
			return fmt.Errorf("charts: Years[%d]: %w", i, err)
		}
	}
	if len(c.Savings) != len(c.Results)-1 {
		return fmt.Errorf("charts: %d rows of savings for %d alternatives", len(c.Savings), len(c.Results)-1)
	}
	for a, row := range c.Savings {
		if len(row) != len(c.Years) {
			return fmt.Errorf("charts: %s: %d savings for %d years", c.Names[a+1], len(row), len(c.Years))
		}
		for y, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("charts: %s: saving in %s is %v", c.Names[a+1], c.Years[y], v)
			}
		}
	}
	return nil
}

// parseYear reads a financial year as councils write it, "2025-26", and
// gives the calendar year it starts in.
func parseYear(s string) (int, error) {
	y, err := strconv.Atoi(s[:min(4, len(s))])
	if err != nil || model.FinancialYearLabel(y) != s {
		return 0, fmt.Errorf("%q is not a financial year written like 2025-26", s)
	}
	return y, nil
}

// Scenario colours: the base in the forecast blue, the alternatives in
// colours apart from it and from the targets' green and vermilion.
var alternativeHex = [...]uint32{0xcc79a7, 0xe69f00, 0x56b4e9, 0x332288, 0x999933, 0x882255, 0x666666}

// scenarioColour is the colour of scenario i, the base being 0.
func scenarioColour(i int) uint32 {
	if i == 0 {
		return forecastHex
	}
	return alternativeHex[(i-1)%len(alternativeHex)]
}

// maxNameWidth is the widest a scenario's name is written in a legend.
const maxNameWidth = 150

// shorten cuts s to fit w when measured by width, ending it with an
// ellipsis if cut.
func shorten(s string, w vg.Length, width func(string) vg.Length) string {
	if width(s) <= w {
		return s
	}
	s = strings.TrimSpace(s)
	for s != "" && width(s+"…") > w {
		_, n := utf8.DecodeLastRuneInString(s)
		s = strings.TrimSpace(s[:len(s)-n])
	}
	return s + "…"
}

// scenarioLegend keys scenarios from, … by key, their names shortened.
func scenarioLegend(c Comparison, from int, key func(i int) plot.Thumbnailer) []legendItem {
	sty, _ := figure{}.legendStyles()
	width := func(s string) vg.Length { return sty.Width(s) / vg.Length(c.slack) }
	var items []legendItem
	for i := from; i < len(c.Names); i++ {
		items = append(items, legendItem{text: shorten(c.Names[i], maxNameWidth, width), key: key(i)})
	}
	return items
}

// compareHeadcount charts the children in care in each scenario at each
// month end, the base emphasised, after any recorded history.
func compareHeadcount(c Comparison) figure {
	base := c.Results[0]
	p := newPlot("Month end", "Children in care")
	p.X.Tick.Marker = monthTicks{monthEnd: true}
	h := history(Input{Result: base, Actual: c.Actual})
	hi, lo := 0.0, float64(base.Start)
	var data []plotter.XYs
	if h != nil {
		rec := stockLine(h)
		hi, lo = maxY(rec), rec[0].X
		line, _ := plotter.NewLine(rec)
		line.LineStyle = draw.LineStyle{Color: rgb(recordHex), Width: 1.5}
		p.Add(line)
		data = append(data, rec)
	}
	var ends endLabels
	for i := len(c.Results) - 1; i >= 0; i-- { // the base last, on top
		xys := stockLine(c.Results[i])
		data = append(data, xys)
		hi = max(hi, maxY(xys))
		line, _ := plotter.NewLine(xys)
		line.LineStyle = scenarioLine(i)
		p.Add(line)
		last := xys[len(xys)-1]
		ends = append(ends, label{x: last.X, y: last.Y, text: count(last.Y),
			style: style(tickSize, i == 0, scenarioColour(i), draw.XLeft, draw.YCenter), dx: 5})
	}
	targets := monthTargets(c.Targets, measureHeadcount, count, data...)
	p.X.Min, p.X.Max = lo, float64(base.Start)+float64(base.Months)
	valueAxis(p, max(hi, targets.hi()), 0.05, true, nil)
	if h != nil {
		markForecast(p, base.Start, c.slack) // over the axis's top
	}
	p.Add(targets, ends, targetLabels(targets))

	sub := "number at each month end, forecast " + period(base)
	legend := scenarioLegend(c, 0, func(i int) plot.Thumbnailer { return stroke{style: scenarioLine(i)} })
	if h != nil {
		sub = "number at each month end, recorded " + period(h) + ", forecast " + period(base)
		legend = append(legend, legendItem{text: ""},
			legendItem{text: "Recorded", key: stroke{style: draw.LineStyle{Color: rgb(recordHex), Width: 1.5}}})
	}
	return figure{
		name:     "compare_headcount",
		title:    "Children in care by scenario",
		subtitle: withTitle(c.Title, sub),
		note:     "The thicker blue line is the base, " + c.Names[0] + "; the others are its alternatives.",
		plot:     p,
		legend:   legend,
	}
}

// scenarioLine is the line of scenario i: the base's thicker.
func scenarioLine(i int) draw.LineStyle {
	if i == 0 {
		return draw.LineStyle{Color: rgb(forecastHex), Width: 2.75}
	}
	return draw.LineStyle{Color: rgb(scenarioColour(i)), Width: 1.75}
}

// endLabels are labels at the ends of lines, moved apart up or down where
// they would overlap.
type endLabels []label

// Plot implements plot.Plotter.
func (ls endLabels) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	ys := make([]vg.Length, len(ls))
	for i, l := range ls {
		ys[i] = trY(l.y) + l.dy
	}
	if len(ls) > 0 {
		ys = spread(ys, ls[0].style.Height("0"))
	}
	for i, l := range ls {
		c.FillText(l.style, vg.Point{X: trX(l.x) + l.dx, Y: ys[i]}, l.text)
	}
}

// GlyphBoxes implements plot.GlyphBoxer.
func (ls endLabels) GlyphBoxes(p *plot.Plot) []plot.GlyphBox { return labels(ls).GlyphBoxes(p) }

// spread moves the centres ys of labels gap high as little as it can so
// that no two overlap, keeping their order from bottom to top.
func spread(ys []vg.Length, gap vg.Length) []vg.Length {
	order := make([]int, len(ys))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmpLength(ys[a], ys[b]) })
	out := slices.Clone(ys)
	// Push each up clear of the one below, then centre every run of
	// labels pushed together on where they were.
	for k := 1; k < len(order); k++ {
		out[order[k]] = max(out[order[k]], out[order[k-1]]+gap)
	}
	for start := 0; start < len(order); {
		end := start + 1
		for end < len(order) && out[order[end]]-out[order[end-1]] <= gap*(1+1e-9) && ys[order[end]] < out[order[end]] {
			end++
		}
		var shift vg.Length
		for k := start; k < end; k++ {
			shift += out[order[k]] - ys[order[k]]
		}
		shift /= vg.Length(end - start)
		for k := start; k < end; k++ {
			out[order[k]] -= shift
		}
		start = end
	}
	return out
}

func cmpLength(a, b vg.Length) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// costBars are the financial years a result covers, as bars of its cost.
func costBars(r *model.Result) []yearBar { return yearBars(nil, model.YearTotals(r.Budget())) }

// groupSpec is a chart of grouped bars: one group for each financial year,
// one bar in it for each series.
type groupSpec struct {
	years   []yearBar   // months of each year (forecast months)
	values  [][]float64 // [series][year]
	colours []uint32    // of each series
	yLabel  string      // of the value axis, without its unit
	measure string      // of the targets drawn
	targets []Target
}

// Grouped bars take groupWidth of a year's slot, each a bar of
// 1-groupGap of its share.
const (
	groupWidth = 0.8
	groupGap   = 0.15
)

// groupRefit is the refit of a figure of grouped bars.
func groupRefit(g groupSpec) func(vg.Length, func(text.Style, string) vg.Length) *plot.Plot {
	return func(dataWidth vg.Length, width func(text.Style, string) vg.Length) *plot.Plot {
		slot := dataWidth / vg.Length(float64(len(g.years)-1)+2*budgetPad(len(g.years)))
		tickSty := style(tickSize, false, inkHex, draw.XCenter, draw.YTop)
		ticks := yearTicks(g.years, slot, func(s string) vg.Length { return width(tickSty, s) })
		var all []float64
		for _, row := range g.values {
			all = append(all, row...)
		}
		bar := slot * groupWidth / vg.Length(len(g.values))
		texts, unit := fitAmounts(all, bar, func(s string) vg.Length { return width(groupValueStyle(true), s) })
		return groupPlot(g, ticks, texts, unit)
	}
}

// groupValueStyle is the style of the amount over (or under) a bar.
func groupValueStyle(above bool) text.Style {
	if above {
		return style(noteSize, true, inkHex, draw.XCenter, draw.YBottom)
	}
	return style(noteSize, true, inkHex, draw.XCenter, draw.YTop)
}

// groupPlot draws grouped bars with the labels fitted: ticks under each
// group, texts (series by series; none if nil) over positive bars and
// under negative ones, in unit if given.
func groupPlot(g groupSpec, ticks, texts []string, unit string) *plot.Plot {
	yLabel := g.yLabel + " (£)"
	if unit != "" {
		yLabel = g.yLabel + " (" + unit + ")"
	}
	p := newPlot("Financial year (April to March)", yLabel)
	n := len(g.values)
	share := groupWidth / float64(n)
	var rs rects
	var ls labels
	tops := make([]float64, len(g.years))
	lo, hi := 0.0, 0.0
	for s, row := range g.values {
		for i, v := range row {
			x := float64(i) - groupWidth/2 + share*(float64(s)+0.5)
			fill := rgb(g.colours[s])
			if g.years[i].months() < 12 {
				fill = tint(fill, 0.55)
			}
			rs = append(rs, rect{x0: x - share*(1-groupGap)/2, x1: x + share*(1-groupGap)/2, y1: v, fill: fill})
			tops[i], lo, hi = max(tops[i], v), min(lo, v), max(hi, v)
			if texts != nil {
				l := label{x: x, y: v, text: texts[s*len(row)+i], style: groupValueStyle(v >= 0), dy: 3, halo: true}
				if v < 0 {
					l.dy = -3
				}
				ls = append(ls, l)
			}
		}
	}
	var lift vg.Length = 3
	if texts != nil {
		lift += 8 + groupValueStyle(true).Height("£")
	}
	tl := yearTargets(g.targets, g.measure, barYears(g.years), groupWidth/2+0.04, tops, lift, pounds)
	valueRange(p, min(lo, tl.lo()), max(hi, tl.hi()), 0.08, false, pounds)
	p.Add(rs)
	if lo < 0 {
		p.Add(hline{y: 0, style: draw.LineStyle{Color: rgb(inkHex), Width: 1}})
	}
	p.Add(tl, ls, targetLabels(tl))
	yearAxis(p, len(g.years), ticks)
	return p
}

// yearAxis sets the X axis of n groups of bars at 0, 1, … labelled ticks.
func yearAxis(p *plot.Plot, n int, ticks []string) {
	var marks plot.ConstantTicks
	for i, t := range ticks {
		marks = append(marks, plot.Tick{Value: float64(i), Label: t})
	}
	pad := budgetPad(n)
	p.X.Min, p.X.Max = -pad, float64(n-1)+pad
	p.X.Tick.Marker = marks
	p.X.Tick.Length = 0
	p.X.Tick.Label.YAlign = draw.YTop
}

// compareCost charts each scenario's cost in each financial year as
// grouped bars. Councils set and track budgets by financial year, and the
// scenarios' monthly costs lie close together, so a finance officer reads
// the difference best as bars side by side, each with its amount.
func compareCost(c Comparison) figure {
	bars := costBars(c.Results[0])
	g := groupSpec{years: bars, yLabel: "Cost in the year", measure: measureCost, targets: c.Targets}
	for i, r := range c.Results {
		var row []float64
		for _, y := range model.YearTotals(r.Budget()) {
			row = append(row, y.Cost)
		}
		g.values = append(g.values, row)
		g.colours = append(g.colours, scenarioColour(i))
	}
	what := "placement costs"
	for _, r := range c.Results {
		if len(r.FixedCosts) > 0 {
			what = "placement and fixed costs"
		}
	}
	f := figure{
		name:     "compare_cost",
		title:    "Cost of care by scenario and financial year",
		subtitle: withTitle(c.Title, what+", forecast "+period(c.Results[0])),
		note:     partYearNote(bars, "cost"),
		legend:   scenarioLegend(c, 0, func(i int) plot.Thumbnailer { return swatch{fill: rgb(scenarioColour(i))} }),
		refit:    groupRefit(g),
	}
	f.plot = f.refit(vg.Inch*100, func(sty text.Style, s string) vg.Length { return sty.Width(s) })
	return f
}

// partYearNote explains paler bars of what (cost, saving), if any year is
// a part year.
func partYearNote(bars []yearBar, what string) string {
	for _, b := range bars {
		if b.months() < 12 {
			return "Paler bars are part years: they hold only the months given under them, not a full year's " + what + "."
		}
	}
	return ""
}

// savingsChart charts each alternative's saving against the base in each
// financial year as grouped bars, costs (negative savings) below zero.
func savingsChart(c Comparison) figure {
	months := map[int]int{}
	for _, b := range costBars(c.Results[0]) {
		months[b.year] = b.months()
	}
	years := make([]yearBar, len(c.Years))
	for i, s := range c.Years {
		y, _ := parseYear(s) // checked
		years[i] = yearBar{year: y, fcMonths: cmp.Or(months[y], 12)}
	}
	g := groupSpec{years: years, values: c.Savings, yLabel: "Saving in the year", measure: measureSavings, targets: c.Targets}
	for i := 1; i < len(c.Results); i++ {
		g.colours = append(g.colours, scenarioColour(i))
	}
	f := figure{
		name:     "savings",
		title:    "Saving against the base by financial year",
		subtitle: withTitle(c.Title, "the base, "+c.Names[0]+", less each alternative's cost"),
		note:     savingsNote(c, years),
		legend:   scenarioLegend(c, 1, func(i int) plot.Thumbnailer { return swatch{fill: rgb(scenarioColour(i))} }),
		refit:    groupRefit(g),
	}
	f.plot = f.refit(vg.Inch*100, func(sty text.Style, s string) vg.Length { return sty.Width(s) })
	return f
}

// savingsNote says what each alternative saves over all the years, and
// explains bars below zero and paler bars.
func savingsNote(c Comparison, years []yearBar) string {
	var parts []string
	neg := false
	for a, row := range c.Savings {
		total := 0.0
		for _, v := range row {
			total += v
			neg = neg || v < 0
		}
		verb := "saves " + pounds(total)
		if total < 0 {
			verb = "costs " + pounds(-total) + " more"
		}
		parts = append(parts, c.Names[a+1]+" "+verb)
	}
	note := fmt.Sprintf("Over %s to %s: %s.", c.Years[0], c.Years[len(c.Years)-1], strings.Join(parts, "; "))
	if neg {
		note += " Bars below zero are years an alternative costs more than the base."
	}
	if p := partYearNote(years, "saving"); p != "" {
		note += " " + p
	}
	return note
}
