package model

import "slices"

// buildTransitions works out each month's intensities, by duration class
// and band, after the rate changes in force that month, and the transition
// probabilities they give. The intensities are worked out again only in
// months in which a change alters them.
func (pl *plan) buildTransitions() {
	p := pl.p
	K, B, R, D := pl.k, pl.b, pl.r, pl.d
	exitMult := make([]float64, D*R*B*K) // [class][reason][band][category]
	moveMult := make([]float64, D*B*K*K) // [class][band][from][to]
	prevExit := make([]float64, len(exitMult))
	prevMove := make([]float64, len(moveMult))
	width := K*K + K*R
	rates := make([]float64, D*B*width) // [class][band]: moves K×K, then exits K×R
	rateChanges := slices.ContainsFunc(p.Changes, func(c RateChange) bool {
		return c.Lever == LeverExit || c.Lever == LeverMove
	})
	ne, nm := R*B*K, B*K*K
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
			for d := 0; d < D; d++ {
				for b := 0; b < B; b++ {
					f := d*B + b
					pl.bandRates(b, d, rates[f*width:(f+1)*width], exitMult[d*ne:(d+1)*ne], moveMult[d*nm:(d+1)*nm])
				}
			}
		}
		for f := 0; f < D*B; f++ {
			pl.monthTrans[t*D*B+f] = pl.trans.index(f, m.Days(), rates[f*width:(f+1)*width], changed)
		}
	}
}

// bandRates sets br to the intensities of band b and duration class d, as
// transitionSet.index takes them: the moves K×K (the diagonal zero), then
// the exits K×R, each rate times its multiplier (of the class) and its
// duration factor.
func (pl *plan) bandRates(b, d int, br, exitMult, moveMult []float64) {
	p := pl.p
	K, R := pl.k, pl.r
	lo, hi := p.MoveAt(b, 0, 0), p.MoveAt(b+1, 0, 0)
	mf := p.moveFactor(d)
	for i, v := range p.Move[lo:hi] {
		br[i] = v * moveMult[lo+i] * mf
	}
	for i := 0; i < K; i++ {
		br[i*K+i] = 0
		for r := 0; r < R; r++ {
			br[K*K+i*R+r] = p.Exit[p.ExitAt(r, b, i)] * exitMult[p.ExitAt(r, b, i)] * p.exitFactor(r, d)
		}
	}
}

// buildCrossings works out, for each month, class and band, the
// transitions of the children who reach a new band or duration class
// during the month, on average half way through: half of the month at the
// rates of one, then half at those of the other. Each distinct pair is
// built once.
func (pl *plan) buildCrossings() {
	B, D, H := pl.b, pl.d, pl.p.Horizon
	if B > 1 {
		pl.monthCross = make([]int, H*D*(B-1))
	}
	if D > 1 {
		pl.monthDur = make([]int, H*(D-1)*B)
		pl.monthBoth = make([]int, H*(D-1)*(B-1))
	}
	seen := map[[2]int]int{}
	cross := func(i, j int) int {
		key := [2]int{i, j}
		x, ok := seen[key]
		if !ok {
			x = len(pl.crossings)
			pl.crossings = append(pl.crossings, pl.trans.cross(i, j))
			seen[key] = x
		}
		return x
	}
	for t := 0; t < H; t++ {
		for d := 0; d < D; d++ {
			mt := pl.monthTrans[(t*D+d)*B : (t*D+d+1)*B]
			for b := 0; b+1 < B; b++ {
				pl.monthCross[(t*D+d)*(B-1)+b] = cross(mt[b], mt[b+1])
			}
			if d+1 == D {
				continue
			}
			nx := pl.monthTrans[(t*D+d+1)*B : (t*D+d+2)*B]
			for b := 0; b < B; b++ {
				pl.monthDur[(t*(D-1)+d)*B+b] = cross(mt[b], nx[b])
				if b+1 < B {
					pl.monthBoth[(t*(D-1)+d)*(B-1)+b] = cross(mt[b], nx[b+1])
				}
			}
		}
	}
}

// changeRates works out the multipliers of the exit and move intensities in
// force in month m, for each duration class ([class] of Exit's and Move's
// shapes).
func (pl *plan) changeRates(m Month, exitMult, moveMult []float64) {
	fill(exitMult, 1)
	fill(moveMult, 1)
	ne, nm := len(exitMult)/pl.d, len(moveMult)/pl.d
	for i := range pl.p.Changes {
		c := &pl.p.Changes[i]
		f := c.Ramp.At(m)
		for d := 0; d < pl.d; d++ {
			if !inSet(c.Durations, d) {
				continue
			}
			switch c.Lever {
			case LeverExit:
				pl.p.scaled(c, func(j int) { exitMult[d*ne+j] *= f })
			case LeverMove:
				pl.p.scaled(c, func(j int) { moveMult[d*nm+j] *= f })
			}
		}
	}
}
