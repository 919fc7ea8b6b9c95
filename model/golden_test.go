package model

import (
	"compress/gzip"
	"encoding/json"
	"flag"
	"os"
	"testing"
)

var updateGolden = flag.Bool("update", false, "write the golden projections in testdata anew")

// goldenPath holds the pinned outputs of the projections of goldenCases.
const goldenPath = "testdata/golden.json.gz"

// golden is the part of a Result a golden projection pins.
type golden struct {
	InCare, ByCategory, ByBandCategory, ByDuration []float64
	Exits, Moves, Entries, ChildDays, Cost         []float64
	Moved, Shortfall, Overflow                     []float64
	InitialByDuration, Final, FinalDuration        []float64
}

func goldenOf(r *Result) golden {
	return golden{r.InCare, r.ByCategory, r.ByBandCategory, r.ByDuration,
		r.Exits, r.Moves, r.Entries, r.ChildDays, r.Cost,
		r.Moved, r.Shortfall, r.Overflow,
		r.InitialByDuration, r.Final, r.FinalDuration}
}

// durationBaseline is the baseline with the contract's duration classes and
// the factors of BenchmarkProjectDurations.
func durationBaseline(tb testing.TB) *Params {
	p := baselineParams(tb)
	p.DurationBounds = standardBounds
	p.ExitDuration = filled(p.R()*p.D(), 1)
	for r := 0; r < p.R(); r++ {
		copy(p.ExitDuration[r*p.D():], []float64{2.5, 1.6, 1.2, 1, 0.8, 0.6})
	}
	return p
}

// goldenCases are projections whose outputs are pinned: the baseline with
// and without duration classes, and a model with every lever, duration
// factors on exits and moves, a change limited to classes and the initial
// stock's durations given.
func goldenCases(tb testing.TB) map[string]*Params {
	lev := randomParams(3)
	lev.DurationBounds = standardBounds
	lev.ExitDuration = filled(lev.R()*lev.D(), 1)
	for r := 0; r < lev.R(); r++ {
		copy(lev.ExitDuration[r*lev.D():], []float64{3, 1.8, 1.3, 1, 0.7, 0.4})
	}
	lev.MoveDuration = []float64{1.5, 1.2, 1, 1, 0.9, 0.8}
	lev.Changes = append(lev.Changes, RateChange{Name: "early home", Lever: LeverExit, Index: 0,
		Durations: 1<<0 | 1<<1 | 1<<2, Ramp: Ramp{lev.Start + 3, lev.Start + 9, 1.2}})
	lev.InitialDuration = SteadyDurations(lev)
	return map[string]*Params{
		"baseline":           baselineParams(tb),
		"baseline-durations": durationBaseline(tb),
		"levers-durations":   lev,
	}
}

// The projections of goldenCases are those pinned in testdata, to 1e-12
// relative: a change made for speed must not change a number. Their
// monthly loops allocate nothing.
// go test -run TestGolden -update writes them anew.
func TestGolden(t *testing.T) {
	got := map[string]golden{}
	for name, p := range goldenCases(t) {
		got[name] = goldenOf(mustProject(t, p))
		if n := loopAllocs(p); n != 0 {
			t.Errorf("%s: monthly loop: %v allocations per run, want 0", name, n)
		}
	}
	if *updateGolden {
		writeGolden(t, got)
		return
	}
	want := readGolden(t)
	for name, g := range got {
		w, ok := want[name]
		if !ok {
			t.Fatalf("%s: not in %s", name, goldenPath)
		}
		gv, wv := goldenFields(g), goldenFields(w)
		for f := range gv {
			closeTo(t, name+" "+f, gv[f], wv[f], 1e-12)
		}
	}
}

func goldenFields(g golden) map[string][]float64 {
	return map[string][]float64{
		"in care": g.InCare, "by category": g.ByCategory, "by band": g.ByBandCategory,
		"by duration": g.ByDuration, "exits": g.Exits, "moves": g.Moves, "entries": g.Entries,
		"child-days": g.ChildDays, "cost": g.Cost, "moved": g.Moved, "shortfall": g.Shortfall,
		"overflow": g.Overflow, "initial by duration": g.InitialByDuration, "final": g.Final,
		"final by duration": g.FinalDuration,
	}
}

func writeGolden(t *testing.T, g map[string]golden) {
	f, err := os.Create(goldenPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z := gzip.NewWriter(f)
	if err := json.NewEncoder(z).Encode(g); err != nil {
		t.Fatal(err)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
}

func readGolden(t *testing.T) map[string]golden {
	f, err := os.Open(goldenPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var g map[string]golden
	if err := json.NewDecoder(z).Decode(&g); err != nil {
		t.Fatal(err)
	}
	return g
}
