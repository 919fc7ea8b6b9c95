package model

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// simpleParams is a one-band model with the given categories and exit
// reasons, every rate zero and nobody in care.
func simpleParams(cats, reasons []string) *Params {
	K, R := len(cats), len(reasons)
	return &Params{
		Start:      MonthOf(2025, 4),
		Horizon:    12,
		Categories: cats,
		Bands:      []Band{{Name: "0-17", Min: 0, Max: 17}},
		Reasons:    reasons,
		Exit:       make([]float64, R*K),
		Move:       make([]float64, K*K),
		Initial:    make([]float64, NAges*K),
		Costs:      Costs{Weekly: make([]float64, K), Uplift: make([]float64, K), PriceYear: 2025},
	}
}

// randomParams is a five-band model with random rates, stock and entries,
// every kind of rate change and intervention (one out of care), a capacity
// and price changes: a stress test for the bookkeeping.
func randomParams(seed uint64) *Params {
	rng := rand.New(rand.NewPCG(seed, 1))
	cats := []string{"a", "b", "c", "d"}
	reasons := []string{"home", "adopted", "other"}
	K, R := len(cats), len(reasons)
	bands := []Band{{"0", 0, 0}, {"1-4", 1, 4}, {"5-9", 5, 9}, {"10-15", 10, 15}, {"16-17", 16, 17}}
	B := len(bands)
	p := &Params{
		Start: MonthOf(2023, 11), Horizon: 40,
		Categories: cats, Bands: bands, Reasons: reasons,
		Exit:    make([]float64, R*B*K),
		Move:    make([]float64, B*K*K),
		Initial: make([]float64, NAges*K),
		Costs:   Costs{Weekly: []float64{450, 1000, 300, 6000}, Uplift: []float64{0.03, 0.05, 0, 0.1}, PriceYear: 2023},
	}
	for i := range p.Exit {
		p.Exit[i] = rng.Float64() * 0.6
	}
	for b := 0; b < B; b++ {
		for i := 0; i < K; i++ {
			for j := 0; j < K; j++ {
				if i != j {
					p.Move[p.MoveAt(b, i, j)] = rng.Float64() * 0.4
				}
			}
		}
	}
	for i := range p.Initial {
		p.Initial[i] = float64(rng.IntN(3))
	}
	for r := 0; r < 3; r++ {
		route := Route{Name: fmt.Sprint("route", r), PerMonth: 2 + 5*rng.Float64(), Trend: 0.05 * float64(r-1),
			FirstPlacement: make([]float64, B*K)}
		for y := range route.AgeProfile {
			route.AgeProfile[y] = rng.Float64()
		}
		for i := range route.FirstPlacement {
			route.FirstPlacement[i] = rng.Float64()
		}
		p.Routes = append(p.Routes, route)
	}
	p.Changes = []RateChange{
		{Name: "fewer entries", Lever: LeverEntries, Index: -1, Ramp: Ramp{p.Start + 2, p.Start + 8, 0.8}},
		{Name: "more home", Lever: LeverExit, Index: 0, Bands: 1<<3 | 1<<4, Categories: 1 << 1, Ramp: Ramp{p.Start + 1, p.Start + 6, 1.5}},
		{Name: "step down", Lever: LeverMove, From: 3, To: 1, Ramp: Ramp{p.Start, p.Start + 11, 2}},
		{Name: "in-house first", Lever: LeverFirstPlacement, Index: 0, Ramp: Ramp{p.Start + 5, p.Start + 5, 1.3}},
	}
	p.Interventions = []Intervention{
		{Name: "cohort", From: 1, To: 0, Children: 15, Start: p.Start + 3, End: p.Start + 3},
		{Name: "monthly", From: 3, To: 2, Children: 2, Bands: 1 << 3, Start: p.Start + 4, End: p.Start + 30},
	}
	p.Interventions = append(p.Interventions, Intervention{Name: "home", From: 3, To: OutOfCare, ToReason: 0, Children: 1, Start: p.Start + 2, End: p.Start + 20})
	p.Capacities = []Capacity{{Category: 1, Overflow: 3, Places: []Places{{p.Start + 4, 60}, {p.Start + 20, 50}}}}
	p.Costs.Fixed = []FixedCost{{Name: "team", Annual: 560000, From: p.Start + 2, To: p.Start + 25}}
	p.Costs.PriceChanges = []PriceChange{
		{Name: "framework", Category: 1, From: p.Start + 5, Change: -0.07},
		{Name: "block", Category: 3, From: p.Start + 8, Weekly: 3500},
	}
	return p
}

func mustProject(t testing.TB, p *Params) *Result {
	t.Helper()
	res, err := Project(p)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestConservation(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		p := randomParams(seed)
		res := mustProject(t, p)
		K, B := len(res.Categories), len(res.Bands)
		for m := 0; m < res.Months; m++ {
			in, entries, exits := res.InCare[m], res.TotalEntries(m), res.TotalExits(m)
			if d := in - (res.PreviousInCare(m) + entries - exits); math.Abs(d) > 1e-9 {
				t.Errorf("seed %d month %v: in care %v ≠ %v + %v − %v (off by %g)", seed, res.Month(m), in, res.PreviousInCare(m), entries, exits, d)
			}
			if d := in - sum(res.CategoryRow(m)); math.Abs(d) > 1e-9 {
				t.Errorf("seed %d month %v: in care %v ≠ sum of categories (off by %g)", seed, res.Month(m), in, d)
			}
			if d := in - sum(res.BandCategoryRow(m)); math.Abs(d) > 1e-9 {
				t.Errorf("seed %d month %v: in care %v ≠ sum of bands (off by %g)", seed, res.Month(m), in, d)
			}
			for k := 0; k < K; k++ {
				var band float64
				for b := 0; b < B; b++ {
					band += res.BandCategoryRow(m)[b*K+k]
				}
				if d := band - res.CategoryRow(m)[k]; math.Abs(d) > 1e-9 {
					t.Errorf("seed %d month %v category %d: bands sum to %v, category holds %v", seed, res.Month(m), k, band, res.CategoryRow(m)[k])
				}
			}
			if res.Exits[m*len(res.Reasons)] <= 0 {
				t.Errorf("seed %d month %v: no exits by the first reason", seed, res.Month(m))
			}
		}
	}
}

func TestZeroRatesOnlyAge(t *testing.T) {
	p := simpleParams([]string{"foster", "home"}, []string{"home"})
	p.Horizon = 30
	K := p.K()
	for a := 0; a < NAges; a++ {
		p.Initial[a*K] = float64(a % 7)
		p.Initial[a*K+1] = float64(a % 3)
	}
	res := mustProject(t, p)
	for a := 0; a < NAges; a++ {
		for k := 0; k < K; k++ {
			want := 0.0
			if a >= p.Horizon {
				want = p.Initial[(a-p.Horizon)*K+k]
			}
			if got := res.Final[a*K+k]; got != want {
				t.Fatalf("age %d category %d after %d months: %v, want %v", a, k, p.Horizon, got, want)
			}
		}
	}
	for m := 0; m < res.Months; m++ {
		if got := res.ExitsRow(m)[0]; got != 0 {
			t.Errorf("month %d: %v exits with zero rates", m, got)
		}
		if got := res.TotalMoves(m); got != 0 {
			t.Errorf("month %d: %v moves with zero rates", m, got)
		}
		// Those aged 215 months at the start of month m leave at its end.
		var want float64
		for k := 0; k < K; k++ {
			want += p.Initial[(NAges-1-m)*K+k]
		}
		if got := res.ExitsRow(m)[1]; got != want {
			t.Errorf("month %d: %v aged out, want %v", m, got, want)
		}
	}
}

func TestAgeOutExactlyAt216Months(t *testing.T) {
	p := simpleParams([]string{"foster"}, []string{"home"})
	p.Horizon = 8
	p.Initial[210] = 1 // one child aged 17 years and 6 months
	res := mustProject(t, p)
	for m := 0; m < res.Months; m++ {
		in, out := res.InCare[m], res.ExitsRow(m)[1]
		switch {
		case m < 5: // ages 211 to 215 at the month ends
			if in != 1 || out != 0 {
				t.Errorf("month %d: in care %v, aged out %v; want 1, 0", m, in, out)
			}
		case m == 5: // 215 at the start, 216 during the month
			if in != 0 || out != 1 {
				t.Errorf("month %d: in care %v, aged out %v; want 0, 1", m, in, out)
			}
		default:
			if in != 0 || out != 0 {
				t.Errorf("month %d: in care %v, aged out %v; want 0, 0", m, in, out)
			}
		}
	}
}

func TestSingleExitRateMatchesClosedForm(t *testing.T) {
	tests := []struct {
		start  Month
		months int
		days   int
	}{
		{MonthOf(2025, 1), 12, 365},
		{MonthOf(2021, 1), 48, 1461}, // four years with one 29 February: exactly 4 × 365.25 days
		{MonthOf(2024, 2), 1, 29},
	}
	for _, tc := range tests {
		p := simpleParams([]string{"foster"}, []string{"home"})
		p.Start, p.Horizon = tc.start, tc.months
		p.Exit[0] = 0.12
		p.Initial[0] = 1000 // newborns: nobody reaches 18
		res := mustProject(t, p)
		want := 1000 * math.Exp(-0.12*float64(tc.days)/DaysPerYear)
		if got := res.InCare[tc.months-1]; math.Abs(got-want) > 1e-9 {
			t.Errorf("%d months from %v: %.12f in care, want %.12f", tc.months, tc.start, got, want)
		}
	}
	// Over four years the closed form is exactly 1000·e^−0.48.
	p := simpleParams([]string{"foster"}, []string{"home"})
	p.Start, p.Horizon = MonthOf(2021, 1), 48
	p.Exit[0] = 0.12
	p.Initial[0] = 1000
	if got, want := mustProject(t, p).InCare[47], 1000*math.Exp(-0.48); math.Abs(got-want) > 1e-9 {
		t.Errorf("after 48 months: %.12f, want 1000·e^−0.48 = %.12f", got, want)
	}
}

func TestCompetingExitsSplitByRate(t *testing.T) {
	p := simpleParams([]string{"foster", "ifa"}, []string{"home", "adopted"})
	p.Horizon = 1
	p.Start = MonthOf(2025, 1)
	p.Exit = []float64{0.3, 0.3, 0.1, 0.1} // [reason][band][cat]
	p.Move = []float64{0, 0.5, 0.5, 0}
	p.Initial[0] = 100
	p.Initial[1] = 100
	res := mustProject(t, p)
	// Exits split 3:1 between the reasons, as the rates do, from both categories.
	home, adopted := res.ExitsRow(0)[0], res.ExitsRow(0)[1]
	if math.Abs(home/adopted-3) > 1e-12 {
		t.Errorf("exits home %v : adopted %v, want 3:1", home, adopted)
	}
	total := 200 * (1 - math.Exp(-0.4*31/DaysPerYear))
	if math.Abs(home+adopted-total) > 1e-9 {
		t.Errorf("exits %v, want %v", home+adopted, total)
	}
	// Symmetric moves keep the categories equal.
	if row := res.CategoryRow(0); math.Abs(row[0]-row[1]) > 1e-9 {
		t.Errorf("categories %v, want equal", row)
	}
	if m := res.MovesRow(0); m[1] <= 0 || math.Abs(m[1]-m[2]) > 1e-9 {
		t.Errorf("moves %v, want equal and positive both ways", m)
	}
}

// A one-way move with no exits: each month, the children who started it in
// A and are in B at its end are N·(1 − e^(−λd/365.25)), and they are the
// month's moves, both for the stock and for entrants (half a month).
func TestOneWayMovesMatchClosedForm(t *testing.T) {
	p := simpleParams([]string{"a", "b"}, []string{"home"})
	p.Start, p.Horizon = MonthOf(2025, 1), 3 // 31, 28 and 31 days
	p.Move[0*2+1] = 0.9                      // a → b, per child-year
	p.Initial[60*2+0] = 500                  // five-year-olds in a
	route := Route{Name: "cp", PerMonth: 20, FirstPlacement: []float64{1, 0}}
	route.AgeProfile[3] = 1
	p.Routes = []Route{route}
	res := mustProject(t, p)
	inA := 500.0
	entered := 0.0 // entrants still in a at the start of the month
	for t0, days := range []float64{31, 28, 31} {
		stay := math.Exp(-0.9 * days / DaysPerYear)
		halfStay := math.Exp(-0.9 * days / 2 / DaysPerYear)
		moves := (inA+entered)*(1-stay) + 20*(1-halfStay)
		inA, entered = (inA+entered)*stay, 20*halfStay
		got := res.MovesRow(t0)
		if math.Abs(got[0*2+1]-moves) > 1e-9 || got[1*2+0] != 0 || got[0] != 0 || got[3] != 0 {
			t.Errorf("month %d: moves %v, want a → b %.12f and nothing else", t0, got, moves)
		}
		if a := res.CategoryRow(t0)[0]; math.Abs(a-(inA+entered)) > 1e-9 {
			t.Errorf("month %d: %.12f in a, want %.12f", t0, a, inA+entered)
		}
	}
}

func TestEntrantsExposedForHalfTheMonth(t *testing.T) {
	p := simpleParams([]string{"foster"}, []string{"home"})
	p.Horizon = 1
	p.Start = MonthOf(2025, 6) // 30 days
	p.Exit[0] = 0.5
	route := Route{Name: "cp", PerMonth: 10, FirstPlacement: []float64{1}}
	route.AgeProfile[5] = 1
	p.Routes = []Route{route}
	res := mustProject(t, p)
	want := 10 * (1 - math.Exp(-0.5*15/DaysPerYear))
	if got := res.ExitsRow(0)[0]; math.Abs(got-want) > 1e-12 {
		t.Errorf("entrants leaving in their first month: %v, want %v", got, want)
	}
	if got := res.EntriesRow(0)[0]; got != 10 {
		t.Errorf("entries %v, want 10", got)
	}
}

func TestEntryTrendCompoundsMonthly(t *testing.T) {
	p := simpleParams([]string{"foster"}, []string{"home"})
	p.Horizon = 25
	route := Route{Name: "cp", PerMonth: 10, Trend: 0.1, FirstPlacement: []float64{1}}
	route.AgeProfile[0] = 1
	p.Routes = []Route{route}
	res := mustProject(t, p)
	for _, m := range []int{0, 12, 24} {
		want := 10 * math.Pow(1.1, float64(m)/12)
		if got := res.EntriesRow(m)[0]; math.Abs(got-want) > 1e-12 {
			t.Errorf("month %d: %v entries, want %v", m, got, want)
		}
	}
}

func TestRampAt(t *testing.T) {
	r := Ramp{From: MonthOf(2025, 4), To: MonthOf(2025, 9), Factor: 1.2}
	tests := []struct {
		m    Month
		want float64
	}{
		{MonthOf(2025, 3), 1},
		{MonthOf(2025, 4), 1 + 0.2/6},
		{MonthOf(2025, 6), 1 + 0.2*3/6},
		{MonthOf(2025, 9), 1.2},
		{MonthOf(2030, 1), 1.2},
	}
	for _, tc := range tests {
		if got := r.At(tc.m); math.Abs(got-tc.want) > 1e-15 {
			t.Errorf("At(%v) = %v, want %v", tc.m, got, tc.want)
		}
	}
	step := Ramp{From: MonthOf(2025, 4), To: MonthOf(2025, 4), Factor: 0.5}
	if step.At(MonthOf(2025, 3)) != 1 || step.At(MonthOf(2025, 4)) != 0.5 {
		t.Errorf("a one-month ramp is a step: %v, %v", step.At(MonthOf(2025, 3)), step.At(MonthOf(2025, 4)))
	}
}

func TestRateChangeScalesExits(t *testing.T) {
	p := simpleParams([]string{"foster"}, []string{"home"})
	p.Start, p.Horizon = MonthOf(2025, 4), 1
	p.Exit[0] = 0.2
	p.Initial[0] = 1000
	base := mustProject(t, p).ExitsRow(0)[0]
	p.Changes = []RateChange{{Name: "x2", Lever: LeverExit, Index: 0, Ramp: Ramp{p.Start, p.Start, 2}}}
	got := mustProject(t, p).ExitsRow(0)[0]
	want := 1000 * (1 - math.Exp(-0.4*30/DaysPerYear))
	if math.Abs(got-want) > 1e-9 || got <= base {
		t.Errorf("doubled exit rate: %v exits (base %v), want %v", got, base, want)
	}
}

func TestInterventions(t *testing.T) {
	p := simpleParams([]string{"ifa", "inhouse"}, []string{"home"})
	p.Start, p.Horizon = MonthOf(2017, 8), 5
	p.Initial[120*2] = 20 // 20 ten-year-olds with an IFA
	p.Interventions = []Intervention{
		{Name: "cohort", From: 0, To: 1, Children: 15, Start: MonthOf(2017, 9), End: MonthOf(2017, 9)},
		{Name: "monthly", From: 0, To: 1, Children: 3, Start: MonthOf(2017, 10), End: MonthOf(2017, 12)},
	}
	res := mustProject(t, p)
	wantIFA := []float64{20, 5, 2, 0, 0}
	wantShort := [][]float64{{0, 0}, {0, 0}, {0, 0}, {0, 1}, {0, 3}}
	for m := 0; m < res.Months; m++ {
		if got := res.CategoryRow(m)[0]; got != wantIFA[m] {
			t.Errorf("%v: %v with an IFA, want %v", res.Month(m), got, wantIFA[m])
		}
		if got := res.InCare[m]; got != 20 {
			t.Errorf("%v: %v in care, want 20", res.Month(m), got)
		}
		for i, want := range wantShort[m] {
			if got := res.ShortfallRow(m)[i]; got != want {
				t.Errorf("%v: intervention %d short by %v, want %v", res.Month(m), i, got, want)
			}
		}
	}
	if got := res.MovesRow(1)[0*2+1]; got != 15 {
		t.Errorf("moves IFA→in-house in 2017-09: %v, want 15", got)
	}
}

func TestCostsByDaysOfTheMonth(t *testing.T) {
	p := simpleParams([]string{"foster"}, []string{"home"})
	p.Start, p.Horizon = MonthOf(2024, 1), 3
	p.Initial[0] = 7
	p.Costs.Weekly[0] = 700
	p.Costs.PriceYear = 2023
	res := mustProject(t, p)
	for m, days := range []float64{31, 29, 31} { // 2024 is a leap year
		want := 7 * days * 100
		if got := res.TotalCost(m); math.Abs(got-want) > 1e-9 {
			t.Errorf("%v: cost %v, want %v (7 children × %v days × £100 a day)", res.Month(m), got, want, days)
		}
		if got := res.ChildDaysRow(m)[0]; math.Abs(got-7*days) > 1e-12 {
			t.Errorf("%v: %v child-days, want %v", res.Month(m), got, 7*days)
		}
	}
}

func TestUpliftFromFirstApril(t *testing.T) {
	p := simpleParams([]string{"foster"}, []string{"home"})
	p.Start, p.Horizon = MonthOf(2026, 2), 15
	p.Initial[0] = 1
	p.Costs.Weekly[0] = 700
	p.Costs.Uplift[0] = 0.10
	p.Costs.PriceYear = 2025
	res := mustProject(t, p)
	daily := func(m int) float64 { return res.CostRow(m)[0] / res.ChildDaysRow(m)[0] }
	tests := []struct {
		month Month
		want  float64
	}{
		{MonthOf(2026, 3), 100},        // still 2025-26
		{MonthOf(2026, 4), 110},        // first uplift on 1 April 2026
		{MonthOf(2027, 3), 110},        // 2026-27
		{MonthOf(2027, 4), 100 * 1.21}, // second uplift
	}
	for _, tc := range tests {
		m := int(tc.month - p.Start)
		if got := daily(m); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("%v: £%v a day, want £%v", tc.month, got, tc.want)
		}
	}
}

func TestFixedCostAllocatedByDays(t *testing.T) {
	p := simpleParams([]string{"foster"}, []string{"home"})
	p.Start, p.Horizon = MonthOf(2021, 1), 36
	p.Costs.Fixed = []FixedCost{{Name: "project team", Annual: 560000, From: MonthOf(2021, 1), To: MonthOf(2022, 12)}}
	res := mustProject(t, p)
	years := YearTotals(res.Budget())
	want := map[string]float64{
		"2020-21": 560000 * 90 / 365.0,  // January to March 2021
		"2021-22": 560000,               // a whole year
		"2022-23": 560000 * 275 / 365.0, // April to December 2022
		"2023-24": 0,
	}
	for _, y := range years {
		if math.Abs(y.Cost-want[y.Label()]) > 1e-6 {
			t.Errorf("%s: £%.2f, want £%.2f", y.Label(), y.Cost, want[y.Label()])
		}
	}
	if got := res.FixedCostRow(1)[0]; math.Abs(got-560000*28/365.0) > 1e-9 {
		t.Errorf("February 2021: £%v, want £%v", got, 560000*28/365.0)
	}
}

// Dorset's table 3 (June 2017): moving 15 children from IFAs (£13,110 a
// week, £874 each) to the council's own foster carers (£6,930, £462 each)
// saves £6,180 a week, £321,360 over a full year.
func TestMoveSavingDorset(t *testing.T) {
	weekly, year := MoveSaving(15, 874, 462)
	if weekly != 6180 || year != 321360 {
		t.Errorf("MoveSaving(15, 874, 462) = £%v a week, £%v a year; want £6,180 and £321,360", weekly, year)
	}
	// The same cohort moved in the projection lowers the weekly cost by as much.
	p := simpleParams([]string{"ifa", "inhouse"}, []string{"home"})
	p.Start, p.Horizon = MonthOf(2017, 8), 2
	p.Initial[120*2] = 15
	p.Costs.Weekly = []float64{874, 462}
	p.Costs.PriceYear = 2017
	p.Interventions = []Intervention{{Name: "IFA to in-house", From: 0, To: 1, Children: 15, Start: MonthOf(2017, 9), End: MonthOf(2017, 9)}}
	res := mustProject(t, p)
	before := res.TotalCost(0) / 31 * 7 // August: 31 days
	after := res.TotalCost(1) / 30 * 7  // September: 30 days
	if math.Abs(before-after-6180) > 1e-9 {
		t.Errorf("weekly cost fell by £%v, want £6,180", before-after)
	}
}

func TestBudgetByFinancialYear(t *testing.T) {
	p := randomParams(3)
	res := mustProject(t, p)
	lines := res.Budget()
	var total float64
	for m := 0; m < res.Months; m++ {
		total += res.TotalCost(m)
	}
	var months = map[int]int{}
	var sumLines float64
	for _, l := range lines {
		sumLines += l.Cost
		months[l.Year] = l.Months
	}
	if math.Abs(sumLines-total) > 1e-6 {
		t.Errorf("budget lines sum to %v, months to %v", sumLines, total)
	}
	// 2023-11 to 2027-02: 5 months of 2023-24, two whole years, 11 months of 2026-27.
	want := map[int]int{2023: 5, 2024: 12, 2025: 12, 2026: 11}
	if len(months) != len(want) {
		t.Errorf("%d financial years, want %d", len(months), len(want))
	}
	for y, n := range want {
		if months[y] != n {
			t.Errorf("financial year %s: %d months, want %d", FinancialYearLabel(y), months[y], n)
		}
	}
}

func TestMonthlyLoopDoesNotAllocate(t *testing.T) {
	if got := loopAllocs(randomParams(2)); got != 0 {
		t.Errorf("monthly loop: %v allocations per run, want 0", got)
	}
}

// loopAllocs is the allocations of one run of p's monthly loop, its plan
// and result made beforehand.
func loopAllocs(p *Params) float64 {
	res := newResult(p)
	pl := newPlan(p)
	return testing.AllocsPerRun(3, func() {
		// the loop accumulates into these
		clear(res.Exits)
		clear(res.Moves)
		clear(res.Entries)
		clear(res.ByCategory)
		clear(res.ByBandCategory)
		clear(res.ByDuration)
		pl.setStock()
		pl.run(res)
	})
}

// A child who reaches a new age band during a month takes half the month
// at each band's rates.
func TestCrossingABandTakesHalfAMonthOfEach(t *testing.T) {
	p := simpleParams([]string{"foster"}, []string{"home"})
	p.Bands = []Band{{Name: "0-4", Min: 0, Max: 4}, {Name: "5-17", Min: 5, Max: 17}}
	p.Exit = []float64{0, 1.2} // [reason][band][cat]
	p.Move = make([]float64, 2)
	p.Start, p.Horizon = MonthOf(2025, 6), 1 // 30 days
	p.Initial[58], p.Initial[59], p.Initial[60] = 100, 100, 100
	res := mustProject(t, p)
	want := map[int]float64{
		59: 100,                                 // 58 months: band 0-4 all month
		60: 100 * math.Exp(-1.2*15/DaysPerYear), // 59 months: 5 years old half way through
		61: 100 * math.Exp(-1.2*30/DaysPerYear), // 60 months: band 5-17 all month
	}
	for a, w := range want {
		if got := res.Final[a]; math.Abs(got-w) > 1e-9 {
			t.Errorf("aged %d months at the end: %v, want %v", a, got, w)
		}
	}
}

// constantParams is randomParams with the same entrants every month, so
// that their arrivals are worked out ahead of the monthly loop.
func constantParams(seed uint64) *Params {
	p := randomParams(seed)
	for i := range p.Routes {
		p.Routes[i].Trend = 0
	}
	var kept []RateChange
	for _, c := range p.Changes {
		if c.Lever != LeverEntries && c.Lever != LeverFirstPlacement {
			kept = append(kept, c)
		}
	}
	p.Changes = kept
	return p
}

// Arrivals worked out ahead give the same projection as the monthly loop
// working them out, and the loop then allocates nothing either.
func TestArrivalsWorkedOutAhead(t *testing.T) {
	p := constantParams(4)
	ahead := newPlan(p)
	if ahead.arrivals == nil {
		t.Fatal("constant entrants, but no arrivals worked out ahead")
	}
	monthly := newPlan(p)
	monthly.arrivals = nil
	a, m := newResult(p), newResult(p)
	ahead.run(a)
	monthly.run(m)
	for i := range a.InCare {
		if d := math.Abs(a.InCare[i] - m.InCare[i]); d > 1e-9 {
			t.Errorf("month %d: %v in care ahead, %v month by month", i, a.InCare[i], m.InCare[i])
		}
	}
	for i := range a.Exits {
		if math.Abs(a.Exits[i]-m.Exits[i]) > 1e-9 || math.Abs(a.ChildDays[i%len(a.ChildDays)]-m.ChildDays[i%len(m.ChildDays)]) > 1e-6 {
			t.Fatalf("exits or child-days differ at %d", i)
		}
	}
	if got := loopAllocs(p); got != 0 {
		t.Errorf("monthly loop with arrivals ahead: %v allocations per run, want 0", got)
	}
}
