package target

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/model/compare"
)

// Check reports whether the target can be measured on r: its category is
// one of r's, its month inside the projection, its financial year wholly
// inside it. Errors quote the target's text.
func (t Target) Check(r *model.Result) error {
	if err := t.check(r); err != nil {
		return fmt.Errorf("target %q: %w", t.Text, err)
	}
	return nil
}

func (t Target) check(r *model.Result) error {
	if err := compare.Check(r); err != nil {
		return err
	}
	first, last := r.Start, r.Start+model.Month(r.Months-1)
	span := fmt.Sprintf("the projection runs from %v to %v", first, last)
	if r.Months == 0 {
		span = "the projection has no months"
	}
	switch {
	case t.Category != "" && !slices.Contains(r.Categories, t.Category):
		return fmt.Errorf("no category %q in the projection (its categories: %s)", t.Category, strings.Join(r.Categories, ", "))
	case t.Yearly():
		april := model.MonthOf(t.Year, time.April)
		if r.Months == 0 || april < first || april+11 > last {
			return fmt.Errorf("financial year %s is not wholly inside the projection: %s", model.FinancialYearLabel(t.Year), span)
		}
	case r.Months == 0 || t.By < first || t.By > last:
		return fmt.Errorf("%v is outside the projection: %s", t.By, span)
	}
	return nil
}

// Outcome is how a projection stands against a target.
type Outcome struct {
	Target Target
	// Value is the metric at the end of month By, or over financial year Year.
	Value float64
	Met   bool
	// Margin is how far Value is on the met side of the target, in the
	// metric's units (children or £): positive when met with room to spare.
	Margin float64
	// First is, if HasFirst, the first month from which the target is met
	// and stays met to the end of the projection; for a financial year's
	// target, the April of the first whole year from which every whole year
	// meets it.
	First    model.Month
	HasFirst bool
	// MetByMonth is whether each month of the projection meets a month's
	// target; nil for a financial year's.
	MetByMonth []bool
}

// Evaluate measures r against t. base is the scenario a saving is measured
// against; it must be given for a saving target and is not used otherwise.
func Evaluate(t Target, r, base *model.Result) (Outcome, error) {
	if err := t.Check(r); err != nil {
		return Outcome{}, err
	}
	if t.Metric == Saving && base == nil {
		return Outcome{}, fmt.Errorf("target %q: a saving is against a base scenario: compare the projection with one", t.Text)
	}
	years, values, err := t.series(r, base)
	if err != nil {
		return Outcome{}, fmt.Errorf("target %q: %w", t.Text, err)
	}
	at := int(t.By - r.Start)
	if t.Yearly() {
		at = slices.Index(years, t.Year)
	}
	o := Outcome{Target: t, Value: values[at]}
	o.Met = t.Op.Holds(o.Value, t.Value)
	o.Margin = t.Op.margin(o.Value, t.Value)
	met := make([]bool, len(values))
	for i, v := range values {
		met[i] = t.Op.Holds(v, t.Value)
	}
	from := metFrom(met)
	if o.HasFirst = from < len(met); o.HasFirst {
		o.First = r.Start + model.Month(from)
		if t.Yearly() {
			o.First = model.MonthOf(years[from], time.April)
		}
	}
	if !t.Yearly() {
		o.MetByMonth = met
	}
	return o, nil
}

// metFrom is the first index from which every value is met; len(met) if
// the last is not.
func metFrom(met []bool) int {
	from := len(met)
	for from > 0 && met[from-1] {
		from--
	}
	return from
}

// series is the metric in every month, or in every whole financial year
// (years gives which).
func (t Target) series(r, base *model.Result) (years []int, values []float64, err error) {
	switch t.Metric {
	case InCare:
		if t.Category == "" {
			return nil, r.InCare, nil
		}
		k := slices.Index(r.Categories, t.Category)
		values = make([]float64, r.Months)
		for m := range values {
			values[m] = r.CategoryRow(m)[k]
		}
		return nil, values, nil
	case Cost:
		for _, y := range model.YearTotals(r.Budget()) {
			if y.Months == 12 {
				years, values = append(years, y.Year), append(values, y.Cost)
			}
		}
		return years, values, nil
	case Saving:
		s, err := compare.Against(base, r)
		if err != nil {
			return nil, nil, fmt.Errorf("the base (result 1) and the projection (result 2) differ: %w", err)
		}
		for _, y := range s.Years {
			if y.Months == 12 {
				years, values = append(years, y.Year), append(values, y.Total())
			}
		}
		return years, values, nil
	}
	return nil, nil, errors.New("unknown measure " + t.Metric)
}
