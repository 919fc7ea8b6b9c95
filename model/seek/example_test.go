package seek_test

import (
	"fmt"

	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/model/seek"
)

// The small council below will have 131.5 children in care in a year:
// 81.9 of the 100 in foster care now, 6.1 of the 10 in children's homes
// and 43.5 of its entrants. What cut in entries, from the start, brings
// that to at most 120? (The file is a whole example: smallCouncil is
// below.)
func ExampleSeek() {
	p := smallCouncil()
	entries := seek.Lever{
		Name:         "entries",
		Change:       &model.RateChange{Lever: model.LeverEntries, Index: -1, From: -1, To: -1},
		Intervention: -1,
	}
	atEnd := func(r *model.Result) (float64, error) { return r.InCare[r.Months-1], nil }
	goal := seek.Goal{Value: atEnd, Target: 120, AtMost: true}
	r, err := seek.Seek(p, entries, goal, seek.Settings{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%v: entries × %.3f gives %.1f in care at the end of %v (%d projections)\n",
		r.Status, r.Multiplier, r.Value, r.Projection.Month(r.Projection.Months-1), r.Evaluations)

	goal.Target = 50
	r, _ = seek.Seek(p, entries, goal, seek.Settings{})
	fmt.Printf("%v: even with no entries %.1f are in care (%d projections)\n", r.Status, r.Value, r.Evaluations)
	// Output:
	// a change of the lever meets the goal: entries × 0.723 gives 119.4 in care at the end of 2026-03 (4 projections)
	// no change of the lever within its bounds meets the goal: even with no entries 88.0 are in care (3 projections)
}

// smallCouncil has 100 ten-year-olds in in-house foster care and 10
// fourteen-year-olds in external children's homes, who return home at 0.2
// and 0.5 a year, and four entrants a month aged 9, all fostered; over a
// year, at £450 and £5,000 a week.
func smallCouncil() model.Params {
	p := model.Params{Start: model.MonthOf(2025, 4), Horizon: 12}
	p.Categories, p.Reasons = []string{"foster", "home"}, []string{"reunification"}
	p.Bands = []model.Band{{Name: "0-17", Min: 0, Max: 17}}
	p.Exit, p.Move = []float64{0.2, 0.5}, make([]float64, 4) // [reason][band][category], [band][from][to]
	p.Initial = make([]float64, 2*model.NAges)               // [age in months][category]
	p.Initial[120*2], p.Initial[168*2+1] = 100, 10
	p.Costs = model.Costs{Weekly: []float64{450, 5000}, Uplift: []float64{0, 0}, PriceYear: 2025}
	route := model.Route{Name: "cp", PerMonth: 4, FirstPlacement: []float64{1, 0}}
	route.AgeProfile[9] = 1
	p.Routes = []model.Route{route}
	return p
}
