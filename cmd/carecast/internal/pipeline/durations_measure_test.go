package pipeline

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/carecast/carecast/data/synth"
	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/model/backtest"
	"github.com/carecast/carecast/scenarios"
)

// TestMeasureDurations backtests the duration-blind and the
// duration-aware forecast on synthetic councils whose exits depend on time
// in care (synth.RealisticDurations: about 10% of leavers under two weeks,
// 45% under a year), steady and after a 12-month surge of 40% in entries
// ending at the origin, with entries as calibrated (the default path). It
// runs only when asked, over CARECAST_DURATIONS seeds (20 or more for a
// claim; a few seconds a seed):
//
//	CARECAST_DURATIONS=20 go test ./cmd/carecast/internal/pipeline -run TestMeasureDurations -v
func TestMeasureDurations(t *testing.T) {
	seeds, err := strconv.Atoi(os.Getenv("CARECAST_DURATIONS"))
	if err != nil || seeds < 1 {
		t.Skip("CARECAST_DURATIONS=20 measures the duration-aware forecast over 20 seeds")
	}
	tmpl, err := scenarios.Load("baseline.yaml")
	if err != nil {
		t.Fatal(err)
	}
	origin := model.MonthOf(2023, time.March)
	surge := []synth.EntrySpan{{From: model.MonthOf(2022, time.April), To: origin, Factor: 1.4}}
	for _, kind := range []struct {
		name     string
		entries  []synth.EntrySpan
		trueRate bool
	}{
		{"steady, entries as calibrated", nil, false},
		{"after a 12-month surge of 40%, entries as calibrated", surge, false},
		{"steady, future entries at their true rate", nil, true},
		{"after a 12-month surge of 40%, future entries at their true rate", surge, true},
	} {
		got := map[string][][]float64{}
		for seed := 1; seed <= seeds; seed++ {
			durationSeed(t, tmpl, uint64(seed), kind.entries, kind.trueRate, origin, got)
		}
		var b strings.Builder
		fmt.Fprintf(&b, "%s, %d seeds, origin %s: mean (sd across seeds)\n  %-20s %15s %15s %15s %15s\n", kind.name, seeds, origin, "method", "mape@12", "mape@24", "bias% 1-12", "bias% 13-24")
		for _, m := range []string{Carecast, CarecastDurations, NaiveLast, LinearTrend} {
			fmt.Fprintf(&b, "  %-20s", m)
			for _, vs := range got[m] {
				mean, sd := meanSD(vs)
				fmt.Fprintf(&b, " %7.2f (%5.2f)", mean, sd)
			}
			b.WriteString("\n")
		}
		t.Log(b.String())
	}
}

// durationSeed backtests one synthetic council with realistic durations
// and adds each method's MAPE at 12 and 24 months and bias over 1–12 and
// 13–24 months.
func durationSeed(t *testing.T, tmpl *scenarios.Scenario, seed uint64, entries []synth.EntrySpan, trueRate bool, origin model.Month, got map[string][][]float64) {
	t.Helper()
	ret, truth := synthCouncil(t, seed, func(_ *model.Params, opt *synth.Options) {
		opt.Durations, opt.Entries = synth.RealisticDurations(), entries
	})
	o := BacktestOptions{Origins: []model.Month{origin}, Reference: 36, Horizon: 24, Durations: []int{1, 3, 6, 12, 24}}
	if trueRate {
		o.Adjust = func(p *model.Params) {
			p.Routes = append([]model.Route(nil), p.Routes...)
			for i := range p.Routes {
				p.Routes[i].PerMonth, p.Routes[i].Trend = truth.Params.Routes[i].PerMonth, 0
			}
		}
	}
	b, err := BacktestReturns(ret, tmpl, o)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{Carecast, CarecastDurations, NaiveLast, LinearTrend} {
		pts := backtest.Pool(b.Origins, m)
		by := backtest.ByHorizon(pts, 24)
		early := backtest.Measure(backtest.Within(pts, backtest.Range{From: 1, To: 12}))
		late := backtest.Measure(backtest.Within(pts, backtest.Range{From: 13, To: 24}))
		if got[m] == nil {
			got[m] = make([][]float64, 4)
		}
		for i, v := range []float64{by[11].MAPE, by[23].MAPE, early.BiasPercent, late.BiasPercent} {
			got[m][i] = append(got[m][i], v)
		}
	}
}
