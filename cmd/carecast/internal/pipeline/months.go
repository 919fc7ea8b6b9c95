package pipeline

import (
	"fmt"

	"github.com/carecast/carecast/data"
	"github.com/carecast/carecast/model"
)

// Span is a run of months of the returns to count, and the months the
// returns do not cover that the choice stepped over (LeftOut: the reason
// earlier months, which are covered, were not taken).
type Span struct {
	First, Last model.Month
	LeftOut     []data.MonthRange
}

// MonthsRequest says which months of the returns are wanted. The one rule
// for every command: months are counted only in a run the returns cover
// without a gap, since a missing year's flows are not in the returns.
//
//   - Before set (a forecast's first month): the last covered run before
//     it, clipped to the Back months before it;
//   - From and To set: exactly those months, which must be covered;
//   - one of them set: the covered run it lies in, from or up to it;
//   - neither: the latest covered run.
type MonthsRequest struct {
	From, To model.Month // 0 when not asked for
	Before   model.Month // 0 unless the months lead into a forecast
	Back     int         // with Before, the most months before it to take
	// Name is how messages name the returns, e.g. "the returns in DIR".
	Name string
}

// Months chooses the months to count by the rule of MonthsRequest.
func Months(ret *data.Returns, req MonthsRequest) (Span, error) {
	if len(ret.Episodes) == 0 {
		return Span{}, data.ErrNoEpisodes
	}
	if req.Before != 0 {
		return monthsBefore(ret, req)
	}
	if req.From != 0 && req.To != 0 {
		return monthsBetween(ret.Coverage, req.From, req.To)
	}
	rs, err := ret.Runs()
	if err != nil {
		return Span{}, err
	}
	run := rs[len(rs)-1]
	cov := ret.Coverage
	switch {
	case req.From == 0 && req.To == 0:
		s := Span{First: run.First, Last: run.Last}
		if cov.Known() && cov.First() < run.First {
			s.LeftOut = cov.Missing(cov.First(), run.First-1)
		}
		return s, nil
	case req.From != 0:
		if err := checkMonth(cov, "--from", req.From); err != nil {
			return Span{}, err
		}
		run = runOf(rs, req.From, run)
		s := Span{First: req.From, Last: run.Last}
		if run.Last < cov.Last() {
			s.LeftOut = cov.Missing(run.Last+1, cov.Last())
		}
		return s, s.check()
	default:
		if err := checkMonth(cov, "--to", req.To); err != nil {
			return Span{}, err
		}
		run = runOf(rs, req.To, run)
		s := Span{First: run.First, Last: req.To}
		if cov.Known() && run.First > cov.First() {
			s.LeftOut = cov.Missing(cov.First(), run.First-1)
		}
		return s, s.check()
	}
}

// check rejects a span that ends before it starts.
func (s Span) check() error {
	if s.Last < s.First {
		return fmt.Errorf("the months to count end (%v) before they start (%v)", s.Last, s.First)
	}
	return nil
}

// runOf is the run holding m, or def if none does.
func runOf(rs []data.MonthRange, m model.Month, def data.MonthRange) data.MonthRange {
	for _, r := range rs {
		if r.First <= m && m <= r.Last {
			return r
		}
	}
	return def
}

// checkMonth requires the month a flag names to be covered.
func checkMonth(cov data.Coverage, flag string, m model.Month) error {
	if err := cov.Check(m, m); err != nil {
		return fmt.Errorf("%s %s: %w", flag, m, err)
	}
	return nil
}

// monthsBetween is the months from to to, each of which must be covered.
func monthsBetween(cov data.Coverage, from, to model.Month) (Span, error) {
	if err := checkMonth(cov, "--from", from); err != nil {
		return Span{}, err
	}
	if err := checkMonth(cov, "--to", to); err != nil {
		return Span{}, err
	}
	if to < from {
		return Span{}, fmt.Errorf("--from %s --to %s: the months to count end before they start", from, to)
	}
	if err := cov.Check(from, to); err != nil {
		return Span{}, fmt.Errorf("--from %s --to %s: %w", from, to, err)
	}
	return Span{First: from, Last: to}, nil
}

// monthsBefore is the last covered run before req.Before, clipped to the
// req.Back months before it. LeftOut is set when an earlier covered run
// reaches into those months but a gap parts it from the one taken.
func monthsBefore(ret *data.Returns, req MonthsRequest) (Span, error) {
	start, from := req.Before, req.Before-model.Month(req.Back)
	rs, err := ret.Runs()
	if err != nil {
		return Span{}, err
	}
	i := len(rs) - 1
	for i >= 0 && rs[i].First >= start {
		i--
	}
	if i < 0 {
		return Span{}, fmt.Errorf("%s cover %s, none of it before %s, the first month of the forecast", req.Name, ret.Coverage, start)
	}
	s := Span{First: rs[i].First, Last: rs[i].Last}
	if i > 0 && rs[i-1].Last >= from && ret.Coverage.Known() {
		s.LeftOut = ret.Coverage.Missing(rs[i-1].Last+1, s.First-1)
	}
	if s.Last < from {
		return Span{}, fmt.Errorf("%s end in %s, more than %d years before %s, the first month of the forecast (the charts draw up to %d years before it)",
			req.Name, s.Last, req.Back/12, start, req.Back/12)
	}
	s.First, s.Last = max(s.First, from), min(s.Last, start-1)
	if s.Last < s.First {
		return Span{}, fmt.Errorf("%s begin after %s, the last month before the forecast", req.Name, start-1)
	}
	return s, nil
}
