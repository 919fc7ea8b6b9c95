package charts

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/carecast/carecast/model"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// wander is a result whose categories' numbers wander, jump, fall to
// zero for a while and come back, some tiny, some large, month to month.
func wander(seed uint64, start model.Month, months int, cats []string) *model.Result {
	rng := rand.New(rand.NewPCG(seed, 1))
	res := model.NewResult(start, months, model.Shape{Categories: cats})
	K := len(cats)
	level := make([]float64, K)
	for k := range level {
		level[k] = []float64{0, 0.02, 3, 40, 150}[rng.IntN(5)]
		res.InitialByCategory[k] = level[k]
		res.InitialInCare += level[k]
	}
	for t := 0; t < months; t++ {
		row := res.CategoryRow(t)
		for k := range row {
			switch r := rng.Float64(); {
			case r < 0.05:
				level[k] = 0 // empties
			case r < 0.1:
				level[k] += rng.Float64() * 120 // jumps
			case r < 0.12:
				level[k] = rng.Float64() * 0.01 // a sliver
			default:
				level[k] = max(0, level[k]*(1+0.1*rng.NormFloat64()))
			}
			row[k] = level[k]
			res.InCare[t] += level[k]
		}
	}
	return res
}

// placementsPixels draws the placements chart as a PNG's pixels.
func placementsPixels(t *testing.T, in Input) []byte {
	t.Helper()
	_, in, err := prepare("png", in)
	if err != nil {
		t.Fatal(err)
	}
	c := newPNGCanvas()
	placements(in).draw(draw.New(c), 1)
	return c.img.Pix
}

// The areas of the placements chart, with the holes they leave where the
// areas painted after them cover them, draw the very pixels of areas
// painted whole: for the shipped scenarios, with and without history, and
// for stacks that wander, jump and vanish, over a year to fifty.
func TestAreaHolesLeavePixels(t *testing.T) {
	base, sc := baseline(t, nil)
	stepDown, _ := shipped(t, "whatif-step-down.yaml", nil)
	cats := []string{"foster_inhouse", "foster_ifa", "kinship", "home_inhouse", "home_external", "secure", "supported", "other"}
	apr := model.MonthOf(2025, 4)
	cases := []struct {
		name string
		in   Input
	}{
		{"baseline", base},
		{"actual", withActual(t, base, sc)},
		{"step-down", stepDown},
		{"split-year fifteen", budgetYears(t, 15, true)},
	}
	for seed := range uint64(6) {
		months := []int{12, 60, 120, 240, 600, 13}[seed]
		in := Input{Result: wander(seed, apr, months, cats), Title: "wander"}
		if seed%2 == 1 {
			in.Actual = wander(seed+100, apr-36, 36, cats[:5])
		}
		cases = append(cases, struct {
			name string
			in   Input
		}{"wander " + string(rune('a'+seed)), in})
	}
	for _, c := range cases {
		holes := placementsPixels(t, c.in)
		c.in.wholeAreas = true
		whole := placementsPixels(t, c.in)
		if !bytes.Equal(holes, whole) {
			n := 0
			for i := 0; i < len(holes); i += 4 {
				if !bytes.Equal(holes[i:i+4], whole[i:i+4]) {
					n++
				}
			}
			t.Errorf("%s: %d pixels differ between areas with holes and whole areas", c.name, n)
		}
	}
}

// A hole keeps under the line below by holeGap at every vertex within two
// months, over zero by holeBase and in from the ends by holeEdge, and there
// is none without a line below, with too few months or too narrow ones.
func TestAreaHole(t *testing.T) {
	trX := func(x float64) vg.Length { return vg.Length(10 * x) }
	trY := func(y float64) vg.Length { return vg.Length(y) }
	xs := make([]float64, 13)
	ys, below := make([]float64, 13), make([]float64, 13)
	for i := range xs {
		xs[i] = float64(i)
		below[i] = []float64{50, 0, 30, 30, 31, 80, 50, 60, 60, 60, 60, 5, 40}[i]
		ys[i] = below[i] + 10
	}
	if h := (area{xs: xs, ys: ys}).hole(trX, trY); h != nil {
		t.Errorf("no line below: hole %v", h)
	}
	if h := (area{xs: xs[:2], ys: ys[:2], below: below[:2]}).hole(trX, trY); h != nil {
		t.Errorf("one month: hole %v", h)
	}
	narrow := func(x float64) vg.Length { return vg.Length(0.9 * x) }
	if h := (area{xs: xs, ys: ys, below: below}).hole(narrow, trY); h != nil {
		t.Errorf("months 0.9 points wide: hole %v", h)
	}
	h := (area{xs: xs, ys: ys, below: below}).hole(trX, trY)
	if len(h) < 4 {
		t.Fatalf("hole %v", h)
	}
	raised := false
	for _, pt := range h {
		i := int(pt.X / 10)
		if pt.X < holeEdge || pt.X > trX(xs[12])-holeEdge {
			t.Errorf("hole point %v within %v of an end", pt, holeEdge)
		}
		if pt.Y < holeBase {
			t.Errorf("hole point %v under holeBase", pt)
		}
		for j := max(i-2, 0); j <= min(i+2, 12); j++ {
			if pt.Y > holeBase && pt.Y > vg.Length(below[j])-holeGap {
				t.Errorf("hole point %v within %v of the line below at x %v (%v)", pt, holeGap, xs[j], below[j])
			}
		}
		raised = raised || pt.Y > holeBase
	}
	if !raised {
		t.Errorf("hole %v lies flat: none of it is cut out", h)
	}
}
