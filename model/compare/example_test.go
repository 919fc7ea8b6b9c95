package compare_test

import (
	"fmt"
	"time"

	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/model/compare"
)

// year is a result of the twelve months of 2025-26 with children in each
// category all year, priced at weekly (£ a week by category) and the fixed
// cost lines.
func year(children, weekly []float64, fixed ...model.FixedCost) *model.Result {
	start := model.MonthOf(2025, time.April)
	shape := model.Shape{Categories: []string{"foster_ifa", "foster_inhouse"}}
	for _, f := range fixed {
		shape.FixedCosts = append(shape.FixedCosts, f.Name)
	}
	r := model.NewResult(start, 12, shape)
	for t := 0; t < 12; t++ {
		for k, n := range children {
			r.ChildDaysRow(t)[k] = n * float64(r.Month(t).Days())
		}
	}
	r.Price(&model.Costs{Weekly: weekly, Uplift: []float64{0, 0}, PriceYear: 2025, Fixed: fixed})
	return r
}

// Dorset's plan moves 15 children from agency foster care at £874 a week to
// the council's own carers at £462 (mix); with two fewer children in care
// (volume), a 7% cut in the agency's price (price) and a recruitment team
// at £60,000 a year (fixed), over 2025-26 (365 days, 52.14 weeks). The
// base's child-week costs £626.80 on average, so two fewer children save
// 2 × 626.80 × 52.14 = £65,366; the 98 left cost £5,850 a week less at the
// base's prices than 98 average children; the agency's cut saves 25 × £61.18
// a week.
func ExampleAgainst() {
	base := year([]float64{40, 60}, []float64{874, 462})
	team := model.FixedCost{Name: "recruitment", Annual: 60000, From: base.Start, To: base.Start + 11}
	alt := year([]float64{25, 73}, []float64{874 * 0.93, 462}, team)
	s, err := compare.Against(base, alt)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, y := range s.Years {
		fmt.Printf("%s: base £%.0f, alternative £%.0f, saving £%.0f\n", y.Label(), y.BaseCost, y.Cost, y.Total())
		fmt.Printf("volume £%.0f + mix £%.0f + price £%.0f + fixed £%.0f\n", y.Volume, y.Mix, y.Price, y.Fixed)
	}
	roi, _ := s.ROI()
	fmt.Printf("return on the team: %.1f\n", roi)
	// Output:
	// 2025-26: base £3268314, alternative £2878139, saving £390175
	// volume £65366 + mix £305057 + price £79752 + fixed £-60000
	// return on the team: 6.5
}
