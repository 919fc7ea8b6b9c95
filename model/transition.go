package model

import (
	"slices"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// transition holds one month's transition probabilities for one age band:
// full over the whole month (for children in care at its start) and half
// over half of it (for children who enter during it). Each is K rows of K+R
// columns: row i, column j < K is the probability that a child in category i
// at the start is in category j at the end; column K+r is the probability of
// leaving by reason r.
type transition struct {
	band, days int
	full, half []float64
	// fullCells and halfCells are the cells of the K×K blocks of full and
	// half between categories that are not zero. A child can reach only some
	// categories within a month (none goes from a children's home to placed
	// for adoption, say), so about half of the cells are zero; leaving them
	// out is exact and halves the monthly loop's work.
	fullCells, halfCells []cell
}

// cell is a transition probability between two categories.
type cell struct {
	from, to int32
	p        float64
}

// family is what a band's current intensities give: the transition over
// half a day, H = exp(Q·0.5/365.25), its powers, and the transitions
// already built from them, by month length. Half of a month of d days is
// H^d, and the whole month (H^d)²: one small matrix exponential serves
// every month length.
type family struct {
	rates []float64   // the intensities: moves K×K, then exits K×R, per child-year
	pow   [][]float64 // pow[i] = H^(2^i), as K rows of K+R columns
	// built[d-28] is the index in transitionSet.list of the month of d days,
	// or −1.
	built [4]int
}

// transitionSet builds and remembers the transitions a projection needs, so
// that the monthly loop only looks them up.
type transitionSet struct {
	k, r int
	list []transition
	fam  []family // by band: the intensities last asked for
	// scratch
	q, expQ         *mat.Dense // (K+R)×(K+R)
	half, full, tmp []float64  // K×(K+R)
	// values and cellStore are the storage not yet handed out to the
	// transitions' probabilities and cells, taken a block at a time, of
	// block matrices (K×(K+R) values or K×K cells) each; block doubles
	// with each, up to maxBlock.
	values    []float64
	cellStore []cell
	block     int
}

// maxBlock is the most matrices a transitionSet's storage block holds.
const maxBlock = 64

// grow returns the number of matrices the next block of storage holds.
func (ts *transitionSet) grow() int {
	ts.block = min(max(2*ts.block, 4), maxBlock)
	return ts.block
}

// floats returns n zero values from the set's storage.
func (ts *transitionSet) floats(n int) []float64 {
	if len(ts.values) < n {
		ts.values = make([]float64, max(n, ts.grow()*ts.k*(ts.k+ts.r)))
	}
	out := ts.values[:n:n]
	ts.values = ts.values[n:]
	return out
}

// maxPow is the number of powers H^(2^i) kept: H^d for any d < 2^maxPow = 32.
const maxPow = 5

func newTransitionSet(k, r, bands int) *transitionSet {
	n := k + r
	ts := &transitionSet{
		k: k, r: r,
		fam:  make([]family, bands),
		q:    mat.NewDense(n, n, nil),
		expQ: mat.NewDense(n, n, nil),
		half: make([]float64, k*n),
		full: make([]float64, k*n),
		tmp:  make([]float64, k*n),
	}
	for b := range ts.fam {
		f := &ts.fam[b]
		f.pow = make([][]float64, maxPow)
		for i := range f.pow {
			f.pow[i] = make([]float64, k*n)
		}
	}
	return ts
}

// index returns the transition for band b, a month of days days and the
// given intensities, building it if need be. If changed is false, the
// intensities are those of the band's last call.
func (ts *transitionSet) index(b, days int, rates []float64, changed bool) int {
	f := &ts.fam[b]
	if f.rates == nil || changed && !slices.Equal(f.rates, rates) {
		f.rates = append(f.rates[:0], rates...)
		f.built = [4]int{-1, -1, -1, -1}
		ts.halfDay(f)
	}
	if i := f.built[days-28]; i >= 0 {
		return i
	}
	// H^days: from H^(days−1) if this family has it, else from the powers
	// H^(2^i).
	if days > 28 {
		if i := f.built[days-29]; i >= 0 {
			ts.compose(ts.half, ts.list[i].half, f.pow[0])
			return ts.add(f, b, days)
		}
	}
	first := true
	for i := 0; i < maxPow; i++ {
		if days&(1<<i) == 0 {
			continue
		}
		if first {
			copy(ts.half, f.pow[i])
			first = false
		} else {
			ts.compose(ts.tmp, ts.half, f.pow[i])
			ts.half, ts.tmp = ts.tmp, ts.half
		}
	}
	return ts.add(f, b, days)
}

// add records the transition whose half month is ts.half.
func (ts *transitionSet) add(f *family, b, days int) int {
	ts.compose(ts.full, ts.half, ts.half)
	tr := transition{band: b, days: days, half: ts.floats(len(ts.half)), full: ts.floats(len(ts.full))}
	copy(tr.half, ts.half)
	copy(tr.full, ts.full)
	tr.halfCells, tr.fullCells = ts.cells(tr.half), ts.cells(tr.full)
	ts.list = append(ts.list, tr)
	f.built[days-28] = len(ts.list) - 1
	return f.built[days-28]
}

// halfDay sets a family's powers H^(2^i) of the transition over half a day,
// H = exp(Q·0.5/365.25), where Q is the intensity matrix with the exit
// reasons as absorbing states.
func (ts *transitionSet) halfDay(f *family) {
	k, r := ts.k, ts.r
	n := k + r
	q := ts.q
	q.Zero()
	scale := 0.5 / DaysPerYear
	for i := 0; i < k; i++ {
		var out float64
		for j := 0; j < k; j++ {
			if j == i {
				continue
			}
			v := f.rates[i*k+j] * scale
			q.Set(i, j, v)
			out += v
		}
		for x := 0; x < r; x++ {
			v := f.rates[k*k+i*r+x] * scale
			q.Set(i, k+x, v)
			out += v
		}
		q.Set(i, i, -out)
	}
	ts.expQ.Exp(q)
	// The rows of the exit states are those of the identity: keep the
	// first K.
	for i := 0; i < k; i++ {
		copy(f.pow[0][i*n:(i+1)*n], ts.expQ.RawRowView(i))
	}
	for i := 1; i < maxPow; i++ {
		ts.compose(f.pow[i], f.pow[i-1], f.pow[i-1])
	}
}

// compose sets dst to the transition over a period of a then one of b, each
// given as K rows of K+R columns. The exit states are absorbing, so
// dst[x][y] = Σ_{l<K} a[x][l]·b[l][y], plus a[x][y] for an exit y: the
// product of the two (K+R)×(K+R) matrices, whose last R rows are the
// identity's, without them. dst must not share memory with a or b.
func (ts *transitionSet) compose(dst, a, b []float64) {
	k, n := ts.k, ts.k+ts.r
	for x := 0; x < k; x++ {
		row := dst[x*n : (x+1)*n]
		clear(row[:k])
		copy(row[k:], a[x*n+k:(x+1)*n])
		for l, v := range a[x*n : x*n+k] {
			if v != 0 {
				floats.AddScaled(row, v, b[l*n:(l+1)*n])
			}
		}
	}
}

// cross returns the transition over a month of a child who moves from the
// band of transition i to the band of transition j half way through it:
// half of i's month, then half of j's.
func (ts *transitionSet) cross(i, j int) transition {
	out := ts.floats(ts.k * (ts.k + ts.r))
	ts.compose(out, ts.list[i].half, ts.list[j].half)
	tr := transition{band: ts.list[i].band, days: ts.list[i].days, full: out}
	tr.fullCells = ts.cells(out)
	return tr
}

// cells lists the category-to-category cells of a K×(K+R) transition that
// are not zero.
func (ts *transitionSet) cells(tr []float64) []cell {
	k, n := ts.k, ts.k+ts.r
	nz := 0
	for i := 0; i < k; i++ {
		for _, v := range tr[i*n : i*n+k] {
			if v != 0 {
				nz++
			}
		}
	}
	if len(ts.cellStore) < nz {
		ts.cellStore = make([]cell, max(nz, ts.grow()*k*k))
	}
	out := ts.cellStore[:0:nz]
	ts.cellStore = ts.cellStore[nz:]
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			if v := tr[i*n+j]; v != 0 {
				out = append(out, cell{int32(i), int32(j), v})
			}
		}
	}
	return out
}
