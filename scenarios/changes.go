package scenarios

import (
	"math"
	"strings"

	"github.com/carecast/carecast/model"
)

// changes reads the rate changes. A change with a problem of its own still
// goes into Params, so that the model checks the rest of it (its factor
// and months); what the model then finds at a key already reported is not
// reported again (builder.problems), and a Params with problems is never
// projected.
func (b *builder) changes() {
	for i, c := range b.f.Changes {
		path := p("changes", item(i))
		rc := b.change(path, c)
		n := len(b.p.Changes)
		b.wrote(cellOf(model.FieldChangeFactor, n), at(path, "factor"), rc.Ramp.Factor)
		b.wrote(cellOf(model.FieldChangeSpan, n), spanPath(path, c.End))
		b.wrote(cellOf(model.FieldChangeLever, n), at(path, "rate"))
		if c.Start != "" {
			// a change that ramped up before the start is in force throughout
			b.outside(path, "the change", rc.Ramp.From, model.Month(math.MaxInt32))
		}
		b.p.Changes = append(b.p.Changes, rc)
	}
}

// change reads one change at path; a name it cannot look up reads as the
// first of its list.
func (b *builder) change(path []string, c Change) model.RateChange {
	rc := model.RateChange{Name: c.Name, Index: -1, From: -1, To: -1}
	if rc.Name == "" {
		rc.Name = c.Rate
	}
	if c.Factor == nil {
		b.fail(path, "factor is missing (1.2 for 20%% more, 0.8 for 20%% fewer)")
	} else {
		rc.Ramp.Factor = *c.Factor
	}
	if c.Start == "" {
		b.fail(path, "start is missing (the first month of the change, YYYY-MM)")
	}
	rc.Ramp.From = b.month(at(path, "start"), c.Start, b.p.Start)
	rc.Ramp.To = b.month(at(path, "end"), c.End, rc.Ramp.From)
	rc.Bands, _ = b.bandSet(at(path, "bands"), c.Bands)
	for j, n := range c.Categories {
		if k, ok := b.lookup(at(path, "categories", item(j)), "category", b.cats, n); ok {
			rc.Categories |= 1 << uint(k)
		}
	}
	b.rateLever(at(path, "rate"), c.Rate, &rc)
	rc.Durations = b.durationSet(at(path, "durations"), c.Durations)
	if len(c.Categories) > 0 && rc.Lever != model.LeverExit {
		b.fail(at(path, "categories"), "only an exit rate can be limited to categories")
	}
	return rc
}

// rateLever reads what a change scales: entries[.route], exits[.reason],
// moves.<from>.<to> or first_placement.<category>.
func (b *builder) rateLever(path []string, rate string, rc *model.RateChange) {
	parts := strings.Split(rate, ".")
	switch {
	case parts[0] == "entries" && len(parts) <= 2:
		rc.Lever = model.LeverEntries
		if len(parts) == 2 && parts[1] != all {
			rc.Index, _ = b.lookup(path, "route", b.routes, parts[1])
		}
	case parts[0] == "exits" && len(parts) <= 2:
		rc.Lever = model.LeverExit
		if len(parts) == 2 && parts[1] != all {
			rc.Index, _ = b.lookup(path, "exit reason", b.reasons, parts[1])
		}
	case parts[0] == "moves" && len(parts) == 3:
		rc.Lever = model.LeverMove
		if parts[1] != all {
			rc.From, _ = b.lookup(path, "category", b.cats, parts[1])
		}
		if parts[2] != all {
			rc.To, _ = b.lookup(path, "category", b.cats, parts[2])
		}
	case parts[0] == "first_placement" && len(parts) == 2:
		rc.Lever = model.LeverFirstPlacement
		rc.Index, _ = b.lookup(path, "category", b.cats, parts[1])
	default:
		b.fail(path, "%q: want entries, entries.<route>, exits, exits.<reason>, moves.<from>.<to> or first_placement.<category>", rate)
	}
}

// interventions reads the interventions; one with a problem of its own is
// left out of Params.
func (b *builder) interventions() {
	for i, iv := range b.f.Interventions {
		path := p("interventions", item(i))
		mi, amount, ok := b.intervention(path, iv)
		if !ok {
			continue // what the model would check is not known
		}
		n := len(b.p.Interventions)
		b.wrote(cellOf(model.FieldInterventionChildren, n), at(path, amount), mi.Children)
		end := iv.End
		if iv.Month != "" {
			end = iv.Month
		}
		b.wrote(cellOf(model.FieldInterventionSpan, n), spanPath(path, end))
		b.wrote(cellOf(model.FieldInterventionCategory, n), at(path, "to"))
		b.outside(path, "the intervention", mi.Start, mi.End)
		b.p.Interventions = append(b.p.Interventions, mi)
	}
}

// intervention reads one intervention at path: a one-off cohort or a steady
// flow. It returns the key that gives the number of children, and whether
// the model can check it: its categories and its form are known (a problem
// elsewhere in it, such as a month, is reported and the model still checks
// the number of children).
func (b *builder) intervention(path []string, iv Intervention) (mi model.Intervention, amount string, ok bool) {
	mi = model.Intervention{Name: iv.Name}
	if mi.Name == "" {
		mi.Name = iv.From + " to " + iv.To
	}
	var okFrom, okTo bool
	mi.From, okFrom = b.lookup(at(path, "from"), "category", b.cats, iv.From)
	mi.To, mi.ToReason, okTo = b.destination(at(path, "to"), iv.To)
	mi.Bands, _ = b.bandSet(at(path, "bands"), iv.Bands)
	switch {
	case iv.Month != "" && iv.PerMonth == 0 && iv.Start == "" && iv.End == "":
		amount, mi.Children = "children", iv.Children
		mi.Start = b.month(at(path, "month"), iv.Month, b.p.Start)
		mi.End = mi.Start
	case iv.Month == "" && iv.Children == 0 && iv.Start != "":
		amount, mi.Children = "per_month", iv.PerMonth
		mi.Start, mi.End = b.span(path, iv.Start, iv.End, b.p.Start, b.last())
	default:
		b.fail(path, "give either children and month (a one-off cohort) or per_month, start and end (a steady flow)")
	}
	return mi, amount, okFrom && okTo && amount != ""
}

// destination reads an intervention's to: a category, or an exit reason
// (exits.<reason>, or the reason alone where no category has its name),
// which makes To model.OutOfCare.
func (b *builder) destination(path []string, name string) (to, reason int, ok bool) {
	if k, found := b.cats[name]; found {
		return k, 0, true
	}
	explicit, isExit := strings.CutPrefix(name, "exits.")
	if !isExit {
		explicit = name
	}
	if r, found := b.reasons[explicit]; found {
		return model.OutOfCare, r, true
	}
	b.fail(path, "unknown category or exit reason %q (categories: %s; exit reasons: %s)",
		name, strings.Join(sortedKeys(b.cats), ", "), strings.Join(sortedKeys(b.reasons), ", "))
	return 0, 0, false
}
