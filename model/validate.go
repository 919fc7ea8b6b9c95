package model

import (
	"fmt"
	"math"
)

// The bounds of the values in Params. Each is far beyond what any council
// has seen, so that no real scenario meets it, and together they keep every
// number a projection works out finite: over MaxHorizon months the largest
// entries a month are MaxEntriesPerMonth·(1+MaxTrend)^100·MaxFactor ≈ 5e55,
// the largest unit cost MaxWeeklyCost·(1+MaxUplift)^400·MaxFactor ≈ 3e129
// (prices rise from MinYear to MaxYear plus the horizon, and dated price
// changes by a factor of at most MaxFactor), and so a month's cost of
// one category is below about 1e189 for each route, far below the largest
// float64, 1.8e308. TestExtremeValidParamsStayFinite projects these cases.
const (
	// MaxHorizon is the longest projection in months: 100 years. Beyond
	// it nobody in care today, nor their children, is still in care.
	MaxHorizon = 1200
	// MinYear and MaxYear bound the calendar year of Start and of
	// Costs.PriceYear: the years ParseMonth reads. The months of changes,
	// interventions and fixed costs may run on to the end of the longest
	// projection from MaxYear, the end of MaxYear + MaxHorizon/12. So the
	// uplifts compound over at most 400 years, and the arithmetic of
	// months is far from overflow.
	MinYear = 1900
	MaxYear = 2200
	// MaxCategories is the most placement categories: changes and
	// interventions hold sets of them in 64 bits.
	MaxCategories = 64
	// MaxRate is the largest intensity of an exit or a move, in events per
	// child-year: 1000 a year is a mean wait of nine hours, where the
	// fastest real exits take days.
	MaxRate = 1000
	// MaxFactor is the largest factor of a change, and of the product of
	// the factors (those above one) of all the changes that scale one
	// rate: a policy that multiplies a rate more than a thousandfold is a
	// typing error, and the bound on the product keeps many changes from
	// compounding past it.
	MaxFactor = 1000
	// MaxStock is the largest number of children in one cell (one month
	// of age, one category) of the initial stock: England has about 84,000
	// children in care in all, some 40 for each cell.
	MaxStock = 1e6
	// MaxEntriesPerMonth is the largest number of entries a month by one
	// route: England has about 2,800 entries a month by every route.
	MaxEntriesPerMonth = 1e5
	// MinTrend and MaxTrend bound a route's trend, its growth a year as a
	// fraction: it must be above −1 (at −100% a year entries stop at once;
	// below, their number would be negative) and at most +200% a year
	// (arrivals of unaccompanied children at a port council have about
	// tripled in a year, the fastest growth seen).
	MinTrend = -1
	MaxTrend = 2
	// MaxWeight is the largest weight of an age profile or first placement
	// mix: weights are shares or counts of children, and the bound keeps
	// their sums finite.
	MaxWeight = 1e12
	// MaxChildren is the largest number of children an intervention moves
	// in a month: more than are in care in England.
	MaxChildren = 1e6
	// MaxWeeklyCost is the largest cost of a child-week in £: the dearest
	// placements reported cost tens of thousands of pounds a week.
	MaxWeeklyCost = 1e6
	// MinUplift and MaxUplift bound the yearly price rise of a category, as
	// a fraction: prices halving or doubling in a year (the highest UK
	// inflation, in 1975, was about +25%).
	MinUplift = -0.5
	MaxUplift = 1
	// MinPriceChange and MaxPriceChange bound a dated price change of a
	// category, as a fraction: the bounds of a year's uplift. The changes
	// of one category rise it, together, by at most a factor of MaxFactor.
	MinPriceChange = MinUplift
	MaxPriceChange = MaxUplift
	// MaxPlaces is the most places of a category: as many as MaxChildren.
	MaxPlaces = MaxChildren
	// MaxAnnual is the largest fixed cost line in £ a year: more than
	// England spends on children in care (about £8bn a year).
	MaxAnnual = 1e10
	// MaxEvidence is the largest count of events, child-years or months in
	// the evidence behind a rate: England's children in care live about 8
	// million child-years in a century.
	MaxEvidence = 1e9
)

// bound is the range of values a number may take, with the words that say
// it.
type bound struct {
	min, max float64
	openMin  bool    // min itself is not allowed
	unit     string  // the bound in words, a format for it: "£%s a child-week"
	scale    float64 // if not 0, what the bound is multiplied by in words (100 for a percentage)
}

var (
	rateBound     = bound{max: MaxRate, unit: "%s events per child-year"}
	stockBound    = bound{max: MaxStock, unit: "%s children"}
	entriesBound  = bound{max: MaxEntriesPerMonth, unit: "%s entries a month"}
	trendBound    = bound{min: MinTrend, max: MaxTrend, openMin: true, unit: "%s%% a year", scale: 100}
	weightBound   = bound{max: MaxWeight}
	factorBound   = bound{max: MaxFactor}
	childrenBound = bound{max: MaxChildren, unit: "%s children a month"}
	weeklyBound   = bound{max: MaxWeeklyCost, unit: "£%s a child-week"}
	upliftBound   = bound{min: MinUplift, max: MaxUplift, unit: "%s%% a year", scale: 100}
	annualBound   = bound{max: MaxAnnual, unit: "£%s a year"}
	priceBound    = bound{min: MinPriceChange, max: MaxPriceChange, unit: "%s%%", scale: 100}
	placesBound   = bound{max: MaxPlaces, unit: "%s places"}
	yearBound     = bound{min: MinYear, max: MaxYear}
	spanYearBound = bound{min: MinYear, max: MaxYear + MaxHorizon/12}
)

// check returns what is wrong with x, wrapping ErrNotFinite, ErrNegative,
// ErrTooSmall or ErrTooLarge, or nil.
func (bd *bound) check(x float64) error {
	if x >= bd.min && x <= bd.max && (x > bd.min || !bd.openMin) {
		return nil // NaN fails every comparison
	}
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return ErrNotFinite
	case bd.min == 0 && x < 0:
		return ErrNegative
	case bd.openMin && x <= bd.min:
		return fmt.Errorf("%w (above %s)", ErrTooSmall, bd.say(bd.min))
	case x < bd.min:
		return fmt.Errorf("%w (at least %s)", ErrTooSmall, bd.say(bd.min))
	case x > bd.max:
		return fmt.Errorf("%w (at most %s)", ErrTooLarge, bd.say(bd.max))
	}
	return nil
}

// say is x in the bound's unit.
func (bd *bound) say(x float64) string {
	if bd.scale != 0 {
		x *= bd.scale
	}
	if bd.unit == "" {
		return Number(x)
	}
	return fmt.Sprintf(bd.unit, Number(x))
}

// problem is a validation error in its own words, wrapping the kind of
// problem (an Err sentinel) for errors.Is.
type problem struct {
	text string
	kind error
}

func (e *problem) Error() string { return e.text }

func (e *problem) Unwrap() error { return e.kind }

func because(kind error, format string, args ...any) error {
	return &problem{fmt.Sprintf(format, args...), kind}
}

// validator gathers the problems of one Params.
type validator struct {
	p    *Params
	errs Errors
}

func (v *validator) add(f Field, index []int, value float64, msg string, err error) {
	v.errs = append(v.errs, &Error{Field: f, Index: index, Value: value, Msg: msg, Err: err})
}

// number checks x against bd, adding a problem if it is out of bounds, and
// reports whether it is within them.
func (v *validator) number(f Field, index []int, x float64, bd *bound, msg string, args ...any) bool {
	err := bd.check(x)
	if err != nil {
		v.add(f, index, x, fmt.Sprintf(msg, args...), err)
	}
	return err == nil
}

// table checks every value of a table against bd, and reports whether all
// are within it. name gives the Index and the words of value i; it is
// called only for a problem, so that a valid table costs no allocation.
func (v *validator) table(f Field, xs []float64, bd *bound, name func(i int) ([]int, string)) bool {
	ok := true
	for i, x := range xs {
		if err := bd.check(x); err != nil {
			index, msg := name(i)
			v.add(f, index, x, msg, err)
			ok = false
		}
	}
	return ok
}

// shape checks that a table has want values, adding a problem if not, and
// reports whether it has.
func (v *validator) shape(f Field, index []int, have, want int, of, msg string, args ...any) bool {
	if have == want {
		return true
	}
	v.add(f, index, float64(have), fmt.Sprintf(msg, args...),
		because(ErrShape, "%d values, want %d (%s)", have, want, of))
	return false
}

// month checks that a month's year is within bd.
func (v *validator) month(f Field, index []int, m Month, bd *bound, msg string, args ...any) bool {
	year := float64(m.Year())
	err := bd.check(year)
	if err != nil {
		v.add(f, index, year, fmt.Sprintf(msg, args...), fmt.Errorf("year of %v %w", m, err))
	}
	return err == nil
}

// span checks the months from–to of a change, intervention or fixed line.
func (v *validator) span(f Field, index []int, from, to Month, msg string, args ...any) {
	okFrom := v.month(f, index, from, &spanYearBound, msg, args...)
	okTo := v.month(f, index, to, &spanYearBound, msg, args...)
	if okFrom && okTo && to < from {
		v.add(f, index, 0, fmt.Sprintf(msg, args...), fmt.Errorf("%w (%v to %v)", ErrOrder, from, to))
	}
}

// Validate reports every problem with p as Errors, in the order of the Field
// constants, or nil if it has none. A problem of structure (no categories,
// a table of the wrong size) stops only the checks that depend on it; every
// other value is checked. Every number must be finite and within the
// bounds declared beside MaxRate, so that a valid p projects without
// overflow over any horizon.
func (p *Params) Validate() error {
	if p == nil {
		return Errors{{Field: FieldParams, Msg: "parameters", Err: because(ErrZero, "are missing")}}
	}
	v := &validator{p: p}
	v.month(FieldStart, nil, p.Start, &yearBound, "start")
	v.horizon()
	v.categories()
	bandsOK := v.bands()
	v.rates()
	v.initial()
	for i := range p.Routes {
		v.route(i, bandsOK)
	}
	v.changes()
	for i := range p.Interventions {
		v.intervention(i)
	}
	v.costs()
	v.priceChanges()
	v.capacities()
	v.durations()
	if len(v.errs) == 0 {
		return nil
	}
	return v.errs
}

func (v *validator) horizon() {
	h := v.p.Horizon
	switch {
	case h < 1:
		v.add(FieldHorizon, nil, float64(h), "horizon", fmt.Errorf("%w (at least 1 month)", ErrTooSmall))
	case h > MaxHorizon:
		v.add(FieldHorizon, nil, float64(h), "horizon", fmt.Errorf("%w (at most %d months)", ErrTooLarge, MaxHorizon))
	}
}

func (v *validator) categories() {
	switch K := v.p.K(); {
	case K == 0:
		v.add(FieldCategories, nil, 0, "placement categories", because(ErrZero, "there are none"))
	case K > MaxCategories:
		v.add(FieldCategories, nil, float64(K), "placement categories",
			fmt.Errorf("%w (at most %d)", ErrTooLarge, MaxCategories))
	}
}

// bands checks the age bands and reports whether they cover 0–17.
func (v *validator) bands() bool {
	errs := checkBands(v.p.Bands)
	v.errs = append(v.errs, errs...)
	return len(errs) == 0
}

// CheckBands requires bands to cover ages 0–17 in order, without gaps or
// overlaps. It returns every problem as Errors (Field FieldBands), or nil.
func CheckBands(bands []Band) error {
	if errs := checkBands(bands); len(errs) > 0 {
		return errs
	}
	return nil
}

func checkBands(bands []Band) Errors {
	var errs Errors
	add := func(b, value int, err error) {
		errs = append(errs, &Error{Field: FieldBands, Index: []int{b}, Value: float64(value), Msg: "age band " + bands[b].Name, Err: err})
	}
	next := 0
	for i, b := range bands {
		if b.Min != next {
			add(i, b.Min, because(ErrGap, "starts at %d, want %d: the bands must cover ages 0–17 in order, each once", b.Min, next))
		}
		if b.Max < b.Min {
			add(i, b.Max, fmt.Errorf("%w (%d to %d)", ErrOrder, b.Min, b.Max))
		}
		next = b.Max + 1
	}
	if last := len(bands) - 1; last >= 0 && next != AgeYears {
		add(last, next-1, because(ErrGap, "ends at %d, want %d: the bands must cover ages 0–17", next-1, AgeYears-1))
	}
	if len(bands) == 0 {
		errs = append(errs, &Error{Field: FieldBands, Msg: "age bands", Err: because(ErrZero, "there are none")})
	}
	return errs
}

// rates checks the exit and move intensities.
func (v *validator) rates() {
	p := v.p
	K, B, R := p.K(), p.B(), p.R()
	if v.shape(FieldExit, nil, len(p.Exit), R*B*K, "reasons × bands × categories", "exit rates") {
		v.table(FieldExit, p.Exit, &rateBound, func(i int) ([]int, string) {
			k, b, r := i%K, (i/K)%B, i/(K*B)
			return []int{r, b, k}, fmt.Sprintf("exit rate %s/%s/%s", p.Reasons[r], p.Bands[b].Name, p.Categories[k])
		})
	}
	if !v.shape(FieldMove, nil, len(p.Move), B*K*K, "bands × categories²", "move rates") {
		return
	}
	moveName := func(i int) ([]int, string) {
		to, from, b := i%K, (i/K)%K, i/(K*K)
		return []int{b, from, to}, fmt.Sprintf("move rate %s/%s→%s", p.Bands[b].Name, p.Categories[from], p.Categories[to])
	}
	v.table(FieldMove, p.Move, &rateBound, moveName)
	for b := 0; b < B; b++ {
		for k := 0; k < K; k++ {
			if x := p.Move[p.MoveAt(b, k, k)]; x != 0 && rateBound.check(x) == nil {
				index, msg := moveName(p.MoveAt(b, k, k))
				v.add(FieldMove, index, x, msg, ErrSelf)
			}
		}
	}
}

func (v *validator) initial() {
	p := v.p
	K := p.K()
	if !v.shape(FieldInitial, nil, len(p.Initial), NAges*K, "ages in months × categories", "initial stock") {
		return
	}
	v.table(FieldInitial, p.Initial, &stockBound, func(i int) ([]int, string) {
		a, k := i/K, i%K
		return []int{a, k}, fmt.Sprintf("initial stock aged %d months in %s", a, p.Categories[k])
	})
}

// route checks route i; the check that every band its children enter has a
// first placement needs bands that cover 0–17.
func (v *validator) route(i int, bandsOK bool) {
	p := v.p
	r := &p.Routes[i]
	v.number(FieldRoutePerMonth, []int{i}, r.PerMonth, &entriesBound, "entries a month of route %s", r.Name)
	v.number(FieldRouteTrend, []int{i}, r.Trend, &trendBound, "trend of route %s", r.Name)
	profileOK := v.table(FieldRouteAgeProfile, r.AgeProfile[:], &weightBound, func(y int) ([]int, string) {
		return []int{i, y}, fmt.Sprintf("age profile of route %s at %d years", r.Name, y)
	})
	if profileOK && sum(r.AgeProfile[:]) == 0 && r.PerMonth > 0 {
		v.add(FieldRouteAgeProfile, []int{i}, 0, "age profile of route "+r.Name,
			because(ErrZero, "is all zero, but the route has %v entries a month", r.PerMonth))
	}
	if v.firstPlacements(i) && profileOK && bandsOK {
		v.placedBands(i)
	}
}

// firstPlacements checks route i's first placement weights and reports
// whether they are all valid.
func (v *validator) firstPlacements(i int) bool {
	p := v.p
	r := &p.Routes[i]
	K := p.K()
	if !v.shape(FieldRouteFirstPlacement, []int{i}, len(r.FirstPlacement), p.B()*K, "bands × categories", "first placements of route %s", r.Name) {
		return false
	}
	return v.table(FieldRouteFirstPlacement, r.FirstPlacement, &weightBound, func(j int) ([]int, string) {
		b, k := j/K, j%K
		return []int{i, b, k}, fmt.Sprintf("first placement of route %s, ages %s, in %s", r.Name, p.Bands[b].Name, p.Categories[k])
	})
}

// placedBands requires a first placement for every band whose ages route i
// brings into care.
func (v *validator) placedBands(i int) {
	p := v.p
	r := &p.Routes[i]
	K := p.K()
	for b, band := range p.Bands {
		if sum(r.AgeProfile[band.Min:band.Max+1]) > 0 && sum(r.FirstPlacement[b*K:(b+1)*K]) == 0 {
			v.add(FieldRouteFirstPlacement, []int{i, b}, 0, fmt.Sprintf("first placements of route %s for ages %s", r.Name, band.Name),
				because(ErrZero, "are all zero, but children of those ages enter by the route"))
		}
	}
}

// changes checks each change, then how their factors compound.
func (v *validator) changes() {
	p := v.p
	ok := make([]bool, len(p.Changes))
	for i := range p.Changes {
		c := &p.Changes[i]
		factorOK := v.number(FieldChangeFactor, []int{i}, c.Ramp.Factor, &factorBound, "factor of change %q", c.Name)
		v.span(FieldChangeSpan, []int{i}, c.Ramp.From, c.Ramp.To, "months of change %q", c.Name)
		ok[i] = v.lever(i) && factorOK
	}
	v.compounding(ok)
}

// lever checks what change i scales and reports whether it exists.
func (v *validator) lever(i int) bool {
	p := v.p
	c := &p.Changes[i]
	ok := v.sets(FieldChangeLever, i, c.Bands, c.Categories, "change", c.Name)
	inRange := func(x, n int) bool { return x >= -1 && x < n }
	fail := func(what string, x, n int) {
		v.add(FieldChangeLever, []int{i}, float64(x), fmt.Sprintf("%s of change %q", what, c.Name),
			because(ErrRange, "%s %d does not exist (there are %d)", what, x, n))
		ok = false
	}
	switch c.Lever {
	case LeverEntries:
		if !inRange(c.Index, len(p.Routes)) {
			fail("route", c.Index, len(p.Routes))
		}
	case LeverExit:
		if !inRange(c.Index, p.R()) {
			fail("exit reason", c.Index, p.R())
		}
	case LeverMove:
		if !inRange(c.From, p.K()) {
			fail("category moved from", c.From, p.K())
		}
		if !inRange(c.To, p.K()) {
			fail("category moved to", c.To, p.K())
		}
	case LeverFirstPlacement:
		if c.Index < 0 || c.Index >= p.K() {
			fail("first placement category", c.Index, p.K())
		}
	default:
		fail("lever", int(c.Lever), int(LeverFirstPlacement)+1)
	}
	return v.changeDurations(i) && ok
}

// sets checks that the bit sets of bands and categories of change or
// intervention i hold only bands and categories that exist.
func (v *validator) sets(f Field, i int, bands, cats uint64, kind, name string) bool {
	p := v.p
	ok := true
	if p.B() < 64 && bands>>uint(p.B()) != 0 {
		v.add(f, []int{i}, 0, fmt.Sprintf("age bands of %s %q", kind, name), because(ErrRange, "a band beyond the %d there are", p.B()))
		ok = false
	}
	if p.K() < 64 && cats>>uint(p.K()) != 0 {
		v.add(f, []int{i}, 0, fmt.Sprintf("categories of %s %q", kind, name), because(ErrRange, "a category beyond the %d there are", p.K()))
		ok = false
	}
	return ok
}

// compounding requires that the changes that scale any one value (those
// with ok set; the others have problems of their own) together scale it
// by at most MaxFactor: the product of their factors above one. It reports
// the change that first takes a value beyond.
func (v *validator) compounding(ok []bool) {
	p := v.p
	K, B := p.K(), p.B()
	D := 1 // classes apart: only changes of exits and moves are limited to classes
	if p.DurationBounds != nil && len(p.DurationBounds) < MaxDurationClasses {
		D = p.D()
	}
	tables := map[Lever][]float64{
		LeverEntries:        ones(len(p.Routes) * B),
		LeverExit:           ones(D * p.R() * B * K),
		LeverMove:           ones(D * B * K * K),
		LeverFirstPlacement: ones(B * K),
	}
	for i := range p.Changes {
		c := &p.Changes[i]
		if !ok[i] || c.Ramp.Factor <= 1 {
			continue
		}
		mult, classes := tables[c.Lever], 1
		if c.Lever == LeverExit || c.Lever == LeverMove {
			classes = D
		}
		n := len(mult) / classes
		var over float64
		for d := 0; d < classes; d++ {
			if !inSet(c.Durations, d) {
				continue
			}
			p.scaled(c, func(j int) {
				before := mult[d*n+j]
				mult[d*n+j] *= c.Ramp.Factor
				if before <= MaxFactor && mult[d*n+j] > MaxFactor {
					over = math.Max(over, mult[d*n+j])
				}
			})
		}
		if over > 0 {
			v.add(FieldChangeFactor, []int{i}, c.Ramp.Factor, fmt.Sprintf("factor of change %q", c.Name),
				fmt.Errorf("%w: with the changes before it that scale the same rates, it scales one by %v (at most %v)",
					ErrTooLarge, over, float64(MaxFactor)))
		}
	}
}

func ones(n int) []float64 { return filled(n, 1) }

func (v *validator) intervention(i int) {
	p := v.p
	iv := &p.Interventions[i]
	v.number(FieldInterventionChildren, []int{i}, iv.Children, &childrenBound, "children of intervention %q", iv.Name)
	v.span(FieldInterventionSpan, []int{i}, iv.Start, iv.End, "months of intervention %q", iv.Name)
	K := p.K()
	msg := fmt.Sprintf("categories of intervention %q", iv.Name)
	switch {
	case iv.From < 0 || iv.From >= K:
		v.add(FieldInterventionCategory, []int{i}, float64(iv.From), msg, because(ErrRange, "category %d does not exist (there are %d)", iv.From, K))
	case iv.To == OutOfCare && (iv.ToReason < 0 || iv.ToReason >= p.R()):
		v.add(FieldInterventionCategory, []int{i}, float64(iv.ToReason), fmt.Sprintf("exit reason of intervention %q", iv.Name),
			because(ErrRange, "exit reason %d does not exist (there are %d)", iv.ToReason, p.R()))
	case iv.To == OutOfCare:
	case iv.To < 0 || iv.To >= K:
		v.add(FieldInterventionCategory, []int{i}, float64(iv.To), msg, because(ErrRange, "category %d does not exist (there are %d)", iv.To, K))
	case iv.From == iv.To:
		v.add(FieldInterventionCategory, []int{i}, float64(iv.To), msg,
			because(ErrSelf, "from %s to %s %s", p.Categories[iv.From], p.Categories[iv.To], ErrSelf))
	}
	v.sets(FieldInterventionCategory, i, iv.Bands, 0, "intervention", iv.Name)
}

func (v *validator) costs() {
	p := v.p
	c := &p.Costs
	K := p.K()
	if v.shape(FieldWeekly, nil, len(c.Weekly), K, "categories", "weekly costs") {
		v.table(FieldWeekly, c.Weekly, &weeklyBound, func(k int) ([]int, string) {
			return []int{k}, "weekly cost of " + p.Categories[k]
		})
	}
	if v.shape(FieldUplift, nil, len(c.Uplift), K, "categories", "uplifts") {
		v.table(FieldUplift, c.Uplift, &upliftBound, func(k int) ([]int, string) {
			return []int{k}, "uplift of " + p.Categories[k]
		})
	}
	v.number(FieldPriceYear, nil, float64(c.PriceYear), &yearBound, "price year")
	for i := range c.Fixed {
		f := &c.Fixed[i]
		v.number(FieldFixedAnnual, []int{i}, f.Annual, &annualBound, "annual cost of fixed line %q", f.Name)
		v.span(FieldFixedSpan, []int{i}, f.From, f.To, "months of fixed line %q", f.Name)
	}
}

// priceChanges checks the dated price changes, then how each category's
// compound.
func (v *validator) priceChanges() {
	p := v.p
	if len(p.Costs.PriceChanges) == 0 {
		return
	}
	K := p.K()
	rise := ones(K)
	for i := range p.Costs.PriceChanges {
		pc := &p.Costs.PriceChanges[i]
		index := []int{i}
		v.month(FieldPriceChange, index, pc.From, &spanYearBound, "month of price change %q", pc.Name)
		changeOK := v.number(FieldPriceChangeChange, index, pc.Change, &priceBound, "change of price change %q", pc.Name)
		v.number(FieldPriceChangeWeekly, index, pc.Weekly, &weeklyBound, "weekly cost of price change %q", pc.Name)
		if pc.Category < 0 || pc.Category >= K {
			v.add(FieldPriceChange, index, float64(pc.Category), fmt.Sprintf("category of price change %q", pc.Name),
				because(ErrRange, "category %d does not exist (there are %d)", pc.Category, K))
			continue
		}
		if !changeOK || pc.Change <= 0 {
			continue
		}
		before := rise[pc.Category]
		rise[pc.Category] *= 1 + pc.Change
		if before <= MaxFactor && rise[pc.Category] > MaxFactor {
			v.add(FieldPriceChangeChange, index, pc.Change, fmt.Sprintf("change of price change %q", pc.Name),
				fmt.Errorf("%w: with the price changes of %s before it, it raises the cost by a factor of %v (at most %v)",
					ErrTooLarge, p.Categories[pc.Category], rise[pc.Category], float64(MaxFactor)))
		}
	}
}

// capacities checks each capacity: its categories, then its steps of places.
func (v *validator) capacities() {
	p := v.p
	if len(p.Capacities) == 0 {
		return
	}
	K := p.K()
	capped := make([]int, K) // capacities of each category
	for _, c := range p.Capacities {
		if c.Category >= 0 && c.Category < K {
			capped[c.Category]++
		}
	}
	for i := range p.Capacities {
		c := &p.Capacities[i]
		index := []int{i}
		msg, name := fmt.Sprintf("capacity %d", i), fmt.Sprintf("category %d", c.Category)
		if c.Category >= 0 && c.Category < K {
			name = p.Categories[c.Category]
			msg = "capacity of " + name
		}
		fail := func(x int, err error) { v.add(FieldCapacity, index, float64(x), msg, err) }
		switch {
		case c.Category < 0 || c.Category >= K:
			fail(c.Category, because(ErrRange, "category %d does not exist (there are %d)", c.Category, K))
		case c.Overflow < 0 || c.Overflow >= K:
			fail(c.Overflow, because(ErrRange, "overflow category %d does not exist (there are %d)", c.Overflow, K))
		case c.Overflow == c.Category:
			fail(c.Overflow, because(ErrSelf, "%s overflows into itself: it %s", name, ErrSelf))
		case capped[c.Category] > 1:
			fail(c.Category, because(ErrGap, "%s is capped %d times, an overlap", name, capped[c.Category]))
		case capped[c.Overflow] > 0:
			fail(c.Overflow, because(ErrChain, "%s %s (%s): send its overflow to a category without places",
				name, ErrChain, p.Categories[c.Overflow]))
		}
		v.steps(i, msg, name)
	}
}

// steps checks the places of capacity i (msg names it, and name its
// category): at least one
// step, in order of month, each within bounds.
func (v *validator) steps(i int, msg, name string) {
	c := &v.p.Capacities[i]
	if len(c.Places) == 0 {
		v.add(FieldCapacity, []int{i}, 0, msg, because(ErrZero, "%s has no places", name))
	}
	for j, s := range c.Places {
		index := []int{i, j}
		v.number(FieldCapacityPlaces, index, s.Places, &placesBound, "places of %s from %v", msg, s.From)
		if v.month(FieldCapacityFrom, index, s.From, &spanYearBound, "month of %s step %d", msg, j) && j > 0 && s.From <= c.Places[j-1].From {
			v.add(FieldCapacityFrom, index, 0, fmt.Sprintf("month of %s step %d", msg, j),
				fmt.Errorf("%w (%v after %v): give the steps in order of month", ErrOrder, s.From, c.Places[j-1].From))
		}
	}
}
