package pipeline

import (
	"math"
	"strings"
	"testing"
)

func TestReadProjection(t *testing.T) {
	for _, tc := range []struct {
		name, in, err string
		first         string
		values        []float64
		banded        bool
	}{
		{name: "plain", in: "month,in_care,entries\n2025-04,480.5,14\n2025-05,481,15\n", first: "2025-04", values: []float64{480.5, 481}},
		{name: "banded", in: "month,in_care,in_care_p10,in_care_p90\n2025-04,480,470,490\n", first: "2025-04", values: []float64{480}, banded: true},
		{name: "no in_care", in: "month,entries\n2025-04,1\n", err: "line 1: want the columns month and in_care"},
		{name: "gap", in: "month,in_care\n2025-04,1\n2025-06,2\n", err: "line 3: month 2025-06: want 2025-05"},
		{name: "not a number", in: "month,in_care\n2025-04,lots\n", err: `line 2: in_care "lots"`},
		{name: "NaN", in: "month,in_care\n2025-04,NaN\n", err: `line 2: in_care "NaN"`},
		{name: "bad month", in: "month,in_care\nApril,1\n", err: "line 2: month"},
		{name: "empty", in: "month,in_care\n", err: "no months"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			first, fc, err := ReadProjection(strings.NewReader(tc.in))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Errorf("error %v, want one with %q", err, tc.err)
				}
				return
			}
			if err != nil || first.String() != tc.first || len(fc.Values) != len(tc.values) || fc.Banded() != tc.banded {
				t.Fatalf("= %v, %+v, %v", first, fc, err)
			}
			for i, v := range tc.values {
				if fc.Values[i] != v {
					t.Errorf("month %d: %v, want %v", i, fc.Values[i], v)
				}
			}
		})
	}
}

// A projection read is whole and finite, or an error; never a panic.
func FuzzReadProjection(f *testing.F) {
	f.Add("month,in_care\n2025-04,480\n")
	f.Add("month,in_care,in_care_p10,in_care_p90\n2025-04,480,470,490\n2025-05,1,1,1\n")
	f.Add("in_care,month\n1e308,2025-13\n")
	f.Fuzz(func(t *testing.T, in string) {
		_, fc, err := ReadProjection(strings.NewReader(in))
		if err != nil {
			return
		}
		for _, s := range [][]float64{fc.Values, fc.P10, fc.P90} {
			for _, v := range s {
				if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
					t.Fatalf("read %v", v)
				}
			}
		}
		if fc.Banded() && (len(fc.P10) != len(fc.Values) || len(fc.P90) != len(fc.Values)) {
			t.Fatal("a band not as long as the forecast")
		}
	})
}
