package synth

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/carecast/carecast/data"
)

// WriteReturns writes r as yearly DfE CSV files in dir (made if need be):
// YYYY-header.csv, YYYY-episodes.csv and YYYY-uasc.csv for each return
// year YYYY from firstYear to lastYear (the year the return's March falls
// in), and YYYY-routes.csv if any episode has a Route. Each return holds
// every episode open at any time during its April–March year (starting on
// or before its 31 March and ending, if at all, on or after its 1 April),
// with DEC and REC blank for an episode still open at its 31 March; the
// header and UASC tables hold the children with an episode in it. Dates
// are DD/MM/YYYY; columns are the DfE's, in its order, with an LA column
// added if any child has an LA. A routes file gives the route of each
// period's first episode. Other files in dir are left alone. data.ReadDir of
// dir gives r back (without File and Line, and without episodes and
// children outside the years).
func WriteReturns(dir string, r *data.Returns, firstYear, lastYear int) error {
	if r == nil {
		return errors.New("write returns: no returns")
	}
	if firstYear > lastYear || firstYear <= data.MinYear || lastYear > data.MaxYear {
		return fmt.Errorf("write returns: years %d to %d: want %d ≤ first ≤ last ≤ %d", firstYear, lastYear, data.MinYear+1, data.MaxYear)
	}
	for i, e := range r.Episodes {
		if e.Child < 0 || e.Child >= len(r.Children) {
			return fmt.Errorf("write returns: episode %d: child %d out of range", i, e.Child)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	w := newWriter(r, firstYear, lastYear)
	n := lastYear - firstYear + 1
	errs := make([]error, n)
	busy := make(chan struct{}, runtime.GOMAXPROCS(0)) // years written at once
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			busy <- struct{}{}
			errs[i] = w.year(dir, firstYear+i)
			<-busy
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// writer holds what every year's files need.
type writer struct {
	r           *data.Returns
	start, end  []data.Day // of each episode (end NoDay while open)
	periodStart []bool     // the episode starts a period among those written
	withLA      bool
	withRoutes  bool
}

func newWriter(r *data.Returns, firstYear, lastYear int) *writer {
	n := len(r.Episodes)
	w := &writer{r: r, start: make([]data.Day, n), end: make([]data.Day, n), periodStart: make([]bool, n)}
	for _, c := range r.Children {
		if c.LA != "" {
			w.withLA = true
			break
		}
	}
	from, to := data.CivilDay(firstYear-1, 4, 1), data.CivilDay(lastYear, 3, 31)
	prev := -1 // the last episode written, of any child
	for i := range r.Episodes {
		e := &r.Episodes[i]
		w.start[i], w.end[i] = data.DayOf(e.Start), data.DayOf(e.End)
		if e.Route != "" {
			w.withRoutes = true
		}
		if w.start[i] > to || w.end[i] != data.NoDay && w.end[i] < from {
			continue
		}
		// as the reader decides where a period starts (periodStart)
		p := (*data.Episode)(nil)
		if prev >= 0 && r.Episodes[prev].Child == e.Child {
			p = &r.Episodes[prev]
		}
		w.periodStart[i] = p == nil || e.RNE == "S" || p.REC != "X1" || !p.End.Equal(e.Start)
		prev = i
	}
	return w
}

// year writes the files of the return for the year ending in March of y.
func (w *writer) year(dir string, y int) error {
	r := w.r
	from, to := data.CivilDay(y-1, 4, 1), data.CivilDay(y, 3, 31)
	in := make([]bool, len(r.Children))
	la := func(b []byte, c int) []byte {
		if w.withLA {
			b = append(b, ',')
			b = appendField(b, r.Children[c].LA)
		}
		return b
	}
	head := func(cols string) string {
		if w.withLA {
			cols += ",LA"
		}
		return cols + "\n"
	}
	err := writeFile(filepath.Join(dir, strconv.Itoa(y)+"-episodes.csv"),
		head("CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"),
		func(emit func([]byte) error) error {
			var b []byte
			for i := range r.Episodes {
				if w.start[i] > to || w.end[i] != data.NoDay && w.end[i] < from {
					continue
				}
				e := &r.Episodes[i]
				in[e.Child] = true
				b = appendField(b[:0], r.Children[e.Child].ID)
				b = append(b, ',')
				b = w.start[i].AppendDMY(b)
				for _, f := range []string{e.RNE, e.LS, e.CIN, e.Place, e.Provider} {
					b = append(b, ',')
					b = appendField(b, f)
				}
				b = append(b, ',')
				if w.end[i] != data.NoDay && w.end[i] <= to {
					b = w.end[i].AppendDMY(b)
					b = append(b, ',')
					b = appendField(b, e.REC)
				} else {
					b = append(b, ',')
				}
				b = append(b, ',')
				b = appendField(b, e.ReasonPlaceChange)
				b = append(b, ",,,"...)
				b = la(b, e.Child)
				b = append(b, '\n')
				if err := emit(b); err != nil {
					return err
				}
			}
			return nil
		})
	if err != nil {
		return err
	}
	sex := func(b []byte, s int) []byte {
		if s == 1 || s == 2 {
			b = strconv.AppendInt(b, int64(s), 10)
		}
		return b
	}
	err = writeFile(filepath.Join(dir, strconv.Itoa(y)+"-header.csv"), head("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"),
		func(emit func([]byte) error) error {
			var b []byte
			for c := range r.Children {
				if !in[c] {
					continue
				}
				ch := &r.Children[c]
				b = appendField(b[:0], ch.ID)
				b = append(b, ',')
				b = sex(b, ch.Sex)
				b = append(b, ',')
				b = data.DayOf(ch.DOB).AppendDMY(b)
				b = append(b, ",,,,"...)
				b = la(b, c)
				b = append(b, '\n')
				if err := emit(b); err != nil {
					return err
				}
			}
			return nil
		})
	if err != nil {
		return err
	}
	err = writeFile(filepath.Join(dir, strconv.Itoa(y)+"-uasc.csv"), head("CHILD,SEX,DOB,DUC"),
		func(emit func([]byte) error) error {
			var b []byte
			for c := range r.Children {
				ch := &r.Children[c]
				if !in[c] || !ch.UASC {
					continue
				}
				b = appendField(b[:0], ch.ID)
				b = append(b, ',')
				b = sex(b, ch.Sex)
				b = append(b, ',')
				b = data.DayOf(ch.DOB).AppendDMY(b)
				b = append(b, ',')
				b = data.DayOf(ch.DUC).AppendDMY(b)
				b = la(b, c)
				b = append(b, '\n')
				if err := emit(b); err != nil {
					return err
				}
			}
			return nil
		})
	if err != nil || !w.withRoutes {
		return err
	}
	return writeFile(filepath.Join(dir, strconv.Itoa(y)+"-routes.csv"), head("CHILD,DECOM,ROUTE"),
		func(emit func([]byte) error) error {
			var b []byte
			for i := range r.Episodes {
				e := &r.Episodes[i]
				if !w.periodStart[i] || e.Route == "" || w.start[i] > to || w.end[i] != data.NoDay && w.end[i] < from {
					continue
				}
				b = appendField(b[:0], r.Children[e.Child].ID)
				b = append(b, ',')
				b = w.start[i].AppendDMY(b)
				b = append(b, ',')
				b = appendField(b, e.Route)
				b = la(b, e.Child)
				b = append(b, '\n')
				if err := emit(b); err != nil {
					return err
				}
			}
			return nil
		})
}

// writeFile writes a file: its header line, then the rows body emits.
func writeFile(path, header string, body func(emit func([]byte) error) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 256<<10)
	bw.WriteString(header)
	err = body(func(b []byte) error {
		_, err := bw.Write(b)
		return err
	})
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// appendField appends a CSV field, quoted if it must be.
func appendField(b []byte, s string) []byte {
	plain := true
	for i := 0; i < len(s) && plain; i++ {
		c := s[i]
		plain = c != ',' && c != '"' && c != '\r' && c != '\n'
	}
	if plain {
		return append(b, s...)
	}
	b = append(b, '"')
	b = append(b, strings.ReplaceAll(s, `"`, `""`)...)
	return append(b, '"')
}
