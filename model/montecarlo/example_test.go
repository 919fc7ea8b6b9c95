package montecarlo_test

import (
	"fmt"

	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/model/montecarlo"
)

// A hundred eight-year-olds in foster care, each going home at 0.5 a year
// and nobody entering: after a year about 100·e^−0.5 ≈ 60.7 remain, and
// the runs say how far chance alone spreads that.
func Example() {
	p := &model.Params{
		Start: model.MonthOf(2025, 4), Horizon: 12,
		Categories: []string{"foster"},
		Bands:      []model.Band{{Name: "0-17", Min: 0, Max: 17}},
		Reasons:    []string{"home"},
		Exit:       []float64{0.5},
		Move:       []float64{0},
		Initial:    make([]float64, model.NAges),
		Costs:      model.Costs{Weekly: []float64{500}, Uplift: []float64{0}, PriceYear: 2025},
	}
	p.Initial[96] = 100
	runs, err := montecarlo.Simulate(p, montecarlo.Settings{Runs: 2000, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	q := runs.InCare(11)
	fmt.Printf("in care in March 2026: mean %.1f, 80%% between %.0f and %.0f\n", q.Mean, q.P10, q.P90)
	fmt.Printf("chance of 55 or fewer: %.2f\n", runs.Probability(func(r montecarlo.RunView) bool { return r.InCare(11) <= 55 }))
	// Output:
	// in care in March 2026: mean 60.7, 80% between 54 and 67
	// chance of 55 or fewer: 0.14
}
