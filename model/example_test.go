package model_test

import (
	"errors"
	"fmt"
	"math"

	"github.com/carecast/carecast/model"
)

// A council with 100 ten-year-olds in foster care, who return home at 0.2
// a year, and four entrants a month aged 9. Of the 100, 100·e^(−0.2·365/365.25)
// = 81.9 are still in care a year later; the 48 entrants add 4.5 leavers.
func ExampleProject() {
	p := &model.Params{
		Start:      model.MonthOf(2025, 4),
		Horizon:    12,
		Categories: []string{"foster"},
		Bands:      []model.Band{{Name: "0-17", Min: 0, Max: 17}},
		Reasons:    []string{"reunification"},
		Exit:       []float64{0.2},
		Move:       []float64{0},
		Initial:    make([]float64, model.NAges),
		Costs:      model.Costs{Weekly: []float64{450}, Uplift: []float64{0.03}, PriceYear: 2025},
	}
	p.Initial[120] = 100
	route := model.Route{Name: "cp", PerMonth: 4, FirstPlacement: []float64{1}}
	route.AgeProfile[9] = 1
	p.Routes = []model.Route{route}
	res, err := model.Project(p)
	if err != nil {
		fmt.Println(err)
		return
	}
	last := res.Months - 1
	fmt.Printf("in care at the end of %v: %.1f\n", res.Month(last), res.InCare[last])
	fmt.Printf("returned home in the year: %.1f\n", sumOver(res.Months, func(t int) float64 { return res.ExitsRow(t)[0] }))
	for _, y := range model.YearTotals(res.Budget()) {
		fmt.Printf("%s: £%.0f\n", y.Label(), y.Cost)
	}
	// Output:
	// in care at the end of 2026-03: 125.4
	// returned home in the year: 22.6
	// 2025-26: £2653041
}

func sumOver(n int, f func(int) float64) float64 {
	var s float64
	for t := 0; t < n; t++ {
		s += f(t)
	}
	return s
}

// Dorset's 2017 plan: 15 children from agency foster care at £874 a week to
// the council's own carers at £462.
func ExampleMoveSaving() {
	weekly, year := model.MoveSaving(15, 874, 462)
	fmt.Printf("£%.0f a week, £%.0f full-year effect\n", weekly, year)
	// Output: £6180 a week, £321360 full-year effect
}

// Validate reports every problem at once: each says which value (Field and
// Index, and in words) and what is wrong with it, and errors.Is tells the
// kind of problem.
func ExampleParams_Validate() {
	p := &model.Params{
		Start:      model.MonthOf(2025, 4),
		Horizon:    12,
		Categories: []string{"foster", "residential"},
		Bands:      []model.Band{{Name: "0-17", Min: 0, Max: 17}},
		Reasons:    []string{"reunification"},
		Exit:       []float64{0.2, -0.1},             // [reason][band][category]
		Move:       []float64{0, 0.1, math.NaN(), 0}, // [band][from][to]
		Initial:    make([]float64, model.NAges*2),
		Routes:     []model.Route{{Name: "cp", PerMonth: 1e9, FirstPlacement: []float64{1, 0}}},
		Costs:      model.Costs{Weekly: []float64{450, 1e308}, Uplift: []float64{0.03, 0.03}, PriceYear: 2025},
	}
	p.Routes[0].AgeProfile[9] = 1
	err := p.Validate()
	var errs model.Errors
	if errors.As(err, &errs) {
		for _, e := range errs {
			fmt.Printf("%v %v: %v\n", e.Field, e.Index, e)
		}
	}
	fmt.Println("too large:", errors.Is(err, model.ErrTooLarge))
	// Output:
	// Exit [0 0 1]: exit rate reunification/0-17/residential: -0.1 is negative
	// Move [0 1 0]: move rate 0-17/residential→foster: NaN is not a finite number
	// Routes.PerMonth [0]: entries a month of route cp: 1000000000 is beyond the largest credible value (at most 100000 entries a month)
	// Costs.Weekly [1]: weekly cost of residential: 1e+308 is beyond the largest credible value (at most £1000000 a child-week)
	// too large: true
}

// Agency fostering at £874 a week with a 3% uplift each April: a framework
// price 7% lower from October 2025, and a block contract for residential
// care at £3,500 a week from January 2026, which the uplift raises from the
// next 1 April.
func ExampleCosts_WeeklyCost() {
	c := model.Costs{Weekly: []float64{874, 4200}, Uplift: []float64{0.03, 0.03}, PriceYear: 2025,
		PriceChanges: []model.PriceChange{
			{Name: "IFA framework", Category: 0, From: model.MonthOf(2025, 10), Change: -0.07},
			{Name: "block contract", Category: 1, From: model.MonthOf(2026, 1), Weekly: 3500},
		}}
	for _, m := range []model.Month{model.MonthOf(2025, 9), model.MonthOf(2025, 10), model.MonthOf(2026, 1), model.MonthOf(2026, 4)} {
		fmt.Printf("%v: IFA £%.2f, home £%.2f\n", m, c.WeeklyCost(0, m), c.WeeklyCost(1, m))
	}
	// Output:
	// 2025-09: IFA £874.00, home £4200.00
	// 2025-10: IFA £812.82, home £4200.00
	// 2026-01: IFA £812.82, home £3500.00
	// 2026-04: IFA £837.20, home £3605.00
}

// Ten young people leave external residential care for home in April 2021:
// they count as exits by reunification, and the number in care falls by ten.
func ExampleIntervention_outOfCare() {
	p := &model.Params{
		Start:      model.MonthOf(2021, 3),
		Horizon:    2,
		Categories: []string{"home_external"},
		Bands:      []model.Band{{Name: "0-17", Min: 0, Max: 17}},
		Reasons:    []string{"reunification"},
		Exit:       []float64{0},
		Move:       []float64{0},
		Initial:    make([]float64, model.NAges),
		Interventions: []model.Intervention{{Name: "home", From: 0, To: model.OutOfCare, ToReason: 0, Children: 10,
			Start: model.MonthOf(2021, 4), End: model.MonthOf(2021, 4)}},
		Costs: model.Costs{Weekly: []float64{3500}, Uplift: []float64{0}, PriceYear: 2020},
	}
	p.Initial[15*12] = 40
	res, err := model.Project(p)
	if err != nil {
		fmt.Println(err)
		return
	}
	for t := 0; t < res.Months; t++ {
		fmt.Printf("%v: %.0f in care, %.0f reunified\n", res.Month(t), res.InCare[t], res.ExitsRow(t)[0])
	}
	// Output:
	// 2021-03: 40 in care, 0 reunified
	// 2021-04: 30 in care, 10 reunified
}
