package charts

import (
	"slices"

	"github.com/carecast/carecast/model"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"
)

// flows charts each month's exits by reason as stacked bars and its
// entries as a line over them.
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
	var lines []*plotter.Line
	month := func(res *model.Result, pale bool) {
		index := make([]int, len(reasons))
		for i, n := range reasons {
			index[i] = slices.Index(res.Reasons, n)
		}
		entries := make(plotter.XYs, 0, 2*res.Months)
		for t := 0; t < res.Months; t++ {
			x := float64(res.Month(t))
			row := res.ExitsRow(t)
			y := 0.0
			for i, k := range index {
				if k < 0 {
					continue
				}
				fill := cols[i]
				if pale {
					fill = tint(fill, 0.45)
				}
				bars = append(bars, rect{x0: x + 0.12, x1: x + 0.88, y0: y, y1: y + row[k], fill: fill})
				y += row[k]
			}
			e := res.TotalEntries(t)
			entries = append(entries, plotter.XY{X: x, Y: e}, plotter.XY{X: x + 1, Y: e})
			hi = max(hi, y, e)
		}
		line, _ := plotter.NewLine(entries)
		line.LineStyle = entryStyle
		lines = append(lines, line)
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
	for _, l := range lines {
		p.Add(l)
	}

	sub := "children a month, forecast " + period(r)
	if h != nil {
		markForecast(p, r.Start)
		sub = "children a month, recorded " + period(h) + " (paler), forecast " + period(r)
	}
	legend := []legendItem{
		{text: "Entering care"},
		{text: "All routes", key: stroke{style: entryStyle}},
		{text: ""},
		{text: "Leaving care"},
	}
	for i := len(reasons) - 1; i >= 0; i-- {
		legend = append(legend, legendItem{text: in.Label(reasons[i]), key: swatch{fill: cols[i]}})
	}
	return figure{
		name:     "flows",
		title:    "Children entering and leaving care",
		subtitle: withTitle(in.Title, sub),
		note:     "When the line is above the bars, more children enter care than leave it and the number in care rises.",
		plot:     p,
		legend:   legend,
	}
}
