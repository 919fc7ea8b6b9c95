package data

import (
	"errors"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	d := func(y int, m time.Month, dd int) time.Time { return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		in   string
		want time.Time
		err  error
	}{
		{"01/04/2019", d(2019, 4, 1), nil},
		{"1/4/2019", d(2019, 4, 1), nil},
		{" 31/12/1999 ", d(1999, 12, 31), nil},
		{"29/02/2020", d(2020, 2, 29), nil},
		{"29/02/2000", d(2000, 2, 29), nil},
		{"2019-04-01", d(2019, 4, 1), nil},
		{"2019-04-01 00:00:00", d(2019, 4, 1), nil},
		{"2019-04-01T00:00:00", d(2019, 4, 1), nil},
		{"2019-04-01T00:00:00.000Z", d(2019, 4, 1), nil},
		{"1900-01-01", d(1900, 1, 1), nil},
		{"1969-12-31", d(1969, 12, 31), nil},
		{"31/12/2099", d(2099, 12, 31), nil},
		{"", time.Time{}, ErrDateEmpty},
		{"   ", time.Time{}, ErrDateEmpty},
		{"29/02/2019", time.Time{}, ErrNoSuchDay},
		{"29/02/1900", time.Time{}, ErrNoSuchDay},
		{"31/04/2019", time.Time{}, ErrNoSuchDay},
		{"00/01/2019", time.Time{}, ErrNoSuchDay},
		{"2019-13-01", time.Time{}, ErrNoSuchDay},
		{"2019-00-10", time.Time{}, ErrNoSuchDay},
		{"01/01/1899", time.Time{}, ErrYearRange},
		{"2100-01-01", time.Time{}, ErrYearRange},
		// a midnight time, as spreadsheet exports add to dates
		{"30/06/2023 00:00", d(2023, 6, 30), nil},
		{"30/06/2023 0:00", d(2023, 6, 30), nil},
		{"30/06/2023 00:00:00", d(2023, 6, 30), nil},
		{"30/06/2023 00:00:00.000", d(2023, 6, 30), nil},
		{" 30/06/2023  00:00 ", d(2023, 6, 30), nil},
		{"30/06/2023 12:00:00 AM", d(2023, 6, 30), nil},
		{"30/06/2023 12:00am", d(2023, 6, 30), nil},
		{"2023-06-30 00:00", d(2023, 6, 30), nil},
		{"2023-06-30T00:00Z", d(2023, 6, 30), nil},
		// any other time of day
		{"2019-04-01 13:45:00", time.Time{}, ErrDateTime},
		{"30/06/2023 14:30", time.Time{}, ErrDateTime},
		{"30/06/2023 00:00:01", time.Time{}, ErrDateTime},
		{"30/06/2023 00:00:00.5", time.Time{}, ErrDateTime},
		{"30/06/2023 12:00 PM", time.Time{}, ErrDateTime},
		{"2023-06-30T00:01:00Z", time.Time{}, ErrDateTime},
		// not a time
		{"30/06/2023 0000", time.Time{}, ErrDateFormat},
		{"30/06/2023 24:00", time.Time{}, ErrDateFormat},
		{"30/06/2023 00:60", time.Time{}, ErrDateFormat},
		{"30/06/2023 00:00:", time.Time{}, ErrDateFormat},
		{"30/06/2023 00:00:00.", time.Time{}, ErrDateFormat},
		{"30/06/2023 00:00 AM", time.Time{}, ErrDateFormat},
		{"30/06/2023 noon", time.Time{}, ErrDateFormat},
		{"30/06/2023T00:00", time.Time{}, ErrDateFormat},
		{"2019-04-01 .....", time.Time{}, ErrDateFormat},
		{"2019-04-01T", time.Time{}, ErrDateFormat},
		{"2019-04-01 00:00:00+01:00", time.Time{}, ErrDateFormat},
		{"31/06/2023 00:00", time.Time{}, ErrNoSuchDay},
		{"2019-04-01x", time.Time{}, ErrDateFormat},
		{"01-04-2019", time.Time{}, ErrDateFormat},
		{"01/04/19", time.Time{}, ErrDateFormat},
		{"1/4/20190", time.Time{}, ErrDateFormat},
		{"001/04/2019", time.Time{}, ErrDateFormat},
		{"2019/04/01", time.Time{}, ErrDateFormat},
		{"+1/04/2019", time.Time{}, ErrDateFormat},
		{"2019-4-1", time.Time{}, ErrDateFormat},
		{"April 1 2019", time.Time{}, ErrDateFormat},
		{"43556", time.Time{}, ErrDateFormat}, // an Excel serial number
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if tt.err != nil {
			if !errors.Is(err, tt.err) {
				t.Errorf("ParseDate(%q) error = %v, want %v", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || !got.Equal(tt.want) || got.Location() != time.UTC {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}
