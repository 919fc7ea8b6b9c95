package charts

import (
	"slices"

	"github.com/carecast/carecast/model"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"
)

// flows charts each month's exits by reason as stacked bars and its
// entries over them: dots for the recorded months, a line for the
// forecast.
func flows(in Input) figure {
	r := in.Result
	h := history(in)
	// Exit reasons, leaving at 18 last (on top of each bar).
	reasons := slices.Clone(r.Reasons)
	if h != nil {
		for _, n := range h.Reasons {
			if !slices.Contains(reasons, n) {
				reasons = append(reasons, n)
			}
		}
	}
	if i := slices.Index(reasons, model.AgeOut); i >= 0 {
		reasons = append(slices.Delete(reasons, i, i+1), model.AgeOut)
	}
	cols := colours(reasons, reasonColour)

	p := newPlot("Month", "Children a month")
	p.X.Tick.Marker = monthTicks{centre: true}
	var bars rects
	hi := 0.0
	entryStyle := draw.LineStyle{Color: rgb(inkHex), Width: 2}
	dotStyle := draw.GlyphStyle{Color: rgb(inkHex), Radius: 1.8, Shape: draw.CircleGlyph{}}
	var marks []plot.Plotter
	// month draws each month's exits as a stacked bar, paler if recorded,
	// and its entries: a dot over the middle of each recorded month (as
	// counted, they go up and down), a step line through the forecast.
	month := func(res *model.Result, recorded bool) {
		index := make([]int, len(reasons))
		for i, n := range reasons {
			index[i] = slices.Index(res.Reasons, n)
		}
		var entries plotter.XYs
		for t := 0; t < res.Months; t++ {
			x := float64(res.Month(t))
			row := res.ExitsRow(t)
			y := 0.0
			for i, k := range index {
				if k < 0 {
					continue
				}
				fill := cols[i]
				if recorded {
					fill = tint(fill, 0.45)
				}
				bars = append(bars, rect{x0: x + 0.12, x1: x + 0.88, y0: y, y1: y + row[k], fill: fill})
				y += row[k]
			}
			e := res.TotalEntries(t)
			if recorded {
				entries = append(entries, plotter.XY{X: x + 0.5, Y: e})
			} else {
				entries = append(entries, plotter.XY{X: x, Y: e}, plotter.XY{X: x + 1, Y: e})
			}
			hi = max(hi, y, e)
		}
		if recorded {
			dots, _ := plotter.NewScatter(entries)
			dots.GlyphStyle = dotStyle
			marks = append(marks, dots)
		} else {
			line, _ := plotter.NewLine(entries)
			line.LineStyle = entryStyle
			marks = append(marks, line)
		}
	}
	lo := float64(r.Start)
	if h != nil {
		month(h, true)
		lo = float64(h.Start)
	}
	month(r, false)
	p.X.Min, p.X.Max = lo, float64(r.Start+model.Month(r.Months))
	valueAxis(p, hi, 0.02, false, nil)
	p.Add(bars)
	p.Add(marks...)

	sub := "children a month, forecast " + period(r)
	legend := []legendItem{{text: "Entering care"}}
	note := "When the line is above the bars, more children enter care than leave it and the number in care rises."
	if h != nil {
		markForecast(p, r.Start, textSlack(in))
		sub = "children a month, recorded " + period(h) + " (paler bars, dots), forecast " + period(r)
		legend = append(legend,
			legendItem{text: "Recorded", key: dot{style: dotStyle}},
			legendItem{text: "Forecast", key: stroke{style: entryStyle}})
		note = "When the dots or the line are above the bars, more children enter care than leave it and the number in care rises."
	} else {
		legend = append(legend, legendItem{text: "All routes", key: stroke{style: entryStyle}})
	}
	legend = append(legend, legendItem{text: ""}, legendItem{text: "Leaving care"})
	for i := len(reasons) - 1; i >= 0; i-- {
		legend = append(legend, legendItem{text: in.Label(reasons[i]), key: swatch{fill: cols[i]}})
	}
	return figure{
		name:     "flows",
		title:    "Children entering and leaving care",
		subtitle: withTitle(in.Title, sub),
		note:     note,
		plot:     p,
		legend:   legend,
	}
}
