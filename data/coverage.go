package data

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/carecast/carecast/model"
)

// Coverage is the months a council's returns cover, worked out from the
// returns themselves: counts, rates and stocks are only known for them.
//
// A yearly return covers its collection year, April to March: it re-sends
// every episode open at some time in the year, so every episode that ended
// in the year is in it. Each file is a return, or, with a YEAR column, each
// YEAR in a file is one; its collection years are found from its dates,
// whatever its file name or YEAR says (pipelines disagree on whether YEAR
// names the year's start or its end):
//
//   - its episode ends (DEC) are counted by collection year; its years are
//     the run of years around the busiest one whose counts are not
//     negligible against it (at least three, and at least a twelfth of the
//     busiest year's). A yearly return has one; an extract of several years,
//     with episodes ending in each, has them all; a stale row (an episode
//     that ended before the return's year) or a mistyped date is left out.
//   - a return with no closed episode covers the last year of that run of
//     its episode starts (DECOM).
//
// The collection years of all returns together are Years; a year missing
// between two returns (such as a lost 2018-19 return between 2017-18 and
// 2019-20) is a gap. Every year is covered whole but the last, which is
// covered as far as the dates in it of its return (the one with the most
// episode ends in it) show. Their pace is the days from 1 April to the
// latest date over the number of distinct dates; a quiet spell of more than
// ln 100 ≈ 4.6 times the pace happens by chance less than 1 time in 100. So:
//
//   - a latest date set apart from the dates before it by a gap so
//     unlikely at their pace is taken for a mistake and left out (05/12/2024
//     typed for 05/06/2024 in an extract taken in June);
//   - if the spell from the latest date to 31 March is likely, the year is
//     covered whole: a small council's quiet spring is no reason to refuse
//     its March;
//   - otherwise the return was taken during the year, and it covers the
//     months to the one before its latest date's, and that month too if the
//     rest of it is a likely spell (a large council's extract of 10 June
//     covers May; a small council's, with dates weeks apart, June).
//
// Dates after the last month covered, such as a mistyped 2081, are left
// out (and reported: RuleAfterCoverage). The stock at the end of the March
// before the first year is known too (see StockKnown).
type Coverage struct {
	// Years are the collection years present, each named by the calendar
	// year it starts in (2024: April 2024 to March 2025), ascending, each
	// once. Empty when not known (returns made by synth.Synthesize, not read).
	Years []int
	// End is the last month covered: March at the end of the last
	// collection year, or an earlier month when that year's return was
	// taken during it (before April of that year if none of it is covered).
	End model.Month
	// LatestDate is the latest date of the last collection year, as used:
	// dates after that year, and a mistyped date far after the others in
	// it, are left out. The zero Time when not known.
	LatestDate time.Time
}

// Known reports whether the coverage was worked out (the returns were read
// from files).
func (c Coverage) Known() bool { return len(c.Years) > 0 }

// First is the first month covered: April of the first collection year.
func (c Coverage) First() model.Month {
	if !c.Known() {
		return 0
	}
	return model.MonthOf(c.Years[0], time.April)
}

// Last is the last month covered.
func (c Coverage) Last() model.Month { return c.End }

// Covers reports whether month m is covered. Everything is covered when the
// coverage is not known.
func (c Coverage) Covers(m model.Month) bool {
	if !c.Known() {
		return true
	}
	_, found := slices.BinarySearch(c.Years, m.FinancialYear())
	return found && m <= c.End
}

// StockKnown reports whether the children in care at the end of month m
// are known: m is covered, or the month after it is (a return re-sends
// every episode open on its first day, so the stock at the end of the
// March before it is known too).
func (c Coverage) StockKnown(m model.Month) bool { return c.Covers(m) || c.Covers(m+1) }

// MonthRange is a run of months, First to Last.
type MonthRange struct{ First, Last model.Month }

func (r MonthRange) String() string {
	if r.First == r.Last {
		return r.First.String()
	}
	return r.First.String() + " to " + r.Last.String()
}

// Ranges returns the covered months as runs of consecutive months.
func (c Coverage) Ranges() []MonthRange {
	var out []MonthRange
	for _, y := range c.Years {
		first, last := model.MonthOf(y, time.April), min(model.MonthOf(y+1, time.March), c.End)
		if last < first {
			continue
		}
		out = addRun(out, first, last)
	}
	return out
}

// addRun adds the months first to last to runs, extending the last run if
// they follow on from it.
func addRun(runs []MonthRange, first, last model.Month) []MonthRange {
	if n := len(runs); n > 0 && runs[n-1].Last+1 == first {
		runs[n-1].Last = last
		return runs
	}
	return append(runs, MonthRange{first, last})
}

// Missing returns the months from first to last that are not covered, as
// runs; none when the coverage is not known.
func (c Coverage) Missing(first, last model.Month) []MonthRange {
	var out []MonthRange
	if !c.Known() {
		return nil
	}
	for m := first; m <= last; m++ {
		if !c.Covers(m) {
			out = addRun(out, m, m)
		}
	}
	return out
}

// String describes the coverage for messages, e.g. "2015-04 to 2025-03
// (the collection years 2015-16 to 2024-25)", naming any missing year and
// a last year covered only up to its latest date.
func (c Coverage) String() string {
	if !c.Known() {
		return "(not known)"
	}
	ranges := c.Ranges()
	parts := make([]string, len(ranges))
	for i, r := range ranges {
		parts[i] = r.String()
	}
	if len(parts) == 0 {
		parts = []string{"no whole month"}
	}
	var years []string
	for i := 0; i < len(c.Years); {
		j := i
		for j+1 < len(c.Years) && c.Years[j+1] == c.Years[j]+1 {
			j++
		}
		s := model.FinancialYearLabel(c.Years[i])
		if j > i {
			s += " to " + model.FinancialYearLabel(c.Years[j])
		}
		years = append(years, s)
		i = j + 1
	}
	s := fmt.Sprintf("%s (the collection year", and(parts))
	if len(c.Years) > 1 {
		s += "s"
	}
	s += " " + and(years)
	var gaps []string
	for i := 1; i < len(c.Years); i++ {
		for y := c.Years[i-1] + 1; y < c.Years[i]; y++ {
			gaps = append(gaps, model.FinancialYearLabel(y))
		}
	}
	if len(gaps) > 0 {
		s += "; no return for " + and(gaps)
	}
	if last := c.Years[len(c.Years)-1]; c.End < model.MonthOf(last+1, time.March) {
		how := "only up to " + c.End.String()
		if c.End < model.MonthOf(last, time.April) {
			how = "not at all"
		}
		s += fmt.Sprintf("; %s %s", model.FinancialYearLabel(last), how)
		if !c.LatestDate.IsZero() {
			s += ", its latest date being " + c.LatestDate.Format("02/01/2006")
		}
	}
	return s + ")"
}

// and joins a list as English: "a", "a and b", "a, b and c".
func and(list []string) string {
	if len(list) < 2 {
		return strings.Join(list, "")
	}
	return strings.Join(list[:len(list)-1], ", ") + " and " + list[len(list)-1]
}

// CoverageError is the error of months asked for that the returns do not
// cover.
type CoverageError struct {
	Missing  []MonthRange // the months asked for that are not covered
	Coverage Coverage
}

func (e *CoverageError) Error() string {
	parts := make([]string, len(e.Missing))
	n := 0
	for i, r := range e.Missing {
		parts[i] = r.String()
		n += int(r.Last-r.First) + 1
	}
	verb := "are"
	if n == 1 {
		verb = "is"
	}
	return fmt.Sprintf("%s %s not in the returns, which cover %s", and(parts), verb, e.Coverage)
}

// Check returns a *CoverageError if any month from first to last is not
// covered, nil otherwise (and when the coverage is not known).
func (c Coverage) Check(first, last model.Month) error {
	if miss := c.Missing(first, last); len(miss) > 0 {
		return &CoverageError{Missing: miss, Coverage: c}
	}
	return nil
}

// CheckStart returns an error if the stock at the end of the month before
// start, which a projection from start begins with, is not known.
func (c Coverage) CheckStart(start model.Month) error {
	if c.StockKnown(start - 1) {
		return nil
	}
	var starts []string
	for _, r := range c.Ranges() {
		starts = append(starts, MonthRange{r.First, r.Last + 1}.String())
	}
	return fmt.Errorf("a start in %s needs the children in care at the end of %s, which the returns do not give: they cover %s, so the start can be %s",
		start, start-1, c, or(starts))
}

// or joins a list as English alternatives: "a", "a or b", "a, b or c".
func or(list []string) string {
	if len(list) < 2 {
		return strings.Join(list, "")
	}
	return strings.Join(list[:len(list)-1], ", ") + " or " + list[len(list)-1]
}

// A return's counts of dates by collection year, from MinYear-1 (dates in
// January to March of MinYear) to MaxYear.
const countYears = MaxYear - MinYear + 2

// returnCounts is what one return (a file, or a YEAR of a file) says of the
// years it covers: how many of its episodes end (DEC), and how many start
// (DECOM), in each collection year.
type returnCounts struct {
	ends, starts [countYears]int32
}

// collectionYears returns the collection years of a return: the run of
// years around its busiest year of episode ends whose counts are not
// negligible against it, or, for a return with no closed episode, the last
// year of that run of its episode starts (it re-sends the episodes open in
// its year, which started in it or before).
func (r *returnCounts) collectionYears() (first, last int, ok bool) {
	if first, last, ok := busiestRun(r.ends[:]); ok {
		return first + MinYear - 1, last + MinYear - 1, true
	}
	if _, last, ok := busiestRun(r.starts[:]); ok {
		return last + MinYear - 1, last + MinYear - 1, true
	}
	return 0, 0, false
}

// busiestRun returns the indices of the run of counts around the largest
// (the later of equals) whose counts are not negligible against it.
func busiestRun(counts []int32) (first, last int, ok bool) {
	busiest := -1
	for i, n := range counts {
		if n > 0 && (busiest < 0 || n >= counts[busiest]) {
			busiest = i
		}
	}
	if busiest < 0 {
		return 0, 0, false
	}
	most := counts[busiest]
	first, last = busiest, busiest
	for first > 0 && !negligible(counts[first-1], most) {
		first--
	}
	for last+1 < len(counts) && !negligible(counts[last+1], most) {
		last++
	}
	return first, last, true
}

// negligible reports whether a year's count of dates is too few, against
// the most of any year of the return, to make it one of the return's
// collection years: fewer than three, or less than a month's worth (a
// twelfth) of the busiest year's. Stale rows (an episode that ended before
// the return's year) and mistyped dates are a handful; a year of an extract
// of several years has episodes ending all through it.
func negligible(n, most int32) bool { return n < 3 || 12*int64(n) < int64(most) }

// dayYear is the collection year of a day, counted from MinYear-1 (index
// 0), for returnCounts.
func dayYear(d Day) int {
	return d.Month().FinancialYear() - (MinYear - 1)
}

// returnKey names a return: a file, or a YEAR of a file.
type returnKey struct{ file, year int32 }

// countReturns counts the dates of each return, from the episode rows that
// passed the row checks, before merging: rows later superseded or dropped
// still show which returns are present.
func (m *merger) countReturns() map[returnKey]*returnCounts {
	counts := map[returnKey]*returnCounts{}
	var lastKey returnKey
	var last *returnCounts
	m.epSet.each(func(_ int32, e *episodeRec) {
		k := returnKey{e.file, e.year}
		if last == nil || k != lastKey {
			r, ok := counts[k]
			if !ok {
				r = &returnCounts{}
				counts[k] = r
			}
			lastKey, last = k, r
		}
		last.starts[dayYear(e.start)]++
		if e.end != NoDay {
			last.ends[dayYear(e.end)]++
		}
	})
	return counts
}

// coverage works out the Coverage from the counts of countReturns.
func (m *merger) coverage(counts map[returnKey]*returnCounts) Coverage {
	// The collection years of every return, and the return that stands for
	// the last of them: the one with the most episode ends in it.
	var c Coverage
	seen := map[int]bool{}
	lastYear := 0
	var lastReturn returnKey
	for k, r := range counts {
		first, last, ok := r.collectionYears()
		if !ok {
			continue
		}
		for y := first; y <= last; y++ {
			if !seen[y] {
				seen[y] = true
				c.Years = append(c.Years, y)
			}
		}
		if i := last - (MinYear - 1); last > lastYear || last == lastYear && (r.ends[i] > counts[lastReturn].ends[i] ||
			r.ends[i] == counts[lastReturn].ends[i] && (k.file > lastReturn.file || k.file == lastReturn.file && k.year > lastReturn.year)) {
			lastYear, lastReturn = last, k
		}
	}
	if len(c.Years) == 0 {
		return Coverage{}
	}
	slices.Sort(c.Years)
	// The last year is covered as far as the dates in it of its return
	// show; later dates are left out.
	from := CivilDay(lastYear, 4, 1)
	length := int(CivilDay(lastYear+1, 4, 1) - from)
	seenDay := make([]bool, length)
	m.epSet.each(func(_ int32, e *episodeRec) {
		if e.file != lastReturn.file || e.year != lastReturn.year {
			return
		}
		for _, d := range [2]Day{e.start, e.end} {
			if d != NoDay && d >= from && int(d-from) < length {
				seenDay[d-from] = true
			}
		}
	})
	var dates []int
	for i, ok := range seenDay {
		if ok {
			dates = append(dates, i)
		}
	}
	kept := lastDates(dates)
	latest := from + Day(dates[kept-1])
	c.End = lastMonth(lastYear, latest, kept)
	c.LatestDate = latest.Time()
	return c
}

// quietChance is how unlikely a quiet spell must be, at the pace of a
// year's dates, to be taken for the end of the data rather than chance.
const quietChance = 0.01

// lastDates returns how many of the distinct dates of a collection year
// (days from 1 April, ascending, at least one) to keep: those up to the
// latest that is not set apart from the others by a gap unlikely at their
// pace, longer than their mean gap times ln(n/quietChance), n being the
// dates before it (the longest of n gaps is that long only 1 time in 100).
// A mistyped date, such as 05/12/2024 for 05/06/2024 in an extract taken in
// June, is set apart so. Four dates before it at least are needed to judge.
func lastDates(dates []int) int {
	for len(dates) > 4 {
		n := len(dates) - 1
		pace := float64(dates[n-1]+1) / float64(n)
		if float64(dates[n]-dates[n-1]) <= pace*math.Log(float64(n)/quietChance) {
			break
		}
		dates = dates[:n]
	}
	return len(dates)
}

// lastMonth returns the last month covered of the last collection year y,
// whose latest date is latest, the last of its n distinct dates. The dates
// come at a pace, the days from 1 April to the latest date over their
// number; a quiet spell longer than ln(1/quietChance) ≈ 4.6 times that pace
// happens by chance less than 1 time in 100. If the spell from the latest
// date to 31 March is no longer, the year is covered whole (a small council
// with a quiet spring); if it is, the return was taken during the year, and
// it covers up to the month of its latest date when the rest of that month
// is no longer, and up to the month before otherwise.
func lastMonth(y int, latest Day, n int) model.Month {
	from := CivilDay(y, 4, 1)
	pace := float64(latest-from+1) / float64(n)
	quiet := Day(pace * math.Log(1/quietChance))
	if CivilDay(y+1, 3, 31)-latest <= quiet {
		return model.MonthOf(y+1, time.March)
	}
	m := latest.Month()
	if lastDay(m)-latest <= quiet {
		return m
	}
	return m - 1
}
