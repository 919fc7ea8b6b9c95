package montecarlo

import (
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/carecast/carecast/model"
)

// Settings set up a simulation.
type Settings struct {
	// Runs is the number of futures simulated, at least 1.
	Runs int
	// Seed picks the random numbers: the same Seed gives the same runs,
	// whatever the number of workers.
	Seed uint64
	// Workers is the number of goroutines the runs are spread over; 0 means
	// runtime.GOMAXPROCS(0).
	Workers int
	// Uncertainty draws each run's rates from their posterior given the
	// Params' Evidence before simulating it (see the package
	// documentation); without Evidence it does nothing.
	Uncertainty bool
	// Progress, if not nil, is called with the number of runs done after
	// each run, from one goroutine (the caller's).
	Progress func(done int)
}

// MaxRuns is the largest number of runs a simulation takes.
const MaxRuns = 1_000_000

// maxCategories is the most categories a run's children can be in (a
// child's category is a byte).
const maxCategories = math.MaxInt8

// Simulate runs s.Runs futures of the projection of p, children one at a
// time, and returns them. It returns p's problems (model.Errors) if p is
// not valid.
func Simulate(p *model.Params, s Settings) (*Runs, error) {
	if s.Runs < 1 || s.Runs > MaxRuns {
		return nil, fmt.Errorf("montecarlo: %d runs, want 1 to %d", s.Runs, MaxRuns)
	}
	if s.Workers < 0 {
		return nil, fmt.Errorf("montecarlo: %d workers, want 0 (all cores) or more", s.Workers)
	}
	sched, err := model.NewSchedule(p)
	if err != nil {
		return nil, err
	}
	if p.K() > maxCategories {
		return nil, fmt.Errorf("montecarlo: %d categories, at most %d", p.K(), maxCategories)
	}
	base := newTables(sched)
	var prior *posterior
	if s.Uncertainty && p.Evidence != nil {
		if prior, err = newPosterior(p); err != nil {
			return nil, err
		}
	}
	runs := newRuns(p, s.Runs)
	workers := s.Workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	err = spread(min(workers, s.Runs), s, func(sm *sim, i int) error {
		tb := base
		sm.st.seed(s.Seed, i)
		if prior != nil {
			var err error
			if tb, err = prior.tables(sm.st, base); err != nil {
				return fmt.Errorf("montecarlo: run %d: the rates drawn: %w", i, err)
			}
		}
		sm.tb = tb
		runs.initial[i] = int32(sm.populate())
		out := runs.record(i)
		for t := 0; t < p.Horizon; t++ {
			sm.month(t, out)
		}
		return nil
	}, base)
	if err != nil {
		return nil, err
	}
	return runs, nil
}

// spread runs run(sim, i) for every run i on workers goroutines, each with
// its own sim, calling s.Progress from this one. It returns the error of
// the first run, in order, that failed.
func spread(workers int, s Settings, run func(*sim, int) error, tb *tables) error {
	var next atomic.Int64
	errs := make([]error, s.Runs)
	done := make(chan struct{}, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Go(func() {
			sm := newSim(tb)
			for {
				i := int(next.Add(1) - 1)
				if i >= s.Runs {
					return
				}
				errs[i] = run(sm, i)
				done <- struct{}{}
			}
		})
	}
	go func() {
		wg.Wait()
		close(done)
	}()
	n := 0
	for range done {
		n++
		if s.Progress != nil {
			s.Progress(n)
		}
	}
	return firstError(errs)
}

func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
