// Package charts draws a projection as the charts a council committee
// report carries: children in care, the placement mix, the cost by
// financial year, and entries and exits. Each is one PNG or SVG file.
package charts

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/carecast/carecast/model"
	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Input is what the charts draw. Write draws the charts at once, so Label
// may be called from several goroutines together, and nothing may change
// the results while they are drawn.
type Input struct {
	Result *model.Result
	Label  func(name string) string // display name of a category, route or exit reason
	Title  string                   // scenario name, shown in each chart's title
	// Actual is optional recorded history drawn before the forecast in
	// another style; nil means none. Only its months before Result.Start
	// are drawn.
	Actual *model.Result
	// Targets are drawn on the headcount chart (Chart "headcount") and the
	// budget chart ("budget" or "cost"); see Target.
	Targets []Target
	// Futures, if not nil, are the ranges of simulated futures drawn
	// around the forecast; see Futures.
	Futures *Futures

	// wholeAreas paints every area of a stack whole, leaving no holes
	// where later areas paint over it (see area): in an SVG, where a hole
	// saves no time and would be one more path, and in tests comparing
	// the two.
	wholeAreas bool

	// slack is how much of the width text is measured to take it may
	// really take: 1 in a PNG, drawn in the font measured, less in an SVG,
	// which a viewer may draw in a wider font. Zero means 1.
	slack float64
}

// textSlack is in.slack, 1 if unset.
func textSlack(in Input) float64 {
	if in.slack > 0 {
		return in.slack
	}
	return 1
}

// Size of every chart: 20 × 12 cm, and the resolution of PNGs.
const (
	chartWidth  = 20 * vg.Centimeter
	chartHeight = 12 * vg.Centimeter
	pngDPI      = 200
)

// Names are the charts, in the order Write draws them; with an extension
// they are the names of its files.
var Names = []string{"headcount", "placements", "budget", "flows"}

// figures makes each chart's figure from a prepared Input.
var figures = map[string]func(Input) figure{
	"headcount":  headcount,
	"placements": placements,
	"budget":     budget,
	"flows":      flows,
}

// Draw draws the chart name, one of Names, to w as PNG or SVG (format
// "png" or "svg").
func Draw(w io.Writer, name, format string, in Input) error {
	format, in, err := prepare(format, in)
	if err != nil {
		return err
	}
	fig, ok := figures[name]
	if !ok {
		return fmt.Errorf("charts: no chart %q (want one of %s)", name, strings.Join(Names, ", "))
	}
	return render(w, fig(in), format, in.slack)
}

// Write draws every chart into dir (made if missing) as PNG or SVG (format
// "png" or "svg"), each in its own goroutine, and returns the paths
// written, in the order of Names. The files are the same as Draw's, chart
// by chart. On an error it returns the paths written and every chart's
// error.
func Write(dir, format string, in Input) ([]string, error) {
	format, in, err := prepare(format, in)
	if err != nil {
		return nil, err
	}
	return writeAll(dir, format, Names, func(name string) figure { return figures[name](in) }, in.slack)
}

// writeAll draws the figures of names into dir (made if missing), each in
// its own goroutine, and returns the paths written, in the order of names,
// and every chart's error.
func writeAll(dir, format string, names []string, fig func(name string) figure, slack float64) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("charts: %w", err)
	}
	paths := make([]string, len(names))
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		paths[i] = filepath.Join(dir, name+"."+format)
		wg.Go(func() {
			var buf bytes.Buffer
			err := render(&buf, fig(name), format, slack)
			if err == nil {
				err = os.WriteFile(paths[i], buf.Bytes(), 0o644)
			}
			if err != nil {
				errs[i] = fmt.Errorf("charts: %s: %w", paths[i], err)
			}
		})
	}
	wg.Wait()
	var written []string
	for i, p := range paths {
		if errs[i] == nil {
			written = append(written, p)
		}
	}
	return written, errors.Join(errs...)
}

// prepare checks the format and the input and fills in the defaults.
func prepare(format string, in Input) (string, Input, error) {
	format, slack, err := checkFormat(format)
	if err != nil {
		return "", in, err
	}
	if err := checkTargets(in.Targets, measureHeadcount, measureCost); err != nil {
		return "", in, err
	}
	if in.Result == nil || in.Result.Months < 1 {
		return "", in, errors.New("charts: no projected months to draw")
	}
	if err := checkFutures(in, forecastYears(in.Result)); err != nil {
		return "", in, err
	}
	if err := checkTargetYears(in.Targets, measureCost, barYears(budgetBars(in))); err != nil {
		return "", in, err
	}
	if in.Label == nil {
		in.Label = func(name string) string { return name }
	}
	in.slack = slack
	if format == "svg" {
		in.wholeAreas = true
	}
	return format, in, nil
}

// checkFormat checks the format, lower-cased, and returns it with the
// slack of its text: 1 in a PNG, drawn in the very font its text is
// measured in, less in an SVG (see Input).
func checkFormat(format string) (string, float64, error) {
	format = strings.ToLower(format)
	switch format {
	case "png":
		return format, 1, nil
	case "svg":
		return format, svgSlack, nil
	}
	return "", 0, fmt.Errorf("charts: format %q is not png or svg", format)
}

// render draws a figure on a white page and encodes it to w.
func render(w io.Writer, f figure, format string, slack float64) error {
	if format == "png" {
		c := newPNGCanvas() // white
		f.draw(draw.New(c), slack)
		return encodePNG(w, c.Image())
	}
	c := vgsvg.New(chartWidth, chartHeight)
	dc := draw.New(c)
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())
	f.draw(dc, slack)
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return err
	}
	// Name fonts a viewer without Liberation Sans can stand in for
	// (Arimo and Arial have the same metrics) rather than fall back to
	// serif.
	out := bytes.ReplaceAll(buf.Bytes(), []byte("font-family:Liberation Sans;"),
		[]byte("font-family:'Liberation Sans',Arimo,Arial,Helvetica,sans-serif;"))
	_, err := w.Write(out)
	return err
}

// history is the part of in.Actual before the forecast starts, or nil.
func history(in Input) *model.Result {
	if in.Actual == nil {
		return nil
	}
	a := *in.Actual
	a.Months = min(a.Months, int(in.Result.Start-a.Start))
	if a.Months < 1 {
		return nil
	}
	return &a
}

// period is the months a result covers: "Apr 2025–Mar 2030".
func period(r *model.Result) string {
	return monthName(r.Start) + "–" + monthName(r.Month(r.Months-1))
}

// withTitle puts the scenario's name before a chart's subtitle.
func withTitle(title, sub string) string {
	if title == "" {
		return sub
	}
	return title + " · " + sub
}

// figure is one chart: a title block, a plot, a legend beside it and a
// note below.
type figure struct {
	name     string // file name without extension
	title    string
	subtitle string
	note     string
	plot     *plot.Plot
	legend   []legendItem // top to bottom; none if empty
	// legendAbove puts the legend in a row between the subtitle and the
	// plot, leaving the plot the whole width.
	legendAbove bool
	// refit, if not nil, remakes the plot for data dataWidth wide, text
	// being measured as width does (with the format's slack).
	refit func(dataWidth vg.Length, width func(text.Style, string) vg.Length) *plot.Plot
}

// legendItem is a legend line: a key and its text, or a heading (no key).
type legendItem struct {
	text string
	key  plot.Thumbnailer
}

// Layout of a figure, in points.
const (
	margin     = 12
	titleSize  = 14
	textSize   = 10.5
	tickSize   = 10
	noteSize   = 9
	legendSize = 10
	legendGap  = 14 // between plot and legend
	keyWidth   = 14
	keyGap     = 6 // between key and text
	legendLead = 1.5
	labelGap   = 16 // least space between date labels
	legendSep  = 18 // between items of a legend in a row
	// Text is measured in Liberation Sans. An SVG viewer with none of it,
	// Arimo or Arial (the same widths) draws a wider font, DejaVu Sans
	// about 10% wider: SVG layouts leave that much room and more. (A PNG
	// is drawn in Liberation Sans itself.)
	svgSlack = 0.85
)

// Colours used across charts.
const (
	inkHex         = 0x222222 // text
	greyHex        = 0x555555 // secondary text
	gridHex        = 0xe3e3e3
	markerHex      = 0x777777 // forecast-start line
	recordHex      = 0x222222 // recorded history line
	forecastHex    = 0x1f6fb2 // forecast line, forecast bars
	recordedBarHex = 0x8c8c8c
)

func rgb(hex uint32) color.RGBA {
	return color.RGBA{R: uint8(hex >> 16), G: uint8(hex >> 8), B: uint8(hex), A: 0xff}
}

// tint mixes a colour with white: f = 0 leaves it, f = 1 is white.
func tint(c color.Color, f float64) color.RGBA {
	r, g, b, _ := c.RGBA()
	mix := func(v uint32) uint8 { return uint8(float64(v>>8) + (255-float64(v>>8))*f + 0.5) }
	return color.RGBA{R: mix(r), G: mix(g), B: mix(b), A: 0xff}
}

// style is a text style in Liberation Sans.
func style(size vg.Length, bold bool, hex uint32, x draw.XAlignment, y draw.YAlignment) text.Style {
	f := font.Font{Typeface: "Liberation", Variant: "Sans", Size: size}
	if bold {
		f.Weight = xfont.WeightBold
	}
	return text.Style{Color: rgb(hex), Font: f, XAlign: x, YAlign: y, Handler: plot.DefaultTextHandler}
}

// newPlot is a plot styled for a report: sans-serif text, light horizontal
// grid lines, no vertical axis line.
func newPlot(xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.BackgroundColor = nil // the page is white
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Tick.Label = style(tickSize, false, inkHex, a.Tick.Label.XAlign, a.Tick.Label.YAlign)
		a.Label.TextStyle = style(textSize, false, greyHex, draw.XCenter, draw.YBottom)
		a.Label.Padding = 4
		a.LineStyle = draw.LineStyle{Color: rgb(greyHex), Width: 0.75}
		a.Tick.LineStyle = draw.LineStyle{Color: rgb(greyHex), Width: 0.75}
		a.Tick.Length = 4
		a.Padding = 0
	}
	p.X.Label.Text, p.Y.Label.Text = xLabel, yLabel
	p.Y.LineStyle.Width = 0
	p.Y.Tick.LineStyle.Width = 0
	p.Y.Tick.Length = 3
	return p
}

// valueAxis sets the Y axis to run from zero to a round number at least
// headroom (a fraction) above hi, with about five labelled gridlines.
func valueAxis(p *plot.Plot, hi, headroom float64, whole bool, format func(float64) string) {
	valueRange(p, 0, hi, headroom, whole, format)
}

// valueRange sets the Y axis to run from a round number at least headroom
// below lo (or zero, if lo is not negative) to one at least headroom above
// hi (or zero, if hi is not positive), with about five labelled gridlines.
func valueRange(p *plot.Plot, lo, hi, headroom float64, whole bool, format func(float64) string) {
	lo, hi = min(lo, 0), max(hi, 0)
	step := niceStep((hi-lo)*(1+headroom), 5, whole)
	p.Y.Min, p.Y.Max = 0, 0
	if hi > 0 || lo == 0 {
		p.Y.Max = niceMax(hi, step, headroom)
	}
	if lo < 0 {
		p.Y.Min = -niceMax(-lo, step, headroom)
	}
	if format == nil {
		format = countFormat(step)
	}
	p.Y.Tick.Marker = valueTicks{step: step, format: format}
	p.Add(gridlines{step: step, style: draw.LineStyle{Color: rgb(gridHex), Width: 0.75}})
}

// gridlines draws horizontal lines every step across the data area.
type gridlines struct {
	step  float64
	style draw.LineStyle
}

// Plot implements plot.Plotter.
func (g gridlines) Plot(c draw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	for _, t := range (valueTicks{step: g.step, format: func(float64) string { return "" }}).Ticks(p.Y.Min, p.Y.Max) {
		y := trY(t.Value)
		c.StrokeLine2(g.style, c.Min.X, y, c.Max.X, y)
	}
}

// markForecast draws the line where the forecast starts, captioned
// "Recorded" before it and "Forecast" after it at the top of the plot.
// With slack below 1 (see Input), "Recorded" stands further off the line,
// as a wider font than measured would draw it towards the line.
func markForecast(p *plot.Plot, start model.Month, slack float64) {
	x := float64(start)
	p.Add(vline{x: x, style: draw.LineStyle{Color: rgb(markerHex), Width: 1, Dashes: []vg.Length{4, 3}}, over: 3 + tickSize})
	top := p.Y.Max // the captions sit above the data, which moves down to make room
	rec := style(tickSize, false, greyHex, draw.XRight, draw.YBottom)
	p.Add(labels{
		{x: x, y: top, text: "Recorded", style: rec, dx: -5 - rec.Width("Recorded")*vg.Length(1/slack-1), dy: 3},
		{x: x, y: top, text: "Forecast", style: style(tickSize, false, greyHex, draw.XLeft, draw.YBottom), dx: 5, dy: 3},
	})
}

// frame is a figure laid out on a canvas.
type frame struct {
	c        draw.Canvas // inside the margins
	plot     *plot.Plot  // fitted to area
	area     draw.Canvas // the plot's, axes and all
	subtitle string      // wrapped
	subY     vg.Length   // top of the subtitle
	note     string      // wrapped
	legendW  vg.Length   // of a legend beside the plot
	legendY  vg.Length   // middle of a legend row above the plot
}

// layout places the figure's parts on c, text widths being divided by
// slack (1 in the font drawn, less to leave room for a wider one).
func (f figure) layout(c draw.Canvas, slack float64) frame {
	width := func(sty text.Style, s string) vg.Length { return sty.Width(s) / vg.Length(slack) }
	c = draw.Crop(c, margin, -margin, margin, -margin)
	fr := frame{c: c, plot: f.plot}

	titleSty, subSty, noteSty := f.styles()
	y := c.Max.Y - titleSty.Height(f.title) - 3
	fr.subY = y
	if f.subtitle != "" {
		fr.subtitle = wrap(subSty, f.subtitle, (c.Max.X-c.Min.X)*vg.Length(slack))
		y -= subSty.Height(fr.subtitle)
	}
	area := c
	if f.legendAbove && len(f.legend) > 0 {
		row := vg.Length(legendSize * legendLead)
		fr.legendY = y - 6 - row/2
		y -= 6 + row
	}
	area.Max.Y = y - 10

	if f.note != "" {
		fr.note = wrap(noteSty, f.note, (c.Max.X-c.Min.X)*vg.Length(slack))
		area.Min.Y += noteSty.Height(fr.note) + 6
	}

	if !f.legendAbove {
		legendSty, headSty := f.legendStyles()
		for _, it := range f.legend {
			if it.key == nil {
				fr.legendW = max(fr.legendW, width(headSty, it.text))
			} else {
				fr.legendW = max(fr.legendW, keyWidth+keyGap+width(legendSty, it.text))
			}
		}
		if fr.legendW > 0 {
			area.Max.X -= fr.legendW + legendGap
		}
	}

	if f.refit != nil {
		// The width of the data depends a little on what the plot
		// writes under it: fit it to a first guess, then again.
		for range 2 {
			data := fr.plot.DataCanvas(area)
			fr.plot = f.refit(data.Max.X-data.Min.X, width)
		}
	}
	if mt, ok := fr.plot.X.Tick.Marker.(monthTicks); ok {
		// As many date labels as fit across the data with a gap between
		// them; the width of the data depends a little on the labels, so
		// measure it with a first guess.
		w := width(fr.plot.X.Tick.Label, mt.widest()) + labelGap
		for range 2 {
			data := fr.plot.DataCanvas(area)
			mt.maxLabels = int((data.Max.X-data.Min.X)/w) + 1
			fr.plot.X.Tick.Marker = mt
		}
	}
	fr.area = area
	return fr
}

func (f figure) styles() (title, sub, note text.Style) {
	return style(titleSize, true, inkHex, draw.XLeft, draw.YTop),
		style(textSize, false, greyHex, draw.XLeft, draw.YTop),
		style(noteSize, false, greyHex, draw.XLeft, draw.YBottom)
}

func (f figure) legendStyles() (item, heading text.Style) {
	return style(legendSize, false, inkHex, draw.XLeft, draw.YCenter),
		style(legendSize, true, inkHex, draw.XLeft, draw.YCenter)
}

// draw lays the figure out on c, a white page, and draws it.
func (f figure) draw(c draw.Canvas, slack float64) {
	fr := f.layout(c, slack)
	c = fr.c

	titleSty, subSty, noteSty := f.styles()
	c.FillText(titleSty, vg.Point{X: c.Min.X, Y: c.Max.Y}, f.title)
	if fr.subtitle != "" {
		c.FillText(subSty, vg.Point{X: c.Min.X, Y: fr.subY}, fr.subtitle)
	}
	if fr.note != "" {
		c.FillText(noteSty, vg.Point{X: c.Min.X, Y: c.Min.Y}, fr.note)
	}
	fr.plot.Draw(fr.area)

	legendSty, headSty := f.legendStyles()
	key := func(it legendItem, x, y vg.Length) {
		k := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: x, Y: y - 4.5},
			Max: vg.Point{X: x + keyWidth, Y: y + 4.5},
		}}
		it.key.Thumbnail(&k)
	}
	switch {
	case f.legendAbove:
		x := c.Min.X
		for _, it := range f.legend {
			sty := legendSty
			if it.key == nil {
				sty = headSty
			} else {
				key(it, x, fr.legendY)
				x += keyWidth + keyGap
			}
			c.FillText(sty, vg.Point{X: x, Y: fr.legendY}, it.text)
			x += sty.Width(it.text)/vg.Length(slack) + legendSep
		}
	case fr.legendW > 0:
		data := fr.plot.DataCanvas(fr.area)
		x := fr.area.Max.X + legendGap
		row := vg.Length(legendSize * legendLead)
		if n := vg.Length(len(f.legend)); row*n > data.Max.Y-fr.area.Min.Y {
			row = (data.Max.Y - fr.area.Min.Y) / n // squeeze a very long legend in
		}
		y := data.Max.Y - row/2
		for _, it := range f.legend {
			if it.key == nil {
				c.FillText(headSty, vg.Point{X: x, Y: y}, it.text)
			} else {
				key(it, x, y)
				c.FillText(legendSty, vg.Point{X: x + keyWidth + keyGap, Y: y}, it.text)
			}
			y -= row
		}
	}
}

// wrap breaks s into lines no wider than w, between words.
func wrap(sty text.Style, s string, w vg.Length) string {
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			if line != "" && sty.Width(line+" "+word) > w {
				lines = append(lines, line)
				line = word
				continue
			}
			if line != "" {
				line += " "
			}
			line += word
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}
