package charts

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"testing"
)

// pattern is an opaque image of many colours, w × h from (x0, y0).
func pattern(x0, y0, w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(x0, y0, x0+w, y0+h))
	for y := y0; y < y0+h; y++ {
		for x := x0; x < x0+w; x++ {
			m.SetRGBA(x, y, color.RGBA{R: uint8(x * 7), G: uint8(y * 13), B: uint8(x ^ y), A: 0xff})
		}
	}
	return m
}

// decodeSame decodes a PNG and checks it has the pixels of want.
func decodeSame(t *testing.T, name string, data []byte, want image.Image) {
	t.Helper()
	got, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	wb := want.Bounds()
	if got.Bounds().Dx() != wb.Dx() || got.Bounds().Dy() != wb.Dy() {
		t.Fatalf("%s: %v, want %d × %d", name, got.Bounds(), wb.Dx(), wb.Dy())
	}
	gb := got.Bounds()
	for y := 0; y < wb.Dy(); y++ {
		for x := 0; x < wb.Dx(); x++ {
			g := color.NRGBAModel.Convert(got.At(gb.Min.X+x, gb.Min.Y+y))
			w := color.NRGBAModel.Convert(want.At(wb.Min.X+x, wb.Min.Y+y))
			if g != w {
				t.Fatalf("%s: pixel (%d, %d) is %v, want %v", name, x, y, g, w)
			}
		}
	}
}

func TestEncodePNG(t *testing.T) {
	big := pattern(0, 0, 300, 200)
	translucent := pattern(0, 0, 20, 10)
	translucent.SetRGBA(3, 4, color.RGBA{R: 10, G: 20, B: 30, A: 0x80})
	gray := image.NewGray(image.Rect(0, 0, 9, 5))
	for i := range gray.Pix {
		gray.Pix[i] = uint8(i * 5)
	}
	for _, c := range []struct {
		name string
		img  image.Image
	}{
		{"opaque", big},
		{"one pixel", pattern(0, 0, 1, 1)},
		{"offset", pattern(-5, 7, 33, 17)},
		// a sub-image: rows are longer than its width
		{"sub-image", big.SubImage(image.Rect(40, 30, 141, 95))},
		{"translucent", translucent},
		{"gray", gray},
	} {
		var buf bytes.Buffer
		if err := encodePNG(&buf, c.img); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		decodeSame(t, c.name, buf.Bytes(), c.img)
	}
}

// failAfter fails every write once n bytes are written.
type failAfter struct{ n int }

var errFull = errors.New("disk full")

func (f *failAfter) Write(p []byte) (int, error) {
	if len(p) > f.n {
		n := f.n
		f.n = 0
		return n, errFull
	}
	f.n -= len(p)
	return len(p), nil
}

func TestEncodePNGWriteError(t *testing.T) {
	img := pattern(0, 0, 64, 64)
	for _, n := range []int{0, 8, 20, 40, 1000} {
		if err := encodePNG(&failAfter{n: n}, img); !errors.Is(err, errFull) {
			t.Errorf("failing after %d bytes: error %v, want %v", n, err, errFull)
		}
	}
}
