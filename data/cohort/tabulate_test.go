package cohort

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// handCohort is a small cohort whose tables are worked out by hand below.
// Cohort 2's costs rose; "cohort 2" is Cohort 2 in another case.
const handCohort = `child,cohort,reason,original_weekly_cost,current_weekly_cost,opportunity
A101,Cohort 1,Return home,"£4,000.00",0,Reunification
A102,Cohort 1,To foster care,"3,500.50",900.25,Residential to fostering
A103,Cohort 1,No change,1200,1200,IFA to in-house
A104,Cohort 2,Same placement uplift agreed,1000,1050.40,IFA to in-house
A105,Cohort 2,Breakdown - new placement,2000,5200,Residential to fostering
A106,cohort 2,Return home,800,0,Reunification
`

// want is a group as worked out by hand: children, original, current,
// difference, annual difference, average difference a child.
type want struct {
	name                                     string
	children                                 int
	original, current, diff, annual, average float64
}

func TestTabulateByHand(t *testing.T) {
	c, _, err := Read(strings.NewReader(handCohort), "hand.csv")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		by     By
		change Change
		groups []want // the total last
	}{
		{ByCohort, All, []want{
			{"Cohort 1", 3, 8700.50, 2100.25, -6600.25, -343213.00, -2200.083333},
			{"Cohort 2", 3, 3800, 6250.40, 2450.40, 127420.80, 816.80},
			{"total", 6, 12500.50, 8350.65, -4149.85, -215792.20, -691.641667}}},
		{ByOpportunity, All, []want{
			{"Reunification", 2, 4800, 0, -4800, -249600, -2400},
			{"Residential to fostering", 2, 5500.50, 6100.25, 599.75, 31187, 299.875},
			{"IFA to in-house", 2, 2200, 2250.40, 50.40, 2620.80, 25.20},
			{"total", 6, 12500.50, 8350.65, -4149.85, -215792.20, -691.641667}}},
		{ByReason, Reductions, []want{
			{"Return home", 2, 4800, 0, -4800, -249600, -2400},
			{"To foster care", 1, 3500.50, 900.25, -2600.25, -135213, -2600.25},
			{"total", 3, 8300.50, 900.25, -7400.25, -384813, -2466.75}}},
		{ByReason, Increases, []want{
			{"Breakdown - new placement", 1, 2000, 5200, 3200, 166400, 3200},
			{"Same placement uplift agreed", 1, 1000, 1050.40, 50.40, 2620.80, 50.40},
			{"total", 2, 3000, 6250.40, 3250.40, 169020.80, 1625.20}}},
		{ByReason, Unchanged, []want{
			{"No change", 1, 1200, 1200, 0, 0, 0},
			{"total", 1, 1200, 1200, 0, 0, 0}}},
	}
	for _, tc := range tests {
		tab := Tabulate(c.Children, tc.by, tc.change)
		got := append(tab.Groups, tab.Total)
		if len(got) != len(tc.groups) {
			t.Errorf("%v %v: %d groups, want %d: %+v", tc.by, tc.change, len(got), len(tc.groups), got)
			continue
		}
		for i, w := range tc.groups {
			checkGroup(t, fmt.Sprintf("%v %v", tc.by, tc.change), got[i], w)
		}
	}
}

func checkGroup(t *testing.T, table string, g Group, w want) {
	t.Helper()
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-6 }
	if g.Name != w.name || g.Children != w.children || !near(g.Original, w.original) || !near(g.Current, w.current) ||
		!near(g.Difference(), w.diff) || !near(g.Annual(), w.annual) || !near(g.Average(), w.average) {
		t.Errorf("%s: %s: %d children, %.2f → %.2f, %.2f a week, %.2f a year, %.6f a child; want %+v",
			table, g.Name, g.Children, g.Original, g.Current, g.Difference(), g.Annual(), g.Average(), w)
	}
}

// The reductions, the increases and the unchanged add up to the whole.
func TestChangesAddUp(t *testing.T) {
	c, _, err := Read(strings.NewReader(handCohort), "hand.csv")
	if err != nil {
		t.Fatal(err)
	}
	all := Tabulate(c.Children, ByCohort, All).Total
	var sum Group
	for _, ch := range []Change{Reductions, Increases, Unchanged} {
		g := Tabulate(c.Children, ByReason, ch).Total
		sum.Children += g.Children
		sum.Original += g.Original
		sum.Current += g.Current
	}
	if sum.Children != all.Children || math.Abs(sum.Difference()-all.Difference()) > 1e-9 {
		t.Errorf("reductions, increases and unchanged: %d children, %.2f a week; all: %d, %.2f",
			sum.Children, sum.Difference(), all.Children, all.Difference())
	}
}

// impowerCohort is a cohort built to the totals of East Sussex's IMPOWER
// update (seed 000): cohort 1, 57 children, £183,523.64 a week when picked
// out and £151,234.90 now, in three opportunities of 15, 24 and 18
// children whose weekly costs changed by −£12,261.80, −£21,177.55 and
// +£1,150.61; cohort 2, 46 children, £53,632.25 and £71,196.13. One child
// of each group carries its change; the rest cost the same as before.
func impowerCohort() string {
	var b strings.Builder
	b.WriteString("Child,Cohort,Reason,Opportunity,Original weekly cost,Current weekly cost\n")
	n := 0
	row := func(cohort, opp string, pence, from, to int) {
		n++
		fmt.Fprintf(&b, "C%04d,%s,r,%s,%d.%02d,%d.%02d\n", n, cohort, opp, (pence+from)/100, (pence+from)%100, (pence+to)/100, (pence+to)%100)
	}
	spread := func(cohort string, opps []string, sizes []int, pence int) {
		k := 0
		for _, s := range sizes {
			k += s - 1
		}
		for i, opp := range opps {
			for range sizes[i] - 1 {
				share := pence / k
				if k == 1 {
					share = pence
				}
				row(cohort, opp, share, 0, 0)
				pence -= share
				k--
			}
		}
	}
	row("Cohort 1", "Opportunity 1", 0, 1226180, 0)
	row("Cohort 1", "Opportunity 2", 0, 2117755, 0)
	row("Cohort 1", "Opportunity 3", 0, 0, 115061)
	spread("Cohort 1", []string{"Opportunity 1", "Opportunity 2", "Opportunity 3"}, []int{15, 24, 18}, 18352364-1226180-2117755)
	row("Cohort 2", "Opportunity 4", 0, 0, 1756388)
	spread("Cohort 2", []string{"Opportunity 4"}, []int{46}, 5363225)
	return b.String()
}

// The published tables of the IMPOWER update, to the penny: the weekly
// difference and its average a child by cohort and by opportunity, and
// the annual equivalent of the total (£765,692.72 = 52 × £14,724.86).
func TestIMPOWERTables(t *testing.T) {
	c, rep, err := Read(strings.NewReader(impowerCohort()), "impower.csv")
	if err != nil || rep.Rejected > 0 {
		t.Fatalf("%v %v", err, rep.Problems)
	}
	pence := func(v float64) string { return fmt.Sprintf("%.2f", v) }
	cohorts := Tabulate(c.Children, ByCohort, All)
	opps := Tabulate(c.Children, ByOpportunity, All)
	total := cohorts.Total
	got := []string{}
	for _, g := range append(cohorts.Groups, total) {
		got = append(got, fmt.Sprintf("%s %d %s %s %s %s", g.Name, g.Children, pence(g.Original), pence(g.Current), pence(g.Difference()), pence(g.Average())))
	}
	for _, g := range opps.Groups[:3] {
		got = append(got, fmt.Sprintf("%s %d %s %s", g.Name, g.Children, pence(g.Difference()), pence(g.Average())))
	}
	got = append(got, "annual "+pence(total.Annual()))
	want := []string{
		"Cohort 1 57 183523.64 151234.90 -32288.74 -566.47",
		"Cohort 2 46 53632.25 71196.13 17563.88 381.82",
		"total 103 237155.89 222431.03 -14724.86 -142.96",
		"Opportunity 1 15 -12261.80 -817.45",
		"Opportunity 2 24 -21177.55 -882.40",
		"Opportunity 3 18 1150.61 63.92",
		"annual -765692.72",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func ExampleTabulate() {
	c, _, _ := Read(strings.NewReader(handCohort), "cohort.csv")
	t := Tabulate(c.Children, ByCohort, All)
	for _, g := range append(t.Groups, t.Total) {
		fmt.Printf("%-8s %d children: £%.2f a week → £%.2f, %+.2f (%+.2f a year)\n",
			g.Name, g.Children, g.Original, g.Current, g.Difference(), g.Annual())
	}
	// Output:
	// Cohort 1 3 children: £8700.50 a week → £2100.25, -6600.25 (-343213.00 a year)
	// Cohort 2 3 children: £3800.00 a week → £6250.40, +2450.40 (+127420.80 a year)
	// total    6 children: £12500.50 a week → £8350.65, -4149.85 (-215792.20 a year)
}
