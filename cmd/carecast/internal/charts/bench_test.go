package charts

import (
	"io"
	"testing"
)

// BenchmarkWrite draws the four charts of the shipped baseline with three
// years of history, as carecast run does, into files.
func BenchmarkWrite(b *testing.B) {
	base, sc := baseline(b, nil)
	in := withActual(b, base, sc)
	for _, format := range []string{"png", "svg"} {
		b.Run(format, func(b *testing.B) {
			dir := b.TempDir()
			for b.Loop() {
				if _, err := Write(dir, format, in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDraw draws each chart of BenchmarkWrite as a PNG on its own.
func BenchmarkDraw(b *testing.B) {
	base, sc := baseline(b, nil)
	in := withActual(b, base, sc)
	for _, name := range Names {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if err := Draw(io.Discard, name, "png", in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDrawFutures draws the charts that show ranges of simulated
// futures, headcount (the fan) and budget (the whiskers), with them.
func BenchmarkDrawFutures(b *testing.B) {
	base, sc := baseline(b, nil)
	in := withFutures(withActual(b, base, sc), 200)
	for _, name := range []string{"headcount", "budget"} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if err := Draw(io.Discard, name, "png", in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
