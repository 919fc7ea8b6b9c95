package data

import (
	"bufio"
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// ErrNoEpisodes is returned (wrapped) when no episodes could be read: the
// folder holds no Episodes table, or none of its rows were usable.
var ErrNoEpisodes = errors.New("no usable episodes")

// UnknownLAError is the error of a ReadOptions.LA that no row's LA column
// names.
type UnknownLAError struct {
	LA       string   // the council asked for
	Councils []string // the councils the files name (Report.Councils)
}

func (e *UnknownLAError) Error() string {
	if len(e.Councils) == 0 {
		return fmt.Sprintf("council %q is not in the files: none has an LA column, so they hold one council's returns", e.LA)
	}
	const most = 20
	list := e.Councils[:min(len(e.Councils), most)]
	s := strings.Join(list, ", ")
	if len(list) > 1 && len(e.Councils) <= most {
		s = strings.Join(list[:len(list)-1], ", ") + " and " + list[len(list)-1]
	}
	if len(e.Councils) > most {
		s += fmt.Sprintf(" and %d more", len(e.Councils)-most)
	}
	return fmt.Sprintf("council %q is not in the files, which hold %s", e.LA, s)
}

// ReadDir reads the SSDA903 returns in dir: every *.csv and *.xml file in it
// (not in subfolders). Files are taken in name order, which ranks yearly
// returns that have no YEAR column (2017-episodes.csv before
// 2018-episodes.csv). Problems in the data are reported, not returned as
// errors; the error is for a folder that cannot be read, holds no usable
// episodes (ErrNoEpisodes) or does not hold the council opt.LA names
// (*UnknownLAError), and the Report is returned with it when there is one.
func ReadDir(dir string, opt ReadOptions) (*Returns, *Report, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	var names, paths []string
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		names = append(names, e.Name())
		paths = append(paths, filepath.Join(dir, e.Name()))
	}
	return readFiles(names, paths, opt)
}

// ReadFS is ReadDir for a folder of a file system, such as the sample
// embedded in carecast.
func ReadFS(fsys fs.FS, dir string, opt ReadOptions) (*Returns, *Report, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, nil, err
	}
	var srcs []source
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, nil, err
		}
		srcs = append(srcs, source{name: e.Name(), data: b})
	}
	return readSources(srcs, opt)
}

// ReadFiles is ReadDir for a list of files; a later file in the list ranks
// as a later return. Problems name the files as given.
func ReadFiles(paths []string, opt ReadOptions) (*Returns, *Report, error) {
	return readFiles(paths, paths, opt)
}

// reading is the state shared, read-only, by the workers of one read.
type reading struct {
	opt   ReadOptions
	la    string // opt.LA trimmed
	codes *codeTable
	files []string // display names, by file index

	// viaGocsv decodes every CSV table with gocsv, the reference the column
	// decoder is tested against (see byColumn).
	viaGocsv bool
}

func newReading(srcs []source, opt ReadOptions) *reading {
	rd := &reading{opt: opt, la: trimSpace(opt.LA), codes: newCodeTable()}
	for _, s := range srcs {
		rd.files = append(rd.files, s.name)
	}
	return rd
}

// source is one input file: in memory (data) or on disk (path).
type source struct {
	name string
	path string
	data []byte
}

// open returns the file's contents as a reader.
func (s source) open() (io.ReadCloser, error) {
	if s.path == "" {
		return io.NopCloser(bytes.NewReader(s.data)), nil
	}
	return os.Open(s.path)
}

// size is the file's length in bytes, or -1 if it cannot be known.
func (s source) size() int64 {
	if s.path == "" {
		return int64(len(s.data))
	}
	fi, err := os.Stat(s.path)
	if err != nil || !fi.Mode().IsRegular() {
		return -1
	}
	return fi.Size()
}

// bufferSize is the size of a buffer for reading a file of size bytes (-1
// if not known): big enough for the whole of a small file and no bigger,
// so that a folder of small returns is not read through megabytes of
// buffers.
func bufferSize(size int64, most int) int {
	if size < 0 || size >= int64(most) {
		return most
	}
	return max(int(size)+1, 16)
}

func readFiles(names, paths []string, opt ReadOptions) (*Returns, *Report, error) {
	srcs := make([]source, len(paths))
	for i, p := range paths {
		srcs[i] = source{name: names[i], path: p}
	}
	return readSources(srcs, opt)
}

// readSources does the work of ReadDir. Files are read one after the other
// in blocks that workers decode while the next block is read, so a large
// file is never wholly in memory.
func readSources(srcs []source, opt ReadOptions) (*Returns, *Report, error) {
	return newReading(srcs, opt).read(srcs)
}

// read reads the sources rd was made for.
func (rd *reading) read(srcs []source) (*Returns, *Report, error) {
	rep := &Report{}
	var plan problems
	p := rd.startPool()
	for i, s := range srcs {
		kind, reason, err := rd.feedFile(int32(i), s, &plan, p)
		if err != nil {
			p.wait()
			return nil, nil, fmt.Errorf("%s: %w", s.name, err)
		}
		rep.Files = append(rep.Files, FileReport{Name: s.name, Kind: kind, Reason: reason})
	}
	chunks := p.wait()
	rep.Councils = councils(chunks)
	m := rd.merge(chunks, &plan)
	ret := m.resolve()
	m.report(rep, chunks)
	if err := rd.checkLA(rep.Councils); err != nil {
		if len(ret.Episodes) == 0 {
			err = fmt.Errorf("%w (%w)", err, ErrNoEpisodes)
		}
		return ret, rep, err
	}
	if len(ret.Episodes) == 0 && !slices.ContainsFunc(rep.Files, returnsFile) {
		return ret, rep, fmt.Errorf("%w: no SSDA903 file was found (no .csv or .xml file)", ErrNoEpisodes)
	}
	if len(ret.Episodes) == 0 {
		return ret, rep, fmt.Errorf("%w: %s", ErrNoEpisodes, rep.Summary())
	}
	return ret, rep, nil
}

// returnsFile reports whether a file may hold returns: a .csv or .xml
// file.
func returnsFile(f FileReport) bool {
	ext := strings.ToLower(filepath.Ext(f.Name))
	return ext == ".csv" || ext == ".xml"
}

// councils returns the councils the chunks' rows name, sorted, each once.
func councils(chunks []*chunk) []string {
	var all []string
	for _, ck := range chunks {
		all = append(all, ck.councils...)
	}
	slices.Sort(all)
	return slices.Compact(all)
}

// checkLA returns an *UnknownLAError if a council was asked for and no
// row names it.
func (rd *reading) checkLA(councils []string) error {
	if rd.la == "" || slices.ContainsFunc(councils, func(c string) bool { return strings.EqualFold(c, rd.la) }) {
		return nil
	}
	return &UnknownLAError{LA: rd.la, Councils: councils}
}

// feedFile decides what a file is and hands its contents to the pool. It
// returns the FileReport kind and, for a skipped file, the reason.
func (rd *reading) feedFile(file int32, s source, plan *problems, p *pool) (kind, reason string, err error) {
	if !returnsFile(FileReport{Name: s.name}) {
		return "", "not a .csv or .xml file", nil
	}
	ext := strings.ToLower(filepath.Ext(s.name))
	r, err := s.open()
	if err != nil {
		return "", "", err
	}
	defer r.Close()
	size := s.size()
	br := bufio.NewReaderSize(r, bufferSize(size, 64<<10))
	if found, big := utf16BOM(br); found {
		br.Discard(2)
		br = bufio.NewReaderSize(newUTF16Reader(br, big), bufferSize(size, 64<<10))
	}
	if ext == ".csv" {
		return rd.feedCSV(file, br, bufferSize(size, blockSize), plan, p)
	}
	data, err := io.ReadAll(br)
	if err != nil {
		return "", "", err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return "", "empty file", nil
	}
	p.submit(&unit{file: file, xml: true, body: data})
	return "xml", "", nil
}

// pool decodes units on several goroutines and keeps the chunks in the
// order the units were submitted, so results never depend on timing.
type pool struct {
	rd   *reading
	jobs chan *unit
	wg   sync.WaitGroup
	mu   sync.Mutex
	done []*chunk
	seq  int
}

func (rd *reading) startPool() *pool {
	p := &pool{rd: rd, jobs: make(chan *unit)}
	for range rd.workers() {
		p.wg.Go(func() {
			for u := range p.jobs {
				ck := rd.run(u)
				p.mu.Lock()
				p.done = append(p.done, ck)
				p.mu.Unlock()
			}
		})
	}
	return p
}

// submit queues a unit; it blocks while all workers are busy, which bounds
// the memory held by blocks waiting to be decoded.
func (p *pool) submit(u *unit) {
	u.seq = p.seq
	p.seq++
	p.jobs <- u
}

// wait lets the workers finish and returns the chunks in submission order.
func (p *pool) wait() []*chunk {
	close(p.jobs)
	p.wg.Wait()
	slices.SortFunc(p.done, func(a, b *chunk) int { return cmp.Compare(a.seq, b.seq) })
	return p.done
}

// workers returns how many goroutines may work at once.
func (rd *reading) workers() int {
	if rd.opt.Workers > 0 {
		return rd.opt.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// forEach calls f(i) for every i in [0, n) on up to workers goroutines.
func forEach(n, workers int, f func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				f(i)
			}
		})
	}
	wg.Wait()
}

// run decodes one unit.
func (rd *reading) run(u *unit) *chunk {
	ck := newChunk(rd, u.file)
	ck.seq = u.seq
	if u.xml {
		ck.decodeXML(u.body)
	} else {
		ck.decodeCSV(u)
	}
	return ck
}
