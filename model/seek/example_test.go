package seek_test

import (
	"fmt"

	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/model/seek"
)

// The small council below will have 125.4 children in care in a year: 81.9
// of the 100 it has now and 43.5 of its entrants. What cut in entries,
// from the start, brings that to at most 115? (The file is a whole
// example: smallCouncil is below.)
func ExampleSeek() {
	p := smallCouncil()
	entries := seek.Lever{
		Name:         "entries",
		Change:       &model.RateChange{Lever: model.LeverEntries, Index: -1, From: -1, To: -1},
		Intervention: -1,
	}
	atEnd := func(r *model.Result) (float64, error) { return r.InCare[r.Months-1], nil }
	goal := seek.Goal{Value: atEnd, Target: 115, AtMost: true}
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
	// a change of the lever meets the goal: entries × 0.748 gives 114.4 in care at the end of 2026-03 (4 projections)
	// no change of the lever within its bounds meets the goal: even with no entries 81.9 are in care (3 projections)
}

// smallCouncil has 100 ten-year-olds in foster care, who return home at 0.2
// a year, and four entrants a month aged 9, over a year.
func smallCouncil() model.Params {
	p := model.Params{
		Start:      model.MonthOf(2025, 4),
		Horizon:    12,
		Categories: []string{"foster"},
		Bands:      []model.Band{{Name: "0-17", Min: 0, Max: 17}},
		Reasons:    []string{"reunification"},
		Exit:       []float64{0.2},
		Move:       []float64{0},
		Initial:    make([]float64, model.NAges),
		Costs:      model.Costs{Weekly: []float64{450}, Uplift: []float64{0}, PriceYear: 2025},
	}
	p.Initial[120] = 100
	route := model.Route{Name: "cp", PerMonth: 4, FirstPlacement: []float64{1}}
	route.AgeProfile[9] = 1
	p.Routes = []model.Route{route}
	return p
}
