package pipeline

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/model/backtest"
	"github.com/carecast/carecast/scenarios"
)

// ActualsVsOptions set up the comparison of a saved forecast with the
// actuals since.
type ActualsVsOptions struct {
	// Forecast is a projection.csv that carecast run wrote.
	Forecast string
	Source   Source
	// Scenario gives the categories, bands and code mapping to count with.
	Scenario string
}

// ActualsVs is a saved forecast set against the actuals since: one
// origin, the month before the forecast's first, with the forecast as
// its one method, "forecast".
type ActualsVs struct {
	Returns Returns
	Origin  backtest.Origin
}

// CompareActuals reads a saved projection and the returns, and counts the
// children in care at each month end of the projection the returns cover.
func CompareActuals(o ActualsVsOptions) (*ActualsVs, error) {
	f, err := os.Open(o.Forecast)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	first, fc, err := ReadProjection(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", o.Forecast, err)
	}
	s, err := scenarios.Load(o.Scenario)
	if err != nil {
		return nil, err
	}
	a := &ActualsVs{Origin: backtest.Origin{Month: first - 1, Forecasts: []backtest.Forecast{fc}}}
	o.Source.Classifier = s.Classifier()
	if a.Returns, err = Read(o.Source); err != nil {
		return a, err
	}
	cov := a.Returns.Coverage
	last := min(first+model.Month(len(fc.Values))-1, cov.Last())
	if miss := cov.Missing(first, last); len(miss) > 0 {
		last = miss[0].First - 1
	}
	if last < first {
		return a, fmt.Errorf("the returns in %s cover %s, none of the forecast's months from %s: nothing to compare yet", o.Source, cov, first)
	}
	res, err := Count(a.Returns.Returns, s, Span{First: first, Last: last})
	if err != nil {
		return a, err
	}
	a.Origin.Actual = res.InCare
	return a, nil
}

// ReadProjection reads the month and in_care columns of a projection.csv
// (and in_care_p10 and in_care_p90, a band, if both are there): its first
// month and the forecast, method "forecast". The months must follow on
// one from another; an error names the line and column.
func ReadProjection(r io.Reader) (model.Month, backtest.Forecast, error) {
	cr := csv.NewReader(r)
	head, err := cr.Read()
	if err != nil {
		return 0, backtest.Forecast{}, fmt.Errorf("no header: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimSpace(h)] = i
	}
	_, hasMonth := col["month"]
	_, hasInCare := col["in_care"]
	if !hasMonth || !hasInCare {
		return 0, backtest.Forecast{}, errors.New("line 1: want the columns month and in_care of a projection.csv that carecast run wrote")
	}
	_, p10 := col["in_care_p10"]
	_, p90 := col["in_care_p90"]
	return readRows(cr, col, p10 && p90)
}

// readRows reads the rows of a projection after its header.
func readRows(cr *csv.Reader, col map[string]int, banded bool) (model.Month, backtest.Forecast, error) {
	fc := backtest.Forecast{Method: "forecast"}
	var first model.Month
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, fc, err
		}
		m, err := model.ParseMonth(field(rec, col["month"]))
		if err != nil {
			return 0, fc, fmt.Errorf("line %d: month: %w", line, err)
		}
		if first == 0 {
			first = m
		}
		if want := first + model.Month(len(fc.Values)); m != want {
			return 0, fc, fmt.Errorf("line %d: month %s: want %s, the month after the line before", line, m, want)
		}
		if err := appendCounts(&fc, rec, col, banded, line); err != nil {
			return 0, fc, err
		}
		if len(fc.Values) > model.MaxHorizon {
			return 0, fc, fmt.Errorf("line %d: more than %d months", line, model.MaxHorizon)
		}
	}
	if len(fc.Values) == 0 {
		return 0, fc, errors.New("no months after the header")
	}
	return first, fc, nil
}

// appendCounts adds a row's in_care (and band) to fc.
func appendCounts(fc *backtest.Forecast, rec []string, col map[string]int, banded bool, line int) error {
	names := []string{"in_care"}
	if banded {
		names = append(names, "in_care_p10", "in_care_p90")
	}
	dst := []*[]float64{&fc.Values, &fc.P10, &fc.P90}
	for i, name := range names {
		s := field(rec, col[name])
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || !(v >= 0 && v <= 1e9) {
			return fmt.Errorf("line %d: %s %q: want a number of children", line, name, s)
		}
		*dst[i] = append(*dst[i], v)
	}
	return nil
}

// field is rec[i], trimmed, or "" if the row is short.
func field(rec []string, i int) string {
	if i < len(rec) {
		return strings.TrimSpace(rec[i])
	}
	return ""
}
