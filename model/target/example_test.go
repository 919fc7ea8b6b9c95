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

// 420 ten-year-olds in foster care who return home at 0.4 a year, and 12
// entrants a month: will the council be down to 400 children by October
// 2025, and from when does it stay there? Not by October, 7 children over;
// from April 2026.
func ExampleEvaluate() {
	p := &model.Params{
		Start:      model.MonthOf(2025, time.April),
		Horizon:    24,
		Categories: []string{"foster"},
		Bands:      []model.Band{{Name: "0-17", Min: 0, Max: 17}},
		Reasons:    []string{"reunification"},
		Exit:       []float64{0.4},
		Move:       []float64{0},
		Initial:    make([]float64, model.NAges),
		Costs:      model.Costs{Weekly: []float64{450}, Uplift: []float64{0}, PriceYear: 2025},
	}
	p.Initial[120] = 420
	route := model.Route{Name: "cp", PerMonth: 12, FirstPlacement: []float64{1}}
	route.AgeProfile[9] = 1
	p.Routes = []model.Route{route}
	res, err := model.Project(p)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range []string{"in_care <= 400 by 2025-10", "in_care_foster <= 390 by 2027-03", "cost[2026-27] <= £9.3m"} {
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
		fmt.Printf("%s: %.0f, met %v, margin %.0f", t, o.Value, o.Met, o.Margin)
		if o.HasFirst {
			fmt.Printf(", from %v", o.First)
		}
		fmt.Println()
	}
	// Output:
	// in_care <= 400 by 2025-10: 407, met false, margin -7, from 2026-04
	// in_care_foster <= 390 by 2027-03: 387, met true, margin 3, from 2026-12
	// cost[2026-27] <= 9300000: 9226420, met true, margin 73580, from 2026-04
}
