package target_test

import (
	"fmt"
	"time"

	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/model/target"
)

func ExampleParse() {
	for _, s := range []string{
		"in_care <= 400 by 2017-10",
		"in_care_home_external <= 40 by 2026-03",
		"cost[2026-27] <= £24,000,000",
		"saving[2011-12] >= £1.63m",
		"cost[2026] <= 24e6",
	} {
		t, err := target.Parse(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%-40s %s\n", s, t)
	}
	// Output:
	// in_care <= 400 by 2017-10                in_care <= 400 by 2017-10
	// in_care_home_external <= 40 by 2026-03   in_care_home_external <= 40 by 2026-03
	// cost[2026-27] <= £24,000,000             cost[2026-27] <= 24000000
	// saving[2011-12] >= £1.63m                saving[2011-12] >= 1630000
	// target "cost[2026] <= 24e6": financial year "2026" is not written as 2026-27
}

// A council with 420 children in foster care, 2.5 fewer at the end of each
// month, each costing £450 a week: will it be down to 400 children by
// October 2025, and from when does it stay there? Not by October, 2.5
// children over; from November. In 2026-27 it has 375 children on average
// (390 falling to 360), 375 × £450 × 365/7 ≈ £8.8m.
func ExampleEvaluate() {
	res := model.NewResult(model.MonthOf(2025, time.April), 24, model.Shape{Categories: []string{"foster"}})
	res.InitialInCare = 420
	for t := range res.Months {
		n := 420 - 2.5*float64(t+1)
		res.InCare[t], res.CategoryRow(t)[0] = n, n
		res.ChildDaysRow(t)[0] = (res.PreviousInCare(t) + n) / 2 * float64(res.Month(t).Days())
	}
	res.Price(&model.Costs{Weekly: []float64{450}, Uplift: []float64{0}, PriceYear: 2025})
	for _, s := range []string{"in_care <= 400 by 2025-10", "in_care_foster <= 360 by 2027-03", "cost[2026-27] <= £8.5m"} {
		t, err := target.Parse(s)
		if err != nil {
			fmt.Println(err)
			return
		}
		o, err := target.Evaluate(t, res, nil)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: %.1f, met %v, margin %.1f", t, o.Value, o.Met, o.Margin)
		if o.HasFirst {
			fmt.Printf(", from %v", o.First)
		}
		fmt.Println()
	}
	// Output:
	// in_care <= 400 by 2025-10: 402.5, met false, margin -2.5, from 2025-11
	// in_care_foster <= 360 by 2027-03: 360.0, met true, margin 0.0, from 2027-03
	// cost[2026-27] <= 8500000: 8799991.1, met false, margin -299991.1
}
