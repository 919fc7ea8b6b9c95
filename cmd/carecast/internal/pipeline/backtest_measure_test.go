package pipeline

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/carecast/carecast/data"
	"github.com/carecast/carecast/data/synth"
	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/model/backtest"
	"github.com/carecast/carecast/scenarios"
)

// council is a kind of synthetic council to backtest on: the shire
// county's truth changed by change, simulated with opt.
type council struct {
	name    string
	origins []model.Month
	change  func(p *model.Params, opt *synth.Options)
}

// councils are the kinds measured: steady; out of equilibrium, with
// entries rising 8% a year or a stock starting at half its steady state
// with no warm-up; and entries stepping up 20% the month after the origin.
var councils = []council{
	{"steady", measureOrigins, func(*model.Params, *synth.Options) {}},
	{"rising 8%/yr", measureOrigins, func(p *model.Params, _ *synth.Options) {
		p.Routes = append([]model.Route(nil), p.Routes...)
		for i := range p.Routes {
			p.Routes[i].Trend = 0.08
		}
	}},
	{"filling from half", measureOrigins, func(p *model.Params, opt *synth.Options) {
		p.Initial = append([]float64(nil), p.Initial...)
		for i := range p.Initial {
			p.Initial[i] /= 2
		}
		opt.WarmUp = -1
	}},
	{"step +20% after", []model.Month{model.MonthOf(2023, time.March)}, func(_ *model.Params, opt *synth.Options) {
		opt.EntriesFrom, opt.EntriesStep = model.MonthOf(2023, time.April), 1.2
	}},
}

var measureOrigins = []model.Month{model.MonthOf(2021, time.March), model.MonthOf(2022, time.March), model.MonthOf(2023, time.March)}

// measured is, by method and then measure (see measureNames), one value a
// seed.
type measured map[string][][]float64

// measureNames are the measures taken of each method on each seed: MAPE
// at 12 and 24 months ahead, MAPE and bias % over 1–12 and 13–24.
var measureNames = []string{"mape@12", "mape@24", "mape 1-12", "mape 13-24", "bias% 1-12", "bias% 13-24"}

// TestMeasureBacktest backtests carecast and the baselines on synthetic
// councils of about 480 children with known rates, over 20 seeds (about 2
// s), checks what the measurement shows and, with -v, logs the accuracy
// tables with their spread across seeds. CARECAST_MEASURE=N takes N seeds:
//
//	CARECAST_MEASURE=20 go test ./cmd/carecast/internal/pipeline -run TestMeasureBacktest -v
func TestMeasureBacktest(t *testing.T) {
	if testing.Short() {
		t.Skip("measures 20 councils of each kind")
	}
	seeds, err := strconv.Atoi(os.Getenv("CARECAST_MEASURE"))
	if err != nil || seeds < 1 {
		seeds = 20
	}
	tmpl, err := scenarios.Load("baseline.yaml")
	if err != nil {
		t.Fatal(err)
	}
	all := map[string]measured{}
	for _, c := range councils {
		got := measured{}
		for seed := 1; seed <= seeds; seed++ {
			measureSeed(t, c, tmpl, uint64(seed), got)
		}
		all[c.name] = got
		t.Logf("%s council, %d seeds × %d origins, 36 reference months, 24 ahead: mean (sd across seeds)\n%s",
			c.name, seeds, len(c.origins), formatMeasured(got))
	}
	if seeds >= 20 {
		checkMeasured(t, all)
	}
}

// checkMeasured checks what the measurement over 20 seeds shows, with
// room for chance (the standard error of a mean over 20 seeds is about a
// quarter of the spread logged).
func checkMeasured(t *testing.T, all map[string]measured) {
	t.Helper()
	mean := func(council, method string, measure int) float64 {
		m, _ := meanSD(all[council][method][measure])
		return m
	}
	const at12, at24, bias24 = 0, 1, 5
	for _, h := range []int{at12, at24} {
		name := measureNames[h]
		// Steady: carecast no worse than the last count held, beyond noise.
		if c, n := mean("steady", Carecast, h), mean("steady", NaiveLast, h); c > n+0.5 {
			t.Errorf("steady council: carecast's %s %.2f%%, naive_last's %.2f%%", name, c, n)
		}
		// A stock far from its steady state: carecast beats both baselines.
		for _, base := range []string{NaiveLast, LinearTrend} {
			if c, b := mean("filling from half", Carecast, h), mean("filling from half", base, h); c >= b {
				t.Errorf("filling council: carecast's %s %.2f%%, %s's %.2f%%", name, c, base, b)
			}
		}
		// Rising entries: the trend applied beats the last count held.
		if c, n := mean("rising 8%/yr", CarecastTrend, h), mean("rising 8%/yr", NaiveLast, h); c >= n {
			t.Errorf("rising council: carecast_trend's %s %.2f%%, naive_last's %.2f%%", name, c, n)
		}
	}
	// A step up after the origin: every method misses it, too low.
	for _, method := range Methods {
		if b := mean("step +20% after", method, bias24); b > -1 {
			t.Errorf("a step up of entries after the origin: %s's bias over 13-24 months %+.2f%%, want a clear miss below", method, b)
		}
	}
}

// measureSeed backtests one synthetic council and adds its measures.
func measureSeed(t *testing.T, c council, tmpl *scenarios.Scenario, seed uint64, got measured) {
	t.Helper()
	ret, _ := synthCouncil(t, seed, c.change)
	b, err := BacktestReturns(ret, tmpl, BacktestOptions{Origins: c.origins, Reference: 36, Horizon: 24})
	if err != nil {
		t.Fatal(err)
	}
	for _, method := range Methods {
		pts := backtest.Pool(b.Origins, method)
		by := backtest.ByHorizon(pts, 24)
		early, late := backtest.Measure(backtest.Within(pts, backtest.Range{From: 1, To: 12})), backtest.Measure(backtest.Within(pts, backtest.Range{From: 13, To: 24}))
		vals := []float64{by[11].MAPE, by[23].MAPE, early.MAPE, late.MAPE, early.BiasPercent, late.BiasPercent}
		if got[method] == nil {
			got[method] = make([][]float64, len(measureNames))
		}
		for i, v := range vals {
			got[method][i] = append(got[method][i], v)
		}
	}
}

// synthCouncil is the returns of a synthetic council of about 480
// children: the shire county's truth, changed by change (nil: as it is),
// simulated from seed over the seven collection years to March 2025. It
// returns the truth too.
func synthCouncil(t *testing.T, seed uint64, change func(*model.Params, *synth.Options)) (*data.Returns, *scenarios.Scenario) {
	t.Helper()
	truth, err := scenarios.Load("shire-county.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p := *truth.Params
	opt := synth.DefaultOptions()
	opt.LastYear, opt.Years = 2025, 7
	if change != nil {
		change(&p, &opt)
	}
	ret, err := synth.Synthesize(&p, truth.Mapping, opt, rand.New(rand.NewPCG(seed, 0x903)))
	if err != nil {
		t.Fatal(err)
	}
	ret.Coverage = data.Coverage{Years: []int{2018, 2019, 2020, 2021, 2022, 2023, 2024}, End: model.MonthOf(2025, time.March)}
	return ret, truth
}

// formatMeasured is the table of means and standard deviations across
// seeds.
func formatMeasured(got measured) string {
	var b strings.Builder
	fmt.Fprintf(&b, "  %-15s", "method")
	for _, n := range measureNames {
		fmt.Fprintf(&b, " %15s", n)
	}
	b.WriteString("\n")
	for _, method := range Methods {
		fmt.Fprintf(&b, "  %-15s", method)
		for _, vs := range got[method] {
			mean, sd := meanSD(vs)
			fmt.Fprintf(&b, " %7.2f (%5.2f)", mean, sd)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// meanSD is the mean and the sample standard deviation of vs.
func meanSD(vs []float64) (mean, sd float64) {
	for _, v := range vs {
		mean += v
	}
	mean /= float64(len(vs))
	if len(vs) < 2 {
		return mean, 0
	}
	for _, v := range vs {
		sd += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(sd / float64(len(vs)-1))
}
