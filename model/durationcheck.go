package model

import "fmt"

// MaxDurationClasses is the most duration classes: changes hold sets of
// them in 64 bits, so there are at most 63 bounds.
const MaxDurationClasses = 64

// durationFactorBound bounds the factors of exit and move rates by
// duration class: above zero (a class in which nobody could leave is not
// a factor of a rate) and at most MaxFactor.
var durationFactorBound = bound{max: MaxFactor, openMin: true}

// durations checks the duration classes: the bounds, then the factors and
// the split of the stock, which need valid bounds for their shape.
func (v *validator) durations() {
	p := v.p
	if !v.durationBounds() {
		return
	}
	D, R := p.D(), p.R()
	if len(p.ExitDuration) > 0 && v.shape(FieldExitDuration, nil, len(p.ExitDuration), R*D, "reasons × duration classes", "exit factors by duration") {
		v.table(FieldExitDuration, p.ExitDuration, &durationFactorBound, func(i int) ([]int, string) {
			r, d := i/D, i%D
			return []int{r, d}, fmt.Sprintf("exit factor of %s in duration class %s", p.Reasons[r], DurationClassName(p.DurationBounds, d))
		})
	}
	if len(p.MoveDuration) > 0 && v.shape(FieldMoveDuration, nil, len(p.MoveDuration), D, "duration classes", "move factors by duration") {
		v.table(FieldMoveDuration, p.MoveDuration, &durationFactorBound, func(d int) ([]int, string) {
			return []int{d}, "move factor in duration class " + DurationClassName(p.DurationBounds, d)
		})
	}
	v.initialDuration()
}

// durationBounds checks DurationBounds and reports whether they are valid:
// at most MaxDurationClasses−1 of them, each a whole number of months from
// 1 to 215, strictly increasing.
func (v *validator) durationBounds() bool {
	bounds := v.p.DurationBounds
	if len(bounds) >= MaxDurationClasses {
		v.add(FieldDurationBounds, nil, float64(len(bounds)), "duration bounds",
			fmt.Errorf("%w (at most %d bounds)", ErrTooLarge, MaxDurationClasses-1))
		return false
	}
	ok := true
	for i, x := range bounds {
		msg := fmt.Sprintf("duration bound %d", i)
		switch {
		case x < 1:
			v.add(FieldDurationBounds, []int{i}, float64(x), msg, fmt.Errorf("%w (at least 1 month)", ErrTooSmall))
		case x >= NAges:
			v.add(FieldDurationBounds, []int{i}, float64(x), msg, fmt.Errorf("%w (below %d months: no child is in care longer)", ErrTooLarge, NAges))
		case i > 0 && x <= bounds[i-1]:
			v.add(FieldDurationBounds, []int{i}, float64(x), msg,
				because(ErrOrder, "%d months after %d: give the bounds in increasing order, each once", x, bounds[i-1]))
		default:
			continue
		}
		ok = false
	}
	return ok
}

// initialDuration checks the split of the initial stock by duration class:
// its shape, every number, and that it adds up to Initial cell by cell (to
// 1e-9 of the cell, or of one child).
func (v *validator) initialDuration() {
	p := v.p
	K, D := p.K(), p.D()
	if len(p.InitialDuration) == 0 || !v.shape(FieldInitialDuration, nil, len(p.InitialDuration), D*NAges*K,
		"duration classes × ages in months × categories", "initial stock by duration") {
		return
	}
	valid := v.table(FieldInitialDuration, p.InitialDuration, &stockBound, func(i int) ([]int, string) {
		k, a, d := i%K, (i/K)%NAges, i/(K*NAges)
		return []int{d, a, k}, fmt.Sprintf("initial stock aged %d months in %s, duration class %s", a, p.Categories[k], DurationClassName(p.DurationBounds, d))
	})
	if !valid || len(p.Initial) != NAges*K {
		return
	}
	for i, want := range p.Initial {
		var got float64
		for d := 0; d < D; d++ {
			got += p.InitialDuration[d*NAges*K+i]
		}
		if diff := got - want; diff > 1e-9*max(1, want) || -diff > 1e-9*max(1, want) {
			a, k := i/K, i%K
			v.add(FieldInitialDuration, []int{a, k}, got, fmt.Sprintf("initial stock aged %d months in %s, over duration classes", a, p.Categories[k]),
				because(ErrSum, "%s children, but the initial stock has %s: the classes must add up to it", Number(got), Number(want)))
		}
	}
}

// changeDurations checks the duration classes change i is limited to, and
// reports whether they are valid: only changes of exits and moves may be
// limited, and only to classes that exist.
func (v *validator) changeDurations(i int) bool {
	p := v.p
	c := &p.Changes[i]
	if c.Durations == 0 {
		return true
	}
	msg := fmt.Sprintf("duration classes of change %q", c.Name)
	if c.Lever != LeverExit && c.Lever != LeverMove {
		v.add(FieldChangeLever, []int{i}, 0, msg, because(ErrRange, "are given, but only changes of exits and moves depend on time in care"))
		return false
	}
	if D := p.D(); D < 64 && c.Durations>>uint(D) != 0 {
		v.add(FieldChangeLever, []int{i}, 0, msg, because(ErrRange, "a class beyond the %d there are", D))
		return false
	}
	return true
}
