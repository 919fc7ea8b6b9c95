package pipeline

import (
	"fmt"
	"strconv"
	"strings"

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
	var savings []string
	for _, t := range ts {
		if t.Metric == target.Saving && base == nil {
			savings = append(savings, strconv.Quote(t.Text))
			continue
		}
		o, err := target.Evaluate(t, res, base)
		if err != nil {
			return nil, nil, err
		}
		outs = append(outs, o)
	}
	switch len(savings) {
	case 0:
	case 1:
		warnings = append(warnings, fmt.Sprintf("target %s is a saving against a base scenario, left out here: carecast compare BASE.yaml THIS.yaml reports it", savings[0]))
	default:
		warnings = append(warnings, fmt.Sprintf("targets %s are savings against a base scenario, left out here: carecast compare BASE.yaml THIS.yaml reports them", strings.Join(savings, ", ")))
	}
	return outs, warnings, nil
}
