package model_test

import (
	"fmt"

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
