package synth_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/carecast/carecast/data"
	"github.com/carecast/carecast/data/synth"
	"github.com/carecast/carecast/model"
)

// leaverDays returns the length in days of each period of care that ended
// on or after day from (short breaks left out), +Inf for a period that
// began before the returns hold it (its first episode is not in them).
func leaverDays(r *data.Returns, from time.Time) []float64 {
	var out []float64
	began, known := time.Time{}, false
	eps := widen(r)
	for i, e := range eps {
		if i == 0 || e.Child != eps[i-1].Child {
			began, known = e.Start, e.RNE == "S"
		}
		if e.LS == "V3" || e.Open() || e.REC == "X1" || e.End.Before(from) {
			continue
		}
		d := math.Inf(1)
		if known {
			d = e.End.Sub(began).Hours() / 24
		}
		out = append(out, d)
		known = false // a child's next period starts with RNE S
	}
	return out
}

// stockOn counts the children in care at the end of day d (short breaks
// left out).
func stockOn(r *data.Returns, d time.Time) int {
	n := 0
	for _, e := range widen(r) {
		if e.LS != "V3" && !e.Start.After(d) && (e.Open() || e.End.After(d)) {
			n++
		}
	}
	return n
}

// shareUnder is the share of ds below limit.
func shareUnder(ds []float64, limit float64) float64 {
	n := 0
	for _, d := range ds {
		if d < limit {
			n++
		}
	}
	return float64(n) / float64(len(ds))
}

// durationStats synthesizes the shire county over seeds 1..n with the
// durations given and returns, by seed, the shares of the leavers of the
// last four of five years whose period was under two weeks and under a
// year, the stock on the last 31 March over the stock on the 31 March
// before the first return (its drift over the five years), and the
// stock on the last 31 March over the scenario's initial stock.
func durationStats(tb testing.TB, d synth.Durations, n int) (weeks2, year1, drift, level []float64) {
	sc := loadShire(tb)
	opt := synth.DefaultOptions()
	opt.LastYear, opt.Years, opt.ShortBreakShare, opt.Durations = 2025, 5, 0, d
	var initial float64
	for _, x := range sc.Params.Initial {
		initial += x
	}
	march := func(y int) time.Time { return time.Date(y, time.March, 31, 0, 0, 0, 0, time.UTC) }
	for seed := uint64(1); seed <= uint64(n); seed++ {
		r := mustSynthesize(tb, sc.Params, sc.Mapping, opt, seed)
		ds := leaverDays(r, march(2021).AddDate(0, 0, 1))
		weeks2 = append(weeks2, shareUnder(ds, 14))
		year1 = append(year1, shareUnder(ds, 365))
		last := float64(stockOn(r, march(2025)))
		drift = append(drift, last/float64(stockOn(r, march(2020))))
		level = append(level, last/initial)
	}
	return weeks2, year1, drift, level
}

// The realistic durations give the shire county about 10% of leavers
// under two weeks and 45% under a year (the duration-blind council: about
// 1% and 26%), within three standard errors over 20 councils, with a
// stock that drifts over the five years of returns by no more than the
// duration-blind council's, and stays within 5% of the scenario's stock.
func TestRealisticDurations(t *testing.T) {
	const n = 20
	type stats struct{ weeks2, year1, drift, level, sd2, sd1, sdDrift float64 }
	measure := func(d synth.Durations) stats {
		w, y, dr, lv := durationStats(t, d, n)
		var s stats
		s.weeks2, s.sd2 = meanSD(w)
		s.year1, s.sd1 = meanSD(y)
		s.drift, s.sdDrift = meanSD(dr)
		s.level, _ = meanSD(lv)
		return s
	}
	off, on := measure(synth.Durations{}), measure(synth.RealisticDurations())
	for _, c := range []struct {
		name string
		s    stats
	}{{"duration-blind", off}, {"realistic", on}} {
		t.Logf("%s: under 2 weeks %.1f%% (sd %.1f), under a year %.1f%% (sd %.1f), stock 2025/2020 %.3f (sd %.3f), 2025/initial %.3f",
			c.name, 100*c.s.weeks2, 100*c.s.sd2, 100*c.s.year1, 100*c.s.sd1, c.s.drift, c.s.sdDrift, c.s.level)
	}
	se := func(sd float64) float64 { return 3 * sd / math.Sqrt(n) }
	if math.Abs(on.weeks2-0.10) > se(on.sd2) || math.Abs(on.year1-0.45) > se(on.sd1) {
		t.Errorf("realistic durations: %.3f under two weeks (want 0.10 ± %.3f), %.3f under a year (want 0.45 ± %.3f)",
			on.weeks2, se(on.sd2), on.year1, se(on.sd1))
	}
	if off.weeks2 > 0.03 || off.year1 > 0.35 {
		t.Errorf("duration-blind: %.3f under two weeks, %.3f under a year: the shares should come from the factors", off.weeks2, off.year1)
	}
	if math.Abs(on.drift-1) > math.Abs(off.drift-1)+se(on.sdDrift) || math.Abs(on.level-1) > 0.05 {
		t.Errorf("realistic durations: the stock drifts ×%.3f over five years (duration-blind ×%.3f) and ends at %.3f of the scenario's",
			on.drift, off.drift, on.level)
	}
}

// meanSD is the mean and the sample standard deviation of vs.
func meanSD(vs []float64) (mean, sd float64) {
	for _, v := range vs {
		mean += v
	}
	mean /= float64(len(vs))
	for _, v := range vs {
		sd += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(sd / float64(len(vs)-1))
}

// With every exit factor 0 in the first month of care, no child leaves in
// their first month but at 18, while some leave in their second.
func TestDurationsFirstClass(t *testing.T) {
	sc := loadShire(t)
	f := map[string][]float64{}
	for _, r := range sc.Params.Reasons {
		f[r] = []float64{0, 40}
	}
	opt := synth.DefaultOptions()
	opt.LastYear, opt.Years, opt.Scale, opt.ShortBreakShare = 2025, 3, 3, 0
	opt.Durations = synth.Durations{Bounds: []int{1}, ExitFactors: f}
	r := mustSynthesize(t, sc.Params, sc.Mapping, opt, 2)
	var first, second int
	for i, e := range widen(r) {
		if e.Open() || e.REC == "X1" {
			continue
		}
		c := r.Children[e.Child]
		if !e.End.Before(c.DOB.AddDate(model.AgeYears, 0, 0)) {
			continue // aged out
		}
		start := periodStart(r, i)
		switch {
		case start.IsZero():
		case e.End.Before(monthOn(start)):
			first++
		case e.End.Before(monthOn(monthOn(start))):
			second++
		}
	}
	if first != 0 || second < 50 {
		t.Errorf("%d children left in their first month, %d in their second: want none, and many", first, second)
	}
}

// monthOn is the first day a month after t, counted as age is: the same
// day of the next month, or the first of the month after if the next
// month is too short.
func monthOn(t time.Time) time.Time {
	y, m, d := t.Date()
	if n := time.Date(y, m+1, d, 0, 0, 0, 0, time.UTC); n.Day() == d {
		return n
	}
	return time.Date(y, m+2, 1, 0, 0, 0, 0, time.UTC)
}

// periodStart is the start of the period of care episode i ends, or the
// zero time if the returns do not hold it.
func periodStart(r *data.Returns, i int) time.Time {
	eps := widen(r)
	for j := i; j >= 0 && eps[j].Child == eps[i].Child; j-- {
		if eps[j].RNE == "S" {
			return eps[j].Start
		}
	}
	return time.Time{}
}

// Spans and durations out of range are errors that say what is wrong.
func TestSpanAndDurationErrors(t *testing.T) {
	sc := loadShire(t)
	m := func(y int, mo time.Month) model.Month { return model.MonthOf(y, mo) }
	ones := []float64{1, 1}
	for _, tc := range []struct {
		opt  synth.Options
		want string
	}{
		{synth.Options{Entries: []synth.EntrySpan{{From: m(2024, 4), Factor: 0}}}, "want a factor above 0"},
		{synth.Options{Entries: []synth.EntrySpan{{From: m(2024, 4), Factor: math.NaN()}}}, "want a factor above 0"},
		{synth.Options{Entries: []synth.EntrySpan{{From: m(2024, 4), Factor: 101}}}, "at most 100"},
		{synth.Options{Entries: []synth.EntrySpan{{Factor: 2}}}, "no first month"},
		{synth.Options{Entries: []synth.EntrySpan{{From: m(2024, 4), To: m(2024, 3), Factor: 2}}}, "ends before it starts"},
		{synth.Options{Entries: []synth.EntrySpan{{From: m(2025, 4), Factor: 2}}}, "none of the months simulated, 2015-04 to 2025-03"},
		{synth.Options{Entries: []synth.EntrySpan{{From: m(2000, 4), To: m(2001, 3), Factor: 2}}}, "none of the months simulated"},
		{synth.Options{Durations: synth.Durations{ExitFactors: map[string][]float64{"adoption": {1}}}}, "without the bounds"},
		{synth.Options{Durations: synth.Durations{Bounds: []int{3, 3}}}, "each above the one before"},
		{synth.Options{Durations: synth.Durations{Bounds: []int{0}}}, "want months from 1 to 216"},
		{synth.Options{Durations: synth.Durations{Bounds: []int{217}}}, "want months from 1 to 216"},
		{synth.Options{Durations: synth.Durations{Bounds: make([]int, 21)}}, "at most 20"},
		{synth.Options{Durations: synth.Durations{Bounds: []int{6}, ExitFactors: map[string][]float64{"went_home": ones}}},
			`"went_home", which is not an exit reason of the params (reunification, adoption,`},
		{synth.Options{Durations: synth.Durations{Bounds: []int{6}, ExitFactors: map[string][]float64{"adoption": {1}}}},
			"exit factors of adoption: 1, want one a duration class (2)"},
		{synth.Options{Durations: synth.Durations{Bounds: []int{6}, ExitFactors: map[string][]float64{"adoption": {1, -1}}}},
			"exit factor of adoption in duration class 1: -1, want 0 to 1000"},
		{synth.Options{Durations: synth.Durations{Bounds: []int{6}, ExitFactors: map[string][]float64{"adoption": {math.Inf(1), 1}}}},
			"want 0 to 1000"},
	} {
		_, err := synth.Synthesize(sc.Params, sc.Mapping, tc.opt, newRNG(1))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want an error saying %q", tc.opt, err, tc.want)
		}
	}
}
