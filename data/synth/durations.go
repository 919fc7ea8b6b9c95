package synth

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/carecast/carecast/data"
	"github.com/carecast/carecast/model"
)

// Durations makes a child's exits depend on their time in care since the
// current period of care began, as they do in real councils: many
// children go home within days or weeks, while those who stay a year
// are less likely to leave in any given month than the average child.
// The zero value is off: every child's exit rates are the params' alone.
//
//   - Bounds are the months in care at which duration classes begin after
//     the first, ascending and positive: [1, 3, 6, 12, 24] makes the
//     classes [0,1), [1,3), [3,6), [6,12), [12,24) and [24,∞) months.
//     Months in care are whole months since the day the period began,
//     counted as age is: a period begun on 15 January has lasted a month
//     on 15 February, and one begun on 31 January on 1 March. At most 20
//     bounds, none above 216 (18 years).
//   - ExitFactors multiply the exit rates of a reason (by its name in the
//     params) for children in each class: one factor per class,
//     len(Bounds)+1, each 0 to 1000. A reason not named keeps its rates
//     (factors of 1). Reaching 18 is not a rate and has no factor.
//
// A child's exit intensity of reason r in class d is the params' rate of
// their age band and category × ExitFactors[r][d]; moves and the other
// risks do not depend on time in care. The classes are those of the
// model's duration classes (model.Params.DurationBounds), so that a
// duration-aware calibration can recover the factors.
type Durations struct {
	Bounds      []int
	ExitFactors map[string][]float64
}

// RealisticDurations returns duration factors that, with the shipped
// shire county's rates (scenarios/shire-county.yaml), its stock and its
// entries, give about 10% of leavers a period of care under two weeks and
// about 45% under a year, as in England (DfE: about 11% and 46% of the
// children who ceased to be looked after), while keeping the number in
// care about steady (measured over 20 councils of the shire county's size:
// 10.0% and 45.0%, sd 1.2 and 2.0 points a council; the stock ×1.03 over
// the five years of returns, as without durations). Going home (reunification) is most likely in the
// first weeks; adoption and special guardianship take months of court
// work and come later. The factors were tuned on the shire county; other
// rates give other shares, and reasons the params do not have are an
// error.
func RealisticDurations() Durations {
	return Durations{
		Bounds: []int{1, 3, 6, 12, 24},
		ExitFactors: map[string][]float64{
			"reunification":        {27, 4.5, 2.6, 1.4, 0.5, 0.3},
			"adoption":             {0.1, 0.4, 0.8, 1.2, 1.1, 0.8},
			"special_guardianship": {0.2, 0.6, 1.2, 1.6, 1.2, 0.7},
			"child_arrangements":   {6, 3, 1.5, 1.2, 0.7, 0.45},
			"other":                {7, 2, 1.2, 1, 0.7, 0.55},
		},
	}
}

// On reports whether exits depend on time in care.
func (d Durations) On() bool { return len(d.Bounds) > 0 || len(d.ExitFactors) > 0 }

// check returns an error for bounds or factors out of range, or for a
// factor of a reason p does not have (p nil: names unchecked).
func (d Durations) check(p *model.Params) error {
	if !d.On() {
		return nil
	}
	b := d.Bounds
	switch {
	case len(b) == 0:
		return fmt.Errorf("synth: exit factors by time in care without the bounds of the classes")
	case len(b) > 20:
		return fmt.Errorf("synth: %d duration bounds: want at most 20", len(b))
	case !ascending(b, 1, 12*model.AgeYears):
		return fmt.Errorf("synth: duration bounds %v: want months from 1 to %d, each above the one before", b, 12*model.AgeYears)
	}
	for _, name := range slices.Sorted(maps.Keys(d.ExitFactors)) {
		f := d.ExitFactors[name]
		if p != nil && !slices.Contains(p.Reasons, name) {
			return fmt.Errorf("synth: exit factors by time in care for %q, which is not an exit reason of the params (%s)",
				name, strings.Join(p.Reasons, ", "))
		}
		if len(f) != len(b)+1 {
			return fmt.Errorf("synth: exit factors of %s: %d, want one a duration class (%d)", name, len(f), len(b)+1)
		}
		for i, v := range f {
			if !(v >= 0 && v <= 1000) {
				return fmt.Errorf("synth: exit factor of %s in duration class %d: %v, want 0 to 1000", name, i, v)
			}
		}
	}
	return nil
}

// factors returns the factor of each reason in each class,
// [class][reason]: one class of 1s when off.
func (d Durations) factors(reasons []string) [][]float64 {
	f := make([][]float64, len(d.Bounds)+1)
	for c := range f {
		f[c] = make([]float64, len(reasons))
		for r, name := range reasons {
			f[c][r] = 1
			if v, ok := d.ExitFactors[name]; ok {
				f[c][r] = v[c]
			}
		}
	}
	return f
}

// monthsOn is the first day on which a period of care begun on day d has
// lasted n whole months: the same day of the month n months on, or the
// first of the month after if that month is too short.
func monthsOn(d data.Day, n int) data.Day {
	y, m, dd := d.Civil()
	to := model.MonthOf(y, m) + model.Month(n)
	if dd > to.Days() {
		to, dd = to+1, 1
	}
	return data.CivilDay(to.Year(), to.Calendar(), dd)
}

// ascending reports whether b's values are from lo to hi, each above the
// one before.
func ascending(b []int, lo, hi int) bool {
	for i, v := range b {
		if v < lo || v > hi || i > 0 && v <= b[i-1] {
			return false
		}
	}
	return true
}
