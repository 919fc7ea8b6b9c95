package scenarios

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/carecast/carecast/data"
	"github.com/carecast/carecast/model"
)

// Calibrated is what a calibrated scenario file is written from: a template
// scenario for the names, bands, unit costs and code mapping, and the rates
// and stock estimated from a council's returns.
type Calibrated struct {
	Template *Scenario
	Cal      *data.Calibration
	Source   string // where the returns came from, for the file's header
	Name     string
	Horizon  int    // months to project; 0 means the template's
	History  string // the history key: where the returns are, for charts of actual history
}

// Params are the calibrated scenario's parameters: the calibration laid on
// the template (data.Calibration.Params), with the horizon c gives.
func (c Calibrated) Params() *model.Params {
	pr := c.Cal.Params(c.Template.Params)
	if c.Horizon != 0 {
		pr.Horizon = c.Horizon
	}
	return pr
}

// WriteCalibrated writes a complete scenario file, extending none: the
// calibrated parameters (c.Params) written in full by FileOf and Encode, so
// that the file loads back to the same parameters and evidence, with the
// evidence behind each rate also as a comment beside it.
func WriteCalibrated(w io.Writer, c Calibrated) error {
	pr := c.Params()
	f := FileOf(pr, Meta{Name: c.Name, History: c.History, Labels: c.Template.Labels, Mapping: c.Template.Mapping})
	return Encode(w, f, c.notes(pr, f))
}

// notes are the comments of a calibrated file: how it was calibrated, and
// the evidence behind each number in words.
func (c Calibrated) notes(pr *model.Params, f File) *Notes {
	cal, opt := c.Cal, c.Cal.Options
	n := &Notes{Header: []string{
		fmt.Sprintf("Calibrated by carecast from %s.", c.Source),
		fmt.Sprintf("Reference window %s to %s (%d months): each rate is the events in the window", opt.From, opt.To, cal.Months),
		"divided by the exposure (child-years in care in that age band and placement),",
		"shrunk towards its parent (the same category over all ages, then all categories)",
		fmt.Sprintf("with the weight E/(E + %g) on its own rate, E being its child-years. The comment", opt.Credibility),
		"beside each rate gives its events / child-years, its raw rate and that weight;",
		"the evidence key at the end holds the same counts as data. Rates are written",
		"in full, as calculated, so that the file gives back the calibration exactly.",
		fmt.Sprintf("Leaving at 18 is not a rate: %s aged out in the window.", children(cal.AgedOut)),
		fmt.Sprintf("Names, age bands, unit costs and the 903 code mapping come from %s.", strings.Join(c.Template.Files, ", ")),
	}}
	n.Beside(p("start"), fmt.Sprintf("the stock below is at the end of %s", opt.Start-1))
	n.Beside(p("history"), "returns drawn as the actual history")
	n.Above(p("age_bands"))
	n.Above(p("labels"))
	n.Above(p("routes"))
	c.stockNotes(n, pr)
	c.entryNotes(n, pr, f)
	c.rateNotes(n, pr, f)
	n.Above(p("costs"), fmt.Sprintf("Weekly unit costs (£ a child-week) at %s prices; uplift from each 1 April after.", f.Costs.PriceYear))
	n.Above(p("mapping"), "How SSDA903 codes map to the categories, exit reasons and routes above.")
	n.Above(p("evidence"),
		"The evidence behind the rates, as data: for each exit and move rate, the events",
		"counted and the child-years at risk; for each route, the entries counted and",
		"the months they were counted over. A cell that counted neither is left out.")
	return n
}

func (c Calibrated) stockNotes(n *Notes, pr *model.Params) {
	K := pr.K()
	n.Above(p("initial_stock_months"),
		fmt.Sprintf("%s in care at the end of %s, by age in whole months: one row per", children(c.Cal.Children), c.Cal.Options.Start-1),
		"year of age (0 to 17), twelve months a row.")
	for k, cat := range pr.Categories {
		var total float64
		for a := 0; a < model.NAges; a++ {
			total += pr.Initial[a*K+k]
		}
		n.Beside(p("initial_stock_months", cat), children(total))
		for y := 0; y < model.AgeYears; y++ {
			n.Beside(p("initial_stock_months", cat, fmt.Sprintf("[%d]", y)), fmt.Sprintf("age %d", y))
		}
	}
}

func (c Calibrated) entryNotes(n *Notes, pr *model.Params, f File) {
	cal := c.Cal
	n.Above(p("entries"),
		"Entries by route in the window: entries a month, the trend fitted to them",
		"(not applied: set trend_percent to use one), entrants by single year of age,",
		fmt.Sprintf("and first placements by age band, with %g entrants' worth of the mix of all", cal.Options.MixPrior),
		"routes added so that a band with few entrants still has a mix.")
	for ri, route := range pr.Routes {
		re := cal.Routes[ri]
		path := p("entries", route.Name)
		n.Beside(append(path, "per_month"), fmt.Sprintf("%s entries in %d months", num(re.Entries), cal.Months))
		if math.IsInf(re.TrendSE, 0) {
			n.Beside(append(path, "trend_percent"), "too few entries to fit a trend")
		} else {
			lo, hi := math.Exp(math.Log1p(re.Trend)-1.96*re.TrendSE)-1, math.Exp(math.Log1p(re.Trend)+1.96*re.TrendSE)-1
			n.Beside(append(path, "trend_percent"), fmt.Sprintf("fitted %+.1f%% a year (95%% interval %+.1f%% to %+.1f%%), not applied", 100*re.Trend, 100*lo, 100*hi))
		}
		if len(f.Entries[route.Name].FirstPlacement) == 0 {
			n.Beside(append(path, "first_placement"), "no entrants in the window")
		}
	}
}

// rateNotes gives each exit and move rate its evidence in words.
func (c Calibrated) rateNotes(n *Notes, pr *model.Params, f File) {
	cal := c.Cal
	K, B := pr.K(), pr.B()
	n.Above(p("exits"), "Exits: leavers per child-year in care, by reason, age band and placement.")
	for r, reason := range pr.Reasons {
		for b, band := range pr.Bands {
			for k, cat := range pr.Categories {
				n.Beside(p("exits", reason, band.Name, cat), evidence(cal.Exit[(r*B+b)*K+k]))
			}
		}
	}
	n.Above(p("moves"),
		"Moves between placements, per child-year in care: moves.<band>.<from>.<to>.",
		"A move into a placement that no child of the band was in during the window",
		fmt.Sprintf("is 0, and so left out, if the band had at least %g child-years in it.", data.UnseenEvidence*cal.Options.Credibility))
	if len(f.Moves) == 0 {
		n.Beside(p("moves"), "no moves in the window")
	}
	for b, band := range pr.Bands {
		for i, from := range pr.Categories {
			for j, to := range pr.Categories {
				n.Beside(p("moves", band.Name, from, to), evidence(cal.Move[(b*K+i)*K+j]))
			}
		}
	}
}

// evidence describes the data behind an estimate.
func evidence(e data.Estimate) string {
	if !e.Observed {
		return "no exposure: the parent rate"
	}
	return fmt.Sprintf("%s / %s child-years, raw %s, weight %.2f", num(e.Events), num(e.Years), sigFigs(e.Raw), e.Weight)
}

// sigFigs writes a number to four significant figures, for comments.
func sigFigs(v float64) string {
	if v == 0 {
		return "0"
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

// num formats a count or a number of years for a comment: whole numbers as
// such, others to one decimal place.
func num(v float64) string {
	if v == math.Trunc(v) {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// children counts children in words: "1 child", "12 children".
func children(n float64) string {
	if n == 1 {
		return "1 child"
	}
	return num(n) + " children"
}
