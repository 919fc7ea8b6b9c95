package scenarios

import (
	"github.com/carecast/carecast/model"
)

// The shapes initial_stock_totals can be spread by.
const (
	profileParent  = "parent"
	profileEntries = "entries"
)

// stockTotal spreads category k's total (at path, given in b.files[from])
// over ages in months by the profile initial_stock_profile names, so that
// the ages sum to the total.
func (b *builder) stockTotal(path []string, k, from int) {
	K := len(b.f.Categories)
	total := b.f.InitialStockTotals[b.f.Categories[k]]
	shape := b.totalShape(k, from)
	weight := sumOf(shape[:])
	if weight == 0 {
		if total != 0 {
			b.fail(path, "no age shape to spread the total over: neither the scenarios this one extends nor the entries give ages")
		}
		return
	}
	largest := 0
	var spread float64
	for a, w := range shape {
		n := total * (w / weight)
		b.p.Initial[a*K+k] = n
		b.wrote(cellOf(model.FieldInitial, a, k), path, total)
		spread += n
		if w > shape[largest] {
			largest = a
		}
	}
	b.p.Initial[largest*K+k] += total - spread // what rounding lost, where it is least felt
}

// totalShape is the age shape, by month of age, that category k's total,
// given in b.files[from], is spread by: for the parent profile, the shape
// of k's stock by age in the files beyond, else of their whole stock; for
// entries, or when those give none, the entries' age profiles.
func (b *builder) totalShape(k, from int) [model.NAges]float64 {
	var shape [model.NAges]float64
	if b.f.InitialStockProfile != profileEntries {
		cat := b.f.Categories[k]
		if b.parentShape(&shape, cat, from); sumOf(shape[:]) > 0 {
			return shape
		}
		for _, c := range b.f.Categories {
			b.parentShape(&shape, c, from)
		}
		if sumOf(shape[:]) > 0 {
			return shape
		}
	}
	b.entriesShape(&shape)
	return shape
}

// parentShape adds to shape the stock by age of category cat in the
// nearest file beyond b.files[from] that gives it by age.
func (b *builder) parentShape(shape *[model.NAges]float64, cat string, from int) {
	for i := from + 1; i < len(b.files); i++ {
		f := &b.files[i]
		if years, ok := f.InitialStock[cat]; ok && len(years) == model.AgeYears {
			for a := range shape {
				shape[a] += max(years[a/12], 0) / 12
			}
			return
		}
		if rows, ok := f.InitialStockMonths[cat]; ok && len(rows) == model.AgeYears {
			for a := range shape {
				if row := rows[a/12]; len(row) == 12 {
					shape[a] += max(row[a%12], 0)
				}
			}
			return
		}
	}
}

// entriesShape sets shape to the entries' age profiles, each normalised
// and weighted by the route's entries a month (equally if none has any),
// spread evenly over the months of each year.
func (b *builder) entriesShape(shape *[model.NAges]float64) {
	var perMonth float64
	routes := sortedMapKeys(b.f.Entries)
	for _, r := range routes {
		perMonth += max(b.f.Entries[r].PerMonth, 0)
	}
	for _, r := range routes {
		e := b.f.Entries[r]
		w := max(e.PerMonth, 0)
		if perMonth == 0 {
			w = 1
		}
		var total float64
		for _, x := range e.AgeProfile {
			total += max(x, 0)
		}
		if total == 0 || len(e.AgeProfile) != model.AgeYears {
			continue
		}
		for a := range shape {
			shape[a] += w * max(e.AgeProfile[a/12], 0) / total / 12
		}
	}
}

func sumOf(s []float64) float64 {
	var x float64
	for _, v := range s {
		x += v
	}
	return x
}
