package main

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/carecast/carecast/data/synth"
	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/scenarios"
)

// --durations, --surge, --fall and --step write the council that
// synth.Synthesize gives with the options they name.
func TestSynthChangesFlags(t *testing.T) {
	dir := t.TempDir()
	args := []string{"synth", "--out", dir, "--years", "2", "--scale", "0.5", "--seed", "3", "--durations", "realistic",
		"--surge", "2024-04:2025-03:1.4", "--fall", "2021-04:2022-03:0.5", "--step", "2023-01:1.1"}
	if _, stderr, code := carecast(t, args...); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	sc, err := scenarios.Load("shire-county.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m := func(y int, mo time.Month) model.Month { return model.MonthOf(y, mo) }
	opt := synth.DefaultOptions()
	opt.Years, opt.Scale, opt.Durations = 2, 0.5, synth.RealisticDurations()
	opt.Entries = []synth.EntrySpan{{From: m(2024, 4), To: m(2025, 3), Factor: 1.4}, {From: m(2021, 4), To: m(2022, 3), Factor: 0.5},
		{From: m(2023, 1), Factor: 1.1}}
	r, err := synth.Synthesize(sc.Params, sc.Mapping, opt, rand.New(rand.NewPCG(3, 0x903)))
	if err != nil {
		t.Fatal(err)
	}
	want := t.TempDir()
	if err := synth.WriteReturns(want, r, 2024, 2025); err != nil {
		t.Fatal(err)
	}
	for _, name := range files(t, want) {
		a, err1 := os.ReadFile(filepath.Join(dir, name))
		b, err2 := os.ReadFile(filepath.Join(want, name))
		if err1 != nil || err2 != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs from synth.Synthesize's with the same options (%v, %v)", name, err1, err2)
		}
	}
}
