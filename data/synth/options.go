package synth

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/carecast/carecast/data"
	"github.com/carecast/carecast/model"
)

// Options sets up a synthetic council (see Synthesize). A zero field
// takes the default given here; DefaultOptions returns the defaults
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
//     test that the counting does. Zero: none; DefaultOptions: 0.05.
//     Must be below 1.
//   - LegalChangeRate: legal-status-only changes (a new episode with RNE L,
//     a new LS and the same placement; not a move) per child-year in care.
//     Zero: none; DefaultOptions: 0.25.
//   - PlacementChangeRate: changes of placement within the same category
//     (RNE P, or T for the same carer, with a PLACE and PLACE_PROVIDER of
//     that category, maybe the same codes) per child-year in care. DfE counts them as
//     placement moves, but they are not moves between the model's
//     categories, so a calibration must not count them as such. Zero:
//     none; DefaultOptions: 0.3.
//   - Entries: spans of months whose entries are multiplied (EntrySpan):
//     a surge, a fall or a lasting step, so that a backtest can meet a
//     change its reference window did not hold and a model be tested out
//     of equilibrium. Each factor must be above 0 and at most 100, and
//     each span must hold some of the months simulated (warm-up
//     included). None: entries as the params give them.
//   - EntriesStep: multiplies every route's entries from the month
//     EntriesFrom on (1.2: a step up of 20%, as when a new threshold for
//     care takes effect): the same as an EntrySpan{From: EntriesFrom,
//     Factor: EntriesStep} with no end, kept for the callers that set it.
//     Zero: no step; it must be above 0 and at most 100 when EntriesFrom
//     is set.
//   - Durations: exits that depend on time in care (see Durations and
//     RealisticDurations). Zero: none, every child's exit rates being the
//     params' alone.
type Options struct {
	LastYear            int
	Years               int
	WarmUp              int
	Scale               float64
	ShortBreakShare     float64
	LegalChangeRate     float64
	PlacementChangeRate float64
	EntriesFrom         model.Month
	EntriesStep         float64
	Entries             []EntrySpan
	Durations           Durations
}

// DefaultOptions returns the defaults of Options, with realistic
// values for the rates whose zero value means none. LastYear is left 0
// (derived from the params).
func DefaultOptions() Options {
	return Options{
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
func (o Options) Resolve(p *model.Params) (Options, error) {
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
	case o.LastYear-o.Years-o.WarmUp-model.AgeYears-1 < data.MinYear || o.LastYear+model.AgeYears > data.MaxYear:
		return o, fmt.Errorf("synth: returns ending %d (%d years, %d years of warm-up) reach outside the years %d–%d",
			o.LastYear, o.Years, o.WarmUp, data.MinYear, data.MaxYear)
	case bad(o.Scale):
		return o, fmt.Errorf("synth: scale %v: must be positive", o.Scale)
	case bad(o.ShortBreakShare) || o.ShortBreakShare >= 1:
		return o, fmt.Errorf("synth: short-break share %v: want 0 to less than 1", o.ShortBreakShare)
	case bad(o.LegalChangeRate) || o.LegalChangeRate > 1000:
		return o, fmt.Errorf("synth: legal-status change rate %v: want 0 to 1000 a child-year", o.LegalChangeRate)
	case bad(o.PlacementChangeRate) || o.PlacementChangeRate > 1000:
		return o, fmt.Errorf("synth: placement change rate %v: want 0 to 1000 a child-year", o.PlacementChangeRate)
	case o.EntriesFrom != 0 && (bad(o.EntriesStep) || o.EntriesStep == 0 || o.EntriesStep > 100):
		return o, fmt.Errorf("synth: a step of entries by %v from %v: want a factor above 0 and at most 100", o.EntriesStep, o.EntriesFrom)
	}
	first := model.MonthOf(o.LastYear-o.Years-o.WarmUp, time.April)
	if err := checkSpans(o.Entries, first, model.MonthOf(o.LastYear, time.March)); err != nil {
		return o, err
	}
	return o, o.Durations.check(p)
}
