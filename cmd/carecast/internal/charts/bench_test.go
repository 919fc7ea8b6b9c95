package charts

import "testing"

// BenchmarkWrite draws the four charts of the shipped baseline with three
// years of history, as carecast run does.
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
