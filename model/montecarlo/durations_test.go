package montecarlo

import (
	"math"
	"strings"
	"testing"

	"github.com/carecast/carecast/model"
)

// durationBounds are the duration classes of the tests: 0-1, 1-3, 3-6,
// 6-12, 12-24 and 24+ months in care.
var durationBounds = []int{1, 3, 6, 12, 24}

// withDurations is p with durationBounds, each exit reason's rates times
// exit (one factor a class, for every reason) but reunification's, times
// reunification, and the moves times move (nil: all factors 1). The
// initial stock is split as a steady state would hold it.
func withDurations(p *model.Params, reunification, exit, move []float64) *model.Params {
	D := len(durationBounds) + 1
	p.DurationBounds = durationBounds
	p.ExitDuration = make([]float64, p.R()*D)
	p.MoveDuration = make([]float64, D)
	for d := 0; d < D; d++ {
		p.MoveDuration[d] = factor(move, d)
		for r := 0; r < p.R(); r++ {
			p.ExitDuration[r*D+d] = factor(exit, d)
		}
		p.ExitDuration[d] = factor(reunification, d) // reason 0
	}
	return p
}

func factor(f []float64, d int) float64 {
	if f == nil {
		return 1
	}
	return f[d]
}

// realistic is p with durations whose factors are of the size councils
// see: children go home early in their stay or not at all, adoption and
// special guardianship take a year or more, and placements settle.
func realistic(p *model.Params) *model.Params {
	return withDurations(p,
		[]float64{2.5, 1.6, 1.2, 1, 0.8, 0.6},
		[]float64{0.3, 0.6, 0.9, 1, 1.2, 1.1},
		[]float64{1.5, 1.3, 1.1, 1, 0.9, 0.8})
}

// The mean of 2,000 runs of the baseline with realistic duration factors
// is the projection, which follows the durations, within 0.5% every month.
func TestMeanIsProjectionWithDurations(t *testing.T) {
	if testing.Short() {
		t.Skip("2,000 runs")
	}
	p := realistic(baseline(t))
	blind, err := model.Project(baseline(t))
	if err != nil {
		t.Fatal(err)
	}
	res, err := model.Project(p)
	if err != nil {
		t.Fatal(err)
	}
	// The factors must matter, well beyond the test's tolerance, or it
	// could not fail.
	if d := math.Abs(res.InCare[p.Horizon-1]/blind.InCare[p.Horizon-1] - 1); d < 0.015 {
		t.Fatalf("the durations change the projection's last month by %.2f%%: too little to test", 100*d)
	}
	t.Logf("the durations change the projection's last month by %.2f%%", 100*(res.InCare[p.Horizon-1]/blind.InCare[p.Horizon-1]-1))
	checkMean(t, "durations", p, simulate(t, p, Settings{Runs: 2000, Seed: 4}), 0.005, 0)
}

// With the levers too: interventions (which keep the children's
// durations) and a capacity.
func TestMeanIsProjectionWithDurationsAndLevers(t *testing.T) {
	if testing.Short() {
		t.Skip("2,000 runs")
	}
	p := realistic(levers(t))
	checkMean(t, "durations and levers", p, simulate(t, p, Settings{Runs: 2000, Seed: 5}), 0.005, 0.03)
}

// With every factor 1 the durations change nothing but the draw of the
// initial stock (over finer cells): the runs are of the same distribution
// as the duration-blind ones, in their means and spreads every month.
func TestDurationsOfFactorOneAreBlind(t *testing.T) {
	const n = 1000
	blind := simulate(t, baseline(t), Settings{Runs: n, Seed: 6})
	dur := simulate(t, withDurations(baseline(t), nil, nil, nil), Settings{Runs: n, Seed: 6})
	var worstZ, worstSD float64
	for m := 0; m < blind.Months; m++ {
		inCare := func(v RunView) float64 { return float64(v.InCare(m)) }
		mb, sb := meanSE(blind, inCare)
		md, sd := meanSE(dur, inCare)
		z := math.Abs(mb-md) / math.Hypot(sb, sd)
		worstZ = math.Max(worstZ, z)
		if z > 4.5 {
			t.Errorf("month %d: mean in care %.2f blind, %.2f with durations: %.1f standard errors", m, mb, md, z)
		}
		// The standard deviations' ratio, of 1,000 runs each, is within
		// 20% of 1 (its own standard error is about 4.5%).
		r := sd / sb
		worstSD = math.Max(worstSD, math.Abs(r-1))
		if m > 0 && math.Abs(r-1) > 0.2 {
			t.Errorf("month %d: spread in care %.2f blind, %.2f with durations", m, sb, sd)
		}
	}
	t.Logf("largest difference of the means: %.1f standard errors; of the spreads: %.1f%%", worstZ, 100*worstSD)
}

// With one duration class the runs are those of the Params without
// durations, to the bit: the random stream is unchanged.
func TestOneClassIsBlind(t *testing.T) {
	p := levers(t)
	want := simulate(t, p, Settings{Runs: 100, Seed: 9})
	q := levers(t)
	q.ExitDuration = []float64{1, 1, 1, 1, 1}
	q.MoveDuration = []float64{1}
	if got := simulate(t, q, Settings{Runs: 100, Seed: 9}); !sameRuns(got, want) {
		t.Error("the runs with one duration class of factor 1 differ from those without")
	}
}

// Conservation, age-out and the children's months in care with durations
// and the levers: every run conserves children, no child reaches 216
// months, and no child has been in care longer than it has lived or beyond
// the last slot.
func TestDurationInvariants(t *testing.T) {
	p := realistic(levers(t))
	runs := simulate(t, p, Settings{Runs: 200, Seed: 3})
	for i := 0; i < runs.N; i++ {
		v := runs.Run(i)
		prev := v.Initial()
		for m := 0; m < v.Months(); m++ {
			if got, want := v.InCare(m), prev+v.Entries(m)-v.Exits(m); got != want {
				t.Fatalf("run %d month %d: %d in care, want %d + %d − %d", i, m, got, prev, v.Entries(m), v.Exits(m))
			}
			prev = v.InCare(m)
		}
	}
	checkAges(t, p)
	s, err := model.NewSchedule(p)
	if err != nil {
		t.Fatal(err)
	}
	sm := newSim(newTables(s))
	last := uint8(len(s.Slots()) - 1)
	sm.st.seed(1, 0)
	sm.populate()
	for m := 0; m < p.Horizon; m++ {
		month(sm, m, newRuns(p, 1).record(0))
		for _, c := range sm.children {
			if c.dur > last || (c.dur < last && int16(c.dur) > c.age) {
				t.Fatalf("month %d: a child of %d months in slot %d (last %d)", m, c.age, c.dur, last)
			}
		}
	}
}

// The children's simulation allocates nothing a month with durations.
func TestMonthAllocatesNothingWithDurations(t *testing.T) {
	p := realistic(scaledLevers(t, 8))
	s, err := model.NewSchedule(p)
	if err != nil {
		t.Fatal(err)
	}
	r := newSim(newTables(s))
	runs := newRuns(p, 1)
	r.rand().seed(1, 0)
	r.populate()
	month(r, 0, runs.record(0))
	m := 1
	if allocs := testing.AllocsPerRun(20, func() { month(r, m, runs.record(0)); m++ }); allocs != 0 {
		t.Errorf("%v allocations a month", allocs)
	}
}

// The cells, which do not follow durations, refuse Params with them; Auto
// simulates children, whatever the population.
func TestCellsRefuseDurations(t *testing.T) {
	p := withDurations(national(t), nil, nil, nil)
	_, err := Simulate(p, Settings{Runs: 1, Method: Cells})
	if err == nil || !strings.Contains(err.Error(), "duration") {
		t.Errorf("cells with durations: %v, want an error about durations", err)
	}
	if got := ChooseMethod(p); got != Children {
		t.Errorf("Auto with durations, national population: %v, want children", got)
	}
	if got := ChooseMethod(national(t)); got != Cells {
		t.Errorf("Auto without durations, national population: %v, want cells", got)
	}
}
