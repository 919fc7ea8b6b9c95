package model

// A projection is done in stages, each in its own file: the plan (here)
// holds the stock and every buffer; the rates (rates.go) become each
// month's transition probabilities before the loop; in the monthly step
// (step.go) the stock moves, the entrants arrive (entrants.go) and the
// month is priced (cost.go).

// plan is a projection made ready to run: the transition probabilities of
// every month built, and every buffer the monthly loop needs allocated.
type plan struct {
	p          *Params
	k, b, r, d int // categories, bands, exit reasons, duration classes
	// The stock is held by month of duration, in slots: slot u < sl−1 holds
	// the children in care u whole months at the start of a month (all of
	// whom reach u+1 during it), the last slot those in care longer, in the
	// last duration class; slotClass is the class of each slot. With no
	// duration bounds there is one slot.
	sl        int
	slotClass []int

	bandOfYear [AgeYears]int
	trans      *transitionSet
	monthTrans []int // [month][class][band]: index into trans.list
	// crossings are the transitions of children who reach a new band or a
	// new duration class during a month, indexed by monthCross
	// [month][class][band < B−1] (the oldest month of age of a band),
	// monthDur [month][class < D−1][band] (from the class to the next) and
	// monthBoth [month][class < D−1][band < B−1] (both at once).
	crossings                       []transition
	monthCross, monthDur, monthBoth []int

	// The stock is held by duration slot, category, then age:
	// cur[(s*K+k)*stride+a] is the number in slot s and category k aged a
	// months. In next, after ageing, ages run from 1 to 216, and 216 holds
	// the children who age out.
	cur, next   []float64
	initial     []float64 // [slot][age][category]: the initial stock
	bandTotal   []float64 // [band][category]: stock at the start of the month
	edge        []float64 // [category]: the oldest month of age of a band
	entrants    []float64 // [year of age][category]: this month's entrants
	bandEntered []float64 // [band][category]: this month's entrants
	landed      []float64 // [year of age][category]: entrants at the month's end
	// arrivals, when not nil, are the entrants' effects worked out ahead;
	// monthArrival gives each month's, and constEntries the entries by route.
	arrivals     []arrival
	monthArrival []int
	constEntries []float64
	entryMult    []float64 // [route][band]
	firstMult    []float64 // [band][category]
	mixMult      []float64 // [band][category]: the firstMult that mix was worked out with
	mix          []float64 // [route][band][category]: shares of first placements
	ageShare     []float64 // [route][year of age]: shares of entrants
	start, end   []float64 // [category]: the stock at the start and the end of the month
	entered      []float64 // [category]: entrants on entry
	entrantsEnd  []float64 // [category]: entrants at the month's end
	flowAcc      []float64 // [category, then exit reason]: scratch for flows
	// owed is the children by category at the start of the month whose
	// flows each transition owes, [transition id][category]; owing marks
	// those in owedIDs (see plan.owe).
	owed    []float64
	owing   []bool
	owedIDs []int
	// placed is this month's entrants on entry by category, after those
	// first placed in a full category went to its overflow.
	placed []float64
	// capPlaces is the places of each capacity in force, −1 for none,
	// [month][capacity]; ivIn is the children moved by interventions into
	// each capped category this month, [capacity][from]; stay is scratch
	// for the children who stay in a capped category, [slot][age] as
	// one category of next.
	capPlaces, ivIn, stay []float64
}

// stride is the length of one category's ages in plan.cur and plan.next.
const stride = NAges + 1

// newPlan allocates p's buffers and works out, ahead of the monthly loop,
// everything that does not depend on the stock: the entrants' shares, the
// transitions of every month and, where they are the same every month, the
// entrants' arrivals.
func newPlan(p *Params) *plan {
	K, B, R, D := p.K(), p.B(), p.R(), p.D()
	slotClass := durationSlots(p.DurationBounds)
	S := len(slotClass)
	pl := &plan{
		p: p, k: K, b: B, r: R, d: D, sl: S, slotClass: slotClass,
		trans:       newTransitionSet(K, R, D*B),
		monthTrans:  make([]int, p.Horizon*D*B),
		cur:         make([]float64, S*K*stride),
		next:        make([]float64, S*K*stride),
		bandTotal:   make([]float64, B*K),
		edge:        make([]float64, K),
		entrants:    make([]float64, AgeYears*K),
		bandEntered: make([]float64, B*K),
		landed:      make([]float64, AgeYears*K),
		entryMult:   make([]float64, len(p.Routes)*B),
		firstMult:   make([]float64, B*K),
		mixMult:     make([]float64, B*K),
		mix:         make([]float64, len(p.Routes)*B*K),
		ageShare:    make([]float64, len(p.Routes)*AgeYears),
		start:       make([]float64, K),
		end:         make([]float64, K),
		entered:     make([]float64, 2*K), // and placed, cut off below
		entrantsEnd: make([]float64, K),
		flowAcc:     make([]float64, K+R),
	}
	pl.entered, pl.placed = pl.entered[:K], pl.entered[K:]
	if len(p.Capacities) > 0 {
		pl.ivIn = make([]float64, len(p.Capacities)*K)
		pl.stay = make([]float64, S*stride)
		pl.capPlaces = capPlaces(p)
	}
	pl.bandOfYear = BandOfYear(p.Bands)
	pl.shareAges()
	fill(pl.firstMult, 1)
	pl.mixes()
	pl.initial = initialStock(p)
	pl.setStock()
	pl.buildTransitions()
	pl.buildCrossings()
	ids := len(pl.trans.list) + len(pl.crossings)
	pl.owed, pl.owing, pl.owedIDs = make([]float64, ids*K), make([]bool, ids), make([]int, 0, ids)
	pl.planArrivals()
	return pl
}

// shareAges normalises each route's age profile into ageShare; a profile
// that is all zero leaves its shares zero.
func (pl *plan) shareAges() {
	for ri, r := range pl.p.Routes {
		if total := sum(r.AgeProfile[:]); total > 0 {
			for y, w := range r.AgeProfile {
				pl.ageShare[ri*AgeYears+y] = w / total
			}
		}
	}
}

// setStock loads the initial stock, [slot][age][category], into cur.
func (pl *plan) setStock() {
	K, D := pl.k, pl.sl
	stock := pl.initial
	clear(pl.cur)
	for d := 0; d < D; d++ {
		for a := 0; a < NAges; a++ {
			for k := 0; k < K; k++ {
				pl.cur[(d*K+k)*stride+a] = stock[(d*NAges+a)*K+k]
			}
		}
	}
}

// slab is the children of duration slot d and category k in s (cur or
// next), by age: stride values.
func (pl *plan) slab(s []float64, d, k int) []float64 {
	i := (d*pl.k + k) * stride
	return s[i : i+stride]
}

// ages is the range of ages in months, lo to hi inclusive, of band b.
func (pl *plan) ages(b int) (lo, hi int) {
	band := pl.p.Bands[b]
	return 12 * band.Min, 12*band.Max + 11
}

// filled is n values of v.
func filled(n int, v float64) []float64 {
	s := make([]float64, n)
	fill(s, v)
	return s
}

func fill(s []float64, v float64) {
	for i := range s {
		s[i] = v
	}
}
