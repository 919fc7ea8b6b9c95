package pipeline

import (
	"errors"
	"fmt"
	"math"

	"github.com/carecast/carecast/data"
	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/model/backtest"
	"github.com/carecast/carecast/scenarios"
)

// The methods of a backtest, in the order of its forecasts.
const (
	// Carecast is the scenario calibrated on the reference window, as
	// carecast calibrate writes it: no entry trend.
	Carecast = "carecast"
	// CarecastTrend is that scenario with the entry trend calibrate fits to
	// each route (and reports, but does not apply) applied from the
	// entries the fit gives the month after the window.
	CarecastTrend = "carecast_trend"
	// NaiveLast holds the count at the origin flat.
	NaiveLast = "naive_last"
	// LinearTrend is a straight line through the reference months' counts.
	LinearTrend = "linear_trend"
	// CarecastDurations is the scenario calibrated with exits that depend
	// on time in care (BacktestOptions.Durations), beside the
	// duration-blind carecast.
	CarecastDurations = "carecast_durations"
)

// Methods are the methods every backtest compares, in order.
var Methods = []string{Carecast, CarecastTrend, NaiveLast, LinearTrend}

// Bander gives a projection's 80% band: the 10th and 90th percentiles of
// the children in care at each month end, as long as the projection. The
// Monte Carlo engine is to provide one; without it a backtest has no bands.
type Bander interface {
	Band(p *model.Params) (p10, p90 []float64, err error)
}

// BacktestOptions set up a backtest.
type BacktestOptions struct {
	Source Source
	// Scenario gives the names, bands, unit costs and code mapping.
	Scenario string
	// Origins are the last months of each reference window.
	Origins []model.Month
	// Reference is the months calibrated, ending at each origin; Horizon
	// the months forecast after it.
	Reference, Horizon int
	// Bands, if not nil, gives the carecast forecasts their 80% bands.
	Bands Bander
	// Durations, if not empty, are the months in care at which duration
	// classes begin: the backtest then also forecasts by
	// carecast_durations, whose exit rates depend on time in care (without
	// a band: the Monte Carlo runs do not follow durations yet).
	Durations []int
	// Adjust, if not nil, changes the calibrated parameters of carecast
	// and carecast_durations before they project (a measurement sets the
	// future entries to their true rate with it, so that only the rates of
	// leaving differ).
	Adjust func(*model.Params)
}

// Methods are the methods the backtest o compares, in order.
func (o BacktestOptions) Methods() []string {
	if len(o.Durations) > 0 {
		return append(Methods[:2:2], append([]string{CarecastDurations}, Methods[2:]...)...)
	}
	return Methods
}

// Backtest is forecasts from past origins set against the actuals that
// followed.
type Backtest struct {
	Scenario *scenarios.Scenario
	Returns  Returns
	Origins  []backtest.Origin
	// Trends are, by origin, the growth of all entries a year that
	// carecast_trend applied: each route's fitted growth weighted by its
	// entries.
	Trends []float64
	// Warnings say what was short: origins whose horizon runs past the
	// returns.
	Warnings []string
}

// RunBacktest reads returns and backtests the methods on them.
func RunBacktest(o BacktestOptions) (*Backtest, error) {
	s, err := scenarios.Load(o.Scenario)
	if err != nil {
		return nil, err
	}
	o.Source.Classifier = s.Classifier()
	ret, err := Read(o.Source)
	if err != nil {
		return &Backtest{Returns: ret}, err
	}
	b, err := BacktestReturns(ret.Returns, s, o)
	if b != nil {
		b.Returns = ret
	}
	return b, err
}

// BacktestReturns backtests the methods on returns already read: for each
// origin it calibrates on the reference window ending there, forecasts
// the months after it and counts the actuals the returns hold for them.
func BacktestReturns(ret *data.Returns, s *scenarios.Scenario, o BacktestOptions) (*Backtest, error) {
	if err := o.check(ret.Coverage); err != nil {
		return nil, err
	}
	b := &Backtest{Scenario: s}
	for _, origin := range o.Origins {
		last, warn, err := actualMonths(ret.Coverage, origin, o.Horizon)
		if err != nil {
			return nil, err
		}
		if warn != "" {
			b.Warnings = append(b.Warnings, warn)
		}
		bo, trend, err := forecastFrom(ret, s, origin, o)
		if err != nil {
			return nil, err
		}
		actual, err := Count(ret, s, Span{First: origin + 1, Last: last})
		if err != nil {
			return nil, fmt.Errorf("origin %s: counting the actuals: %w", origin, err)
		}
		bo.Actual = actual.InCare
		b.Origins, b.Trends = append(b.Origins, bo), append(b.Trends, trend)
	}
	return b, nil
}

// check rejects settings that cannot make a backtest, and origins whose
// reference window the returns do not cover.
func (o BacktestOptions) check(cov data.Coverage) error {
	switch {
	case len(o.Origins) == 0:
		return errors.New("--origins: name at least one month, e.g. 2021-03")
	case o.Reference < 12 || o.Reference > 240:
		return fmt.Errorf("--reference %d: want 12 to 240 months (36 is usual)", o.Reference)
	case o.Horizon < 1 || o.Horizon > model.MaxHorizon:
		return fmt.Errorf("--horizon %d: want 1 to %d months", o.Horizon, model.MaxHorizon)
	case !cov.Known():
		return errors.New("the months the returns cover are not known, so no origin can be checked against them")
	}
	for _, origin := range o.Origins {
		if origin > cov.Last() {
			return fmt.Errorf("--origins %s: after the returns end in %s, so no actual follows it (they cover %s)", origin, cov.Last(), cov)
		}
		from := origin - model.Month(o.Reference) + 1
		if err := cov.Check(from, origin); err != nil {
			return fmt.Errorf("--origins %s: its reference window, the %d months %s to %s (--reference): %w", origin, o.Reference, from, origin, err)
		}
	}
	return nil
}

// actualMonths is the last month after origin, at most horizon months on,
// whose actuals the returns hold without a gap, and a warning if that is
// short of the horizon.
func actualMonths(cov data.Coverage, origin model.Month, horizon int) (model.Month, string, error) {
	last := min(origin+model.Month(horizon), cov.Last())
	if miss := cov.Missing(origin+1, last); len(miss) > 0 {
		last = miss[0].First - 1
	}
	if last <= origin {
		return 0, "", fmt.Errorf("--origins %s: the returns hold no month after it (they cover %s)", origin, cov)
	}
	n := int(last - origin)
	if n == horizon {
		return last, "", nil
	}
	return last, fmt.Sprintf("origin %s: the returns hold %s after it, to %s, not the %d of the horizon: its accuracy is measured on those",
		origin, monthsText(n), last, horizon), nil
}

// monthsText is "1 month" or "n months".
func monthsText(n int) string {
	if n == 1 {
		return "1 month"
	}
	return fmt.Sprintf("%d months", n)
}

// forecastFrom counts the reference months before origin, calibrates on
// them and forecasts the horizon after it by every method. Nothing after
// origin is read: the counts, the calibration and the starting stock all
// end at origin. It returns the entries' growth carecast_trend applied.
func forecastFrom(ret *data.Returns, s *scenarios.Scenario, origin model.Month, o BacktestOptions) (backtest.Origin, float64, error) {
	from := origin - model.Month(o.Reference) + 1
	bo := backtest.Origin{Month: origin}
	hist, err := Count(ret, s, Span{First: from, Last: origin})
	if err != nil {
		return bo, 0, fmt.Errorf("origin %s: counting the reference months: %w", origin, err)
	}
	bo.History = hist.InCare
	cal, err := data.Calibrate(ret, s.Classifier(), s.Params.Bands, data.CalibrateOptions{From: from, To: origin, DurationBounds: []int{}})
	if err != nil {
		return bo, 0, fmt.Errorf("origin %s: %w", origin, err)
	}
	p := scenarios.Calibrated{Template: s, Cal: cal, Horizon: o.Horizon}.Params()
	if o.Adjust != nil {
		o.Adjust(p)
	}
	trended, growth := withTrend(p, cal)
	for _, q := range []*model.Params{p, trended} {
		f, err := projectBanded(q, o.Bands)
		if err != nil {
			return bo, 0, fmt.Errorf("origin %s: %w", origin, err)
		}
		bo.Forecasts = append(bo.Forecasts, f)
	}
	bo.Forecasts[0].Method, bo.Forecasts[1].Method = Carecast, CarecastTrend
	if len(o.Durations) > 0 {
		f, err := durationForecast(ret, s, from, origin, o)
		if err != nil {
			return bo, 0, err
		}
		bo.Forecasts = append(bo.Forecasts, f)
	}
	bo.Forecasts = append(bo.Forecasts,
		backtest.Forecast{Method: NaiveLast, Values: backtest.NaiveLast(bo.History, o.Horizon)},
		backtest.Forecast{Method: LinearTrend, Values: backtest.LinearTrend(bo.History, o.Horizon)})
	return bo, growth, nil
}

// durationForecast is carecast_durations' forecast from origin: the
// scenario calibrated on the same months with exits by time in care.
func durationForecast(ret *data.Returns, s *scenarios.Scenario, from, origin model.Month, o BacktestOptions) (backtest.Forecast, error) {
	cal, err := data.Calibrate(ret, s.Classifier(), s.Params.Bands, data.CalibrateOptions{From: from, To: origin, DurationBounds: o.Durations})
	if err != nil {
		return backtest.Forecast{}, fmt.Errorf("origin %s, with durations: %w", origin, err)
	}
	p := scenarios.Calibrated{Template: s, Cal: cal, Horizon: o.Horizon}.Params()
	if o.Adjust != nil {
		o.Adjust(p)
	}
	f, err := projectBanded(p, nil)
	if err != nil {
		return f, fmt.Errorf("origin %s, with durations: %w", origin, err)
	}
	f.Method = CarecastDurations
	return f, nil
}

// projectBanded forecasts the children in care at each month end of p, with its
// band if bands is not nil.
func projectBanded(p *model.Params, bands Bander) (backtest.Forecast, error) {
	res, err := model.Project(p)
	if err != nil {
		return backtest.Forecast{}, err
	}
	f := backtest.Forecast{Values: res.InCare}
	if bands != nil {
		if f.P10, f.P90, err = bands.Band(p); err != nil {
			return f, err
		}
		if len(f.P10) != res.Months || len(f.P90) != res.Months {
			return f, fmt.Errorf("a band of %d and %d months for a projection of %d", len(f.P10), len(f.P90), res.Months)
		}
	}
	return f, nil
}

// withTrend is p with the entry trend of the calibration applied to
// every route: the growth a year of all entries, the growths calibrate
// fits to each route weighted by the route's entries (routes with too few
// entries to fit one left out), held within −50% and model.MaxTrend. Each
// route grows from the entries that growth gives the month after the
// window (backtest.TrendLevel). One growth for all routes, rather than
// each route's own, keeps a small route's wild fit (a handful of remands
// fitted at +150% a year) from running away. It returns the growth.
func withTrend(p *model.Params, cal *data.Calibration) (*model.Params, float64) {
	var sum, weight float64
	for _, re := range cal.Routes {
		if !math.IsInf(re.TrendSE, 0) && !math.IsNaN(re.Trend) {
			sum += re.Trend * re.Entries
			weight += re.Entries
		}
	}
	q := *p
	if weight == 0 {
		return &q, 0
	}
	g := math.Max(-0.5, math.Min(model.MaxTrend, sum/weight))
	q.Routes = append([]model.Route(nil), p.Routes...)
	for i := range q.Routes {
		q.Routes[i].Trend = g
		q.Routes[i].PerMonth = backtest.TrendLevel(q.Routes[i].PerMonth, cal.Months, g)
	}
	return &q, g
}
