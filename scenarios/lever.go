package scenarios

import (
	"fmt"
	"strings"

	"github.com/carecast/carecast/model"
	"go.yaml.in/yaml/v3"
)

// Lever is what a goal-seek may change in a scenario: a rate, as a change's
// rate key names it, or the size of one of its interventions.
type Lever struct {
	// Text is the lever as written, e.g. entries.uasc.
	Text string
	// Change is the rate change that scales the rate, factor and months
	// not set; nil for an intervention.
	Change *model.RateChange
	// Intervention is the index of the intervention in Params.Interventions,
	// or -1 for a rate.
	Intervention int
}

// Lever reads the text of a lever against the scenario's names (an error
// says what is wrong with it, not where it was written): entries,
// entries.<route>, exits, exits.<reason>, moves.<from>.<to>,
// first_placement.<category> (as a change's rate key), or
// interventions.<name> for the size of the intervention of that name.
func (s *Scenario) Lever(text string) (Lever, error) {
	if name, ok := strings.CutPrefix(text, "interventions."); ok {
		return s.interventionLever(text, name)
	}
	b := &builder{
		chain:   []*source{{name: "lever", node: &yaml.Node{}}},
		p:       s.Params,
		cats:    index(s.Params.Categories),
		routes:  index(routeNames(s.Params.Routes)),
		reasons: index(s.Params.Reasons),
	}
	rc := model.RateChange{Name: text, Index: -1, From: -1, To: -1}
	b.rateLever(nil, text, &rc)
	if len(b.errs) > 0 {
		return Lever{}, b.errs[0].Err
	}
	return Lever{Text: text, Change: &rc, Intervention: -1}, nil
}

func (s *Scenario) interventionLever(text, name string) (Lever, error) {
	var names []string
	found := -1
	for i, iv := range s.Params.Interventions {
		if iv.Name == name {
			if found >= 0 {
				return Lever{}, fmt.Errorf("two interventions are named %q: give them names of their own", name)
			}
			found = i
		}
		names = append(names, iv.Name)
	}
	switch {
	case found >= 0:
		return Lever{Text: text, Intervention: found}, nil
	case len(names) == 0:
		return Lever{}, fmt.Errorf("the scenario has no interventions")
	}
	return Lever{}, fmt.Errorf("no intervention is named %q (the scenario has: %s)", name, strings.Join(names, "; "))
}

// index maps each name of a list to its position.
func index(list []string) map[string]int {
	idx := make(map[string]int, len(list))
	for i, n := range list {
		idx[n] = i
	}
	return idx
}
