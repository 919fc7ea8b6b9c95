package data

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Mapping groups SSDA903 codes into a scenario's placement categories, exit
// reasons and entry routes. Scenarios can replace any part of it; the
// defaults (DefaultMapping) follow docs/ssda903.md and the category, reason
// and route names of the shipped baseline.
type Mapping struct {
	// Placements are tried in order; the first rule matching an episode's
	// PLACE and PLACE_PROVIDER gives its category.
	Placements []PlacementRule
	// OtherCategory takes any placement no rule matches.
	OtherCategory string
	// ExitCodes maps each exit reason to its REC codes.
	ExitCodes map[string][]string
	// OtherReason takes any REC code not listed (X1 is never an exit).
	OtherReason string
	// AgeOutDays: a child who leaves care this many days before their 18th
	// birthday, or later, has aged out, whatever the REC code.
	AgeOutDays int
	// UASCRoute is the route of a child who is an unaccompanied asylum
	// seeker when their period of care starts ("" for no such route).
	UASCRoute string
	// Routes are tried in order on the first episode of a period of care,
	// when no routes file gives the route.
	Routes []RouteRule
	// OtherRoute takes any period no rule matches.
	OtherRoute string
	// RouteNames maps other spellings of routes, as a routes file may give
	// them ("cp"), to the scenario's route names ("child_protection").
	// Names match without regard to case, surrounding spaces, or spaces
	// and hyphens for underscores, so "Child Protection" needs no entry.
	RouteNames map[string]string
}

// PlacementRule puts the placements with one of Places (a trailing * matches
// any code with that start, as in "T*") and one of Providers (empty: any)
// into Category.
type PlacementRule struct {
	Category  string
	Places    []string
	Providers []string
}

// RouteRule gives Route to a period whose first episode has one of LS and
// one of CIN (an empty list matches anything).
type RouteRule struct {
	Route string
	LS    []string
	CIN   []string
}

// DefaultMapping is the grouping of docs/ssda903.md. Foster care (U4–U6)
// and children's homes (K2) count as in-house unless the provider is
// private or voluntary (PR4, PR5).
func DefaultMapping() Mapping {
	external := []string{"PR4", "PR5"}
	return Mapping{
		Placements: []PlacementRule{
			{Category: "foster_ifa", Places: []string{"U4", "U5", "U6"}, Providers: external},
			{Category: "foster_inhouse", Places: []string{"U4", "U5", "U6"}},
			{Category: "kinship", Places: []string{"U1", "U2", "U3"}},
			{Category: "home_external", Places: []string{"K2"}, Providers: external},
			{Category: "home_inhouse", Places: []string{"K2"}},
			{Category: "secure", Places: []string{"K1"}},
			{Category: "supported", Places: []string{"H5", "K3", "P2"}},
			{Category: "with_parents", Places: []string{"P1"}},
			{Category: "adoption_placed", Places: []string{"A3", "A4", "A5", "A6"}},
			{Category: "other_residential", Places: []string{"S1", "R1", "R2", "R5", "P3"}},
		},
		OtherCategory: "other",
		ExitCodes: map[string][]string{
			"reunification":        {"E4A", "E4B", "E13"},
			"adoption":             {"E11", "E12"},
			"special_guardianship": {"E43", "E44", "E45", "E46", "E47", "E48"},
			"child_arrangements":   {"E41"},
		},
		OtherReason: "other",
		AgeOutDays:  7,
		UASCRoute:   "uasc",
		Routes: []RouteRule{
			{Route: "remand", LS: []string{"J1", "J2", "J3"}},
			{Route: "child_protection", CIN: []string{"N1"}},
			{Route: "children_in_need", LS: []string{"V2"}},
		},
		OtherRoute: "direct",
	}
}

// Classifier applies a Mapping with names resolved to a scenario's indices.
type Classifier struct {
	m                   Mapping
	cats, reasons       []string
	routes              []string
	placeCache          map[[2]string]int
	routeByName         map[string]int // route index by normRoute of its name or another spelling
	recIndex            map[string]int
	other, otherReason  int
	uascRoute, othRoute int
	routeIdx            []int
}

// Compile resolves a mapping's names against a scenario's categories, exit
// reasons and routes, and reports the first name it does not know.
func (m Mapping) Compile(categories, reasons, routes []string) (*Classifier, error) {
	c := &Classifier{m: m, cats: categories, reasons: reasons, routes: routes,
		placeCache: map[[2]string]int{}, recIndex: map[string]int{}}
	find := func(what, name string, list []string) (int, error) {
		for i, n := range list {
			if n == name {
				return i, nil
			}
		}
		return -1, fmt.Errorf("%s %q is not one of the scenario's (%s)", what, name, strings.Join(list, ", "))
	}
	var err error
	for _, r := range m.Placements {
		if _, err = find("category", r.Category, categories); err != nil {
			return nil, fmt.Errorf("mapping.placements: %w", err)
		}
	}
	if c.other, err = find("category", m.OtherCategory, categories); err != nil {
		return nil, fmt.Errorf("mapping.other_category: %w", err)
	}
	if c.otherReason, err = find("exit reason", m.OtherReason, reasons); err != nil {
		return nil, fmt.Errorf("mapping.other_reason: %w", err)
	}
	for reason, codes := range m.ExitCodes {
		i, err := find("exit reason", reason, reasons)
		if err != nil {
			return nil, fmt.Errorf("mapping.exit_codes: %w", err)
		}
		for _, code := range codes {
			code = strings.ToUpper(strings.TrimSpace(code))
			if prev, dup := c.recIndex[code]; dup && prev != i {
				return nil, fmt.Errorf("mapping.exit_codes: REC %s is listed under both %s and %s", code, reasons[prev], reason)
			}
			c.recIndex[code] = i
		}
	}
	c.uascRoute = -1
	if m.UASCRoute != "" {
		if c.uascRoute, err = find("route", m.UASCRoute, routes); err != nil {
			return nil, fmt.Errorf("mapping.uasc_route: %w", err)
		}
	}
	for _, r := range m.Routes {
		i, err := find("route", r.Route, routes)
		if err != nil {
			return nil, fmt.Errorf("mapping.routes: %w", err)
		}
		c.routeIdx = append(c.routeIdx, i)
	}
	if c.othRoute, err = find("route", m.OtherRoute, routes); err != nil {
		return nil, fmt.Errorf("mapping.other_route: %w", err)
	}
	if err := c.nameRoutes(m.RouteNames); err != nil {
		return nil, err
	}
	if m.AgeOutDays < 0 {
		return nil, fmt.Errorf("mapping.age_out_days: %d is negative", m.AgeOutDays)
	}
	return c, nil
}

// nameRoutes fills routeByName with the routes' names and the other
// spellings given, checking that each names a route.
func (c *Classifier) nameRoutes(spellings map[string]string) error {
	c.routeByName = make(map[string]int, len(c.routes)+len(spellings))
	for i, r := range c.routes {
		c.routeByName[normRoute(r)] = i
	}
	keys := make([]string, 0, len(spellings))
	for k := range spellings {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		i := indexOf(c.routes, spellings[k])
		if i < 0 {
			return fmt.Errorf("mapping.route_names: %q maps to %q, which is not one of the scenario's routes (%s)",
				k, spellings[k], strings.Join(c.routes, ", "))
		}
		c.routeByName[normRoute(k)] = i
	}
	return nil
}

// normRoute is a route name as names are matched: lower case, without
// surrounding spaces, and with runs of spaces, hyphens and underscores
// as one underscore.
func normRoute(s string) string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == ' ' || r == '-' || r == '_' || r == '\t' })
	return strings.Join(f, "_")
}

// RouteName returns the scenario's name of a route as a routes file may
// spell it (see Mapping.RouteNames), and whether there is one.
func (c *Classifier) RouteName(s string) (string, bool) {
	if i, ok := c.routeByName[normRoute(s)]; ok {
		return c.routes[i], true
	}
	return "", false
}

// Routes are the scenario's route names.
func (c *Classifier) Routes() []string { return c.routes }

// Category is the index of the category of a placement.
func (c *Classifier) Category(place, provider string) int {
	key := [2]string{place, provider}
	if k, ok := c.placeCache[key]; ok {
		return k
	}
	k := c.other
	for _, r := range c.m.Placements {
		if matchCode(r.Places, place) && (len(r.Providers) == 0 || matchCode(r.Providers, provider)) {
			k = indexOf(c.cats, r.Category)
			break
		}
	}
	c.placeCache[key] = k
	return k
}

// Reason is the index of the exit reason of a period that ended on end with
// REC code rec, for a child born on dob; len(reasons) means aged out.
func (c *Classifier) Reason(rec string, dob, end time.Time) int {
	if !end.Before(dob.AddDate(18, 0, -c.m.AgeOutDays)) {
		return len(c.reasons)
	}
	if r, ok := c.recIndex[rec]; ok {
		return r
	}
	return c.otherReason
}

// OtherReason is the index of the exit reason of a REC code the mapping
// does not list (Mapping.OtherReason).
func (c *Classifier) OtherReason() int { return c.otherReason }

// UASCRoute is the index of the route of a child who is an unaccompanied
// asylum seeker when their period of care starts (Mapping.UASCRoute), or -1
// if the mapping has no such route.
func (c *Classifier) UASCRoute() int { return c.uascRoute }

// Route is the index of the route of a period whose first episode is e, for
// a child who is an unaccompanied asylum seeker then if uasc is true.
func (c *Classifier) Route(e *Episode, uasc bool) int {
	if e.Route != 0 {
		if i, ok := c.routeByName[normRoute(e.Route.String())]; ok {
			return i
		}
	}
	if uasc && c.uascRoute >= 0 {
		return c.uascRoute
	}
	for i, r := range c.m.Routes {
		if (len(r.LS) == 0 || matchCode(r.LS, e.LS.String())) && (len(r.CIN) == 0 || matchCode(r.CIN, e.CIN.String())) {
			return c.routeIdx[i]
		}
	}
	return c.othRoute
}

// matchCode reports whether code is in list, where "T*" matches any code
// starting with T.
func matchCode(list []string, code string) bool {
	for _, p := range list {
		if strings.HasSuffix(p, "*") {
			if strings.HasPrefix(code, strings.TrimSuffix(p, "*")) {
				return true
			}
		} else if p == code {
			return true
		}
	}
	return false
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}
