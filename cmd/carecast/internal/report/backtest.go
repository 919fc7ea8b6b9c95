package report

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/model/backtest"
)

// optional is a count, or an empty cell when there is none (a Text column,
// so that a CSV leaves it blank rather than write 0).
func optional(v float64, ok bool) Cell {
	if !ok {
		return text("")
	}
	return text(Count.Format(value(v)))
}

// Backtest is the table of backtest.csv: one row an origin, method and
// month ahead, with the forecast, its 80% band (blank without one) and the
// actual (blank where the returns end before the month).
func Backtest(origins []backtest.Origin) Table {
	t := Table{Name: "backtest", Columns: []Column{
		{"origin", Month}, {"month", Month}, {"horizon", Whole}, {"method", Text},
		{"forecast", Count}, {"p10", Text}, {"p90", Text}, {"actual", Text},
	}}
	for _, o := range origins {
		for _, f := range o.Forecasts {
			for h, v := range f.Values {
				row := []Cell{month(o.Month), month(o.Month + model.Month(h+1)), value(float64(h + 1)), text(f.Method), value(v)}
				row = append(row, bandCells(f, h)...)
				t.Rows = append(t.Rows, append(row, optional(at(o.Actual, h))))
			}
		}
	}
	return t
}

// bandCells are the p10 and p90 cells of month h of f.
func bandCells(f backtest.Forecast, h int) []Cell {
	if !f.Banded() {
		return []Cell{text(""), text("")}
	}
	return []Cell{optional(f.P10[h], true), optional(f.P90[h], true)}
}

// at is s[i] and true, or 0 and false past its end.
func at(s []float64, i int) (float64, bool) {
	if i < len(s) {
		return s[i], true
	}
	return 0, false
}

// Accuracy is the table of accuracy.csv: for each method, the accuracy of
// each month ahead that has an actual, then of each year ahead (1-12,
// 13-24, …) and of all the months. mape and bias_pct are per cent;
// coverage80 (the share of actuals inside the 80% band) is blank without
// bands.
func Accuracy(methods []string, origins []backtest.Origin, horizon int) Table {
	t := Table{Name: "accuracy", Columns: []Column{
		{"method", Text}, {"horizon", Text}, {"mape", Count}, {"mae", Count},
		{"bias", Count}, {"bias_pct", Count}, {"coverage80", Text}, {"n", Whole},
	}}
	for _, m := range methods {
		pts := backtest.Pool(origins, m)
		for h, a := range backtest.ByHorizon(pts, horizon) {
			t.Rows = appendAccuracy(t.Rows, m, strconv.Itoa(h+1), a)
		}
		for _, r := range append(backtest.Bands(horizon), backtest.Range{From: 1, To: horizon}) {
			t.Rows = appendAccuracy(t.Rows, m, RangeLabel(r), backtest.Measure(backtest.Within(pts, r)))
		}
	}
	return t
}

// RangeLabel names months ahead: "1-12".
func RangeLabel(r backtest.Range) string { return fmt.Sprintf("%d-%d", r.From, r.To) }

// appendAccuracy adds a row of accuracy, unless it measured nothing.
func appendAccuracy(rows [][]Cell, method, horizon string, a backtest.Accuracy) [][]Cell {
	if a.N == 0 {
		return rows
	}
	return append(rows, []Cell{text(method), text(horizon), value(a.MAPE), value(a.MAE), value(a.Bias),
		value(a.BiasPercent), optional(a.Coverage80, a.Banded > 0), value(float64(a.N))})
}

// BacktestSummary is what the terminal says of a backtest.
type BacktestSummary struct {
	Methods            []string
	Origins            []backtest.Origin
	Reference, Horizon int
	// Trends are, by origin, the entries' growth a year carecast_trend
	// applied (nil: none shown).
	Trends []float64
	// Describe says in a few words what a method is.
	Describe func(method string) string
}

// PrintBacktest prints the accuracy of each method by year ahead, then
// which method came closest on this council's history, in words.
func PrintBacktest(w io.Writer, s BacktestSummary) {
	months := make([]string, len(s.Origins))
	for i, o := range s.Origins {
		months[i] = o.Month.String()
	}
	fmt.Fprintf(w, "Backtest of the children in care at each month end, from %s (%s), each calibrated on the %d months to it, %d months ahead\n",
		plural(len(s.Origins), "origin", "origins"), strings.Join(months, ", "), s.Reference, s.Horizon)
	if len(s.Trends) > 0 {
		trends := make([]string, len(s.Trends))
		for i, g := range s.Trends {
			trends[i] = fmt.Sprintf("%+.1f%% a year from %s", 100*g, months[i])
		}
		fmt.Fprintf(w, "  entries' fitted trend, applied by carecast_trend: %s\n", strings.Join(trends, ", "))
	}
	printAccuracyTable(w, s)
	printBest(w, s)
}

// printAccuracyTable prints, for each method, the mean absolute % error
// and the bias of each year ahead, and the 80% coverage if banded.
func printAccuracyTable(w io.Writer, s BacktestSummary) {
	ranges := append(backtest.Bands(s.Horizon), backtest.Range{From: 1, To: s.Horizon})
	width := len("months ahead") + 4
	for _, m := range s.Methods {
		width = max(width, len(m))
	}
	fmt.Fprintf(w, "\n  %-*s %-*s   %s\n", width, "", 8*len(ranges), " mean absolute error", "bias, forecast − actual")
	fmt.Fprintf(w, "  %-*s", width, "months ahead")
	for _, r := range ranges {
		fmt.Fprintf(w, " %7s", RangeLabel(r))
	}
	fmt.Fprintf(w, "   %8s %8s\n", RangeLabel(ranges[0]), RangeLabel(ranges[len(ranges)-1]))
	for _, m := range s.Methods {
		pts := backtest.Pool(s.Origins, m)
		fmt.Fprintf(w, "  %-*s", width, m)
		for _, r := range ranges {
			fmt.Fprintf(w, " %6.1f%%", backtest.Measure(backtest.Within(pts, r)).MAPE)
		}
		first, all := backtest.Measure(backtest.Within(pts, ranges[0])), backtest.Measure(pts)
		fmt.Fprintf(w, "   %+7.1f%% %+7.1f%%", first.BiasPercent, all.BiasPercent)
		if all.Banded > 0 {
			fmt.Fprintf(w, "   80%% band held %.0f%% of actuals", 100*all.Coverage80)
		}
		fmt.Fprintln(w)
	}
}

// printBest says which method came closest over all the months, and over
// each year ahead where another did.
func printBest(w io.Writer, s BacktestSummary) {
	best, mapes := closest(s, backtest.Range{From: 1, To: s.Horizon})
	var tied, others []string
	for i, m := range s.Methods {
		switch {
		case m == best:
		case fmt.Sprintf("%.1f", mapes[i]) == fmt.Sprintf("%.1f", mapes[slices.Index(s.Methods, best)]):
			tied = append(tied, m)
		default:
			others = append(others, fmt.Sprintf("%s %.1f%%", m, mapes[i]))
		}
	}
	who := fmt.Sprintf("%s (%s) came closest", best, describe(s, best))
	if len(tied) > 0 {
		who = fmt.Sprintf("%s and %s came equally close", best, strings.Join(tied, " and "))
	}
	fmt.Fprintf(w, "\nOn this council's own history %s: on average %.1f%% off the number in care over the months after each origin (%s).\n",
		who, mapes[slices.Index(s.Methods, best)], strings.Join(others, ", "))
	for _, r := range backtest.Bands(s.Horizon) {
		if b, m := closest(s, r); b != best && !slices.Contains(m, 0) {
			fmt.Fprintf(w, "Over %s months ahead %s came closest (%.1f%% off).\n", RangeLabel(r), b, m[slices.Index(s.Methods, b)])
		}
	}
	fmt.Fprintf(w, "From %s these are a few stretches of one council's history: a difference of a point or so may be chance.\n",
		plural(len(s.Origins), "origin", "origins"))
}

// closest is the method with the least MAPE over months r, and each
// method's MAPE there (0 with no actual).
func closest(s BacktestSummary, r backtest.Range) (string, []float64) {
	mapes := make([]float64, len(s.Methods))
	best := ""
	for i, m := range s.Methods {
		a := backtest.Measure(backtest.Within(backtest.Pool(s.Origins, m), r))
		mapes[i] = a.MAPE
		if a.N > 0 && (best == "" || a.MAPE < mapes[slices.Index(s.Methods, best)]) {
			best = m
		}
	}
	return best, mapes
}

// describe is s.Describe(method), or "" without one.
func describe(s BacktestSummary, method string) string {
	if s.Describe == nil {
		return method
	}
	return s.Describe(method)
}

// plural is n and the noun, in the singular for one.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// ActualsVs is the table of a saved forecast against the actuals since:
// one row a month that has both, with the forecast's band if it has one.
func ActualsVs(o backtest.Origin) Table {
	f := o.Forecasts[0]
	t := Table{Name: "actuals_vs", Columns: []Column{{"month", Month}, {"forecast", Count}}}
	if f.Banded() {
		t.Columns = append(t.Columns, Column{"p10", Count}, Column{"p90", Count})
	}
	t.Columns = append(t.Columns, Column{"actual", Count}, Column{"error", Count}, Column{"error_pct", Count})
	for _, p := range o.Points(f.Method) {
		row := []Cell{month(o.Month + model.Month(p.Horizon)), value(p.Forecast)}
		if p.Banded {
			row = append(row, value(p.P10), value(p.P90))
		}
		t.Rows = append(t.Rows, append(row, value(p.Actual), value(p.Forecast-p.Actual), value(pctError(p))))
	}
	return t
}

// pctError is a point's error as a per cent of its actual, 0 if that is 0.
func pctError(p backtest.Point) float64 {
	if p.Actual == 0 {
		return 0
	}
	return 100 * (p.Forecast - p.Actual) / p.Actual
}

// PrintActualsVs prints a saved forecast against the actuals since, month
// by month, and its accuracy over those months.
func PrintActualsVs(w io.Writer, o backtest.Origin) {
	f := o.Forecasts[0]
	pts := o.Points(f.Method)
	fmt.Fprintf(w, "The forecast from %s against the actual children in care at each month end, %s to %s:\n\n",
		o.Month+1, o.Month+1, o.Month+model.Month(len(pts)))
	fmt.Fprintf(w, "  %-8s %9s %9s %9s %8s\n", "month", "forecast", "actual", "error", "error %")
	for _, p := range pts {
		fmt.Fprintf(w, "  %-8s %9.1f %9.0f %+9.1f %+7.1f%%\n", o.Month+model.Month(p.Horizon), p.Forecast, p.Actual, p.Forecast-p.Actual, pctError(p))
	}
	a := backtest.Measure(pts)
	fmt.Fprintf(w, "\nOver %s the forecast was on average %.1f%% off (%.1f children); on average it was %s by %.1f children (%+.1f%%).\n",
		plural(a.N, "month", "months"), a.MAPE, a.MAE, highLow(a.Bias), abs(a.Bias), a.BiasPercent)
	if a.Banded > 0 {
		fmt.Fprintf(w, "Its 80%% band held the actual in %.0f%% of the months.\n", 100*a.Coverage80)
	}
	switch n := len(f.Values) - len(pts); {
	case n == 1:
		fmt.Fprintln(w, "The returns do not reach its last month yet.")
	case n > 1:
		fmt.Fprintf(w, "The returns do not reach its last %d months yet.\n", n)
	}
}

// highLow says which way a forecast erred.
func highLow(bias float64) string {
	if bias < 0 {
		return "low"
	}
	return "high"
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}
