package model

import "slices"

// buildTransitions works out each month's intensities, after the rate
// changes in force that month, and the transition probabilities they give.
// The intensities are worked out again only in months in which a change
// alters them.
func (pl *plan) buildTransitions() {
	p := pl.p
	K, B, R := pl.k, pl.b, pl.r
	exitMult := make([]float64, R*B*K)
	moveMult := make([]float64, B*K*K)
	prevExit := make([]float64, R*B*K)
	prevMove := make([]float64, B*K*K)
	width := K*K + K*R
	rates := make([]float64, B*width) // [band]: moves K×K, then exits K×R
	rateChanges := slices.ContainsFunc(p.Changes, func(c RateChange) bool {
		return c.Lever == LeverExit || c.Lever == LeverMove
	})
	for t := 0; t < p.Horizon; t++ {
		m := p.Start + Month(t)
		changed := t == 0
		if rateChanges {
			pl.changeRates(m, exitMult, moveMult)
			changed = changed || !slices.Equal(exitMult, prevExit) || !slices.Equal(moveMult, prevMove)
		} else if t == 0 {
			fill(exitMult, 1)
			fill(moveMult, 1)
		}
		if changed {
			copy(prevExit, exitMult)
			copy(prevMove, moveMult)
			for b := 0; b < B; b++ {
				pl.bandRates(b, rates[b*width:(b+1)*width], exitMult, moveMult)
			}
		}
		for b := 0; b < B; b++ {
			pl.monthTrans[t*B+b] = pl.trans.index(b, m.Days(), rates[b*width:(b+1)*width], changed)
		}
	}
}

// bandRates sets br to band b's intensities, as transitionSet.index takes
// them: the moves K×K (the diagonal zero), then the exits K×R, each rate
// times its multiplier.
func (pl *plan) bandRates(b int, br, exitMult, moveMult []float64) {
	p := pl.p
	K, R := pl.k, pl.r
	lo, hi := p.MoveAt(b, 0, 0), p.MoveAt(b+1, 0, 0)
	for i, v := range p.Move[lo:hi] {
		br[i] = v * moveMult[lo+i]
	}
	for i := 0; i < K; i++ {
		br[i*K+i] = 0
		for r := 0; r < R; r++ {
			br[K*K+i*R+r] = p.Exit[p.ExitAt(r, b, i)] * exitMult[p.ExitAt(r, b, i)]
		}
	}
}

// buildCrossings works out, for each month and each band but the last, the
// transition of the children in the band's oldest month of age: they reach
// the next band during the month, on average half way through, so they
// take half of the month at each band's rates.
func (pl *plan) buildCrossings() {
	B := pl.b
	if B < 2 {
		return
	}
	pl.monthCross = make([]int, pl.p.Horizon*(B-1))
	seen := map[[2]int]int{}
	for t := 0; t < pl.p.Horizon; t++ {
		mt := pl.monthTrans[t*B : (t+1)*B]
		for b := 0; b+1 < B; b++ {
			key := [2]int{mt[b], mt[b+1]}
			i, ok := seen[key]
			if !ok {
				i = len(pl.crossings)
				pl.crossings = append(pl.crossings, pl.trans.cross(mt[b], mt[b+1]))
				seen[key] = i
			}
			pl.monthCross[t*(B-1)+b] = i
		}
	}
}

// changeRates works out the multipliers of the exit and move intensities in
// force in month m.
func (pl *plan) changeRates(m Month, exitMult, moveMult []float64) {
	fill(exitMult, 1)
	fill(moveMult, 1)
	for i := range pl.p.Changes {
		c := &pl.p.Changes[i]
		f := c.Ramp.At(m)
		switch c.Lever {
		case LeverExit:
			pl.p.scaled(c, func(j int) { exitMult[j] *= f })
		case LeverMove:
			pl.p.scaled(c, func(j int) { moveMult[j] *= f })
		}
	}
}
