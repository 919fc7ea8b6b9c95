package data

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/carecast/carecast/model"
)

const (
	covHeader   = "CHILD,SEX,DOB\n1,1,01/01/2005\n2,2,01/01/2006\n3,1,01/01/2007\n"
	covEpisodes = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\n"
)

// readMem reads files held in memory, in the order given.
func readMem(t *testing.T, files ...string) *Returns {
	t.Helper()
	var srcs []source
	for i := 0; i < len(files); i += 2 {
		srcs = append(srcs, source{name: files[i], data: []byte(files[i+1])})
	}
	ret, rep, err := readSources(srcs, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, ret, rep)
	return ret
}

// The months the returns cover come from the collection years present,
// worked out from the dates of each return, not from file names or YEAR.
func TestCoverage(t *testing.T) {
	mo := model.MonthOf
	tests := []struct {
		name   string
		files  []string
		years  []int
		latest model.Month
		desc   string
	}{
		{"yearly returns", []string{
			"header.csv", covHeader,
			"2017-episodes.csv", covEpisodes + "1,01/05/2014,S,C2,N1,U4,PR1,03/06/2016,E8\n2,01/02/2017,S,C2,N1,U4,PR1,,\n",
			"2018-episodes.csv", covEpisodes + "2,01/02/2017,S,C2,N1,U4,PR1,,\n3,01/04/2017,S,C2,N1,U4,PR1,31/03/2018,E8\n",
		}, []int{2016, 2017}, mo(2018, 3), "2016-04 to 2018-03 (the collection years 2016-17 to 2017-18)"},
		{"a missing year", []string{
			"header.csv", covHeader,
			"2017-episodes.csv", covEpisodes + "1,01/05/2014,S,C2,N1,U4,PR1,03/06/2016,E8\n2,01/02/2017,S,C2,N1,U4,PR1,,\n",
			"2019-episodes.csv", covEpisodes + "2,01/02/2017,S,C2,N1,U4,PR1,,\n3,01/04/2018,S,C2,N1,U4,PR1,31/03/2019,E8\n",
		}, []int{2016, 2018}, mo(2019, 3),
			"2016-04 to 2017-03 and 2018-04 to 2019-03 (the collection years 2016-17 and 2018-19; no return for 2017-18)"},
		{"one file, YEAR naming the start of each year", []string{
			"header.csv", covHeader,
			"episodes.csv", covEpisodes[:len(covEpisodes)-1] + ",YEAR\n" +
				"1,01/05/2014,S,C2,N1,U4,PR1,03/06/2016,E8,2016\n" +
				"2,01/02/2017,S,C2,N1,U4,PR1,,,2016\n" +
				"2,01/02/2017,S,C2,N1,U4,PR1,,,2018\n" +
				"3,01/04/2018,S,C2,N1,U4,PR1,01/05/2018,E8,2018\n",
		}, []int{2016, 2018}, mo(2018, 5),
			"2016-04 to 2017-03 and 2018-04 to 2018-05 (the collection years 2016-17 and 2018-19; no return for 2017-18; 2018-19 only up to 2018-05, its latest date being 01/05/2018)"},
		{"an extract taken during the year", []string{
			"header.csv", covHeader,
			"episodes.csv", covEpisodes +
				"1,01/05/2023,S,C2,N1,U4,PR1,03/06/2023,E8\n2,01/06/2023,S,C2,N1,U4,PR1,03/09/2023,E8\n3,01/10/2023,S,C2,N1,U4,PR1,03/01/2024,E8\n" +
				"1,01/04/2024,S,C2,N1,U4,PR1,03/04/2024,E8\n2,04/04/2024,S,C2,N1,U4,PR1,20/05/2024,E8\n3,01/05/2024,S,C2,N1,U4,PR1,01/06/2024,E8\n" +
				"2,10/06/2024,S,C2,N1,U4,PR1,,\n",
		}, []int{2023, 2024}, mo(2024, 6),
			"2023-04 to 2024-06 (the collection years 2023-24 to 2024-25; 2024-25 only up to 2024-06, its latest date being 10/06/2024)"},
		{"only open episodes", []string{
			"header.csv", covHeader,
			"episodes.csv", covEpisodes + "1,01/05/2014,S,C2,N1,U4,PR1,,\n2,01/02/2017,S,C2,N1,U4,PR1,,\n",
		}, []int{2016}, mo(2017, 3), "2016-04 to 2017-03 (the collection year 2016-17)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := readMem(t, tt.files...).Coverage
			if !slices.Equal(c.Years, tt.years) || c.End != tt.latest {
				t.Errorf("years %v to %v, want %v to %v", c.Years, c.End, tt.years, tt.latest)
			}
			if got := c.String(); got != tt.desc {
				t.Errorf("described as\n  %s\nwant\n  %s", got, tt.desc)
			}
		})
	}
}

// Span, the default months of actuals, lies within the coverage even when
// trimming an overlap gives an episode an end before the first return's
// year (which the old heuristic, the April before the earliest end, took
// as the start).
func TestSpanIsCovered(t *testing.T) {
	ret := readMem(t, "header.csv", covHeader,
		// child 1's 2010 episode is open in the 2015-16 return but a later
		// one started in 2014: it is cut to end on 01/09/2014
		"2016-episodes.csv", covEpisodes+"1,01/05/2010,S,C2,N1,U4,PR1,,\n1,01/09/2014,P,C2,N1,U5,PR4,,\n2,01/06/2015,S,C2,N1,U4,PR1,10/06/2015,E8\n",
		"2017-episodes.csv", covEpisodes+"1,01/09/2014,P,C2,N1,U5,PR4,01/03/2017,E8\n")
	first, last, err := latestRun(ret)
	if err != nil {
		t.Fatal(err)
	}
	if first != model.MonthOf(2015, time.April) || last != model.MonthOf(2017, time.March) {
		t.Errorf("span %v to %v, want 2015-04 to 2017-03", first, last)
	}
	if err := ret.Coverage.Check(first, last); err != nil {
		t.Error(err)
	}
}

func TestCoverageCheck(t *testing.T) {
	mo := model.MonthOf
	c := Coverage{Years: []int{2015, 2016, 2018}, End: mo(2019, 2)}
	tests := []struct {
		first, last model.Month
		want        string // "" for no error
	}{
		{mo(2015, 4), mo(2017, 3), ""},
		{mo(2018, 4), mo(2019, 2), ""},
		{mo(2015, 1), mo(2015, 6), "2015-01 to 2015-03 are not in the returns, which cover 2015-04 to 2017-03 and 2018-04 to 2019-02"},
		{mo(2016, 4), mo(2018, 4), "2017-04 to 2018-03 are not in the returns"},
		{mo(2019, 3), mo(2019, 3), "2019-03 is not in the returns"},
		{mo(2010, 4), mo(2030, 3), "2010-04 to 2015-03, 2017-04 to 2018-03 and 2019-03 to 2030-03 are not"},
	}
	for _, tt := range tests {
		err := c.Check(tt.first, tt.last)
		var ce *CoverageError
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%v to %v: %v", tt.first, tt.last, err)
		case tt.want != "" && (!errors.As(err, &ce) || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%v to %v: error %v, want %q", tt.first, tt.last, err, tt.want)
		}
	}
	for _, tt := range []struct {
		start model.Month
		ok    bool
	}{
		{mo(2015, 4), true}, // the stock at the end of 2015-03 is in the 2015-16 return
		{mo(2015, 3), false},
		{mo(2017, 4), true},
		{mo(2017, 5), false},
		{mo(2018, 4), true},
		{mo(2019, 3), true},
		{mo(2019, 4), false},
	} {
		err := c.CheckStart(tt.start)
		if (err == nil) != tt.ok {
			t.Errorf("start %v: %v, want ok %v", tt.start, err, tt.ok)
		}
		if err != nil && !strings.Contains(err.Error(), "so the start can be 2015-04 to 2017-04 or 2018-04 to 2019-03") {
			t.Errorf("start %v: %v", tt.start, err)
		}
	}
	if err := (Coverage{}).Check(mo(1990, 1), mo(2090, 1)); err != nil {
		t.Errorf("unknown coverage: %v", err)
	}
}

// Calibrate refuses a window or a start the returns do not cover, rather
// than calibrate on months with no data.
func TestCalibrateOutsideTheReturns(t *testing.T) {
	ret, _, err := ReadDir("testdata/actuals", ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	mo := model.MonthOf
	cl := testClassifier(t)
	for _, opt := range []CalibrateOptions{
		{From: mo(2024, 1), To: mo(2024, 12)},
		{From: mo(2020, 4), To: mo(2021, 3)},
		{From: mo(2024, 1), To: mo(2024, 6), Start: mo(2027, 10)},
	} {
		if _, err := Calibrate(ret, cl, testBands, opt); err == nil || !strings.Contains(err.Error(), "cover 2023-04 to 2024-06") {
			t.Errorf("%+v: error %v", opt, err)
		}
	}
	if _, err := Calibrate(ret, cl, testBands, CalibrateOptions{From: mo(2024, 1), To: mo(2024, 6)}); err != nil {
		t.Error(err)
	}
}

// covRows returns the episode rows (no column line) of n children, named
// prefix1, prefix2, …, each entering and leaving care once, the dates
// spread evenly from 1 April of the collection year y to last (DD/MM/YYYY),
// as a yearly return's closed episodes are.
func covRows(prefix string, y, n int, last string) string {
	from := time.Date(y, time.April, 1, 0, 0, 0, 0, time.UTC)
	to, err := time.Parse("02/01/2006", last)
	if err != nil {
		panic(err)
	}
	span := to.Sub(from).Hours() / 24
	var b strings.Builder
	for i := 0; i < n; i++ {
		start := from.AddDate(0, 0, int(span*float64(2*i)/float64(2*n-1)))
		end := from.AddDate(0, 0, int(span*float64(2*i+1)/float64(2*n-1)))
		fmt.Fprintf(&b, "%s%d,%s,S,C2,N1,U4,PR1,%s,E8\n", prefix, i+1, start.Format("02/01/2006"), end.Format("02/01/2006"))
	}
	return b.String()
}

// covRead reads episode files given as (name, rows, name, rows, …), rows
// without the column line, with a header file naming every child in them.
func covRead(t *testing.T, files ...string) *Returns {
	t.Helper()
	var header strings.Builder
	header.WriteString("CHILD,SEX,DOB\n")
	seen := map[string]bool{}
	var all []string
	for i := 0; i < len(files); i += 2 {
		for _, line := range strings.Split(strings.TrimSpace(files[i+1]), "\n") {
			id, _, _ := strings.Cut(line, ",")
			if !seen[id] {
				seen[id] = true
				fmt.Fprintf(&header, "%s,1,01/01/2008\n", id)
			}
		}
		all = append(all, files[i], covEpisodes+files[i+1])
	}
	return readMem(t, append([]string{"header.csv", header.String()}, all...)...)
}

// One mistyped date, far from the return's year, does not stretch the
// coverage to it: a return's years are those whose episode ends are not
// negligible against its busiest year's, and dates after the last year
// covered are left out.
func TestCoverageIgnoresAStrayDate(t *testing.T) {
	mo := model.MonthOf
	// the DEC of an episode starting in May 2017 typed as 2081 or 2019,
	// and an episode of 1990 (DECOM and DEC typed so)
	for _, stray := range []string{"01/05/2017,S,C2,N1,U4,PR1,05/06/2081", "01/05/2017,S,C2,N1,U4,PR1,05/06/2019", "01/05/1990,S,C2,N1,U4,PR1,05/06/1990"} {
		c := covRead(t,
			"2017-episodes.csv", covRows("a", 2016, 40, "31/03/2017"),
			"2018-episodes.csv", covRows("b", 2017, 40, "31/03/2018")+"x1,"+stray+",E8\n",
		).Coverage
		if !slices.Equal(c.Years, []int{2016, 2017}) || c.Last() != mo(2018, 3) {
			t.Errorf("a DEC of %s: coverage %s, want 2016-04 to 2018-03", stray, c)
		}
		if err := c.Check(mo(2018, 4), mo(2018, 4)); err == nil {
			t.Errorf("a DEC of %s: 2018-04 is covered", stray)
		}
	}
}

// A stale row, an episode that ended before its return's year, does not
// give the return that year: a missing year stays missing.
func TestCoverageStaleRowKeepsTheGap(t *testing.T) {
	mo := model.MonthOf
	c := covRead(t,
		"2017-episodes.csv", covRows("a", 2016, 40, "31/03/2017"),
		"2019-episodes.csv", covRows("b", 2018, 40, "31/03/2019")+"x1,01/04/2017,S,C2,N1,U4,PR1,20/05/2017,E8\n",
	).Coverage
	if !slices.Equal(c.Years, []int{2016, 2018}) {
		t.Errorf("years %v, want [2016 2018]", c.Years)
	}
	const want = "2016-04 to 2017-03 and 2018-04 to 2019-03 (the collection years 2016-17 and 2018-19; no return for 2017-18)"
	if got := c.String(); got != want {
		t.Errorf("coverage\n  %s\nwant\n  %s", got, want)
	}
	if err := c.Check(mo(2017, 4), mo(2017, 4)); err == nil {
		t.Error("2017-04 is covered")
	}
}

// An extract of several years covers every year in which its episodes end,
// but not a year of a few stray dates next to them.
func TestCoverageMultiYearExtract(t *testing.T) {
	rows := covRows("a", 2014, 30, "31/03/2015") + covRows("b", 2015, 30, "31/03/2016") +
		covRows("c", 2016, 20, "31/03/2017") + covRows("d", 2017, 40, "31/03/2018") +
		"x1,01/06/2012,S,C2,N1,U4,PR1,01/03/2014,E8\nx2,01/04/2018,S,C2,N1,U4,PR1,02/04/2018,E8\n"
	c := covRead(t, "episodes.csv", rows).Coverage
	if !slices.Equal(c.Years, []int{2014, 2015, 2016, 2017}) || c.Last() != model.MonthOf(2018, time.March) {
		t.Errorf("coverage %s, want the collection years 2014-15 to 2017-18", c)
	}
}

// The last year is covered to March when the quiet weeks after its latest
// date are likely at the pace of its dates (a small council with a quiet
// March), and cut short when they are not (an extract taken during the
// year), the month of its latest date then counted only if the rest of it
// is as likely to be quiet; a mistyped date far after the others in that
// year does not stretch it.
func TestCoverageLastYear(t *testing.T) {
	mo := model.MonthOf
	tests := []struct {
		name string
		rows string
		end  model.Month
		desc string
	}{
		// three children entering and leaving, the last on 22 December
		{"a small council's quiet spring", covRows("a", 2024, 3, "22/12/2024"), mo(2025, 3),
			"2024-04 to 2025-03 (the collection year 2024-25)"},
		// dates every day or two to 10 June
		{"an extract taken in June", covRows("a", 2024, 40, "10/06/2024"), mo(2024, 5),
			"2024-04 to 2024-05 (the collection year 2024-25; 2024-25 only up to 2024-05, its latest date being 10/06/2024)"},
		{"an extract taken at the end of June", covRows("a", 2024, 40, "30/06/2024"), mo(2024, 6),
			"2024-04 to 2024-06 (the collection year 2024-25; 2024-25 only up to 2024-06, its latest date being 30/06/2024)"},
		{"an extract taken in February", covRows("a", 2024, 150, "14/02/2025"), mo(2025, 1),
			"2024-04 to 2025-01 (the collection year 2024-25; 2024-25 only up to 2025-01, its latest date being 14/02/2025)"},
		// the DEC of an episode starting on 1 June typed 05/12/2024 for 05/06/2024
		{"an extract with a mistyped date", covRows("a", 2024, 40, "10/06/2024") + "x1,01/06/2024,S,C2,N1,U4,PR1,05/12/2024,E8\n", mo(2024, 5),
			"2024-04 to 2024-05 (the collection year 2024-25; 2024-25 only up to 2024-05, its latest date being 10/06/2024)"},
		{"an extract taken in its first days", covRows("a", 2023, 40, "31/03/2024") + covRows("b", 2024, 10, "04/04/2024"), mo(2024, 3),
			"2023-04 to 2024-03 (the collection years 2023-24 to 2024-25; 2024-25 not at all, its latest date being 04/04/2024)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := covRead(t, "episodes.csv", tt.rows).Coverage
			if c.Last() != tt.end {
				t.Errorf("covered to %v, want %v", c.Last(), tt.end)
			}
			if got := c.String(); got != tt.desc {
				t.Errorf("described as\n  %s\nwant\n  %s", got, tt.desc)
			}
			if err := c.Check(tt.end+1, tt.end+1); err == nil {
				t.Errorf("%v is covered", tt.end+1)
			}
		})
	}
}

// Span, the default months of actuals, is the latest run of covered months.
func TestSpanIsTheLatestRun(t *testing.T) {
	ret := covRead(t,
		"2017-episodes.csv", covRows("a", 2016, 40, "31/03/2017"),
		"2019-episodes.csv", covRows("b", 2018, 40, "31/03/2019"),
		"2020-episodes.csv", covRows("c", 2019, 40, "31/03/2020"))
	first, last, err := latestRun(ret)
	if err != nil {
		t.Fatal(err)
	}
	if first != model.MonthOf(2018, time.April) || last != model.MonthOf(2020, time.March) {
		t.Errorf("span %v to %v, want 2018-04 to 2020-03", first, last)
	}
	// A return with no whole month in it.
	ret = covRead(t, "episodes.csv", covRows("a", 2024, 10, "04/04/2024"))
	if _, _, err := latestRun(ret); err == nil || !strings.Contains(err.Error(), "the returns cover no whole month") {
		t.Errorf("error %v", err)
	}
}
