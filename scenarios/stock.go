package scenarios

import (
	"github.com/carecast/carecast/model"
)

// ageYears reads a list of 18 numbers, one per single year of age, calling
// set for each with its key path.
func (b *builder) ageYears(path []string, list []float64, set func(y int, v float64, path []string)) {
	if len(list) != model.AgeYears {
		b.fail(path, "%d numbers: want %d, one for each age 0 to 17", len(list), model.AgeYears)
		return
	}
	for y, v := range list {
		set(y, v, at(path, item(y)))
	}
}

// initialStock reads the children in care at the start, by single year of
// age (initial_stock) or by month of age (initial_stock_months).
func (b *builder) initialStock() {
	K := len(b.f.Categories)
	b.p.Initial = make([]float64, model.NAges*K)
	for _, cat := range sortedMapKeys(b.f.InitialStock) {
		path := p("initial_stock", cat)
		k, ok := b.lookup(path, "category", b.cats, cat)
		if !ok {
			continue
		}
		b.ageYears(path, b.f.InitialStock[cat], func(y int, n float64, path []string) {
			for u := 0; u < 12; u++ {
				b.p.Initial[(12*y+u)*K+k] = n / 12
				b.wrote(cellOf(model.FieldInitial, 12*y+u, k), path, n)
			}
		})
	}
	for _, cat := range sortedMapKeys(b.f.InitialStockMonths) {
		path := p("initial_stock_months", cat)
		k, ok := b.lookup(path, "category", b.cats, cat)
		if !ok {
			continue
		}
		if _, both := b.f.InitialStock[cat]; both {
			b.fail(path, "%s is also in initial_stock: give it in one of them", cat)
			continue
		}
		b.stockMonths(path, k, b.f.InitialStockMonths[cat])
	}
}

// stockMonths reads the 18 rows of 12 numbers of a category's stock by
// month of age.
func (b *builder) stockMonths(path []string, k int, rows [][]float64) {
	K := len(b.f.Categories)
	if len(rows) != model.AgeYears {
		b.fail(path, "%d rows: want %d, one for each year of age 0 to 17", len(rows), model.AgeYears)
		return
	}
	for y, row := range rows {
		rpath := at(path, item(y))
		if len(row) != 12 {
			b.fail(rpath, "%d numbers: want 12, one for each month of age %d", len(row), y)
			continue
		}
		for u, n := range row {
			b.p.Initial[(12*y+u)*K+k] = n
			b.wrote(cellOf(model.FieldInitial, 12*y+u, k), at(rpath, item(u)), n)
		}
	}
}

// stockStart warns when a file moves the start away from the month its
// inherited starting numbers were written for: the numbers are then taken
// as the stock at a different month end.
func (b *builder) stockStart() {
	startAt := func(from int) int { // the file whose start is in force from chain[from] up
		for i := from; i < len(b.chain); i++ {
			if _, ok := b.chain[i].settings["start"]; ok {
				return i
			}
		}
		return -1
	}
	stockAt := -1
	for i, src := range b.chain {
		_, a := src.settings["initial_stock"]
		_, m := src.settings["initial_stock_months"]
		if a || m {
			stockAt = i
			break
		}
	}
	if stockAt < 0 {
		return
	}
	own, inForce := startAt(stockAt), startAt(0)
	if own < 0 || own == inForce {
		return
	}
	written, _ := b.chain[own].settings["start"].(string)
	m, err := model.ParseMonth(written)
	if err != nil || m == b.p.Start {
		return
	}
	b.warn(p("start"), "the starting numbers come from %s, which gives them as at the end of %v; here they are taken as at the end of %v",
		b.chain[stockAt].name, m-1, b.p.Start-1)
}
