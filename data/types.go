package data

import "time"

// Returns is a council's merged, validated SSDA903 returns.
type Returns struct {
	// Children who have at least one usable episode, sorted by LA then ID.
	Children []Child
	// Episodes sorted by child (index into Children) then start date; no two
	// episodes of a child overlap.
	Episodes []Episode
	// Coverage is the months the returns cover (see Coverage); it is not
	// known for returns that were not read from files.
	Coverage Coverage
	// Files are the files read, by Episode.File; nil for returns that were
	// not read from files.
	Files []string
}

// Child is one child looked after. ID is the council's identifier, kept for
// the validation report only: nothing outside this package should publish
// it (carecast's outputs are aggregates).
type Child struct {
	ID   string    // CHILD as in the return
	LA   string    // council: ReadOptions.LA (trimmed) if set, else the LA column, else ""; (LA, ID) is unique
	Sex  int       // 1 male, 2 female, 0 not known
	DOB  time.Time // date of birth
	UASC bool      // appears in the UASC table
	DUC  time.Time // date UASC status ceased; zero if none given
}

// Episode is one episode of care: a span with one legal status and one
// placement. It holds no string or pointer, so that the episodes of
// national returns are small and cost the garbage collector nothing.
type Episode struct {
	Child             int   // index into Returns.Children
	Start             Day   // DECOM
	End               Day   // DEC; NoDay while the episode is open
	RNE               Code  // reason for new episode
	LS                Code  // legal status
	CIN               Code  // category of need
	Place             Code  // placement type (PLACE, or PL in the XML)
	Provider          Code  // PLACE_PROVIDER
	REC               Code  // reason episode ceased; blank while open
	ReasonPlaceChange Code  // REASON_PLACE_CHANGE
	Route             Code  // entry route from the routes file; blank if none
	File              int32 // index into Returns.Files of the file the episode was read from
	Line              int32 // line in that file
}

// Open reports whether the episode has no end date.
func (e *Episode) Open() bool { return e.End == NoDay }

// ReadOptions tunes ReadDir.
type ReadOptions struct {
	// LA selects one council when files stack several (an LA column); it is
	// compared without regard to case or surrounding spaces. Empty reads all
	// councils, keeping children of different councils apart. Rows with a
	// blank or absent LA are read whatever LA says.
	LA string
	// Classifier, if given, is the scenario the returns are read for: a
	// routes file's ROUTE that is none of its routes, in any spelling its
	// mapping knows (Mapping.RouteNames), is a warning (RuleUnknownRoute)
	// and the period's route is derived as if the row were not there.
	// Without one, routes are kept as read, and a name the scenario used
	// later does not know is derived silently.
	Classifier *Classifier
	// Workers caps the files (or pieces of large files) decoded at once;
	// 0 means GOMAXPROCS.
	Workers int
}

// Table names one of the tables read.
type Table int

// The tables read. Other SSDA903 tables are skipped.
const (
	TableHeader Table = iota
	TableEpisodes
	TableUASC
	TableRoutes
	numTables
)

var tableNames = [numTables]string{"header", "episodes", "uasc", "routes"}

// String returns the table's name: header, episodes, uasc or routes.
func (t Table) String() string {
	if t < 0 || t >= numTables {
		return "unknown"
	}
	return tableNames[t]
}
