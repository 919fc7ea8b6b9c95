package synth

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/carecast/carecast/data"
)

// commonPlaces are the PLACE codes used when they can express a
// category: current codes in everyday use (not K3 and Z11–Z14, which only
// exist from 2024 and 2025, nor the old Q and M codes).
var commonPlaces = []string{"A3", "A4", "A5", "A6", "H5", "K1", "K2", "P1", "P2", "P3", "R1", "R2", "R3", "R5", "S1",
	"T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1"}

// otherRECs are the REC codes preferred for the "other" exit reason,
// each as often as it is listed: any other reason, independent living
// (supported), another council took over, remand ended, custody,
// independent living (unsupported), moved abroad, adult social care.
var otherRECs = []string{"E8", "E8", "E8", "E8", "E5", "E5", "E3", "E3", "E14", "E9", "E6", "E16", "E7"}

// lsWeight and cinWeight weight the legal statuses and categories
// of need of first episodes (absent: not used when others will do).
var (
	lsWeight  = map[string]float64{"C1": 5, "C2": 2, "V2": 5, "L1": 1, "L2": 1, "L3": 0.5, "J1": 1, "J2": 2, "J3": 0.5, "E1": 0.2}
	cinWeight = map[string]float64{"N1": 4, "N2": 1, "N3": 1, "N4": 2, "N5": 1, "N6": 1, "N7": 0.5, "N8": 0.5}
)

// nextLegalStatus is the legal status after a legal-status change (an interim
// care order becomes a care order, section 20 becomes an interim care
// order, remand ends in section 20, …); any other status becomes C2.
var nextLegalStatus = map[string]string{"C1": "C2", "C2": "E1", "E1": "C2", "D1": "C2", "V2": "C1",
	"L1": "C1", "L2": "C1", "L3": "V2", "J1": "V2", "J2": "V2", "J3": "V2"}

// placeReasons weight REASON_PLACE_CHANGE for placement changes.
var placeReasons = []struct {
	code string
	w    float64
}{{"PLACE", 4}, {"CARPL", 3}, {"CHILD", 2}, {"LAREQ", 1}, {"CREQB", 0.5}, {"CREQO", 0.5}, {"CLOSE", 0.5}, {"STAND", 0.3}, {"ALLEG", 0.2}, {"OTHER", 1}}

// codesFrom works out, through the classifier of mapping m, the codes that
// express each category, reason and route.
func (s *sim) codesFrom(cl *data.Classifier, m data.Mapping) error {
	s.fixedCodes()
	if err := s.placesFrom(cl); err != nil {
		return err
	}
	if err := s.recsFrom(cl, m); err != nil {
		return err
	}
	lsCodes, err := s.routesFrom(cl)
	if err != nil {
		return err
	}
	s.changeCodes(lsCodes)
	if len(s.codes) > math.MaxUint16 {
		return errors.New("too many codes")
	}
	return nil
}

// fixedCodes interns the codes the simulation always writes.
func (s *sim) fixedCodes() {
	s.cS, s.cL, s.cP, s.cT, s.cB = s.code("S"), s.code("L"), s.code("P"), s.code("T"), s.code("B")
	s.cX1 = s.code("X1")
	s.cV2, s.cV3 = s.code("V2"), s.code("V3")
	s.cN2, s.cN8 = s.code("N2"), s.code("N8")
	s.cE13 = s.code("E13")
	s.sbPlaces = []placement{{s.code("K2"), s.code("PR1")}, {s.code("U4"), s.code("PR1")}, {s.code("K2"), s.code("PR4")}}
}

// placesFrom finds the PLACE and PLACE_PROVIDER codes of each category.
func (s *sim) placesFrom(cl *data.Classifier) error {
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
	s.places = make([][]placement, s.K)
	// The first tier that expresses a category is used for it.
	common, all := pairs(commonPlaces, false), pairs(data.Codes("PLACE"), true)
	for k := 0; k < s.K; k++ {
		for _, tier := range [][][2]string{common, all} {
			for _, pp := range tier {
				if cl.Category(pp[0], pp[1]) == k {
					s.places[k] = append(s.places[k], placement{s.code(pp[0]), s.code(pp[1])})
				}
			}
			if len(s.places[k]) > 0 {
				break
			}
		}
		if len(s.places[k]) == 0 {
			return fmt.Errorf("category %s: no PLACE and PLACE_PROVIDER code is classified into it by the mapping", s.p.Categories[k])
		}
	}
	return nil
}

// recsFrom finds the REC codes of each exit reason, checked on a child far
// from 18: those listed for it in m that are not historic, and for the
// other reason otherRECs, if the classifier puts them into it; else any
// REC code it puts into it.
func (s *sim) recsFrom(cl *data.Classifier, m data.Mapping) error {
	p := s.p
	dob := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2005, 1, 1, 0, 0, 0, 0, time.UTC)
	listed := map[string]bool{}
	for _, codes := range m.ExitCodes {
		for _, c := range codes {
			listed[normCode(c)] = true
		}
	}
	var recCodes []string
	for _, c := range data.Codes("REC") {
		if c != "X1" {
			recCodes = append(recCodes, c)
		}
	}
	s.recs = make([][]uint16, s.R)
	for r := 0; r < s.R; r++ {
		var tiers [][]string
		var first []string
		for _, c := range m.ExitCodes[p.Reasons[r]] {
			if d, _ := data.LookupCode("REC", normCode(c)); !strings.Contains(d, "historic") {
				first = append(first, normCode(c))
			}
		}
		if r == cl.OtherReason() {
			for _, c := range otherRECs {
				if !listed[c] {
					first = append(first, c)
				}
			}
		}
		tiers = append(tiers, first, recCodes)
		for _, tier := range tiers {
			for _, c := range tier {
				if _, known := data.LookupCode("REC", c); known && c != "X1" && cl.Reason(c, dob, end) == r {
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
	return nil
}

// routesFrom finds the first episodes (LS and CIN, weighted) of each route,
// and returns the LS codes of first episodes.
func (s *sim) routesFrom(cl *data.Classifier) (lsCodes []string, err error) {
	p := s.p
	s.uascRoute = cl.UASCRoute()
	s.starts = make([][]opening, len(p.Routes))
	s.routeOK = make([]bool, len(p.Routes))
	for _, c := range data.Codes("LS") {
		if c != "V3" && c != "V4" {
			lsCodes = append(lsCodes, c)
		}
	}
	cinCodes := data.Codes("CIN")
	for ri := range p.Routes {
		if ri == s.uascRoute {
			if cl.Route(&data.Episode{LS: data.CodeOf("V2"), CIN: data.CodeOf("N8")}, true) == ri {
				s.starts[ri] = []opening{{s.cV2, s.cN8, 1}}
			}
		} else {
			s.starts[ri] = s.openings(cl, ri, lsCodes, cinCodes)
		}
		s.routeOK[ri] = len(s.starts[ri]) > 0
		if !s.routeOK[ri] && p.Routes[ri].PerMonth > 0 {
			return nil, fmt.Errorf("route %s: no first episode (LS, CIN, UASC) is classified into it by the mapping", p.Routes[ri].Name)
		}
	}

	anyOK := false
	for _, ok := range s.routeOK {
		anyOK = anyOK || ok
	}
	if !anyOK {
		return nil, errors.New("no route's first episode can be expressed through the mapping")
	}
	return lsCodes, nil
}

// openings returns the first episodes of route ri, not UASC, with their
// cumulative weights: the pairs of LS and CIN codes the classifier puts
// into the route, weighted by lsWeight and cinWeight (equally if all their
// weights are 0).
func (s *sim) openings(cl *data.Classifier, ri int, lsCodes, cinCodes []string) []opening {
	var cands []opening
	var tot float64
	for _, ls := range lsCodes {
		for _, cin := range cinCodes {
			if cl.Route(&data.Episode{LS: data.CodeOf(ls), CIN: data.CodeOf(cin)}, false) != ri {
				continue
			}
			w := lsWeight[ls] * cinWeight[cin]
			tot += w
			cands = append(cands, opening{s.code(ls), s.code(cin), w})
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
	return cands
}

// changeCodes interns the legal statuses (lsCodes, then V3 and V4) and sets
// up the legal-status changes and the reasons for placement changes.
func (s *sim) changeCodes(lsCodes []string) {
	for _, c := range append(append([]string{}, lsCodes...), "V3", "V4") {
		s.code(c)
	}
	w := make([]float64, len(placeReasons))
	for i, r := range placeReasons {
		w[i] = r.w
		s.reasons = append(s.reasons, s.code(r.code))
	}
	s.reasonCum = make([]float64, len(w))
	cumulate(s.reasonCum, w)
	c2 := s.code("C2")
	s.nextLS = make([]uint16, len(s.codes))
	for i := range s.nextLS {
		s.nextLS[i] = c2
	}
	for from, to := range nextLegalStatus {
		if i, ok := s.codeIdx[from]; ok {
			s.nextLS[i] = s.code(to) // every target is an LS code, interned above
		}
	}
}

// normCode trims spaces and tabs and upper-cases a code, as the reader does.
func normCode(c string) string { return strings.ToUpper(strings.Trim(c, " \t")) }
