package data

import (
	"fmt"
	"time"

	"github.com/carecast/carecast/model"
)

// shortBreak reports whether an episode is a short break only (LS V3 or V4);
// DfE does not count such children as looked after.
func shortBreak(e *Episode) bool { return e.LS == "V3" || e.LS == "V4" }

// inCareAt reports whether an episode covers a date as DfE counts it:
// started on or before it and not ended by it.
func inCareAt(e *Episode, d time.Time) bool {
	return !e.Start.After(d) && (e.End.IsZero() || e.End.After(d))
}

// Span is the months, first to last, that actuals count by default: the
// latest run of months the returns cover without a gap, from their
// Coverage (an earlier year missing, the months before it are left out:
// see Coverage.Ranges for them). For returns not read from files, it is
// worked out from the episodes: from the April before the earliest end of
// an episode (yearly returns start in April and re-send what was open
// then) to the month of the latest date.
func (r *Returns) Span() (first, last model.Month, err error) {
	if len(r.Episodes) == 0 {
		return 0, 0, ErrNoEpisodes
	}
	if r.Coverage.Known() {
		runs := r.Coverage.Ranges()
		if len(runs) == 0 {
			return 0, 0, fmt.Errorf("the returns cover %s", r.Coverage)
		}
		run := runs[len(runs)-1]
		return run.First, run.Last, nil
	}
	var earliest, latest time.Time
	for i := range r.Episodes {
		e := &r.Episodes[i]
		if e.Start.After(latest) {
			latest = e.Start
		}
		if !e.End.IsZero() {
			if e.End.After(latest) {
				latest = e.End
			}
			if earliest.IsZero() || e.End.Before(earliest) {
				earliest = e.End
			}
		}
	}
	if latest.IsZero() {
		return 0, 0, ErrNoEpisodes
	}
	if earliest.IsZero() {
		earliest = latest
	}
	m := monthOf(earliest)
	first = model.MonthOf(m.FinancialYear(), time.April)
	return first, monthOf(latest), nil
}

// periodWalk calls visit for each period of care in the returns: the child,
// and the episodes of the period (short breaks left out). A period is a run
// of episodes each starting the day the last ended.
func (r *Returns) periodWalk(visit func(c *Child, eps []Episode)) {
	eps := r.Episodes
	for i := 0; i < len(eps); {
		j := i
		for j < len(eps) && eps[j].Child == eps[i].Child {
			j++
		}
		child := &r.Children[eps[i].Child]
		var run []Episode
		flush := func() {
			if len(run) > 0 {
				visit(child, run)
			}
			run = run[:0]
		}
		for k := i; k < j; k++ {
			e := eps[k]
			if shortBreak(&e) {
				flush()
				continue
			}
			if len(run) > 0 {
				prev := run[len(run)-1]
				if prev.End.IsZero() || !prev.End.Equal(e.Start) {
					flush()
				}
			}
			run = append(run, e)
		}
		flush()
		i = j
	}
}

// Actuals counts the children in care month by month from first to last as
// DfE counts them, in the same shape as a projection: in care at each month
// end by category and age band, entries (period starts) by route, exits
// (period ends) by reason, with age-out decided by age, moves between
// categories (episodes starting with RNE P, T, B or U whose category
// differs from the one before) and child-days by category. Short breaks
// (LS V3, V4) are left out. InitialInCare is the count at the end of the
// month before first; Final the stock at the end of last by age in months.
func Actuals(r *Returns, cl *Classifier, bands []model.Band, first, last model.Month) (*model.Result, error) {
	if last < first {
		return nil, fmt.Errorf("actuals: %v is before %v", last, first)
	}
	if err := model.CheckBands(bands); err != nil {
		return nil, fmt.Errorf("actuals: %w", err)
	}
	K, B := len(cl.cats), len(bands)
	T := int(last-first) + 1
	res := model.NewResult(first, T, model.Shape{Categories: cl.cats, Bands: bands, Routes: cl.routes, Reasons: cl.reasons})
	bandOfYear := model.BandOfYear(bands)
	lastEnd := monthEnd(last)
	firstStart := monthStart(first)
	r.periodWalk(func(c *Child, eps []Episode) {
		// entry, by route
		start := eps[0].Start
		if m := monthOf(start); m >= first && m <= last {
			res.EntriesRow(int(m - first))[cl.Route(&eps[0], c.UASC && (c.DUC.IsZero() || c.DUC.After(start)))]++
		}
		prev := -1
		for i := range eps {
			e := &eps[i]
			k := cl.Category(e.Place, e.Provider)
			if prev >= 0 && k != prev && isMove(e.RNE) {
				if m := monthOf(e.Start); m >= first && m <= last {
					res.MovesRow(int(m - first))[prev*K+k]++
				}
			}
			prev = k
			// month-end counts, from the month before first to last
			m := max(monthOf(e.Start), first-1)
			for ; m <= last; m++ {
				d := monthEnd(m)
				if e.Start.After(d) || !inCareAt(e, d) {
					break // not yet in care at this month end, or no longer
				}
				if m < first {
					res.InitialByCategory[k]++
					continue
				}
				y := min(max(ageMonths(c.DOB, d)/12, 0), model.AgeYears-1)
				t := int(m - first)
				res.ByBandCategory[(t*B+bandOfYear[y])*K+k]++
				if m == last {
					if a := ageMonths(c.DOB, d); a >= 0 && a < model.NAges {
						res.Final[a*K+k]++
					}
				}
			}
			// child-days in the months of the range
			from, to := e.Start, e.End
			if to.IsZero() || to.After(lastEnd) {
				to = lastEnd.AddDate(0, 0, 1)
			}
			if from.Before(firstStart) {
				from = firstStart
			}
			for from.Before(to) {
				m := monthOf(from)
				next := monthEnd(m).AddDate(0, 0, 1)
				if next.After(to) {
					next = to
				}
				res.ChildDaysRow(int(m - first))[k] += next.Sub(from).Hours() / 24
				from = next
			}
		}
		// exit, by reason
		end := eps[len(eps)-1]
		if !end.End.IsZero() {
			if m := monthOf(end.End); m >= first && m <= last {
				res.ExitsRow(int(m - first))[cl.Reason(end.REC, c.DOB, end.End)]++
			}
		}
	})
	for _, v := range res.InitialByCategory {
		res.InitialInCare += v
	}
	for t := 0; t < T; t++ {
		row := res.BandCategoryRow(t)
		cats := res.CategoryRow(t)
		for i, v := range row {
			cats[i%K] += v
			res.InCare[t] += v
		}
	}
	return res, nil
}

// isMove reports whether an episode's reason for starting is a change of
// placement (P, T, B or U), not of legal status only (L).
func isMove(rne string) bool {
	return rne == "P" || rne == "T" || rne == "B" || rne == "U"
}
