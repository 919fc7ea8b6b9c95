package scenarios

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"sort"
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

// WriteCalibrated writes a complete scenario file: every key it needs, no
// extends, with the evidence behind each rate as a comment beside it.
func WriteCalibrated(w io.Writer, c Calibrated) error {
	bw := bufio.NewWriter(w)
	p := c.Template.Params
	cal := c.Cal
	opt := cal.Options
	K, B := p.K(), p.B()
	horizon := c.Horizon
	if horizon == 0 {
		horizon = p.Horizon
	}
	pf := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }

	pf("# Calibrated by carecast from %s.\n", c.Source)
	pf("# Reference window %s to %s (%d months): each rate is the events in the window\n", opt.From, opt.To, cal.Months)
	pf("# divided by the exposure (child-years in care in that age band and placement),\n")
	pf("# shrunk towards its parent (the same category over all ages, then all categories)\n")
	pf("# with the weight E/(E + %g) on its own rate, E being its child-years. The comment\n", opt.Credibility)
	pf("# beside each rate gives its events / child-years, its raw rate and that weight.\n")
	pf("# Leaving at 18 is not a rate: %s aged out in the window.\n", children(cal.AgedOut))
	pf("# Names, age bands, unit costs and the 903 code mapping come from %s.\n\n", strings.Join(c.Template.Files, ", "))

	pf("name: %s\n", quote(c.Name))
	pf("start: %s            # the stock below is at the end of %s\n", opt.Start, opt.Start-1)
	pf("horizon_months: %d\n", horizon)
	if c.History != "" {
		pf("history: %s   # returns drawn as the actual history\n", quote(c.History))
	}
	pf("\n")
	pf("age_bands: [%s]\n", joinQuoted(bandNames(p.Bands)))
	pf("categories: [%s]\n", strings.Join(p.Categories, ", "))
	pf("routes: [%s]\n", strings.Join(routeNames(p.Routes), ", "))
	pf("exit_reasons: [%s]\n\n", strings.Join(p.Reasons, ", "))
	if len(c.Template.Labels) > 0 {
		pf("labels:\n")
		for _, k := range sortedMapKeys(c.Template.Labels) {
			pf("  %s: %s\n", k, quote(c.Template.Labels[k]))
		}
		pf("\n")
	}

	pf("# %s in care at the end of %s, by age in whole months: one row per\n", children(cal.Children), opt.Start-1)
	pf("# year of age (0 to 17), twelve months a row.\n")
	// An empty map is written {}: a key with nothing under it is null in
	// YAML, which the loader rejects.
	if cal.Children == 0 {
		pf("initial_stock_months: {}\n")
	} else {
		pf("initial_stock_months:\n")
	}
	for k, cat := range p.Categories {
		var total float64
		for a := 0; a < model.NAges; a++ {
			total += cal.Initial[a*K+k]
		}
		if total == 0 {
			continue
		}
		pf("  %s:   # %s\n", cat, children(total))
		for y := 0; y < model.AgeYears; y++ {
			row := make([]string, 12)
			for u := range row {
				row[u] = num(cal.Initial[(12*y+u)*K+k])
			}
			pf("    - [%s]   # age %d\n", strings.Join(row, ", "), y)
		}
	}

	pf("\n# Entries by route in the window: entries a month, the trend fitted to them\n")
	pf("# (not applied: set trend_percent to use one), entrants by single year of age,\n")
	pf("# and first placements by age band, with %g entrants' worth of the mix of all\n", opt.MixPrior)
	pf("# routes added so that a band with few entrants still has a mix.\n")
	pf("entries:\n")
	for ri, route := range p.Routes {
		re := cal.Routes[ri]
		pf("  %s:\n", route.Name)
		pf("    per_month: %s   # %s entries in %d months\n", rate(re.PerMonth), num(re.Entries), cal.Months)
		if math.IsInf(re.TrendSE, 0) {
			pf("    trend_percent: 0   # too few entries to fit a trend\n")
		} else {
			lo, hi := math.Exp(math.Log1p(re.Trend)-1.96*re.TrendSE)-1, math.Exp(math.Log1p(re.Trend)+1.96*re.TrendSE)-1
			pf("    trend_percent: 0   # fitted %+.1f%% a year (95%% interval %+.1f%% to %+.1f%%), not applied\n", 100*re.Trend, 100*lo, 100*hi)
		}
		ages := make([]string, model.AgeYears)
		for y, v := range re.AgeProfile {
			ages[y] = num(v)
		}
		pf("    age_profile: [%s]\n", strings.Join(ages, ", "))
		var bands []string
		for b, band := range p.Bands {
			var cells []string
			for k, cat := range p.Categories {
				if v := re.FirstPlacement[b*K+k]; v > 0 {
					cells = append(cells, cat+": "+rate(v))
				}
			}
			if len(cells) > 0 {
				bands = append(bands, fmt.Sprintf("      %q: {%s}\n", band.Name, strings.Join(cells, ", ")))
			}
		}
		if len(bands) == 0 {
			pf("    first_placement: {}   # no entrants in the window\n")
		} else {
			pf("    first_placement:\n%s", strings.Join(bands, ""))
		}
	}

	pf("\n# Exits: leavers per child-year in care, by reason, age band and placement.\n")
	pf("exits:\n")
	for r, reason := range p.Reasons {
		var block strings.Builder
		for b, band := range p.Bands {
			var lines []string
			for k, cat := range p.Categories {
				e := cal.Exit[(r*B+b)*K+k]
				if e.Rate == 0 && !e.Observed {
					continue
				}
				lines = append(lines, fmt.Sprintf("      %s: %s   # %s", cat, rate(e.Rate), evidence(e)))
			}
			if len(lines) > 0 {
				fmt.Fprintf(&block, "    %q:\n%s\n", band.Name, strings.Join(lines, "\n"))
			}
		}
		if block.Len() == 0 {
			pf("  %s: {}\n", reason)
		} else {
			pf("  %s:\n%s", reason, block.String())
		}
	}

	pf("\n# Moves between placements, per child-year in care: moves.<band>.<from>.<to>.\n")
	pf("# Cells under 0.0001 a year are left out (0), as are moves into a placement\n")
	pf("# that no child of the band was in during the window, if the band had at least\n")
	pf("# %g child-years in it.\n", data.UnseenEvidence*opt.Credibility)
	var moves strings.Builder
	for b, band := range p.Bands {
		var block strings.Builder
		for i, from := range p.Categories {
			var lines []string
			for j, to := range p.Categories {
				e := cal.Move[(b*K+i)*K+j]
				if i == j || (e.Rate < 1e-4 && e.Events == 0) {
					continue
				}
				lines = append(lines, fmt.Sprintf("        %s: %s   # %s", to, rate(e.Rate), evidence(e)))
			}
			if len(lines) > 0 {
				fmt.Fprintf(&block, "      %s:\n%s\n", from, strings.Join(lines, "\n"))
			}
		}
		if block.Len() > 0 {
			fmt.Fprintf(&moves, "    %q:\n%s", band.Name, block.String())
		}
	}
	if moves.Len() == 0 {
		pf("moves: {}   # no moves in the window\n")
	} else {
		pf("moves:\n%s", moves.String())
	}

	writeCosts(pf, p)
	writeMapping(pf, c.Template.Mapping)
	return bw.Flush()
}

func writeCosts(pf func(string, ...any), p *model.Params) {
	c := p.Costs
	pf("\n# Weekly unit costs (£ a child-week) at %s prices; uplift from each 1 April after.\n", model.FinancialYearLabel(c.PriceYear))
	pf("costs:\n")
	pf("  price_year: %s\n", model.FinancialYearLabel(c.PriceYear))
	common := mode(c.Uplift)
	pf("  uplift_percent: %s\n", rate(100*common))
	var own []string
	for k, u := range c.Uplift {
		if u != common {
			own = append(own, fmt.Sprintf("%s: %s", p.Categories[k], rate(100*u)))
		}
	}
	if len(own) > 0 {
		pf("  category_uplift_percent: {%s}\n", strings.Join(own, ", "))
	}
	pf("  weekly:\n")
	for k, cat := range p.Categories {
		pf("    %s: %s\n", cat, rate(c.Weekly[k]))
	}
}

func writeMapping(pf func(string, ...any), m data.Mapping) {
	pf("\n# How SSDA903 codes map to the categories, exit reasons and routes above.\n")
	pf("mapping:\n  placements:\n")
	for _, r := range m.Placements {
		pf("    - {category: %s, place: [%s]", r.Category, strings.Join(r.Places, ", "))
		if len(r.Providers) > 0 {
			pf(", provider: [%s]", strings.Join(r.Providers, ", "))
		}
		pf("}\n")
	}
	pf("  other_category: %s\n  exit_codes:\n", m.OtherCategory)
	reasons := make([]string, 0, len(m.ExitCodes))
	for r := range m.ExitCodes {
		reasons = append(reasons, r)
	}
	sort.Strings(reasons)
	for _, r := range reasons {
		pf("    %s: [%s]\n", r, strings.Join(m.ExitCodes[r], ", "))
	}
	pf("  other_reason: %s\n  age_out_days: %d\n  uasc_route: %s\n  routes:\n", m.OtherReason, m.AgeOutDays, quote(m.UASCRoute))
	for _, r := range m.Routes {
		pf("    - {route: %s", r.Route)
		if len(r.LS) > 0 {
			pf(", ls: [%s]", strings.Join(r.LS, ", "))
		}
		if len(r.CIN) > 0 {
			pf(", cin: [%s]", strings.Join(r.CIN, ", "))
		}
		pf("}\n")
	}
	pf("  other_route: %s\n", m.OtherRoute)
}

// evidence describes the data behind an estimate.
func evidence(e data.Estimate) string {
	if !e.Observed {
		return "no exposure: the parent rate"
	}
	return fmt.Sprintf("%s / %s child-years, raw %s, weight %.2f", num(e.Events), num(e.Years), rate(e.Raw), e.Weight)
}

// rate formats a rate with four significant figures.
func rate(v float64) string {
	if v == 0 {
		return "0"
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

// num formats a count or a number of years: whole numbers as such, others to
// one decimal place.
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

func quote(s string) string { return strconv.Quote(s) }

func joinQuoted(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}

func bandNames(bands []model.Band) []string {
	out := make([]string, len(bands))
	for i, b := range bands {
		out[i] = b.Name
	}
	return out
}

// mode is the most common value of a list.
func mode(list []float64) float64 {
	best, count := 0.0, 0
	for _, v := range list {
		n := 0
		for _, x := range list {
			if x == v {
				n++
			}
		}
		if n > count {
			best, count = v, n
		}
	}
	return best
}
