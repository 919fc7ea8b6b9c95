package data

import (
	"fmt"
	"math"
	"time"

	"github.com/carecast/carecast/model"
	"gonum.org/v1/gonum/floats"
)

// DefaultDurationBounds are the months in care at which the duration
// classes of a calibration begin when CalibrateOptions.DurationBounds is
// nil: under 1 month, 1–3, 3–6, 6–12, 12–24, 24 months and over.
func DefaultDurationBounds() []int { return []int{1, 3, 6, 12, 24} }

// Factor is the estimate of one duration class's factor on a group of
// rates (one exit reason's, or every move rate), and its evidence.
type Factor struct {
	Events float64 // events in the window in the class, all ages and categories
	Years  float64 // child-years at risk in the class, all ages and categories
	// Fitted is the maximum-likelihood factor of the Poisson model fitted
	// jointly with the cell rates (see Calibrate); 1 with no exposure.
	Fitted float64
	// Expected is the events the class would have had with a factor of 1
	// (its child-years at the fitted cell rates): the evidence of Fitted,
	// which is Events/Expected.
	Expected float64
	Weight   float64 // Expected/(Expected+DurationPrior): the credibility of Fitted
	// Factor is Weight·Fitted + (1−Weight)·1, scaled (with the other
	// classes') so that the exposure-weighted mean factor is 1.
	Factor float64
}

// checkDurationBounds reports a bound that is not a whole number of months
// from 1 to 215 or not above the one before.
func checkDurationBounds(bounds []int) error {
	for i, b := range bounds {
		if b < 1 || b >= model.NAges || i > 0 && b <= bounds[i-1] {
			return fmt.Errorf("calibrate: duration bounds %v: each must be 1 to %d months, and above the one before", bounds, model.NAges-1)
		}
	}
	return nil
}

// monthsOn is the first day on which a period of care that began on start
// has lasted n whole months, as monthsOld counts them: the same day of the
// month n months on, or the first of the next month if that month is too
// short (a period begun on 31 January has lasted a month on 1 March).
func monthsOn(start civil, n int) Day {
	m := int(start.month) - 1 + n
	y, mo := start.year+m/12, m%12+1
	if start.day > daysInMonth(y, mo) {
		return CivilDay(y, time.Month(mo+1), 1)
	}
	return CivilDay(y, time.Month(mo), start.day)
}

// segment is a span of days [from, to) of one duration class.
type segment struct {
	from, to Day
	class    int
}

const lastPossibleDay Day = math.MaxInt32

// durations are the duration classes of a calibration's walk, and the
// classes of the period of care walked.
type durations struct {
	bounds []int
	// classes is the number of classes fitted: len(bounds)+1 and a last
	// one for time in care not known (see setPeriod); 1 without bounds.
	classes int
	// firstDay is the first day the returns cover: a period whose first
	// episode began before it, with an RNE other than S, began earlier.
	firstDay Day
	segs     []segment // of the period walked, in order of day
	start    civil     // the day the period walked began (or its first known day)
	known    bool      // the period's start is known
}

func newDurations(bounds []int, firstDay Day) *durations {
	u := &durations{bounds: bounds, classes: 1, firstDay: firstDay}
	if len(bounds) > 0 {
		u.classes = len(bounds) + 2
	}
	return u
}

// unknown is the class of days whose duration class is not known.
func (u *durations) unknown() int { return len(u.bounds) + 1 }

// setPeriod sets the classes of a period of care whose first episode is
// first. A period begins on its first episode's start; but if that
// episode's RNE is not S and it began before the returns' first day, the
// period began earlier, when is not known: its time in care is at least
// that since the episode began, and its days are of the unknown class
// until that is at least the last bound (then of the last class).
func (u *durations) setPeriod(first *Episode) {
	u.segs = u.segs[:0]
	if len(u.bounds) == 0 {
		u.segs = append(u.segs, segment{NoDay, lastPossibleDay, 0})
		return
	}
	start := first.Start
	u.start, u.known = start.civil(), first.RNE == codeS || start >= u.firstDay
	D := len(u.bounds)
	if !u.known {
		top := monthsOn(u.start, u.bounds[D-1])
		u.segs = append(u.segs, segment{NoDay, top, u.unknown()}, segment{top, lastPossibleDay, D})
		return
	}
	from := NoDay
	for d, b := range u.bounds {
		to := monthsOn(u.start, b)
		u.segs = append(u.segs, segment{from, to, d})
		from = to
	}
	u.segs = append(u.segs, segment{from, lastPossibleDay, D})
}

// classOf is the class of day d of the period walked.
func (u *durations) classOf(d Day) int {
	for _, s := range u.segs {
		if d < s.to {
			return s.class
		}
	}
	return u.segs[len(u.segs)-1].class
}

// leastClass is the class of day d were the period walked to have begun on
// its first known day: the least class it can be in.
func (u *durations) leastClass(d Day) int {
	months := monthsOld(u.start, d.civil())
	c := 0
	for c < len(u.bounds) && months >= u.bounds[c] {
		c++
	}
	return c
}

// factorFit is the Poisson model of events in duration class d and cell c
// (an age band and category, or a move) with mean E[d][c]·rate[c]·f[d].
type factorFit struct {
	E     [][]float64 // [class][cell]: child-years at risk
	Y     []float64   // [class]: child-years at risk, all cells (each child-year once)
	N     []float64   // [cell]: events, all classes
	M     []float64   // [class]: events, all cells
	known int         // classes 0 to known−1 are normalised; the rest (time in care unknown) are not reported
}

// maxFitRounds caps the rounds of iterative proportional fitting.
const maxFitRounds = 2000

// fit finds the maximum-likelihood factors, and the cell rates with them, by iterative proportional
// fitting: the cell rates given the factors, rate[c] = N[c]/Σ_d E[d][c]·f[d],
// then the factors given the rates, f[d] = M[d]/Σ_c E[d][c]·rate[c], until
// no factor changes by more than 1e-10; each round scaled so that the
// exposure-weighted mean of the known classes' factors is 1. A class
// without exposure keeps the factor 1.
func (p *factorFit) fit() (f, rate []float64) {
	f = make([]float64, len(p.E))
	for d := range f {
		f[d] = 1
	}
	rate = make([]float64, len(p.N))
	for round := 0; round < maxFitRounds; round++ {
		p.rates(f, rate)
		change := 0.0
		for d := range f {
			next := 1.0
			if x := dot(p.E[d], rate); x > 0 {
				next = p.M[d] / x
			}
			change = max(change, math.Abs(next-f[d]))
			f[d] = next
		}
		p.normalise(f)
		if change < 1e-10 {
			break
		}
	}
	p.rates(f, rate)
	return f, rate
}

// rates sets the cell rates that fit the events given the factors f.
func (p *factorFit) rates(f, rate []float64) {
	for c := range rate {
		rate[c] = 0
		if x := p.effective(f, c); x > 0 {
			rate[c] = p.N[c] / x
		}
	}
}

// effective is cell c's child-years weighted by the factors of their classes.
func (p *factorFit) effective(f []float64, c int) float64 {
	var x float64
	for d, e := range p.E {
		x += e[c] * f[d]
	}
	return x
}

// normalise scales f so that the mean of the known classes' factors,
// weighted by their child-years, is 1; a class without child-years gets 1.
func (p *factorFit) normalise(f []float64) {
	var num, den float64
	for d := 0; d < p.known; d++ {
		num += p.Y[d] * f[d]
		den += p.Y[d]
	}
	for d := range f {
		switch {
		case p.Y[d] == 0:
			f[d] = 1
		case num > 0 && den > 0:
			f[d] *= den / num
		}
	}
}

// factors fits the model and shrinks each class's factor towards 1 by a
// credibility weight, m/(m+prior), m being the events the class would have
// had with a factor of 1 (the Poisson-gamma credibility: the factor has a
// gamma prior of mean 1 worth prior events, so that a class of a small
// council with two events is not given a factor of 10); then scales them
// again so that their exposure-weighted mean is 1: one Factor a class, the
// unknown class's last.
func (p *factorFit) factors(prior float64) []Factor {
	fitted, rate := p.fit()
	out := make([]Factor, len(fitted))
	shrunk := make([]float64, len(fitted))
	for d, f := range fitted {
		m := dot(p.E[d], rate)
		w := 0.0
		if m > 0 {
			w = m / (m + prior)
		}
		shrunk[d] = w*f + (1 - w)
		out[d] = Factor{Events: p.M[d], Years: p.Y[d], Fitted: f, Expected: m, Weight: w}
	}
	p.normalise(shrunk)
	for d := range out {
		out[d].Factor = shrunk[d]
	}
	return out
}

func dot(a, b []float64) float64 {
	var s float64
	for i, v := range a {
		s += v * b[i]
	}
	return s
}

// firstDay is the first day of the first month the returns cover; NoDay
// if that is not known.
func firstDay(r *Returns) Day {
	runs, err := r.Runs()
	if err != nil || len(runs) == 0 {
		return NoDay
	}
	return lastDay(runs[0].First-1) + 1
}

// classYears is a calibration's exposure by duration class, and the
// factors that weight it for each group of rates.
type classYears struct {
	years [][]float64 // [class][band][category]: child-years
	raw   []float64   // [band][category]: child-years, all classes
	exitF [][]float64 // [reason][class]: the factors on the exit rates
	moveF []float64   // [class]: the factors on the move rates
}

// exit is a [band][category] cell's child-years weighted by exit reason r's factors.
func (x *classYears) exit(r, cell int) float64 { return x.weighted(x.exitF[r], cell) }

// move is a [band][category] cell's child-years weighted by the move factors.
func (x *classYears) move(cell int) float64 { return x.weighted(x.moveF, cell) }

func (x *classYears) weighted(f []float64, cell int) float64 {
	var y float64
	for d, years := range x.years {
		y += years[cell] * f[d]
	}
	return y
}

// countStock counts a child of a months in category k in the stock by
// duration class, or, if the class is not known, by the least it can be.
func (w *calibrating) countStock(a, k int) {
	u := w.dur
	if len(u.bounds) == 0 {
		return
	}
	i := a*len(w.cl.cats) + k
	if d := u.classOf(w.stockDay); d != u.unknown() {
		w.c.InitialDuration[d*model.NAges*len(w.cl.cats)+i]++
	} else {
		w.unknown[u.leastClass(w.stockDay)*model.NAges*len(w.cl.cats)+i]++
	}
}

// spreadStock spreads the stock of unknown duration over the classes each
// child can be in, in proportion to the stock of known duration in them
// (all to the last class if there is none).
func (w *calibrating) spreadStock() {
	c, n, D := w.c, model.NAges*len(w.cl.cats), len(w.dur.bounds)+1
	totals := make([]float64, D)
	for d := range totals {
		totals[d] = floats.Sum(c.InitialDuration[d*n : (d+1)*n])
	}
	for least := 0; least < D; least++ {
		s := floats.Sum(totals[least:])
		for i, v := range w.unknown[least*n : (least+1)*n] {
			if v == 0 {
				continue
			}
			c.UnknownDuration += v
			for d := least; d < D; d++ {
				share := 0.0
				switch {
				case s > 0:
					share = totals[d] / s
				case d == D-1:
					share = 1
				}
				c.InitialDuration[d*n+i] += v * share
			}
		}
	}
}

// fitDurations turns the walk's exposure into child-years by class and
// fits the duration factors of each exit reason and of the moves (see
// factorFit), shrunk with the prior weight of DurationPrior events;
// without duration bounds every factor is 1.
func (w *calibrating) fitDurations(prior float64) *classYears {
	c, K, B, R, D := w.c, len(w.cl.cats), len(w.bands), len(w.cl.reasons), w.dur.classes
	nc := B * K
	x := &classYears{years: make([][]float64, D), raw: make([]float64, nc), exitF: make([][]float64, R)}
	for d := range x.years {
		x.years[d] = make([]float64, nc)
		for cell := range nc {
			x.years[d][cell] = w.exposure[d*nc+cell] / model.DaysPerYear
		}
	}
	for cell := range nc {
		var days float64
		for d := 0; d < D; d++ {
			days += w.exposure[d*nc+cell]
		}
		x.raw[cell] = days / model.DaysPerYear
	}
	if len(w.dur.bounds) == 0 {
		for r := range x.exitF {
			x.exitF[r] = []float64{1}
		}
		x.moveF = []float64{1}
		return x
	}
	known := D - 1
	for r := range x.exitF {
		fit := factorFit{E: x.years, Y: classTotals(x.years), N: make([]float64, nc), M: w.exitClass[r*D : (r+1)*D], known: known}
		for cell := range fit.N {
			fit.N[cell] = c.Exit[r*nc+cell].Events
		}
		fs := fit.factors(prior)
		c.ExitDuration = append(c.ExitDuration, fs[:known]...)
		x.exitF[r] = factorValues(fs)
	}
	fs := w.moveFit(x.years).factors(prior)
	c.MoveDuration = fs[:known]
	x.moveF = factorValues(fs)
	c.UnknownYears = floats.Sum(x.years[D-1])
	w.spreadStock()
	return x
}

// moveFit is the factor model of the moves: its cells are [band][from][to],
// at risk for the child-years in from.
func (w *calibrating) moveFit(years [][]float64) *factorFit {
	c, K := w.c, len(w.cl.cats)
	fit := &factorFit{E: make([][]float64, len(years)), Y: classTotals(years), N: make([]float64, len(c.Move)), M: w.moveClass, known: len(years) - 1}
	for d, y := range years {
		fit.E[d] = make([]float64, len(c.Move))
		for cell := range c.Move {
			if from, to := cell/K%K, cell%K; from != to {
				fit.E[d][cell] = y[cell/(K*K)*K+from]
			}
		}
	}
	for cell, m := range c.Move {
		fit.N[cell] = m.Events
	}
	return fit
}

// classTotals is each class's child-years, all cells.
func classTotals(years [][]float64) []float64 {
	y := make([]float64, len(years))
	for d, cells := range years {
		y[d] = floats.Sum(cells)
	}
	return y
}

func factorValues(fs []Factor) []float64 {
	f := make([]float64, len(fs))
	for d, x := range fs {
		f[d] = x.Factor
	}
	return f
}

// durationParams sets p's duration classes, factors, stock by class and
// the evidence of the exit factors; nothing without duration bounds.
func (c *Calibration) durationParams(p *model.Params) {
	if len(c.Options.DurationBounds) == 0 {
		return
	}
	p.DurationBounds = append([]int(nil), c.Options.DurationBounds...)
	p.ExitDuration = factorValues(c.ExitDuration)
	p.MoveDuration = factorValues(c.MoveDuration)
	p.InitialDuration = append([]float64(nil), c.InitialDuration...)
	p.Evidence.ExitDuration = make([]model.Count, len(c.ExitDuration))
	for i, f := range c.ExitDuration {
		p.Evidence.ExitDuration[i] = model.Count{Events: f.Events, Exposure: f.Years}
	}
}
