package pipeline

import (
	"fmt"
	"slices"
	"time"

	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/model/montecarlo"
	"github.com/carecast/carecast/model/target"
)

// DefaultRuns is the number of futures a forecast simulates when asked
// for none in particular (Runs < 0) and its scenario carries the evidence
// of a calibration: enough for the 80% range to settle within a few
// children, at a fraction of a second.
const DefaultRuns = 200

// BandOptions set up the Monte Carlo runs of a forecast.
type BandOptions struct {
	// Runs is the number of futures to simulate: 0 for none, below 0 for
	// DefaultRuns if the scenario carries calibration evidence, else none.
	Runs int
	// Seed picks the random numbers; the same seed gives the same bands.
	Seed uint64
	// Fixed keeps the rates as the scenario gives them; otherwise each run
	// draws them from the evidence behind them, if the scenario has it.
	Fixed bool
	// Progress, if not nil, is told the runs done of the total.
	Progress func(done, total int)
}

// Bands are a forecast's Monte Carlo runs and what they say of its
// targets.
type Bands struct {
	Runs *montecarlo.Runs
	// Uncertain is whether each run drew its rates from their evidence.
	Uncertain bool
	Seed      uint64
	// Took is how long the runs took.
	Took time.Duration
	// Odds are the chances of meeting each of the forecast's targets, in
	// the order of Forecast.Targets.
	Odds []Odds
}

// Odds are the chances of meeting a target: Met, the share of runs that
// meet it (at its month, or in its year); and, for a month's target,
// ByMonth, the share that meet it at the end of each month.
type Odds struct {
	Met     float64
	ByMonth []float64
}

// runs is the number of runs o asks of a scenario.
func (o BandOptions) runs(p *model.Params) int {
	if o.Runs < 0 {
		if p.Evidence != nil {
			return DefaultRuns
		}
		return 0
	}
	return o.Runs
}

// simulate makes the forecast's Monte Carlo runs, if o asks for any.
func (f *Forecast) simulate(o BandOptions) error {
	p := f.Scenario.Params
	n := o.runs(p)
	if n == 0 {
		return nil
	}
	if n > montecarlo.MaxRuns {
		return fmt.Errorf("--runs %d: at most %d", n, montecarlo.MaxRuns)
	}
	s := montecarlo.Settings{Runs: n, Seed: o.Seed, Uncertainty: !o.Fixed && p.Evidence != nil}
	if o.Progress != nil {
		s.Progress = func(done int) { o.Progress(done, n) }
	}
	start := time.Now()
	runs, err := montecarlo.Simulate(p, s)
	if err != nil {
		return fmt.Errorf("%s: simulating %d runs: %w", f.Scenario.Files[0], n, err)
	}
	f.Bands = &Bands{Runs: runs, Uncertain: s.Uncertainty, Seed: o.Seed, Took: time.Since(start)}
	for _, out := range f.Targets {
		f.Bands.Odds = append(f.Bands.Odds, odds(out.Target, runs))
	}
	return nil
}

// odds are the chances of meeting t over the runs. A saving target is
// never among a forecast's.
func odds(t target.Target, runs *montecarlo.Runs) Odds {
	if t.Yearly() {
		from := int(model.MonthOf(t.Year, time.April) - runs.Start)
		return Odds{Met: runs.Probability(func(v montecarlo.RunView) bool {
			var c float64
			for m := from; m < from+12; m++ {
				c += v.Cost(m)
			}
			return t.Op.Holds(c, t.Value)
		})}
	}
	k := slices.Index(runs.Categories, t.Category)
	value := func(v montecarlo.RunView, m int) float64 {
		if k < 0 {
			return float64(v.InCare(m))
		}
		return float64(v.Category(m, k))
	}
	by := runs.ProbabilityByMonth(func(v montecarlo.RunView, m int) bool { return t.Op.Holds(value(v, m), t.Value) })
	return Odds{Met: by[int(t.By-runs.Start)], ByMonth: by}
}

// MonteCarlo gives a projection's 80% band from simulated futures: Runs of
// them (DefaultRuns if 0), each drawing its rates from the evidence behind
// them unless Fixed (or the Params carry none). It is a Bander.
type MonteCarlo struct {
	Runs  int
	Seed  uint64
	Fixed bool
}

// Band is the 10th and 90th percentiles of the children in care at each
// month end over the futures.
func (mc MonteCarlo) Band(p *model.Params) (p10, p90 []float64, err error) {
	n := mc.Runs
	if n == 0 {
		n = DefaultRuns
	}
	runs, err := montecarlo.Simulate(p, montecarlo.Settings{Runs: n, Seed: mc.Seed, Uncertainty: !mc.Fixed && p.Evidence != nil})
	if err != nil {
		return nil, nil, err
	}
	p10, p90 = make([]float64, runs.Months), make([]float64, runs.Months)
	for t := range p10 {
		q := runs.InCare(t)
		p10[t], p90[t] = q.P10, q.P90
	}
	return p10, p90, nil
}
