// Package backtest measures how close forecasts of the children in care
// came to the numbers that followed, and makes the two forecasts every
// analyst sets a model against.
//
// A backtest stands at an origin, the last month whose returns a forecast
// may use, and forecasts the month-end number in care h = 1, 2, … months
// after it. Each forecast month set against its actual is a Point; Measure
// summarises points as
//
//	MAPE  = mean over points of |f − a| / a, in per cent
//	MAE   = mean of |f − a|, in children
//	bias  = mean of f − a (positive: the forecast was too high), in
//	        children, and as a per cent of the actual, mean of (f − a)/a
//	coverage80 = the share of actuals inside [p10, p90], over the points
//	        that have a band
//
// A point whose actual is 0 has no percentage error: it counts in MAE and
// bias but is left out of MAPE and the percentage bias (Accuracy.NoPercent
// says how many were). Horizon groups points by how far ahead they are:
// each month ahead, or bands of months (1–12, 13–24).
//
// The baselines are NaiveLast, the last actual before the origin held
// flat, and LinearTrend, a least-squares straight line through the
// month-end counts of the reference months, carried on. TrendLevel turns a
// window's mean entries a month and a growth fitted to them into the
// entries of the month after the window, so that a fitted trend can be
// applied from where the window ends rather than from its middle.
//
// The package is pure: no files, clock or randomness.
package backtest
