package scenarios

import (
	"strings"

	"github.com/carecast/carecast/data"
)

// mapCodes lays the file's mapping over the default one and checks its
// names against the scenario's.
func (b *builder) mapCodes() {
	m := data.DefaultMapping()
	f := b.f.Mapping
	if len(f.Placements) > 0 {
		m.Placements = nil
		for _, r := range f.Placements {
			m.Placements = append(m.Placements, data.PlacementRule{Category: r.Category, Places: upper(r.Place), Providers: upper(r.Provider)})
		}
	}
	if len(f.ExitCodes) > 0 {
		m.ExitCodes = map[string][]string{}
		for reason, codes := range f.ExitCodes {
			m.ExitCodes[reason] = upper(codes)
		}
	}
	if len(f.Routes) > 0 {
		m.Routes = nil
		for _, r := range f.Routes {
			m.Routes = append(m.Routes, data.RouteRule{Route: r.Route, LS: upper(r.LS), CIN: upper(r.CIN)})
		}
	}
	orDefault(&m.OtherCategory, f.OtherCategory)
	orDefault(&m.OtherReason, f.OtherReason)
	orDefault(&m.OtherRoute, f.OtherRoute)
	if f.AgeOutDays != nil {
		m.AgeOutDays = *f.AgeOutDays
	}
	if f.UASCRoute != nil {
		m.UASCRoute = *f.UASCRoute
	}
	if len(f.RouteNames) > 0 {
		m.RouteNames = f.RouteNames
	}
	if _, err := m.Compile(b.f.Categories, b.f.ExitReasons, b.f.Routes); err != nil {
		b.fail(p("mapping"), "%v (the default mapping uses the baseline's names: give your own under mapping)", err)
	}
	b.mapping = m
}

// orDefault sets *dst to s unless s is empty.
func orDefault(dst *string, s string) {
	if s != "" {
		*dst = s
	}
}

func upper(codes []string) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = strings.ToUpper(strings.TrimSpace(c))
	}
	return out
}
