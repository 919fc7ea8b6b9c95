package data

import (
	"bufio"
	"cmp"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/carecast/carecast/model"
)

// writeSynthetic writes a folder of n episodes (DfE CSV layout) for
// benchmarks: children born 2000–2015, each with a chain of 1–9 episodes
// linked by X1, the last closed with a leaving code (E17 on the 18th
// birthday at the latest) or open at the end of the extract (31/03/2024).
// The data is clean: a read finds no problem.
func writeSynthetic(tb testing.TB, dir string, n int) {
	tb.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	create := func(name, head string) (*os.File, *bufio.Writer) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			tb.Fatal(err)
		}
		w := bufio.NewWriterSize(f, 1<<16)
		w.WriteString(head + "\n")
		return f, w
	}
	hf, hw := create("header.csv", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB")
	ef, ew := create("episodes.csv", "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN")
	uf, uw := create("uasc.csv", "CHILD,SEX,DOB,DUC")
	places := []string{"U1", "U4", "U5", "U6", "K2", "H5", "P1", "A4", "R1", "S1"}
	ls := []string{"C1", "C2", "V2", "E1", "J2"}
	leave := []string{"E11", "E12", "E13", "E4A", "E45", "E8", "E17"}
	const layout = "02/01/2006"
	base := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	extractEnd := time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC)
	for child, written := 100000, 0; written < n; child++ {
		dob := base.AddDate(0, 0, rng.IntN(16*365))
		sex := 1 + rng.IntN(2)
		fmt.Fprintf(hw, "%d,%d,%s,WBRI,A%012d,,\n", child, sex, dob.Format(layout), child)
		if rng.IntN(20) == 0 {
			fmt.Fprintf(uw, "%d,%d,%s,%s\n", child, sex, dob.Format(layout), dob.AddDate(18, 0, 0).Format(layout))
		}
		start := dob.AddDate(0, 0, 30+rng.IntN(3000))
		k := 1 + rng.IntN(9)
		for j := 0; j < k && written < n; j++ {
			rne := "P"
			if j == 0 {
				rne = "S"
			}
			end := start.AddDate(0, 0, 1+rng.IntN(400))
			dec, rec := end.Format(layout), "X1"
			b18 := dob.AddDate(18, 0, 0)
			switch {
			case !end.Before(b18) && b18.Before(extractEnd):
				end, k = b18, j+1 // ages out: the last episode
				dec, rec = end.Format(layout), "E17"
			case end.After(extractEnd):
				dec, rec, k = "", "", j+1 // still in care at the end of the extract
			case j == k-1 || written == n-1:
				rec = leave[rng.IntN(len(leave))]
			}
			fmt.Fprintf(ew, "%d,%s,%s,%s,N%d,%s,PR%d,%s,%s,,AB1 2CD,EF3 4GH,%d\n", child, start.Format(layout), rne,
				ls[rng.IntN(len(ls))], 1+rng.IntN(8), places[rng.IntN(len(places))], 1+rng.IntN(5), dec, rec, 1000000+rng.IntN(8999999))
			start = end
			written++
		}
	}
	for _, fw := range []struct {
		f *os.File
		w *bufio.Writer
	}{{hf, hw}, {ef, ew}, {uf, uw}} {
		if err := fw.w.Flush(); err != nil {
			tb.Fatal(err)
		}
		fw.f.Close()
	}
}

// BenchmarkReadDir reads a synthetic folder of 100,000 episodes. Set
// CARECAST_BENCH_1M=1 to add a run over 1,000,000 episodes.
func BenchmarkReadDir(b *testing.B) {
	sizes := []int{100_000}
	if os.Getenv("CARECAST_BENCH_1M") != "" {
		sizes = append(sizes, 1_000_000)
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("episodes=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			writeSynthetic(b, dir, n)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				ret, rep, err := ReadDir(dir, ReadOptions{})
				if err != nil {
					b.Fatal(err)
				}
				if len(ret.Episodes) == 0 {
					b.Fatal(rep.Summary())
				}
			}
		})
	}
}

// TestSynthetic checks the benchmark data reads without problems.
func TestSynthetic(t *testing.T) {
	dir := t.TempDir()
	writeSynthetic(t, dir, 5000)
	ret, rep := readDir(t, dir, ReadOptions{})
	if len(ret.Episodes) != 5000 || len(rep.Problems) != 0 {
		t.Errorf("%d episodes, problems %v", len(ret.Episodes), rep.Problems)
	}
}

// The tests below check the reader's fast paths against the plain code
// they stand in for.

// inEpisodeOrder returns episodes in the order episodeOrder gives, as a
// set of chunks of 1 to 300 records.
func inEpisodeOrder(t *testing.T, eps []episodeRec) []episodeRec {
	var set episodeSet
	for off := 0; off < len(eps); off += 1 + off%300 {
		set.add(int32(off), eps[off:min(off+1+off%300, len(eps))])
		set.add(int32(off), nil) // no records: not added
	}
	var out []episodeRec
	order := episodeOrder(&set)
	for _, i := range order {
		out = append(out, *set.at(i))
	}
	if got := set.gather(order); !slices.Equal(got, out) || set.len() != 0 {
		t.Errorf("%d episodes: episodeSet.gather differs from episodeSet.at", len(eps))
	}
	return out
}

// TestSortEpisodes checks the radix sort of episodes against a comparison
// sort, for episodes in reading order (the radix path) and not (the
// fallback).
func TestSortEpisodes(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	byFullOrder := func(a, b episodeRec) int {
		if c := cmp.Or(cmp.Compare(a.child, b.child), cmp.Compare(a.start, b.start)); c != 0 {
			return c
		}
		return compareOrigin(a.origin, b.origin)
	}
	for _, n := range []int{0, 1, 2, 50, 5000} {
		eps := make([]episodeRec, n)
		for i := range eps {
			// Reading order: by file, then line; few children, starts and
			// years, so that ties are common.
			eps[i] = episodeRec{
				origin: origin{file: int32(i / 700), line: int32(i%700 + 2), year: int32([]int{0, 0, 2019, 2020}[rng.IntN(4)])},
				id:     int32(i), child: int32(rng.IntN(40)), start: Day(rng.IntN(30) - 25000),
			}
		}
		want := slices.Clone(eps)
		slices.SortFunc(want, byFullOrder)
		if got := inEpisodeOrder(t, slices.Clone(eps)); !slices.Equal(got, want) {
			t.Errorf("%d episodes in reading order: radix sort differs", n)
		}
		rng.Shuffle(len(eps), func(i, j int) { eps[i], eps[j] = eps[j], eps[i] })
		if got := inEpisodeOrder(t, eps); !slices.Equal(got, want) {
			t.Errorf("%d shuffled episodes: sort differs", n)
		}
	}
}

// TestNumericID checks that packed identifiers order as compareIDs orders
// them, and that only identifiers of 1 to maxNumericID digits pack.
func TestNumericID(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	ids := []string{"0", "00", "7", "007", "10", "9", "99999999999999999", "10000000000000000"}
	for range 2000 {
		b := make([]byte, 1+rng.IntN(maxNumericID))
		for i := range b {
			b[i] = byte('0' + rng.IntN(10))
		}
		ids = append(ids, string(b))
	}
	for _, a := range ids {
		ca, ok := numericID([]byte(a))
		if !ok {
			t.Fatalf("%q does not pack", a)
		}
		for _, b := range ids[:50] {
			cb, _ := numericID([]byte(b))
			if got, want := cmp.Compare(ca, cb), compareIDs(a, b); got != want {
				t.Errorf("%q vs %q: packed %d, compareIDs %d", a, b, got, want)
			}
		}
	}
	for _, bad := range []string{"", "1a", "-1", " 1", "123456789012345678"} {
		if _, ok := numericID([]byte(bad)); ok {
			t.Errorf("%q packs", bad)
		}
	}
}

// TestFastCodes checks the packed code tables against the book's maps.
func TestFastCodes(t *testing.T) {
	b := book()
	for f := range numCodeFields {
		for code, id := range b.ids[f] {
			k, ok := packCode(code)
			if !ok {
				continue
			}
			if got, ok := b.fast[f].find(k); !ok || got != id {
				t.Errorf("%s %q: fast table has %d, %v; map has %d", codeFieldNames[f], code, got, ok, id)
			}
		}
		for _, s := range []string{"ZZ", "A\x00", "X", "E1", "PLACE", "1234567"} {
			k, _ := packCode(s)
			got, ok := b.fast[f].find(k)
			want, wantOK := b.ids[f][s]
			if ok && (got != want || !wantOK) {
				t.Errorf("%s %q: fast table has %d, map has %d, %v", codeFieldNames[f], s, got, want, wantOK)
			}
		}
	}
	if _, ok := packCode("12345678"); ok {
		t.Error("an 8-byte code packs")
	}
}

// BenchmarkReadSample reads the synthetic council shipped with carecast
// (ten yearly returns, about 17,000 rows): the read every run of the
// baseline scenario starts with.
func BenchmarkReadSample(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		ret, rep, err := ReadSample(ReadOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if len(ret.Episodes) == 0 {
			b.Fatal(rep.Summary())
		}
	}
}

// BenchmarkActuals counts the shipped sample's actuals over the months its
// returns cover.
func BenchmarkActuals(b *testing.B) {
	ret, _, err := ReadSample(ReadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	cl, err := DefaultMapping().Compile(testCategories, testReasons, testRoutes)
	if err != nil {
		b.Fatal(err)
	}
	first, last, err := latestRun(ret)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Actuals(ret, cl, testBands, first, last); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCalibrateDir reads, validates and calibrates the folder named by
// CARECAST_BENCH_DIR (e.g. made by carecast synth --scale 100) over the
// window CARECAST_BENCH_WINDOW (default 2021-04:2024-03); it is skipped
// when the variable is not set.
func BenchmarkCalibrateDir(b *testing.B) {
	dir := os.Getenv("CARECAST_BENCH_DIR")
	if dir == "" {
		b.Skip("CARECAST_BENCH_DIR not set")
	}
	from, to := model.MonthOf(2021, time.April), model.MonthOf(2024, time.March)
	cl, err := DefaultMapping().Compile(testCategories, testReasons, testRoutes)
	if err != nil {
		b.Fatal(err)
	}
	for _, bounds := range [][]int{nil, {1, 3, 6, 12, 24}} {
		b.Run(fmt.Sprintf("durations=%d", len(bounds)), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ret, rep, err := ReadDir(dir, ReadOptions{})
				if err != nil {
					b.Fatal(err)
				}
				opt := CalibrateOptions{From: from, To: to, DurationBounds: bounds}
				if _, err := Calibrate(ret, cl, testBands, opt); err != nil {
					b.Fatal(err, rep.Summary())
				}
			}
		})
	}
}
