package synth

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/carecast/carecast/data"
	"github.com/carecast/carecast/model"
)

// Synthesize simulates the children of a synthetic council in continuous
// time from params p and returns what data.ReadDir would give for the returns
// WriteReturns writes of them (for the years LastYear−Years+1 to LastYear
// of the resolved options), except that File and Line are empty: nothing
// has been written yet. The simulation's true rates are exactly p's:
//
//   - The initial stock p.Initial (× Scale, each cell rounded
//     stochastically) is placed on 1 April at the start of the warm-up:
//     children aged a months at the end of March are born on a uniform day
//     of the calendar month a months before, and started their period of
//     care on a uniform day in the three years before (or since birth).
//   - Entries by each route are a Poisson count a month with mean
//     PerMonth·Scale·(1+Trend)^(t/12) (times the factors of the
//     Options.Entries spans holding the month, and Options.EntriesStep
//     from Options.EntriesFrom on), t being months since the warm-up
//     started, on days uniform within the month. The age is a single year
//     drawn from the route's AgeProfile and a uniform day within that year
//     of age; the first placement is drawn from the route's FirstPlacement
//     row for the age band.
//   - In care, exits by reason and moves between categories are competing
//     exponential risks with intensities p.Exit and p.Move (per 365.25
//     days) of the child's current age band and category; legal-status
//     changes and placement changes within the category (see Options)
//     are further risks that change neither. With Options.Durations, the
//     exit intensities are also × the factor of the child's duration
//     class: their time in care since the day their period began. At a
//     birthday that starts a new band, or a time in care that starts a new
//     class, the risks are redrawn (they are memoryless). A child still in
//     care on their 18th birthday leaves that day with REC E17, E8 or E5
//     (age-out is decided by age, not by code).
//
// The returns record it as a council would. A period of care starts with
// an episode with RNE S and ends with the REC of its exit; an episode
// followed by another ends with X1. A move between categories starts an
// episode with RNE P (a new placement and carer) or, for 15%, B (a new
// legal status too); a placement change within the category RNE P or, for
// 20%, T (the same carer); both give a REASON_PLACE_CHANGE. A legal-status
// change starts an episode with RNE L and the same placement. Codes are
// written back through the mapping: every placement gets a PLACE and
// PLACE_PROVIDER that m classifies into its category, every exit a REC m
// classifies into its reason, and every period a first episode (LS, CIN,
// and the UASC table for the UASC route, with DUC the 18th birthday) from
// which m derives its route; Synthesize fails if m cannot express one of
// p's categories, reasons or routes. Children are numbered from 1000001 in
// the order they came into care; 52% are boys (90% of UASC). Dates are
// days: an event on the day the current episode started is written on the
// next day, so that no two episodes of a child start on the same day (this
// and the days' rounding change exposures by well under a day a child).
// Short breaks (Options) are children of their own.
//
// p must be valid and have no rate changes or interventions (the synthetic
// council has constant rates). The result depends only on p, m, opt and
// the state of rng.
func Synthesize(p *model.Params, m data.Mapping, opt Options, rng *rand.Rand) (*data.Returns, error) {
	if p == nil || rng == nil {
		return nil, errors.New("synth: nil params or random source")
	}
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("synth: %w", err)
	}
	if len(p.Changes) > 0 || len(p.Interventions) > 0 {
		return nil, fmt.Errorf("synth: the params have %d rate changes and %d interventions: a synthetic council has constant rates",
			len(p.Changes), len(p.Interventions))
	}
	opt, err := opt.Resolve(p)
	if err != nil {
		return nil, err
	}
	routes := make([]string, len(p.Routes))
	for i, r := range p.Routes {
		routes[i] = r.Name
	}
	cl, err := m.Compile(p.Categories, p.Reasons, routes)
	if err != nil {
		return nil, fmt.Errorf("synth: %w", err)
	}
	s := newSim(p, opt, rng)
	if err := s.codesFrom(cl, m); err != nil {
		return nil, fmt.Errorf("synth: %w", err)
	}
	s.run()
	return s.returns(), nil
}

// episode is an episode being simulated: dates as days, codes as indices
// into sim.codes (0 is blank).
type episode struct {
	start, end                                 data.Day // end is NoDay while open
	rne, ls, cin, place, provider, rec, reason uint16
}

// kid is a child kept for the returns; its episodes are
// sim.eps[first:] up to the next child's first.
type kid struct {
	dob   data.Day
	sex   int8
	uasc  bool
	first int32
}

// placement is a PLACE and PLACE_PROVIDER.
type placement struct{ place, provider uint16 }

// opening is a first episode's LS and CIN, with its cumulative weight
// among a route's choices.
type opening struct {
	ls, cin uint16
	cum     float64
}

// sim is one simulation.
type sim struct {
	p          *model.Params
	opt        Options
	rng        *rand.Rand
	K, B, R, E int // categories, bands, reasons, events of a state

	warm, first, end data.Day // warm-up start, first return's 1 April, day after the last return

	// Event intensities per day of each state (duration class, band,
	// category): cum holds E cumulative values per state, in the order
	// moves to each category, exits by reason, legal change, placement
	// change; total is the sum and lastPos the last event with a positive
	// rate. There is one duration class unless Options.Durations is on.
	cum     []float64
	total   []float64
	lastPos []int

	ageCum   [][model.AgeYears]float64 // [route]: cumulative age profile, normalised
	firstCum [][]float64               // [route][band*K+k]: cumulative first placements, normalised by band
	bandOf   [model.AgeYears]int

	codes   []string
	codeIdx map[string]uint16

	places     [][]placement // [category]
	recs       [][]uint16    // [reason]
	ageOutRecs []uint16
	starts     [][]opening // [route]
	uascRoute  int
	routeOK    []bool
	nextLS     []uint16 // [code index]: the legal status after a legal-status change
	reasonCum  []float64
	reasons    []uint16
	sbPlaces   []placement
	cS, cL     uint16
	cP, cT, cB uint16
	cX1        uint16
	cV2, cV3   uint16
	cN2, cN8   uint16
	cE13       uint16

	kids   []kid
	eps    []episode
	buf    []episode
	bStart []data.Day // band starts of the child being simulated, then the 18th birthday
	cStart []float64  // the days the child's duration classes after the first start
}

func newSim(p *model.Params, opt Options, rng *rand.Rand) *sim {
	K, B, R := p.K(), p.B(), p.R()
	s := &sim{p: p, opt: opt, rng: rng, K: K, B: B, R: R, E: K + R + 2,
		codes: []string{""}, codeIdx: map[string]uint16{"": 0}, bStart: make([]data.Day, B+1)}
	firstYear := opt.LastYear - opt.Years // the calendar year the first return starts in
	s.first = data.CivilDay(firstYear, 4, 1)
	s.warm = data.CivilDay(firstYear-opt.WarmUp, 4, 1)
	s.end = data.CivilDay(opt.LastYear, 4, 1)
	s.bandOf = model.BandOfYear(p.Bands)
	s.intensities()
	s.entrantDraws()
	return s
}

// intensities sets up the event intensities per day of each state
// (duration class, band, category): moves to each other category, exits
// by reason (× the class's factor), legal-status changes and placement
// changes within the category.
func (s *sim) intensities() {
	p, K, B, R, E := s.p, s.K, s.B, s.R, s.E
	factor := s.opt.Durations.factors(p.Reasons)
	D := len(factor)
	s.cStart = make([]float64, D-1)
	s.cum = make([]float64, D*B*K*E)
	s.total = make([]float64, D*B*K)
	s.lastPos = make([]int, D*B*K)
	for cb := 0; cb < D*B; cb++ {
		d, b := cb/B, cb%B
		for k := 0; k < K; k++ {
			cell := cb*K + k
			c := s.cum[cell*E : (cell+1)*E]
			acc, last := 0.0, 0
			add := func(e int, rate float64) {
				if rate > 0 {
					acc += rate / model.DaysPerYear
					last = e
				}
				c[e] = acc
			}
			for j := 0; j < K; j++ {
				if j != k {
					add(j, p.Move[p.MoveAt(b, k, j)])
				} else {
					add(j, 0)
				}
			}
			for r := 0; r < R; r++ {
				add(K+r, p.Exit[p.ExitAt(r, b, k)]*factor[d][r])
			}
			add(K+R, s.opt.LegalChangeRate)
			add(K+R+1, s.opt.PlacementChangeRate)
			s.total[cell], s.lastPos[cell] = acc, last
		}
	}
}

// entrantDraws sets up the cumulative weights of entrants' ages and, by age
// band, first placements of each route.
func (s *sim) entrantDraws() {
	K, B := s.K, s.B
	s.ageCum = make([][model.AgeYears]float64, len(s.p.Routes))
	s.firstCum = make([][]float64, len(s.p.Routes))
	for ri, r := range s.p.Routes {
		cumulate(s.ageCum[ri][:], r.AgeProfile[:])
		fc := make([]float64, B*K)
		for b := 0; b < B; b++ {
			cumulate(fc[b*K:(b+1)*K], r.FirstPlacement[b*K:(b+1)*K])
		}
		s.firstCum[ri] = fc
	}
}

// code interns a code.
func (s *sim) code(c string) uint16 {
	if i, ok := s.codeIdx[c]; ok {
		return i
	}
	i := uint16(len(s.codes))
	s.codes = append(s.codes, c)
	s.codeIdx[c] = i
	return i
}
