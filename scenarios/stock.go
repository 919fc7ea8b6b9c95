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

// The keys that give a category's starting stock.
const (
	keyStockYears  = "initial_stock"
	keyStockMonths = "initial_stock_months"
	keyStockTotals = "initial_stock_totals"
)

// stockForms lists the keys that give category cat's stock in file f.
func stockForms(f *File, cat string) []string {
	var forms []string
	if _, ok := f.InitialStock[cat]; ok {
		forms = append(forms, keyStockYears)
	}
	if _, ok := f.InitialStockMonths[cat]; ok {
		forms = append(forms, keyStockMonths)
	}
	if _, ok := f.InitialStockTotals[cat]; ok {
		forms = append(forms, keyStockTotals)
	}
	return forms
}

// stockForm is the key that gives category cat's stock, in the nearest
// file of the chain that gives it (its index in b.files), or "" and −1 for
// none. A file that gives it under two keys is reported.
func (b *builder) stockForm(cat string) (string, int) {
	for i := range b.files {
		forms := stockForms(&b.files[i], cat)
		if len(forms) > 1 {
			b.fail(p(forms[1], cat), "%s is also in %s: give it in one of them", cat, forms[0])
		}
		if len(forms) > 0 {
			return forms[0], i
		}
	}
	return "", -1
}

// initialStock reads the children in care at the start, by single year of
// age (initial_stock), by month of age (initial_stock_months) or as a
// total (initial_stock_totals), each category from the nearest file that
// gives it.
func (b *builder) initialStock() {
	K := len(b.f.Categories)
	b.p.Initial = make([]float64, model.NAges*K)
	for _, key := range []string{keyStockYears, keyStockMonths, keyStockTotals} {
		for _, cat := range b.stockKeys(key) {
			b.lookup(p(key, cat), "category", b.cats, cat)
		}
	}
	for k, cat := range b.f.Categories {
		form, from := b.stockForm(cat)
		path := p(form, cat)
		switch form {
		case keyStockYears:
			b.ageYears(path, b.f.InitialStock[cat], func(y int, n float64, path []string) {
				for u := 0; u < 12; u++ {
					b.p.Initial[(12*y+u)*K+k] = n / 12
					b.wrote(cellOf(model.FieldInitial, 12*y+u, k), path, n)
				}
			})
		case keyStockMonths:
			b.stockMonths(path, k, b.f.InitialStockMonths[cat])
		case keyStockTotals:
			b.stockTotal(path, k, from)
		}
	}
	if pr := b.f.InitialStockProfile; pr != "" && pr != profileParent && pr != profileEntries {
		b.fail(p("initial_stock_profile"), "%q: want %s or %s", pr, profileParent, profileEntries)
	}
}

// stockKeys are the categories the merged file names under key, in order.
func (b *builder) stockKeys(key string) []string {
	switch key {
	case keyStockYears:
		return sortedMapKeys(b.f.InitialStock)
	case keyStockMonths:
		return sortedMapKeys(b.f.InitialStockMonths)
	}
	return sortedMapKeys(b.f.InitialStockTotals)
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
		_, a := src.settings[keyStockYears]
		_, m := src.settings[keyStockMonths]
		_, t := src.settings[keyStockTotals]
		if a || m || t {
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
