package model

import (
	"errors"
	"fmt"
	"math"
)

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
	Ramp              Ramp
}

// Intervention moves children from one category to another: Children a
// month in every month from Start to End inclusive (a one-off cohort has
// Start == End). It never moves more children than the category holds; the
// shortfall is reported.
type Intervention struct {
	Name       string
	From, To   int
	Bands      uint64 // ages the children are taken from; zero means all
	Children   float64
	Start, End Month
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

	Changes       []RateChange
	Interventions []Intervention
	Costs         Costs

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

// maxSet is the largest number of categories or bands a bit set can hold.
const maxSet = 64

// Validate reports the first problem with the parameters, or nil.
func (p *Params) Validate() error {
	K, B, R := p.K(), p.B(), p.R()
	switch {
	case K == 0:
		return errors.New("no placement categories")
	case K > maxSet:
		return fmt.Errorf("%d placement categories: at most %d", K, maxSet)
	case B == 0:
		return errors.New("no age bands")
	case B > maxSet:
		return fmt.Errorf("%d age bands: at most %d", B, maxSet)
	case p.Horizon < 1:
		return fmt.Errorf("horizon of %d months: must be at least 1", p.Horizon)
	case len(p.Exit) != R*B*K:
		return fmt.Errorf("exit rates: have %d, want %d (reasons × bands × categories)", len(p.Exit), R*B*K)
	case len(p.Move) != B*K*K:
		return fmt.Errorf("move rates: have %d, want %d (bands × categories²)", len(p.Move), B*K*K)
	case len(p.Initial) != NAges*K:
		return fmt.Errorf("initial stock: have %d cells, want %d (ages × categories)", len(p.Initial), NAges*K)
	}
	if err := CheckBands(p.Bands); err != nil {
		return err
	}
	for i, v := range p.Exit {
		if err := checkRate(v); err != nil {
			k, rest := i%K, i/K
			return fmt.Errorf("exit rate %s/%s/%s: %w", p.Reasons[rest/B], p.Bands[rest%B].Name, p.Categories[k], err)
		}
	}
	for i, v := range p.Move {
		to, from, b := i%K, (i/K)%K, i/(K*K)
		if err := checkRate(v); err != nil {
			return fmt.Errorf("move rate %s/%s→%s: %w", p.Bands[b].Name, p.Categories[from], p.Categories[to], err)
		}
		if from == to && v != 0 {
			return fmt.Errorf("move rate %s/%s→%s: a move to the same category must be 0", p.Bands[b].Name, p.Categories[from], p.Categories[to])
		}
	}
	for i, v := range p.Initial {
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("initial stock at age %d months, %s: %v is not a count", i/K, p.Categories[i%K], v)
		}
	}
	for _, r := range p.Routes {
		if err := p.checkRoute(r); err != nil {
			return fmt.Errorf("route %s: %w", r.Name, err)
		}
	}
	for _, c := range p.Changes {
		if err := p.checkChange(c); err != nil {
			return fmt.Errorf("change %q: %w", c.Name, err)
		}
	}
	for _, iv := range p.Interventions {
		if err := p.checkIntervention(iv); err != nil {
			return fmt.Errorf("intervention %q: %w", iv.Name, err)
		}
	}
	return p.checkCosts()
}

func checkRate(v float64) error {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return fmt.Errorf("%v is not a number", v)
	case v < 0:
		return fmt.Errorf("%v is negative", v)
	case v > 1000:
		return fmt.Errorf("%v events per child-year is not credible", v)
	}
	return nil
}

// CheckBands requires bands to cover ages 0–17 in order, without gaps or overlaps.
func CheckBands(bands []Band) error {
	next := 0
	for _, b := range bands {
		if b.Min != next {
			return fmt.Errorf("age band %s starts at %d: want %d (bands must cover 0–17 in order)", b.Name, b.Min, next)
		}
		if b.Max < b.Min {
			return fmt.Errorf("age band %s ends before it starts", b.Name)
		}
		next = b.Max + 1
	}
	if next != AgeYears {
		return fmt.Errorf("age bands end at %d: want %d", next-1, AgeYears-1)
	}
	return nil
}

func (p *Params) checkRoute(r Route) error {
	K, B := p.K(), p.B()
	if err := checkCount(r.PerMonth); err != nil {
		return fmt.Errorf("entries a month: %w", err)
	}
	if r.Trend <= -1 || math.IsNaN(r.Trend) || math.IsInf(r.Trend, 0) {
		return fmt.Errorf("trend %v: must be above −100%% a year", r.Trend)
	}
	if len(r.FirstPlacement) != B*K {
		return fmt.Errorf("first placements: have %d, want %d (bands × categories)", len(r.FirstPlacement), B*K)
	}
	var sum float64
	for y, w := range r.AgeProfile {
		if err := checkCount(w); err != nil {
			return fmt.Errorf("age profile at %d: %w", y, err)
		}
		sum += w
	}
	if sum == 0 && r.PerMonth > 0 {
		return errors.New("age profile is all zero")
	}
	for bi, b := range p.Bands {
		var band, mix float64
		for y := b.Min; y <= b.Max; y++ {
			band += r.AgeProfile[y]
		}
		for k := 0; k < K; k++ {
			w := r.FirstPlacement[bi*K+k]
			if err := checkCount(w); err != nil {
				return fmt.Errorf("first placement %s/%s: %w", b.Name, p.Categories[k], err)
			}
			mix += w
		}
		if band > 0 && mix == 0 {
			return fmt.Errorf("children aged %s enter but have no first placement", b.Name)
		}
	}
	return nil
}

func checkCount(v float64) error {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return fmt.Errorf("%v is not a number", v)
	case v < 0:
		return fmt.Errorf("%v is negative", v)
	}
	return nil
}

func (p *Params) checkChange(c RateChange) error {
	if err := checkCount(c.Ramp.Factor); err != nil {
		return fmt.Errorf("factor: %w", err)
	}
	if c.Ramp.To < c.Ramp.From {
		return fmt.Errorf("ends (%v) before it starts (%v)", c.Ramp.To, c.Ramp.From)
	}
	if err := p.checkSets(c.Bands, c.Categories); err != nil {
		return err
	}
	inRange := func(i, n int) bool { return i >= -1 && i < n }
	switch c.Lever {
	case LeverEntries:
		if !inRange(c.Index, len(p.Routes)) {
			return fmt.Errorf("route %d out of range", c.Index)
		}
	case LeverExit:
		if !inRange(c.Index, p.R()) {
			return fmt.Errorf("exit reason %d out of range", c.Index)
		}
	case LeverMove:
		if !inRange(c.From, p.K()) || !inRange(c.To, p.K()) {
			return errors.New("move category out of range")
		}
	case LeverFirstPlacement:
		if c.Index < 0 || c.Index >= p.K() {
			return fmt.Errorf("category %d out of range", c.Index)
		}
	default:
		return fmt.Errorf("unknown lever %d", c.Lever)
	}
	return nil
}

func (p *Params) checkSets(bands, cats uint64) error {
	if p.B() < maxSet && bands>>uint(p.B()) != 0 {
		return errors.New("age band out of range")
	}
	if p.K() < maxSet && cats>>uint(p.K()) != 0 {
		return errors.New("category out of range")
	}
	return nil
}

func (p *Params) checkIntervention(iv Intervention) error {
	K := p.K()
	switch {
	case iv.From < 0 || iv.From >= K || iv.To < 0 || iv.To >= K:
		return errors.New("category out of range")
	case iv.From == iv.To:
		return fmt.Errorf("moves children from %s to itself", p.Categories[iv.From])
	case iv.End < iv.Start:
		return fmt.Errorf("ends (%v) before it starts (%v)", iv.End, iv.Start)
	}
	if err := checkCount(iv.Children); err != nil {
		return fmt.Errorf("children: %w", err)
	}
	return p.checkSets(iv.Bands, 0)
}

func (p *Params) checkCosts() error {
	c := p.Costs
	K := p.K()
	if len(c.Weekly) != K || len(c.Uplift) != K {
		return fmt.Errorf("costs: want a weekly cost and an uplift for each of %d categories", K)
	}
	for k := 0; k < K; k++ {
		if err := checkCount(c.Weekly[k]); err != nil {
			return fmt.Errorf("weekly cost of %s: %w", p.Categories[k], err)
		}
		if u := c.Uplift[k]; u <= -1 || math.IsNaN(u) || math.IsInf(u, 0) {
			return fmt.Errorf("uplift of %s: %v must be above −100%%", p.Categories[k], u)
		}
	}
	for _, f := range c.Fixed {
		if err := checkCount(f.Annual); err != nil {
			return fmt.Errorf("fixed cost %q: %w", f.Name, err)
		}
		if f.To < f.From {
			return fmt.Errorf("fixed cost %q ends (%v) before it starts (%v)", f.Name, f.To, f.From)
		}
	}
	return nil
}

// inSet reports whether bit i is in the set s; an empty set holds everything.
func inSet(s uint64, i int) bool { return s == 0 || s&(1<<uint(i)) != 0 }
