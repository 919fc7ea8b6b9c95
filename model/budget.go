package model

// BudgetLine is the cost of one placement category, or one fixed cost line,
// over one UK financial year (April to March).
type BudgetLine struct {
	Year   int    // the calendar year the financial year starts in
	Line   string // category or fixed cost line name
	Fixed  bool   // a fixed cost line rather than a placement category
	Months int    // months of the year inside the projection (12 unless at an end)
	// ChildWeeks is child-days / 7; zero for fixed lines.
	ChildWeeks float64
	Cost       float64
}

// Label is the financial year as councils write it, e.g. "2025-26".
func (l BudgetLine) Label() string { return FinancialYearLabel(l.Year) }

// Budget sums the projection by financial year: for each year, one line per
// category then one per fixed cost line, in the Result's order. Years at
// either end of the projection may be partial (Months < 12).
func (r *Result) Budget() []BudgetLine {
	var lines []BudgetLine
	K, F := len(r.Categories), len(r.FixedCosts)
	for t := 0; t < r.Months; t++ {
		fy := r.Month(t).FinancialYear()
		if len(lines) == 0 || lines[len(lines)-1].Year != fy {
			for _, name := range r.Categories {
				lines = append(lines, BudgetLine{Year: fy, Line: name})
			}
			for _, name := range r.FixedCosts {
				lines = append(lines, BudgetLine{Year: fy, Line: name, Fixed: true})
			}
		}
		year := lines[len(lines)-(K+F):]
		cd, cost, fixed := r.ChildDaysRow(t), r.CostRow(t), r.FixedCostRow(t)
		for k := 0; k < K; k++ {
			year[k].Months++
			year[k].ChildWeeks += cd[k] / 7
			year[k].Cost += cost[k]
		}
		for f := 0; f < F; f++ {
			year[K+f].Months++
			year[K+f].Cost += fixed[f]
		}
	}
	return lines
}

// YearTotal is one financial year's total cost and child-weeks.
type YearTotal struct {
	Year       int
	Months     int
	ChildWeeks float64
	Cost       float64
}

// Label is the financial year as councils write it, e.g. "2025-26".
func (y YearTotal) Label() string { return FinancialYearLabel(y.Year) }

// YearTotals sums budget lines by financial year.
func YearTotals(lines []BudgetLine) []YearTotal {
	var out []YearTotal
	for _, l := range lines {
		if len(out) == 0 || out[len(out)-1].Year != l.Year {
			out = append(out, YearTotal{Year: l.Year, Months: l.Months})
		}
		y := &out[len(out)-1]
		y.ChildWeeks += l.ChildWeeks
		y.Cost += l.Cost
	}
	return out
}

// WeeksPerYear is the length of the year in which councils quote a
// full-year effect.
const WeeksPerYear = 52

// MoveSaving is what moving n children from a placement costing fromWeekly
// a week to one costing toWeekly saves: a week, and over a full year of 52
// weeks (the "full-year effect" council reports quote). A negative saving is
// a cost.
func MoveSaving(n, fromWeekly, toWeekly float64) (weekly, fullYear float64) {
	weekly = n * (fromWeekly - toWeekly)
	return weekly, weekly * WeeksPerYear
}

// WeeklyCost is the weekly cost of category k in month m: Weekly[k] with
// the uplifts applied since the price year, or, from the latest price
// change before or in m that sets a weekly cost, that cost with the uplifts
// applied since the financial year of its month; then raised by the Change
// of each price change of k from that month (or the price year) up to m.
func (c *Costs) WeeklyCost(k int, m Month) float64 {
	base, year := c.Weekly[k], c.PriceYear
	set, since := false, Month(0)
	for i := range c.PriceChanges {
		pc := &c.PriceChanges[i]
		if pc.Category == k && pc.Weekly != 0 && pc.From <= m && (!set || pc.From >= since) {
			base, year, set, since = pc.Weekly, pc.From.FinancialYear(), true, pc.From
		}
	}
	w := base * pow(1+c.Uplift[k], m.FinancialYear()-year)
	for i := range c.PriceChanges {
		pc := &c.PriceChanges[i]
		if pc.Category == k && pc.Change != 0 && pc.From <= m && (!set || pc.From >= since) {
			w *= 1 + pc.Change
		}
	}
	return w
}

// pow raises x to a whole power, negative or not.
func pow(x float64, n int) float64 {
	if n < 0 {
		return 1 / pow(x, -n)
	}
	y := 1.0
	for ; n > 0; n-- {
		y *= x
	}
	return y
}
