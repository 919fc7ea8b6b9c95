package target

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// number reads the target's value: digits, perhaps grouped by commas
// (24,000,000) or with an exponent (24e6). Money (cost and saving) may
// carry a £ and a k or m (£24m); only a saving may be negative.
func (t *Target) number(s string) (float64, error) {
	text := s
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	money := t.Yearly()
	scale := 1.0
	if p, ok := strings.CutPrefix(s, "£"); ok {
		if !money {
			return 0, fmt.Errorf("%q: %s is a number of children, not of £", text, t.Name())
		}
		s = p
		if !neg {
			neg = strings.HasPrefix(s, "-")
			s = strings.TrimPrefix(s, "-")
		}
	}
	if money {
		s, scale = cutScale(s)
	}
	x, err := digits(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a number: %w", text, err)
	}
	x *= scale
	switch {
	case math.IsInf(x, 0):
		return 0, fmt.Errorf("%q is too large", text)
	case neg && t.Metric != Saving:
		return 0, fmt.Errorf("%q: %s cannot be negative", text, t.Name())
	case neg:
		x = -x
	}
	return x, nil
}

// cutScale takes a trailing k (thousands) or m (millions) off s.
func cutScale(s string) (string, float64) {
	for _, u := range []struct {
		suffix string
		scale  float64
	}{{"k", 1e3}, {"m", 1e6}} {
		if p, ok := strings.CutSuffix(s, u.suffix); ok {
			return p, u.scale
		}
	}
	return s, 1
}

// digits reads an unsigned number: 24000000, 24,000,000, 2.4e7.
func digits(s string) (float64, error) {
	switch {
	case groupedNum.MatchString(s):
		s = strings.ReplaceAll(s, ",", "")
	case !plainNumber.MatchString(s):
		return 0, fmt.Errorf("want digits, grouped by commas in threes, as in 24,000,000, or 24e6")
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil && !math.IsInf(x, 0) {
		return 0, err
	}
	return x, nil
}
