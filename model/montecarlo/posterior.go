package montecarlo

import (
	"fmt"
	"math"
	"slices"

	"github.com/carecast/carecast/model"
)

// posterior draws a run's rates given the evidence behind them.
//
// An intensity estimated from E events over X child-years has the
// posterior Gamma(E + ½, rate X) under Jeffreys' prior: mean (E + ½)/X,
// relative spread 1/√(E + ½). A calibrated rate is not E/X but that rate
// shrunk towards its parent by credibility (data.Calibrate), and the
// evidence does not say how far. So the draw keeps the calibrated rate as
// the centre and scales it by the posterior's relative spread: rate ·
// G/(E + ½), G ~ Gamma(E + ½, 1), a factor of mean 1. A cell shrunk a long
// way towards its parent (little evidence) so gets the spread of its own
// few events, which overstates its uncertainty (the parent is better known);
// re-shrinking a raw draw would need the credibility and parent, which
// Params do not carry. A cell with no exposure keeps its rate, as does a
// rate of zero. A route's entries a month, from E entries over X months,
// are scaled alike. Rates drawn beyond model.MaxRate (or entries beyond
// model.MaxEntriesPerMonth) are cut to it.
type posterior struct {
	p *model.Params
}

// newPosterior checks p's evidence: each table nil or shaped as its rates,
// every count finite, not negative and at most model.MaxEvidence.
func newPosterior(p *model.Params) (*posterior, error) {
	ev := p.Evidence
	for _, c := range []struct {
		name   string
		counts []model.Count
		rates  int
	}{{"Exit", ev.Exit, len(p.Exit)}, {"Move", ev.Move, len(p.Move)}, {"Entries", ev.Entries, len(p.Routes)}} {
		if c.counts == nil {
			continue
		}
		if len(c.counts) != c.rates {
			return nil, fmt.Errorf("montecarlo: Evidence.%s has %d counts, want %d, one per rate", c.name, len(c.counts), c.rates)
		}
		for i, n := range c.counts {
			for _, x := range []float64{n.Events, n.Exposure} {
				if !(x >= 0 && x <= model.MaxEvidence) {
					return nil, fmt.Errorf("montecarlo: Evidence.%s[%d] is %v events over %v: want finite counts from 0 to %g",
						c.name, i, n.Events, n.Exposure, model.MaxEvidence)
				}
			}
		}
	}
	return &posterior{p: p}, nil
}

// tables draws a run's rates from st and works out their tables from
// base, the tables of the Params' own rates.
func (q *posterior) tables(st *stream, base *tables) (*tables, error) {
	ev := q.p.Evidence
	s, err := base.s.WithRates(draw(st, q.p.Exit, ev.Exit, model.MaxRate), draw(st, q.p.Move, ev.Move, model.MaxRate))
	if err != nil {
		return nil, err
	}
	tb := base.withTransitions(s)
	if ev.Entries != nil {
		factor := make([]float64, len(ev.Entries))
		for ri, n := range ev.Entries {
			factor[ri] = scale(st, 1, n, math.Inf(1))
		}
		tb.entries = slices.Clone(base.entries)
		for i := range tb.entries {
			e := &tb.entries[i]
			e.lambda = slices.Clone(e.lambda)
			for ri := range e.lambda {
				e.lambda[ri] = math.Min(e.lambda[ri]*factor[ri], model.MaxEntriesPerMonth)
			}
		}
	}
	return tb, nil
}

// draw is rates, each scaled by a draw from its evidence; rates without
// evidence (nil) are returned as they are.
func draw(st *stream, rates []float64, evidence []model.Count, most float64) []float64 {
	if evidence == nil {
		return rates
	}
	out := make([]float64, len(rates))
	for i, r := range rates {
		out[i] = scale(st, r, evidence[i], most)
	}
	return out
}

// scale is rate times G/(E + ½), G ~ Gamma(E + ½, 1), for the evidence of E
// events, at most most; a rate of zero or without exposure is kept.
func scale(st *stream, rate float64, n model.Count, most float64) float64 {
	if rate == 0 || n.Exposure == 0 {
		return rate
	}
	alpha := n.Events + 0.5
	return math.Min(rate*st.gamma(alpha)/alpha, most)
}
