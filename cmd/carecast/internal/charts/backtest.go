package charts

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/model/backtest"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Backtest is what the backtest charts draw: for each origin the actual
// numbers in care and each method's forecast from it (with its 80% band,
// if any), and every method's error by month ahead.
type Backtest struct {
	Title   string // the council or returns, shown in each subtitle
	Origins []backtest.Origin
	Methods []string
	Horizon int
	// Runs is the number of simulated futures behind the bands, if any
	// forecast has one; Drawn says each drew its rates from the evidence
	// behind them (see Futures).
	Runs  int
	Drawn bool
}

// BacktestNames are the charts WriteBacktest draws: backtest_ORIGIN for
// each origin (backtest_2021-03), then backtest_error.
func BacktestNames(b Backtest) []string {
	var names []string
	for _, o := range b.Origins {
		names = append(names, "backtest_"+o.Month.String())
	}
	return append(names, "backtest_error")
}

// WriteBacktest draws the backtest charts into dir (made if missing) as
// PNG or SVG and returns the paths written, in the order of BacktestNames.
func WriteBacktest(dir, format string, b Backtest) ([]string, error) {
	format, slack, err := checkFormat(format)
	if err != nil {
		return nil, err
	}
	if len(b.Origins) == 0 || b.Horizon < 1 {
		return nil, errors.New("charts: a backtest with no origin or no month ahead")
	}
	names := BacktestNames(b)
	fig := func(name string) figure {
		if i := len(names) - 1; name == names[i] {
			return backtestError(b)
		}
		i := 0
		for names[i] != name {
			i++
		}
		return backtestOrigin(b, i)
	}
	return writeAll(dir, format, names, fig, slack)
}

// methodLine is the line of method i: carecast in the forecast blue, the
// others in colours apart from it, the baselines dashed.
func methodLine(method string, i int) draw.LineStyle {
	st := draw.LineStyle{Color: rgb(scenarioColour(i)), Width: 1.75}
	if method == "naive_last" || method == "linear_trend" {
		st.Dashes, st.Width = []vg.Length{5, 3}, 1.5
	}
	return st
}

// monthEnds are counts at the ends of the months from first, as points at
// the first day of the month after each.
func monthEnds(first model.Month, counts []float64) plotter.XYs {
	xys := make(plotter.XYs, len(counts))
	for i, v := range counts {
		xys[i] = plotter.XY{X: float64(first + model.Month(i) + 1), Y: v}
	}
	return xys
}

// backtestOrigin charts origin i: the actual numbers over the reference
// months and after, each method's forecast and a line at the origin.
func backtestOrigin(b Backtest, i int) figure {
	o := b.Origins[i]
	p := newPlot("Month end", "Children in care")
	p.X.Tick.Marker = monthTicks{monthEnd: true}
	first := o.Month - model.Month(len(o.History)) + 1
	actual := monthEnds(first, append(append([]float64(nil), o.History...), o.Actual...))
	hi, lo := maxY(actual), minY(actual)
	legend := []legendItem{{text: "Actual", key: stroke{style: actualLine}}}
	// The bands first, each seen through the others, then the lines over
	// them.
	var banded []string
	for j, f := range o.Forecasts {
		if f.Banded() {
			b := methodBand(j, monthEnds(o.Month+1, f.Values), f.P10, f.P90)
			p.Add(b)
			hi, lo = max(hi, maxOf(f.P90)), min(lo, minOf(f.P10))
			banded = append(banded, f.Method)
		}
	}
	for j, f := range o.Forecasts {
		xys := monthEnds(o.Month+1, f.Values)
		hi, lo = max(hi, maxY(xys)), min(lo, minY(xys))
		line, _ := plotter.NewLine(xys)
		line.LineStyle = methodLine(f.Method, j)
		p.Add(line)
		legend = append(legend, legendItem{text: f.Method, key: stroke{style: line.LineStyle}})
		if f.Banded() {
			legend = append(legend, legendItem{text: "its 80% band", key: methodBand(j, nil, nil, nil)})
		}
	}
	nearRange(p, lo, hi)
	p.X.Min, p.X.Max = actual[0].X, float64(o.Month)+1+float64(b.Horizon)
	p.Add(vline{x: float64(o.Month) + 1, style: draw.LineStyle{Color: rgb(markerHex), Width: 1, Dashes: []vg.Length{4, 3}}})
	line, _ := plotter.NewLine(actual)
	line.LineStyle = actualLine
	p.Add(line)
	note := fmt.Sprintf("Each method forecasts from the end of %s using only the %d months up to it (left of the dashed line).", monthName(o.Month), len(o.History))
	if n := len(o.Actual); n < b.Horizon {
		note += fmt.Sprintf(" The returns hold %d of the %d months after it.", n, b.Horizon)
	}
	note += bandsNote(b, banded)
	return figure{
		name:     "backtest_" + o.Month.String(),
		title:    "Backtest from " + monthName(o.Month),
		subtitle: withTitle(b.Title, "children in care at each month end, actual (black) and forecast by each method"),
		note:     note,
		plot:     p,
		legend:   legend,
	}
}

// actualLine is the style of the actual numbers.
var actualLine = draw.LineStyle{Color: rgb(recordHex), Width: 2}

// backtestError charts each method's mean absolute % error by month ahead
// over every origin.
func backtestError(b Backtest) figure {
	p := newPlot("Months ahead", "Mean absolute error (%)")
	p.X.Tick.Marker = wholeTicks{step: yearStep(b.Horizon)}
	hi := 0.0
	var legend []legendItem
	for j, m := range b.Methods {
		var xys plotter.XYs
		for h, a := range backtest.ByHorizon(backtest.Pool(b.Origins, m), b.Horizon) {
			if a.N > 0 {
				xys = append(xys, plotter.XY{X: float64(h + 1), Y: a.MAPE})
				hi = max(hi, a.MAPE)
			}
		}
		if len(xys) == 0 {
			continue
		}
		line, _ := plotter.NewLine(xys)
		line.LineStyle = methodLine(m, j)
		p.Add(line)
		legend = append(legend, legendItem{text: m, key: stroke{style: line.LineStyle}})
	}
	valueAxis(p, hi, 0.1, false, func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) + "%" })
	p.X.Min, p.X.Max = 1, float64(b.Horizon)
	return figure{
		name:     "backtest_error",
		title:    "Forecast error by months ahead",
		subtitle: withTitle(b.Title, fmt.Sprintf("mean absolute %% error of the children in care over %s", originsText(b.Origins))),
		note:     "The error h months ahead is |forecast − actual| ÷ actual, averaged over the origins whose returns reach that month.",
		plot:     p,
		legend:   legend,
	}
}

// originsText is "the origin 2021-03" or "3 origins (2021-03 to 2023-03)".
func originsText(os []backtest.Origin) string {
	if len(os) == 1 {
		return "the origin " + monthName(os[0].Month)
	}
	return fmt.Sprintf("%d origins (%s to %s)", len(os), monthName(os[0].Month), monthName(os[len(os)-1].Month))
}

// yearStep is the months between labelled ticks: 3 up to two years ahead,
// then 6, then 12.
func yearStep(horizon int) int {
	switch {
	case horizon <= 24:
		return 3
	case horizon <= 48:
		return 6
	}
	return 12
}

// wholeTicks labels every step-th whole number from 1, with minor ticks
// between.
type wholeTicks struct{ step int }

// Ticks implements plot.Ticker.
func (t wholeTicks) Ticks(lo, hi float64) []plot.Tick {
	var ticks []plot.Tick
	for v := 1; float64(v) <= hi; v++ {
		if float64(v) < lo {
			continue
		}
		tk := plot.Tick{Value: float64(v)}
		if v == 1 || v%t.step == 0 {
			tk.Label = strconv.Itoa(v)
		}
		ticks = append(ticks, tk)
	}
	return ticks
}

// nearRange sets the Y axis to round numbers just outside lo and hi, with
// about five labelled gridlines: a backtest's axis starts near the numbers
// rather than at zero, so that a miss of a few per cent shows.
func nearRange(p *plot.Plot, lo, hi float64) {
	step := niceStep(max(hi-lo, 1)*1.2, 5, true)
	p.Y.Min = max(0, step*math.Floor((lo-0.1*(hi-lo))/step))
	p.Y.Max = step * math.Ceil((hi+0.1*(hi-lo))/step)
	p.Y.Tick.Marker = valueTicks{step: step, format: countFormat(step)}
	p.Add(gridlines{step: step, style: draw.LineStyle{Color: rgb(gridHex), Width: 0.75}})
}

func minY(xys plotter.XYs) float64 {
	lo := xys[0].Y
	for _, xy := range xys {
		lo = min(lo, xy.Y)
	}
	return lo
}

func xysX(xys plotter.XYs) []float64 {
	xs := make([]float64, len(xys))
	for i, xy := range xys {
		xs[i] = xy.X
	}
	return xs
}

func maxOf(vs []float64) float64 {
	hi := vs[0]
	for _, v := range vs {
		hi = max(hi, v)
	}
	return hi
}

func minOf(vs []float64) float64 {
	lo := vs[0]
	for _, v := range vs {
		lo = min(lo, v)
	}
	return lo
}

// band fills between two lines at the same xs: a forecast's 80% band.
// If edge has a width, the two lines are drawn in it.
type band struct {
	xs, lo, hi []float64
	fill       color.Color
	edge       draw.LineStyle
}

// Plot implements plot.Plotter.
func (b band) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	pts := make([]vg.Point, 0, 2*len(b.xs))
	for i, x := range b.xs {
		pts = append(pts, vg.Point{X: trX(x), Y: trY(b.hi[i])})
	}
	for i := len(b.xs) - 1; i >= 0; i-- {
		pts = append(pts, vg.Point{X: trX(b.xs[i]), Y: trY(b.lo[i])})
	}
	if outline := c.ClipPolygonXY(pts); len(outline) > 0 {
		c.FillPolygon(b.fill, outline)
	}
	if b.edge.Width > 0 {
		n := len(b.xs)
		c.StrokeLines(b.edge, c.ClipLinesXY(pts[:n])...)
		c.StrokeLines(b.edge, c.ClipLinesXY(pts[n:])...)
	}
}

// Thumbnail implements plot.Thumbnailer: a legend key.
func (b band) Thumbnail(c *draw.Canvas) {
	pts := []vg.Point{c.Min, {X: c.Max.X, Y: c.Min.Y}, c.Max, {X: c.Min.X, Y: c.Max.Y}}
	c.FillPolygon(b.fill, pts)
	if b.edge.Width > 0 {
		c.StrokeLine2(b.edge, c.Min.X, c.Min.Y, c.Max.X, c.Min.Y)
		c.StrokeLine2(b.edge, c.Min.X, c.Max.Y, c.Max.X, c.Max.Y)
	}
}

// methodBand is method i's 80% band from p10 to p90 at the months of
// xys: a see-through fill in the method's colour, edged in it, so that
// where bands overlap each shows.
func methodBand(i int, xys plotter.XYs, p10, p90 []float64) band {
	clr := rgb(scenarioColour(i))
	return band{xs: xysX(xys), lo: p10, hi: p90,
		fill: color.NRGBA{R: clr.R, G: clr.G, B: clr.B, A: 0x38},
		edge: draw.LineStyle{Color: tint(clr, 0.3), Width: 0.75}}
}

// bandsNote says what the bands of the methods banded are, if any.
func bandsNote(b Backtest, banded []string) string {
	if len(banded) == 0 {
		return ""
	}
	of := "simulated futures"
	if b.Runs > 0 {
		of = futuresText(b.Runs)
	}
	from := "each drawing its rates from the evidence of the months up to the origin"
	if !b.Drawn {
		from = "the rates taken as known"
	}
	if len(banded) == 1 {
		return fmt.Sprintf(" %s's band holds 80%% of %s (%s).", banded[0], of, from)
	}
	return fmt.Sprintf(" The bands of %s each hold 80%% of %s (%s).", strings.Join(banded, " and "), of, from)
}
