package compare

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/carecast/carecast/model"
)

// Check reports whether the results can be compared month by month: each
// is well formed (its tables as long as its months and names say, every
// number finite), and all share the first one's start, number of months and
// categories, in order. Results are numbered from 1 in its errors
// ("result 2 starts in 2025-05, result 1 in 2025-04"). Fixed cost lines may
// differ: an alternative may add a project team.
func Check(results ...*model.Result) error {
	if len(results) == 0 {
		return errors.New("no results to compare")
	}
	for i, r := range results {
		if err := wellFormed(r); err != nil {
			return fmt.Errorf("result %d: %w", i+1, err)
		}
	}
	first := results[0]
	for i, r := range results[1:] {
		n := i + 2
		switch {
		case r.Start != first.Start:
			return fmt.Errorf("result %d starts in %v, result 1 in %v", n, r.Start, first.Start)
		case r.Months != first.Months:
			return fmt.Errorf("result %d has %d months, result 1 has %d", n, r.Months, first.Months)
		case !slices.Equal(r.Categories, first.Categories):
			return fmt.Errorf("result %d has categories %s, result 1 has %s", n,
				strings.Join(r.Categories, ", "), strings.Join(first.Categories, ", "))
		}
	}
	return nil
}

// wellFormed checks that the tables compare reads have the lengths r's
// months and names give them, and hold finite numbers.
func wellFormed(r *model.Result) error {
	if r == nil {
		return errors.New("there is no result")
	}
	if r.Months < 0 {
		return fmt.Errorf("%d months is negative", r.Months)
	}
	K, F := len(r.Categories), len(r.FixedCosts)
	for _, tab := range []struct {
		name  string
		s     []float64
		width int
	}{
		{"InCare", r.InCare, 1},
		{"ByCategory", r.ByCategory, K},
		{"ChildDays", r.ChildDays, K},
		{"Cost", r.Cost, K},
		{"FixedCost", r.FixedCost, F},
	} {
		if len(tab.s) != r.Months*tab.width {
			return fmt.Errorf("%s has %d values, want %d (%d months × %d)",
				tab.name, len(tab.s), r.Months*tab.width, r.Months, tab.width)
		}
		for i, x := range tab.s {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return fmt.Errorf("%s in %v is %v", tab.name, r.Month(i/tab.width), x)
			}
		}
	}
	return nil
}
