package montecarlo

import "github.com/carecast/carecast/model"

// posterior is not written yet.
type posterior struct{}

func newPosterior(p *model.Params) *posterior { return nil }

func (q *posterior) tables(st *stream) (*tables, error) { return nil, nil }
