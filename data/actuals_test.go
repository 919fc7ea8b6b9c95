package data

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/carecast/carecast/model"
)

var (
	testCategories = []string{"foster_inhouse", "foster_ifa", "kinship", "home_inhouse", "home_external", "secure",
		"supported", "with_parents", "adoption_placed", "other_residential", "other"}
	testReasons = []string{"reunification", "adoption", "special_guardianship", "child_arrangements", "other"}
	testRoutes  = []string{"child_protection", "children_in_need", "direct", "uasc", "remand"}
	testBands   = []model.Band{{Name: "0", Min: 0, Max: 0}, {Name: "1-4", Min: 1, Max: 4}, {Name: "5-9", Min: 5, Max: 9}, {Name: "10-15", Min: 10, Max: 15}, {Name: "16-17", Min: 16, Max: 17}}
)

func testClassifier(t *testing.T) *Classifier {
	t.Helper()
	cl, err := DefaultMapping().Compile(testCategories, testReasons, testRoutes)
	if err != nil {
		t.Fatal(err)
	}
	return cl
}

func readActuals(t *testing.T, dir string) *model.Result {
	t.Helper()
	ret, rep, err := ReadDir(dir, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, ret, rep)
	res, err := Actuals(ret, testClassifier(t), testBands, model.MonthOf(2024, 1), model.MonthOf(2024, 6))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// The fixture in testdata/actuals, counted by hand (see the comments):
//
//	A  born 2010-05-10: enters 15 Jan 2024 (C2, N1: child protection) with an
//	   in-house carer; moves (P) to an IFA on 10 Mar; a legal-status-only
//	   episode (L) on 20 Mar is not a move; still in care.
//	B  born 2006-04-10, in an external home since 2023: leaves on 10 Apr 2024,
//	   her 18th birthday, with REC E8: aged out, not "other".
//	C  a short break (V3) in February, not counted at all; then kinship care
//	   from 1 to 31 May (returned home, E4A): never in care at a month end.
//	D  placed with parents on 29 Feb, leaves on 1 Mar (E11): in care at the
//	   end of February, an adoption in March.
//	E  an X1 episode ending 5 Apr with no episode until 7 Apr: two periods,
//	   so an exit (other) and a second entry in April.
//	F  an unaccompanied asylum seeker entering supported accommodation on 10 Jun.
func TestActualsCountedByHand(t *testing.T) {
	res := readActuals(t, "testdata/actuals")
	idx := func(list []string, s string) int { return indexOf(list, s) }
	cat := func(t int, name string) float64 { return res.CategoryRow(t)[idx(res.Categories, name)] }
	exit := func(t int, name string) float64 { return res.ExitsRow(t)[idx(res.Reasons, name)] }
	entry := func(t int, name string) float64 { return res.EntriesRow(t)[idx(res.Routes, name)] }

	if res.InitialInCare != 1 || res.InitialByCategory[idx(res.Categories, "home_external")] != 1 {
		t.Errorf("at the end of 2023-12: %v in care %v, want B alone, in an external home", res.InitialInCare, res.InitialByCategory)
	}
	wantIn := []float64{2, 3, 2, 2, 2, 3}
	wantEntries := []float64{1, 1, 0, 2, 1, 1}
	wantExits := []float64{0, 0, 1, 2, 1, 0}
	for m := 0; m < 6; m++ {
		if res.InCare[m] != wantIn[m] || res.TotalEntries(m) != wantEntries[m] || res.TotalExits(m) != wantExits[m] {
			t.Errorf("%v: in care %v, entries %v, exits %v; want %v, %v, %v", res.Month(m),
				res.InCare[m], res.TotalEntries(m), res.TotalExits(m), wantIn[m], wantEntries[m], wantExits[m])
		}
		if d := res.InCare[m] - (res.PreviousInCare(m) + res.TotalEntries(m) - res.TotalExits(m)); d != 0 {
			t.Errorf("%v: not conserved (off by %v)", res.Month(m), d)
		}
	}
	checks := []struct {
		what      string
		got, want float64
	}{
		{"Jan in-house foster (A)", cat(0, "foster_inhouse"), 1},
		{"Feb with parents (D)", cat(1, "with_parents"), 1},
		{"Mar IFA (A after the move)", cat(2, "foster_ifa"), 1},
		{"Mar in-house foster", cat(2, "foster_inhouse"), 0},
		{"Apr external home (B aged out)", cat(3, "home_external"), 0},
		{"Apr other residential (E)", cat(3, "other_residential"), 1},
		{"May kinship (C, left on 31 May)", cat(4, "kinship"), 0},
		{"Jun supported (F)", cat(5, "supported"), 1},
		{"Jan child protection entry (A)", entry(0, "child_protection"), 1},
		{"Feb direct entry (D, C1 N4)", entry(1, "direct"), 1},
		{"Apr children in need entries (E twice)", entry(3, "children_in_need"), 2},
		{"May children in need entry (C)", entry(4, "children_in_need"), 1},
		{"Jun UASC entry (F)", entry(5, "uasc"), 1},
		{"Mar adoption (D)", exit(2, "adoption"), 1},
		{"Apr age-out (B, REC E8)", exit(3, model.AgeOut), 1},
		{"Apr other (E, X1 with a gap)", exit(3, "other"), 1},
		{"May reunification (C)", exit(4, "reunification"), 1},
		{"Mar moves in-house → IFA (A)", res.MovesRow(2)[idx(res.Categories, "foster_inhouse")*11+idx(res.Categories, "foster_ifa")], 1},
		{"moves in all", sumAll(res.Moves), 1},
		{"Jan in-house child-days (A from the 15th)", res.ChildDaysRow(0)[idx(res.Categories, "foster_inhouse")], 17},
		{"Mar IFA child-days (A from the 10th)", res.ChildDaysRow(2)[idx(res.Categories, "foster_ifa")], 22},
		{"Apr external home child-days (B to the 10th)", res.ChildDaysRow(3)[idx(res.Categories, "home_external")], 9},
		{"May kinship child-days (C)", res.ChildDaysRow(4)[idx(res.Categories, "kinship")], 30},
		{"Feb with parents child-days (D, 29 Feb)", res.ChildDaysRow(1)[idx(res.Categories, "with_parents")], 1},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %v, want %v", c.what, c.got, c.want)
		}
	}
	// Bands at the end of June: A is 14 (10-15), E 16 (16-17), F 17 (16-17).
	row := res.BandCategoryRow(5)
	if row[3*11+idx(res.Categories, "foster_ifa")] != 1 || row[4*11+idx(res.Categories, "other_residential")] != 1 || row[4*11+idx(res.Categories, "supported")] != 1 {
		t.Errorf("June by band: %v", row)
	}
	// Final: A is 169 months old on 30 June 2024 (born 10 May 2010).
	if res.Final[169*11+idx(res.Categories, "foster_ifa")] != 1 {
		t.Errorf("final stock lacks A at 169 months")
	}
}

func sumAll(s []float64) float64 {
	var x float64
	for _, v := range s {
		x += v
	}
	return x
}

// Two yearly returns that both carry the same episodes count them once.
func TestActualsYearlyDuplicates(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"header.csv", "uasc.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata/actuals", f))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, f), b, 0o644)
	}
	eps, _ := os.ReadFile("testdata/actuals/episodes.csv")
	os.WriteFile(filepath.Join(dir, "2024-episodes.csv"), eps, 0o644)
	os.WriteFile(filepath.Join(dir, "2025-episodes.csv"), eps, 0o644)
	once := readActuals(t, "testdata/actuals")
	twice := readActuals(t, dir)
	for m := 0; m < once.Months; m++ {
		if once.InCare[m] != twice.InCare[m] || once.TotalEntries(m) != twice.TotalEntries(m) || once.TotalExits(m) != twice.TotalExits(m) {
			t.Errorf("%v: once %v/%v/%v, twice %v/%v/%v", once.Month(m), once.InCare[m], once.TotalEntries(m), once.TotalExits(m),
				twice.InCare[m], twice.TotalEntries(m), twice.TotalExits(m))
		}
	}
}

// On the peer samples, the month-end counts agree with a direct count of
// the episodes open at each month end, and the flows conserve children.
func TestActualsPeerSampleIndependentCount(t *testing.T) {
	dir := filepath.Join(peerSamples, "cs-demand-model")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("peer samples not present")
	}
	ret, _, err := ReadDir(dir, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	first, last, err := latestRun(ret)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Actuals(ret, testClassifier(t), testBands, first, last)
	if err != nil {
		t.Fatal(err)
	}
	for m := 0; m < res.Months; m++ {
		d := monthEnd(res.Month(m))
		var n float64
		for _, e := range widen(ret, ret.Episodes) {
			if e.LS != "V3" && e.LS != "V4" && !e.Start.After(d) && (e.End.IsZero() || e.End.After(d)) {
				n++
			}
		}
		if res.InCare[m] != n {
			t.Errorf("%v: %v in care, direct count %v", res.Month(m), res.InCare[m], n)
		}
		if diff := res.InCare[m] - (res.PreviousInCare(m) + res.TotalEntries(m) - res.TotalExits(m)); math.Abs(diff) > 0 {
			t.Errorf("%v: flows off by %v", res.Month(m), diff)
		}
	}
	if first.Calendar() != time.April || last <= first {
		t.Errorf("span %v to %v: want it to start in April and end later", first, last)
	}
}

func TestReadFSMatchesReadDir(t *testing.T) {
	a, ra, err := ReadDir("testdata/actuals", ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, rb, err := ReadFS(os.DirFS("testdata"), "actuals", ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, b, rb)
	if len(a.Episodes) != len(b.Episodes) || ra.Summary() != rb.Summary() {
		t.Fatalf("ReadFS: %d episodes, %s; ReadDir: %d, %s", len(b.Episodes), rb.Summary(), len(a.Episodes), ra.Summary())
	}
	for i := range a.Episodes {
		ea, eb := a.Episodes[i], b.Episodes[i]
		ea.File, eb.File = 0, 0
		if ea != eb {
			t.Errorf("episode %d: %+v vs %+v", i, ea, eb)
		}
	}
}

// The day-based count of actuals and the sub-slices of periodWalk stand in
// for the plain code below, which worked on time.Time month by month and
// copied each period: both must give the same Result, float for float.

// TestActualsByDays compares Actuals with actualsByTime on the shipped
// sample and on synthetic returns, over spans inside, across and beyond
// the months the returns hold.
func TestActualsByDays(t *testing.T) {
	cl := testClassifier(t)
	returns := referenceReturns(t)
	for _, tc := range returns {
		spanFirst, spanLast, err := latestRun(tc.r)
		if err != nil {
			t.Fatal(err)
		}
		for _, span := range [][2]model.Month{{spanFirst, spanLast}, {spanFirst + 7, spanFirst + 7}, {spanFirst - 30, spanFirst + 2},
			{spanLast - 2, spanLast + 40}, {model.MonthOf(1990, time.February), model.MonthOf(2030, time.December)}} {
			got, err := Actuals(tc.r, cl, testBands, span[0], span[1])
			if err != nil {
				t.Fatal(err)
			}
			want, err := actualsByTime(tc.r, cl, testBands, span[0], span[1])
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s, %v to %v: Actuals differs from the count on time.Time", tc.name, span[0], span[1])
			}
		}
	}
	for _, tc := range returns {
		var byCopy, bySlice [][]wideEpisode
		periodWalkByCopy(tc.r, func(_ *Child, eps []wideEpisode) { byCopy = append(byCopy, slices.Clone(eps)) })
		tc.r.periodWalk(func(_ *Child, eps []Episode) { bySlice = append(bySlice, widen(tc.r, eps)) })
		if !reflect.DeepEqual(byCopy, bySlice) {
			t.Errorf("%s: periodWalk's periods differ from the copied ones", tc.name)
		}
	}
}

// periodWalkByCopy is periodWalk as it was, copying each period's episodes.
func periodWalkByCopy(r *Returns, visit func(c *Child, eps []wideEpisode)) {
	eps := widen(r, r.Episodes)
	for i := 0; i < len(eps); {
		j := i
		for j < len(eps) && eps[j].Child == eps[i].Child {
			j++
		}
		child := &r.Children[eps[i].Child]
		var run []wideEpisode
		flush := func() {
			if len(run) > 0 {
				visit(child, run)
			}
			run = run[:0]
		}
		for k := i; k < j; k++ {
			e := eps[k]
			if shortBreak(&e.Episode) {
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

// until18 is untilAdult on time.Time: a period of care cut at the 18th
// birthday, in a new slice. Episodes from then on are left out, and one
// open then or ending later ends then.
func until18(eps []wideEpisode, dob time.Time) []wideEpisode {
	adult := dob.AddDate(model.AgeYears, 0, 0) // 29 February: 1 March in a year that is not a leap year
	var out []wideEpisode
	for _, e := range eps {
		if !e.Start.Before(adult) {
			break
		}
		if e.End.IsZero() || e.End.After(adult) {
			e.End = adult
		}
		out = append(out, e)
	}
	return out
}

// actualsByTime is Actuals as it was, on time.Time month by month: the
// plain code the day-based count stands in for.
func actualsByTime(r *Returns, cl *Classifier, bands []model.Band, first, last model.Month) (*model.Result, error) {
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
	periodWalkByCopy(r, func(c *Child, eps []wideEpisode) {
		if eps = until18(eps, c.DOB); len(eps) == 0 {
			return
		}
		// entry, by route
		start := eps[0].Start
		if m := monthOf(start); m >= first && m <= last {
			res.EntriesRow(int(m - first))[cl.Route(&eps[0].Episode, c.UASC && (c.DUC.IsZero() || c.DUC.After(start)))]++
		}
		prev := -1
		for i := range eps {
			e := &eps[i]
			k := cl.Category(e.Place, e.Provider)
			if prev >= 0 && k != prev && isMove(e.Episode.RNE) {
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

// inCareAt reports whether an episode covers a date as DfE counts it:
// started on or before it and not ended by it.
func inCareAt(e *wideEpisode, d time.Time) bool {
	return !e.Start.After(d) && (e.End.IsZero() || e.End.After(d))
}

// monthStart is midnight UTC on the first day of month m.
func monthStart(m model.Month) time.Time {
	return time.Date(m.Year(), m.Calendar(), 1, 0, 0, 0, 0, time.UTC)
}

// monthEnd is midnight UTC on the last day of month m.
func monthEnd(m model.Month) time.Time {
	return time.Date(m.Year(), m.Calendar()+1, 0, 0, 0, 0, 0, time.UTC)
}

// ageMonths is a child's age in whole months on a date.
func ageMonths(dob, on time.Time) int { return monthsOld(civilOf(dob), civilOf(on)) }
