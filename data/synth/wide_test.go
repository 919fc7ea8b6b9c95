package synth_test

import (
	"time"

	"github.com/carecast/carecast/data"
)

// wideEpisode is a data.Episode as it was before episodes were made
// compact: dates as time.Time (zero while open) and codes as text, which
// the tests below compare and build episodes with. The compact Episode is
// embedded (by widen) for the functions that take one.
type wideEpisode struct {
	data.Episode
	Child                                                        int
	Start, End                                                   time.Time
	RNE, LS, CIN, Place, Provider, REC, ReasonPlaceChange, Route string
}

// Open reports whether the episode has no end date.
func (w *wideEpisode) Open() bool { return w.End.IsZero() }

// widen returns r's episodes as wideEpisodes.
func widen(r *data.Returns) []wideEpisode {
	out := make([]wideEpisode, len(r.Episodes))
	for i, e := range r.Episodes {
		out[i] = wideEpisode{Episode: e, Child: e.Child, Start: e.Start.Time(), End: e.End.Time(), RNE: e.RNE.String(),
			LS: e.LS.String(), CIN: e.CIN.String(), Place: e.Place.String(), Provider: e.Provider.String(),
			REC: e.REC.String(), ReasonPlaceChange: e.ReasonPlaceChange.String(), Route: e.Route.String()}
	}
	return out
}

// narrow returns wideEpisodes as data.Episodes.
func narrow(ws []wideEpisode) []data.Episode {
	out := make([]data.Episode, len(ws))
	for i, w := range ws {
		out[i] = data.Episode{Child: w.Child, Start: data.DayOf(w.Start), End: data.DayOf(w.End), RNE: data.CodeOf(w.RNE),
			LS: data.CodeOf(w.LS), CIN: data.CodeOf(w.CIN), Place: data.CodeOf(w.Place), Provider: data.CodeOf(w.Provider),
			REC: data.CodeOf(w.REC), ReasonPlaceChange: data.CodeOf(w.ReasonPlaceChange), Route: data.CodeOf(w.Route)}
	}
	return out
}
