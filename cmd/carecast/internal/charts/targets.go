package charts

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"github.com/carecast/carecast/model"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Target is a goal drawn on a chart: a dashed horizontal line at Value,
// labelled, with a marker where it is to be met; green and a dot if it is
// met, vermilion and a cross if not, and the label says which in words.
type Target struct {
	// Chart is the chart it is drawn on, by what it measures:
	// "headcount" or "compare_headcount" (children in care: a run's
	// headcount chart, a comparison's compare_headcount), "budget",
	// "cost" or "compare_cost" (cost: a run's budget chart, a
	// comparison's compare_cost) or "savings" (a comparison's savings).
	Chart string
	Value float64 // children, or £
	// By is the month by whose end it is to be met, marked on a chart by
	// month; 0 draws the line alone.
	By model.Month
	// Year is the financial year ("2025-26") of a target on a chart by
	// year: the line is drawn over that year's bars. "" draws it across
	// the chart.
	Year string
	// Label says what the target is ("target 400 by 2017-10"); "met" or
	// "missed" is added unless it says so. "" labels it with its value.
	Label string
	Met   bool
}

// What a target measures, and so the charts it is drawn on.
const (
	measureHeadcount = "headcount"
	measureCost      = "cost"
	measureSavings   = "savings"
)

// targetMeasures is the measure of each chart a Target may name.
var targetMeasures = map[string]string{
	"headcount":         measureHeadcount,
	"compare_headcount": measureHeadcount,
	"budget":            measureCost,
	"cost":              measureCost,
	"compare_cost":      measureCost,
	"savings":           measureSavings,
}

// Colours of a target (Okabe–Ito, told apart with colour-blindness).
const (
	metHex    = 0x009e73 // bluish green
	missedHex = 0xd55e00 // vermilion
)

// checkTargets reports the first target that names no chart among
// those of the measures drawn, or whose value is not a finite number (or
// is negative, for children and cost).
func checkTargets(ts []Target, drawn ...string) error {
	for i, t := range ts {
		m, ok := targetMeasures[t.Chart]
		if !ok || !slices.Contains(drawn, m) {
			return fmt.Errorf("charts: target %d (%s): chart %q is not drawn here (want one of %s)",
				i+1, t.text(nil), t.Chart, strings.Join(targetCharts(drawn), ", "))
		}
		if math.IsNaN(t.Value) || math.IsInf(t.Value, 0) || (t.Value < 0 && m != measureSavings) {
			return fmt.Errorf("charts: target %d (%s): value %v is not a number of children or pounds",
				i+1, t.text(nil), t.Value)
		}
	}
	return nil
}

// targetCharts is the chart names of the measures, sorted.
func targetCharts(measures []string) []string {
	var names []string
	for name, m := range targetMeasures {
		if slices.Contains(measures, m) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// checkTargetYears reports the first target of the measure whose Year is
// not one of years, the years on its chart.
func checkTargetYears(ts []Target, measure string, years []string) error {
	for i, t := range ts {
		if targetMeasures[t.Chart] == measure && t.Year != "" && !slices.Contains(years, t.Year) {
			return fmt.Errorf("charts: target %d (%s): year %q is not on the %s chart (%s to %s)",
				i+1, t.text(nil), t.Year, t.Chart, years[0], years[len(years)-1])
		}
	}
	return nil
}

// text is the target's label: its Label, or "target" and its value in
// format (nil: as written), with "met" or "missed" if it says neither.
func (t Target) text(format func(float64) string) string {
	s := t.Label
	if s == "" {
		v := fmt.Sprint(t.Value)
		if format != nil {
			v = format(t.Value)
		}
		s = "target " + v
	}
	word := "missed"
	if t.Met {
		word = "met"
	}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !('a' <= r && r <= 'z') }) {
		if w == "met" || w == "missed" {
			return s
		}
	}
	return s + " (" + word + ")"
}

// colour is the target's colour: met or missed.
func (t Target) colour() color.Color {
	if t.Met {
		return rgb(metHex)
	}
	return rgb(missedHex)
}

// targetLine is a target as drawn: a dashed line at y from x0 to x1 (in
// data; infinite for the whole width of the plot), a marker at x mark
// (NaN for none), and its label over the line's right end. The label
// clears over (in data) by lift, for bars and their amounts under it.
type targetLine struct {
	y, x0, x1, mark float64
	text            string
	met             bool
	over            float64
	lift            vg.Length
	// avoid are the lines of data the label of a line across the plot
	// keeps clear of, going under the line if over it would cross them;
	// areas, the shaded ranges it keeps clear of where it can, and is
	// drawn over without a halo, seen through, where it cannot.
	avoid []plotter.XYs
	areas []band
}

// targetLines draws the lines of targets.
type targetLines []targetLine

// monthTargets are the targets of the measure on a chart by month, where
// month m ends at x = m+1, labelled in format clear of the lines avoid
// where they can be.
func monthTargets(ts []Target, measure string, format func(float64) string, avoid ...plotter.XYs) targetLines {
	var ls targetLines
	for _, t := range ts {
		if targetMeasures[t.Chart] != measure {
			continue
		}
		mark := math.NaN()
		if t.By != 0 {
			mark = float64(t.By + 1)
		}
		ls = append(ls, targetLine{y: t.Value, x0: math.Inf(-1), x1: math.Inf(1), mark: mark,
			text: t.text(format), met: t.Met, over: t.Value, avoid: avoid})
	}
	return ls
}

// yearTargets are the targets of the measure on a chart of financial
// years whose groups of bars are centred at x = 0, 1, … and half wide,
// the tallest of each group being tops[i] and its amount lift high, with
// labels in format. The label of a line across the chart clears the
// tallest bar of all.
func yearTargets(ts []Target, measure string, years []string, half float64, tops []float64, lift vg.Length, format func(float64) string) targetLines {
	var ls targetLines
	tallest := 0.0
	for _, v := range tops {
		tallest = max(tallest, v)
	}
	for _, t := range ts {
		if targetMeasures[t.Chart] != measure {
			continue
		}
		l := targetLine{y: t.Value, x0: math.Inf(-1), x1: math.Inf(1), mark: math.NaN(),
			text: t.text(format), met: t.Met, over: t.Value}
		top := tallest
		if i := slices.Index(years, t.Year); i >= 0 {
			x := float64(i)
			l.x0, l.x1, l.mark, top = x-half, x+half, x, tops[i]
		}
		if top >= t.Value || l.whole() {
			l.over, l.lift = top, lift // clear of the amounts over the bars
		}
		ls = append(ls, l)
	}
	return ls
}

// whole says the line runs across the plot.
func (l targetLine) whole() bool { return math.IsInf(l.x0, 0) }

// hi is the largest value of the lines, or zero.
func (ls targetLines) hi() float64 {
	hi := 0.0
	for _, l := range ls {
		hi = max(hi, l.y)
	}
	return hi
}

// lo is the least value of the lines, or zero.
func (ls targetLines) lo() float64 {
	lo := 0.0
	for _, l := range ls {
		lo = min(lo, l.y)
	}
	return lo
}

// labelStyle is the style of a target's label: at the right end of a line
// across the plot, or centred over a year's bars.
func (l targetLine) labelStyle() text.Style {
	hex, x := uint32(missedHex), draw.XCenter
	if l.met {
		hex = metHex
	}
	if l.whole() {
		x = draw.XRight
	}
	return style(tickSize, true, hex, x, draw.YBottom)
}

// Plot implements plot.Plotter: the lines and markers. Their labels are
// drawn by targetLabels, over what is drawn between.
func (ls targetLines) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, l := range ls {
		clr := l.labelStyle().Color
		x0, x1 := c.Min.X, c.Max.X
		if !l.whole() {
			x0, x1 = trX(l.x0), trX(l.x1)
		}
		y := trY(l.y)
		c.StrokeLine2(draw.LineStyle{Color: clr, Width: 1.5, Dashes: []vg.Length{5, 3}}, x0, y, x1, y)
		if !math.IsNaN(l.mark) {
			if x := trX(l.mark); x >= c.Min.X && x <= c.Max.X {
				targetMarker(c, vg.Point{X: x, Y: y}, clr, l.met)
			}
		}
	}
}

// targetLabels draws the labels of target lines; as a plot.GlyphBoxer it
// makes the plot leave room for them.
type targetLabels targetLines

// Plot implements plot.Plotter.
func (ls targetLabels) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	var placed []vg.Rectangle
	for _, l := range ls {
		sty := l.labelStyle()
		mid := c.Max.X
		if !l.whole() {
			mid = (trX(l.x0) + trX(l.x1)) / 2
		}
		at := vg.Point{X: mid, Y: max(trY(l.y)+3, trY(l.over)+l.lift)}
		halo := true // over gridlines, bars and target lines
		if l.whole() && l.avoid != nil {
			// Where it must cross the data, no halo hides it.
			sty, at, halo = l.place(c, trX, trY, sty, at, placed)
		}
		placed = append(placed, sty.Rectangle(l.text).Add(at))
		if halo {
			haloText(c, sty, at, l.text)
		} else {
			c.FillText(sty, at, l.text)
		}
	}
}

// place puts the label of a line across the plot, from at (over the
// line at its right end): the first of over and under the line at its
// right end and then its left that crosses neither the data to avoid, the
// areas, nor a label already placed; failing that, the first that
// crosses only the areas. It reports false if it crosses the areas or
// nothing is clear, the label then being over the right end.
func (l targetLine) place(c draw.Canvas, trX, trY func(float64) vg.Length, sty text.Style, at vg.Point, placed []vg.Rectangle) (text.Style, vg.Point, bool) {
	y := trY(l.y)
	for _, areas := range []bool{true, false} {
		for _, left := range []bool{false, true} {
			for _, over := range []bool{true, false} {
				s, pt := sty, vg.Point{X: at.X, Y: at.Y}
				if !over {
					s.YAlign, pt.Y = draw.YTop, y-6
				}
				if left {
					s.XAlign, pt.X = draw.XLeft, c.Min.X+4
				}
				r := s.Rectangle(l.text).Add(pt)
				if l.clear(r, trX, trY, placed) && (!areas || l.clearOfAreas(r, trX, trY)) {
					return s, pt, areas
				}
			}
		}
		if len(l.areas) == 0 {
			break
		}
	}
	return sty, at, false
}

// clearOfAreas says whether r, with a little room over and under, is
// clear of the areas: at every x of an area inside r's width, its range
// lies above or below r.
func (l targetLine) clearOfAreas(r vg.Rectangle, trX, trY func(float64) vg.Length) bool {
	r.Min.Y, r.Max.Y = r.Min.Y-2, r.Max.Y+2
	for _, b := range l.areas {
		for i, x := range b.xs {
			if px := trX(x); px < r.Min.X || px > r.Max.X {
				continue
			}
			if trY(b.lo[i]) <= r.Max.Y && trY(b.hi[i]) >= r.Min.Y {
				return false
			}
		}
	}
	return true
}

// clear says whether r, with a little room over and under, is clear of
// the labels placed and of the data to avoid.
func (l targetLine) clear(r vg.Rectangle, trX, trY func(float64) vg.Length, placed []vg.Rectangle) bool {
	r.Min.Y, r.Max.Y = r.Min.Y-2, r.Max.Y+2
	for _, q := range placed {
		if r.Min.X < q.Max.X && q.Min.X < r.Max.X && r.Min.Y < q.Max.Y && q.Min.Y < r.Max.Y {
			return false
		}
	}
	for _, xys := range l.avoid {
		for i, xy := range xys {
			pt := vg.Point{X: trX(xy.X), Y: trY(xy.Y)}
			if inRect(pt, r) {
				return false
			}
			if i > 0 { // and half way from the point before
				prev := vg.Point{X: trX(xys[i-1].X), Y: trY(xys[i-1].Y)}
				if inRect(prev.Add(pt).Scale(0.5), r) {
					return false
				}
			}
		}
	}
	return true
}

// targetMarker draws a dot for a met target, a cross for a missed one.
func targetMarker(c draw.Canvas, at vg.Point, clr color.Color, met bool) {
	if met {
		c.DrawGlyph(draw.GlyphStyle{Color: clr, Radius: 4, Shape: draw.CircleGlyph{}}, at)
		return
	}
	const r = 4
	ls := draw.LineStyle{Color: clr, Width: 2}
	c.StrokeLine2(ls, at.X-r, at.Y-r, at.X+r, at.Y+r)
	c.StrokeLine2(ls, at.X-r, at.Y+r, at.X+r, at.Y-r)
}

// haloText writes s on a white box, to read over lines.
func haloText(c draw.Canvas, sty text.Style, at vg.Point, s string) {
	r := sty.Rectangle(s).Add(at)
	const pad = 1.5
	c.FillPolygon(color.White, []vg.Point{
		{X: r.Min.X - pad, Y: r.Min.Y}, {X: r.Max.X + pad, Y: r.Min.Y},
		{X: r.Max.X + pad, Y: r.Max.Y}, {X: r.Min.X - pad, Y: r.Max.Y},
	})
	c.FillText(sty, at, s)
}

// GlyphBoxes implements plot.GlyphBoxer.
func (ls targetLabels) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	boxes := make([]plot.GlyphBox, len(ls))
	for i, l := range ls {
		x := 1.0
		if !l.whole() {
			x = p.X.Norm((l.x0 + l.x1) / 2)
		}
		sty := l.labelStyle()
		boxes[i] = plot.GlyphBox{
			X:         x,
			Y:         p.Y.Norm(l.over),
			Rectangle: sty.Rectangle(l.text).Add(vg.Point{Y: max(3, l.lift)}),
		}
	}
	return boxes
}

func inRect(p vg.Point, r vg.Rectangle) bool {
	return r.Min.X <= p.X && p.X <= r.Max.X && r.Min.Y <= p.Y && p.Y <= r.Max.Y
}
