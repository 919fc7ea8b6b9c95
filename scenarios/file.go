package scenarios

// File is one scenario YAML file as written. A file that extends another
// holds only what differs: maps merge key by key, other values replace the
// parent's, and the lists changes, interventions and targets add to the parent's.
// The comments are the reference of the keys; README.md repeats it.
type File struct {
	// Extends names the scenario this one starts from, relative to this
	// file's folder (a file of that name shipped with carecast is used if
	// there is none on disk).
	Extends     string `mapstructure:"extends"`
	Name        string `mapstructure:"name"`
	Description string `mapstructure:"description"`
	// Start is the first projected month, YYYY-MM; the initial stock is the
	// children in care at the end of the month before.
	Start string `mapstructure:"start"`
	// History names a folder of SSDA903 returns whose actual numbers charts
	// draw before the forecast: relative to this file's folder, or "sample"
	// for the synthetic council shipped with carecast; "" for none (a
	// file that extends one with a history can so drop it).
	History       string `mapstructure:"history"`
	HorizonMonths *int   `mapstructure:"horizon_months"`
	// AgeBands are the bands of whole years that carry the rates, in order,
	// written "0", "1-4", "16-17"; they must cover 0–17.
	AgeBands   []string `mapstructure:"age_bands"`
	Categories []string `mapstructure:"categories"`
	// Labels are optional display names of categories, routes and reasons.
	Labels      map[string]string `mapstructure:"labels"`
	Routes      []string          `mapstructure:"routes"`
	ExitReasons []string          `mapstructure:"exit_reasons"`
	// InitialStock is the number of children in care by category and single
	// year of age (18 numbers, ages 0–17), spread evenly over the months of
	// each year.
	InitialStock map[string][]float64 `mapstructure:"initial_stock"`
	// InitialStockMonths is the initial stock by category and age in whole
	// months: 18 rows (ages 0–17) of 12 numbers. A category may be given
	// here or in InitialStock, not both.
	InitialStockMonths map[string][][]float64 `mapstructure:"initial_stock_months"`
	// InitialStockTotals is the initial stock of a category as one number
	// (a published table by placement type), spread over ages in months in
	// the shape InitialStockProfile names. Each category's stock is given
	// under one of initial_stock, initial_stock_months and
	// initial_stock_totals; the nearest file of a chain that gives it wins.
	InitialStockTotals map[string]float64 `mapstructure:"initial_stock_totals"`
	// InitialStockProfile is the shape initial_stock_totals are spread by:
	// parent (the default: the age shape of the category's stock in the
	// scenarios this one extends, else of their whole stock, else entries)
	// or entries (the entries' age profiles, weighted by their per_month).
	InitialStockProfile string `mapstructure:"initial_stock_profile"`
	// Durations are the duration classes of time in care and the factors
	// of the exit and move rates in each (see Durations).
	Durations Durations `mapstructure:"durations"`
	// InitialStockDurations splits the initial stock by duration class:
	// initial_stock_durations.<category>, one table a class of 18 rows
	// (ages 0–17) of 12 numbers (months of age), adding up to the
	// category's initial stock. Not given: the stock's durations are
	// spread as a steady state would hold them (model.SteadyDurations).
	InitialStockDurations map[string][][][]float64 `mapstructure:"initial_stock_durations"`
	Entries               map[string]Entry         `mapstructure:"entries"`
	// Exits are intensities, events per child-year:
	// exits.<reason>.<band or all>.<category or all>.
	Exits map[string]map[string]map[string]float64 `mapstructure:"exits"`
	// Moves are intensities, moves per child-year:
	// moves.<band or all>.<from category>.<to category>.
	Moves         map[string]map[string]map[string]float64 `mapstructure:"moves"`
	Costs         Costs                                    `mapstructure:"costs"`
	Changes       []Change                                 `mapstructure:"changes"`
	Interventions []Intervention                           `mapstructure:"interventions"`
	// Capacity caps categories: capacity.<category> gives its overflow
	// category and its places from each month on.
	Capacity map[string]Capacity `mapstructure:"capacity"`
	// Mapping groups SSDA903 codes into the categories, exit reasons and
	// routes when actuals are counted and rates calibrated; what it leaves
	// out takes the defaults of the 903 guide.
	Mapping Mapping `mapstructure:"mapping"`
	// Evidence is the data the rates were estimated from, which calibrate
	// writes: what was counted behind each rate and over how much exposure.
	// The projection does not use it; analyses of uncertainty do.
	Evidence Evidence `mapstructure:"evidence"`
	// Targets are goals the projection is measured against, each written
	// as text: "in_care <= 400 by 2017-10", "in_care_home_external <= 40
	// by 2026-03", "cost[2026-27] <= 24000000", "saving[2026-27] >= 1.63m"
	// (a saving is measured in a compare, against its first scenario).
	Targets []string `mapstructure:"targets"`
}

// Evidence is the data behind calibrated rates, cell by cell; a cell not
// given had nothing counted (no events and no exposure).
type Evidence struct {
	// Exits: evidence.exits.<reason>.<band>.<category>, the exits and the
	// child-years at risk behind exits.<reason>.<band>.<category>.
	Exits map[string]map[string]map[string]Count `mapstructure:"exits"`
	// Moves: evidence.moves.<band>.<from>.<to>, the moves and the
	// child-years in <from> behind moves.<band>.<from>.<to>.
	Moves map[string]map[string]map[string]Count `mapstructure:"moves"`
	// Entries: evidence.entries.<route>, the entries counted and the months
	// they were counted over behind entries.<route>.per_month.
	Entries map[string]EntryCount `mapstructure:"entries"`
	// Durations: evidence.durations.exits.<reason>, the exits and
	// child-years at risk in each duration class behind
	// durations.exit_factors.<reason>.
	Durations DurationEvidence `mapstructure:"durations"`
}

// Count is the evidence behind an exit or move rate: the events counted over
// the child-years at risk.
type Count struct {
	Events     float64 `mapstructure:"events"`
	ChildYears float64 `mapstructure:"child_years"`
}

// EntryCount is the evidence behind a route's entries a month: the entries
// counted over a number of months.
type EntryCount struct {
	Entries float64 `mapstructure:"entries"`
	Months  float64 `mapstructure:"months"`
}

// Mapping is the YAML form of data.Mapping.
type Mapping struct {
	Placements    []PlacementRule     `mapstructure:"placements"`
	OtherCategory string              `mapstructure:"other_category"`
	ExitCodes     map[string][]string `mapstructure:"exit_codes"`
	OtherReason   string              `mapstructure:"other_reason"`
	AgeOutDays    *int                `mapstructure:"age_out_days"`
	UASCRoute     *string             `mapstructure:"uasc_route"`
	Routes        []RouteRule         `mapstructure:"routes"`
	OtherRoute    string              `mapstructure:"other_route"`
	// RouteNames maps other spellings of routes in a routes file ("cp")
	// to the scenario's route names ("child_protection").
	RouteNames map[string]string `mapstructure:"route_names"`
}

// PlacementRule puts placements (PLACE codes, "T*" for every T code) from
// providers (PLACE_PROVIDER codes; none listed: any) into a category.
type PlacementRule struct {
	Category string   `mapstructure:"category"`
	Place    []string `mapstructure:"place"`
	Provider []string `mapstructure:"provider"`
}

// RouteRule gives a route to periods of care whose first episode has one of
// the legal statuses (LS) and categories of need (CIN) listed (none listed: any).
type RouteRule struct {
	Route string   `mapstructure:"route"`
	LS    []string `mapstructure:"ls"`
	CIN   []string `mapstructure:"cin"`
}

// Entry is a route into care.
type Entry struct {
	PerMonth     float64 `mapstructure:"per_month"`
	TrendPercent float64 `mapstructure:"trend_percent"`
	// AgeProfile weights entrants by single year of age, 0–17 (18 numbers).
	AgeProfile []float64 `mapstructure:"age_profile"`
	// FirstPlacement weights first placements: first_placement.<band or all>.<category>.
	FirstPlacement map[string]map[string]float64 `mapstructure:"first_placement"`
}

// Costs are weekly unit costs.
type Costs struct {
	// PriceYear is the financial year of the weekly costs, e.g. 2025-26;
	// the default is the year of the start month.
	PriceYear     string  `mapstructure:"price_year"`
	UpliftPercent float64 `mapstructure:"uplift_percent"`
	// CategoryUpliftPercent overrides UpliftPercent for some categories.
	CategoryUpliftPercent map[string]float64 `mapstructure:"category_uplift_percent"`
	Weekly                map[string]float64 `mapstructure:"weekly"`
	Fixed                 []Fixed            `mapstructure:"fixed"`
	// PriceChanges are dated changes of a category's weekly cost, beside
	// the uplift.
	PriceChanges []PriceChange `mapstructure:"price_changes"`
}

// PriceChange changes a category's weekly cost from a month on: by Percent
// (−7 for 7% less), or to Weekly (a block contract price, as at that month,
// which the uplift then raises from each 1 April after it). Give one of
// them.
type PriceChange struct {
	Name     string   `mapstructure:"name"`
	Category string   `mapstructure:"category"`
	Percent  *float64 `mapstructure:"percent"`
	Weekly   *float64 `mapstructure:"weekly"`
	From     string   `mapstructure:"from"`
}

// Capacity is the places of a category over time: Places maps a month,
// YYYY-MM, to the places from then on (the category is not capped before
// the first). Children who would arrive in it when it is full go to the
// Overflow category instead; children already there are never moved out.
type Capacity struct {
	Overflow string             `mapstructure:"overflow"`
	Places   map[string]float64 `mapstructure:"places"`
}

// Fixed is a cost line not tied to children, allocated by days.
type Fixed struct {
	Name   string  `mapstructure:"name"`
	Annual float64 `mapstructure:"annual"`
	Start  string  `mapstructure:"start"`
	End    string  `mapstructure:"end"`
}

// Change scales a rate, or a group of rates, by a factor phased in linearly
// from Start to End.
type Change struct {
	Name string `mapstructure:"name"`
	// Rate is what the change scales: entries or entries.<route>;
	// exits or exits.<reason>; moves.<from>.<to> (either may be all);
	// first_placement.<category>.
	Rate       string   `mapstructure:"rate"`
	Bands      []string `mapstructure:"bands"`
	Categories []string `mapstructure:"categories"`
	// Durations limits a change of exits or moves to children in some
	// duration classes: ranges of months in care of whole classes, "0-6",
	// "24+".
	Durations []string `mapstructure:"durations"`
	Factor    *float64 `mapstructure:"factor"`
	Start     string   `mapstructure:"start"`
	End       string   `mapstructure:"end"`
}

// Intervention moves children from one category to another: Children once
// in Month, or PerMonth every month from Start to End. To names a category,
// or an exit reason (exits.<reason>, or the reason alone if no category
// has its name): the children then leave care, counted as exits of it.
type Intervention struct {
	Name     string   `mapstructure:"name"`
	From     string   `mapstructure:"from"`
	To       string   `mapstructure:"to"`
	Bands    []string `mapstructure:"bands"`
	Children float64  `mapstructure:"children"`
	Month    string   `mapstructure:"month"`
	PerMonth float64  `mapstructure:"per_month"`
	Start    string   `mapstructure:"start"`
	End      string   `mapstructure:"end"`
}
