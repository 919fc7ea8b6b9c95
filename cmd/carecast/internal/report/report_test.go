package report

import (
	"bytes"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/scenarios"
)

func baseline(t testing.TB, name string) (*scenarios.Scenario, *model.Result) {
	t.Helper()
	s, err := scenarios.Load(name)
	if err != nil {
		t.Fatal(err)
	}
	res, err := model.Project(s.Params)
	if err != nil {
		t.Fatal(err)
	}
	return s, res
}

// readCSV writes tab as CSV and reads it back.
func readCSV(t *testing.T, tab Table) (header []string, rows []map[string]string) {
	t.Helper()
	recs := csvRecords(t, tab)
	header = recs[0]
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range header {
			m[h] = r[i]
		}
		rows = append(rows, m)
	}
	return header, rows
}

func num(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestProjectionColumnsAddUp(t *testing.T) {
	_, res := baseline(t, "whatif-step-down.yaml")
	header, rows := readCSV(t, Projection(res))
	for _, col := range []string{"month", "in_care", "entries", "exits", "cost", "in_care_foster_ifa",
		"exits_reunification", "exits_age_out", "entries_uasc", "cost_home_external"} {
		if !contains(header, col) {
			t.Errorf("projection.csv has no column %s", col)
		}
	}
	if len(rows) != res.Months {
		t.Fatalf("%d rows, want %d", len(rows), res.Months)
	}
	if rows[0]["month"] != "2025-04" {
		t.Errorf("first month %s, want 2025-04", rows[0]["month"])
	}
	prev := res.InitialInCare
	for _, r := range rows {
		var cats, reasons, routes, costs, days float64
		for _, h := range header {
			switch {
			case strings.HasPrefix(h, "in_care_"):
				cats += num(t, r[h])
			case strings.HasPrefix(h, "exits_"):
				reasons += num(t, r[h])
			case strings.HasPrefix(h, "entries_"):
				routes += num(t, r[h])
			case strings.HasPrefix(h, "cost_"):
				costs += num(t, r[h])
			case strings.HasPrefix(h, "child_days_"):
				days += num(t, r[h])
			}
		}
		in := num(t, r["in_care"])
		// columns are rounded to 3 decimals, so sums agree to a few thousandths
		if math.Abs(cats-in) > 0.01 || math.Abs(reasons-num(t, r["exits"])) > 0.01 || math.Abs(routes-num(t, r["entries"])) > 0.01 {
			t.Errorf("%s: categories %v, in care %v; reasons %v, exits %v; routes %v, entries %v",
				r["month"], cats, in, reasons, r["exits"], routes, r["entries"])
		}
		if d := in - (prev + num(t, r["entries"]) - num(t, r["exits"])); math.Abs(d) > 0.01 {
			t.Errorf("%s: in care does not follow from the flows (off by %v)", r["month"], d)
		}
		if d := costs + num(t, r["fixed_cost"]) - num(t, r["cost"]); math.Abs(d) > 0.1 {
			t.Errorf("%s: cost columns off by £%v", r["month"], d)
		}
		// child-days lie between the start and end numbers times the days
		month, _ := model.ParseMonth(r["month"])
		lo, hi := math.Min(prev, in), math.Max(prev, in)
		if d := float64(month.Days()); days < lo*d*0.97 || days > hi*d*1.03 {
			t.Errorf("%s: %v child-days for %v to %v children over %v days", r["month"], days, prev, in, d)
		}
		prev = in
	}
}

func TestMovesMatchTheProjection(t *testing.T) {
	_, res := baseline(t, "whatif-step-down.yaml")
	_, rows := readCSV(t, Moves(res))
	byMonth := map[string]float64{}
	var homesToIFA float64
	for _, r := range rows {
		if r["from"] == r["to"] {
			t.Errorf("a move from %s to itself", r["from"])
		}
		byMonth[r["month"]] += num(t, r["count"])
		if r["month"] == "2025-06" && r["from"] == "home_external" && r["to"] == "foster_ifa" {
			homesToIFA = num(t, r["count"])
		}
	}
	for m := 0; m < res.Months; m++ {
		if d := byMonth[res.Month(m).String()] - res.TotalMoves(m); math.Abs(d) > 0.1 {
			t.Errorf("%v: moves.csv sums to %v, projection has %v", res.Month(m), byMonth[res.Month(m).String()], res.TotalMoves(m))
		}
	}
	// the step-down intervention moves one child in June 2025, on top of the rates
	if homesToIFA < 1 || homesToIFA > 1.5 {
		t.Errorf("2025-06 external homes to IFA: %v, want 1 moved by the review plus a fraction by the rates", homesToIFA)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestStockIsLongForm(t *testing.T) {
	_, res := baseline(t, "baseline.yaml")
	header, rows := readCSV(t, Stock(res))
	if strings.Join(header, ",") != "month,age_band,category,count" {
		t.Errorf("header %v", header)
	}
	if want := res.Months * len(res.Bands) * len(res.Categories); len(rows) != want {
		t.Errorf("%d rows, want %d", len(rows), want)
	}
	bands := map[string]bool{}
	for _, r := range rows {
		bands[r["age_band"]] = true
	}
	for _, b := range []string{"0", "1 to 4", "5 to 9", "10 to 15", "16 to 17"} {
		if !bands[b] {
			t.Errorf("no rows for age band %q (bands %v)", b, bands)
		}
	}
	var total float64
	for _, r := range rows {
		if r["month"] == "2025-04" {
			total += num(t, r["count"])
		}
	}
	if math.Abs(total-res.InCare[0]) > 0.1 {
		t.Errorf("2025-04 stock sums to %v, in care %v", total, res.InCare[0])
	}
}

func TestBudgetTotals(t *testing.T) {
	_, res := baseline(t, "whatif-step-down.yaml")
	_, rows := readCSV(t, Budget(res))
	sums := map[string]float64{}
	totals := map[string]float64{}
	for _, r := range rows {
		if r["category"] == Total {
			totals[r["financial_year"]] = num(t, r["cost"])
		} else {
			sums[r["financial_year"]] += num(t, r["cost"])
		}
	}
	if len(totals) != 5 {
		t.Errorf("%d financial years, want 5 (2025-26 to 2029-30)", len(totals))
	}
	for y, v := range totals {
		if math.Abs(v-sums[y]) > 0.1 {
			t.Errorf("%s: total £%v, lines sum to £%v", y, v, sums[y])
		}
	}
	var team float64
	for _, r := range rows {
		if r["category"] == "Step-down project team" {
			team += num(t, r["cost"])
		}
	}
	// £560,000 a year from June 2025 to March 2026: 304 of the 365 days of 2025-26.
	if want := 560000 * 304 / 365.0; math.Abs(team-want) > 0.01 {
		t.Errorf("project team £%.2f, want £%.2f", team, want)
	}
}

func TestPounds(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{0, "£0"}, {950.4, "£950"}, {1234.5, "£1,235"}, {321360, "£321,360"},
		{33237396.2, "£33,237,396"}, {-6180, "−£6,180"}, {-0.2, "£0"},
	}
	for _, tc := range tests {
		if got := Pounds(tc.v); got != tc.want {
			t.Errorf("Pounds(%v) = %s, want %s", tc.v, got, tc.want)
		}
	}
}

func TestBandLabelIsNotADateToExcel(t *testing.T) {
	tests := []struct {
		band model.Band
		want string
	}{
		{model.Band{Name: "0", Min: 0, Max: 0}, "0"},
		{model.Band{Name: "1-4", Min: 1, Max: 4}, "1 to 4"},
		{model.Band{Name: "10-15", Min: 10, Max: 15}, "10 to 15"},
		{model.Band{Name: "teen", Min: 13, Max: 17}, "13 to 17"},
	}
	for _, tc := range tests {
		if got := BandLabel(tc.band); got != tc.want {
			t.Errorf("BandLabel(%+v) = %q, want %q", tc.band, got, tc.want)
		}
	}
}

func TestChildren(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{1, "1 child"}, {0.96, "1 child"}, {15, "15 children"}, {0, "0 children"},
		{0.4, "0.4 children"}, {1234.2, "1,234 children"}, {0.01, "under 0.1 children"}, {0.05, "0.1 children"},
	}
	for _, tc := range tests {
		if got := children(tc.v); got != tc.want {
			t.Errorf("children(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

func TestSummaryOfASteadyFlow(t *testing.T) {
	s, res := baseline(t, "whatif-step-down.yaml")
	var buf bytes.Buffer
	if err := Summary(&buf, s.Params, res, s.Label); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "each child moved saves") {
		t.Errorf("a steady flow's summary gives no saving a child:\n%s", buf.String())
	}
}

func TestSummaryShowsFullYearEffect(t *testing.T) {
	s, res := baseline(t, "whatif-in-house-fostering.yaml")
	var buf bytes.Buffer
	if err := Summary(&buf, s.Params, res, s.Label); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	// 15 children from £1,000 (IFA) to £450 (in-house) a week at 2025-26 prices.
	for _, want := range []string{"15 children moved from Foster care (IFA) to Foster care (in-house), 2025-09",
		"saves £8,250 a week, full-year effect £429,000 (52 weeks)", "2025-26", "2029-30"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
}

// A national-size council's costs run to tens of billions: the budget table's
// columns still line up and stay apart.
func TestSummaryColumnsFitBillions(t *testing.T) {
	s, _ := baseline(t, "baseline.yaml")
	p := *s.Params
	p.Initial = append([]float64(nil), p.Initial...)
	for i := range p.Initial {
		p.Initial[i] *= 400
	}
	p.Routes = append([]model.Route(nil), p.Routes...)
	for i := range p.Routes {
		p.Routes[i].PerMonth *= 400
	}
	out := summarise(t, &p, s.Label)
	var rows []string
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "  20") || strings.HasPrefix(line, "  year") {
			rows = append(rows, line)
		}
	}
	if len(rows) != 6 {
		t.Fatalf("%d budget rows:\n%s", len(rows), out)
	}
	width := len([]rune(rows[0]))
	for _, r := range rows[1:] {
		if !strings.Contains(r, ",") || len(strings.Split(r[strings.Index(r, "£"):], ",")) < 4 {
			t.Errorf("row %q: want a cost of ten billion or more", r)
		}
		if n := len([]rune(r)); n != width {
			t.Errorf("row %q is %d characters, the header %d", r, n, width)
		}
		if i := strings.Index(r, "£"); i < 1 || r[i-1] != ' ' {
			t.Errorf("row %q: columns run together", r)
		}
	}
}

// A capped category has places, occupancy and overflow columns, and no
// other category has; occupancy is in care in it, and at most the larger
// of the places and the number at the month's start.
func TestProjectionCapacityColumns(t *testing.T) {
	s, err := scenarios.Load("baseline.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p := *s.Params
	p.Capacities = []model.Capacity{{Category: 0, Overflow: 1, Places: []model.Places{{From: p.Start + 6, Places: 100}}}}
	res, err := model.Project(&p)
	if err != nil {
		t.Fatal(err)
	}
	header, rows := readCSV(t, Projection(res))
	cat := res.Categories[0]
	for _, h := range header {
		if strings.HasPrefix(h, "places_") || strings.HasPrefix(h, "occupancy_") || strings.HasPrefix(h, "overflow_") {
			if !strings.HasSuffix(h, "_"+cat) {
				t.Errorf("column %s of an uncapped category", h)
			}
		}
	}
	var overflow float64
	prev := res.InitialByCategory[0]
	for i, r := range rows {
		places, in := num(t, r["places_"+cat]), num(t, r["occupancy_"+cat])
		if in != num(t, r["in_care_"+cat]) {
			t.Errorf("%s: occupancy %v, in care %s", r["month"], in, r["in_care_"+cat])
		}
		if want := res.PlacesRow(i)[0]; places != want {
			t.Errorf("%s: places %v, want %v", r["month"], places, want)
		}
		// at most the larger of the places and the number at the month's start (to the CSV's rounding)
		if places >= 0 && in > math.Max(places, prev)+0.001 {
			t.Errorf("%s: %v in %s above its %v places and the %v at the start", r["month"], in, cat, places, prev)
		}
		overflow += num(t, r["overflow_"+cat])
		prev = in
	}
	if overflow == 0 {
		t.Errorf("no overflow from %d places: want the test to bind", 100)
	}
}

// An intervention out of care says the children left care, and saves the
// whole weekly cost of their placement.
func TestSummaryOfChildrenLeavingCare(t *testing.T) {
	s, _ := baseline(t, "baseline.yaml")
	p := *s.Params
	k := slices.Index(p.Categories, "home_external")
	p.Interventions = []model.Intervention{{Name: "Home to birth parents", From: k, To: model.OutOfCare,
		ToReason: slices.Index(p.Reasons, "reunification"), Children: 2, Start: p.Start + 2, End: p.Start + 2}}
	out := summarise(t, &p, s.Label)
	weekly := p.Costs.WeeklyCost(k, p.Start+2)
	for _, want := range []string{"Home to birth parents: 2 children left care from", "(Returned home), 2025-06",
		"saves " + Pounds(2*weekly) + " a week"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
}

// summarise projects p and returns its summary.
func summarise(t *testing.T, p *model.Params, label func(string) string) string {
	t.Helper()
	res, err := model.Project(p)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Summary(&buf, p, res, label); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}
