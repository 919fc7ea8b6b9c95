package scenarios

import (
	"errors"
	"math"
	"path/filepath"
	"testing"

	"github.com/carecast/carecast/model"
)

// positions is the position of each name in a list.
func positions(names []string) map[string]int {
	out := map[string]int{}
	for i, n := range names {
		out[n] = i
	}
	return out
}

// An intervention's to names a category first, then an exit reason, alone
// or as exits.<reason>; the baseline's "other" is both, and is the category.
func TestInterventionTo(t *testing.T) {
	dir := writeFiles(t, map[string]string{"w.yaml": `extends: baseline.yaml
interventions:
  - {from: home_external, to: reunification, children: 10, month: 2025-07}
  - {from: home_external, to: exits.other, children: 1, month: 2025-07}
  - {from: home_external, to: other, children: 1, month: 2025-07}
`})
	p := mustLoad(t, filepath.Join(dir, "w.yaml")).Params
	cats, reasons := positions(p.Categories), positions(p.Reasons)
	want := []struct{ to, reason int }{
		{model.OutOfCare, reasons["reunification"]},
		{model.OutOfCare, reasons["other"]},
		{cats["other"], 0},
	}
	for i, w := range want {
		if iv := p.Interventions[i]; iv.To != w.to || iv.ToReason != w.reason {
			t.Errorf("intervention %d: to %d, reason %d; want %d, %d", i, iv.To, iv.ToReason, w.to, w.reason)
		}
	}
	res, err := model.Project(p)
	if err != nil {
		t.Fatal(err)
	}
	if got := res.MovedRow(3)[0]; got != 10 {
		t.Errorf("moved home %v in 2025-07, want 10", got)
	}
}

// Dorset's Table 1 typed as totals by placement type: the stock by
// category adds up to each total, spread in the shape of the baseline's
// stock of that category (by default) or of the entries; a category the
// baseline has none of takes the shape of its whole stock.
func TestInitialStockTotals(t *testing.T) {
	totals := map[string]float64{"foster_inhouse": 200, "foster_ifa": 113.5, "home_external": 41, "secure": 2, "other": 0}
	dir := writeFiles(t, map[string]string{
		"parent.yaml":  "extends: baseline.yaml\ninitial_stock_totals: {foster_inhouse: 200, foster_ifa: 113.5, home_external: 41, secure: 2, other: 0}\n",
		"entries.yaml": "extends: parent.yaml\ninitial_stock_profile: entries\n",
	})
	base := mustLoad(t, "baseline.yaml").Params
	K := base.K()
	shape := func(p *model.Params, k int) []float64 {
		out := make([]float64, model.NAges)
		for a := range out {
			out[a] = p.Initial[a*K+k]
		}
		return out
	}
	for _, name := range []string{"parent.yaml", "entries.yaml"} {
		p := mustLoad(t, filepath.Join(dir, name)).Params
		for cat, total := range totals {
			k := positions(p.Categories)[cat]
			got := shape(p, k)
			if s := sum(got); math.Abs(s-total) > 1e-12*math.Max(1, total) {
				t.Errorf("%s: %s sums to %v, want %v", name, cat, s, total)
			}
			if name == "parent.yaml" && cat != "secure" && total > 0 {
				if d := maxRatioDiff(got, shape(base, k), total/sum(shape(base, k))); d > 1e-12 {
					t.Errorf("%s: %s is not the baseline's age shape (off by %g)", name, cat, d)
				}
			}
		}
		// untouched categories keep the baseline's stock
		if k := positions(p.Categories)["kinship"]; !equal(shape(p, k), shape(base, k)) {
			t.Errorf("%s: kinship's stock changed", name)
		}
	}
}

// maxRatioDiff is the largest |a[i] − f·b[i]|.
func maxRatioDiff(a, b []float64, f float64) float64 {
	var d float64
	for i := range a {
		d = math.Max(d, math.Abs(a[i]-f*b[i]))
	}
	return d
}

func equal(a, b []float64) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}

func sum(s []float64) float64 { return sumOf(s) }

// Capacity and price changes load into the model's terms.
func TestCapacityAndPriceChanges(t *testing.T) {
	dir := writeFiles(t, map[string]string{"w.yaml": `extends: baseline.yaml
capacity:
  foster_inhouse: {overflow: foster_ifa, places: {2026-04: 280, 2025-04: 250}}
costs:
  price_changes:
    - {name: IFA framework, category: foster_ifa, percent: -7, from: 2026-04}
    - {category: home_external, weekly: 3500, from: 2025-10}
`})
	p := mustLoad(t, filepath.Join(dir, "w.yaml")).Params
	cats := positions(p.Categories)
	wantCap := []model.Capacity{{Category: cats["foster_inhouse"], Overflow: cats["foster_ifa"], Places: []model.Places{
		{From: model.MonthOf(2025, 4), Places: 250}, {From: model.MonthOf(2026, 4), Places: 280}}}}
	if !equalCaps(p.Capacities, wantCap) {
		t.Errorf("capacities %+v, want %+v", p.Capacities, wantCap)
	}
	wantPrice := []model.PriceChange{
		{Name: "IFA framework", Category: cats["foster_ifa"], From: model.MonthOf(2026, 4), Change: -0.07},
		{Name: "price change 2", Category: cats["home_external"], From: model.MonthOf(2025, 10), Weekly: 3500},
	}
	for i, w := range wantPrice {
		if got := p.Costs.PriceChanges[i]; got != w {
			t.Errorf("price change %d: %+v, want %+v", i, got, w)
		}
	}
	res, err := model.Project(p)
	if err != nil {
		t.Fatal(err)
	}
	for m := 0; m < res.Months; m++ {
		if in, places := res.CategoryRow(m)[cats["foster_inhouse"]], res.PlacesRow(m)[cats["foster_inhouse"]]; in > places+1e-9 {
			t.Errorf("%v: %v in-house, above its %v places", res.Month(m), in, places)
		}
	}
}

func equalCaps(a, b []model.Capacity) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Category != b[i].Category || a[i].Overflow != b[i].Overflow || len(a[i].Places) != len(b[i].Places) {
			return false
		}
		for j := range a[i].Places {
			if a[i].Places[j] != b[i].Places[j] {
				return false
			}
		}
	}
	return true
}

// Bad levers are errors located at the file, line and key.
func TestBadLevers(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string
		kind       error
	}{
		{"unknown to", "interventions:\n  - {from: home_external, to: home, children: 1, month: 2025-07}\n",
			[]string{`w.yaml:3: interventions[0].to: unknown category or exit reason "home" (categories: foster_inhouse, foster_ifa, kinship, home_inhouse, home_external, secure, supported, with_parents, adoption_placed, other_residential, other; exit reasons: reunification, adoption, special_guardianship, child_arrangements, other)`}, nil},
		{"percent and weekly", "costs:\n  price_changes:\n    - {category: foster_ifa, percent: -7, weekly: 800, from: 2026-04}\n",
			[]string{"w.yaml:4: costs.price_changes[0]: give one of percent"}, nil},
		{"price change too deep", "costs:\n  price_changes:\n    - {category: foster_ifa, percent: -60, from: 2026-04}\n",
			[]string{"w.yaml:4: costs.price_changes[0].percent: -60 is below the smallest credible value (at least -50%)"}, model.ErrTooSmall},
		{"price change without a month", "costs:\n  price_changes:\n    - {category: foster_ifa, percent: -7}\n",
			[]string{"w.yaml:4: costs.price_changes[0]: from is missing"}, nil},
		{"price change of a category that is not", "costs:\n  price_changes:\n    - {category: ifa, percent: -7, from: 2026-04}\n",
			[]string{`w.yaml:4: costs.price_changes[0].category: unknown category "ifa"`}, nil},
		{"overflow unknown", "capacity:\n  foster_inhouse: {overflow: ifa, places: {2025-04: 250}}\n",
			[]string{`w.yaml:3: capacity.foster_inhouse.overflow: unknown category "ifa"`}, nil},
		{"places month", "capacity:\n  foster_inhouse:\n    overflow: foster_ifa\n    places: {2025-13: 250}\n",
			[]string{`w.yaml:5: capacity.foster_inhouse.places["2025-13"]: month "2025-13": month 13 is not 1–12`}, nil},
		{"negative places", "capacity:\n  foster_inhouse:\n    overflow: foster_ifa\n    places:\n      2025-04: -250\n",
			[]string{`w.yaml:6: capacity.foster_inhouse.places["2025-04"]: -250 is negative`}, model.ErrNegative},
		{"capped overflow", "capacity:\n  foster_inhouse: {overflow: foster_ifa, places: {2025-04: 250}}\n  foster_ifa: {overflow: home_external, places: {2025-04: 100}}\n",
			[]string{"w.yaml:3: capacity.foster_inhouse.overflow: foster_inhouse overflows into a category that is capped itself (foster_ifa): send its overflow to a category without places"}, model.ErrChain},
		{"stock twice in a file", "initial_stock_totals: {kinship: 50}\ninitial_stock:\n  kinship: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n",
			[]string{"w.yaml:2: initial_stock_totals.kinship: kinship is also in initial_stock: give it in one of them"}, nil},
		{"negative total", "initial_stock_totals: {kinship: -50}\n",
			[]string{"w.yaml:2: initial_stock_totals.kinship: -50 is negative"}, model.ErrNegative},
		{"bad profile", "initial_stock_profile: ages\n",
			[]string{`w.yaml:2: initial_stock_profile: "ages": want parent or entries`}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			msg, err := loadErr(t, map[string]string{"w.yaml": "extends: baseline.yaml\n" + tc.yaml}, "w.yaml")
			if err == nil {
				t.Fatal("loaded, want an error")
			}
			checkLines(t, msg, tc.want)
			if tc.kind != nil && !errors.Is(err, tc.kind) {
				t.Errorf("%v is not %v", err, tc.kind)
			}
		})
	}
}
