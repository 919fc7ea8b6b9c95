package seek

import "math"

// bounds projects the lever at its bounds, Max first, and returns the
// first that meets the goal (Found), or the one nearest it and why no
// multiplier within the bounds does.
func (sk *seeker) bounds(one probe) (probe, Status, error) {
	up, down := one, one
	var err error
	if sk.s.Max > 1 {
		if up, err = sk.eval(sk.s.Max); err != nil {
			return probe{}, 0, err
		}
		if up.met() {
			return up, Found, nil
		}
		if sk.toward(up, one) { // monotone: the other way moves away
			return up, Unreachable, nil
		}
	}
	if sk.s.Min < 1 {
		if down, err = sk.eval(sk.s.Min); err != nil {
			return probe{}, 0, err
		}
		if down.met() {
			return down, Found, nil
		}
		if sk.toward(down, one) {
			return down, Unreachable, nil
		}
	}
	switch {
	case sk.flat(up, one) && sk.flat(down, one):
		return one, NoEffect, nil
	case sk.flat(up, one) || sk.flat(down, one):
		return one, Unreachable, nil
	}
	return one, NotMonotone, nil
}

// eps is the least change of the goal's value that counts as a move: a
// billionth of its size, so that rounding is not taken for an effect.
func (sk *seeker) eps(one probe) float64 {
	return 1e-9 * math.Max(math.Abs(one.value), math.Abs(sk.g.Target))
}

// toward reports whether a is nearer meeting the goal than one.
func (sk *seeker) toward(a, one probe) bool { return a.gap < one.gap-sk.eps(one) }

// flat reports whether a's value is one's, but for rounding.
func (sk *seeker) flat(a, one probe) bool { return math.Abs(a.gap-one.gap) <= sk.eps(one) }

// window is how far past the target a value may be and still be within
// the tolerance.
func (sk *seeker) window() float64 { return sk.s.Tolerance * math.Abs(sk.g.Target) }

// within reports whether pr meets the goal within the tolerance.
func (sk *seeker) within(pr probe) bool { return pr.met() && pr.gap >= -sk.window() }

// narrow closes the bracket from lo (goal not met) to hi (met) until hi is
// within the tolerance of the target, the bracket can close no further, or
// the projections run out. Steps aim at the middle of the tolerance window,
// by regula falsi with the Illinois variant's halving of an end kept twice;
// after two steps in a row that did not halve the bracket, one bisects it,
// so that the bracket closes at least as fast as by bisection every three
// steps.
func (sk *seeker) narrow(lo, hi probe) (probe, Status, error) {
	sc := newScale(lo.m, hi.m)
	aim := -sk.window() / 2
	fa, fb := lo.gap-aim, hi.gap-aim
	kept, slow := 0, 0
	for !sk.within(hi) && sk.evals < sk.s.MaxEvaluations {
		xa, xb := sc.x(lo.m), sc.x(hi.m)
		x := xa - fa*(xb-xa)/(fb-fa)
		if slow >= 2 || !(math.Min(xa, xb) < x && x < math.Max(xa, xb)) {
			x = (xa + xb) / 2
		}
		m := sc.m(x)
		if m == lo.m || m == hi.m {
			break // the bracket is as narrow as float64 allows
		}
		pr, err := sk.eval(m)
		if err != nil {
			return probe{}, 0, err
		}
		if pr.met() {
			hi, fb = pr, pr.gap-aim
			fa, kept = illinois(fa, kept, -1)
		} else {
			lo, fa = pr, pr.gap-aim
			fb, kept = illinois(fb, kept, 1)
		}
		slow = slowSteps(slow, math.Abs(sc.x(hi.m)-sc.x(lo.m)) > math.Abs(xb-xa)/2)
	}
	if sk.within(hi) {
		return hi, Found, nil
	}
	return hi, Coarse, nil
}

// slowSteps counts the steps in a row that did not halve the bracket,
// from none after a bisection.
func slowSteps(n int, slow bool) int {
	if !slow || n >= 2 {
		return 0
	}
	return n + 1
}

// illinois halves f, the value kept at one end of the bracket, if that end
// was kept at the step before too (side says which end moved: −1 hi, 1 lo).
func illinois(f float64, kept, side int) (float64, int) {
	if kept == side {
		f /= 2
	}
	return f, side
}

// scale is the coordinate a bracket is narrowed in: the multiplier, or its
// logarithm above 1, so that 1–10 is bisected at 3.16 rather than 5.5.
type scale struct{ log bool }

func newScale(a, b float64) scale { return scale{log: a >= 1 && b >= 1} }

func (s scale) x(m float64) float64 {
	if s.log {
		return math.Log(m)
	}
	return m
}

func (s scale) m(x float64) float64 {
	if s.log {
		return math.Exp(x)
	}
	return x
}
