package model

// cost prices month t's child-days and allocates the fixed cost lines.
func (pl *plan) cost(t int, res *Result) { res.priceMonth(t, &pl.p.Costs) }

// financialYearDays is the number of days from 1 April of year y to 31 March
// of the next: 366 if that March closes a leap February.
func financialYearDays(y int) int {
	feb := MonthOf(y+1, 2)
	return 337 + feb.Days()
}
