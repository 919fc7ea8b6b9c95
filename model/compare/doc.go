// Package compare compares projections of the same council under different
// scenarios: what an alternative saves against a base, month by month and
// by financial year, where the saving comes from, and whether an
// invest-to-save project pays back.
//
// # The saving and its split
//
// The saving of an alternative a against a base b in a month is the base's
// total cost less the alternative's (placements and fixed cost lines), so a
// positive saving means the alternative is cheaper. With D the child-days
// and C the placement cost, by category k, it splits into four parts:
//
//	C'     = Σ_k D_ak·p_bk        the alternative's days at the base's prices
//	volume = (D_b − D_a)·C_b/D_b  fewer child-days, at the base's average price
//	mix    = D_a·C_b/D_b − C'     cheaper placements for the days that remain
//	price  = C' − C_a             unit prices that differ (a dated price change)
//	fixed  = F_b − F_a            cost lines (a project team is a negative fixed saving)
//
// where p_bk = C_bk/D_bk is the base's cost of a child-day in category k.
// Where the base has no days in a category, the alternative's own price
// stands in (D_ak·p_bk is then C_ak), so that the price part is zero there.
// Where the base has no days at all, the whole placement saving but the
// price part is volume. The four parts sum to the saving in every month,
// and months sum into financial years, so they sum to the saving in every
// year too (up to rounding, about 1e-15 of the costs).
//
// # Invest-to-save
//
// An investment is the alternative's extra fixed cost (Saving.Investment),
// the gross saving what its placements save (Saving.Gross), and the net
// saving their difference, the saving itself. Savings.Payback and
// Savings.ROI read the cumulative net saving.
package compare
