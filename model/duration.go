package model

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
)

// DurationClassName is the name of duration class d of the bounds, in
// months since the period of care began: "0-1", "12-24", "24+" (with no
// bounds, the one class is "all").
func DurationClassName(bounds []int, d int) string {
	if len(bounds) == 0 {
		return "all"
	}
	lo := 0
	if d > 0 {
		lo = bounds[d-1]
	}
	if d == len(bounds) {
		return fmt.Sprintf("%d+", lo)
	}
	return fmt.Sprintf("%d-%d", lo, bounds[d])
}

// DurationClassOf is the duration class of a child who has been in care
// whole months: the number of bounds at or below it.
func DurationClassOf(bounds []int, months int) int {
	d := 0
	for d < len(bounds) && months >= bounds[d] {
		d++
	}
	return d
}

// exitFactor is the factor of the exit rates of reason r in duration class d.
func (p *Params) exitFactor(r, d int) float64 {
	if len(p.ExitDuration) == 0 {
		return 1
	}
	return p.ExitDuration[r*p.D()+d]
}

// moveFactor is the factor of the move rates in duration class d.
func (p *Params) moveFactor(d int) float64 {
	if len(p.MoveDuration) == 0 {
		return 1
	}
	return p.MoveDuration[d]
}

// durationSlots is the duration class of each slot of the stock: one slot
// for each whole month in care below the last bound, then one for the last
// class; one slot with no bounds.
func durationSlots(bounds []int) []int {
	if len(bounds) == 0 {
		return []int{0}
	}
	last := bounds[len(bounds)-1]
	out := make([]int, last+1)
	for u := range out {
		out[u] = DurationClassOf(bounds, u)
	}
	return out
}

// SteadyDurations splits p.Initial by duration class, [class][age in
// months][category], as a steady state would hold it when the durations of
// the stock are unknown. The children aged a months in category k are taken
// to have entered at every younger age x in proportion to the routes'
// entries of that age, e(x) = Σ PerMonth·(age profile share of x's year)/12,
// and to have stayed since at the exit rates of their present cell (band
// and category) times ExitDuration, without moves or changes of band: the
// share of those in care u whole months is
//
//	e(a−u)·S(u) / Σ_{v<=a} e(a−v)·S(v),   u <= a,
//
// where S(u) = exp(−Σ_{v<u} λ(v)/12 − λ(u)/24) is the chance of staying
// u+½ months and λ(v) is the cell's total exit rate in the class of month
// v. Where no route brings children of the ages that could lead there,
// e is taken as even. p must be valid.
func SteadyDurations(p *Params) []float64 {
	K, D := p.K(), p.D()
	slots := durationSlots(p.DurationBounds)
	steady := steadySlots(p, slots, p.Initial, nil)
	out := make([]float64, D*NAges*K)
	for s, d := range slots {
		for i, x := range steady[s*NAges*K : (s+1)*NAges*K] {
			out[d*NAges*K+i] += x * p.Initial[i]
		}
	}
	return out
}

// initialStock is p's initial stock by slot, [slot][age][category]:
// Initial with one class; with more, InitialDuration spread over the
// months of each class (slots) in the shares of steadySlots (evenly if
// those are zero), or Initial spread by steadySlots.
func initialStock(p *Params) []float64 {
	if p.D() == 1 {
		return p.Initial
	}
	N := NAges * p.K()
	slots := durationSlots(p.DurationBounds)
	steady := steadySlots(p, slots, p.Initial, p.InitialDuration)
	out := make([]float64, len(slots)*N)
	if len(p.InitialDuration) == 0 {
		for i, x := range steady {
			out[i] = x * p.Initial[i%N]
		}
		return out
	}
	classShare := make([]float64, p.D()*N) // Σ of steady over each class's slots
	for s, d := range slots {
		floats.Add(classShare[d*N:(d+1)*N], steady[s*N:(s+1)*N])
	}
	width := make([]float64, p.D()) // slots of each class
	for _, d := range slots {
		width[d]++
	}
	for s, d := range slots {
		for i := 0; i < N; i++ {
			share := 1 / width[d]
			if c := classShare[d*N+i]; c > 0 {
				share = steady[s*N+i] / c
			}
			out[s*N+i] = p.InitialDuration[d*N+i] * share
		}
	}
	return out
}

// steadySlots is, for each slot, age and category, the share of the
// children of that age and category in the slot in the steady state of
// SteadyDurations, [slot][age][category], for the ages and categories that
// hold children in stock ([age][category]) or in byClass
// ([class][age][category], may be empty); the others' shares are left zero,
// since they split nobody.
func steadySlots(p *Params, slots []int, stock, byClass []float64) []float64 {
	K, S := p.K(), len(slots)
	out := make([]float64, S*NAges*K)
	entry := entryDensity(p)
	class, slot := make([]int, NAges), make([]int, NAges)
	for u := range class {
		class[u] = DurationClassOf(p.DurationBounds, u)
		slot[u] = min(u, S-1)
	}
	held := heldCells(stock, byClass)
	share, surv, lam := make([]float64, S), make([]float64, NAges), make([]float64, p.D())
	for b := range p.Bands {
		lo, hi := 12*p.Bands[b].Min, 12*p.Bands[b].Max+11
		for k := 0; k < K; k++ {
			var sv []float64 // the cell's survival, worked out when first needed
			for a := lo; a <= hi; a++ {
				if !held[a*K+k] {
					continue
				}
				if sv == nil {
					sv = survival(p, b, k, class, lam, surv)
				}
				steadyShares(entry, sv, slot, a, share)
				for s, x := range share {
					out[(s*NAges+a)*K+k] = x
				}
			}
		}
	}
	return out
}

// heldCells reports, for each age and category, whether stock
// ([age][category]) or byClass ([class][age][category]) holds children of
// it.
func heldCells(stock, byClass []float64) []bool {
	held := make([]bool, len(stock))
	for i, x := range stock {
		held[i] = x != 0
	}
	for i, x := range byClass {
		if x != 0 {
			held[i%len(stock)] = true
		}
	}
	return held
}

// entryDensity is the expected entrants of each age in months, by every
// route, as SteadyDurations takes them.
func entryDensity(p *Params) []float64 {
	e := make([]float64, NAges)
	for _, r := range p.Routes {
		total := sum(r.AgeProfile[:])
		if total == 0 {
			continue
		}
		for x := range e {
			e[x] += r.PerMonth * r.AgeProfile[x/12] / total / 12
		}
	}
	return e
}

// survival sets surv[u] to the chance that a child in band b and category
// k stays in care u+½ months, at the exit rates of the classes of each
// month of duration (class[u]), and returns surv; lam is scratch of a value
// per class.
func survival(p *Params, b, k int, class []int, lam, surv []float64) []float64 {
	clear(lam)
	for d := range lam {
		for r := 0; r < p.R(); r++ {
			lam[d] += p.Exit[p.ExitAt(r, b, k)] * p.exitFactor(r, d)
		}
	}
	var cum float64 // Σ λ/12 over the months before u
	for u := range surv {
		l := lam[class[u]] / 12
		surv[u] = math.Exp(-cum - l/2)
		cum += l
	}
	return surv
}

// steadyShares sets share to the steady shares of the slots (slot[u] is
// that of month u of duration) among children aged a months (see
// SteadyDurations).
func steadyShares(entry, surv []float64, slot []int, a int, share []float64) {
	clear(share)
	var total float64
	for u := 0; u <= a; u++ {
		w := entry[a-u] * surv[u]
		share[slot[u]] += w
		total += w
	}
	if total == 0 { // no entrants of the ages that lead here: take them as even
		for u := 0; u <= a; u++ {
			share[slot[u]] += surv[u]
			total += surv[u]
		}
	}
	for d := range share {
		share[d] /= total
	}
}
