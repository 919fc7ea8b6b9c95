package scenarios

// This file bridges the time until model.Params.Validate returns
// model.Errors (branch model): today it returns the first problem as plain
// text, which cannot be placed at a key, and does not bound the horizon.
// interimErrors finds those problems, every one, as model.Errors, so that
// they are placed as the model's own will be. validate calls it only while
// Validate returns plain text: once it returns model.Errors, delete this
// file and that call.

import (
	"errors"
	"fmt"

	"github.com/carecast/carecast/model"
)

// modelPlaces is whether Validate returns model.Errors (an empty Params
// always has problems).
var modelPlaces = func() bool {
	var es model.Errors
	return errors.As((&model.Params{}).Validate(), &es)
}()

// interim is the problems interimErrors finds, or else err, the first
// problem Validate found.
func (b *builder) interim(err error) error {
	if found := b.interimErrors(); len(found) > 0 {
		return found
	}
	return err
}

// interimErrors are the problems with the Params built that today's
// Validate reports one at a time.
func (b *builder) interimErrors() model.Errors {
	var es model.Errors
	add := func(f model.Field, v float64, err error, index ...int) {
		es = append(es, &model.Error{Field: f, Index: index, Value: v, Msg: "the value", Err: err})
	}
	for c, w := range b.set {
		if !w.hasValue {
			continue
		}
		index := c.index[:]
		for len(index) > 0 && index[len(index)-1] < 0 {
			index = index[:len(index)-1]
		}
		if err := interimValue(c, w.value); err != nil {
			add(c.field, w.value, err, index...)
		}
	}
	es = append(es, interimSpans(b.p)...)
	pr := b.p
	for r, rt := range pr.Routes {
		if f, err := interimRoute(pr, rt); err != nil {
			add(f, 0, err, r)
		}
	}
	return es
}

// interimSpans checks that what has a start and an end ends after it starts,
// and that interventions move children somewhere else.
func interimSpans(pr *model.Params) model.Errors {
	var es model.Errors
	add := func(f model.Field, err error, i int) {
		es = append(es, &model.Error{Field: f, Index: []int{i}, Msg: "the value", Err: err})
	}
	for i, c := range pr.Changes {
		if c.Ramp.To < c.Ramp.From {
			add(model.FieldChangeSpan, interimOrder(c.Ramp.From, c.Ramp.To), i)
		}
	}
	for i, iv := range pr.Interventions {
		if iv.From == iv.To {
			add(model.FieldInterventionCategory, model.ErrSelf, i)
		}
		if iv.End < iv.Start {
			add(model.FieldInterventionSpan, interimOrder(iv.Start, iv.End), i)
		}
	}
	for i, f := range pr.Costs.Fixed {
		if f.To < f.From {
			add(model.FieldFixedSpan, interimOrder(f.From, f.To), i)
		}
	}
	return es
}

// interimValue checks one number as written.
func interimValue(c cell, v float64) error {
	switch c.field {
	case model.FieldHorizon:
		switch {
		case v < 1:
			return fmt.Errorf("%w (want 1 to 1200 months)", model.ErrTooSmall)
		case v > 1200:
			return fmt.Errorf("%w (want 1 to 1200 months)", model.ErrTooLarge)
		}
		return nil
	case model.FieldRouteTrend, model.FieldUplift:
		if v <= -100 {
			return fmt.Errorf("%w (want above −100%%)", model.ErrTooSmall)
		}
		return nil
	case model.FieldMove:
		if c.index[1] == c.index[2] && v != 0 {
			return model.ErrSelf
		}
	}
	switch {
	case v < 0:
		return model.ErrNegative
	case (c.field == model.FieldExit || c.field == model.FieldMove) && v > 1000:
		return fmt.Errorf("%w (1000 events per child-year)", model.ErrTooLarge)
	}
	return nil
}

func interimOrder(from, to model.Month) error {
	return fmt.Errorf("%w (%v to %v)", model.ErrOrder, from, to)
}

// interimRoute checks that a route's entrants have ages and placements.
func interimRoute(p *model.Params, r model.Route) (model.Field, error) {
	var sum float64
	for _, w := range r.AgeProfile {
		sum += w
	}
	if sum == 0 && r.PerMonth > 0 {
		return model.FieldRouteAgeProfile, model.ErrZero
	}
	K := p.K()
	for bi, band := range p.Bands {
		var ages, mix float64
		for y := band.Min; y <= band.Max && y < model.AgeYears; y++ {
			ages += r.AgeProfile[y]
		}
		for k := 0; k < K; k++ {
			mix += r.FirstPlacement[bi*K+k]
		}
		if ages > 0 && mix == 0 {
			return model.FieldRouteFirstPlacement, fmt.Errorf("%w: children aged %s enter but have no first placement", model.ErrZero, band.Name)
		}
	}
	return 0, nil
}
