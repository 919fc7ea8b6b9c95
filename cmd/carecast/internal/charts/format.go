package charts

import (
	"math"
	"strconv"
	"strings"

	"github.com/carecast/carecast/model"
	"gonum.org/v1/plot"
)

// pounds formats an amount of money as a council report would on a chart,
// to three significant figures: £950, £12.5k, £800k, £1.25m, £32.4m, £1.2bn.
// Negative amounts read -£1.25m.
func pounds(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "£?"
	}
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	units := [...]struct {
		size   float64
		suffix string
	}{{1, ""}, {1e3, "k"}, {1e6, "m"}, {1e9, "bn"}}
	i := 0
	for i+1 < len(units) && v >= units[i+1].size {
		i++
	}
	for {
		s, m := threeFigures(v / units[i].size)
		if m >= 1000 && i+1 < len(units) {
			i++ // 999,999 rounds to 1000k: say £1m
			continue
		}
		if m == 0 {
			sign = ""
		}
		return sign + "£" + s + units[i].suffix
	}
}

// sameUnit formats amounts of money for labels side by side (bars): all in
// the unit of the largest, with two decimals below 10 of it and one below
// 100, so £39.0m stands beside £40.3m rather than £39m, and £1.97m is not
// rounded up to a target's £2.0m.
func sameUnit(vs []float64) []string {
	nums, suffix := sameUnitNumbers(vs)
	out := make([]string, len(vs))
	for i, n := range nums {
		if sign, rest, ok := strings.Cut(n, "-"); ok && sign == "" {
			out[i] = "-£" + rest + suffix
		} else {
			out[i] = "£" + n + suffix
		}
	}
	return out
}

// sameUnitNumbers is sameUnit without the pound sign and the unit, which
// it returns apart ("m" for millions): 39.0 and 40.3 for £39.0m and £40.3m,
// for labels under a heading "£m".
func sameUnitNumbers(vs []float64) (nums []string, suffix string) {
	hi := 0.0
	for _, v := range vs {
		hi = max(hi, math.Abs(v))
	}
	size := 1.0
	switch {
	case hi >= 999.95e6:
		size, suffix = 1e9, "bn"
	case hi >= 999.95e3:
		size, suffix = 1e6, "m"
	case hi >= 999.5:
		size, suffix = 1e3, "k"
	}
	dec := 0
	switch {
	case size > 1 && math.Round(hi/size*100)/100 < 10:
		dec = 2
	case size > 1 && math.Round(hi/size*10)/10 < 100:
		dec = 1
	}
	nums = make([]string, len(vs))
	for i, v := range vs {
		s := fixed(math.Abs(v)/size, dec)
		if v < 0 && strings.Trim(s, "0.") != "" {
			s = "-" + s
		}
		nums[i] = s
	}
	return nums, suffix
}

// threeFigures formats x (usually below 1000) to three significant figures
// without trailing zeros, and returns the rounded value too.
func threeFigures(x float64) (string, float64) {
	dec := 0
	switch {
	case x < 10:
		dec = 2
	case x < 100:
		dec = 1
	}
	s := fixed(x, dec)
	if dec > 0 {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	m, _ := strconv.ParseFloat(s, 64)
	return s, m
}

// fixed formats x with dec decimals, rounding halves away from zero as
// people do (1.25 to 1.3), not to even.
func fixed(x float64, dec int) string {
	p := math.Pow(10, float64(dec))
	return strconv.FormatFloat(math.Round(x*p)/p, 'f', dec, 64)
}

// thousands formats v with dec decimals and commas between thousands: 1,234.5.
func thousands(v float64, dec int) string {
	s := fixed(math.Abs(v), dec)
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if v < 0 && strings.Trim(s, "0.") != "" {
		b.WriteByte('-')
	}
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// count formats a number of children, rounded to a whole child.
func count(v float64) string { return thousands(v, 0) }

// monthName is a month as a chart labels it: "Apr 2026".
func monthName(m model.Month) string {
	return m.Calendar().String()[:3] + " " + strconv.Itoa(m.Year())
}

// niceStep is a round step (1, 2, 2.5 or 5 times a power of ten) that
// divides 0..hi into about n intervals; whole says the step must be a
// whole number (counts of children).
func niceStep(hi float64, n int, whole bool) float64 {
	if !(hi > 0) {
		return 1
	}
	raw := hi / float64(n)
	if whole && raw < 1 {
		return 1
	}
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, f := range []float64{1, 2, 2.5, 5} {
		step := f * mag
		if whole && step != math.Trunc(step) {
			continue
		}
		if step >= raw*(1-1e-9) {
			return step
		}
	}
	return 10 * mag
}

// niceMax rounds hi up to a whole number of steps, leaving at least
// headroom (a fraction of hi) above it.
func niceMax(hi, step, headroom float64) float64 {
	if !(hi > 0) {
		return step
	}
	return math.Ceil(hi*(1+headroom)/step-1e-9) * step
}

// valueTicks marks a value axis every step from zero, labelled by format.
type valueTicks struct {
	step   float64
	format func(float64) string
}

// Ticks implements plot.Ticker.
func (t valueTicks) Ticks(lo, hi float64) []plot.Tick {
	var ticks []plot.Tick
	for i := math.Ceil(lo/t.step - 1e-9); i*t.step <= hi+t.step*1e-9; i++ {
		v := i * t.step
		if v == 0 {
			v = 0 // not -0
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: t.format(v)})
	}
	return ticks
}

// countFormat labels a count axis with the decimals its step needs.
func countFormat(step float64) func(float64) string {
	dec := 0
	for s := step; dec < 3 && math.Abs(s-math.Round(s)) > 1e-9; s *= 10 {
		dec++
	}
	return func(v float64) string { return thousands(v, dec) }
}

// monthTicks marks a time axis whose values are model.Months, where x = m
// is the first day of month m. It labels at most maxLabels ticks: every
// quarter over two years or less, otherwise each April (the start of the
// financial year), or every second, fifth or tenth April; unlabelled minor
// ticks fall between.
type monthTicks struct {
	maxLabels int
	// monthEnd labels the first day of a month as the end of the month
	// before ("Mar 2026" on 1 April 2026), for numbers counted at month
	// ends; the axis should say so.
	monthEnd bool
	// centre puts the ticks in the middle of each month, under its bar.
	centre bool
}

// Ticks implements plot.Ticker.
func (t monthTicks) Ticks(lo, hi float64) []plot.Tick {
	off := 0.0
	if t.centre {
		off = 0.5
	}
	first, last := model.Month(math.Ceil(lo-off-1e-9)), model.Month(math.Floor(hi-off+1e-9))
	if last < first {
		return nil
	}
	maxLabels := max(t.maxLabels, 2)
	labelled := func(m model.Month) bool { return m.Calendar()%3 == 1 } // Jan, Apr, Jul, Oct
	minor := func(model.Month) bool { return true }
	if span := int(last - first); span > 24 || span/3+1 > maxLabels {
		// Label Aprils, every step years from the first April shown.
		firstApril := first
		for firstApril.Calendar() != 4 {
			firstApril++
		}
		aprils := int(last-firstApril)/12 + 1
		step := 1
		for _, s := range []int{1, 2, 5, 10, 20, 50} {
			step = s
			if (aprils-1)/s+1 <= maxLabels {
				break
			}
		}
		labelled = func(m model.Month) bool {
			return m.Calendar() == 4 && int(m-firstApril)%(12*step) == 0
		}
		switch {
		case step == 1 && span <= 96:
			minor = func(m model.Month) bool { return m.Calendar()%3 == 1 }
		default:
			minor = func(m model.Month) bool { return m.Calendar() == 4 }
		}
	}
	var ticks []plot.Tick
	for m := first; m <= last; m++ {
		switch {
		case labelled(m):
			name := monthName(m)
			if t.monthEnd {
				name = monthName(m - 1)
			}
			ticks = append(ticks, plot.Tick{Value: float64(m) + off, Label: name})
		case minor(m):
			ticks = append(ticks, plot.Tick{Value: float64(m) + off})
		}
	}
	return ticks
}

// widest is about the longest label monthTicks writes.
func (monthTicks) widest() string { return "Mar 2026" }
