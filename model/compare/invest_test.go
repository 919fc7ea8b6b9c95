package compare

import (
	"math"
	"strings"
	"testing"

	"github.com/carecast/carecast/model"
)

// Middlesbrough's phase 2 of its Innovate project (seed 004): 10 young
// people out of external residential care at about £3,500 a week, moved by
// 1 April 2021, and a team at about £560,000 a year, over April–September
// 2021. Its table, in £k: saving 125, 155, 150, 155, 155, 150 (890); team
// 45, 48, 46, 48, 48, 46 (281); net 80, 107, 104, 107, 107, 104 (609); the
// table writes savings as negative costs, so its net is −609.
//
// The base keeps the 10 in external residential care; the alternative has
// them home, but for 50 child-days of April (the table's April saving is
// 5/6 of a month's, as if the moves finished during April). The team is
// a fixed line of £560,000 a year from April 2021, allocated by days.
//
// Tolerance: every monthly figure within £1.1k of the table and the
// six-month totals within £0.5k. The table rounds to £1k; its April team
// cost, £45k, is £1.0k below April's 30/365 share of £560k (£46.0k), so
// April's net is £79.0k against its £80k.
func TestMiddlesbrough(t *testing.T) {
	start, months := model.MonthOf(2021, 4), 6
	shape := model.Shape{Categories: []string{"home_external"}}
	base := model.NewResult(start, months, shape)
	shape.FixedCosts = []string{"innovate"}
	alt := model.NewResult(start, months, shape)
	for m := 0; m < months; m++ {
		base.ChildDays[m] = 10 * float64(base.Month(m).Days())
	}
	alt.ChildDays[0] = 50
	costs := model.Costs{Weekly: []float64{3500}, Uplift: []float64{0}, PriceYear: 2021}
	base.Price(&costs)
	costs.Fixed = []model.FixedCost{{Name: "innovate", Annual: 560000, From: start, To: model.MonthOf(2022, 3)}}
	alt.Price(&costs)

	s, err := Against(base, alt)
	if err != nil {
		t.Fatal(err)
	}
	table := struct{ gross, team, net []float64 }{
		[]float64{125, 155, 150, 155, 155, 150},
		[]float64{45, 48, 46, 48, 48, 46},
		[]float64{80, 107, 104, 107, 107, 104},
	}
	for m, sv := range s.Months {
		for _, c := range []struct {
			what      string
			got, want float64
		}{
			{"saving", sv.Gross(), table.gross[m]}, {"team", sv.Investment(), table.team[m]}, {"net", sv.Total(), table.net[m]},
		} {
			if math.Abs(c.got-1000*c.want) > 1100 {
				t.Errorf("%v %s: £%.0f, table £%.0fk", s.Start+model.Month(m), c.what, c.got, c.want)
			}
		}
	}
	h := s.Horizon()
	for _, c := range []struct {
		what      string
		got, want float64
	}{{"saving", h.Gross(), 890}, {"team", h.Investment(), 281}, {"net", h.Total(), 609}} {
		if math.Abs(c.got-1000*c.want) > 500 {
			t.Errorf("six months' %s: £%.0f, table £%.0fk", c.what, c.got, c.want)
		}
	}
	// The saving pays for the team from the first month.
	if m, ok := s.Payback(); !ok || m != start {
		t.Errorf("payback %v (%v), want %v", m, ok, start)
	}
	// (890,000 − 280,767)/280,767 = 2.17.
	if roi, ok := s.ROI(); !ok || math.Abs(roi-2.170) > 0.001 {
		t.Errorf("ROI %.4f (%v), want 2.170", roi, ok)
	}
}

// A team that starts before the children move: the cumulative net saving
// falls, then climbs back; payback is the month it reaches zero to stay.
func TestPayback(t *testing.T) {
	for _, tc := range []struct {
		name string
		net  []float64
		want int // months after the start; −1 for none
	}{
		{"invest then save", []float64{-100, -100, 50, 100, 60, 10}, 4},
		{"exactly even", []float64{-100, 100, 0}, 1},
		{"dips again", []float64{-100, 150, -100, 100}, 3},
		{"never back", []float64{-100, 50, 40}, -1},
		{"never below", []float64{10, 0, 5}, 0},
		{"no months", nil, -1},
	} {
		s := &Savings{Start: april2025}
		var cum float64
		for _, n := range tc.net {
			cum += n
			s.Cumulative = append(s.Cumulative, cum)
		}
		m, ok := s.Payback()
		switch {
		case tc.want < 0 && ok:
			t.Errorf("%s: payback %v, want none", tc.name, m)
		case tc.want >= 0 && (!ok || m != april2025+model.Month(tc.want)):
			t.Errorf("%s: payback %v (%v), want %v", tc.name, m, ok, april2025+model.Month(tc.want))
		}
	}
}

// No investment, no return on it.
func TestROINoInvestment(t *testing.T) {
	base := priced([][]float64{{10}}, []float64{100}, []float64{500})
	alt := priced([][]float64{{5}}, []float64{100}, []float64{400})
	s, err := Against(base, alt)
	if err != nil {
		t.Fatal(err)
	}
	if roi, ok := s.ROI(); ok {
		t.Errorf("ROI %v with the alternative's fixed costs below the base's", roi)
	}
}

func TestCheck(t *testing.T) {
	ok := func() *model.Result { return priced([][]float64{{1, 2}, {3, 4}}, []float64{1, 2}, nil) }
	later := ok()
	later.Start++
	shorter := priced([][]float64{{1, 2}}, []float64{1, 2}, nil)
	renamed := ok()
	renamed.Categories = []string{"a", "z"}
	torn := ok()
	torn.Cost = torn.Cost[:3]
	nan := ok()
	nan.ChildDays[3] = math.NaN()
	for _, tc := range []struct {
		name    string
		results []*model.Result
		want    string // "" for no error
	}{
		{"same shape", []*model.Result{ok(), ok(), ok()}, ""},
		{"with a team", []*model.Result{ok(), priced([][]float64{{1, 2}, {3, 4}}, []float64{1, 2}, []float64{1, 1})}, ""},
		{"none", nil, "no results"},
		{"nil", []*model.Result{ok(), nil}, "result 2: there is no result"},
		{"start", []*model.Result{ok(), later}, "result 2 starts in 2025-05, result 1 in 2025-04"},
		{"months", []*model.Result{ok(), ok(), shorter}, "result 3 has 1 months, result 1 has 2"},
		{"categories", []*model.Result{ok(), renamed}, "result 2 has categories a, z, result 1 has a, b"},
		{"torn", []*model.Result{torn}, "result 1: Cost has 3 values, want 4 (2 months × 2)"},
		{"NaN", []*model.Result{ok(), nan}, "result 2: ChildDays in 2025-05 is NaN"},
	} {
		err := Check(tc.results...)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
}

// All compares every result with the first, and refuses results that
// cannot be compared.
func TestAll(t *testing.T) {
	base := priced([][]float64{{10}}, []float64{100}, nil)
	fewer := priced([][]float64{{5}}, []float64{100}, nil)
	dearer := priced([][]float64{{10}}, []float64{120}, nil)
	all, err := All(base, fewer, dearer)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[0].Cumulative[0] != 500 || all[1].Cumulative[0] != -200 {
		t.Errorf("got %d savings, want 500 then −200", len(all))
	}
	if _, err := All(base, priced([][]float64{{5}, {5}}, []float64{100}, nil)); err == nil {
		t.Error("a two-month result compared with a one-month base")
	}
}
