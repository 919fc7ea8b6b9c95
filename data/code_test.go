package data

import (
	"fmt"
	"sync"
	"testing"
)

// TestCodeOf checks that codes round-trip, that the same text gets the same
// Code, and that codes may be added and read from several goroutines (run
// with -race), across pages.
func TestCodeOf(t *testing.T) {
	if CodeOf("") != 0 || Code(0).String() != "" {
		t.Errorf("blank: %d %q", CodeOf(""), Code(0).String())
	}
	if c := Code(1 << 31); c.String() != "" {
		t.Errorf("a Code never given out reads %q", c.String())
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 3 * codePage {
				s := fmt.Sprintf("TEST%d", (i*7+g)%(3*codePage))
				if got := CodeOf(s).String(); got != s {
					t.Errorf("CodeOf(%q).String() = %q", s, got)
					return
				}
			}
		})
	}
	wg.Wait()
	if a, b := CodeOf("C2"), CodeOf("C2"); a != b || a == 0 {
		t.Errorf("C2 twice: %d, %d", a, b)
	}
}
