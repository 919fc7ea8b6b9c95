package data

import (
	"fmt"
	"testing"
	"time"

	"github.com/carecast/carecast/model"
)

// TestCivilDay checks the day arithmetic against the time package over
// every day of the accepted range, and over the first day of each month
// of years far outside it (before year 0 too).
func TestCivilDay(t *testing.T) {
	check := func(tm time.Time) {
		t.Helper()
		y, m, d := tm.Date()
		got := CivilDay(y, m, d)
		if want := Day(tm.Unix() / 86400); got != want {
			t.Fatalf("CivilDay(%v) = %d, want %d", tm, got, want)
		}
		if !got.Time().Equal(tm) {
			t.Fatalf("Day(%d).Time() = %v, want %v", got, got.Time(), tm)
		}
		if gy, gm, gd := got.Civil(); gy != y || gm != m || gd != d {
			t.Fatalf("Day(%d).Civil() = %d-%d-%d, want %v", got, gy, gm, gd, tm)
		}
		if got.Month() != model.MonthOf(y, m) {
			t.Fatalf("Day(%d).Month() = %v, want %d-%02d", got, got.Month(), y, m)
		}
		if got, want := got.String(), tm.Format("02/01/2006"); got != want {
			t.Fatalf("%v: String() = %s, want %s", tm, got, want)
		}
		if got := DayOf(tm.In(time.FixedZone("", 3600))); got != CivilDay(y, m, d) && !tm.IsZero() {
			t.Fatalf("DayOf(%v) in UTC+1 = %d, want %d", tm, got, CivilDay(y, m, d))
		}
	}
	for tm := time.Date(MinYear, 1, 1, 0, 0, 0, 0, time.UTC); tm.Year() <= MaxYear; tm = tm.AddDate(0, 0, 1) {
		check(tm)
	}
	for y := -2001; y <= 12001; y += 7 {
		for m := time.January; m <= time.December; m++ {
			check(time.Date(y, m, 1, 0, 0, 0, 0, time.UTC))
			check(time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC))
		}
	}
	if DayOf(time.Time{}) != NoDay || !NoDay.Time().IsZero() || NoDay.String() != "(none)" || len(NoDay.AppendDMY(nil)) != 0 {
		t.Error("NoDay does not stand for a missing date")
	}
}

func TestAddYears(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2000-01-01", 18, "2018-01-01"},
		{"2000-02-29", 18, "2018-03-01"}, // born on a leap day: 18 on 1 March
		{"2002-02-28", 18, "2020-02-28"},
		{"2004-02-29", 18, "2022-03-01"},
		{"2004-02-29", 4, "2008-02-29"},
		{"2018-03-01", -18, "2000-03-01"},
		{"2004-02-29", -1, "2003-03-01"},
		{"2002-02-29x", 18, ""},
	}
	for _, tt := range tests {
		d, err := parseDay(tt.from)
		if tt.want == "" {
			if err == nil {
				t.Errorf("parseDay(%q) should fail", tt.from)
			}
			continue
		}
		want, _ := parseDay(tt.want)
		if got := d.AddYears(tt.n); got != want {
			t.Errorf("%s + %d years = %s, want %s", tt.from, tt.n, got, tt.want)
		}
	}
}

func ExampleDay() {
	d := CivilDay(2008, time.February, 29)
	fmt.Println(d, d.AddYears(18), d.Month(), string(d.AppendDMY([]byte("DOB "))))
	y, m, dd := d.AddYears(18).Civil()
	fmt.Println(y, m, dd, d.AddYears(18).Time().Format(time.DateOnly))
	// Output:
	// 29/02/2008 01/03/2026 2008-02 DOB 29/02/2008
	// 2026 March 1 2026-03-01
}
