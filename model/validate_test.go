package model

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

// problem is what a test expects of one Error.
type wantErr struct {
	field Field
	index []int
	kind  error
}

func (w wantErr) matches(e *Error) bool {
	return e.Field == w.field && slices.Equal(e.Index, w.index) && errors.Is(e, w.kind)
}

// validateErrors validates p and returns its Errors, failing if Validate
// returned an error of another type.
func validateErrors(t *testing.T, p *Params) Errors {
	t.Helper()
	err := p.Validate()
	if err == nil {
		return nil
	}
	var errs Errors
	if !errors.As(err, &errs) {
		t.Fatalf("Validate returned %T, want model.Errors: %v", err, err)
	}
	return errs
}

func TestValidateAcceptsValidParams(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		if err := randomParams(seed).Validate(); err != nil {
			t.Errorf("seed %d: %v", seed, err)
		}
	}
}

func TestValidateFindsEachBadValue(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	tests := []struct {
		name string
		edit func(p *Params)
		want []wantErr
	}{
		{"start before 1900", func(p *Params) { p.Start = MonthOf(1850, 1) }, []wantErr{{FieldStart, nil, ErrTooSmall}}},
		{"no horizon", func(p *Params) { p.Horizon = 0 }, []wantErr{{FieldHorizon, nil, ErrTooSmall}}},
		{"horizon beyond 100 years", func(p *Params) { p.Horizon = MaxHorizon + 1 }, []wantErr{{FieldHorizon, nil, ErrTooLarge}}},
		{"band gap", func(p *Params) { p.Bands[1].Min = 2 }, []wantErr{{FieldBands, []int{1}, ErrGap}}},
		{"band backwards", func(p *Params) { p.Bands[4].Max = 15 }, []wantErr{
			{FieldBands, []int{4}, ErrOrder},
			{FieldBands, []int{4}, ErrGap},
		}},
		{"negative exit", func(p *Params) { p.Exit[p.ExitAt(1, 2, 3)] = -0.2 }, []wantErr{{FieldExit, []int{1, 2, 3}, ErrNegative}}},
		{"infinite exit", func(p *Params) { p.Exit[p.ExitAt(2, 0, 1)] = inf }, []wantErr{{FieldExit, []int{2, 0, 1}, ErrNotFinite}}},
		{"exit beyond MaxRate", func(p *Params) { p.Exit[0] = 2 * MaxRate }, []wantErr{{FieldExit, []int{0, 0, 0}, ErrTooLarge}}},
		{"exit table short", func(p *Params) { p.Exit = p.Exit[1:] }, []wantErr{{FieldExit, nil, ErrShape}}},
		{"NaN move", func(p *Params) { p.Move[p.MoveAt(1, 0, 1)] = nan }, []wantErr{{FieldMove, []int{1, 0, 1}, ErrNotFinite}}},
		{"move to self", func(p *Params) { p.Move[p.MoveAt(0, 2, 2)] = 0.1 }, []wantErr{{FieldMove, []int{0, 2, 2}, ErrSelf}}},
		{"move table long", func(p *Params) { p.Move = append(p.Move, 0) }, []wantErr{{FieldMove, nil, ErrShape}}},
		{"negative stock", func(p *Params) { p.Initial[5] = -1 }, []wantErr{{FieldInitial, []int{1, 1}, ErrNegative}}},
		{"stock beyond MaxStock", func(p *Params) { p.Initial[8] = 1e7 }, []wantErr{{FieldInitial, []int{2, 0}, ErrTooLarge}}},
		{"initial stock short", func(p *Params) { p.Initial = p.Initial[:12] }, []wantErr{{FieldInitial, nil, ErrShape}}},
		{"negative entries", func(p *Params) { p.Routes[0].PerMonth = -3 }, []wantErr{{FieldRoutePerMonth, []int{0}, ErrNegative}}},
		{"1e9 entries a month", func(p *Params) { p.Routes[1].PerMonth = 1e9 }, []wantErr{{FieldRoutePerMonth, []int{1}, ErrTooLarge}}},
		{"NaN entries", func(p *Params) { p.Routes[2].PerMonth = nan }, []wantErr{{FieldRoutePerMonth, []int{2}, ErrNotFinite}}},
		{"trend of -100%", func(p *Params) { p.Routes[1].Trend = -1 }, []wantErr{{FieldRouteTrend, []int{1}, ErrTooSmall}}},
		{"trend beyond MaxTrend", func(p *Params) { p.Routes[1].Trend = 3 }, []wantErr{{FieldRouteTrend, []int{1}, ErrTooLarge}}},
		{"negative age weight", func(p *Params) { p.Routes[0].AgeProfile[4] = -1 }, []wantErr{{FieldRouteAgeProfile, []int{0, 4}, ErrNegative}}},
		{"age profile all zero", func(p *Params) { p.Routes[2].AgeProfile = [AgeYears]float64{} }, []wantErr{{FieldRouteAgeProfile, []int{2}, ErrZero}}},
		{"infinite placement weight", func(p *Params) { p.Routes[0].FirstPlacement[p.K()+2] = inf }, []wantErr{{FieldRouteFirstPlacement, []int{0, 1, 2}, ErrNotFinite}}},
		{"no first placement", func(p *Params) { clear(p.Routes[0].FirstPlacement[:p.K()]) }, []wantErr{{FieldRouteFirstPlacement, []int{0, 0}, ErrZero}}},
		{"first placements short", func(p *Params) { p.Routes[2].FirstPlacement = []float64{1} }, []wantErr{{FieldRouteFirstPlacement, []int{2}, ErrShape}}},
		{"factor of 1e308", func(p *Params) { p.Changes[1].Ramp.Factor = 1e308 }, []wantErr{{FieldChangeFactor, []int{1}, ErrTooLarge}}},
		{"negative factor", func(p *Params) { p.Changes[2].Ramp.Factor = -1 }, []wantErr{{FieldChangeFactor, []int{2}, ErrNegative}}},
		{"NaN factor", func(p *Params) { p.Changes[0].Ramp.Factor = nan }, []wantErr{{FieldChangeFactor, []int{0}, ErrNotFinite}}},
		{"factors compounding", func(p *Params) {
			c := RateChange{Name: "x40", Lever: LeverExit, Index: 0, Ramp: Ramp{p.Start, p.Start, 40}}
			p.Changes = append(p.Changes, c, c) // 40 × 40 > MaxFactor
		}, []wantErr{{FieldChangeFactor, []int{5}, ErrTooLarge}}},
		{"change backwards", func(p *Params) { p.Changes[0].Ramp.To = p.Changes[0].Ramp.From - 1 }, []wantErr{{FieldChangeSpan, []int{0}, ErrOrder}}},
		{"change after the longest projection", func(p *Params) { p.Changes[3].Ramp.To = MonthOf(MaxYear+MaxHorizon/12+1, 1) }, []wantErr{{FieldChangeSpan, []int{3}, ErrTooLarge}}},
		{"change of a route that does not exist", func(p *Params) { p.Changes[0].Index = 7 }, []wantErr{{FieldChangeLever, []int{0}, ErrRange}}},
		{"change of a band that does not exist", func(p *Params) { p.Changes[1].Bands = 1 << 6 }, []wantErr{{FieldChangeLever, []int{1}, ErrRange}}},
		{"change of a category that does not exist", func(p *Params) { p.Changes[3].Index = 4 }, []wantErr{{FieldChangeLever, []int{3}, ErrRange}}},
		{"unknown lever", func(p *Params) { p.Changes[2].Lever = 9 }, []wantErr{{FieldChangeLever, []int{2}, ErrRange}}},
		{"intervention to itself", func(p *Params) { p.Interventions[0].To = p.Interventions[0].From }, []wantErr{{FieldInterventionCategory, []int{0}, ErrSelf}}},
		{"intervention from nowhere", func(p *Params) { p.Interventions[1].From = 9 }, []wantErr{{FieldInterventionCategory, []int{1}, ErrRange}}},
		{"intervention of 1e308 children", func(p *Params) { p.Interventions[1].Children = 1e308 }, []wantErr{{FieldInterventionChildren, []int{1}, ErrTooLarge}}},
		{"intervention backwards", func(p *Params) { p.Interventions[1].End = p.Interventions[1].Start - 2 }, []wantErr{{FieldInterventionSpan, []int{1}, ErrOrder}}},
		{"negative weekly cost", func(p *Params) { p.Costs.Weekly[1] = -5 }, []wantErr{{FieldWeekly, []int{1}, ErrNegative}}},
		{"weekly cost of 1e308", func(p *Params) { p.Costs.Weekly[2] = 1e308 }, []wantErr{{FieldWeekly, []int{2}, ErrTooLarge}}},
		{"weekly costs missing", func(p *Params) { p.Costs.Weekly = nil }, []wantErr{{FieldWeekly, nil, ErrShape}}},
		{"uplifts missing", func(p *Params) { p.Costs.Uplift = nil }, []wantErr{{FieldUplift, nil, ErrShape}}},
		{"uplift of -100%", func(p *Params) { p.Costs.Uplift[0] = -1 }, []wantErr{{FieldUplift, []int{0}, ErrTooSmall}}},
		{"infinite uplift", func(p *Params) { p.Costs.Uplift[3] = math.Inf(-1) }, []wantErr{{FieldUplift, []int{3}, ErrNotFinite}}},
		{"no price year", func(p *Params) { p.Costs.PriceYear = 0 }, []wantErr{{FieldPriceYear, nil, ErrTooSmall}}},
		{"negative fixed cost", func(p *Params) { p.Costs.Fixed[0].Annual = -1 }, []wantErr{{FieldFixedAnnual, []int{0}, ErrNegative}}},
		{"fixed cost beyond MaxAnnual", func(p *Params) { p.Costs.Fixed[0].Annual = 1e11 }, []wantErr{{FieldFixedAnnual, []int{0}, ErrTooLarge}}},
		{"fixed cost backwards", func(p *Params) { p.Costs.Fixed[0].To = p.Costs.Fixed[0].From - 1 }, []wantErr{{FieldFixedSpan, []int{0}, ErrOrder}}},
		{"out of care by no reason", func(p *Params) { p.Interventions[2].ToReason = 3 }, []wantErr{{FieldInterventionCategory, []int{2}, ErrRange}}},
		{"price change of −60%", func(p *Params) { p.Costs.PriceChanges[0].Change = -0.6 }, []wantErr{{FieldPriceChangeChange, []int{0}, ErrTooSmall}}},
		{"price change of NaN", func(p *Params) { p.Costs.PriceChanges[0].Change = nan }, []wantErr{{FieldPriceChangeChange, []int{0}, ErrNotFinite}}},
		{"block price too dear", func(p *Params) { p.Costs.PriceChanges[1].Weekly = 2e6 }, []wantErr{{FieldPriceChangeWeekly, []int{1}, ErrTooLarge}}},
		{"price change of no category", func(p *Params) { p.Costs.PriceChanges[1].Category = 4 }, []wantErr{{FieldPriceChange, []int{1}, ErrRange}}},
		{"price changes compounding", func(p *Params) {
			for range 10 {
				p.Costs.PriceChanges = append(p.Costs.PriceChanges, PriceChange{Change: 1, From: p.Start})
			}
		}, []wantErr{{FieldPriceChangeChange, []int{11}, ErrTooLarge}}},
		{"capacity overflowing into itself", func(p *Params) { p.Capacities[0].Overflow = 1 }, []wantErr{{FieldCapacity, []int{0}, ErrSelf}}},
		{"capacity of no category", func(p *Params) { p.Capacities[0].Category = 5 }, []wantErr{{FieldCapacity, []int{0}, ErrRange}}},
		{"capacity twice", func(p *Params) { p.Capacities = append(p.Capacities, p.Capacities[0]) }, []wantErr{
			{FieldCapacity, []int{0}, ErrGap}, {FieldCapacity, []int{1}, ErrGap}}},
		{"capped overflow", func(p *Params) {
			p.Capacities = append(p.Capacities, Capacity{Category: 3, Overflow: 0, Places: []Places{{p.Start, 3}}})
		}, []wantErr{{FieldCapacity, []int{0}, ErrChain}}},
		{"no places", func(p *Params) { p.Capacities[0].Places = nil }, []wantErr{{FieldCapacity, []int{0}, ErrZero}}},
		{"negative places", func(p *Params) { p.Capacities[0].Places[1].Places = -1 }, []wantErr{{FieldCapacityPlaces, []int{0, 1}, ErrNegative}}},
		{"places out of order", func(p *Params) { p.Capacities[0].Places[1].From = p.Start }, []wantErr{{FieldCapacityFrom, []int{0, 1}, ErrOrder}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := randomParams(1)
			tc.edit(p)
			errs := validateErrors(t, p)
			if len(errs) != len(tc.want) {
				t.Fatalf("%d errors, want %d:\n%v", len(errs), len(tc.want), errs)
			}
			for i, w := range tc.want {
				if !w.matches(errs[i]) {
					t.Errorf("error %d: %v (Field %v, Index %v), want Field %v, Index %v, %q",
						i, errs[i], errs[i].Field, errs[i].Index, w.field, w.index, w.kind)
				}
			}
			if _, err := Project(p); !errors.Is(err, tc.want[0].kind) {
				t.Errorf("Project: %v, want an error that is %q", err, tc.want[0].kind)
			}
		})
	}
}

// A number out of bounds is the Error's Value, and its message names the
// value and says what is wrong with it.
func TestValidateErrorNamesTheValue(t *testing.T) {
	p := randomParams(1)
	p.Exit[p.ExitAt(0, 3, 1)] = -0.2
	p.Routes[1].PerMonth = 1e9
	errs := validateErrors(t, p)
	want := []struct {
		value float64
		msg   string
	}{
		{-0.2, "exit rate home/10-15/b: -0.2 is negative"},
		{1e9, "entries a month of route route1: 1000000000 is beyond the largest credible value (at most 100000 entries a month)"},
	}
	if len(errs) != len(want) {
		t.Fatalf("%d errors, want %d: %v", len(errs), len(want), errs)
	}
	for i, w := range want {
		if errs[i].Value != w.value || errs[i].Error() != w.msg {
			t.Errorf("error %d: %q, value %v; want %q, value %v", i, errs[i].Error(), errs[i].Value, w.msg, w.value)
		}
	}
}

// Several bad values are all reported, in the order of the fields, and
// errors.Is finds each kind through Errors.
func TestValidateFindsEveryProblem(t *testing.T) {
	p := randomParams(2)
	p.Horizon = -1
	p.Move[p.MoveAt(2, 1, 3)] = math.NaN()
	p.Routes[0].PerMonth = 1e9
	p.Routes[2].Trend = math.Inf(1)
	p.Changes[1].Ramp.Factor = 1e308
	p.Interventions[0].Children = -2
	p.Costs.Weekly[3] = 1e308
	p.Costs.Fixed[0].Annual = math.NaN()
	want := []wantErr{
		{FieldHorizon, nil, ErrTooSmall},
		{FieldMove, []int{2, 1, 3}, ErrNotFinite},
		{FieldRoutePerMonth, []int{0}, ErrTooLarge},
		{FieldRouteTrend, []int{2}, ErrNotFinite},
		{FieldChangeFactor, []int{1}, ErrTooLarge},
		{FieldInterventionChildren, []int{0}, ErrNegative},
		{FieldWeekly, []int{3}, ErrTooLarge},
		{FieldFixedAnnual, []int{0}, ErrNotFinite},
	}
	err := p.Validate()
	var errs Errors
	if !errors.As(err, &errs) {
		t.Fatalf("Validate returned %T, want model.Errors", err)
	}
	if len(errs) != len(want) {
		t.Fatalf("%d errors, want %d:\n%v", len(errs), len(want), err)
	}
	for i, w := range want {
		if !w.matches(errs[i]) {
			t.Errorf("error %d: %v, want Field %v, Index %v, %q", i, errs[i], w.field, w.index, w.kind)
		}
		if !errors.Is(err, w.kind) {
			t.Errorf("errors.Is(err, %q) is false", w.kind)
		}
	}
	if lines := strings.Count(err.Error(), "\n") + 1; lines != len(want) {
		t.Errorf("message of %d lines, want one a problem:\n%v", lines, err)
	}
	var one *Error
	if !errors.As(err, &one) || one != errs[0] {
		t.Errorf("errors.As gives %v, want the first problem", one)
	}
}

// A problem of structure stops the checks that depend on it, never with a
// panic, and the values that do not depend on it are still checked.
func TestValidateStructure(t *testing.T) {
	tests := []struct {
		name string
		edit func(p *Params)
		want wantErr
	}{
		{"no categories", func(p *Params) { p.Categories = nil }, wantErr{FieldCategories, nil, ErrZero}},
		{"too many categories", func(p *Params) { p.Categories = make([]string, MaxCategories+1) }, wantErr{FieldCategories, nil, ErrTooLarge}},
		{"no bands", func(p *Params) { p.Bands = nil }, wantErr{FieldBands, nil, ErrZero}},
		{"bands beyond 17", func(p *Params) { p.Bands[4].Max = 40 }, wantErr{FieldBands, []int{4}, ErrGap}},
		{"no reasons", func(p *Params) { p.Reasons = nil }, wantErr{FieldExit, nil, ErrShape}},
		{"nothing", func(p *Params) { *p = Params{} }, wantErr{FieldStart, nil, ErrTooSmall}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := randomParams(3)
			p.Routes[1].PerMonth = math.NaN() // independent of the structure
			tc.edit(p)
			errs := validateErrors(t, p)
			if !slices.ContainsFunc(errs, tc.want.matches) {
				t.Errorf("no error with Field %v, Index %v, %q among:\n%v", tc.want.field, tc.want.index, tc.want.kind, errs)
			}
			if tc.name != "nothing" && !slices.ContainsFunc(errs, wantErr{FieldRoutePerMonth, []int{1}, ErrNotFinite}.matches) {
				t.Errorf("the NaN entries of route 1 were not reported:\n%v", errs)
			}
		})
	}
	var p *Params
	if err := p.Validate(); !errors.Is(err, ErrZero) {
		t.Errorf("nil params: %v", err)
	}
}

func TestCheckBands(t *testing.T) {
	tests := []struct {
		bands []Band
		want  []wantErr
	}{
		{[]Band{{"0-17", 0, 17}}, nil},
		{[]Band{{"0", 0, 0}, {"1-4", 1, 4}, {"5-17", 5, 17}}, nil},
		{nil, []wantErr{{FieldBands, nil, ErrZero}}},
		{[]Band{{"1-17", 1, 17}}, []wantErr{{FieldBands, []int{0}, ErrGap}}},
		{[]Band{{"0-4", 0, 4}, {"4-17", 4, 17}}, []wantErr{{FieldBands, []int{1}, ErrGap}}},
		{[]Band{{"0-4", 0, 4}, {"5-16", 5, 16}}, []wantErr{{FieldBands, []int{1}, ErrGap}}},
		{[]Band{{"0-4", 0, 4}, {"5-3", 5, 3}, {"4-17", 4, 17}}, []wantErr{{FieldBands, []int{1}, ErrOrder}}},
	}
	for _, tc := range tests {
		err := CheckBands(tc.bands)
		if tc.want == nil {
			if err != nil {
				t.Errorf("%v: %v, want nil", tc.bands, err)
			}
			continue
		}
		var errs Errors
		if !errors.As(err, &errs) || len(errs) != len(tc.want) {
			t.Errorf("%v: %v, want %d problems", tc.bands, err, len(tc.want))
			continue
		}
		for i, w := range tc.want {
			if !w.matches(errs[i]) {
				t.Errorf("%v: %v, want Field %v, Index %v, %q", tc.bands, errs[i], w.field, w.index, w.kind)
			}
		}
	}
}

// Every bound is met by an example of the largest values a valid Params
// may hold, and over the longest horizon no number in the Result is NaN or
// infinite and children are conserved.
func TestExtremeValidParamsStayFinite(t *testing.T) {
	tests := []struct {
		name string
		edit func(p *Params)
	}{
		{"growth", func(p *Params) {
			// no exits: the stock only grows, by the most entries, their
			// trend and changes compounding, at the dearest prices rising
			// from the earliest price year.
			clear(p.Exit)
			clear(p.Move)
			p.Changes = []RateChange{
				{Name: "entries", Lever: LeverEntries, Index: -1, Ramp: Ramp{p.Start, p.Start + 12, MaxFactor}},
				{Name: "placements", Lever: LeverFirstPlacement, Index: 0, Ramp: Ramp{p.Start, p.Start, MaxFactor}},
			}
			p.Costs.PriceYear = MinYear
			fill(p.Costs.Uplift, MaxUplift)
		}},
		{"churn", func(p *Params) {
			// every rate at its largest, made a thousand times larger.
			fill(p.Exit, MaxRate)
			for b := 0; b < p.B(); b++ {
				for i := 0; i < p.K(); i++ {
					for j := 0; j < p.K(); j++ {
						if i != j {
							p.Move[p.MoveAt(b, i, j)] = MaxRate
						}
					}
				}
			}
			p.Changes = []RateChange{
				{Name: "exits", Lever: LeverExit, Index: -1, Ramp: Ramp{p.Start, p.Start + 5, MaxFactor}},
				{Name: "moves", Lever: LeverMove, From: -1, To: -1, Ramp: Ramp{p.Start + 3, p.Start + 3, MaxFactor}},
			}
		}},
		{"falling prices", func(p *Params) {
			// prices falling as fast as they may to a price year long after
			// the start: the start's prices are the dearest.
			p.Start = MonthOf(MinYear, 1)
			p.Costs.PriceYear = MaxYear
			fill(p.Costs.Uplift, MinUplift)
			p.Interventions[1].Children = MaxChildren
			p.Interventions[1].Start, p.Interventions[1].End = p.Start, p.Start+MaxHorizon
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := extremeParams()
			tc.edit(p)
			res, err := Project(p)
			if err != nil {
				t.Fatal(err)
			}
			checkFinite(t, res)
			checkConserved(t, res, 1e-9)
		})
	}
}

// extremeParams is randomParams(7) over the longest horizon, with the most
// children in care, entering and costing the most.
func extremeParams() *Params {
	p := randomParams(7)
	p.Start = MonthOf(MaxYear, 12)
	p.Horizon = MaxHorizon
	fill(p.Initial, MaxStock)
	for i := range p.Routes {
		r := &p.Routes[i]
		r.PerMonth, r.Trend = MaxEntriesPerMonth, MaxTrend
		fill(r.AgeProfile[:], MaxWeight)
		fill(r.FirstPlacement, MaxWeight)
	}
	for i := range p.Changes {
		p.Changes[i].Ramp.From, p.Changes[i].Ramp.To = p.Start, p.Start
	}
	for i := range p.Interventions {
		iv := &p.Interventions[i]
		iv.Start, iv.End = p.Start+Month(i), p.Start+Month(i)
	}
	fill(p.Costs.Weekly, MaxWeeklyCost)
	p.Costs.PriceYear = MaxYear
	p.Costs.Fixed[0] = FixedCost{Name: "team", Annual: MaxAnnual, From: p.Start, To: p.Start + MaxHorizon}
	return p
}

// checkFinite fails the test if any number in res is NaN or infinite.
func checkFinite(t testing.TB, res *Result) {
	t.Helper()
	tables := map[string][]float64{
		"InCare": res.InCare, "ByCategory": res.ByCategory, "ByBandCategory": res.ByBandCategory,
		"Entries": res.Entries, "Exits": res.Exits, "Moves": res.Moves, "Moved": res.Moved,
		"Shortfall": res.Shortfall, "ChildDays": res.ChildDays, "Cost": res.Cost,
		"FixedCost": res.FixedCost, "Final": res.Final, "InitialByCategory": res.InitialByCategory,
		"InitialInCare": {res.InitialInCare}, "Overflow": res.Overflow, "Places": res.Places,
	}
	for name, s := range tables {
		for i, x := range s {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				t.Fatalf("%s[%d] is %v", name, i, x)
			}
		}
	}
	for _, y := range YearTotals(res.Budget()) {
		if math.IsNaN(y.Cost) || math.IsInf(y.Cost, 0) || math.IsInf(y.ChildWeeks, 0) {
			t.Fatalf("financial year %s: cost %v, child-weeks %v", y.Label(), y.Cost, y.ChildWeeks)
		}
	}
}

// checkConserved fails the test if, in any month, the children in care at
// its end differ from those at its start plus entries minus exits by more
// than tol of the month's gross numbers.
func checkConserved(t testing.TB, res *Result, tol float64) {
	t.Helper()
	for m := 0; m < res.Months; m++ {
		prev, entries, exits := res.PreviousInCare(m), res.TotalEntries(m), res.TotalExits(m)
		d := res.InCare[m] - (prev + entries - exits)
		if math.Abs(d) > tol*math.Max(1, prev+entries+exits) {
			t.Fatalf("month %v: in care %v ≠ %v + %v − %v (off by %g)", res.Month(m), res.InCare[m], prev, entries, exits, d)
		}
		for i, x := range res.ExitsRow(m) {
			if x < 0 {
				t.Fatalf("month %v: %v exits by reason %d", res.Month(m), x, i)
			}
		}
	}
}
