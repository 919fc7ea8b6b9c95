package compare

import (
	"math"

	"github.com/carecast/carecast/model"
)

// Saving is what an alternative saves against a base over a month, a
// financial year or a whole horizon, in £, split as the package
// documentation says. A negative saving is an extra cost.
type Saving struct {
	// BaseCost and Cost are the total costs (placements and fixed lines)
	// of the base and of the alternative.
	BaseCost, Cost float64
	// Volume, Mix, Price and Fixed split BaseCost − Cost.
	Volume, Mix, Price, Fixed float64
}

// Total is the saving: BaseCost − Cost.
func (s Saving) Total() float64 { return s.BaseCost - s.Cost }

// Gross is the saving on placements: volume, mix and price.
func (s Saving) Gross() float64 { return s.Volume + s.Mix + s.Price }

// Investment is the alternative's extra fixed cost: −Fixed.
func (s Saving) Investment() float64 { return -s.Fixed }

func (s *Saving) add(o Saving) {
	s.BaseCost += o.BaseCost
	s.Cost += o.Cost
	s.Volume += o.Volume
	s.Mix += o.Mix
	s.Price += o.Price
	s.Fixed += o.Fixed
}

// Year is the saving over one financial year (April to March).
type Year struct {
	Year   int // the calendar year the financial year starts in
	Months int // months of the year inside the projection (12 unless at an end)
	Saving
	// Cumulative is the saving from the start of the projection to the
	// end of this year.
	Cumulative float64
}

// Label is the financial year as councils write it, e.g. "2025-26".
func (y Year) Label() string { return model.FinancialYearLabel(y.Year) }

// Savings are what an alternative saves against a base, by month and by
// financial year.
type Savings struct {
	Start model.Month
	// Months is the saving in each month from Start.
	Months []Saving
	// Cumulative is the saving from Start to the end of each month.
	Cumulative []float64
	// Years is the saving in each financial year the projection reaches,
	// the years at either end possibly partial.
	Years []Year
}

// Against works out what alt saves against base (alt's cost below base's),
// after checking, as Check does, that they can be compared.
func Against(base, alt *model.Result) (*Savings, error) {
	if err := Check(base, alt); err != nil {
		return nil, err
	}
	s := &Savings{
		Start:      base.Start,
		Months:     make([]Saving, base.Months),
		Cumulative: make([]float64, base.Months),
	}
	var cum float64
	for t := range s.Months {
		m := monthSaving(base, alt, t)
		s.Months[t] = m
		cum += m.Total()
		s.Cumulative[t] = cum
		fy := base.Month(t).FinancialYear()
		if len(s.Years) == 0 || s.Years[len(s.Years)-1].Year != fy {
			s.Years = append(s.Years, Year{Year: fy})
		}
		y := &s.Years[len(s.Years)-1]
		y.Months++
		y.add(m)
		y.Cumulative = cum
	}
	return s, nil
}

// monthSaving is alt's saving against base in month t, split.
func monthSaving(base, alt *model.Result, t int) Saving {
	db, da := base.ChildDaysRow(t), alt.ChildDaysRow(t)
	cb, ca := base.CostRow(t), alt.CostRow(t)
	var daysB, daysA, costB, costA, atBase float64
	for k := range db {
		daysB += db[k]
		daysA += da[k]
		costB += cb[k]
		costA += ca[k]
		atBase += atPrice(da[k], ca[k], db[k], cb[k])
	}
	fb, fa := sum(base.FixedCostRow(t)), sum(alt.FixedCostRow(t))
	s := Saving{BaseCost: costB + fb, Cost: costA + fa, Price: atBase - costA, Fixed: fb - fa}
	if p, ok := perDay(costB, daysB); ok {
		s.Volume = (daysB - daysA) * p
		s.Mix = daysA*p - atBase
	} else {
		s.Volume = costB - atBase
	}
	return s
}

// atPrice is the cost of days child-days (which cost cost) at the price of
// a child-day of the days refDays that cost refCost; at their own price
// where that is not known.
func atPrice(days, cost, refDays, refCost float64) float64 {
	if p, ok := perDay(refCost, refDays); ok {
		return days * p
	}
	return cost
}

// perDay is the cost of a child-day, if there are days to divide by and
// the quotient is finite.
func perDay(cost, days float64) (float64, bool) {
	if days <= 0 {
		return 0, false
	}
	p := cost / days
	return p, !math.IsInf(p, 0)
}

// Horizon is the saving over every month.
func (s *Savings) Horizon() Saving {
	var h Saving
	for _, m := range s.Months {
		h.add(m)
	}
	return h
}

// Payback is the month from which the cumulative net saving stays at or
// above zero to the end of the projection, the month an investment has
// paid for itself. If the cumulative saving never falls below zero, that
// is Start; ok is false if it is below zero at the end.
func (s *Savings) Payback() (m model.Month, ok bool) {
	t := len(s.Cumulative)
	for t > 0 && s.Cumulative[t-1] >= 0 {
		t--
	}
	if t == len(s.Cumulative) {
		return 0, false
	}
	return s.Start + model.Month(t), true
}

// ROI is the return on investment over the horizon: (gross saving −
// investment) / investment, so 1 means every £ invested came back twice.
// ok is false if there is no investment (the alternative's fixed costs are
// no more than the base's), or so little that the ratio is not finite.
func (s *Savings) ROI() (roi float64, ok bool) {
	h := s.Horizon()
	inv := h.Investment()
	if inv <= 0 {
		return 0, false
	}
	roi = (h.Gross() - inv) / inv
	return roi, !math.IsInf(roi, 0)
}

func sum(s []float64) float64 {
	var x float64
	for _, v := range s {
		x += v
	}
	return x
}

// All works out what each result after the first saves against the first,
// the base: All(base, a, b) is [Against(base, a), Against(base, b)], after
// checking, as Check does, that every result can be compared.
func All(results ...*model.Result) ([]*Savings, error) {
	if err := Check(results...); err != nil {
		return nil, err
	}
	out := make([]*Savings, 0, len(results)-1)
	for _, alt := range results[1:] {
		s, err := Against(results[0], alt)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}
