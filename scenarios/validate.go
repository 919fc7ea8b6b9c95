package scenarios

import (
	"errors"
	"fmt"

	"github.com/carecast/carecast/model"
)

// cell addresses a value, or a part, of Params as a model.Error does: a
// Field and up to three indices, −1 where unused.
type cell struct {
	field model.Field
	index [3]int
}

func cellOf(f model.Field, index ...int) cell {
	c := cell{field: f, index: [3]int{-1, -1, -1}}
	copy(c.index[:], index)
	return c
}

// written is the key path that set a cell of Params and, for a number, the
// number as the file wrote it (a percentage as a percentage, a year's
// stock before it is spread over months).
type written struct {
	path     []string
	value    float64
	hasValue bool
}

// wrote records that the value at path set cell c of Params, and the number
// written there if there is one. A later record of the same cell, from a
// more specific key, replaces an earlier one.
func (b *builder) wrote(c cell, path []string, value ...float64) cell {
	w := written{path: path}
	if len(value) > 0 {
		w.value, w.hasValue = value[0], true
	}
	b.set[c] = w
	return c
}

// validate runs the model's checks on the Params built and places each
// problem found at the key that wrote the value.
func (b *builder) validate() {
	err := b.p.Validate()
	b.modelErrs = append(b.modelErrs, b.fromModel(err)...)
}

// fromModel places the problems of a model.Errors, or a single *model.Error,
// at the keys that wrote the values; any other error is a problem of the
// file as a whole.
func (b *builder) fromModel(err error) []*Error {
	var es model.Errors
	var e *model.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &es):
	case errors.As(err, &e):
		es = model.Errors{e}
	default:
		return []*Error{{File: b.chain[0].name, Err: err}}
	}
	out := make([]*Error, 0, len(es))
	for _, e := range es {
		if e != nil {
			out = append(out, b.placeModel(e))
		}
	}
	return out
}

// placeModel places one problem the model found: at the key that wrote the
// value it names, or at the nearest key that wrote a part holding it, the
// model's own words then saying which value.
func (b *builder) placeModel(e *model.Error) *Error {
	if e.Err == nil {
		c := *e
		c.Err = errors.New("is not valid")
		e = &c
	}
	w, exact := b.written(e)
	if w.path == nil {
		return &Error{File: b.chain[0].name, Err: e}
	}
	err := e.Err
	if e.OfValue() {
		v := e.Value
		if exact && w.hasValue {
			v = w.value // as written: a percentage, a year's stock
		}
		err = fmt.Errorf("%s %w", model.Number(v), err)
	}
	if !exact {
		err = fmt.Errorf("%s: %w", e.Msg, err)
	}
	return b.locate(w.path, err)
}

// written finds the record of the cell a model.Error names, or of the
// nearest part that holds it (a shorter index), or the key of its Field.
// exact says whether it is the cell itself.
func (b *builder) written(e *model.Error) (w written, exact bool) {
	index := e.Index
	if len(index) > 3 {
		index = index[:3]
	}
	for n := len(index); n >= 0; n-- {
		if w, ok := b.set[cellOf(e.Field, index[:n]...)]; ok {
			return w, n == len(e.Index)
		}
	}
	return written{path: b.fieldKey(e.Field)}, false
}

// fieldKeys are the keys that write each Field of Params, the first the
// file gives being where a problem with the Field as a whole is placed.
var fieldKeys = map[model.Field][][]string{
	model.FieldStart:                {p("start")},
	model.FieldPriceYear:            {p("costs", "price_year")},
	model.FieldHorizon:              {p("horizon_months")},
	model.FieldCategories:           {p("categories")},
	model.FieldBands:                {p("age_bands")},
	model.FieldExit:                 {p("exits")},
	model.FieldMove:                 {p("moves")},
	model.FieldInitial:              {p("initial_stock"), p("initial_stock_months"), p("initial_stock_totals")},
	model.FieldRoutePerMonth:        {p("entries")},
	model.FieldRouteTrend:           {p("entries")},
	model.FieldRouteAgeProfile:      {p("entries")},
	model.FieldRouteFirstPlacement:  {p("entries")},
	model.FieldChangeFactor:         {p("changes")},
	model.FieldChangeSpan:           {p("changes")},
	model.FieldChangeLever:          {p("changes")},
	model.FieldInterventionChildren: {p("interventions")},
	model.FieldInterventionSpan:     {p("interventions")},
	model.FieldInterventionCategory: {p("interventions")},
	model.FieldWeekly:               {p("costs", "weekly")},
	model.FieldUplift:               {p("costs", "uplift_percent"), p("costs", "category_uplift_percent")},
	model.FieldFixedAnnual:          {p("costs", "fixed")},
	model.FieldFixedSpan:            {p("costs", "fixed")},
	model.FieldPriceChange:          {p("costs", "price_changes")},
	model.FieldPriceChangeChange:    {p("costs", "price_changes")},
	model.FieldPriceChangeWeekly:    {p("costs", "price_changes")},
	model.FieldCapacity:             {p("capacity")},
	model.FieldCapacityPlaces:       {p("capacity")},
	model.FieldCapacityFrom:         {p("capacity")},
}

// fieldKey is the key that writes a Field, the first of its keys that a
// file of the chain gives; nil for the Params as a whole.
func (b *builder) fieldKey(f model.Field) []string {
	keys := fieldKeys[f]
	for _, k := range keys {
		for _, src := range b.chain {
			if lineOf(src.node, k) > 0 {
				return k
			}
		}
	}
	if len(keys) > 0 {
		return keys[0]
	}
	return nil
}

// count checks a number that the model's checks do not see, the evidence
// behind a rate, which must not be negative nor above model.MaxEvidence
// (the decoder has made sure it is finite); a number out of range is
// reported and read as 0.
func (b *builder) count(path []string, v float64) float64 {
	switch {
	case v < 0:
		b.fail(path, "%s %w", model.Number(v), model.ErrNegative)
		return 0
	case v > model.MaxEvidence:
		b.fail(path, "%s %w (at most %s)", model.Number(v), model.ErrTooLarge, model.Number(model.MaxEvidence))
		return 0
	}
	return v
}
