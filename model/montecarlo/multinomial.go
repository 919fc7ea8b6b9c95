package montecarlo

// splitOneByOne is the largest number of children split over a table one
// child at a time (a uniform number and a search of the table each); more
// are split by sequential binomials (one draw per outcome, until none are
// left), which cost more each but do not grow with the number.
const splitOneByOne = 24

// split adds to out[j] the number of n children whose outcome is j, when
// outcome j has the chance cum[j] − cum[j−1] given one of them all
// (cum[−1] being base, cum's last value their total, a hair from the
// chances' sum where rounding leaves it): a multinomial draw. It is
// exact either way: one child at a time, or by sequential binomials, the
// count of outcome j being Binomial(children left, its chance given
// that none of the earlier outcomes happened).
func (s *stream) split(n int, base float64, cum []float64, out []int) {
	if n <= 0 || len(cum) == 0 {
		return
	}
	total := cum[len(cum)-1]
	if n <= splitOneByOne {
		width := total - base
		for ; n > 0; n-- {
			out[pick(cum, base+width*s.uniform())]++
		}
		return
	}
	prev := base
	last := len(cum) - 1
	for j, c := range cum[:last] {
		if left := total - prev; left > 0 {
			x := s.binomial(n, (c-prev)/left)
			out[j] += x
			n -= x
		}
		if n == 0 {
			return
		}
		prev = c
	}
	out[last] += n
}

// picker chooses children at random, without replacement, from counts by
// cell: a Fenwick tree over the counts, so that a choice takes a walk of
// log₂(cells) steps. Its buffer is made once and reused.
type picker struct {
	tree []int // 1-based: tree[i] sums the counts of cells i−(i&−i) to i−1
	n    int
	top  int // the largest power of two ≤ n
}

// reset sets the picker's counts: counts(i) for cells 0 to n−1. It
// returns their total.
func (pk *picker) reset(n int, counts func(i int) int) int {
	if cap(pk.tree) < n+1 {
		pk.tree = make([]int, n+1)
	}
	pk.tree = pk.tree[:n+1]
	pk.n = n
	total := 0
	for i := 1; i <= n; i++ {
		c := counts(i - 1)
		total += c
		pk.tree[i] = c
	}
	for i := 1; i <= n; i++ {
		if j := i + i&-i; j <= n {
			pk.tree[j] += pk.tree[i]
		}
	}
	pk.top = 1
	for pk.top*2 <= n {
		pk.top *= 2
	}
	return total
}

// take chooses the child of rank r (0 ≤ r < the children left) and takes
// it out: it returns its cell.
func (pk *picker) take(r int) int {
	pos := 0
	for step := pk.top; step > 0; step >>= 1 {
		if next := pos + step; next <= pk.n && pk.tree[next] <= r {
			pos = next
			r -= pk.tree[next]
		}
	}
	for i := pos + 1; i <= pk.n; i += i & -i {
		pk.tree[i]--
	}
	return pos
}
