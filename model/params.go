package model

// NAges is the number of ages, in whole months, at which a child can be in
// care: 0 to 215. A child who reaches 216 months (18 years) leaves care.
const NAges = 216

// AgeYears is the number of single years of age, 0 to 17.
const AgeYears = NAges / 12

// Band is an age band in whole years, from Min to Max inclusive.
type Band struct {
	Name     string
	Min, Max int
}

// BandOfYear gives the band of each single year of age, 0–17, for bands
// that cover them (CheckBands); years no band covers get band 0.
func BandOfYear(bands []Band) [AgeYears]int {
	var of [AgeYears]int
	for b, band := range bands {
		for y := max(band.Min, 0); y <= band.Max && y < AgeYears; y++ {
			of[y] = b
		}
	}
	return of
}

// Route is a way into care (child protection, children in need, UASC, …).
type Route struct {
	Name string
	// PerMonth is the expected number of children entering by this route in
	// the first month of the projection.
	PerMonth float64
	// Trend is the growth of PerMonth per year as a fraction (0.02 = 2% a
	// year), compounded month by month.
	Trend float64
	// AgeProfile weights entrants by single year of age (0–17). It need not
	// sum to one: it is normalised.
	AgeProfile [AgeYears]float64
	// FirstPlacement weights the first placement category by age band,
	// [band][category]; each band's row is normalised.
	FirstPlacement []float64
}

// Lever names what a RateChange scales. (A target, by contrast, is a goal
// such as in_care <= 400 by 2017-10.)
type Lever int

const (
	// LeverEntries scales the entries of a route (Index), or of every route
	// (Index −1); Bands restricts it to entrants of those ages.
	LeverEntries Lever = iota
	// LeverExit scales an exit reason's rate (Index), or every reason's;
	// Bands and Categories restrict it.
	LeverExit
	// LeverMove scales the move rate From → To (−1 for any); Bands restricts it.
	LeverMove
	// LeverFirstPlacement scales the weight of first placements in category
	// Index; the mix is then normalised again. Bands restricts it.
	LeverFirstPlacement
)

// Ramp is a multiplier that is 1 before From, moves linearly to Factor over
// the months From to To inclusive, and stays at Factor after To. A change
// phased in over April–September reaches 1/6 of its effect in April and all
// of it in September.
type Ramp struct {
	From, To Month
	Factor   float64
}

// At is the ramp's multiplier in month m.
func (r Ramp) At(m Month) float64 {
	if m < r.From {
		return 1
	}
	if m >= r.To {
		return r.Factor
	}
	frac := float64(m-r.From+1) / float64(r.To-r.From+1)
	return 1 + (r.Factor-1)*frac
}

// RateChange applies a Ramp to a rate or a group of rates.
type RateChange struct {
	Name  string
	Lever Lever
	// Index is the route, exit reason or category the change targets; −1 for all.
	Index int
	// From and To are the categories of a move (−1 for any).
	From, To int
	// Bands and Categories are bit sets (bit i set: band or category i is
	// affected); zero means all.
	Bands, Categories uint64
	// Durations is a bit set: bit d set: the change applies to children in
	// duration class d (0: all); only for LeverExit and LeverMove.
	Durations uint64
	Ramp      Ramp
}

// Intervention moves children from one category to another, or out of
// care: Children a month in every month from Start to End inclusive (a
// one-off cohort has Start == End). It never moves more children than the
// category holds; the shortfall is reported.
type Intervention struct {
	Name string
	// From is the category the children are taken from. To is the category
	// they move to, or OutOfCare: they then leave care, counted as exits of
	// reason ToReason (an index into Params.Reasons; age-out is not one).
	From, To int
	ToReason int
	Bands    uint64 // ages the children are taken from; zero means all
	Children float64
	Start    Month
	End      Month
}

// OutOfCare is the Intervention.To of children who leave care.
const OutOfCare = -1

// Capacity is the number of places of one category over time, and where
// the children go who would arrive when it is full.
type Capacity struct {
	// Category is the category capped; Overflow is the category that
	// children who would arrive in it when it is full go to instead. The
	// overflow must not be capped itself.
	Category, Overflow int
	// Places are the places from each month on, in order of month: none
	// before the first (the category is not capped then).
	Places []Places
}

// Places is a number of places from a month on.
type Places struct {
	From   Month
	Places float64
}

// PlacesAt is the number of places in force in month m, and false if the
// category is not capped then (m is before the first step).
func (c *Capacity) PlacesAt(m Month) (float64, bool) {
	places, ok := 0.0, false
	for _, s := range c.Places {
		if s.From > m {
			break
		}
		places, ok = s.Places, true
	}
	return places, ok
}

// FixedCost is a cost line not tied to children, such as a project team,
// allocated to months by days.
type FixedCost struct {
	Name     string
	Annual   float64
	From, To Month
}

// Costs are the unit costs of placements.
type Costs struct {
	// Weekly is the cost of a child-week in each category at the prices of
	// financial year PriceYear.
	Weekly []float64
	// Uplift is the annual price rise of each category as a fraction,
	// applied from each 1 April after PriceYear.
	Uplift []float64
	// PriceYear is the financial year (its starting calendar year) of Weekly.
	PriceYear int
	Fixed     []FixedCost
	// PriceChanges are dated changes of the weekly cost of a category,
	// beside the yearly uplift (see WeeklyCost).
	PriceChanges []PriceChange
}

// PriceChange changes the weekly cost of a category from a month on. Weekly,
// if not 0, replaces the weekly cost (a block contract): it is the price of
// month From, and the category's uplift applies to it from each 1 April
// after From. Change then raises the cost by a fraction (−0.07 for 7%
// less), from From on.
type PriceChange struct {
	Name     string
	Category int
	From     Month
	Change   float64
	Weekly   float64
}

// Params is everything a projection needs, indexed by position: categories
// k < K, bands b < B, routes, exit reasons r < R.
type Params struct {
	Start   Month // first projected month; Initial is the stock at the end of the month before
	Horizon int   // months to project

	Categories []string
	Bands      []Band
	Routes     []Route
	Reasons    []string // exit reasons other than age-out

	// Exit is the intensity (events per child-year) of each exit reason,
	// [reason][band][category].
	Exit []float64
	// Move is the intensity of moving between categories,
	// [band][from][to]; the diagonal must be zero.
	Move []float64
	// Initial is the number of children in care at the start, [age in months][category].
	Initial []float64
	// DurationBounds are the months in care at which duration classes begin after the first:
	// [1, 3, 6, 12, 24] makes classes [0,1), [1,3), [3,6), [6,12), [12,24), [24,∞) months since
	// the current period of care began. Empty: one class (duration-blind).
	DurationBounds []int
	// ExitDuration multiplies the exit rates of reason r for children in duration class d:
	// [reason][class] (reasons other than age-out); empty means 1 everywhere (proportional hazards).
	ExitDuration []float64
	// MoveDuration multiplies every move rate of a child in class d: [class]; empty means 1.
	MoveDuration []float64
	// InitialDuration splits the initial stock by class: [class][age in months][category], summing
	// over classes to Initial; empty with classes given means the stock's durations are unknown
	// and (documented choice of dmodel) are spread by the steady-state share of each class.
	InitialDuration []float64

	Changes       []RateChange
	Interventions []Intervention
	// Capacities cap categories; a category is capped at most once.
	Capacities []Capacity
	Costs      Costs

	// Evidence, when not nil, is the data the rates were estimated from;
	// the projection does not use it (uncertainty analyses do).
	Evidence *Evidence
}

// Count is the evidence behind one estimated rate: Events counted over
// Exposure (child-years for an exit or move intensity, months for a
// route's entries a month).
type Count struct {
	Events, Exposure float64
}

// Evidence is the data behind calibrated rates, indexed as the rates are.
// A nil slice means none is known for that table.
type Evidence struct {
	Exit    []Count // [reason][band][category]: exits and child-years at risk
	Move    []Count // [band][from][to]: moves and child-years at risk
	Entries []Count // [route]: entries and months counted
	// ExitDuration is [reason][class]: exits and child-years at risk by
	// duration class (all ages and categories), the evidence of the factors.
	ExitDuration []Count
}

// K is the number of placement categories.
func (p *Params) K() int { return len(p.Categories) }

// B is the number of age bands.
func (p *Params) B() int { return len(p.Bands) }

// R is the number of exit reasons other than age-out.
func (p *Params) R() int { return len(p.Reasons) }

// ExitAt indexes Exit.
func (p *Params) ExitAt(reason, band, cat int) int {
	return (reason*p.B()+band)*p.K() + cat
}

// MoveAt indexes Move.
func (p *Params) MoveAt(band, from, to int) int {
	return (band*p.K()+from)*p.K() + to
}

// scaled calls visit with the index of each value that change c scales, in
// the table of its lever: [route][band] for LeverEntries, Exit's index for
// LeverExit, Move's for LeverMove (the diagonal too, if c moves from and
// to any category) and [band][category] for LeverFirstPlacement. The
// projection and Validate both use it, so that they agree on what a change
// reaches.
func (p *Params) scaled(c *RateChange, visit func(i int)) {
	K, B := p.K(), p.B()
	switch c.Lever {
	case LeverEntries:
		for r := range p.Routes {
			for b := 0; b < B; b++ {
				if (c.Index < 0 || c.Index == r) && inSet(c.Bands, b) {
					visit(r*B + b)
				}
			}
		}
	case LeverExit:
		for r := 0; r < p.R(); r++ {
			for b := 0; b < B; b++ {
				for k := 0; k < K; k++ {
					if (c.Index < 0 || c.Index == r) && inSet(c.Bands, b) && inSet(c.Categories, k) {
						visit(p.ExitAt(r, b, k))
					}
				}
			}
		}
	case LeverMove:
		for b := 0; b < B; b++ {
			for i := 0; i < K; i++ {
				for j := 0; j < K; j++ {
					if inSet(c.Bands, b) && (c.From < 0 || c.From == i) && (c.To < 0 || c.To == j) {
						visit(p.MoveAt(b, i, j))
					}
				}
			}
		}
	case LeverFirstPlacement:
		for b := 0; b < B; b++ {
			if inSet(c.Bands, b) {
				visit(b*K + c.Index)
			}
		}
	}
}

// inSet reports whether bit i is in the set s; an empty set holds everything.
func inSet(s uint64, i int) bool { return s == 0 || s&(1<<uint(i)) != 0 }
