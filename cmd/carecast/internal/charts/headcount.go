package charts

import (
	"github.com/carecast/carecast/model"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"
)

// stockLine is the number in care at each month end as points on a time
// axis: the starting number on the first day of Start, then the end of
// each month on the first day of the next.
func stockLine(r *model.Result) plotter.XYs {
	xys := make(plotter.XYs, r.Months+1)
	xys[0] = plotter.XY{X: float64(r.Start), Y: r.InitialInCare}
	for t := 0; t < r.Months; t++ {
		xys[t+1] = plotter.XY{X: float64(r.Month(t) + 1), Y: r.InCare[t]}
	}
	return xys
}

// headcount charts the number of children in care at each month end.
func headcount(in Input) figure {
	r := in.Result
	p := newPlot("Month end", "Children in care")
	p.X.Tick.Marker = monthTicks{monthEnd: true}
	fc := stockLine(r)
	hi := maxY(fc)
	lo := fc[0].X
	h := history(in)
	var rec plotter.XYs
	if h != nil {
		rec = stockLine(h)
		hi = max(hi, maxY(rec))
		lo = rec[0].X
	}
	p.X.Min, p.X.Max = lo, fc[len(fc)-1].X
	targets := monthTargets(in.Targets, measureHeadcount, count, fc, rec)
	f := figure{name: "headcount", title: "Children in care", plot: p}
	if in.Futures != nil && in.Futures.InCare != nil {
		// Behind everything else, the gridlines and the targets over it.
		for _, b := range fan(in.Futures.InCare, fc) {
			p.Add(b)
			hi = max(hi, maxOf(b.hi))
			for i := range targets {
				targets[i].areas = append(targets[i].areas, b)
			}
		}
		f.legend, f.legendAbove, f.note = fanLegend(in.Futures), true, fanNote(in.Futures)
	}
	valueAxis(p, max(hi, targets.hi()), 0.05, true, nil)

	sub := "number at each month end, forecast " + period(r)
	startLabel := label{x: fc[0].X, y: fc[0].Y, text: count(fc[0].Y), style: style(tickSize, true, forecastHex, draw.XCenter, draw.YBottom), dy: 6}
	if h != nil {
		markForecast(p, r.Start, textSlack(in))
		line, _ := plotter.NewLine(rec)
		line.LineStyle = draw.LineStyle{Color: rgb(recordHex), Width: 1.5}
		p.Add(line)
		sub = "number at each month end, recorded " + period(h) + " (black), forecast " + period(r) + " (blue)"
		// Clear of the dashed line and the recorded line.
		startLabel.style.XAlign, startLabel.style.YAlign = draw.XLeft, draw.YTop
		startLabel.dx, startLabel.dy = 5, -6
	}
	line, _ := plotter.NewLine(fc)
	line.LineStyle = forecastLine
	p.Add(line, targets, targetLabels(targets))

	// Say the numbers at the start and the end of the forecast.
	first, last := fc[0], fc[len(fc)-1]
	p.Add(labels{
		startLabel,
		{x: last.X, y: last.Y, text: count(last.Y), style: style(tickSize, true, forecastHex, draw.XLeft, draw.YCenter), dx: 5},
	})
	ends, _ := plotter.NewScatter(plotter.XYs{first, last})
	ends.GlyphStyle = draw.GlyphStyle{Color: rgb(forecastHex), Radius: 2.75, Shape: draw.CircleGlyph{}}
	p.Add(ends)

	f.subtitle = withTitle(in.Title, sub)
	return f
}

func maxY(xys plotter.XYs) float64 {
	hi := 0.0
	for _, xy := range xys {
		hi = max(hi, xy.Y)
	}
	return hi
}
