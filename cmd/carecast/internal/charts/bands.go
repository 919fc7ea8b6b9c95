package charts

import (
	"fmt"
	"math"
	"slices"

	"github.com/carecast/carecast/model"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Futures are the ranges of simulated futures the charts draw around a
// forecast: a fan on the headcount chart and a whisker on each forecast
// year's bar of the budget chart.
type Futures struct {
	Runs int // the number of futures simulated, at least 1
	// Drawn says each future drew its rates from the evidence behind
	// them, so the ranges hold how little data there is as well as
	// chance; false, that the rates were taken as known.
	Drawn bool
	// InCare is the children in care at each month end over the futures,
	// each percentile as long as the Result; nil draws no fan.
	InCare *Band
	// YearCost is the cost of forecast financial years over the futures;
	// a year not there has no whisker.
	YearCost []YearBand
}

// Band is a number's 5th, 10th, 90th and 95th percentiles over simulated
// futures, month by month.
type Band struct {
	P5, P10, P90, P95 []float64
}

// YearBand is one financial year's cost over simulated futures, £: for a
// year partly recorded, that of its forecast months, to which the chart
// adds the recorded months' cost.
type YearBand struct {
	Year              string // as councils write it: "2025-26"
	P5, P10, P90, P95 float64
}

// Colours of the fan, in the forecast's blue: the 90% range lighter, the
// 80% range darker; and the budget's whiskers.
var (
	fan90Colour = tint(rgb(forecastHex), 0.8)
	fan80Colour = tint(rgb(forecastHex), 0.6)
)

const whiskerHex = 0x0b2f4f // the forecast's blue, darkened to read over it

// forecastLine is the style of the forecast's line on the headcount chart.
var forecastLine = draw.LineStyle{Color: rgb(forecastHex), Width: 2.25}

// checkFutures reports the first thing wrong with in.Futures, if any: no
// runs, a band not as long as the forecast, a percentile not a number or
// out of order, a year not forecast or given twice.
func checkFutures(in Input, years []string) error {
	f := in.Futures
	if f == nil {
		return nil
	}
	if f.Runs < 1 {
		return fmt.Errorf("charts: ranges of %d simulated futures: want at least 1", f.Runs)
	}
	if b := f.InCare; b != nil {
		for _, q := range []struct {
			name string
			vs   []float64
		}{{"P5", b.P5}, {"P10", b.P10}, {"P90", b.P90}, {"P95", b.P95}} {
			if len(q.vs) != in.Result.Months {
				return fmt.Errorf("charts: range of children in care: %s has %d months, want %d (%s)",
					q.name, len(q.vs), in.Result.Months, period(in.Result))
			}
		}
		for t := range b.P5 {
			if err := checkOrder(b.P5[t], b.P10[t], b.P90[t], b.P95[t]); err != nil {
				return fmt.Errorf("charts: range of children in care at the end of %s: %w", monthName(in.Result.Month(t)), err)
			}
		}
	}
	seen := map[string]bool{}
	for _, y := range f.YearCost {
		if !slices.Contains(years, y.Year) || seen[y.Year] {
			return fmt.Errorf("charts: range of the cost of %q: not a forecast year, or given twice (forecast years: %v)", y.Year, years)
		}
		seen[y.Year] = true
		if err := checkOrder(y.P5, y.P10, y.P90, y.P95); err != nil {
			return fmt.Errorf("charts: range of the cost of %s: %w", y.Year, err)
		}
	}
	return nil
}

// checkOrder reports percentiles that are not finite, not at least zero,
// or not in order.
func checkOrder(p5, p10, p90, p95 float64) error {
	for _, v := range []float64{p5, p10, p90, p95} {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return fmt.Errorf("percentile %v is not a number at least 0", v)
		}
	}
	if !(p5 <= p10 && p10 <= p90 && p90 <= p95) {
		return fmt.Errorf("percentiles 5, 10, 90, 95 (%v, %v, %v, %v) are not in order", p5, p10, p90, p95)
	}
	return nil
}

// forecastYears are the financial years with forecast months: "2025-26".
func forecastYears(r *model.Result) []string {
	var years []string
	for _, y := range model.YearTotals(r.Budget()) {
		years = append(years, model.FinancialYearLabel(y.Year))
	}
	return years
}

// fan is the 90% and 80% ranges of the children in care, in that order
// (the narrower painted over the wider), from the forecast's first point
// fc[0], where the futures all start, to its last.
func fan(b *Band, fc plotter.XYs) []band {
	xs := xysX(fc)
	from := func(start float64, vs []float64) []float64 { return append([]float64{start}, vs...) }
	start := fc[0].Y
	return []band{
		{xs: xs, lo: from(start, b.P5), hi: from(start, b.P95), fill: fan90Colour},
		{xs: xs, lo: from(start, b.P10), hi: from(start, b.P90), fill: fan80Colour},
	}
}

// futuresText is "200 simulated futures" or "1 simulated future".
func futuresText(n int) string {
	if n == 1 {
		return "1 simulated future"
	}
	return thousands(float64(n), 0) + " simulated futures"
}

// fromText says what the ranges of the futures hold.
func fromText(f *Futures) string {
	if f.Drawn {
		return "each future drew its rates from the evidence behind them, so the ranges show chance and how little data the rates rest on"
	}
	return "the rates were taken as known, so the ranges show chance alone, not how uncertain the rates are"
}

// fanLegend and fanNote explain the fan of the headcount chart.
func fanLegend(f *Futures) []legendItem {
	return []legendItem{
		{text: "Forecast", key: stroke{style: forecastLine}},
		{text: "80% of " + futuresText(f.Runs), key: swatch{fill: fan80Colour}},
		{text: "90%", key: swatch{fill: fan90Colour}},
	}
}

func fanNote(f *Futures) string {
	return fmt.Sprintf("The shaded ranges hold 80%% (darker) and 90%% (lighter) of %s at each month end; %s.",
		futuresText(f.Runs), fromText(f))
}

// whiskerNote explains the whiskers of the budget chart, if it has any.
func whiskerNote(bars []yearBar, f *Futures) string {
	n, split := 0, ""
	for _, b := range bars {
		if b.banded {
			n++
			if b.split() {
				split = fmt.Sprintf(" For %s, split, it is the range of the forecast months added to the recorded months' cost.", model.FinancialYearLabel(b.year))
			}
		}
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("The whisker on each forecast year spans the middle 80%% of its cost over %s; %s.%s",
		futuresText(f.Runs), fromText(f), split)
}

// whiskers draws each banded bar's whisker, x = 0, 1, … by bar.
type whiskers []yearBar

// whiskerStyle is the line of a whisker; whiskerCap is half the width of
// its ends.
var whiskerStyle = draw.LineStyle{Color: rgb(whiskerHex), Width: 1.5}

const whiskerCap vg.Length = 5

// Plot implements plot.Plotter.
func (ws whiskers) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i, b := range ws {
		if b.banded {
			whisker(c, trX(float64(i)), trY(b.lo), trY(b.hi))
		}
	}
}

// whisker draws a vertical line at x from y0 to y1 with a cap at each end.
func whisker(c draw.Canvas, x, y0, y1 vg.Length) {
	c.StrokeLine2(whiskerStyle, x, y0, x, y1)
	for _, y := range []vg.Length{y0, y1} {
		c.StrokeLine2(whiskerStyle, x-whiskerCap, y, x+whiskerCap, y)
	}
}

// whiskerKey is a legend key: a whisker.
type whiskerKey struct{}

// Thumbnail implements plot.Thumbnailer.
func (whiskerKey) Thumbnail(c *draw.Canvas) {
	whisker(*c, c.Center().X, c.Min.Y-1, c.Max.Y+1)
}
