package scenarios

import (
	"math"
	"reflect"
	"strings"

	"github.com/carecast/carecast/data"
	"github.com/carecast/carecast/model"
)

// Meta is what a scenario file holds besides the model's parameters.
type Meta struct {
	Name, Description string
	// History is the history key as it is to be written: a folder of
	// returns relative to the file, or SampleHistory ("" for none).
	History string
	// Labels are display names of categories, routes and exit reasons.
	Labels map[string]string
	// Mapping is written in full; a zero Mapping writes none, and the
	// loader then takes data.DefaultMapping.
	Mapping data.Mapping
}

// FileOf is the scenario file of p: a complete file, extending none, that
// Load turns back into the same parameters. Every rate is written cell by
// cell (exits.<reason>.<band>.<category>, moves.<band>.<from>.<to>,
// entries.<route>.first_placement.<band>.<category>), the nonzero ones; the
// stock by age in months (initial_stock_months), the categories that have
// any; p.Evidence, when there is some, under evidence. p must be valid
// (Params.Validate), and its Evidence tables, if given, shaped as the rates.
// The comments of a file (a header, notes beside values) are not part of
// File: Encode takes them as Notes.
func FileOf(p *model.Params, m Meta) File {
	horizon := p.Horizon
	f := File{
		Name:          m.Name,
		Description:   m.Description,
		Start:         p.Start.String(),
		History:       m.History,
		HorizonMonths: &horizon,
		AgeBands:      make([]string, p.B()),
		Categories:    slicesClone(p.Categories),
		Labels:        m.Labels,
		Routes:        make([]string, len(p.Routes)),
		ExitReasons:   slicesClone(p.Reasons),
	}
	for b, band := range p.Bands {
		f.AgeBands[b] = band.Name
	}
	for r, route := range p.Routes {
		f.Routes[r] = route.Name
	}
	f.InitialStockMonths = stockOf(p)
	f.Entries = entriesOf(p)
	f.Exits = exitsOf(p, p.Exit, func(v float64) (float64, bool) { return v, v != 0 })
	f.Moves = movesOf(p, p.Move, func(v float64) (float64, bool) { return v, v != 0 })
	f.Costs = costsOf(p)
	f.Changes = changesOf(p)
	f.Interventions = interventionsOf(p)
	f.Capacity = capacityOf(p)
	if !reflect.ValueOf(m.Mapping).IsZero() {
		f.Mapping = mappingOf(m.Mapping)
	}
	f.Durations, f.InitialStockDurations = durationsOf(p)
	if p.Evidence != nil {
		f.Evidence = evidenceOf(p)
		f.Evidence.Durations = durationEvidenceOf(p)
	}
	return f
}

func slicesClone(s []string) []string { return append([]string(nil), s...) }

// stockOf is the initial stock by category and age in months: 18 rows of
// 12, for each category with any children.
func stockOf(p *model.Params) map[string][][]float64 {
	K := p.K()
	out := map[string][][]float64{}
	for k, cat := range p.Categories {
		rows := make([][]float64, model.AgeYears)
		any := false
		for y := range rows {
			rows[y] = make([]float64, 12)
			for u := range rows[y] {
				v := p.Initial[(12*y+u)*K+k]
				rows[y][u] = v
				any = any || v != 0
			}
		}
		if any {
			out[cat] = rows
		}
	}
	return out
}

func entriesOf(p *model.Params) map[string]Entry {
	K := p.K()
	out := map[string]Entry{}
	for _, r := range p.Routes {
		e := Entry{
			PerMonth:       r.PerMonth,
			TrendPercent:   percent(r.Trend),
			AgeProfile:     append([]float64(nil), r.AgeProfile[:]...),
			FirstPlacement: map[string]map[string]float64{},
		}
		for b, band := range p.Bands {
			row := map[string]float64{}
			for k, cat := range p.Categories {
				if v := r.FirstPlacement[b*K+k]; v != 0 {
					row[cat] = v
				}
			}
			if len(row) > 0 {
				e.FirstPlacement[band.Name] = row
			}
		}
		out[r.Name] = e
	}
	return out
}

// exitsOf lays a [reason][band][category] table out as
// <reason>.<band>.<category>, keeping the cells keep says to; every reason
// has a map, perhaps empty.
func exitsOf[T, V any](p *model.Params, table []T, keep func(T) (V, bool)) map[string]map[string]map[string]V {
	out := map[string]map[string]map[string]V{}
	for r, reason := range p.Reasons {
		bands := map[string]map[string]V{}
		for b, band := range p.Bands {
			row := map[string]V{}
			for k, cat := range p.Categories {
				if v, ok := keep(table[p.ExitAt(r, b, k)]); ok {
					row[cat] = v
				}
			}
			if len(row) > 0 {
				bands[band.Name] = row
			}
		}
		out[reason] = bands
	}
	return out
}

// movesOf lays a [band][from][to] table out as <band>.<from>.<to>, keeping
// the cells keep says to, off the diagonal.
func movesOf[T, V any](p *model.Params, table []T, keep func(T) (V, bool)) map[string]map[string]map[string]V {
	out := map[string]map[string]map[string]V{}
	for b, band := range p.Bands {
		froms := map[string]map[string]V{}
		for i, from := range p.Categories {
			row := map[string]V{}
			for j, to := range p.Categories {
				if v, ok := keep(table[p.MoveAt(b, i, j)]); ok && i != j {
					row[to] = v
				}
			}
			if len(row) > 0 {
				froms[from] = row
			}
		}
		if len(froms) > 0 {
			out[band.Name] = froms
		}
	}
	return out
}

func costsOf(p *model.Params) Costs {
	c := p.Costs
	common := mostCommon(c.Uplift)
	out := Costs{
		PriceYear:     model.FinancialYearLabel(c.PriceYear),
		UpliftPercent: percent(common),
		Weekly:        map[string]float64{},
	}
	for k, cat := range p.Categories {
		out.Weekly[cat] = c.Weekly[k] // every category, 0 too: the loader wants each
		if u := c.Uplift[k]; u != common {
			if out.CategoryUpliftPercent == nil {
				out.CategoryUpliftPercent = map[string]float64{}
			}
			out.CategoryUpliftPercent[cat] = percent(u)
		}
	}
	for _, fx := range c.Fixed {
		out.Fixed = append(out.Fixed, Fixed{Name: fx.Name, Annual: fx.Annual, Start: fx.From.String(), End: fx.To.String()})
	}
	for _, pc := range c.PriceChanges {
		out.PriceChanges = append(out.PriceChanges, priceChangeOf(p, pc)...)
	}
	return out
}

// priceChangeOf writes a price change as the loader reads it: a weekly
// cost, a percentage, or (a model change that does both) the two, one
// after the other from the same month.
func priceChangeOf(p *model.Params, pc model.PriceChange) []PriceChange {
	w := PriceChange{Name: pc.Name, Category: p.Categories[pc.Category], From: pc.From.String()}
	var out []PriceChange
	if pc.Weekly != 0 {
		weekly := pc.Weekly
		set := w
		set.Weekly = &weekly
		out = append(out, set)
	}
	if pc.Change != 0 || pc.Weekly == 0 {
		pct := percent(pc.Change)
		w.Percent = &pct
		out = append(out, w)
	}
	return out
}

// capacityOf writes each capacity's overflow and places by month.
func capacityOf(p *model.Params) map[string]Capacity {
	if len(p.Capacities) == 0 {
		return nil
	}
	out := map[string]Capacity{}
	for _, c := range p.Capacities {
		places := map[string]float64{}
		for _, s := range c.Places {
			places[s.From.String()] = s.Places
		}
		out[p.Categories[c.Category]] = Capacity{Overflow: p.Categories[c.Overflow], Places: places}
	}
	return out
}

// mostCommon is the value a list holds most often (the first of equals),
// 0 for an empty list.
func mostCommon(list []float64) float64 {
	best, count := 0.0, 0
	for _, v := range list {
		n := 0
		for _, x := range list {
			if x == v {
				n++
			}
		}
		if n > count {
			best, count = v, n
		}
	}
	return best
}

// percent is 100·v, chosen among its neighbouring float64s so that the
// loader's division by 100 gives back v exactly where one does.
func percent(v float64) float64 {
	p := v * 100
	if p/100 == v {
		return p
	}
	for _, dir := range []float64{math.Inf(1), math.Inf(-1)} {
		q := p
		for range 4 {
			if q = math.Nextafter(q, dir); q/100 == v {
				return q
			}
		}
	}
	return p
}

func changesOf(p *model.Params) []Change {
	var out []Change
	for _, c := range p.Changes {
		factor := c.Ramp.Factor
		ch := Change{
			Name:      c.Name,
			Rate:      leverRate(p, c),
			Bands:     bandList(p, c.Bands),
			Durations: durationsOfChange(p, c.Durations),
			Factor:    &factor,
			Start:     c.Ramp.From.String(),
			End:       c.Ramp.To.String(),
		}
		for k, cat := range p.Categories {
			if c.Categories != 0 && c.Categories&(1<<uint(k)) != 0 {
				ch.Categories = append(ch.Categories, cat)
			}
		}
		out = append(out, ch)
	}
	return out
}

// leverRate writes what a change scales as its rate key.
func leverRate(p *model.Params, c model.RateChange) string {
	name := func(list []string, i int) string {
		if i < 0 || i >= len(list) {
			return all
		}
		return list[i]
	}
	switch c.Lever {
	case model.LeverEntries:
		if c.Index < 0 {
			return "entries"
		}
		return "entries." + p.Routes[c.Index].Name
	case model.LeverExit:
		if c.Index < 0 {
			return "exits"
		}
		return "exits." + p.Reasons[c.Index]
	case model.LeverMove:
		return strings.Join([]string{"moves", name(p.Categories, c.From), name(p.Categories, c.To)}, ".")
	case model.LeverFirstPlacement:
		return "first_placement." + name(p.Categories, c.Index)
	}
	return ""
}

// bandList names the bands of a bit set; nil for the empty set (every band).
func bandList(p *model.Params, set uint64) []string {
	var out []string
	for b, band := range p.Bands {
		if set&(1<<uint(b)) != 0 {
			out = append(out, band.Name)
		}
	}
	return out
}

// interventionsOf writes a one-month intervention as a cohort (children,
// month), a longer one as a flow (per_month, start, end).
func interventionsOf(p *model.Params) []Intervention {
	var out []Intervention
	for _, iv := range p.Interventions {
		w := Intervention{Name: iv.Name, From: p.Categories[iv.From], Bands: bandList(p, iv.Bands)}
		if iv.To == model.OutOfCare {
			w.To = "exits." + p.Reasons[iv.ToReason]
		} else {
			w.To = p.Categories[iv.To]
		}
		if iv.Start == iv.End {
			w.Children, w.Month = iv.Children, iv.Start.String()
		} else {
			w.PerMonth, w.Start, w.End = iv.Children, iv.Start.String(), iv.End.String()
		}
		out = append(out, w)
	}
	return out
}

func mappingOf(m data.Mapping) Mapping {
	ageOut, uasc := m.AgeOutDays, m.UASCRoute
	out := Mapping{
		OtherCategory: m.OtherCategory,
		OtherReason:   m.OtherReason,
		AgeOutDays:    &ageOut,
		UASCRoute:     &uasc,
		OtherRoute:    m.OtherRoute,
		RouteNames:    m.RouteNames,
	}
	for _, r := range m.Placements {
		out.Placements = append(out.Placements, PlacementRule{Category: r.Category, Place: r.Places, Provider: orNil(r.Providers)})
	}
	if len(m.ExitCodes) > 0 {
		out.ExitCodes = map[string][]string{}
		for reason, codes := range m.ExitCodes {
			out.ExitCodes[reason] = codes
		}
	}
	for _, r := range m.Routes {
		out.Routes = append(out.Routes, RouteRule{Route: r.Route, LS: orNil(r.LS), CIN: orNil(r.CIN)})
	}
	return out
}

// orNil makes an empty list nil, which is left out of the file ("any").
func orNil(list []string) []string {
	if len(list) == 0 {
		return nil
	}
	return list
}

// evidenceOf writes the cells of p.Evidence that counted anything.
func evidenceOf(p *model.Params) Evidence {
	var out Evidence
	counted := func(c model.Count) (Count, bool) {
		return Count{Events: c.Events, ChildYears: c.Exposure}, c.Events != 0 || c.Exposure != 0
	}
	ev := p.Evidence
	if ev.Exit != nil {
		out.Exits = exitsOf(p, ev.Exit, counted)
	}
	if ev.Move != nil {
		out.Moves = movesOf(p, ev.Move, counted)
	}
	if ev.Entries != nil {
		out.Entries = map[string]EntryCount{}
		for r, c := range ev.Entries {
			if c.Events != 0 || c.Exposure != 0 {
				out.Entries[p.Routes[r].Name] = EntryCount{Entries: c.Events, Months: c.Exposure}
			}
		}
	}
	return out
}
