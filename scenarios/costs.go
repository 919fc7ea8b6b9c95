package scenarios

import (
	"fmt"
	"math"
	"regexp"
	"strconv"

	"github.com/carecast/carecast/model"
)

// costs reads the unit costs: weekly costs, uplifts and fixed cost lines.
func (b *builder) costs() {
	c := b.f.Costs
	b.p.Costs.PriceYear = b.priceYear(c.PriceYear)
	b.weekly(c)
	for i, fx := range c.Fixed {
		b.p.Costs.Fixed = append(b.p.Costs.Fixed, b.fixed(i, fx))
	}
	for i, pc := range c.PriceChanges {
		if mp, ok := b.priceChange(i, pc); ok {
			b.p.Costs.PriceChanges = append(b.p.Costs.PriceChanges, mp)
		}
	}
}

// priceChange reads price change i: a category, a month and one of percent
// and weekly. One whose category or form is wrong is left out of Params.
func (b *builder) priceChange(i int, pc PriceChange) (model.PriceChange, bool) {
	path := p("costs", "price_changes", item(i))
	mp := model.PriceChange{Name: pc.Name}
	if mp.Name == "" {
		mp.Name = fmt.Sprintf("price change %d", i+1)
	}
	k, ok := b.lookup(at(path, "category"), "category", b.cats, pc.Category)
	mp.Category = k
	if pc.From == "" {
		b.fail(path, "from is missing (the first month of the new price, YYYY-MM)")
	}
	mp.From = b.month(at(path, "from"), pc.From, b.p.Start)
	n := len(b.p.Costs.PriceChanges)
	b.wrote(cellOf(model.FieldPriceChange, n), at(path, "from"))
	switch {
	case (pc.Percent == nil) == (pc.Weekly == nil):
		b.fail(path, "give one of percent (-7 for 7%% less) and weekly (a new weekly cost, £)")
		return mp, false
	case pc.Percent != nil:
		mp.Change = *pc.Percent / 100
		b.wrote(cellOf(model.FieldPriceChangeChange, n), at(path, "percent"), *pc.Percent)
	default:
		mp.Weekly = *pc.Weekly
		b.wrote(cellOf(model.FieldPriceChangeWeekly, n), at(path, "weekly"), mp.Weekly)
		if mp.Weekly == 0 {
			b.fail(at(path, "weekly"), "a weekly cost of 0: give the price of the new contract")
		}
	}
	b.outside(path, "the price change", mp.From, model.Month(math.MaxInt32))
	return mp, ok
}

var fyPattern = regexp.MustCompile(`^(\d{4})-(\d{2})$`)

// priceYear reads a financial year written 2025-26; the default is the year
// of the start month.
func (b *builder) priceYear(s string) int {
	if s == "" {
		return b.p.Start.FinancialYear()
	}
	m := fyPattern.FindStringSubmatch(s)
	if m == nil {
		b.fail(p("costs", "price_year"), "%q is not a financial year such as 2025-26", s)
		return b.p.Start.FinancialYear()
	}
	y, _ := strconv.Atoi(m[1])
	if m[2] != fmt.Sprintf("%02d", (y+1)%100) {
		b.fail(p("costs", "price_year"), "%q is not a financial year such as 2025-26", s)
		return b.p.Start.FinancialYear()
	}
	b.wrote(cellOf(model.FieldPriceYear), p("costs", "price_year"), float64(y))
	return y
}

// weekly reads the weekly cost and the uplift of each category.
func (b *builder) weekly(c Costs) {
	K := len(b.f.Categories)
	mc := &b.p.Costs
	mc.Weekly = make([]float64, K)
	mc.Uplift = make([]float64, K)
	for k, cat := range b.f.Categories {
		w, ok := c.Weekly[cat]
		if !ok {
			b.fail(p("costs", "weekly"), "no weekly cost for %s (write 0 if it costs nothing)", cat)
		}
		mc.Weekly[k] = w
		b.wrote(cellOf(model.FieldWeekly, k), p("costs", "weekly", cat), w)
		u, path := c.UpliftPercent, p("costs", "uplift_percent")
		if cu, ok := c.CategoryUpliftPercent[cat]; ok {
			u, path = cu, p("costs", "category_uplift_percent", cat)
		}
		mc.Uplift[k] = u / 100
		b.wrote(cellOf(model.FieldUplift, k), path, u)
	}
	for _, name := range sortedMapKeys(c.Weekly) {
		b.lookup(p("costs", "weekly", name), "category", b.cats, name)
	}
	for _, name := range sortedMapKeys(c.CategoryUpliftPercent) {
		b.lookup(p("costs", "category_uplift_percent", name), "category", b.cats, name)
	}
}

// fixed reads cost line i.
func (b *builder) fixed(i int, fx Fixed) model.FixedCost {
	path := p("costs", "fixed", item(i))
	line := model.FixedCost{Name: fx.Name, Annual: fx.Annual}
	if line.Name == "" {
		line.Name = fmt.Sprintf("fixed cost %d", i+1)
	}
	line.From, line.To = b.span(path, fx.Start, fx.End, b.p.Start, b.last())
	b.wrote(cellOf(model.FieldFixedAnnual, i), at(path, "annual"), fx.Annual)
	b.wrote(cellOf(model.FieldFixedSpan, i), spanPath(path, fx.End))
	b.outside(path, "the cost line", line.From, line.To)
	return line
}

// spanPath is the key a problem with the span under path is placed at: its
// end if the file gives one.
func spanPath(path []string, end string) []string {
	if end != "" {
		return at(path, "end")
	}
	return path
}
