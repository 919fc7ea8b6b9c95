package montecarlo

import (
	"runtime"
	"slices"
	"testing"

	"github.com/carecast/carecast/model"
)

// The same seed gives the same runs, to the bit, with one worker or two,
// and with GOMAXPROCS 1 or 2; another seed gives other runs.
func TestSameSeedSameRuns(t *testing.T) {
	p := levers(t)
	for _, method := range []Method{Children, Cells} {
		want := simulate(t, p, Settings{Runs: 200, Seed: 7, Workers: 1, Method: method})
		for _, procs := range []int{1, 2} {
			old := runtime.GOMAXPROCS(procs)
			for _, workers := range []int{0, 2, 3} {
				got := simulate(t, p, Settings{Runs: 200, Seed: 7, Workers: workers, Method: method})
				if !sameRuns(got, want) {
					t.Errorf("%v, GOMAXPROCS %d, %d workers: runs differ from one worker's", method, procs, workers)
				}
				for m := 0; m < p.Horizon; m++ {
					if got.InCare(m) != want.InCare(m) || got.Cost(m) != want.Cost(m) {
						t.Errorf("%v, GOMAXPROCS %d, %d workers, month %d: quantiles differ", method, procs, workers, m)
					}
				}
			}
			runtime.GOMAXPROCS(old)
		}
		if other := simulate(t, p, Settings{Runs: 200, Seed: 8, Method: method}); sameRuns(other, want) {
			t.Errorf("%v: seeds 7 and 8 gave the same runs", method)
		}
	}
}

func sameRuns(a, b *Runs) bool {
	return slices.Equal(a.initial, b.initial) && slices.Equal(a.cat, b.cat) && slices.Equal(a.entries, b.entries) &&
		slices.Equal(a.exits, b.exits) && slices.Equal(a.cost, b.cost)
}

// Every run conserves children every month: in care at the end is in care
// at the start plus entries minus exits (interventions out of care and
// age-out among them).
func TestConservation(t *testing.T) {
	for _, method := range []Method{Children, Cells} {
		p := levers(t)
		runs := simulate(t, p, Settings{Runs: 300, Seed: 3, Method: method})
		for i := 0; i < runs.N; i++ {
			v := runs.Run(i)
			prev := v.Initial()
			for m := 0; m < v.Months(); m++ {
				if got, want := v.InCare(m), prev+v.Entries(m)-v.Exits(m); got != want {
					t.Fatalf("%v run %d month %d: %d in care, want %d + %d − %d", method, i, m, got, prev, v.Entries(m), v.Exits(m))
				}
				if v.InCare(m) < 0 || v.Category(m, 0) < 0 {
					t.Fatalf("%v run %d month %d: fewer than no children", method, i, m)
				}
				prev = v.InCare(m)
			}
		}
	}
}

// No child is in care at 216 months: every child of 215 months at a
// month's start, and every entrant who would be 216 months old at its end,
// leaves at the month's end.
func TestAgeOutExact(t *testing.T) {
	p := baseline(t)
	clear(p.Exit)
	clear(p.Move)
	clear(p.Initial)
	K := p.K()
	p.Initial[215*K] = 30 // 30 children of 215 months
	p.Initial[214*K] = 20 // and 20 a month younger
	for ri := range p.Routes {
		clear(p.Routes[ri].AgeProfile[:])
		p.Routes[ri].AgeProfile[17] = 1 // every entrant 17
	}
	for _, method := range []Method{Children, Cells} {
		runs := simulate(t, p, Settings{Runs: 50, Seed: 1, Method: method})
		for i := 0; i < runs.N; i++ {
			v := runs.Run(i)
			if got := v.InCare(0); got > 20+v.Entries(0) || v.Exits(0) < 30 {
				t.Errorf("%v run %d: %d in care after the first month, %d exits, want the 30 of 215 months gone", method, i, got, v.Exits(0))
			}
			if got := v.InCare(1); got > v.InCare(0)-20+v.Entries(1) {
				t.Errorf("%v run %d: %d in care after the second month, want the 20 then 215 months old gone", method, i, got)
			}
		}
	}
	checkAges(t, p)
	checkAges(t, levers(t))
}

// checkAges simulates p's runs month by month and fails if a child is ever
// 216 months old or more at a month's end.
func checkAges(t *testing.T, p *model.Params) {
	s, err := model.NewSchedule(p)
	if err != nil {
		t.Fatal(err)
	}
	sm := newSim(newTables(s))
	runs := newRuns(p, 1)
	for i := 0; i < 20; i++ {
		sm.st.seed(1, i)
		sm.populate()
		for m := 0; m < p.Horizon; m++ {
			month(sm, m, runs.record(0))
			for _, c := range sm.children {
				if c.age >= model.NAges || c.age < 1 {
					t.Fatalf("run %d month %d: a child of %d months in care", i, m, c.age)
				}
			}
		}
	}
}

// Neither simulator allocates in its monthly loop, with interventions and
// a capacity in force.
func TestMonthAllocatesNothing(t *testing.T) {
	p := scaledLevers(t, 8)
	s, err := model.NewSchedule(p)
	if err != nil {
		t.Fatal(err)
	}
	tb := newTables(s)
	runs := newRuns(p, 1)
	for _, r := range []runner{newSim(tb), newCells(tb)} {
		r.rand().seed(1, 0)
		r.populate()
		month(r, 0, runs.record(0)) // the children's list grows to its size
		m := 1
		allocs := testing.AllocsPerRun(20, func() {
			month(r, m, runs.record(0))
			m++
		})
		if allocs != 0 {
			t.Errorf("%T: %v allocations a month", r, allocs)
		}
	}
}
