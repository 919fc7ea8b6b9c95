package synth_test

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/carecast/carecast/data"
	"github.com/carecast/carecast/data/synth"
	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/scenarios"
)

// loadScenario loads a shipped scenario.
func loadScenario(tb testing.TB, name string) *scenarios.Scenario {
	tb.Helper()
	sc, err := scenarios.Load(name)
	if err != nil {
		tb.Fatal(err)
	}
	return sc
}

// loadBaseline loads the shipped baseline scenario.
func loadBaseline(tb testing.TB) *scenarios.Scenario {
	tb.Helper()
	return loadScenario(tb, "baseline.yaml")
}

// loadShire loads the shipped shire county, the truth of the sample.
func loadShire(tb testing.TB) *scenarios.Scenario {
	tb.Helper()
	return loadScenario(tb, "shire-county.yaml")
}

func newRNG(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 903)) }

// baselineReturns synthesizes the shipped baseline with the default
// options, but for the last year and the number of years of returns.
func baselineReturns(t *testing.T, lastYear, years int, seed uint64) (*scenarios.Scenario, *data.Returns) {
	t.Helper()
	sc := loadBaseline(t)
	opt := synth.DefaultOptions()
	opt.LastYear, opt.Years = lastYear, years
	return sc, mustSynthesize(t, sc.Params, sc.Mapping, opt, seed)
}

// mustSynthesize synthesizes a council from the seed, failing on an error.
func mustSynthesize(tb testing.TB, p *model.Params, m data.Mapping, opt synth.Options, seed uint64) *data.Returns {
	tb.Helper()
	r, err := synth.Synthesize(p, m, opt, newRNG(seed))
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// describe renders returns without file positions.
func describe(r *data.Returns) string {
	var b strings.Builder
	d := func(t time.Time) string {
		if t.IsZero() {
			return "-"
		}
		return t.Format("2006-01-02")
	}
	for _, c := range r.Children {
		fmt.Fprintf(&b, "child %s/%s sex=%d dob=%s uasc=%v duc=%s\n", c.LA, c.ID, c.Sex, d(c.DOB), c.UASC, d(c.DUC))
	}
	for _, e := range widen(r) {
		fmt.Fprintf(&b, "ep %s %s..%s %s %s %s %s %s %s %s route=%s\n", r.Children[e.Child].ID, d(e.Start), d(e.End),
			e.RNE, e.LS, e.CIN, e.Place, e.Provider, e.REC, e.ReasonPlaceChange, e.Route)
	}
	return b.String()
}

// writeRead writes returns for the years and reads them back,
// checking that the report's counts add up and that it lists no problem.
func writeRead(t *testing.T, r *data.Returns, first, last int) (*data.Returns, *data.Report, string) {
	t.Helper()
	dir := t.TempDir()
	if err := synth.WriteReturns(dir, r, first, last); err != nil {
		t.Fatal(err)
	}
	got, rep, err := data.ReadDir(dir, data.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range rep.Tables {
		if c.Read != c.Used+c.Rejected {
			t.Errorf("%s: read %d != used %d + rejected %d", c.Table, c.Read, c.Used, c.Rejected)
		}
		if c.Rejected != c.Superseded || c.Warnings != 0 {
			t.Errorf("%s: %d rejected, %d of them superseded, %d warnings: want only superseded rows", c.Table, c.Rejected, c.Superseded, c.Warnings)
		}
	}
	for i, p := range rep.Problems {
		if i < 10 {
			t.Errorf("problem: %v", p)
		}
	}
	return got, rep, dir
}

// The returns written read back as the very returns Synthesize gave, with
// no problem of any severity: every row is used or superseded by a later
// return. So do those of a council with no warm-up, a single return and
// growing entries.
func TestRoundTrip(t *testing.T) {
	sc, r := baselineReturns(t, 2025, 4, 1)
	got, rep, _ := writeRead(t, r, 2022, 2025)
	if want, have := describe(r), describe(got); want != have {
		t.Errorf("read back differs from what was written:\n%s", firstDiff(want, have))
	}
	ep := rep.Counts(data.TableEpisodes)
	if ep.Used != len(r.Episodes) || ep.Superseded == 0 {
		t.Errorf("episodes: %+v, want %d used and some superseded", ep, len(r.Episodes))
	}
	// The synthetic council holds what a real one does.
	kinds := map[string]int{}
	for _, e := range widen(r) {
		kinds["RNE "+e.RNE]++
		if e.LS == "V3" {
			kinds["short break"]++
		}
		if e.Open() {
			kinds["open"]++
		}
		if e.REC == "E17" {
			kinds["REC E17"]++
		}
	}
	for _, c := range r.Children {
		if c.UASC {
			kinds["UASC child"]++
		}
	}
	t.Logf("%d children, %d episodes: %v; %s", len(r.Children), len(r.Episodes), kinds, rep.Summary())
	for _, k := range []string{"RNE S", "RNE L", "RNE P", "RNE T", "RNE B", "short break", "open", "REC E17", "UASC child"} {
		if kinds[k] == 0 {
			t.Errorf("no %s", k)
		}
	}

	p := *sc.Params
	p.Routes = slices.Clone(p.Routes)
	p.Routes[0].Trend = 0.2
	small := synth.Options{LastYear: 2019, Years: 1, WarmUp: -1, Scale: 0.5, ShortBreakShare: 0.2}
	r = mustSynthesize(t, &p, sc.Mapping, small, 12)
	got, _, _ = writeRead(t, r, 2019, 2019)
	if want, have := describe(r), describe(got); want != have {
		t.Errorf("no warm-up, one return: read back differs:\n%s", firstDiff(want, have))
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < min(len(al), len(bl)); i++ {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n  want %s\n  have %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("%d lines, want %d", len(bl), len(al))
}

// Yearly returns overlap as real ones do: an episode open across a 31 March
// is in both years' files, open in the first; the merge keeps it once.
func TestYearlyReturnsOverlap(t *testing.T) {
	_, r := baselineReturns(t, 2024, 2, 2)
	got, rep, dir := writeRead(t, r, 2023, 2024)
	march := time.Date(2023, 3, 31, 0, 0, 0, 0, time.UTC)
	var across *wideEpisode
	eps := widen(r)
	for i := range eps {
		e := &eps[i]
		if e.Start.Before(march) && !e.Open() && e.End.After(march) && e.LS != "V3" {
			across = e
			break
		}
	}
	if across == nil {
		t.Fatal("no episode open across 31 March 2023 and closed by March 2024")
	}
	id := r.Children[across.Child].ID
	decom := across.Start.Format("02/01/2006")
	row := func(year int) string {
		b, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("%d-episodes.csv", year)))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, id+","+decom+",") {
				return line
			}
		}
		t.Fatalf("%d-episodes.csv lacks child %s's episode of %s", year, id, decom)
		return ""
	}
	first, second := strings.Split(row(2023), ","), strings.Split(row(2024), ",")
	if first[7] != "" || first[8] != "" {
		t.Errorf("2023 return: DEC %q REC %q, want both blank (open at 31 March 2023)", first[7], first[8])
	}
	if second[7] != across.End.Format("02/01/2006") || second[8] != across.REC {
		t.Errorf("2024 return: DEC %q REC %q, want %s %s", second[7], second[8], across.End.Format("02/01/2006"), across.REC)
	}
	n := 0
	for _, e := range widen(got) {
		if got.Children[e.Child].ID == id && e.Start.Equal(across.Start) {
			n++
			if !e.End.Equal(across.End) || e.REC != across.REC {
				t.Errorf("merged episode ends %v %s, want %v %s", e.End, e.REC, across.End, across.REC)
			}
		}
	}
	if n != 1 {
		t.Errorf("the merged returns hold the episode %d times", n)
	}
	// Every episode open at 31 March 2023 was sent twice.
	twice := 0
	for _, e := range widen(r) {
		if !e.Start.After(march) && (e.Open() || !e.End.Before(march.AddDate(0, 0, 1))) {
			twice++
		}
	}
	if s := rep.Counts(data.TableEpisodes).Superseded; s != twice {
		t.Errorf("%d episodes superseded, want the %d open across 31 March 2023", s, twice)
	}
}

// smallParams is a small scenario: one age band 0–17, entries by one route
// with a flat age profile, the given exit rates [reason][category] and move
// rates [from][to].
func smallParams(cats, reasons []string, perMonth float64, exit [][]float64, move [][]float64) *model.Params {
	K, R := len(cats), len(reasons)
	p := &model.Params{
		Start: model.MonthOf(2025, time.April), Horizon: 12,
		Categories: cats, Reasons: reasons,
		Bands:   []model.Band{{Name: "0-17", Min: 0, Max: 17}},
		Exit:    make([]float64, R*K),
		Move:    make([]float64, K*K),
		Initial: make([]float64, model.NAges*K),
		Costs:   model.Costs{Weekly: make([]float64, K), Uplift: make([]float64, K), PriceYear: 2025},
	}
	route := model.Route{Name: "all", PerMonth: perMonth, FirstPlacement: make([]float64, K)}
	for y := range route.AgeProfile {
		route.AgeProfile[y] = 1
	}
	route.FirstPlacement[0] = 1
	p.Routes = []model.Route{route}
	for r := range reasons {
		for k := range cats {
			p.Exit[p.ExitAt(r, 0, k)] = exit[r][k]
		}
	}
	for i := range cats {
		for j := range cats {
			p.Move[p.MoveAt(0, i, j)] = move[i][j]
		}
	}
	return p
}

// rates are intensities estimated from returns as a calibration would
// estimate them: events in the return years ÷ days at risk / 365.25, by
// age band (exact age on the day) and category, indexed as in model.Params.
// Exits within AgeOutDays of the 18th birthday are age-out, so the days
// from then on are not at risk of the other exits.
type rates struct {
	exits, moves   []float64 // events, [reason][band][category] and [band][from][to]
	days, exitDays []float64 // [band][category]: days in care, days at risk of an exit other than age-out
}

func estimate(r *data.Returns, p *model.Params, cl *data.Classifier, ageOutDays int, from, to data.Day) *rates {
	K, B, R := p.K(), p.B(), p.R()
	s := &rates{exits: make([]float64, R*B*K), moves: make([]float64, B*K*K), days: make([]float64, B*K), exitDays: make([]float64, B*K)}
	overlap := func(a, b, lo, hi data.Day) float64 { return float64(max(min(b, hi)-max(a, lo), 0)) }
	bandOn := func(dob, d data.Day) int {
		b := B - 1
		for b > 0 && d < dob.AddYears(p.Bands[b].Min) {
			b--
		}
		return b
	}
	in := func(d data.Day) bool { return d >= from && d < to }
	eps := widen(r)
	for i, e := range eps {
		if e.LS == "V3" || e.LS == "V4" {
			continue
		}
		c := r.Children[e.Child]
		k := cl.Category(e.Place, e.Provider)
		dob, start, end := data.DayOf(c.DOB), data.DayOf(e.Start), data.DayOf(e.End)
		if e.Open() {
			end = to
		}
		ageOut := dob.AddYears(18) - data.Day(ageOutDays)
		for b, band := range p.Bands {
			lo, hi := max(dob.AddYears(band.Min), from), min(dob.AddYears(band.Max+1), to)
			s.days[b*K+k] += overlap(start, end, lo, hi)
			s.exitDays[b*K+k] += overlap(start, end, lo, min(hi, ageOut))
		}
		if i > 0 && isMove(e.RNE) && in(start) {
			prev := eps[i-1]
			if prev.Child == e.Child && prev.REC == "X1" && prev.End.Equal(e.Start) {
				if j := cl.Category(prev.Place, prev.Provider); j != k {
					s.moves[p.MoveAt(bandOn(dob, start), j, k)]++
				}
			}
		}
		if !e.Open() && e.REC != "X1" && in(end) {
			if reason := cl.Reason(e.REC, c.DOB, e.End); reason < R {
				s.exits[p.ExitAt(reason, bandOn(dob, end), k)]++
			}
		}
	}
	return s
}

// isMove reports whether an episode's RNE is a change of placement.
func isMove(rne string) bool { return rne == "P" || rne == "T" || rne == "B" || rne == "U" }

// checkRate compares events ÷ exposure with the true rate, within 3
// standard errors (√events ÷ exposure).
func checkRate(t *testing.T, what string, events, days, truth float64) {
	t.Helper()
	years := days / model.DaysPerYear
	est, se := events/years, math.Sqrt(events)/years
	t.Logf("%s: %.0f events in %.0f child-years: %.4f ± %.4f (true %.4f, %+.1f SE)", what, events, years, est, se, truth, (est-truth)/se)
	if events < 100 || math.Abs(est-truth) > 3*se {
		t.Errorf("%s: estimate %.4f ± %.4f from %.0f events, true rate %.4f", what, est, se, events, truth)
	}
}

var (
	returnsFrom = data.CivilDay(2020, time.April, 1) // the first return's 1 April
	returnsTo   = data.CivilDay(2025, time.April, 1) // the day after the last return's 31 March
)

// One category, one reason, no moves: exits ÷ exposure recover the rate.
func TestTruthExits(t *testing.T) {
	p := smallParams([]string{"care"}, []string{"left"}, 100, [][]float64{{0.3}}, [][]float64{{0}})
	m := data.Mapping{OtherCategory: "care", ExitCodes: map[string][]string{"left": {"E4A", "E8"}}, OtherReason: "left",
		AgeOutDays: 7, OtherRoute: "all"}
	opt := synth.Options{LastYear: 2025, Years: 5, WarmUp: 5}
	r := mustSynthesize(t, p, m, opt, 3)
	cl, err := m.Compile(p.Categories, p.Reasons, []string{"all"})
	if err != nil {
		t.Fatal(err)
	}
	s := estimate(r, p, cl, m.AgeOutDays, returnsFrom, returnsTo)
	checkRate(t, "exit", s.exits[0], s.exitDays[0], 0.3)
}

// Two categories with moves both ways, legal-status and within-category
// placement changes and short breaks about: moves and exits by category
// recover their rates.
func TestTruthMoves(t *testing.T) {
	exit := [][]float64{{0.2, 0.5}, {0.1, 0}}
	move := [][]float64{{0, 0.4}, {0.8, 0}}
	p := smallParams([]string{"foster", "home"}, []string{"home_again", "other"}, 100, exit, move)
	m := data.Mapping{
		Placements:    []data.PlacementRule{{Category: "home", Places: []string{"K2"}}},
		OtherCategory: "foster",
		ExitCodes:     map[string][]string{"home_again": {"E4A", "E13"}},
		OtherReason:   "other", AgeOutDays: 7, OtherRoute: "all",
	}
	opt := synth.Options{LastYear: 2025, Years: 5, WarmUp: 3, ShortBreakShare: 0.1, LegalChangeRate: 0.5, PlacementChangeRate: 0.5}
	r := mustSynthesize(t, p, m, opt, 4)
	cl, err := m.Compile(p.Categories, p.Reasons, []string{"all"})
	if err != nil {
		t.Fatal(err)
	}
	s := estimate(r, p, cl, m.AgeOutDays, returnsFrom, returnsTo)
	checkRate(t, "move foster→home", s.moves[p.MoveAt(0, 0, 1)], s.days[0], 0.4)
	checkRate(t, "move home→foster", s.moves[p.MoveAt(0, 1, 0)], s.days[1], 0.8)
	for ri, reason := range p.Reasons {
		for k, cat := range p.Categories {
			if n := s.exits[p.ExitAt(ri, 0, k)]; exit[ri][k] > 0 {
				checkRate(t, "exit "+reason+" from "+cat, n, s.exitDays[k], exit[ri][k])
			} else if n != 0 {
				t.Errorf("exit %s from %s: %v events, rate 0", reason, cat, n)
			}
		}
	}
}

// Every rate of the shipped baseline, by age band and category, is
// recovered from a synthetic council 40 times its size. Over the cells
// where at least 20 events are expected, the standardised differences
// z = (events − rate·exposure) / √(rate·exposure) have a sum of squares
// within 4.5 SD of its degrees of freedom (Poisson counts: mean df, SD
// √(2·df); over 20 seeds it averaged 163 on about 160 cells) and none is
// beyond 5; all the moves together, and all the exits, are within 3.5 SD
// of their expected totals. A rate that is zero has no events.
func TestTruthBaselineCells(t *testing.T) {
	sc := loadBaseline(t)
	p := sc.Params
	opt := synth.DefaultOptions()
	opt.LastYear, opt.Years, opt.WarmUp, opt.Scale = 2025, 5, 5, 40
	r := mustSynthesize(t, p, sc.Mapping, opt, 11)
	s := estimate(r, p, sc.Classifier(), sc.Mapping.AgeOutDays, returnsFrom, returnsTo)
	K := p.K()
	var chi2, worst float64
	var cells int
	var worstCell string
	var total [2][2]float64 // [moves, exits][events, expected]
	check := func(kind int, what string, events, days, rate float64) {
		want := rate * days / model.DaysPerYear
		total[kind][0] += events
		total[kind][1] += want
		if rate == 0 && events > 0 {
			t.Errorf("%s: %v events at a rate of 0", what, events)
		}
		if want < 20 {
			return
		}
		z := (events - want) / math.Sqrt(want)
		chi2 += z * z
		cells++
		if math.Abs(z) > math.Abs(worst) {
			worst, worstCell = z, fmt.Sprintf("%s: %.0f events, %.1f expected", what, events, want)
		}
	}
	for b, band := range p.Bands {
		for i, from := range p.Categories {
			for j, to := range p.Categories {
				if i != j {
					check(0, "move "+band.Name+" "+from+"→"+to, s.moves[p.MoveAt(b, i, j)], s.days[b*K+i], p.Move[p.MoveAt(b, i, j)])
				}
			}
			for ri, reason := range p.Reasons {
				check(1, "exit "+reason+" "+band.Name+" "+from, s.exits[p.ExitAt(ri, b, i)], s.exitDays[b*K+i], p.Exit[p.ExitAt(ri, b, i)])
			}
		}
	}
	df := float64(cells)
	t.Logf("%d cells: chi² %.1f (df %d, SD %.1f); largest z %+.2f (%s)", cells, chi2, cells, math.Sqrt(2*df), worst, worstCell)
	if cells < 50 || math.Abs(chi2-df) > 4.5*math.Sqrt(2*df) || math.Abs(worst) > 5 {
		t.Errorf("the rates are not recovered: %d cells, chi² %.1f, largest z %+.2f", cells, chi2, worst)
	}
	for kind, what := range []string{"moves", "exits"} {
		got, want := total[kind][0], total[kind][1]
		z := (got - want) / math.Sqrt(want)
		t.Logf("all %s: %.0f, expected %.1f (z %+.2f)", what, got, want, z)
		if math.Abs(z) > 3.5 {
			t.Errorf("all %s: %.0f, expected %.1f (z %+.2f)", what, got, want, z)
		}
	}
}

// A synthetic council built from the shipped baseline, 20 times its size,
// counted as DfE counts (Actuals), tracks the model's projection of the
// same params from the start of the warm-up over the five return years.
//
// Tolerances: a count of independent children (arriving as a Poisson
// process) has a variance of about its mean, so each comparison allows 4
// SD (4√projected) plus the bias between the model's monthly steps and
// continuous time, measured over 20 seeds at this scale (seed-to-seed SD of
// in care about 1%): in care +0.3% to +0.8% (allowed 1%), entries 0%, exits
// by reason within ±1% (reasons with few exits −2%; allowed 3%), moves
// +2.2% (allowed 4%) and the category counts up to +4% for supported
// accommodation (allowed 6%). The model takes a child's age band from
// their age at the start of each month, so it applies a new band's rates
// half a month late on average; moves at 16 into supported accommodation
// show it most. In care at each 31 March comes out within 5% (5.0% at
// most) with these allowances.
func TestTracksProjection(t *testing.T) {
	sc := loadBaseline(t)
	const scale = 20
	opt := synth.DefaultOptions()
	opt.LastYear, opt.Years, opt.WarmUp, opt.Scale = 2025, 5, 5, scale
	r := mustSynthesize(t, sc.Params, sc.Mapping, opt, 5)
	first, last := model.MonthOf(2020, time.April), model.MonthOf(2025, time.March)
	act, err := data.Actuals(r, sc.Classifier(), sc.Params.Bands, first, last)
	if err != nil {
		t.Fatal(err)
	}
	proj := project(t, sc.Params, scale, model.MonthOf(2015, time.April), 120)
	off := int(first - proj.Start)
	check := func(what string, a, p, bias float64) {
		t.Helper()
		t.Logf("%s: %.0f, projected %.1f (%+.1f%%)", what, a, p, 100*(a/p-1))
		if tol := 4*math.Sqrt(p) + bias*p; math.Abs(a-p) > tol {
			t.Errorf("%s: %.0f, projected %.1f: off by more than %.1f", what, a, p, tol)
		}
	}
	for y := 0; y < 5; y++ {
		t12 := 12*y + 11 // March
		a, p := act.InCare[t12], proj.InCare[off+t12]
		check(fmt.Sprintf("in care at 31 March %d", 2021+y), a, p, 0.01)
		if math.Abs(a/p-1) > 0.05 {
			t.Errorf("in care at 31 March %d: %.0f, more than 5%% off the projected %.1f", 2021+y, a, p)
		}
		var ae, pe, ax, px, am, pm float64
		for m := 12 * y; m < 12*y+12; m++ {
			ae, pe = ae+act.TotalEntries(m), pe+proj.TotalEntries(off+m)
			ax, px = ax+act.TotalExits(m), px+proj.TotalExits(off+m)
			am, pm = am+act.TotalMoves(m), pm+proj.TotalMoves(off+m)
		}
		fy := model.FinancialYearLabel(2020 + y)
		check(fy+" entries", ae, pe, 0.01)
		check(fy+" exits", ax, px, 0.01)
		check(fy+" moves", am, pm, 0.04)
	}
	for ri, reason := range act.Reasons {
		var a, p float64
		for m := 0; m < 60; m++ {
			a, p = a+act.ExitsRow(m)[ri], p+proj.ExitsRow(off + m)[ri]
		}
		check("exits 2020-25 "+reason, a, p, 0.03)
	}
	ac, pc := act.CategoryRow(59), proj.CategoryRow(off+59)
	for k, cat := range act.Categories {
		check("in care at 31 March 2025 in "+cat, ac[k], pc[k], 0.06)
	}
}

// project projects params scaled as Synthesize scales them, from start.
func project(t *testing.T, p *model.Params, scale float64, start model.Month, months int) *model.Result {
	t.Helper()
	q := *p
	q.Start, q.Horizon = start, months
	q.Initial = slices.Clone(p.Initial)
	for i := range q.Initial {
		q.Initial[i] *= scale
	}
	q.Routes = slices.Clone(p.Routes)
	for i := range q.Routes {
		q.Routes[i].PerMonth *= scale
	}
	res, err := model.Project(&q)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// The same seed gives the same files, byte for byte; another seed does not.
func TestDeterministic(t *testing.T) {
	sc := loadBaseline(t)
	opt := synth.DefaultOptions()
	opt.Years = 2
	files := func(seed uint64) map[string][]byte {
		r := mustSynthesize(t, sc.Params, sc.Mapping, opt, seed)
		dir := t.TempDir()
		if err := synth.WriteReturns(dir, r, 2024, 2025); err != nil {
			t.Fatal(err)
		}
		out := map[string][]byte{}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			out[e.Name()] = b
		}
		return out
	}
	a, b, c := files(7), files(7), files(8)
	if len(a) != 6 {
		t.Errorf("%d files, want 6 (header, episodes, uasc for 2024 and 2025)", len(a))
	}
	same := len(a) == len(b)
	for name, x := range a {
		same = same && bytes.Equal(x, b[name])
	}
	if !same {
		t.Error("the same seed gave different files")
	}
	if bytes.Equal(a["2025-episodes.csv"], c["2025-episodes.csv"]) {
		t.Error("another seed gave the same episodes")
	}
}

// Options out of range, params with rate changes and mappings that cannot
// express the params are errors; LastYear defaults to the March before Start.
func TestOptionsAndErrors(t *testing.T) {
	sc := loadBaseline(t)
	o, err := synth.Options{}.Resolve(sc.Params)
	if err != nil || o.LastYear != 2025 || o.Years != 5 || o.WarmUp != 5 || o.Scale != 1 {
		t.Errorf("defaults: %+v, %v", o, err)
	}
	if o, _ := (synth.Options{WarmUp: -1}).Resolve(sc.Params); o.WarmUp != 0 {
		t.Errorf("a negative warm-up resolves to %d, want none", o.WarmUp)
	}
	for _, bad := range []synth.Options{{Scale: -1}, {Years: 51}, {ShortBreakShare: 1}, {LegalChangeRate: math.NaN()},
		{PlacementChangeRate: -0.1}, {LastYear: 1920}, {EntriesFrom: model.MonthOf(2023, time.April)},
		{EntriesFrom: model.MonthOf(2023, time.April), EntriesStep: math.Inf(1)}} {
		if _, err := synth.Synthesize(sc.Params, sc.Mapping, bad, newRNG(1)); err == nil {
			t.Errorf("options %+v: no error", bad)
		}
	}
	q := *sc.Params
	q.Changes = []model.RateChange{{Name: "x", Lever: model.LeverExit, Index: -1, Ramp: model.Ramp{Factor: 2}}}
	if _, err := synth.Synthesize(&q, sc.Mapping, synth.Options{}, newRNG(1)); err == nil {
		t.Error("params with a rate change: no error")
	}
	m := sc.Mapping
	m.Placements = slices.Clone(m.Placements[1:]) // nothing maps to foster_ifa
	if _, err := synth.Synthesize(sc.Params, m, synth.Options{}, newRNG(1)); err == nil || !strings.Contains(err.Error(), "foster_ifa") {
		t.Errorf("a mapping that cannot express foster_ifa: %v", err)
	}
	if err := synth.WriteReturns(t.TempDir(), &data.Returns{}, 2025, 2024); err == nil {
		t.Error("WriteReturns of years in the wrong order: no error")
	}
}

// A step of entries multiplies the entries from its month on: 1.2 times
// the entries of the two years before, within the Poisson noise of a
// council five times the baseline's size (about 1,750 entries a year).
func TestEntriesStep(t *testing.T) {
	sc := loadBaseline(t)
	opt := synth.DefaultOptions()
	opt.Scale, opt.ShortBreakShare = 5, 0
	opt.EntriesFrom, opt.EntriesStep = model.MonthOf(2023, time.April), 1.2
	r := mustSynthesize(t, sc.Params, sc.Mapping, opt, 3)
	step := time.Date(2023, time.April, 1, 0, 0, 0, 0, time.UTC)
	var before, after float64
	for _, e := range widen(r) {
		switch {
		case e.RNE != "S":
		case !e.Start.Before(step):
			after++
		case !e.Start.Before(step.AddDate(-2, 0, 0)):
			before++
		}
	}
	// Two years each side; the standard error of the ratio is about 2.5%.
	if ratio := after / before; math.Abs(ratio-1.2) > 0.075 {
		t.Errorf("entries after the step / before = %.3f (%v / %v), want 1.2", ratio, after, before)
	}
}

// BenchmarkSynthesize synthesizes and writes about 100,000 episodes (the
// baseline at 30 times its size, five returns after five years of
// warm-up). Set CARECAST_BENCH_1M=1 to add a run over about 1,000,000
// (300 times).
func BenchmarkSynthesize(b *testing.B) {
	scales := []float64{30}
	if os.Getenv("CARECAST_BENCH_1M") != "" {
		scales = append(scales, 300)
	}
	sc := loadBaseline(b)
	for _, scale := range scales {
		b.Run(fmt.Sprintf("scale=%g", scale), func(b *testing.B) {
			opt := synth.DefaultOptions()
			opt.Scale = scale
			dir := b.TempDir()
			b.ReportAllocs()
			var episodes int
			for b.Loop() {
				r := mustSynthesize(b, sc.Params, sc.Mapping, opt, 1)
				if err := synth.WriteReturns(dir, r, 2021, 2025); err != nil {
					b.Fatal(err)
				}
				episodes = len(r.Episodes)
			}
			b.ReportMetric(float64(episodes), "episodes")
		})
	}
}
