package model

// Result is a projection, month by month. Every per-month table is a flat
// slice with one row per month, in the order given beside it; use the row
// methods to read one month.
type Result struct {
	Start  Month
	Months int

	Categories []string
	Bands      []Band
	Routes     []string
	// Reasons are the exit reasons; the last is always AgeOut.
	Reasons       []string
	Interventions []string
	FixedCosts    []string
	// DurationBounds are the bounds of the duration classes
	// (Params.DurationBounds): one class more than bounds.
	DurationBounds []int

	// InitialInCare is the number in care at the end of the month before Start.
	InitialInCare float64
	// InitialByCategory is that number by category, and InitialByDuration
	// by duration class.
	InitialByCategory, InitialByDuration []float64

	InCare         []float64 // [month] at month end
	ByCategory     []float64 // [month][category] at month end
	ByBandCategory []float64 // [month][band][category] at month end
	ByDuration     []float64 // [month][duration class] at month end
	Entries        []float64 // [month][route]
	Exits          []float64 // [month][reason], age-out last
	// Moves counts children whose category at the end of the month differs
	// from their category at its start (or, for entrants, from their first
	// placement), [month][from][to], including those moved by interventions
	// and, for a full category, those sent to its overflow instead (a move
	// into the overflow). Children an intervention takes out of care are
	// exits of its reason, not moves.
	Moves []float64
	// Moved is the number of children each intervention moved, and Shortfall
	// the number it could not move because the category held too few,
	// [month][intervention].
	Moved, Shortfall []float64
	// Overflow is the number of children who would have arrived in a
	// category (entering, moving or moved into it) and went to its overflow
	// category instead because it was full, [month][category]. Places is the
	// number of places of each category in force, −1 where it is not
	// capped, [month][category].
	Overflow, Places []float64
	ChildDays        []float64 // [month][category]
	Cost             []float64 // [month][category], £
	FixedCost        []float64 // [month][fixed cost line], £

	// Final is the stock at the end of the last month, [age in months][category].
	Final []float64
	// FinalDuration is that stock by duration class, [class][age in
	// months][category], or nil with one class.
	FinalDuration []float64
}

// Shape names what a Result is tabulated by.
type Shape struct {
	Categories []string
	Bands      []Band
	Routes     []string
	// Reasons are the exit reasons other than age-out; the Result adds AgeOut.
	Reasons       []string
	Interventions []string
	FixedCosts    []string
	// DurationBounds are the bounds of the duration classes; none, one class.
	DurationBounds []int
}

// NewResult returns a Result of months rows from start, every number zero,
// tabulated by shape. Counts of actual children (data.Actuals) fill one in
// as a projection does.
func NewResult(start Month, months int, s Shape) *Result {
	K, B, T := len(s.Categories), len(s.Bands), months
	nr, D := len(s.Reasons)+1, len(s.DurationBounds)+1
	levers := make([]float64, 2*T*K) // Overflow, then Places
	fill(levers[T*K:], -1)
	var finalDur []float64
	if D > 1 {
		finalDur = make([]float64, D*NAges*K)
	}
	return &Result{
		DurationBounds:    s.DurationBounds,
		InitialByDuration: make([]float64, D),
		ByDuration:        make([]float64, T*D),
		FinalDuration:     finalDur,
		Overflow:          levers[: T*K : T*K],
		Places:            levers[T*K:],
		Start:             start,
		Months:            T,
		Categories:        s.Categories,
		Bands:             s.Bands,
		Routes:            s.Routes,
		Reasons:           append(append([]string(nil), s.Reasons...), AgeOut),
		Interventions:     s.Interventions,
		FixedCosts:        s.FixedCosts,
		InitialByCategory: make([]float64, K),
		InCare:            make([]float64, T),
		ByCategory:        make([]float64, T*K),
		ByBandCategory:    make([]float64, T*B*K),
		Entries:           make([]float64, T*len(s.Routes)),
		Exits:             make([]float64, T*nr),
		Moves:             make([]float64, T*K*K),
		Moved:             make([]float64, T*len(s.Interventions)),
		Shortfall:         make([]float64, T*len(s.Interventions)),
		ChildDays:         make([]float64, T*K),
		Cost:              make([]float64, T*K),
		FixedCost:         make([]float64, T*len(s.FixedCosts)),
		Final:             make([]float64, NAges*K),
	}
}

// Price works out every month's cost from its child-days at the unit costs
// c (with their yearly uplift), and allocates the fixed cost lines by days.
// A projection is priced as it runs; counted actuals are priced with this.
func (r *Result) Price(c *Costs) {
	for t := 0; t < r.Months; t++ {
		r.priceMonth(t, c)
	}
}

// priceMonth prices month t: a child-week in category k costs
// c.WeeklyCost(k, month); fixed line i (of those both r and c have) costs its
// annual sum times the month's share of the financial year's days.
func (r *Result) priceMonth(t int, c *Costs) {
	m := r.Month(t)
	cd, cost := r.ChildDaysRow(t), r.CostRow(t)
	for k := range cost {
		cost[k] = cd[k] / 7 * c.WeeklyCost(k, m)
	}
	fixed := r.FixedCostRow(t)
	for i := range fixed {
		if i >= len(c.Fixed) {
			break
		}
		if f := c.Fixed[i]; m >= f.From && m <= f.To {
			fixed[i] = f.Annual * float64(m.Days()) / float64(financialYearDays(m.FinancialYear()))
		}
	}
}

// AgeOut is the name of the exit reason for children who reach 18.
const AgeOut = "age_out"

// Month is the calendar month of row t.
func (r *Result) Month(t int) Month { return r.Start + Month(t) }

func row(s []float64, t, width int) []float64 { return s[t*width : (t+1)*width] }

// CategoryRow is month t's children in care by category.
func (r *Result) CategoryRow(t int) []float64 { return row(r.ByCategory, t, len(r.Categories)) }

// BandCategoryRow is month t's children in care by band and category, [band][category].
func (r *Result) BandCategoryRow(t int) []float64 {
	return row(r.ByBandCategory, t, len(r.Bands)*len(r.Categories))
}

// Durations is the number of duration classes.
func (r *Result) Durations() int { return len(r.DurationBounds) + 1 }

// DurationRow is month t's children in care by duration class.
func (r *Result) DurationRow(t int) []float64 { return row(r.ByDuration, t, r.Durations()) }

// PreviousByDuration is the number in care by duration class at the start
// of month t.
func (r *Result) PreviousByDuration(t int) []float64 {
	if t == 0 {
		return r.InitialByDuration
	}
	return r.DurationRow(t - 1)
}

// EntriesRow is month t's entries by route.
func (r *Result) EntriesRow(t int) []float64 { return row(r.Entries, t, len(r.Routes)) }

// ExitsRow is month t's exits by reason, age-out last.
func (r *Result) ExitsRow(t int) []float64 { return row(r.Exits, t, len(r.Reasons)) }

// MovesRow is month t's moves, [from][to].
func (r *Result) MovesRow(t int) []float64 {
	return row(r.Moves, t, len(r.Categories)*len(r.Categories))
}

// ChildDaysRow is month t's child-days by category.
func (r *Result) ChildDaysRow(t int) []float64 { return row(r.ChildDays, t, len(r.Categories)) }

// CostRow is month t's placement cost by category.
func (r *Result) CostRow(t int) []float64 { return row(r.Cost, t, len(r.Categories)) }

// FixedCostRow is month t's cost of each fixed line.
func (r *Result) FixedCostRow(t int) []float64 { return row(r.FixedCost, t, len(r.FixedCosts)) }

// OverflowRow is month t's children sent to the overflow of each full category.
func (r *Result) OverflowRow(t int) []float64 { return row(r.Overflow, t, len(r.Categories)) }

// PlacesRow is month t's places in force by category, −1 where it is not capped.
func (r *Result) PlacesRow(t int) []float64 { return row(r.Places, t, len(r.Categories)) }

// Capped reports whether category k has places in force in any month.
func (r *Result) Capped(k int) bool {
	K := len(r.Categories)
	for t := 0; t < r.Months; t++ {
		if r.Places[t*K+k] >= 0 {
			return true
		}
	}
	return false
}

// MovedRow is the number of children each intervention moved in month t.
func (r *Result) MovedRow(t int) []float64 { return row(r.Moved, t, len(r.Interventions)) }

// ShortfallRow is, for each intervention, the children it could not move in month t.
func (r *Result) ShortfallRow(t int) []float64 { return row(r.Shortfall, t, len(r.Interventions)) }

// TotalEntries is the sum of month t's entries over routes.
func (r *Result) TotalEntries(t int) float64 { return sum(r.EntriesRow(t)) }

// TotalExits is the sum of month t's exits over reasons, age-out included.
func (r *Result) TotalExits(t int) float64 { return sum(r.ExitsRow(t)) }

// TotalMoves is the number of children who changed category in month t.
func (r *Result) TotalMoves(t int) float64 { return sum(r.MovesRow(t)) }

// TotalCost is month t's cost: placements and fixed lines.
func (r *Result) TotalCost(t int) float64 { return sum(r.CostRow(t)) + sum(r.FixedCostRow(t)) }

// PreviousInCare is the number in care at the start of month t.
func (r *Result) PreviousInCare(t int) float64 {
	if t == 0 {
		return r.InitialInCare
	}
	return r.InCare[t-1]
}

// PreviousByCategory is the number in care by category at the start of month t.
func (r *Result) PreviousByCategory(t int) []float64 {
	if t == 0 {
		return r.InitialByCategory
	}
	return r.CategoryRow(t - 1)
}

func sum(s []float64) float64 {
	var x float64
	for _, v := range s {
		x += v
	}
	return x
}
