package synth

import (
	"testing"
	"time"

	"github.com/carecast/carecast/data"
)

// A period lasts n months on the same day of the month n months on, or on
// the first of the month after when that month has no such day, as age in
// months is counted.
func TestMonthsOn(t *testing.T) {
	day := func(y int, m time.Month, d int) data.Day { return data.CivilDay(y, m, d) }
	for _, tc := range []struct {
		from data.Day
		n    int
		want data.Day
	}{
		{day(2024, 1, 15), 1, day(2024, 2, 15)},
		{day(2024, 1, 31), 1, day(2024, 3, 1)},
		{day(2024, 1, 29), 1, day(2024, 2, 29)},
		{day(2023, 1, 29), 1, day(2023, 3, 1)},
		{day(2024, 3, 31), 1, day(2024, 5, 1)},
		{day(2024, 12, 15), 12, day(2025, 12, 15)},
		{day(2024, 11, 30), 3, day(2025, 3, 1)},
		{day(2024, 8, 31), 24, day(2026, 8, 31)},
	} {
		if got := monthsOn(tc.from, tc.n); got != tc.want {
			t.Errorf("monthsOn(%v, %d) = %v, want %v", tc.from, tc.n, got, tc.want)
		}
	}
}
