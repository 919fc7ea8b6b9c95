package synth

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/carecast/carecast/model"
)

// EntrySpan multiplies every route's entries by Factor in the months From
// to To (both included; To 0: from From on, a lasting step). A surge is a
// span with a factor above 1 (1.4: 40% more entries), a fall one below 1,
// a step one with no end. Spans that overlap multiply.
type EntrySpan struct {
	From, To model.Month
	Factor   float64
}

// covers reports whether the span holds month m.
func (e EntrySpan) covers(m model.Month) bool {
	return m >= e.From && (e.To == 0 || m <= e.To)
}

// String writes the span as ParseEntrySpan reads it.
func (e EntrySpan) String() string {
	to := ""
	if e.To != 0 {
		to = e.To.String()
	}
	return e.From.String() + ":" + to + ":" + strconv.FormatFloat(e.Factor, 'g', -1, 64)
}

// ParseEntrySpan reads a span written FROM:TO:FACTOR, the months as
// YYYY-MM and TO empty for no end: "2024-04:2025-03:1.4" is 40% more
// entries from April 2024 to March 2025, "2024-04::0.8" 20% fewer from
// April 2024 on. It checks the form, not the range (see Options).
func ParseEntrySpan(s string) (EntrySpan, error) {
	parts := strings.Split(s, ":")
	if len(parts) != 3 {
		return EntrySpan{}, fmt.Errorf("%q is not FROM:TO:FACTOR (such as 2024-04:2025-03:1.4, or 2024-04::1.2 for no end)", s)
	}
	var e EntrySpan
	var err error
	if e.From, err = model.ParseMonth(parts[0]); err != nil {
		return EntrySpan{}, fmt.Errorf("%q: the first month: %w", s, err)
	}
	if parts[1] != "" {
		if e.To, err = model.ParseMonth(parts[1]); err != nil {
			return EntrySpan{}, fmt.Errorf("%q: the last month: %w", s, err)
		}
	}
	if e.Factor, err = strconv.ParseFloat(parts[2], 64); err != nil {
		return EntrySpan{}, fmt.Errorf("%q: the factor %q is not a number", s, parts[2])
	}
	return e, nil
}

// checkSpans returns an error for a span whose factor is not above 0 and
// at most 100, that ends before it starts, or that holds none of the
// months first to last simulated.
func checkSpans(spans []EntrySpan, first, last model.Month) error {
	for _, e := range spans {
		switch {
		case !(e.Factor > 0 && e.Factor <= 100) || math.IsNaN(e.Factor):
			return fmt.Errorf("synth: entries ×%v from %v: want a factor above 0 and at most 100", e.Factor, e.From)
		case e.From == 0:
			return fmt.Errorf("synth: entries ×%v with no first month", e.Factor)
		case e.To != 0 && e.To < e.From:
			return fmt.Errorf("synth: entries ×%v from %v to %v: the span ends before it starts", e.Factor, e.From, e.To)
		case e.From > last || e.To != 0 && e.To < first:
			return fmt.Errorf("synth: entries ×%v from %v: the span holds none of the months simulated, %v to %v", e.Factor, e.From, first, last)
		}
	}
	return nil
}

// entryFactor is the factor of the entries in month m: the product of the
// spans holding m, times the old step (EntriesStep from EntriesFrom on).
// It is exactly 1 when none applies.
func (o *Options) entryFactor(m model.Month) float64 {
	f := 1.0
	if o.EntriesFrom != 0 && m >= o.EntriesFrom {
		f = o.EntriesStep
	}
	for _, e := range o.Entries {
		if e.covers(m) {
			f *= e.Factor
		}
	}
	return f
}
