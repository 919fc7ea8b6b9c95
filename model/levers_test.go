package model

import (
	"math"
	"testing"
)

// An intervention out of care of N children raises its reason's exits by
// N and lowers the number in care by N, against the same projection
// without it; it moves nobody between categories.
func TestInterventionOutOfCare(t *testing.T) {
	for _, n := range []float64{4, 30} { // 30 is more than the 20 there are
		p := simpleParams([]string{"home_external", "foster"}, []string{"reunification", "adoption"})
		p.Start, p.Horizon = MonthOf(2021, 3), 3
		p.Exit = []float64{0.2, 0.1, 0.05, 0.05} // [reason][band][category]
		p.Initial[150*2] = 20                    // twelve-year-olds in external homes
		base := mustProject(t, p)
		p.Interventions = []Intervention{{Name: "home", From: 0, To: OutOfCare, ToReason: 0, Children: n,
			Start: MonthOf(2021, 4), End: MonthOf(2021, 4)}}
		res := mustProject(t, p)
		moved := math.Min(n, base.CategoryRow(0)[0])
		if got := res.MovedRow(1)[0]; got != moved {
			t.Errorf("%v children: moved %v, want %v", n, got, moved)
		}
		if got := res.ShortfallRow(1)[0]; got != n-moved {
			t.Errorf("%v children: short by %v, want %v", n, got, n-moved)
		}
		// The month's own exits of those left in care fall, being fewer: compare the month's exits of
		// reunification against the base with the children taken away at its start.
		start := base.CategoryRow(0)[0] - moved
		stay := math.Exp(-0.25 * 30 / DaysPerYear) // April: 30 days
		wantExits := moved + start*(1-stay)*0.2/0.25
		if got := res.ExitsRow(1)[0]; math.Abs(got-wantExits) > 1e-9 {
			t.Errorf("%v children: %v reunified in April, want %v (N + the rate's)", n, got, wantExits)
		}
		if got, want := res.InCare[1], start*stay; math.Abs(got-want) > 1e-9 {
			t.Errorf("%v children: %v in care at April's end, want %v", n, got, want)
		}
		if d := base.InCare[1] - res.InCare[1]; math.Abs(d-moved*stay) > 1e-9 {
			t.Errorf("%v children: in care lower by %v, want %v (N, less the N who would have left anyway)", n, d, moved*stay)
		}
		if got := res.TotalMoves(1); got != 0 {
			t.Errorf("%v children: %v moves, want none", n, got)
		}
		checkConserved(t, res, 1e-12)
	}
}

// With no rates at all, N children taken home are exactly N more exits and
// N fewer in care.
func TestInterventionOutOfCareExact(t *testing.T) {
	p := simpleParams([]string{"home_external", "foster"}, []string{"reunification", "adoption"})
	p.Start, p.Horizon = MonthOf(2021, 3), 4
	p.Initial[150*2] = 20
	p.Interventions = []Intervention{{Name: "home", From: 0, To: OutOfCare, ToReason: 1, Children: 10,
		Start: MonthOf(2021, 4), End: MonthOf(2021, 4)}}
	res := mustProject(t, p)
	for m, want := range []float64{20, 10, 10, 10} {
		if got := res.InCare[m]; got != want {
			t.Errorf("%v: %v in care, want %v", res.Month(m), got, want)
		}
	}
	if got := res.ExitsRow(1); got[1] != 10 || got[0] != 0 {
		t.Errorf("April's exits %v, want 10 by adoption", got)
	}
}

// A price change of −7% lowers the category's cost by exactly 7% from its
// month, and no other category's; a block price replaces the weekly cost
// and takes the uplift from the next 1 April.
func TestPriceChanges(t *testing.T) {
	p := simpleParams([]string{"foster_ifa", "home_external"}, []string{"home"})
	p.Start, p.Horizon = MonthOf(2026, 1), 16
	p.Initial[100*2] = 10
	p.Initial[100*2+1] = 5
	p.Costs.Weekly = []float64{874, 4200}
	p.Costs.Uplift = []float64{0.03, 0.05}
	base := mustProject(t, p)
	p.Costs.PriceChanges = []PriceChange{
		{Name: "IFA framework", Category: 0, From: MonthOf(2026, 4), Change: -0.07},
		{Name: "block contract", Category: 1, From: MonthOf(2026, 2), Weekly: 3500},
	}
	res := mustProject(t, p)
	for m := 0; m < res.Months; m++ {
		month := res.Month(m)
		ratio := res.CostRow(m)[0] / base.CostRow(m)[0]
		want := 1.0
		if month >= MonthOf(2026, 4) {
			want = 0.93
		}
		if math.Abs(ratio-want) > 1e-12 {
			t.Errorf("%v: IFA cost %v of the base's, want %v", month, ratio, want)
		}
		daily := res.CostRow(m)[1] / res.ChildDaysRow(m)[1] * 7
		wantWeekly := 4200.0
		switch {
		case month >= MonthOf(2027, 4): // two 1 Aprils after the block price's month
			wantWeekly = 3500 * 1.05 * 1.05
		case month >= MonthOf(2026, 4):
			wantWeekly = 3500 * 1.05
		case month >= MonthOf(2026, 2):
			wantWeekly = 3500
		}
		if math.Abs(daily-wantWeekly) > 1e-9 {
			t.Errorf("%v: home £%v a week, want £%v", month, daily, wantWeekly)
		}
	}
}

// capped is a two-category council whose in-house fostering has places and
// overflows into agency fostering, with entrants first placed in-house and
// moves into it.
func capped() *Params {
	p := simpleParams([]string{"foster_inhouse", "foster_ifa", "home"}, []string{"reunification"})
	p.Start, p.Horizon = MonthOf(2025, 4), 36
	K := p.K()
	p.Exit = []float64{0.3, 0.3, 0.2}
	p.Move[0*K+1], p.Move[1*K+0], p.Move[2*K+0] = 0.2, 0.5, 1.5
	for a := 0; a < NAges; a++ {
		p.Initial[a*K+0] = 0.9
		p.Initial[a*K+1] = 0.5
		p.Initial[a*K+2] = 0.3
	}
	route := Route{Name: "cp", PerMonth: 12, FirstPlacement: []float64{0.8, 0.1, 0.1}}
	for y := range route.AgeProfile {
		route.AgeProfile[y] = 1
	}
	p.Routes = []Route{route}
	p.Capacities = []Capacity{{Category: 0, Overflow: 1, Places: []Places{
		{From: MonthOf(2025, 6), Places: 200}, {From: MonthOf(2026, 4), Places: 220}, {From: MonthOf(2027, 1), Places: 150}}}}
	p.Interventions = []Intervention{{Name: "to in-house", From: 2, To: 0, Children: 2, Start: MonthOf(2025, 5), End: MonthOf(2027, 3)}}
	p.Costs.Weekly = []float64{460, 870, 4000}
	return p
}

// With capacity, every month conserves children; the month-end number of a
// capped category never exceeds the larger of its places and the children
// who were in it at the month's start and stayed (so, with places that
// never fall, never its places); the children sent away are in the
// overflow; the places in force are recorded.
func TestCapacity(t *testing.T) {
	p := capped()
	res := mustProject(t, p)
	checkConserved(t, res, 1e-12)
	checkFinite(t, res)
	free := p
	free.Capacities = nil
	uncapped := mustProject(t, free)
	p = capped()
	var overflow float64
	for m := 0; m < res.Months; m++ {
		month, in := res.Month(m), res.CategoryRow(m)[0]
		places := res.PlacesRow(m)[0]
		wantPlaces := -1.0
		if pl, ok := p.Capacities[0].PlacesAt(month); ok {
			wantPlaces = pl
		}
		if places != wantPlaces || res.PlacesRow(m)[1] != -1 {
			t.Errorf("%v: places %v, want %v and −1 for the uncapped", month, res.PlacesRow(m), wantPlaces)
		}
		// The rule: at most the larger of the places and the number at the
		// month's start (children there are never sent away).
		if limit := math.Max(places, res.PreviousByCategory(m)[0]); places >= 0 && in > limit+1e-9 {
			t.Errorf("%v: %v in-house, above its %v places and the %v at the start", month, in, places, res.PreviousByCategory(m)[0])
		}
		if places >= 0 && month < MonthOf(2027, 1) && month > MonthOf(2025, 9) && in > places+1e-9 {
			t.Errorf("%v: %v in-house, above its %v places", month, in, places)
		}
		overflow += res.OverflowRow(m)[0]
		if res.OverflowRow(m)[1] != 0 || res.OverflowRow(m)[0] < 0 {
			t.Errorf("%v: overflow %v", month, res.OverflowRow(m))
		}
		if d := res.InCare[m] - uncapped.InCare[m]; places < 0 && math.Abs(d) > 1e-9 {
			t.Errorf("%v: before any capacity, %v in care against %v uncapped", month, res.InCare[m], uncapped.InCare[m])
		}
	}
	if overflow < 10 {
		t.Errorf("%v children sent to the overflow over three years: want the cap to bind", overflow)
	}
	// After the cut to 150 places the excess is only stopped from arriving:
	// the number falls towards the places as children leave.
	cut := int(MonthOf(2027, 1) - p.Start)
	if prev, now := res.CategoryRow(cut - 1)[0], res.CategoryRow(cut)[0]; !(now < prev && now > 150) {
		t.Errorf("2027-01: %v in-house after %v the month before, want fewer but above the 150 places", now, prev)
	}
	for m := cut; m < res.Months; m++ {
		if m > cut && res.CategoryRow(m)[0] > res.CategoryRow(m - 1)[0]+1e-9 && res.CategoryRow(m - 1)[0] > 150 {
			t.Errorf("%v: in-house rose from %v to %v above its 150 places", res.Month(m), res.CategoryRow(m - 1)[0], res.CategoryRow(m)[0])
		}
	}
}

// The rule, month by month and at the scale of one month: the month-end
// number in a capped category is at most the larger of its places and the
// children who were there at the start and stayed, and at least the
// smaller of its uncapped number and the places.
func TestCapacityBindsEachMonth(t *testing.T) {
	p := capped()
	p.Horizon = 1
	p.Interventions = nil
	p.Initial = make([]float64, NAges*p.K())
	for a := 0; a < NAges; a++ {
		p.Initial[a*3] = 199.5 / NAges
	}
	p.Capacities[0].Places = []Places{{From: p.Start, Places: 200}}
	res := mustProject(t, p)
	if got := res.CategoryRow(0)[0]; math.Abs(got-200) > 1e-9 {
		t.Errorf("%v in-house, want the 200 places filled (12 entrants a month, 80%% of them first placed there)", got)
	}
	free := p
	free.Capacities = nil
	base := mustProject(t, free)
	sent := base.CategoryRow(0)[0] - 200
	if got := res.OverflowRow(0)[0]; math.Abs(got-sent) > 1e-9 {
		t.Errorf("overflow %v, want the %v beyond the places", got, sent)
	}
	if d := res.CategoryRow(0)[1] - base.CategoryRow(0)[1]; math.Abs(d-sent) > 1e-9 {
		t.Errorf("IFA up by %v, want %v", d, sent)
	}
	if d := res.TotalCost(0) - base.TotalCost(0); d <= 0 {
		t.Errorf("cost changed by %v: children sent to dearer agency places must cost more", d)
	}
}

// An intervention into a full category places children in its overflow
// beyond the places left at the start of the month; when the overflow is
// where they come from, they stay, short.
func TestInterventionIntoFullCategory(t *testing.T) {
	p := simpleParams([]string{"inhouse", "ifa", "home"}, []string{"home"})
	p.Start, p.Horizon = MonthOf(2025, 4), 1
	p.Initial[120*3+0], p.Initial[120*3+1], p.Initial[120*3+2] = 8, 20, 20
	p.Capacities = []Capacity{{Category: 0, Overflow: 1, Places: []Places{{From: p.Start, Places: 10}}}}
	p.Interventions = []Intervention{
		{Name: "ifa to in-house", From: 1, To: 0, Children: 5, Start: p.Start, End: p.Start},
		{Name: "home to in-house", From: 2, To: 0, Children: 4, Start: p.Start, End: p.Start},
	}
	res := mustProject(t, p)
	if got := res.CategoryRow(0); got[0] != 10 || got[1] != 20-2+4 || got[2] != 16 {
		t.Errorf("by category %v, want [10 22 16]", got)
	}
	if m, s := res.MovedRow(0), res.ShortfallRow(0); m[0] != 2 || s[0] != 3 || m[1] != 4 || s[1] != 0 {
		t.Errorf("moved %v, short %v; want [2 4], [3 0]", m, s)
	}
	K := 3
	if mv := res.MovesRow(0); mv[1*K+0] != 2 || mv[2*K+0] != 0 || mv[2*K+1] != 4 {
		t.Errorf("moves %v, want ifa→in-house 2, home→ifa 4", mv)
	}
	if got := res.OverflowRow(0)[0]; got != 4 {
		t.Errorf("overflow %v, want the 4 from homes", got)
	}
}
