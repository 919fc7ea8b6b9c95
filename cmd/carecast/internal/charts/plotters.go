package charts

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The plotters here draw in data coordinates; gonum/plot has no stacked
// area or free-standing bar segments.

// rect is a filled rectangle, a bar or one segment of a stacked bar.
type rect struct {
	x0, x1, y0, y1 float64
	fill           color.Color
}

// rects draws filled rectangles.
type rects []rect

// Plot implements plot.Plotter.
func (rs rects) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, r := range rs {
		if r.y0 == r.y1 || r.x0 == r.x1 {
			continue
		}
		pts := []vg.Point{
			{X: trX(r.x0), Y: trY(r.y0)}, {X: trX(r.x1), Y: trY(r.y0)},
			{X: trX(r.x1), Y: trY(r.y1)}, {X: trX(r.x0), Y: trY(r.y1)},
		}
		c.FillPolygon(r.fill, c.ClipPolygonXY(pts))
	}
}

// DataRange implements plot.DataRanger.
func (rs rects) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, r := range rs {
		xmin, xmax = math.Min(xmin, math.Min(r.x0, r.x1)), math.Max(xmax, math.Max(r.x0, r.x1))
		ymin, ymax = math.Min(ymin, math.Min(r.y0, r.y1)), math.Max(ymax, math.Max(r.y0, r.y1))
	}
	return
}

// area fills the region between zero and a line through (xs[i], ys[i]).
// A stacked area chart is drawn as areas of the running totals, the largest
// first, each painting over the one before: adjacent bands then share no
// anti-aliased seam.
//
// below, if not nil, is the line of the next area to be painted (the
// running total under this one, at the same xs). The middle of this area,
// well inside that one and the ones after it, would only be painted over,
// so it is left out as a hole (see hole): the pixels come out as painting
// the whole area would leave them, and a stack of many categories draws in
// a fraction of the time.
type area struct {
	xs, ys, below []float64
	fill          color.Color
}

// Plot implements plot.Plotter.
func (a area) Plot(c draw.Canvas, p *plot.Plot) {
	if len(a.xs) < 2 {
		return
	}
	trX, trY := p.Transforms(&c)
	pts := make([]vg.Point, 0, len(a.xs)+2)
	pts = append(pts, vg.Point{X: trX(a.xs[0]), Y: trY(0)})
	for i := range a.xs {
		pts = append(pts, vg.Point{X: trX(a.xs[i]), Y: trY(a.ys[i])})
	}
	pts = append(pts, vg.Point{X: trX(a.xs[len(a.xs)-1]), Y: trY(0)})
	outline := c.ClipPolygonXY(pts)
	if len(outline) == 0 {
		return // nothing of it is inside the plot (numbers beyond the axis)
	}
	hole := a.hole(trX, trY)
	if len(hole) == 0 {
		c.FillPolygon(a.fill, outline)
		return
	}
	// The area with the hole cut out: its outline clockwise, the hole's
	// the other way round, filled as one path (non-zero winding).
	var path vg.Path
	for _, ring := range [][]vg.Point{outline, hole} {
		path.Move(ring[0])
		for _, pt := range ring[1:] {
			path.Line(pt)
		}
		path.Close()
	}
	c.SetColor(a.fill)
	c.Fill(path)
}

// How the hole of an area keeps clear of what shows: holeGap under the
// line below, holeBase over zero, holeEdge in from either end; and no
// hole where months are narrower than holeMonth.
const (
	holeGap   vg.Length = 3 // points
	holeBase  vg.Length = 2
	holeEdge  vg.Length = 3
	holeMonth vg.Length = 1
)

// hole is the outline, anticlockwise, of the part of a that the areas
// painted after it cover whole, or nil if there is none. Under the line
// below by holeGap at every x within two points either side (so even where
// the line is steep), over zero by holeBase and in from the ends by
// holeEdge, none of its edges crosses a pixel that a later area does not
// paint over entirely, or that anti-aliasing blends: where the line
// below comes nearer zero than that, the hole is flat, on holeBase.
func (a area) hole(trX, trY func(float64) vg.Length) []vg.Point {
	n := len(a.xs)
	if a.below == nil || (trX(a.xs[n-1])-trX(a.xs[0]))/vg.Length(n-1) < holeMonth {
		return nil
	}
	left, right := 0, n-1
	for left < n && trX(a.xs[left])-trX(a.xs[0]) < holeEdge {
		left++
	}
	for right >= 0 && trX(a.xs[n-1])-trX(a.xs[right]) < holeEdge {
		right--
	}
	if left >= right {
		return nil
	}
	base := trY(0) + holeBase
	pts := []vg.Point{{X: trX(a.xs[left]), Y: base}, {X: trX(a.xs[right]), Y: base}}
	for i := right; i >= left; i-- {
		lo := a.below[i]
		for j := max(i-2, 0); j <= min(i+2, n-1); j++ {
			lo = min(lo, a.below[j])
		}
		pts = append(pts, vg.Point{X: trX(a.xs[i]), Y: max(base, trY(lo)-holeGap)})
	}
	return pts
}

// vline is a vertical line across the data area at x, and over it by over.
type vline struct {
	x     float64
	style draw.LineStyle
	over  vg.Length
}

// Plot implements plot.Plotter.
func (l vline) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x := trX(l.x)
	c.StrokeLine2(l.style, x, c.Min.Y, x, c.Max.Y+l.over)
}

// hline is a horizontal line across the data area at y.
type hline struct {
	y     float64
	style draw.LineStyle
}

// Plot implements plot.Plotter.
func (l hline) Plot(c draw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	y := trY(l.y)
	c.StrokeLine2(l.style, c.Min.X, y, c.Max.X, y)
}

// label is text placed at a data point, offset by (dx, dy).
type label struct {
	x, y   float64
	text   string
	style  text.Style
	dx, dy vg.Length
	halo   bool // on a white box, over the lines of targets
}

// labels draws text in the data area. As a plot.GlyphBoxer it makes the
// plot leave room for the text inside the axes.
type labels []label

// Plot implements plot.Plotter.
func (ls labels) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, l := range ls {
		at := vg.Point{X: trX(l.x) + l.dx, Y: trY(l.y) + l.dy}
		if l.halo {
			haloText(c, l.style, at, l.text)
		} else {
			c.FillText(l.style, at, l.text)
		}
	}
}

// GlyphBoxes implements plot.GlyphBoxer.
func (ls labels) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	boxes := make([]plot.GlyphBox, len(ls))
	for i, l := range ls {
		boxes[i] = plot.GlyphBox{
			X:         p.X.Norm(l.x),
			Y:         p.Y.Norm(l.y),
			Rectangle: l.style.Rectangle(l.text).Add(vg.Point{X: l.dx, Y: l.dy}),
		}
	}
	return boxes
}

// swatch is a legend key: a filled box.
type swatch struct{ fill color.Color }

// Thumbnail implements plot.Thumbnailer.
func (s swatch) Thumbnail(c *draw.Canvas) {
	c.FillPolygon(s.fill, []vg.Point{
		c.Min, {X: c.Max.X, Y: c.Min.Y}, c.Max, {X: c.Min.X, Y: c.Max.Y},
	})
}

// stroke is a legend key: a line.
type stroke struct{ style draw.LineStyle }

// Thumbnail implements plot.Thumbnailer.
func (s stroke) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(s.style, c.Min.X, y, c.Max.X, y)
}

// dot is a legend key: a glyph in the middle.
type dot struct{ style draw.GlyphStyle }

// Thumbnail implements plot.Thumbnailer.
func (d dot) Thumbnail(c *draw.Canvas) {
	c.DrawGlyph(d.style, c.Center())
}
