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
	// Method is how the runs are simulated: Auto (the zero value) chooses
	// by the size of the population (see ChooseMethod).
	Method Method
}

// Method is how runs are simulated. Both give the same distribution of
// futures; they differ in speed, and in the random numbers they use.
type Method int

const (
	// Auto is Children for a council's population, Cells for a larger
	// one (see ChooseMethod).
	Auto Method = iota
	// Children simulates the children one at a time.
	Children
	// Cells simulates the counts of children by age in months and
	// category, splitting each cell over its transition row by a
	// multinomial draw. It does not follow duration classes: Simulate
	// refuses it for Params with DurationBounds.
	Cells
)

func (m Method) String() string {
	switch m {
	case Auto:
		return "auto"
	case Children:
		return "children"
	case Cells:
		return "cells"
	}
	return fmt.Sprintf("Method(%d)", int(m))
}

// MaxInitial and MaxEntrants are the most children a run can start with
// and the most expected entrants in a month (over routes) it can simulate,
// far beyond England's 84,000 children in care: they keep every count
// within 32 bits and a run's memory within reach.
const (
	MaxInitial  = 1e7
	MaxEntrants = 1e6
)

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
	if s.Method < Auto || s.Method > Cells {
		return nil, fmt.Errorf("montecarlo: method %v, want Auto, Children or Cells", s.Method)
	}
	if s.Workers < 0 {
		return nil, fmt.Errorf("montecarlo: %d workers, want 0 (all cores) or more", s.Workers)
	}
	sched, err := model.NewSchedule(p)
	if err != nil {
		return nil, err
	}
	if s.Method == Cells && p.D() > 1 {
		return nil, fmt.Errorf("montecarlo: the cells method does not follow duration classes (%d DurationBounds); simulate by Children or Auto", len(p.DurationBounds))
	}
	if p.K() > maxCategories {
		return nil, fmt.Errorf("montecarlo: %d categories, at most %d", p.K(), maxCategories)
	}
	base := newTables(sched)
	if err := base.checkSize(); err != nil {
		return nil, err
	}
	var prior *posterior
	if s.Uncertainty && p.Evidence != nil {
		if prior, err = newPosterior(p); err != nil {
			return nil, err
		}
	}
	runs := newRuns(p, s.Runs)
	runs.Method = s.Method
	if runs.Method == Auto {
		runs.Method = ChooseMethod(p)
	}
	workers := s.Workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	err = spread(min(workers, s.Runs), s, func(sm runner, i int) error {
		tb := base
		sm.rand().seed(s.Seed, i)
		if prior != nil {
			var err error
			if tb, err = prior.tables(sm.rand(), base); err != nil {
				return fmt.Errorf("montecarlo: run %d: the rates drawn: %w", i, err)
			}
		}
		sm.use(tb)
		runs.initial[i] = int32(sm.populate())
		out := runs.record(i)
		for t := 0; t < p.Horizon; t++ {
			month(sm, t, out)
		}
		return nil
	}, newRunner(runs.Method, base))
	if err != nil {
		return nil, err
	}
	return runs, nil
}

// newRunner is a function making runners of method m (Children or Cells).
func newRunner(m Method, tb *tables) func() runner {
	if m == Cells {
		return func() runner { return newCells(tb) }
	}
	return func() runner { return newSim(tb) }
}

// spread runs run(runner, i) for every run i on workers goroutines, each
// with its own runner, calling s.Progress from this one. It returns the
// error of the first run, in order, that failed.
func spread(workers int, s Settings, run func(runner, int) error, newRunner func() runner) error {
	var next atomic.Int64
	errs := make([]error, s.Runs)
	done := make(chan struct{}, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Go(func() {
			sm := newRunner()
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

// CellsFrom is the size of population from which Auto simulates by cells.
// Measured on the shipped baseline scaled up (see the package
// documentation), the children are faster at 3,650 children and the cells
// at 7,300; their costs cross at about 6,000.
const CellsFrom = 6000

// ChooseMethod is the method Auto takes for p: Children if p has duration
// classes (which only the children follow), else Cells if its population,
// the larger of the children in care at the start and 36 months of the
// entrants of the first month (about the average stay in care), is at
// least CellsFrom, else Children.
func ChooseMethod(p *model.Params) Method {
	if p.D() > 1 {
		return Children
	}
	var initial, entries float64
	for _, x := range p.Initial {
		initial += x
	}
	for _, r := range p.Routes {
		entries += r.PerMonth
	}
	if max(initial, 36*entries) >= CellsFrom {
		return Cells
	}
	return Children
}
