package pipeline

import (
	"fmt"

	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/model/target"
)

// Targets reads targets written on the command line (--target), each
// checked against the projection res.
func Targets(texts []string, res *model.Result) ([]target.Target, error) {
	out := make([]target.Target, 0, len(texts))
	for _, text := range texts {
		t, err := target.Parse(text)
		if err == nil {
			err = t.Check(res)
		}
		if err != nil {
			return nil, fmt.Errorf("--target: %w", err)
		}
		out = append(out, t)
	}
	return out, nil
}

// Measure evaluates targets against res. base is the projection savings
// are measured against; with none, a saving target is left out and a
// warning says why.
func Measure(ts []target.Target, res, base *model.Result) (outs []target.Outcome, warnings []string, err error) {
	for _, t := range ts {
		if t.Metric == target.Saving && base == nil {
			warnings = append(warnings, fmt.Sprintf("target %q is a saving, measured against a base scenario: carecast compare BASE.yaml THIS.yaml reports it", t.Text))
			continue
		}
		o, err := target.Evaluate(t, res, base)
		if err != nil {
			return nil, nil, err
		}
		outs = append(outs, o)
	}
	return outs, warnings, nil
}
