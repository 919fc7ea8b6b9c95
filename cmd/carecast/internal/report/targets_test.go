package report

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/model/target"
)

func mustTarget(t *testing.T, s string) target.Target {
	t.Helper()
	tg, err := target.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

func TestVerdict(t *testing.T) {
	apr26 := model.MonthOf(2026, 4)
	label := Label(func(s string) string { return strings.ToUpper(s) })
	for _, tc := range []struct {
		target string
		o      target.Outcome
		want   string
	}{
		{"in_care <= 400 by 2017-10", target.Outcome{Value: 388.24, Met: true, Margin: 11.76, First: model.MonthOf(2017, 7), HasFirst: true},
			"met: 388.2 in care at the end of 2017-10, 11.8 under the target; met from 2017-07"},
		{"in_care <= 400 by 2017-10", target.Outcome{Value: 431, Margin: -31, First: model.MonthOf(2018, 2), HasFirst: true},
			"missed: 431.0 in care at the end of 2017-10, 31.0 over the target; met from 2018-02"},
		{"in_care >= 10 by 2017-10", target.Outcome{Value: 8, Margin: -2},
			"missed: 8.0 in care at the end of 2017-10, 2.0 under the target; not met at the end of the projection"},
		{"in_care_kinship > 10 by 2017-10", target.Outcome{Value: 12, Met: true, Margin: 2, First: model.MonthOf(2017, 1), HasFirst: true},
			"met: 12.0 in KINSHIP at the end of 2017-10, 2.0 over the target; met from 2017-01"},
		{"cost[2026-27] <= 24m", target.Outcome{Value: 24.5e6, Margin: -0.5e6},
			"missed: £24,500,000 in 2026-27, £500,000 over the target"},
		{"saving[2026-27] >= 1.63m", target.Outcome{Value: 2e6, Met: true, Margin: 0.37e6, First: apr26, HasFirst: true},
			"met: £2,000,000 in 2026-27, £370,000 over the target"},
	} {
		tc.o.Target = mustTarget(t, tc.target)
		if got := Verdict(tc.o, label); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.target, got, tc.want)
		}
	}
}

func TestTargetsTable(t *testing.T) {
	outs := []target.Outcome{
		{Target: mustTarget(t, "in_care <= 400 by 2017-10"), Value: 388.2, Met: true, Margin: 11.8, First: model.MonthOf(2017, 7), HasFirst: true},
		{Target: mustTarget(t, "cost[2026-27] <= 24m"), Value: 24.5e6, Margin: -0.5e6},
	}
	var b bytes.Buffer
	if err := WriteCSV(&b, Targets(outs, nil)); err != nil {
		t.Fatal(err)
	}
	want := `target,measure,unit,value,target_value,met,margin,met_from
in_care <= 400 by 2017-10,in_care,children,388.2,400,yes,11.8,2017-07
cost[2026-27] <= 24m,cost[2026-27],£,24500000,24000000,no,-500000,
`
	if b.String() != want {
		t.Errorf("targets.csv:\n%s\nwant\n%s", b.String(), want)
	}
	b.Reset()
	PrintTargets(&b, outs, nil, nil)
	if !strings.Contains(b.String(), "  in_care <= 400 by 2017-10  met: 388.2") || !strings.Contains(b.String(), "  cost[2026-27] <= 24m       missed") {
		t.Errorf("printed targets not aligned:\n%s", b.String())
	}
}

// With the odds of simulated futures, the targets table gains their
// probability and the terminal the chance of meeting each.
func TestTargetsOdds(t *testing.T) {
	outs := []target.Outcome{
		{Target: mustTarget(t, "in_care <= 400 by 2017-10"), Value: 388.2, Met: true, Margin: 11.8},
		{Target: mustTarget(t, "cost[2026-27] <= 24m"), Value: 24.5e6, Margin: -0.5e6},
	}
	tb := Targets(outs, []float64{0.72, 0.001})
	if got := tb.Header(); got[len(got)-1] != "probability" || tb.Rows[0][len(got)-1].Value != 0.72 {
		t.Errorf("header %v, first row %v: want a probability column holding 0.72", got, tb.Rows[0])
	}
	var b strings.Builder
	PrintTargets(&b, outs, []float64{0.72, 0.001}, nil)
	for _, want := range []string{"(chance of meeting it: 72%)", "(chance of meeting it: under 1%)"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("printed targets lack %q:\n%s", want, b.String())
		}
	}
}

// The summary says when a capped category is full and how many children
// went to its overflow instead.
func TestSummaryCapacity(t *testing.T) {
	s, _ := baseline(t, "baseline.yaml")
	p := *s.Params
	k := slices.Index(p.Categories, "foster_inhouse")
	ifa := slices.Index(p.Categories, "foster_ifa")
	p.Capacities = []model.Capacity{{Category: k, Overflow: ifa, Places: []model.Places{{From: p.Start, Places: 150}}}}
	res, err := model.Project(&p)
	if err != nil {
		t.Fatal(err)
	}
	var over float64
	for m := 0; m < res.Months; m++ {
		over += res.OverflowRow(m)[k]
	}
	var b strings.Builder
	if err := Summary(&b, &p, res, nil); err != nil {
		t.Fatal(err)
	}
	want := "  foster_inhouse: 150 places; full (within half a child) in "
	if !strings.Contains(b.String(), want) || !strings.Contains(b.String(), "from 2025-04; "+children(over)+" went to foster_ifa instead") || over < 1 {
		t.Errorf("summary (overflow %.1f):\n%s", over, b.String())
	}
}
