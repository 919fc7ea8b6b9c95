package synth_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/carecast/carecast/data"
	"github.com/carecast/carecast/data/synth"
	"github.com/carecast/carecast/model"
)

// entriesIn counts the periods of care that started in months from to to.
func entriesIn(r *data.Returns, from, to model.Month) int {
	lo, hi := monthStart(from), monthStart(to+1)
	n := 0
	for _, e := range widen(r) {
		if e.RNE == "S" && e.LS != "V3" && !e.Start.Before(lo) && e.Start.Before(hi) {
			n++
		}
	}
	return n
}

func monthStart(m model.Month) time.Time {
	return time.Date(m.Year(), m.Calendar(), 1, 0, 0, 0, 0, time.UTC)
}

// A surge, a fall and a step multiply the entries of their months, and
// only theirs: each of the three years 2022-23 to 2024-25 holds the
// entries its factor gives, within four Poisson standard deviations, in a
// council ten times the shire county's size (about 1,700 entries a year).
func TestEntrySpans(t *testing.T) {
	sc := loadShire(t)
	var perMonth float64
	for _, r := range sc.Params.Routes {
		if r.Trend != 0 {
			t.Fatalf("route %s has a trend: the expected entries below assume none", r.Name)
		}
		perMonth += r.PerMonth
	}
	y := func(year int) model.Month { return model.MonthOf(year, time.April) }
	for _, tc := range []struct {
		name    string
		spans   []synth.EntrySpan
		factors [3]float64 // of 2022-23, 2023-24, 2024-25
	}{
		{"none", nil, [3]float64{1, 1, 1}},
		{"surge", []synth.EntrySpan{{From: y(2023), To: y(2024) - 1, Factor: 1.4}}, [3]float64{1, 1.4, 1}},
		{"fall", []synth.EntrySpan{{From: y(2023), To: y(2024) - 1, Factor: 0.7}}, [3]float64{1, 0.7, 1}},
		{"step", []synth.EntrySpan{{From: y(2023), Factor: 1.2}}, [3]float64{1, 1.2, 1.2}},
		{"surge on a step", []synth.EntrySpan{{From: y(2023), Factor: 1.2}, {From: y(2024), To: y(2025) - 1, Factor: 1.5}},
			[3]float64{1, 1.2, 1.8}},
	} {
		opt := synth.DefaultOptions()
		opt.LastYear, opt.Years, opt.Scale, opt.ShortBreakShare, opt.Entries = 2025, 3, 10, 0, tc.spans
		r := mustSynthesize(t, sc.Params, sc.Mapping, opt, 5)
		for i, f := range tc.factors {
			want := perMonth * 10 * 12 * f
			got := float64(entriesIn(r, y(2022+i), y(2023+i)-1))
			if math.Abs(got-want) > 4*math.Sqrt(want) {
				t.Errorf("%s: %d-%02d: %v entries, want about %.0f (×%v)", tc.name, 2022+i, (2023+i)%100, got, want, f)
			}
		}
	}
}

// The old step (EntriesFrom, EntriesStep) is a span with no end: the same
// options written either way give the same council.
func TestEntriesStepIsASpan(t *testing.T) {
	sc := loadShire(t)
	from := model.MonthOf(2023, time.April)
	a, b := synth.DefaultOptions(), synth.DefaultOptions()
	a.EntriesFrom, a.EntriesStep = from, 1.3
	b.Entries = []synth.EntrySpan{{From: from, Factor: 1.3}}
	if describe(mustSynthesize(t, sc.Params, sc.Mapping, a, 8)) != describe(mustSynthesize(t, sc.Params, sc.Mapping, b, 8)) {
		t.Error("EntriesFrom/EntriesStep and the same span gave different councils")
	}
}

// With no spans and no durations, synth writes the shipped sample exactly
// as it was written (data/sample.go gives the command).
func TestSampleUnchanged(t *testing.T) {
	sc := loadShire(t)
	opt := synth.DefaultOptions()
	opt.Scale, opt.Years = 0.9, 10
	r, err := synth.Synthesize(sc.Params, sc.Mapping, opt, rand.New(rand.NewPCG(1, 0x903))) // the CLI's source
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := synth.WriteReturns(dir, r, 2016, 2025); err != nil {
		t.Fatal(err)
	}
	names, err := fs.Glob(data.Sample(), "*.csv")
	if err != nil || len(names) != 30 {
		t.Fatalf("the sample holds %d files (%v), want 30", len(names), err)
	}
	for _, name := range names {
		want, err1 := fs.ReadFile(data.Sample(), name)
		got, err2 := os.ReadFile(filepath.Join(dir, name))
		if err1 != nil || err2 != nil || !bytes.Equal(got, want) {
			t.Errorf("%s differs from the shipped sample's (%v, %v)", name, err1, err2)
		}
	}
}

// ParseEntrySpan reads FROM:TO:FACTOR and String writes it back.
func TestParseEntrySpan(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want synth.EntrySpan
		bad  bool
	}{
		{in: "2024-04:2025-03:1.4", want: synth.EntrySpan{From: model.MonthOf(2024, time.April), To: model.MonthOf(2025, time.March), Factor: 1.4}},
		{in: "2024-04::0.8", want: synth.EntrySpan{From: model.MonthOf(2024, time.April), Factor: 0.8}},
		{in: "2024-04:1.4", bad: true},
		{in: "2024-4:2025-03:1.4", bad: true},
		{in: "2024-04:2025-13:1.4", bad: true},
		{in: "2024-04:2025-03:", bad: true},
		{in: "2024-04:2025-03:x", bad: true},
		{in: ":2025-03:1.2", bad: true},
		{in: "", bad: true},
	} {
		got, err := synth.ParseEntrySpan(tc.in)
		switch {
		case tc.bad && err == nil:
			t.Errorf("%q: %+v, want an error", tc.in, got)
		case !tc.bad && (err != nil || got != tc.want):
			t.Errorf("%q: %+v, %v; want %+v", tc.in, got, err, tc.want)
		case !tc.bad && got.String() != tc.in:
			t.Errorf("%q written back as %q", tc.in, got.String())
		}
	}
}

// A span read is written back as it was read.
func FuzzParseEntrySpan(f *testing.F) {
	for _, s := range []string{"2024-04:2025-03:1.4", "2024-04::0.8", "0001-01::1e300", "2024-04:2023-01:-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := synth.ParseEntrySpan(s)
		if err != nil {
			return
		}
		again, err := synth.ParseEntrySpan(e.String())
		if err != nil || again != e && !math.IsNaN(e.Factor) {
			t.Errorf("%q read as %+v, written as %q, read back as %+v, %v", s, e, e.String(), again, err)
		}
	})
}

func ExampleParseEntrySpan() {
	surge, err := synth.ParseEntrySpan("2024-04:2025-03:1.4")
	if err != nil {
		panic(err)
	}
	opt := synth.DefaultOptions()
	opt.Entries = append(opt.Entries, surge, synth.EntrySpan{From: model.MonthOf(2025, time.April), Factor: 0.9})
	for _, e := range opt.Entries {
		fmt.Println(e)
	}
	// Output:
	// 2024-04:2025-03:1.4
	// 2025-04::0.9
}
