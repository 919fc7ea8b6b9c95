package scenarios

import "testing"

func BenchmarkLoadBaselineZZ(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := Load("baseline.yaml"); err != nil {
			b.Fatal(err)
		}
	}
}
