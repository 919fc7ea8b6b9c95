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
		w.start[i], w.end[i] = e.Start, e.End
		if e.Route != 0 {
			w.withRoutes = true
		}
		if !w.open(i, from, to) {
			continue
		}
		// as the reader decides where a period starts (periodStart)
		p := (*data.Episode)(nil)
		if prev >= 0 && r.Episodes[prev].Child == e.Child {
			p = &r.Episodes[prev]
		}
		w.periodStart[i] = p == nil || e.RNE.String() == "S" || p.REC.String() != "X1" || p.End != e.Start
		prev = i
	}
	return w
}

// open reports whether episode i is open at some time from day from to day
// to.
func (w *writer) open(i int, from, to data.Day) bool {
	return w.start[i] <= to && (w.end[i] == data.NoDay || w.end[i] >= from)
}

// The columns of each file, in the DfE's order.
const (
	episodeColumns = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
	headerColumns  = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"
	uascColumns    = "CHILD,SEX,DOB,DUC"
	routeColumns   = "CHILD,DECOM,ROUTE"
)

// year writes the files of the return for the year ending in March of y.
func (w *writer) year(dir string, y int) error {
	yr := &yearWriter{writer: w, from: data.CivilDay(y-1, 4, 1), to: data.CivilDay(y, 3, 31), in: make([]bool, len(w.r.Children))}
	path := func(table string) string { return filepath.Join(dir, strconv.Itoa(y)+"-"+table+".csv") }
	// The episodes first: they mark the children in the year.
	err := yr.file(path("episodes"), episodeColumns, yr.episodes)
	if err == nil {
		err = yr.file(path("header"), headerColumns, yr.headers)
	}
	if err == nil {
		err = yr.file(path("uasc"), uascColumns, yr.uasc)
	}
	if err == nil && w.withRoutes {
		err = yr.file(path("routes"), routeColumns, yr.routes)
	}
	return err
}

// yearWriter writes the files of one year's return.
type yearWriter struct {
	*writer
	from, to data.Day // 1 April and 31 March
	in       []bool   // by child: has an episode in the year
}

// file writes a file: its columns (and LA if any child has one), then the
// rows rows writes. A write error is sticky in the bufio.Writer, so the
// rows need not check it: Flush reports it.
func (yr *yearWriter) file(path, columns string, rows func(bw *bufio.Writer)) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 256<<10)
	bw.WriteString(columns)
	if yr.withLA {
		bw.WriteString(",LA")
	}
	bw.WriteByte('\n')
	rows(bw)
	err = bw.Flush()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// endRow appends the LA column of child c if the files have one, and the
// line end.
func (yr *yearWriter) endRow(b []byte, c int) []byte {
	if yr.withLA {
		b = append(b, ',')
		b = appendField(b, yr.r.Children[c].LA)
	}
	return append(b, '\n')
}

// episodes writes the episodes open during the year, DEC and REC blank for
// one still open at its 31 March, and marks their children in the year.
func (yr *yearWriter) episodes(bw *bufio.Writer) {
	r := yr.r
	var b []byte
	for i := range r.Episodes {
		if !yr.open(i, yr.from, yr.to) {
			continue
		}
		e := &r.Episodes[i]
		yr.in[e.Child] = true
		b = appendField(b[:0], r.Children[e.Child].ID)
		b = append(b, ',')
		b = yr.start[i].AppendDMY(b)
		for _, f := range []data.Code{e.RNE, e.LS, e.CIN, e.Place, e.Provider} {
			b = append(b, ',')
			b = appendField(b, f.String())
		}
		b = append(b, ',')
		if yr.end[i] != data.NoDay && yr.end[i] <= yr.to {
			b = yr.end[i].AppendDMY(b)
			b = append(b, ',')
			b = appendField(b, e.REC.String())
		} else {
			b = append(b, ',')
		}
		b = append(b, ',')
		b = appendField(b, e.ReasonPlaceChange.String())
		b = append(b, ",,,"...)
		b = yr.endRow(b, e.Child)
		bw.Write(b)
	}
}

// headers writes the header row of each child in the year.
func (yr *yearWriter) headers(bw *bufio.Writer) {
	yr.children(bw, false, func(b []byte, _ *data.Child) []byte { return append(b, ",,,,"...) })
}

// uasc writes the UASC row of each child in the year who has one.
func (yr *yearWriter) uasc(bw *bufio.Writer) {
	yr.children(bw, true, func(b []byte, ch *data.Child) []byte {
		b = append(b, ',')
		return data.DayOf(ch.DUC).AppendDMY(b)
	})
}

// children writes a row of each child in the year (only the UASC children
// if uascOnly): CHILD, SEX and DOB, then what rest appends.
func (yr *yearWriter) children(bw *bufio.Writer, uascOnly bool, rest func(b []byte, ch *data.Child) []byte) {
	var b []byte
	for c := range yr.r.Children {
		ch := &yr.r.Children[c]
		if !yr.in[c] || uascOnly && !ch.UASC {
			continue
		}
		b = appendField(b[:0], ch.ID)
		b = append(b, ',')
		if ch.Sex == 1 || ch.Sex == 2 {
			b = strconv.AppendInt(b, int64(ch.Sex), 10)
		}
		b = append(b, ',')
		b = data.DayOf(ch.DOB).AppendDMY(b)
		b = yr.endRow(rest(b, ch), c)
		bw.Write(b)
	}
}

// routes writes the route of each period that starts with an episode open
// during the year and has one.
func (yr *yearWriter) routes(bw *bufio.Writer) {
	r := yr.r
	var b []byte
	for i := range r.Episodes {
		e := &r.Episodes[i]
		if !yr.periodStart[i] || e.Route == 0 || !yr.open(i, yr.from, yr.to) {
			continue
		}
		b = appendField(b[:0], r.Children[e.Child].ID)
		b = append(b, ',')
		b = yr.start[i].AppendDMY(b)
		b = append(b, ',')
		b = appendField(b, e.Route.String())
		b = yr.endRow(b, e.Child)
		bw.Write(b)
	}
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
