package charts

import (
	"slices"

	"github.com/carecast/carecast/model"
)

// placements charts the children in care by placement category, stacked.
func placements(in Input) figure {
	r := in.Result
	h := history(in)
	names := slices.Clone(r.Categories)
	if h != nil {
		for _, n := range h.Categories {
			if !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
	}
	cols := colours(names, categoryColour)

	p := newPlot("Month end", "Children in care")
	p.X.Tick.Marker = monthTicks{monthEnd: true}
	xs, fc := stocks(r, names)
	hi := maxTop(fc)
	lo := xs[0]
	var hxs []float64
	var rec [][]float64
	if h != nil {
		hxs, rec = stocks(h, names)
		hi = max(hi, maxTop(rec))
		lo = hxs[0]
	}
	p.X.Min, p.X.Max = lo, xs[len(xs)-1]
	valueAxis(p, hi, 0.05, true, nil)

	// Running totals from the top category down, each painting over the last.
	for k := len(names) - 1; k >= 0; k-- {
		var hb, fb []float64 // the lines of the areas below, painted later
		if k > 0 && !in.wholeAreas {
			fb = fc[k-1]
			if h != nil {
				hb = rec[k-1]
			}
		}
		if h != nil {
			p.Add(area{xs: hxs, ys: rec[k], below: hb, fill: tint(cols[k], 0.45)})
		}
		p.Add(area{xs: xs, ys: fc[k], below: fb, fill: cols[k]})
	}
	sub := "number at each month end by placement, forecast " + period(r)
	if h != nil {
		markForecast(p, r.Start, textSlack(in))
		sub = "number at each month end by placement, recorded " + period(h) + " (paler), forecast " + period(r)
	}

	var legend []legendItem
	for k := len(names) - 1; k >= 0; k-- {
		legend = append(legend, legendItem{text: in.Label(names[k]), key: swatch{fill: cols[k]}})
	}
	return figure{
		name:     "placements",
		title:    "Children in care by placement",
		subtitle: withTitle(in.Title, sub),
		plot:     p,
		legend:   legend,
	}
}

// stocks is the number in each of the named categories at each month end
// as running totals, [category][point], at the points xs of stockLine.
func stocks(r *model.Result, names []string) (xs []float64, cum [][]float64) {
	index := make([]int, len(names)) // position in r.Categories, or -1
	for i, n := range names {
		index[i] = slices.Index(r.Categories, n)
	}
	xs = make([]float64, r.Months+1)
	cum = make([][]float64, len(names))
	for i := range cum {
		cum[i] = make([]float64, r.Months+1)
	}
	for t := -1; t < r.Months; t++ {
		row := r.InitialByCategory
		if t >= 0 {
			row = r.CategoryRow(t)
		}
		xs[t+1] = float64(r.Start + model.Month(t+1))
		total := 0.0
		for i, k := range index {
			if k >= 0 && k < len(row) {
				total += row[k]
			}
			cum[i][t+1] = total
		}
	}
	return xs, cum
}

// maxTop is the largest running total.
func maxTop(cum [][]float64) float64 {
	hi := 0.0
	if len(cum) > 0 {
		for _, v := range cum[len(cum)-1] {
			hi = max(hi, v)
		}
	}
	return hi
}
