package data

import (
	"errors"
	"fmt"
	"math"

	"github.com/carecast/carecast/model"
	"gonum.org/v1/gonum/floats"
)

// CalibrateOptions sets up a calibration.
type CalibrateOptions struct {
	// From and To are the reference window, whole months: events and
	// exposure inside it give the rates, entries inside it the entry
	// numbers and mixes.
	From, To model.Month
	// Start is the first month the calibrated scenario projects; its
	// initial stock is the children in care at the end of the month before.
	// Zero means the month after To.
	Start model.Month
	// Credibility is the exposure, in child-years, at which a cell's own rate
	// and its parent's weigh the same: a cell with E child-years gets the
	// weight E/(E+Credibility) on its own rate. Zero means
	// DefaultCredibility.
	Credibility float64
	// MixPrior is the number of entrants' worth of the all-routes first
	// placement mix added to each route's mix for a band. Zero means
	// DefaultMixPrior.
	MixPrior float64
	// DurationBounds are the months in care at which duration classes begin
	// after the first, as model.Params.DurationBounds: the exit rates get a
	// factor by class for each reason, the move rates one for all moves,
	// and the stock is split by class. Nil means DefaultDurationBounds();
	// an empty slice that is not nil ([]int{}) switches durations off: the
	// calibration is then duration-blind, as it was before durations.
	DurationBounds []int
	// DurationPrior is the weight, in events, of the factor 1 in each
	// duration class's factor: a class whose events would be m with a
	// factor of 1 gets the weight m/(m+DurationPrior) on its own factor.
	// Zero means DefaultDurationPrior.
	DurationPrior float64
}

// DefaultDurationPrior is the events, expected at a factor of 1, at which a
// duration class's own factor counts for half.
const DefaultDurationPrior = 10

// DefaultCredibility is the exposure, in child-years, at which a cell's own
// rate counts for half.
const DefaultCredibility = 5

// DefaultMixPrior is the weight, in entrants, of the all-routes first
// placement mix in each route's.
const DefaultMixPrior = 2

// Estimate is a rate and the evidence behind it.
type Estimate struct {
	Events float64 // events in the window
	// Years is the exposure: child-years at risk, each weighted by the
	// factor of its duration class (see Calibration.ExitDuration and
	// MoveDuration; 1 without durations), so that Raw is the rate of a
	// child whose factor is 1.
	Years    float64
	Raw      float64 // Events / Years; 0 with no exposure
	Weight   float64 // credibility of the cell's own rate, Years/(Years+Credibility)
	Parent   float64 // the rate it was shrunk towards
	Rate     float64 // Weight·Raw + (1−Weight)·Parent
	Observed bool    // the cell had any exposure
	// Unseen marks a move into a placement that no child of the band was
	// in during the window, in a band with enough evidence (UnseenEvidence
	// times the credibility, in child-years, over all its placements): its
	// rate is 0, not the parent's, so that a placement for older children
	// (supported accommodation, say) is not forecast for babies because it
	// is common at 16.
	Unseen bool
}

// UnseenEvidence is how many times the credibility a band's child-years
// must reach before a placement none of its children was in counts as one
// it does not use (20 child-years with the default credibility).
const UnseenEvidence = 4

// RouteEstimate is what the window says of one route into care.
type RouteEstimate struct {
	Entries    float64 // period starts in the window
	PerMonth   float64 // Entries / months in the window
	Trend      float64 // fitted growth a year (0.03 = 3%), log-linear Poisson fit; not applied by default
	TrendSE    float64 // its standard error, on the log scale
	AgeProfile [model.AgeYears]float64
	// FirstPlacement is [band][category]: entrants' first placements, with
	// MixPrior entrants' worth of the all-routes mix of the band added.
	FirstPlacement []float64
}

// Calibration is a scenario's rates and starting stock estimated from a
// council's returns.
type Calibration struct {
	Options  CalibrateOptions
	Months   int // months in the window
	Initial  []float64
	Exit     []Estimate // [reason][band][category]
	Move     []Estimate // [band][from][to]; the diagonal is unused
	Routes   []RouteEstimate
	AgedOut  float64 // leavers who aged out in the window (not a rate)
	Children float64 // children in care at the end of the month before Start

	// With duration bounds (Options.DurationBounds not empty), D of them:
	// ExitDuration is each exit reason's factor by duration class,
	// [reason][class], D+1 classes; MoveDuration the factor on every move
	// rate, [class]; InitialDuration the stock by class,
	// [class][age in months][category], summing over classes to Initial.
	// Without, all three are nil.
	ExitDuration    []Factor
	MoveDuration    []Factor
	InitialDuration []float64
	// UnknownDuration is the number of children in the stock whose time in
	// care is not known (their period began before the returns, less than
	// the last bound before the stock day): each is spread over the classes
	// it can be in, in proportion to the stock of known duration in them.
	UnknownDuration float64
	// UnknownYears is the child-years in the window whose duration class
	// is not known; they count towards the cell rates with a factor of
	// their own, fitted with the others and not reported.
	UnknownYears float64
}

// Calibrate estimates exit and move intensities by age band and category,
// each the events in the window divided by the exposure (days at risk in
// the cell, split at the birthdays that cross a band, over 365.25) — the
// maximum-likelihood estimate for constant intensities — shrunk towards its
// parent cell (the same category over all ages, then every category) by
// credibility weights; entries by route, their age profile and first
// placements; and the stock at the end of the month before Start by age in
// months and category. Age-out is not a rate: it happens at 18. The window
// must lie within the returns' Coverage, and the stock at the end of the
// month before Start must be known from them.
//
// With duration bounds (the default), time in care since the period of
// care began (its first episode's start) is split into classes as age is
// into bands, and the exposure and events with it. Each exit reason r is
// the Poisson model log μ[d][b][k] = log E[d][b][k] + log rate[r][b][k] +
// log f[r][d] (E the child-years of class d, band b, category k), and the
// moves one with a factor g[d] on every move rate; the factors and the
// cell rates are fitted together by iterative proportional fitting, scaled
// so that the factors' mean weighted by each class's child-years is 1, and
// shrunk towards 1 (see Factor). The cell rates are then shrunk as above,
// on child-years weighted by the factors. A period whose first episode
// began before the returns with an RNE other than S began earlier, when is
// not known: see Calibration.UnknownYears and UnknownDuration.
func Calibrate(r *Returns, cl *Classifier, bands []model.Band, opt CalibrateOptions) (*Calibration, error) {
	opt, err := opt.resolve(r, bands)
	if err != nil {
		return nil, err
	}
	w := walk(r, cl, bands, opt)
	K, B, R := len(cl.cats), len(bands), len(cl.reasons)
	x := w.fitDurations(opt.DurationPrior)
	w.c.shrink(x, K, B, R, opt.Credibility)
	w.c.entries(w.monthly, K, B, opt.MixPrior)
	return w.c, nil
}

// resolve fills in the defaults of the options and checks them, the bands
// and the window against the returns.
func (opt CalibrateOptions) resolve(r *Returns, bands []model.Band) (CalibrateOptions, error) {
	if opt.To < opt.From {
		return opt, fmt.Errorf("calibrate: the window ends (%v) before it starts (%v)", opt.To, opt.From)
	}
	if err := model.CheckBands(bands); err != nil {
		return opt, fmt.Errorf("calibrate: %w", err)
	}
	if opt.Start == 0 {
		opt.Start = opt.To + 1
	}
	if opt.Credibility == 0 {
		opt.Credibility = DefaultCredibility
	}
	if opt.MixPrior == 0 {
		opt.MixPrior = DefaultMixPrior
	}
	if opt.DurationPrior == 0 {
		opt.DurationPrior = DefaultDurationPrior
	}
	if opt.Credibility < 0 || opt.MixPrior < 0 || opt.DurationPrior < 0 {
		return opt, errors.New("calibrate: credibility and the priors must not be negative")
	}
	if opt.DurationBounds == nil {
		opt.DurationBounds = DefaultDurationBounds()
	}
	if err := checkDurationBounds(opt.DurationBounds); err != nil {
		return opt, err
	}
	if err := r.Coverage.Check(opt.From, opt.To); err != nil {
		return opt, fmt.Errorf("calibrate: the reference window %s to %s: %w", opt.From, opt.To, err)
	}
	if err := r.Coverage.CheckStart(opt.Start); err != nil {
		return opt, fmt.Errorf("calibrate: %w", err)
	}
	return opt, nil
}

// walk counts the events, exposure (in days), entries and stock of a
// calibration over the periods of care in the returns.
func walk(r *Returns, cl *Classifier, bands []model.Band, opt CalibrateOptions) *calibrating {
	K, B, R, NR := len(cl.cats), len(bands), len(cl.reasons), len(cl.routes)
	c := &Calibration{
		Options: opt,
		Months:  int(opt.To-opt.From) + 1,
		Initial: make([]float64, model.NAges*K),
		Exit:    make([]Estimate, R*B*K),
		Move:    make([]Estimate, B*K*K),
		Routes:  make([]RouteEstimate, NR),
	}
	for i := range c.Routes {
		c.Routes[i].FirstPlacement = make([]float64, B*K)
	}
	dur := newDurations(opt.DurationBounds, firstDay(r))
	D := dur.classes
	if len(opt.DurationBounds) > 0 {
		c.InitialDuration = make([]float64, (D-1)*model.NAges*K)
	}
	w := &calibrating{c: c, cl: cl, bands: bands, bandOfYear: model.BandOfYear(bands), from: opt.From,
		winStart: lastDay(opt.From-1) + 1, winEnd: lastDay(opt.To) + 1, stockDay: lastDay(opt.Start - 1),
		exposure: make([]float64, D*B*K), monthly: make([]float64, NR*c.Months), bounds: make([]Day, B+1), lastChild: -1,
		dur: dur, exitClass: make([]float64, R*D), moveClass: make([]float64, D), unknown: make([]float64, D*model.NAges*K)}
	r.periodWalk(w.period)
	return w
}

// calibrating is the state of the walk over the periods of care that
// counts a calibration's events, exposure, entries and stock, on days.
type calibrating struct {
	c          *Calibration
	cl         *Classifier
	bands      []model.Band
	bandOfYear [model.AgeYears]int
	from       model.Month // first month of the window
	winStart   Day         // first day of the window
	winEnd     Day         // the day after the window
	stockDay   Day         // the day the initial stock is counted on
	exposure   []float64   // [duration class][band][category], days
	monthly    []float64   // [route][month of the window]: entries
	dur        *durations  // the duration classes
	exitClass  []float64   // [reason][duration class]: exits
	moveClass  []float64   // [duration class]: moves
	unknown    []float64   // [duration class][age in months][category]: the stock of unknown duration, by the least class it can be in

	// the child of the period walked
	lastChild int
	dob       civil
	stockAge  int   // age in months on stockDay
	bounds    []Day // bounds[b] is the day the child enters band b; bounds[B] the day from which leaving counts as ageing out
	adult     Day   // the 18th birthday, after which no one is counted (see untilAdult)
}

// child sets up the walk for the periods of a new child.
func (w *calibrating) child(ch *Child) {
	w.dob = civilOf(ch.DOB)
	y, m, d := w.dob.year, w.dob.month, w.dob.day
	for b, band := range w.bands {
		w.bounds[b] = CivilDay(y+band.Min, m, d)
	}
	// exits in the last AgeOutDays before the 18th birthday are age-outs,
	// not events of the rates: exposure stops there
	w.bounds[len(w.bands)] = CivilDay(y+model.AgeYears, m, d-w.cl.m.AgeOutDays)
	w.adult = CivilDay(y+model.AgeYears, m, d)
	w.stockAge = w.ageMonths(w.stockDay)
}

// ageMonths is the child's age in whole months on day d.
func (w *calibrating) ageMonths(d Day) int { return monthsOld(w.dob, d.civil()) }

// ageYear is the child's age in whole years on day d, within 0 to 17.
func (w *calibrating) ageYear(d Day) int {
	return min(max(w.ageMonths(d)/12, 0), model.AgeYears-1)
}

func (w *calibrating) inWindow(d Day) bool { return d >= w.winStart && d < w.winEnd }

// period counts one period of care of child ch, up to their 18th
// birthday (see untilAdult).
func (w *calibrating) period(ch *Child, eps []Episode) {
	c, cl, K, B := w.c, w.cl, len(w.cl.cats), len(w.bands)
	if ci := eps[0].Child; ci != w.lastChild {
		w.lastChild = ci
		w.child(ch)
	}
	eps, periodEnd := untilAdult(eps, w.adult)
	if len(eps) == 0 {
		return
	}
	first := &eps[0]
	w.dur.setPeriod(first)
	if start := first.Start; w.inWindow(start) {
		ri := cl.Route(first, ch.UASC && (ch.DUC.IsZero() || ch.DUC.After(first.Start.Time())))
		y := w.ageYear(start)
		re := &c.Routes[ri]
		re.Entries++
		re.AgeProfile[y]++
		re.FirstPlacement[w.bandOfYear[y]*K+cl.Category(first.Place.String(), first.Provider.String())]++
		w.monthly[ri*c.Months+int(start.Month()-w.from)]++
	}
	prev := -1
	for i := range eps {
		e := &eps[i]
		k := cl.Category(e.Place.String(), e.Provider.String())
		from, to := e.Start, e.End
		if to == NoDay || to > periodEnd {
			to = periodEnd
		}
		if prev >= 0 && k != prev && isMove(e.RNE) && w.inWindow(from) && from < w.bounds[B] {
			c.Move[(w.bandOfYear[w.ageYear(from)]*K+prev)*K+k].Events++
			w.moveClass[w.dur.classOf(from)]++
		}
		prev = k
		if from <= w.stockDay && (to == NoDay || to > w.stockDay) { // in care on the stock day
			if a := w.stockAge; a >= 0 && a < model.NAges {
				c.Initial[a*K+k]++
				c.Children++
				w.countStock(a, k)
			}
		}
		w.expose(k, from, to)
	}
	last := &eps[len(eps)-1]
	if end := periodEnd; w.inWindow(end) {
		reason := cl.Reason(last.REC.String(), ch.DOB, end.Time())
		if reason == len(cl.reasons) {
			c.AgedOut++
		} else {
			c.Exit[(reason*B+w.bandOfYear[w.ageYear(end)])*K+prev].Events++
			w.exitClass[reason*w.dur.classes+w.dur.classOf(end)]++
		}
	}
}

// expose adds the days in the window of an episode of category k from day
// from to day to (NoDay while open), band by band, up to the 18th
// birthday, and within a band duration class by duration class.
func (w *calibrating) expose(k int, from, to Day) {
	K, B := len(w.cl.cats), len(w.bands)
	if to == NoDay || to > w.winEnd {
		to = w.winEnd
	}
	from = max(from, w.winStart)
	for b := 0; b < B && from < to; b++ {
		lo, hi := max(from, w.bounds[b]), min(to, w.bounds[b+1])
		for _, s := range w.dur.segs {
			if l, h := max(lo, s.from), min(hi, s.to); l < h {
				w.exposure[(s.class*B+b)*K+k] += float64(h - l)
			}
		}
	}
}

// credible blends a cell's raw rate with its parent's by credibility.
func credible(events, years, parent, k float64) Estimate {
	e := Estimate{Events: events, Years: years, Parent: parent, Observed: years > 0}
	if years > 0 {
		e.Raw = events / years
	}
	e.Weight = years / (years + k)
	e.Rate = e.Weight*e.Raw + (1-e.Weight)*parent
	return e
}

// shrink turns event counts and exposure into credibility-weighted rates:
// each exit cell towards the same reason and category over all ages,
// itself towards the reason over every category and age; each move cell
// towards the same move over all ages, itself towards moves into the same
// category from every category. Exposure is the child-years weighted by
// the duration factors (x). A move into a placement that no child of the
// band was in during the window is 0 (Estimate.Unseen).
func (c *Calibration) shrink(x *classYears, K, B, R int, k float64) {
	for r := 0; r < R; r++ {
		c.shrinkExits(r, func(cell int) float64 { return x.exit(r, cell) }, K, B, k)
	}
	c.shrinkMoves(x, K, B, k)
}

// shrinkExits sets the rates of exit reason r from its events and the
// exposure years gives of each [band][category] cell.
func (c *Calibration) shrinkExits(r int, years func(cell int) float64, K, B int, k float64) {
	catYears := make([]float64, K) // all ages
	catEvents := make([]float64, K)
	var allYears, all float64
	for b := 0; b < B; b++ {
		for i := 0; i < K; i++ {
			y := years(b*K + i)
			catYears[i] += y
			allYears += y
			ev := c.Exit[(r*B+b)*K+i].Events
			catEvents[i] += ev
			all += ev
		}
	}
	top := 0.0
	if allYears > 0 {
		top = all / allYears
	}
	for i := 0; i < K; i++ {
		parent := credible(catEvents[i], catYears[i], top, k).Rate
		for b := 0; b < B; b++ {
			cell := &c.Exit[(r*B+b)*K+i]
			*cell = credible(cell.Events, years(b*K+i), parent, k)
		}
	}
}

// shrinkMoves sets the move rates.
func (c *Calibration) shrinkMoves(x *classYears, K, B int, k float64) {
	catYears := make([]float64, K) // all ages, weighted by the move factors
	var allYears float64
	bandYears := make([]float64, B) // not weighted
	for b := 0; b < B; b++ {
		for i := 0; i < K; i++ {
			y := x.move(b*K + i)
			catYears[i] += y
			allYears += y
		}
		bandYears[b] = floats.Sum(x.raw[b*K : (b+1)*K])
	}
	into := make([]float64, K)
	pair := make([]float64, K*K)
	bandInto := make([]float64, B*K) // [band][to]
	for b := 0; b < B; b++ {
		for i := 0; i < K; i++ {
			for j := 0; j < K; j++ {
				if i != j {
					ev := c.Move[(b*K+i)*K+j].Events
					into[j] += ev
					pair[i*K+j] += ev
					bandInto[b*K+j] += ev
				}
			}
		}
	}
	for i := 0; i < K; i++ {
		for j := 0; j < K; j++ {
			if i == j {
				continue
			}
			top := 0.0
			if others := allYears - catYears[j]; others > 0 {
				top = into[j] / others
			}
			parent := credible(pair[i*K+j], catYears[i], top, k).Rate
			for b := 0; b < B; b++ {
				cell := &c.Move[(b*K+i)*K+j]
				*cell = credible(cell.Events, x.move(b*K+i), parent, k)
				if x.raw[b*K+j] == 0 && bandInto[b*K+j] == 0 && bandYears[b] >= UnseenEvidence*k {
					cell.Rate, cell.Unseen = 0, true
				}
			}
		}
	}
}

// entries works out each route's entries a month, trend and mixes.
func (c *Calibration) entries(monthly []float64, K, B int, prior float64) {
	all := make([]float64, B*K)
	for _, re := range c.Routes {
		for i, v := range re.FirstPlacement {
			all[i] += v
		}
	}
	for ri := range c.Routes {
		re := &c.Routes[ri]
		re.PerMonth = re.Entries / float64(c.Months)
		re.Trend, re.TrendSE = poissonTrend(monthly[ri*c.Months : (ri+1)*c.Months])
		for b := 0; b < B; b++ {
			row, base := re.FirstPlacement[b*K:(b+1)*K], all[b*K:(b+1)*K]
			var total float64
			for _, v := range base {
				total += v
			}
			if total == 0 {
				continue
			}
			for i := range row {
				row[i] += prior * base[i] / total
			}
		}
	}
}

// poissonTrend fits log E[y_t] = a + b·t to monthly counts by maximum
// likelihood (Newton's method) and returns the growth a year, e^(12b) − 1,
// and the standard error of 12b. Too few counts give 0, +Inf.
func poissonTrend(y []float64) (growth, se float64) {
	n := len(y)
	var total float64
	for _, v := range y {
		total += v
	}
	if n < 6 || total < 10 {
		return 0, math.Inf(1)
	}
	a, b := math.Log(total/float64(n)), 0.0
	var iaa, iab, ibb float64
	for iter := 0; iter < 50; iter++ {
		var ga, gb float64
		iaa, iab, ibb = 0, 0, 0
		for t, v := range y {
			x := float64(t) - float64(n-1)/2
			mu := math.Exp(a + b*x)
			ga += v - mu
			gb += (v - mu) * x
			iaa += mu
			iab += mu * x
			ibb += mu * x * x
		}
		det := iaa*ibb - iab*iab
		if det <= 0 {
			return 0, math.Inf(1)
		}
		da := (ibb*ga - iab*gb) / det
		db := (iaa*gb - iab*ga) / det
		a += da
		b += db
		if math.Abs(da) < 1e-12 && math.Abs(db) < 1e-12 {
			break
		}
	}
	se = 12 * math.Sqrt(iaa/(iaa*ibb-iab*iab))
	return math.Exp(12*b) - 1, se
}

// Params turns the calibration into a projection's parameters: the names,
// age bands, horizon and unit costs of tmpl (whose categories, bands,
// routes and reasons it was calibrated with), the calibrated rates, entries
// and stock, starting at Options.Start, with no trend and no changes; and
// as its Evidence the events and child-years behind each exit and move
// rate, and the entries and months behind each route's entries a month.
func (c *Calibration) Params(tmpl *model.Params) *model.Params {
	ev := &model.Evidence{
		Exit:    make([]model.Count, len(c.Exit)),
		Move:    make([]model.Count, len(c.Move)),
		Entries: make([]model.Count, len(c.Routes)),
	}
	for i, e := range c.Exit {
		ev.Exit[i] = model.Count{Events: e.Events, Exposure: e.Years}
	}
	K := len(tmpl.Categories)
	for i, e := range c.Move {
		if i/K%K != i%K { // not the diagonal
			ev.Move[i] = model.Count{Events: e.Events, Exposure: e.Years}
		}
	}
	for i, re := range c.Routes {
		ev.Entries[i] = model.Count{Events: re.Entries, Exposure: float64(c.Months)}
	}
	p := &model.Params{
		Start:      c.Options.Start,
		Horizon:    tmpl.Horizon,
		Categories: tmpl.Categories,
		Bands:      tmpl.Bands,
		Reasons:    tmpl.Reasons,
		Exit:       make([]float64, len(c.Exit)),
		Move:       make([]float64, len(c.Move)),
		Initial:    append([]float64(nil), c.Initial...),
		Costs:      tmpl.Costs,
		Evidence:   ev,
	}
	for i, e := range c.Exit {
		p.Exit[i] = e.Rate
	}
	for i, e := range c.Move {
		if i/K%K != i%K { // not the diagonal
			p.Move[i] = e.Rate
		}
	}
	c.durationParams(p)
	for ri, re := range c.Routes {
		p.Routes = append(p.Routes, model.Route{
			Name:           tmpl.Routes[ri].Name,
			PerMonth:       re.PerMonth,
			AgeProfile:     re.AgeProfile,
			FirstPlacement: append([]float64(nil), re.FirstPlacement...),
		})
	}
	return p
}
