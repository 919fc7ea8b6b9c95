package charts

import (
	"image"
	"image/color"
	"math"

	f26 "golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"
)

// pngCanvas is a vgimg.Canvas that draws text set straight (neither
// rotated nor moved by a transform) itself. vgimg draws each glyph through
// a bilinear image transform; for a glyph on whole pixels that comes to
// blending the glyph's coverage into the image, which pngCanvas does
// directly with the same integer arithmetic: the same pixels
// (TestPNGCanvasText) in a fraction of the time. Text set otherwise, such
// as a rotated axis label, is left to vgimg.
type pngCanvas struct {
	*vgimg.Canvas
	img   *image.RGBA
	state []canvasState // the last is current; Push and Pop keep the rest
}

// canvasState is what pngCanvas tracks of the drawing state.
type canvasState struct {
	straight bool // no transform
	colour   color.Color
}

// newPNGCanvas is a white canvas of a chart's size for a PNG.
func newPNGCanvas() *pngCanvas {
	c := vgimg.NewWith(vgimg.UseWH(chartWidth, chartHeight), vgimg.UseDPI(pngDPI))
	img, _ := c.Image().(*image.RGBA)
	return &pngCanvas{Canvas: c, img: img, state: []canvasState{{straight: img != nil, colour: color.Black}}}
}

func (c *pngCanvas) top() *canvasState { return &c.state[len(c.state)-1] }

// SetColor implements vg.Canvas.
func (c *pngCanvas) SetColor(clr color.Color) {
	if clr == nil {
		clr = color.Black // as vgimg does
	}
	c.Canvas.SetColor(clr)
	c.top().colour = clr
}

// Rotate implements vg.Canvas.
func (c *pngCanvas) Rotate(rad float64) {
	c.Canvas.Rotate(rad)
	if rad != 0 {
		c.top().straight = false
	}
}

// Translate implements vg.Canvas.
func (c *pngCanvas) Translate(pt vg.Point) {
	c.Canvas.Translate(pt)
	if pt != (vg.Point{}) {
		c.top().straight = false
	}
}

// Scale implements vg.Canvas.
func (c *pngCanvas) Scale(x, y float64) {
	c.Canvas.Scale(x, y)
	if x != 1 || y != 1 {
		c.top().straight = false
	}
}

// Push implements vg.Canvas.
func (c *pngCanvas) Push() {
	c.Canvas.Push()
	c.state = append(c.state, *c.top())
}

// Pop implements vg.Canvas.
func (c *pngCanvas) Pop() {
	c.Canvas.Pop()
	if len(c.state) > 1 {
		c.state = c.state[:len(c.state)-1]
	}
}

// FillString implements vg.Canvas, placing the glyphs as vgimg does: the
// text's baseline starts at pt, rounded to 1/64 pixel, with the font's
// kerning.
func (c *pngCanvas) FillString(f font.Face, pt vg.Point, s string) {
	st := c.top()
	if !st.straight || f.Font.Size == 0 {
		c.Canvas.FillString(f, pt, s)
		return
	}
	dpi := c.DPI()
	face := f.FontFace(dpi)
	defer face.Close()
	_, h := c.Size()
	dot := f26.Point26_6{X: fixed26(pt.X.Dots(dpi)), Y: fixed26(h.Dots(dpi) - pt.Y.Dots(dpi))}
	r, g, b, a := st.colour.RGBA()
	prev := rune(-1)
	for _, ch := range s {
		if prev >= 0 {
			dot.X += face.Kern(prev, ch)
		}
		dr, mask, mp, advance, ok := face.Glyph(dot, ch)
		if !ok {
			continue
		}
		c.blend(dr, mask, mp, [4]uint32{r, g, b, a})
		dot.X += advance
		prev = ch
	}
}

func fixed26(x float64) f26.Int26_6 { return f26.Int26_6(math.Round(x * 64)) }

// blend paints the premultiplied 16-bit colour src through mask (from mp)
// over the image in dr, in the integer arithmetic of golang.org/x/image/draw's
// Over with a source mask, then stores 8 bits a channel as image.RGBA does.
func (c *pngCanvas) blend(dr image.Rectangle, mask image.Image, mp image.Point, src [4]uint32) {
	area := dr.Intersect(c.img.Bounds())
	for y := area.Min.Y; y < area.Max.Y; y++ {
		for x := area.Min.X; x < area.Max.X; x++ {
			m := coverage(mask, mp.X+x-dr.Min.X, mp.Y+y-dr.Min.Y)
			if m == 0 {
				continue // leaves the pixel as it is
			}
			pix := c.img.Pix[c.img.PixOffset(x, y):][:4]
			inv := 0xffff - src[3]*m/0xffff
			for i, s := range src {
				q := uint32(pix[i]) * 0x101
				pix[i] = uint8((q*inv/0xffff + s*m/0xffff) >> 8)
			}
		}
	}
}

// coverage is mask's alpha at (x, y) in 16 bits.
func coverage(mask image.Image, x, y int) uint32 {
	if a, ok := mask.(*image.Alpha); ok { // what glyphs are
		return uint32(a.Pix[a.PixOffset(x, y)]) * 0x101
	}
	_, _, _, m := mask.At(x, y).RGBA()
	return m
}
