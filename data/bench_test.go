package data

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"
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
