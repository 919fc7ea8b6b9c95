package charts

import (
	"fmt"
	"sort"

	"github.com/carecast/carecast/model"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"
)

// yearBar is one financial year's bar: recorded and forecast cost.
type yearBar struct {
	year, months       int
	recorded, forecast float64
}

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
		bars[i].months += y.Months
		if rec {
			bars[i].recorded += y.Cost
		} else {
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

// budget charts the cost of each financial year.
func budget(in Input) figure {
	r := in.Result
	h := history(in)
	var rec []model.YearTotal
	if h != nil {
		rec = model.YearTotals(h.Budget())
	}
	bars := yearBars(rec, model.YearTotals(r.Budget()))

	p := newPlot("Financial year (April to March)", "Cost in the year (£)")
	hi, partial := 0.0, false
	var rs rects
	var ls labels
	var totals []float64
	var ticks plot.ConstantTicks
	const half = 0.3 // half a bar's width, in years
	for i, b := range bars {
		x := float64(i)
		short := b.months < 12
		partial = partial || short
		recCol, fcCol := rgb(recordedBarHex), rgb(forecastHex)
		if short {
			recCol, fcCol = tint(recCol, 0.55), tint(fcCol, 0.55)
		}
		rs = append(rs,
			rect{x0: x - half, x1: x + half, y0: 0, y1: b.recorded, fill: recCol},
			rect{x0: x - half, x1: x + half, y0: b.recorded, y1: b.recorded + b.forecast, fill: fcCol})
		total := b.recorded + b.forecast
		hi = max(hi, total)
		totals = append(totals, total)
		ticks = append(ticks, plot.Tick{Value: x, Label: model.FinancialYearLabel(b.year)})
	}
	if partial {
		// Say how many months the part years hold, on a second line; the
		// others get a blank one so the years line up.
		for i, b := range bars {
			if b.months < 12 {
				ticks[i].Label += fmt.Sprintf("\n(%d months)", b.months)
			} else {
				ticks[i].Label += "\n "
			}
		}
	}
	for i, text := range sameUnit(totals) {
		ls = append(ls, label{x: float64(i), y: totals[i], text: text, style: style(tickSize, true, inkHex, draw.XCenter, draw.YBottom), dy: 4})
	}
	valueAxis(p, hi, 0.05, false, pounds)
	p.Add(rs, ls)

	// At least four bars' room, so one or two years don't make slabs.
	pad := max(0.5, float64(4-len(bars))/2+0.5)
	p.X.Min, p.X.Max = -pad, float64(len(bars)-1)+pad
	p.X.Tick.Marker = ticks
	p.X.Tick.Length = 0
	p.X.Tick.Label.YAlign = draw.YTop

	what := "placement costs"
	if len(r.FixedCosts) > 0 {
		what = "placement and fixed costs"
	}
	sub := what + ", forecast " + period(r)
	f := figure{name: "budget", title: "Cost of care by financial year", plot: p}
	if h != nil {
		sub = what + ", recorded " + period(h) + ", forecast " + period(r)
		f.legend = []legendItem{
			{text: "Recorded", key: swatch{fill: rgb(recordedBarHex)}},
			{text: "Forecast", key: swatch{fill: rgb(forecastHex)}},
		}
	}
	f.subtitle = withTitle(in.Title, sub)
	if partial {
		f.note = "Paler bars are part years: they hold only the months given under them, not a full year's cost."
	}
	return f
}
