package charts

import (
	"image"
	"image/color"
	"math"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// writeSome sets text every way the charts do and more: sizes, weights,
// colours (one translucent), fractional positions, kerning ("AV"),
// rotated, moved, in a pushed state and after popping it, and over the
// edge of the page.
func writeSome(c vg.CanvasSizer) {
	dc := draw.New(c)
	dc.SetColor(color.RGBA{R: 0xe3, G: 0xe3, B: 0xe3, A: 0xff})
	dc.Fill(vg.Rectangle{Min: vg.Point{X: 20, Y: 20}, Max: vg.Point{X: 200, Y: 120}}.Path())
	y := vg.Length(300)
	for i, sty := range []struct {
		size vg.Length
		bold bool
		hex  uint32
	}{{titleSize, true, inkHex}, {textSize, false, greyHex}, {noteSize, false, greyHex}, {tickSize, true, forecastHex}, {legendSize, false, 0xe69f00}} {
		st := style(sty.size, sty.bold, sty.hex, draw.XLeft, draw.YBottom)
		x := 10 + vg.Length(i)*0.37
		dc.FillText(st, vg.Point{X: x, Y: y}, "AVAWAY To, 2024-25 £39.9m (6 + 6 months) Children’s home")
		y -= 17.3
	}
	half := style(textSize, false, inkHex, draw.XCenter, draw.YCenter)
	half.Color = color.NRGBA{R: 0x1f, G: 0x6f, B: 0xb2, A: 0x80}
	dc.FillText(half, vg.Point{X: 80.2, Y: 60.7}, "translucent over grey")
	rot := style(textSize, false, greyHex, draw.XCenter, draw.YBottom)
	rot.Rotation = math.Pi / 2
	dc.FillText(rot, vg.Point{X: 15, Y: 150}, "Children in care")
	c.Push()
	c.Translate(vg.Point{X: 3.3, Y: 7.1})
	dc.FillText(half, vg.Point{X: 100, Y: 100}, "moved")
	c.Pop()
	dc.FillText(style(tickSize, false, inkHex, draw.XLeft, draw.YBottom), vg.Point{X: 100, Y: 90}, "after Pop")
	dc.FillText(style(tickSize, false, inkHex, draw.XLeft, draw.YBottom), vg.Point{X: -7, Y: 1}, "over the edge")
	dc.FillText(style(tickSize, false, inkHex, draw.XRight, draw.YTop), vg.Point{X: chartWidth + 4, Y: chartHeight + 2}, "and the other edge")
}

// pngCanvas sets text in the very pixels vgimg does.
func TestPNGCanvasText(t *testing.T) {
	want := vgimg.NewWith(vgimg.UseWH(chartWidth, chartHeight), vgimg.UseDPI(pngDPI))
	writeSome(want)
	got := newPNGCanvas()
	writeSome(got)
	w, g := want.Image().(*image.RGBA), got.img
	if !w.Bounds().Eq(g.Bounds()) {
		t.Fatalf("bounds %v, want %v", g.Bounds(), w.Bounds())
	}
	diff, inked := 0, 0
	for i := 0; i < len(w.Pix); i += 4 {
		if w.Pix[i] != 0xff || w.Pix[i+1] != 0xff || w.Pix[i+2] != 0xff {
			inked++
		}
		for j := i; j < i+4; j++ {
			if w.Pix[j] != g.Pix[j] {
				diff++
				if diff <= 5 {
					p := i / 4
					t.Errorf("pixel (%d, %d): %v, want %v", p%(w.Stride/4), p/(w.Stride/4), g.Pix[i:i+4], w.Pix[i:i+4])
				}
				break
			}
		}
	}
	if diff > 0 {
		t.Errorf("%d pixels differ", diff)
	}
	if inked < 20000 {
		t.Errorf("only %d pixels inked: the test draws too little", inked)
	}
}
