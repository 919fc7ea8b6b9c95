package data

import (
	"bufio"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/carecast/carecast/model"
)

// SynthOptions sets up a synthetic council (see Synthesize). A zero field
// takes the default given here; DefaultSynthOptions returns the defaults
// with realistic values for the fields whose zero means "none".
//
//   - LastYear: the last return written is for the financial year ending in
//     March of LastYear (2025: April 2024 to March 2025). Default (0): the
//     year of the last March before the params' Start month (2025 for a
//     scenario starting 2025-04), so that the synthetic history ends where
//     the scenario's projection begins. It is the only use made of Start.
//   - Years: the number of yearly returns written, ending with LastYear's.
//     Default 5; at most 50.
//   - WarmUp: years simulated before the first return, so that the
//     population has the params' dynamics (its ages, placements and
//     durations in care) rather than the shape of the initial stock alone.
//     The initial stock is placed on 1 April, WarmUp years before the first
//     return's year starts. Default (0) 5; a negative value means none (the
//     initial stock is placed on the first return's 1 April). At most 100.
//   - Scale: multiplies the initial stock and the entries (1: the params as
//     given, about 480 children in care for the shipped baseline; 170:
//     about the size of England, 83,630 children in care at 31 March 2024
//     and 30,000 starts a year). Default (0) 1.
//   - ShortBreakShare: short-break episodes (LS V3, each 1–4 days, RNE S, in
//     a series of 1–6 breaks 2–8 weeks apart for a disabled child aged 5 to
//     16 who is otherwise not looked after) as a share of all the episodes
//     that start a period (RNE S). DfE counting leaves them out, so they
//     test that the counting does. Zero: none; DefaultSynthOptions: 0.05.
//     Must be below 1.
//   - LegalChangeRate: legal-status-only changes (a new episode with RNE L,
//     a new LS and the same placement; not a move) per child-year in care.
//     Zero: none; DefaultSynthOptions: 0.25.
//   - PlacementChangeRate: changes of placement within the same category
//     (RNE P, or T for the same carer, with a PLACE and PLACE_PROVIDER of
//     that category, maybe the same codes) per child-year in care. DfE counts them as
//     placement moves, but they are not moves between the model's
//     categories, so a calibration must not count them as such. Zero:
//     none; DefaultSynthOptions: 0.3.
type SynthOptions struct {
	LastYear            int
	Years               int
	WarmUp              int
	Scale               float64
	ShortBreakShare     float64
	LegalChangeRate     float64
	PlacementChangeRate float64
}

// DefaultSynthOptions returns the defaults of SynthOptions, with realistic
// values for the rates whose zero value means none. LastYear is left 0
// (derived from the params).
func DefaultSynthOptions() SynthOptions {
	return SynthOptions{
		Years:               5,
		WarmUp:              5,
		Scale:               1,
		ShortBreakShare:     0.05,
		LegalChangeRate:     0.25,
		PlacementChangeRate: 0.3,
	}
}

// Resolve returns the options with their defaults filled in for params p
// (WarmUp 0 when none is asked for), or an error for a value out of range.
// Synthesize resolves its options itself; callers use Resolve to learn the
// years written: LastYear−Years+1 to LastYear.
func (o SynthOptions) Resolve(p *model.Params) (SynthOptions, error) {
	if o.LastYear == 0 {
		if p == nil || p.Start == 0 {
			return o, errors.New("synth: LastYear is not set and the params have no start month to take it from")
		}
		before := p.Start - 1
		o.LastYear = before.Year()
		if before.Calendar() < time.March {
			o.LastYear--
		}
	}
	if o.Years == 0 {
		o.Years = 5
	}
	switch {
	case o.WarmUp == 0:
		o.WarmUp = 5
	case o.WarmUp < 0:
		o.WarmUp = 0
	}
	if o.Scale == 0 {
		o.Scale = 1
	}
	bad := func(v float64) bool { return v < 0 || math.IsNaN(v) || math.IsInf(v, 0) }
	switch {
	case o.Years < 1 || o.Years > 50:
		return o, fmt.Errorf("synth: %d years of returns: want 1 to 50", o.Years)
	case o.WarmUp > 100:
		return o, fmt.Errorf("synth: a warm-up of %d years: want at most 100", o.WarmUp)
	case o.LastYear-o.Years-o.WarmUp-model.AgeYears-1 < MinYear || o.LastYear+model.AgeYears > MaxYear:
		return o, fmt.Errorf("synth: returns ending %d (%d years, %d years of warm-up) reach outside the years %d–%d",
			o.LastYear, o.Years, o.WarmUp, MinYear, MaxYear)
	case bad(o.Scale):
		return o, fmt.Errorf("synth: scale %v: must be positive", o.Scale)
	case bad(o.ShortBreakShare) || o.ShortBreakShare >= 1:
		return o, fmt.Errorf("synth: short-break share %v: want 0 to less than 1", o.ShortBreakShare)
	case bad(o.LegalChangeRate) || o.LegalChangeRate > 1000:
		return o, fmt.Errorf("synth: legal-status change rate %v: want 0 to 1000 a child-year", o.LegalChangeRate)
	case bad(o.PlacementChangeRate) || o.PlacementChangeRate > 1000:
		return o, fmt.Errorf("synth: placement change rate %v: want 0 to 1000 a child-year", o.PlacementChangeRate)
	}
	return o, nil
}

// Synthesize simulates the children of a synthetic council in continuous
// time from params p and returns what ReadDir would give for the returns
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
//     PerMonth·Scale·(1+Trend)^(t/12), t being months since the warm-up
//     started, on days uniform within the month. The age is a single year
//     drawn from the route's AgeProfile and a uniform day within that year
//     of age; the first placement is drawn from the route's FirstPlacement
//     row for the age band.
//   - In care, exits by reason and moves between categories are competing
//     exponential risks with intensities p.Exit and p.Move (per 365.25
//     days) of the child's current age band and category; legal-status
//     changes and placement changes within the category (see SynthOptions)
//     are further risks that change neither. At a birthday that starts a
//     new band the risks are redrawn (they are memoryless). A child still in
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
// Short breaks (SynthOptions) are children of their own.
//
// p must be valid and have no rate changes or interventions (the synthetic
// council has constant rates). The result depends only on p, m, opt and
// the state of rng.
func Synthesize(p *model.Params, m Mapping, opt SynthOptions, rng *rand.Rand) (*Returns, error) {
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
	s := newSynthSim(p, opt, rng)
	if err := s.codesFrom(cl); err != nil {
		return nil, fmt.Errorf("synth: %w", err)
	}
	s.run()
	return s.returns(), nil
}

// synthEp is an episode being simulated: dates as days, codes as indices
// into synthSim.codes (0 is blank).
type synthEp struct {
	start, end                                 Day // end is NoDay while open
	rne, ls, cin, place, provider, rec, reason uint16
}

// synthKid is a child kept for the returns; its episodes are
// synthSim.eps[first:] up to the next child's first.
type synthKid struct {
	dob   Day
	sex   int8
	uasc  bool
	first int32
}

// synthPlace is a PLACE and PLACE_PROVIDER.
type synthPlace struct{ place, provider uint16 }

// synthStart is a first episode's LS and CIN, with its cumulative weight
// among a route's choices.
type synthStart struct {
	ls, cin uint16
	cum     float64
}

// synthSim is one simulation.
type synthSim struct {
	p          *model.Params
	opt        SynthOptions
	rng        *rand.Rand
	K, B, R, E int // categories, bands, reasons, events of a state

	warm, first, end Day // warm-up start, first return's 1 April, day after the last return

	// Event intensities per day of each state (band, category): cum holds
	// E cumulative values per state, in the order moves to each category,
	// exits by reason, legal change, placement change; total is the sum and
	// lastPos the last event with a positive rate.
	cum     []float64
	total   []float64
	lastPos []int

	ageCum   [][model.AgeYears]float64 // [route]: cumulative age profile, normalised
	firstCum [][]float64               // [route][band*K+k]: cumulative first placements, normalised by band
	bandOf   [model.AgeYears]int

	codes   []string
	codeIdx map[string]uint16

	places     [][]synthPlace // [category]
	recs       [][]uint16     // [reason]
	ageOutRecs []uint16
	starts     [][]synthStart // [route]
	uascRoute  int
	routeOK    []bool
	nextLS     []uint16 // [code index]: the legal status after a legal-status change
	reasonCum  []float64
	reasons    []uint16
	sbPlaces   []synthPlace
	cS, cL     uint16
	cP, cT, cB uint16
	cX1        uint16
	cV2, cV3   uint16
	cN2, cN8   uint16
	cE13       uint16

	kids   []synthKid
	eps    []synthEp
	buf    []synthEp
	bStart []Day // band starts of the child being simulated, then the 18th birthday
}

func newSynthSim(p *model.Params, opt SynthOptions, rng *rand.Rand) *synthSim {
	K, B, R := p.K(), p.B(), p.R()
	s := &synthSim{p: p, opt: opt, rng: rng, K: K, B: B, R: R, E: K + R + 2,
		codes: []string{""}, codeIdx: map[string]uint16{"": 0}, bStart: make([]Day, B+1)}
	firstYear := opt.LastYear - opt.Years // the calendar year the first return starts in
	s.first = CivilDay(firstYear, 4, 1)
	s.warm = CivilDay(firstYear-opt.WarmUp, 4, 1)
	s.end = CivilDay(opt.LastYear, 4, 1)
	s.bandOf = model.BandOfYear(p.Bands)
	// intensities per day
	E := s.E
	s.cum = make([]float64, B*K*E)
	s.total = make([]float64, B*K)
	s.lastPos = make([]int, B*K)
	for b := 0; b < B; b++ {
		for k := 0; k < K; k++ {
			cell := b*K + k
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
				add(K+r, p.Exit[p.ExitAt(r, b, k)])
			}
			add(K+R, opt.LegalChangeRate)
			add(K+R+1, opt.PlacementChangeRate)
			s.total[cell], s.lastPos[cell] = acc, last
		}
	}
	// entrants' ages and first placements
	s.ageCum = make([][model.AgeYears]float64, len(p.Routes))
	s.firstCum = make([][]float64, len(p.Routes))
	for ri, r := range p.Routes {
		var sum float64
		for _, w := range r.AgeProfile {
			sum += w
		}
		acc := 0.0
		for y, w := range r.AgeProfile {
			if sum > 0 {
				acc += w / sum
			}
			s.ageCum[ri][y] = acc
		}
		fc := make([]float64, B*K)
		for b := 0; b < B; b++ {
			row := r.FirstPlacement[b*K : (b+1)*K]
			var tot float64
			for _, w := range row {
				tot += w
			}
			acc := 0.0
			for k, w := range row {
				if tot > 0 {
					acc += w / tot
				}
				fc[b*K+k] = acc
			}
		}
		s.firstCum[ri] = fc
	}
	return s
}

// code interns a code.
func (s *synthSim) code(c string) uint16 {
	if i, ok := s.codeIdx[c]; ok {
		return i
	}
	i := uint16(len(s.codes))
	s.codes = append(s.codes, c)
	s.codeIdx[c] = i
	return i
}

// synthCommonPlaces are the PLACE codes used when they can express a
// category: current codes in everyday use (not K3 and Z11–Z14, which only
// exist from 2024 and 2025, nor the old Q and M codes).
var synthCommonPlaces = []string{"A3", "A4", "A5", "A6", "H5", "K1", "K2", "P1", "P2", "P3", "R1", "R2", "R3", "R5", "S1",
	"T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1"}

// synthOtherRECs are the REC codes preferred for the "other" exit reason,
// each as often as it is listed: any other reason, independent living
// (supported), another council took over, remand ended, custody,
// independent living (unsupported), moved abroad, adult social care.
var synthOtherRECs = []string{"E8", "E8", "E8", "E8", "E5", "E5", "E3", "E3", "E14", "E9", "E6", "E16", "E7"}

// synthLSWeight and synthCINWeight weight the legal statuses and categories
// of need of first episodes (absent: not used when others will do).
var (
	synthLSWeight  = map[string]float64{"C1": 5, "C2": 2, "V2": 5, "L1": 1, "L2": 1, "L3": 0.5, "J1": 1, "J2": 2, "J3": 0.5, "E1": 0.2}
	synthCINWeight = map[string]float64{"N1": 4, "N2": 1, "N3": 1, "N4": 2, "N5": 1, "N6": 1, "N7": 0.5, "N8": 0.5}
)

// synthNextLS is the legal status after a legal-status change (an interim
// care order becomes a care order, section 20 becomes an interim care
// order, remand ends in section 20, …); any other status becomes C2.
var synthNextLS = map[string]string{"C1": "C2", "C2": "E1", "E1": "C2", "D1": "C2", "V2": "C1",
	"L1": "C1", "L2": "C1", "L3": "V2", "J1": "V2", "J2": "V2", "J3": "V2"}

// synthPlaceReasons weight REASON_PLACE_CHANGE for placement changes.
var synthPlaceReasons = []struct {
	code string
	w    float64
}{{"PLACE", 4}, {"CARPL", 3}, {"CHILD", 2}, {"LAREQ", 1}, {"CREQB", 0.5}, {"CREQO", 0.5}, {"CLOSE", 0.5}, {"STAND", 0.3}, {"ALLEG", 0.2}, {"OTHER", 1}}

// codesFrom works out, through the classifier, the codes that express each
// category, reason and route.
func (s *synthSim) codesFrom(cl *Classifier) error {
	p := s.p
	s.cS, s.cL, s.cP, s.cT, s.cB = s.code("S"), s.code("L"), s.code("P"), s.code("T"), s.code("B")
	s.cX1 = s.code("X1")
	s.cV2, s.cV3 = s.code("V2"), s.code("V3")
	s.cN2, s.cN8 = s.code("N2"), s.code("N8")
	s.cE13 = s.code("E13")
	s.sbPlaces = []synthPlace{{s.code("K2"), s.code("PR1")}, {s.code("U4"), s.code("PR1")}, {s.code("K2"), s.code("PR4")}}

	// placements
	providers := []string{"PR1", "PR2", "PR3", "PR4", "PR5"}
	pairs := func(places []string, all bool) [][2]string {
		var out [][2]string
		for _, pl := range places {
			if pl == "P1" && !all {
				out = append(out, [2]string{pl, "PR0"})
				continue
			}
			provs := providers
			if all {
				provs = append([]string{"PR0"}, providers...)
			}
			for _, pr := range provs {
				out = append(out, [2]string{pl, pr})
			}
		}
		return out
	}
	s.places = make([][]synthPlace, s.K)
	// The first tier that expresses a category is used for it.
	common, all := pairs(synthCommonPlaces, false), pairs(Codes("PLACE"), true)
	for k := 0; k < s.K; k++ {
		for _, tier := range [][][2]string{common, all} {
			for _, pp := range tier {
				if cl.Category(pp[0], pp[1]) == k {
					s.places[k] = append(s.places[k], synthPlace{s.code(pp[0]), s.code(pp[1])})
				}
			}
			if len(s.places[k]) > 0 {
				break
			}
		}
		if len(s.places[k]) == 0 {
			return fmt.Errorf("category %s: no PLACE and PLACE_PROVIDER code is classified into it by the mapping", p.Categories[k])
		}
	}

	// exit reasons, checked on a child far from 18
	dob := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2005, 1, 1, 0, 0, 0, 0, time.UTC)
	listed := map[string]bool{}
	for _, codes := range cl.m.ExitCodes {
		for _, c := range codes {
			listed[normCode(c)] = true
		}
	}
	var recCodes []string
	for _, c := range Codes("REC") {
		if c != "X1" {
			recCodes = append(recCodes, c)
		}
	}
	s.recs = make([][]uint16, s.R)
	for r := 0; r < s.R; r++ {
		var tiers [][]string
		var first []string
		for _, c := range cl.m.ExitCodes[p.Reasons[r]] {
			if d, _ := LookupCode("REC", normCode(c)); !strings.Contains(d, "historic") {
				first = append(first, normCode(c))
			}
		}
		if r == cl.otherReason {
			for _, c := range synthOtherRECs {
				if !listed[c] {
					first = append(first, c)
				}
			}
		}
		tiers = append(tiers, first, recCodes)
		for _, tier := range tiers {
			for _, c := range tier {
				if _, known := LookupCode("REC", c); known && c != "X1" && cl.Reason(c, dob, end) == r {
					s.recs[r] = append(s.recs[r], s.code(c))
				}
			}
			if len(s.recs[r]) > 0 {
				break
			}
		}
		if len(s.recs[r]) == 0 {
			return fmt.Errorf("exit reason %s: no REC code is classified into it by the mapping", p.Reasons[r])
		}
	}
	for _, c := range []string{"E17", "E8", "E5"} {
		s.ageOutRecs = append(s.ageOutRecs, s.code(c))
	}

	// routes
	s.uascRoute = cl.uascRoute
	s.starts = make([][]synthStart, len(p.Routes))
	s.routeOK = make([]bool, len(p.Routes))
	var lsCodes, cinCodes []string
	for _, c := range Codes("LS") {
		if c != "V3" && c != "V4" {
			lsCodes = append(lsCodes, c)
		}
	}
	cinCodes = Codes("CIN")
	for ri := range p.Routes {
		if ri == s.uascRoute {
			if cl.Route(&Episode{LS: "V2", CIN: "N8"}, true) == ri {
				s.starts[ri] = []synthStart{{s.cV2, s.cN8, 1}}
			}
		} else {
			var cands []synthStart
			var tot float64
			for _, ls := range lsCodes {
				for _, cin := range cinCodes {
					if cl.Route(&Episode{LS: ls, CIN: cin}, false) != ri {
						continue
					}
					w := synthLSWeight[ls] * synthCINWeight[cin]
					tot += w
					cands = append(cands, synthStart{s.code(ls), s.code(cin), w})
				}
			}
			acc := 0.0
			for i := range cands {
				if tot > 0 {
					acc += cands[i].cum / tot
				} else {
					acc += 1 / float64(len(cands))
				}
				cands[i].cum = acc
			}
			s.starts[ri] = cands
		}
		s.routeOK[ri] = len(s.starts[ri]) > 0
		if !s.routeOK[ri] && p.Routes[ri].PerMonth > 0 {
			return fmt.Errorf("route %s: no first episode (LS, CIN, UASC) is classified into it by the mapping", p.Routes[ri].Name)
		}
	}

	anyOK := false
	for _, ok := range s.routeOK {
		anyOK = anyOK || ok
	}
	if !anyOK {
		return errors.New("no route's first episode can be expressed through the mapping")
	}

	// legal-status changes and reasons for placement changes
	for _, c := range append(append([]string{}, lsCodes...), "V3", "V4") {
		s.code(c)
	}
	var tot float64
	for _, r := range synthPlaceReasons {
		tot += r.w
	}
	acc := 0.0
	for _, r := range synthPlaceReasons {
		acc += r.w / tot
		s.reasonCum = append(s.reasonCum, acc)
		s.reasons = append(s.reasons, s.code(r.code))
	}
	c2 := s.code("C2")
	s.nextLS = make([]uint16, len(s.codes))
	for i := range s.nextLS {
		s.nextLS[i] = c2
	}
	for from, to := range synthNextLS {
		if i, ok := s.codeIdx[from]; ok {
			s.nextLS[i] = s.code(to) // every target is an LS code, interned above
		}
	}
	if len(s.codes) > math.MaxUint16 {
		return errors.New("too many codes")
	}
	return nil
}

// synthFirstID is the identifier of the first child; the others follow in
// the order they came into care (the initial stock first).
const synthFirstID = 1000001

// run simulates the initial stock, then month by month the entries and the
// short breaks.
func (s *synthSim) run() {
	p := s.p
	s.initialStock()
	first := model.MonthOf(s.opt.LastYear-s.opt.Years-s.opt.WarmUp, time.April)
	months := 12 * (s.opt.WarmUp + s.opt.Years)
	// Short breaks matter only in the returns; a series lasts under a year.
	sbFrom := max(0, months-12*(s.opt.Years+1))
	for t := 0; t < months; t++ {
		m := first + model.Month(t)
		start, days := CivilDay(m.Year(), m.Calendar(), 1), m.Days()
		var expected float64
		for ri := range p.Routes {
			r := &p.Routes[ri]
			mean := r.PerMonth * s.opt.Scale * math.Pow(1+r.Trend, float64(t)/12)
			expected += mean
			for n := synthPoisson(s.rng, mean); n > 0; n-- {
				s.entrant(ri, start, days)
			}
		}
		if s.opt.ShortBreakShare > 0 && t >= sbFrom {
			// expected episodes ÷ 3.5 breaks a child on average
			mean := s.opt.ShortBreakShare / (1 - s.opt.ShortBreakShare) * expected / 3.5
			for n := synthPoisson(s.rng, mean); n > 0; n-- {
				s.shortBreaks(start, days)
			}
		}
	}
}

// initialStock places p.Initial × Scale on the first day of the warm-up.
func (s *synthSim) initialStock() {
	K := s.K
	y, _, _ := s.warm.Civil()
	march := model.MonthOf(y, time.March) // the stock is at the end of March
	initRoute := s.initialRoutes()
	for a := 0; a < model.NAges; a++ {
		born := march - model.Month(a)
		bornStart, bornDays := CivilDay(born.Year(), born.Calendar(), 1), born.Days()
		for k := 0; k < K; k++ {
			x := s.p.Initial[a*K+k] * s.opt.Scale
			n := int(x)
			if frac := x - float64(n); frac > 0 && s.rng.Float64() < frac {
				n++
			}
			for ; n > 0; n-- {
				dob := bornStart + Day(s.rng.IntN(bornDays))
				from := max(dob, s.warm-3*365)
				decom := from + Day(s.rng.IntN(int(s.warm-from)))
				ri := synthDraw(initRoute[a/12], s.rng.Float64())
				s.child(dob, ri, float64(s.warm), decom, k)
			}
		}
	}
}

// initialRoutes returns, by year of age, the cumulative weights of the
// routes the initial stock is taken to have come by: the routes' entries
// at that age, among the routes the mapping can express.
func (s *synthSim) initialRoutes() [][]float64 {
	n := len(s.p.Routes)
	out := make([][]float64, model.AgeYears)
	for y := range out {
		w := make([]float64, n)
		var tot float64
		for pass := 0; pass < 3 && tot == 0; pass++ {
			for ri, r := range s.p.Routes {
				if !s.routeOK[ri] {
					continue
				}
				switch pass {
				case 0: // entries at this age
					prev := 0.0
					if y > 0 {
						prev = s.ageCum[ri][y-1]
					}
					w[ri] = r.PerMonth * (s.ageCum[ri][y] - prev)
				case 1: // entries at any age
					w[ri] = r.PerMonth
				default: // any route the mapping can express
					w[ri] = 1
				}
				tot += w[ri]
			}
		}
		acc := 0.0
		for ri := range w {
			if tot > 0 {
				acc += w[ri] / tot
			}
			w[ri] = acc
		}
		out[y] = w
	}
	return out
}

// entrant simulates a child entering by route ri in the month starting on
// day start.
func (s *synthSim) entrant(ri int, start Day, days int) {
	t := float64(start) + s.rng.Float64()*float64(days)
	d := min(Day(math.Floor(t)), start+Day(days)-1)
	y := synthDraw(s.ageCum[ri][:], s.rng.Float64())
	// born on a uniform day among those that make the child y on day d
	latest := d.AddYears(-y)
	earliest := d.AddYears(-(y + 1)) + 1
	dob := latest - Day(s.rng.IntN(int(latest-earliest)+1))
	for dob.AddYears(model.AgeYears) <= d { // only for 29 February
		dob++
	}
	b := s.bandOf[y]
	k := synthDraw(s.firstCum[ri][b*s.K:(b+1)*s.K], s.rng.Float64())
	s.child(dob, ri, t, d, k)
}

// child simulates a child from time t (in days, continuous) in category k,
// whose period of care began on day decom by route ri, until they leave
// care or the simulation ends, and keeps them if they are in the returns.
func (s *synthSim) child(dob Day, ri int, t float64, decom Day, k int) {
	K, B, R := s.K, s.B, s.R
	uasc := ri == s.uascRoute
	var sex int8 = 2
	male := 0.52
	if uasc {
		male = 0.9
	}
	if s.rng.Float64() < male {
		sex = 1
	}
	st := s.starts[ri]
	first := st[synthDrawStart(st, s.rng.Float64())]
	for b := 0; b < B; b++ {
		s.bStart[b] = dob.AddYears(s.p.Bands[b].Min)
	}
	b18 := dob.AddYears(model.AgeYears)
	s.bStart[B] = b18
	pl := s.place(k)
	s.buf = append(s.buf[:0], synthEp{start: decom, end: NoDay, rne: s.cS, ls: first.ls, cin: first.cin, place: pl.place, provider: pl.provider})
	endT, b18T := float64(s.end), float64(b18)
	band := 0
	for {
		for band+1 < B && t >= float64(s.bStart[band+1]) {
			band++
		}
		next := math.Min(float64(s.bStart[band+1]), endT)
		cell := band*K + k
		if tot := s.total[cell]; tot > 0 {
			if dt := s.rng.ExpFloat64() / tot; t+dt < next {
				t += dt
				cur := s.buf[len(s.buf)-1]
				switch e := s.event(cell, tot); {
				case e < K: // a move: a new placement and carer (P), with a new legal status too (B) for some
					rne, ls := s.cP, cur.ls
					if s.rng.Float64() < 0.15 {
						rne, ls = s.cB, s.nextLS[cur.ls]
					}
					s.change(t, b18, rne, ls, s.place(e), s.placeReason())
					k = e
				case e < K+R:
					s.exit(t, s.recs[e-K])
					s.keep(dob, sex, uasc)
					return
				case e == K+R:
					s.change(t, b18, s.cL, s.nextLS[cur.ls], synthPlace{cur.place, cur.provider}, 0)
				default: // a new placement in the category: a new carer (P), or the same carer (T) for some
					rne := s.cP
					if s.rng.Float64() < 0.2 {
						rne = s.cT
					}
					s.change(t, b18, rne, cur.ls, s.place(k), s.placeReason())
				}
				continue
			}
		}
		t = next
		if t >= endT {
			break // still in care at the end
		}
		if t >= b18T {
			s.exit(b18T, s.ageOutRecs)
			break
		}
	}
	s.keep(dob, sex, uasc)
}

// event picks the event of state cell that happened.
func (s *synthSim) event(cell int, tot float64) int {
	u := s.rng.Float64() * tot
	c := s.cum[cell*s.E : (cell+1)*s.E]
	for e, v := range c {
		if u < v {
			return e
		}
	}
	return s.lastPos[cell]
}

// place picks a PLACE and PLACE_PROVIDER of category k.
func (s *synthSim) place(k int) synthPlace {
	l := s.places[k]
	if len(l) == 1 {
		return l[0]
	}
	return l[s.rng.IntN(len(l))]
}

// placeReason picks a REASON_PLACE_CHANGE.
func (s *synthSim) placeReason() uint16 {
	return s.reasons[synthDraw(s.reasonCum, s.rng.Float64())]
}

// change ends the current episode at time t and starts one with the given
// codes. It starts the day after the current one if t falls on the day
// that one started; if that would be on or after the 18th birthday or
// after the simulation's end, the current episode takes the new codes
// instead (it needs two events in a day to happen).
func (s *synthSim) change(t float64, b18 Day, rne, ls uint16, pl synthPlace, reason uint16) {
	cur := &s.buf[len(s.buf)-1]
	d := Day(math.Floor(t))
	if d <= cur.start {
		d = cur.start + 1
	}
	if d >= b18 || d >= s.end {
		cur.ls, cur.place, cur.provider = ls, pl.place, pl.provider
		return
	}
	cur.end, cur.rec = d, s.cX1
	s.buf = append(s.buf, synthEp{start: d, end: NoDay, rne: rne, ls: ls, cin: cur.cin,
		place: pl.place, provider: pl.provider, reason: reason})
}

// exit ends the period at time t with one of the REC codes.
func (s *synthSim) exit(t float64, recs []uint16) {
	cur := &s.buf[len(s.buf)-1]
	cur.end = max(Day(math.Floor(t)), cur.start)
	cur.rec = recs[s.rng.IntN(len(recs))]
}

// shortBreaks simulates a disabled child's series of short breaks, the
// first in the month starting on day start.
func (s *synthSim) shortBreaks(start Day, days int) {
	d := start + Day(s.rng.IntN(days))
	dob := d - Day((5+11.5*s.rng.Float64())*model.DaysPerYear)
	b18 := dob.AddYears(model.AgeYears)
	var sex int8 = 2
	if s.rng.Float64() < 0.65 {
		sex = 1
	}
	n := 1 + s.rng.IntN(6)
	s.buf = s.buf[:0]
	for i := 0; i < n && d < s.end; i++ {
		end := d + 1 + Day(s.rng.IntN(4))
		if end >= b18-2*over18Grace {
			break
		}
		pl := s.sbPlaces[s.rng.IntN(len(s.sbPlaces))]
		s.buf = append(s.buf, synthEp{start: d, end: end, rne: s.cS, ls: s.cV3, cin: s.cN2,
			place: pl.place, provider: pl.provider, rec: s.cE13})
		d = end + 14 + Day(s.rng.IntN(43))
	}
	if len(s.buf) > 0 {
		s.keep(dob, sex, false)
	}
}

// keep adds the child in s.buf to the returns if any of their episodes is
// open during the years of the returns, with the episodes that are; an
// episode ending after the last return's 31 March is open in it.
func (s *synthSim) keep(dob Day, sex int8, uasc bool) {
	last := s.end - 1
	buf := s.buf
	lo := 0
	for lo < len(buf) && buf[lo].end != NoDay && buf[lo].end < s.first {
		lo++
	}
	hi := len(buf)
	for hi > lo && buf[hi-1].start > last {
		hi--
	}
	if lo == hi {
		return
	}
	s.kids = append(s.kids, synthKid{dob: dob, sex: sex, uasc: uasc, first: int32(len(s.eps))})
	if n := hi - lo; cap(s.eps)-len(s.eps) < n {
		s.eps = slices.Grow(s.eps, max(n, len(s.eps))) // double: append grows large slices by a quarter
	}
	for _, e := range buf[lo:hi] {
		if e.end != NoDay && e.end > last {
			e.end, e.rec = NoDay, 0
		}
		s.eps = append(s.eps, e)
	}
}

// returns builds the Returns.
func (s *synthSim) returns() *Returns {
	r := &Returns{Children: make([]Child, len(s.kids)), Episodes: make([]Episode, len(s.eps))}
	for i, k := range s.kids {
		c := &r.Children[i]
		c.ID = strconv.Itoa(synthFirstID + i)
		c.Sex, c.DOB, c.UASC = int(k.sex), k.dob.Time(), k.uasc
		if k.uasc {
			c.DUC = k.dob.AddYears(model.AgeYears).Time()
		}
		hi := int32(len(s.eps))
		if i+1 < len(s.kids) {
			hi = s.kids[i+1].first
		}
		for j := k.first; j < hi; j++ {
			e := &s.eps[j]
			r.Episodes[j] = Episode{Child: i, Start: e.start.Time(), End: e.end.Time(),
				RNE: s.codes[e.rne], LS: s.codes[e.ls], CIN: s.codes[e.cin], Place: s.codes[e.place],
				Provider: s.codes[e.provider], REC: s.codes[e.rec], ReasonPlaceChange: s.codes[e.reason]}
		}
	}
	return r
}

// synthDraw returns the first index whose cumulative weight exceeds u, or
// the last index with a weight if rounding leaves u above them all.
func synthDraw(cum []float64, u float64) int {
	last, prev := 0, 0.0
	for i, c := range cum {
		if u < c {
			return i
		}
		if c > prev {
			last = i
		}
		prev = c
	}
	return last
}

// synthDrawStart is synthDraw over a route's first episodes.
func synthDrawStart(st []synthStart, u float64) int {
	for i := range st {
		if u < st[i].cum {
			return i
		}
	}
	return len(st) - 1
}

// synthPoisson draws from a Poisson distribution: by inversion for a small
// mean, else by Hörmann's transformed rejection (PTRS, 1993).
func synthPoisson(rng *rand.Rand, mean float64) int {
	if mean <= 0 {
		return 0
	}
	if mean < 10 {
		u := rng.Float64()
		p := math.Exp(-mean)
		f, k := p, 0
		for u > f && k < 1000 {
			k++
			p *= mean / float64(k)
			f += p
		}
		return k
	}
	slam, loglam := math.Sqrt(mean), math.Log(mean)
	b := 0.931 + 2.53*slam
	a := -0.059 + 0.02483*b
	invalpha := 1.1239 + 1.1328/(b-3.4)
	vr := 0.9277 - 3.6224/(b-2)
	for {
		u := rng.Float64() - 0.5
		v := rng.Float64()
		us := 0.5 - math.Abs(u)
		k := math.Floor((2*a/us+b)*u + mean + 0.43)
		if us >= 0.07 && v <= vr {
			return int(k)
		}
		if k < 0 || us < 0.013 && v > us {
			continue
		}
		lg, _ := math.Lgamma(k + 1)
		if math.Log(v)+math.Log(invalpha)-math.Log(a/(us*us)+b) <= -mean+k*loglam-lg {
			return int(k)
		}
	}
}

// WriteReturns writes r as yearly DfE CSV files in dir (made if need be):
// YYYY-header.csv, YYYY-episodes.csv and YYYY-uasc.csv for each return
// year YYYY from firstYear to lastYear (the year the return's March falls
// in), and YYYY-routes.csv if any episode has a Route. Each return holds
// every episode open at any time during its April–March year (starting on
// or before its 31 March and ending, if at all, on or after its 1 April),
// with DEC and REC blank for an episode still open at its 31 March; the
// header and UASC tables hold the children with an episode in it. Dates
// are DD/MM/YYYY; columns are the DfE's, in its order, with an LA column
// added if any child has an LA. A routes file gives the route of each
// period's first episode. Other files in dir are left alone. ReadDir of
// dir gives r back (without File and Line, and without episodes and
// children outside the years).
func WriteReturns(dir string, r *Returns, firstYear, lastYear int) error {
	if r == nil {
		return errors.New("write returns: no returns")
	}
	if firstYear > lastYear || firstYear <= MinYear || lastYear > MaxYear {
		return fmt.Errorf("write returns: years %d to %d: want %d ≤ first ≤ last ≤ %d", firstYear, lastYear, MinYear+1, MaxYear)
	}
	for i, e := range r.Episodes {
		if e.Child < 0 || e.Child >= len(r.Children) {
			return fmt.Errorf("write returns: episode %d: child %d out of range", i, e.Child)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	w := newSynthWriter(r, firstYear, lastYear)
	n := lastYear - firstYear + 1
	errs := make([]error, n)
	forEach(n, runtime.GOMAXPROCS(0), func(i int) { errs[i] = w.year(dir, firstYear+i) })
	return errors.Join(errs...)
}

// synthWriter holds what every year's files need.
type synthWriter struct {
	r           *Returns
	start, end  []Day  // of each episode (end NoDay while open)
	periodStart []bool // the episode starts a period among those written
	withLA      bool
	withRoutes  bool
}

func newSynthWriter(r *Returns, firstYear, lastYear int) *synthWriter {
	n := len(r.Episodes)
	w := &synthWriter{r: r, start: make([]Day, n), end: make([]Day, n), periodStart: make([]bool, n)}
	for _, c := range r.Children {
		if c.LA != "" {
			w.withLA = true
			break
		}
	}
	from, to := CivilDay(firstYear-1, 4, 1), CivilDay(lastYear, 3, 31)
	prev := -1 // the last episode written, of any child
	for i := range r.Episodes {
		e := &r.Episodes[i]
		w.start[i], w.end[i] = DayOf(e.Start), DayOf(e.End)
		if e.Route != "" {
			w.withRoutes = true
		}
		if w.start[i] > to || w.end[i] != NoDay && w.end[i] < from {
			continue
		}
		// as the reader decides where a period starts (periodStart)
		p := (*Episode)(nil)
		if prev >= 0 && r.Episodes[prev].Child == e.Child {
			p = &r.Episodes[prev]
		}
		w.periodStart[i] = p == nil || e.RNE == "S" || p.REC != "X1" || !p.End.Equal(e.Start)
		prev = i
	}
	return w
}

// year writes the files of the return for the year ending in March of y.
func (w *synthWriter) year(dir string, y int) error {
	r := w.r
	from, to := CivilDay(y-1, 4, 1), CivilDay(y, 3, 31)
	in := make([]bool, len(r.Children))
	la := func(b []byte, c int) []byte {
		if w.withLA {
			b = append(b, ',')
			b = synthField(b, r.Children[c].LA)
		}
		return b
	}
	head := func(cols string) string {
		if w.withLA {
			cols += ",LA"
		}
		return cols + "\n"
	}
	err := synthWriteFile(filepath.Join(dir, strconv.Itoa(y)+"-episodes.csv"),
		head("CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"),
		func(emit func([]byte) error) error {
			var b []byte
			for i := range r.Episodes {
				if w.start[i] > to || w.end[i] != NoDay && w.end[i] < from {
					continue
				}
				e := &r.Episodes[i]
				in[e.Child] = true
				b = synthField(b[:0], r.Children[e.Child].ID)
				b = append(b, ',')
				b = w.start[i].AppendDMY(b)
				for _, f := range []string{e.RNE, e.LS, e.CIN, e.Place, e.Provider} {
					b = append(b, ',')
					b = synthField(b, f)
				}
				b = append(b, ',')
				if w.end[i] != NoDay && w.end[i] <= to {
					b = w.end[i].AppendDMY(b)
					b = append(b, ',')
					b = synthField(b, e.REC)
				} else {
					b = append(b, ',')
				}
				b = append(b, ',')
				b = synthField(b, e.ReasonPlaceChange)
				b = append(b, ",,,"...)
				b = la(b, e.Child)
				b = append(b, '\n')
				if err := emit(b); err != nil {
					return err
				}
			}
			return nil
		})
	if err != nil {
		return err
	}
	sex := func(b []byte, s int) []byte {
		if s == 1 || s == 2 {
			b = strconv.AppendInt(b, int64(s), 10)
		}
		return b
	}
	err = synthWriteFile(filepath.Join(dir, strconv.Itoa(y)+"-header.csv"), head("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"),
		func(emit func([]byte) error) error {
			var b []byte
			for c := range r.Children {
				if !in[c] {
					continue
				}
				ch := &r.Children[c]
				b = synthField(b[:0], ch.ID)
				b = append(b, ',')
				b = sex(b, ch.Sex)
				b = append(b, ',')
				b = DayOf(ch.DOB).AppendDMY(b)
				b = append(b, ",,,,"...)
				b = la(b, c)
				b = append(b, '\n')
				if err := emit(b); err != nil {
					return err
				}
			}
			return nil
		})
	if err != nil {
		return err
	}
	err = synthWriteFile(filepath.Join(dir, strconv.Itoa(y)+"-uasc.csv"), head("CHILD,SEX,DOB,DUC"),
		func(emit func([]byte) error) error {
			var b []byte
			for c := range r.Children {
				ch := &r.Children[c]
				if !in[c] || !ch.UASC {
					continue
				}
				b = synthField(b[:0], ch.ID)
				b = append(b, ',')
				b = sex(b, ch.Sex)
				b = append(b, ',')
				b = DayOf(ch.DOB).AppendDMY(b)
				b = append(b, ',')
				b = DayOf(ch.DUC).AppendDMY(b)
				b = la(b, c)
				b = append(b, '\n')
				if err := emit(b); err != nil {
					return err
				}
			}
			return nil
		})
	if err != nil || !w.withRoutes {
		return err
	}
	return synthWriteFile(filepath.Join(dir, strconv.Itoa(y)+"-routes.csv"), head("CHILD,DECOM,ROUTE"),
		func(emit func([]byte) error) error {
			var b []byte
			for i := range r.Episodes {
				e := &r.Episodes[i]
				if !w.periodStart[i] || e.Route == "" || w.start[i] > to || w.end[i] != NoDay && w.end[i] < from {
					continue
				}
				b = synthField(b[:0], r.Children[e.Child].ID)
				b = append(b, ',')
				b = w.start[i].AppendDMY(b)
				b = append(b, ',')
				b = synthField(b, e.Route)
				b = la(b, e.Child)
				b = append(b, '\n')
				if err := emit(b); err != nil {
					return err
				}
			}
			return nil
		})
}

// synthWriteFile writes a file: its header line, then the rows body emits.
func synthWriteFile(path, header string, body func(emit func([]byte) error) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 256<<10)
	bw.WriteString(header)
	err = body(func(b []byte) error {
		_, err := bw.Write(b)
		return err
	})
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// synthField appends a CSV field, quoted if it must be.
func synthField(b []byte, s string) []byte {
	plain := true
	for i := 0; i < len(s) && plain; i++ {
		c := s[i]
		plain = c != ',' && c != '"' && c != '\r' && c != '\n'
	}
	if plain {
		return append(b, s...)
	}
	b = append(b, '"')
	b = append(b, strings.ReplaceAll(s, `"`, `""`)...)
	return append(b, '"')
}
