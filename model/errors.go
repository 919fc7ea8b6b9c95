package model

import (
	"errors"
	"fmt"
	"math"
	"strconv"
)

// Field names a part of Params that a validation error is about; with the
// Error's Index it says which value, so that a caller that built the Params
// (the scenarios package, from YAML) can say where the value was written.
type Field int

// The fields of Params, and how an Error's Index addresses each.
const (
	FieldParams               Field = iota // the Params as a whole; Index empty
	FieldStart                             // Start; Index empty
	FieldHorizon                           // Horizon; Index empty
	FieldCategories                        // Categories; Index [category] or empty
	FieldBands                             // Bands; Index [band] or empty (none)
	FieldExit                              // Exit; Index [reason, band, category] or empty (shape)
	FieldMove                              // Move; Index [band, from, to] or empty (shape)
	FieldInitial                           // Initial; Index [age in months, category] or empty (shape)
	FieldRoutePerMonth                     // Routes[i].PerMonth; Index [route]
	FieldRouteTrend                        // Routes[i].Trend; Index [route]
	FieldRouteAgeProfile                   // Routes[i].AgeProfile; Index [route, year] or [route] (all zero)
	FieldRouteFirstPlacement               // Routes[i].FirstPlacement; Index [route, band, category], [route, band] (no placement for a band with entrants) or [route] (shape)
	FieldChangeFactor                      // Changes[i].Ramp.Factor; Index [change]
	FieldChangeSpan                        // Changes[i].Ramp From–To; Index [change]
	FieldChangeLever                       // Changes[i] Lever, Index, From, To, Bands, Categories; Index [change]
	FieldInterventionChildren              // Interventions[i].Children; Index [intervention]
	FieldInterventionSpan                  // Interventions[i] Start–End; Index [intervention]
	FieldInterventionCategory              // Interventions[i] From, To, ToReason, Bands; Index [intervention]
	FieldWeekly                            // Costs.Weekly; Index [category] or empty (shape)
	FieldUplift                            // Costs.Uplift; Index [category] or empty (shape)
	FieldPriceYear                         // Costs.PriceYear; Index empty
	FieldFixedAnnual                       // Costs.Fixed[i].Annual; Index [line]
	FieldFixedSpan                         // Costs.Fixed[i] From–To; Index [line]
	FieldPriceChange                       // Costs.PriceChanges[i] Category, From; Index [change]
	FieldPriceChangeChange                 // Costs.PriceChanges[i].Change; Index [change] (also the compounding of a category's changes)
	FieldPriceChangeWeekly                 // Costs.PriceChanges[i].Weekly; Index [change]
	FieldCapacity                          // Capacities[i] Category, Overflow, Places (none); Index [capacity]
	FieldCapacityPlaces                    // Capacities[i].Places[j].Places; Index [capacity, step]
	FieldCapacityFrom                      // Capacities[i].Places[j].From; Index [capacity, step]
	FieldDurationBounds                    // DurationBounds; Index [bound] or empty (too many)
	FieldExitDuration                      // ExitDuration; Index [reason, class] or empty (shape)
	FieldMoveDuration                      // MoveDuration; Index [class] or empty (shape)
	FieldInitialDuration                   // InitialDuration; Index [class, age in months, category], [age in months, category] (not summing to Initial) or empty (shape)
)

// The kinds of problem an Error can be; test for them with errors.Is.
var (
	ErrNotFinite = errors.New("is not a finite number")
	ErrNegative  = errors.New("is negative")
	ErrTooLarge  = errors.New("is beyond the largest credible value")
	ErrTooSmall  = errors.New("is below the smallest credible value")
	ErrShape     = errors.New("has the wrong number of values")
	ErrOrder     = errors.New("ends before it starts")
	ErrRange     = errors.New("refers to something that does not exist")
	ErrZero      = errors.New("is all zero where something is needed")
	ErrSelf      = errors.New("moves children to where they already are")
	ErrGap       = errors.New("leaves a gap or an overlap")
	ErrChain     = errors.New("overflows into a category that is capped itself")
	ErrSum       = errors.New("does not add up to its total")
)

// Error is one problem with Params: which value (Field and Index), the
// value itself where it is a number (else the count or index at fault, or
// 0), and the kind of problem (Err, which wraps one of the Err sentinels
// and says what is wrong, e.g. "-0.2 is negative"). Msg says which value in
// the model's own terms, e.g. "exit rate reunification/10-15/foster_ifa".
type Error struct {
	Field Field
	Index []int
	Value float64
	Msg   string
	Err   error
}

// Error says which value and what is wrong with it, with the value itself
// when the problem is its size: "exit rate reunification/0/kinship: -0.2 is
// negative".
func (e *Error) Error() string {
	if e.OfValue() {
		return fmt.Sprintf("%s: %s %v", e.Msg, Number(e.Value), e.Err)
	}
	return e.Msg + ": " + e.Err.Error()
}

// OfValue reports whether the problem is the size of the number Value (not
// finite, negative, too small or too large) rather than the shape or order
// of the parameters; Err then does not repeat the number.
func (e *Error) OfValue() bool {
	for _, kind := range []error{ErrNotFinite, ErrNegative, ErrTooSmall, ErrTooLarge} {
		if errors.Is(e.Err, kind) {
			return true
		}
	}
	return false
}

func (e *Error) Unwrap() error { return e.Err }

// Errors are all the problems Params.Validate found, in the order of the
// Field constants (near enough that of the fields of Params). errors.Is and
// errors.As look into each.
type Errors []*Error

// Unwrap gives the problems to errors.Is and errors.As.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

func (es Errors) Error() string {
	switch len(es) {
	case 0:
		return "no problems"
	case 1:
		return es[0].Error()
	}
	msg := es[0].Error()
	for _, e := range es[1:] {
		msg += "\n" + e.Error()
	}
	return msg
}

var fieldNames = [...]string{
	FieldParams:               "Params",
	FieldStart:                "Start",
	FieldHorizon:              "Horizon",
	FieldCategories:           "Categories",
	FieldBands:                "Bands",
	FieldExit:                 "Exit",
	FieldMove:                 "Move",
	FieldInitial:              "Initial",
	FieldRoutePerMonth:        "Routes.PerMonth",
	FieldRouteTrend:           "Routes.Trend",
	FieldRouteAgeProfile:      "Routes.AgeProfile",
	FieldRouteFirstPlacement:  "Routes.FirstPlacement",
	FieldChangeFactor:         "Changes.Ramp.Factor",
	FieldChangeSpan:           "Changes.Ramp",
	FieldChangeLever:          "Changes.Lever",
	FieldInterventionChildren: "Interventions.Children",
	FieldInterventionSpan:     "Interventions.Start",
	FieldInterventionCategory: "Interventions.From",
	FieldWeekly:               "Costs.Weekly",
	FieldUplift:               "Costs.Uplift",
	FieldPriceYear:            "Costs.PriceYear",
	FieldFixedAnnual:          "Costs.Fixed.Annual",
	FieldFixedSpan:            "Costs.Fixed.From",
	FieldPriceChange:          "Costs.PriceChanges.Category",
	FieldPriceChangeChange:    "Costs.PriceChanges.Change",
	FieldPriceChangeWeekly:    "Costs.PriceChanges.Weekly",
	FieldCapacity:             "Capacities.Category",
	FieldCapacityPlaces:       "Capacities.Places.Places",
	FieldCapacityFrom:         "Capacities.Places.From",
	FieldDurationBounds:       "DurationBounds",
	FieldExitDuration:         "ExitDuration",
	FieldMoveDuration:         "MoveDuration",
	FieldInitialDuration:      "InitialDuration",
}

// String is the field of Params the Field names, as Go spells it.
func (f Field) String() string {
	if f < 0 || int(f) >= len(fieldNames) {
		return fmt.Sprintf("Field(%d)", int(f))
	}
	return fieldNames[f]
}

// Number writes x as validation messages do: in full up to 1e15
// (1000000, 0.25), in exponent form beyond (1e+308), and NaN or ±Inf as such.
func Number(x float64) string {
	if math.Abs(x) < 1e15 {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}
