package data

import (
	"math"
	"os"
	"path/filepath"
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
	first, last, err := ret.Span()
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
		for i := range ret.Episodes {
			e := &ret.Episodes[i]
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
		ea.File, eb.File = "", ""
		if ea != eb {
			t.Errorf("episode %d: %+v vs %+v", i, ea, eb)
		}
	}
}
