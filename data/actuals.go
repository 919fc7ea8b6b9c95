package data

import (
	"fmt"
	"time"

	"github.com/carecast/carecast/model"
)

// shortBreak reports whether an episode is a short break only (LS V3 or V4);
// DfE does not count such children as looked after.
func shortBreak(e *Episode) bool { return e.LS == codeV3 || e.LS == codeV4 }

var codeV3, codeV4 = CodeOf("V3"), CodeOf("V4")

// Runs are the runs of months the returns cover without a gap, oldest
// first: the one rule by which every count of actual children chooses its
// months (a missing year's flows are not in the returns). For returns read
// from files they are the Coverage's ranges. For returns not read from
// files (made by data/synth), they are one run worked out from the
// episodes: from the April before the earliest end of an episode (yearly
// returns start in April and re-send what was open then) to the month of
// the latest date.
func (r *Returns) Runs() ([]MonthRange, error) {
	if len(r.Episodes) == 0 {
		return nil, ErrNoEpisodes
	}
	if r.Coverage.Known() {
		runs := r.Coverage.Ranges()
		if len(runs) == 0 {
			return nil, fmt.Errorf("the returns cover %s", r.Coverage)
		}
		return runs, nil
	}
	earliest, latest := NoDay, NoDay
	for i := range r.Episodes {
		e := &r.Episodes[i]
		latest = max(latest, e.Start)
		if e.End != NoDay {
			latest = max(latest, e.End)
			if earliest == NoDay || e.End < earliest {
				earliest = e.End
			}
		}
	}
	if latest == NoDay {
		return nil, ErrNoEpisodes
	}
	if earliest == NoDay {
		earliest = latest
	}
	m := earliest.Month()
	return []MonthRange{{First: model.MonthOf(m.FinancialYear(), time.April), Last: latest.Month()}}, nil
}

// periodWalk calls visit for each period of care in the returns: the child,
// and the episodes of the period (short breaks left out). A period is a run
// of episodes each starting the day the last ended: a sub-slice of
// r.Episodes, which visit must not change.
func (r *Returns) periodWalk(visit func(c *Child, eps []Episode)) {
	eps := r.Episodes
	for i := 0; i < len(eps); {
		j := i
		for j < len(eps) && eps[j].Child == eps[i].Child {
			j++
		}
		child := &r.Children[eps[i].Child]
		from := i // start of the run being built
		for k := i; k < j; k++ {
			e := &eps[k]
			switch {
			case shortBreak(e):
				if from < k {
					visit(child, eps[from:k])
				}
				from = k + 1
			case from < k && (eps[k-1].End == NoDay || eps[k-1].End != e.Start):
				visit(child, eps[from:k])
				from = k
			}
		}
		if from < j {
			visit(child, eps[from:j])
		}
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
// Dates are taken as days, in their own location; a time of day is
// ignored. A child is counted up to their 18th birthday only, as DfE
// counts no one aged 18 or over: a period still open then, or ending
// later, ends there as an age-out (the reader warns of it, as
// RuleOver18), and one starting at 18 or later is not counted.
func Actuals(r *Returns, cl *Classifier, bands []model.Band, first, last model.Month) (*model.Result, error) {
	if last < first {
		return nil, fmt.Errorf("actuals: %v is before %v", last, first)
	}
	if err := model.CheckBands(bands); err != nil {
		return nil, fmt.Errorf("actuals: %w", err)
	}
	T := int(last-first) + 1
	res := model.NewResult(first, T, model.Shape{Categories: cl.cats, Bands: bands, Routes: cl.routes, Reasons: cl.reasons})
	a := &actuals{res: res, first: first, last: last, K: len(cl.cats), B: len(bands), bandOfYear: model.BandOfYear(bands)}
	a.grid(T)
	r.periodWalk(func(c *Child, eps []Episode) { a.period(cl, c, eps) })
	for _, v := range res.InitialByCategory {
		res.InitialInCare += v
	}
	for t := 0; t < T; t++ {
		row := res.BandCategoryRow(t)
		cats := res.CategoryRow(t)
		for i, v := range row {
			cats[i%a.K] += v
			res.InCare[t] += v
		}
	}
	return res, nil
}

// actuals is the state of one count of actuals.
type actuals struct {
	res         *model.Result
	first, last model.Month
	K, B        int
	bandOfYear  [model.AgeYears]int
	ends        []monthEndDay // the month ends counted: ends[i] is the end of month first-1+i, up to last
	starts      []Day         // starts[t] is the first day of month first+t; starts[T] the day after last
}

// monthEndDay is the last day of a month, and its date.
type monthEndDay struct {
	day  Day
	date civil
}

// grid works out the days of the T months counted.
func (a *actuals) grid(T int) {
	a.ends = make([]monthEndDay, T+1)
	for i := range a.ends {
		m := a.first - 1 + model.Month(i)
		d := lastDay(m)
		a.ends[i] = monthEndDay{day: d, date: d.civil()}
	}
	a.starts = make([]Day, T+1)
	for t := range a.starts {
		a.starts[t] = a.ends[t].day + 1
	}
}

// untilAdult cuts a period of care at the child's 18th birthday, adult:
// DfE counts no one aged 18 or over. It returns the period's episodes that
// start before then (none if it starts at 18 or later) and the day it ends
// for counting: its last DEC, or adult if it is still open then or ends
// later.
func untilAdult(eps []Episode, adult Day) ([]Episode, Day) {
	n := 0
	for n < len(eps) && eps[n].Start < adult {
		n++
	}
	if n == 0 {
		return nil, adult
	}
	end := eps[n-1].End
	if end == NoDay || end > adult {
		end = adult
	}
	return eps[:n], end
}

// period counts one period of care of child c, up to their 18th birthday
// (see untilAdult).
func (a *actuals) period(cl *Classifier, c *Child, eps []Episode) {
	res := a.res
	dob := civilOf(c.DOB)
	adult := CivilDay(dob.year+model.AgeYears, dob.month, dob.day)
	eps, periodEnd := untilAdult(eps, adult)
	if len(eps) == 0 {
		return
	}
	// entry, by route
	start := eps[0].Start
	if m := start.Month(); m >= a.first && m <= a.last {
		res.EntriesRow(int(m - a.first))[cl.Route(&eps[0], c.UASC && (c.DUC.IsZero() || c.DUC.After(start.Time())))]++
	}
	prev := -1
	for i := range eps {
		e := &eps[i]
		k := cl.Category(e.Place.String(), e.Provider.String())
		from, to := e.Start, e.End
		if to == NoDay || to > periodEnd {
			to = periodEnd
		}
		if prev >= 0 && k != prev && isMove(e.RNE) {
			if m := from.Month(); m >= a.first && m <= a.last {
				res.MovesRow(int(m - a.first))[prev*a.K+k]++
			}
		}
		prev = k
		a.stock(k, from, to, dob)
		a.childDays(k, from, to)
	}
	// exit, by reason: at 18, ageing out, if care goes on past then
	if m := periodEnd.Month(); m >= a.first && m <= a.last {
		res.ExitsRow(int(m - a.first))[cl.Reason(eps[len(eps)-1].REC.String(), c.DOB, periodEnd.Time())]++
	}
}

// stock counts an episode of category k from day from to day to (NoDay
// while open) in the month-end counts it is in, from the month before first
// to last, for a child born on dob.
func (a *actuals) stock(k int, from, to Day, dob civil) {
	res := a.res
	i := max(int(from.Month()-a.first)+1, 0) // index in a.ends of the month from is in
	for ; i < len(a.ends); i++ {
		d := &a.ends[i]
		if from > d.day || to != NoDay && to <= d.day {
			break // not yet in care at this month end, or no longer
		}
		if i == 0 {
			res.InitialByCategory[k]++
			continue
		}
		age := monthsOld(dob, d.date)
		t := i - 1
		res.ByBandCategory[(t*a.B+a.bandOfYear[min(max(age/12, 0), model.AgeYears-1)])*a.K+k]++
		if t == len(a.ends)-2 && age >= 0 && age < model.NAges {
			res.Final[age*a.K+k]++
		}
	}
}

// childDays adds the days of an episode of category k from day from to day
// to (NoDay while open) in the months counted.
func (a *actuals) childDays(k int, from, to Day) {
	T := len(a.starts) - 1
	if to == NoDay || to > a.starts[T] {
		to = a.starts[T]
	}
	from = max(from, a.starts[0])
	if from >= to {
		return
	}
	for t := int(from.Month() - a.first); t < T && a.starts[t] < to; t++ {
		lo, hi := max(from, a.starts[t]), min(to, a.starts[t+1])
		a.res.ChildDaysRow(t)[k] += float64(hi - lo)
	}
}

// isMove reports whether an episode's reason for starting is a change of
// placement (P, T, B or U), not of legal status only (L).
func isMove(rne Code) bool {
	return rne == codeP || rne == codeT || rne == codeB || rne == codeU
}

var codeP, codeT, codeB, codeU = CodeOf("P"), CodeOf("T"), CodeOf("B"), CodeOf("U")
