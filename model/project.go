package model

// Project runs the monthly stock-and-flow model described in the package
// documentation and returns the expected number of children in care, their
// flows and their cost, month by month. It returns the parameters' problems
// (Errors, from Validate) if they are not valid.
func Project(p *Params) (*Result, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	pl := newPlan(p)
	res := newResult(p)
	pl.initialDurations(res)
	pl.run(res)
	return res, nil
}

// newResult is the Result p's projection fills in, with the initial stock
// recorded.
func newResult(p *Params) *Result {
	K := p.K()
	shape := Shape{Categories: p.Categories, Bands: p.Bands, Reasons: p.Reasons, DurationBounds: p.DurationBounds}
	for _, r := range p.Routes {
		shape.Routes = append(shape.Routes, r.Name)
	}
	for _, iv := range p.Interventions {
		shape.Interventions = append(shape.Interventions, iv.Name)
	}
	for _, f := range p.Costs.Fixed {
		shape.FixedCosts = append(shape.FixedCosts, f.Name)
	}
	res := NewResult(p.Start, p.Horizon, shape)
	for a := 0; a < NAges; a++ {
		for k := 0; k < K; k++ {
			res.InitialByCategory[k] += p.Initial[a*K+k]
		}
	}
	res.InitialInCare = sum(res.InitialByCategory)
	return res
}

// initialDurations records the initial stock by duration class, as the
// plan holds it.
func (pl *plan) initialDurations(res *Result) {
	for s := 0; s < pl.sl; s++ {
		for k := 0; k < pl.k; k++ {
			res.InitialByDuration[pl.slotClass[s]] += sum(pl.slab(pl.cur, s, k)[:NAges])
		}
	}
}
