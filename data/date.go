package data

import (
	"errors"
	"fmt"
	"time"
)

// Errors wrapped by ParseDate, so callers can tell the reasons apart with
// errors.Is.
var (
	// ErrDateEmpty is returned for a blank date.
	ErrDateEmpty = errors.New("date is blank")
	// ErrDateFormat is returned when the text is not DD/MM/YYYY or YYYY-MM-DD.
	ErrDateFormat = errors.New("not a date in the form DD/MM/YYYY or YYYY-MM-DD")
	// ErrNoSuchDay is returned for a day that is not in the calendar, such as
	// 31/04/2019 or 29/02/2019.
	ErrNoSuchDay = errors.New("no such day in the calendar")
	// ErrYearRange is returned for a year before MinYear or after MaxYear.
	ErrYearRange = errors.New("year is out of range")
)

// MinYear and MaxYear bound the years ParseDate accepts: any date outside them
// is impossible in a return about children in care since 1900.
const (
	MinYear = 1900
	MaxYear = 2099
)

// day is a calendar day counted from 1970-01-01 (day 0). Dates are kept as
// days while reading because they are small, compare cheaply and need no
// time zone.
type day int32

// noDay marks a missing date (a blank DEC, an absent DUC).
const noDay day = -1 << 31

// ParseDate reads a date written DD/MM/YYYY (as in the DfE CSV and XML
// files; D/M/YYYY is accepted too) or YYYY-MM-DD (as written by regional
// pipelines). An ISO date may be followed by a midnight time, as spreadsheet
// and pandas exports write it: "2019-04-01 00:00:00" or "2019-04-01T00:00".
// Surrounding spaces are ignored. The result is midnight UTC.
func ParseDate(s string) (time.Time, error) {
	d, err := parseDay(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("date %q: %w", s, err)
	}
	return d.time(), nil
}

// parseDay is ParseDate without the time.Time: it is the hot path of the
// reader, so it does no allocation on success.
func parseDay(s string) (day, error) {
	s = trimSpace(s)
	if s == "" {
		return noDay, ErrDateEmpty
	}
	var y, m, d int
	var ok bool
	if len(s) >= 10 && s[4] == '-' {
		y, m, d, ok = parseISO(s)
	} else {
		d, m, y, ok = parseDMY(s)
	}
	if !ok {
		return noDay, ErrDateFormat
	}
	if y < MinYear || y > MaxYear {
		return noDay, ErrYearRange
	}
	if m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) {
		return noDay, ErrNoSuchDay
	}
	return civilDay(y, m, d), nil
}

// parseISO reads YYYY-MM-DD with an optional midnight time after a space or
// a 'T'.
func parseISO(s string) (y, m, d int, ok bool) {
	if s[7] != '-' {
		return 0, 0, 0, false
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return 0, 0, 0, false
	}
	if rest := s[10:]; rest != "" && !isMidnight(rest) {
		return 0, 0, 0, false
	}
	return y, m, d, true
}

// isMidnight reports whether rest is " 00:00", "T00:00:00", " 00:00:00.000"
// or similar: a time part that is all zeros.
func isMidnight(rest string) bool {
	if rest[0] != ' ' && rest[0] != 'T' || len(rest) < 6 {
		return false
	}
	for i := 1; i < len(rest); i++ {
		switch c := rest[i]; {
		case c == '0', c == ':', c == '.':
		case c == 'Z' && i == len(rest)-1:
		default:
			return false
		}
	}
	return true
}

// parseDMY reads D/M/YYYY with one- or two-digit day and month.
func parseDMY(s string) (d, m, y int, ok bool) {
	i := indexByte(s, '/')
	if i < 1 || i > 2 {
		return 0, 0, 0, false
	}
	j := indexByte(s[i+1:], '/')
	if j < 1 || j > 2 {
		return 0, 0, 0, false
	}
	j += i + 1
	if len(s)-j-1 != 4 {
		return 0, 0, 0, false
	}
	d, ok1 := digits(s[:i])
	m, ok2 := digits(s[i+1 : j])
	y, ok3 := digits(s[j+1:])
	return d, m, y, ok1 && ok2 && ok3
}

// digits reads a non-empty run of ASCII digits.
func digits(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}

// trimSpace trims ASCII spaces and tabs; it never allocates.
func trimSpace(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysInMonth(y, m int) int {
	switch m {
	case 2:
		if isLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// civilDay counts days from 1970-01-01 to a valid proleptic Gregorian date
// (the days_from_civil algorithm by Howard Hinnant).
func civilDay(y, m, d int) day {
	if m <= 2 {
		y--
	}
	era := y / 400 // y >= MinYear-1 > 0, so no floor correction is needed
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return day(era*146097 + doe - 719468)
}

// time returns midnight UTC of d; the zero Time for noDay.
func (d day) time() time.Time {
	if d == noDay {
		return time.Time{}
	}
	return time.Unix(int64(d)*86400, 0).UTC()
}

// String writes d as DD/MM/YYYY, the way the DfE files write dates, for
// problem messages.
func (d day) String() string {
	if d == noDay {
		return "(none)"
	}
	return d.time().Format("02/01/2006")
}

// addYears returns the same day n years later; 29 February becomes 1 March
// in a year that is not a leap year (the legal birthday convention in
// England).
func (d day) addYears(n int) day {
	t := d.time()
	y, m, dd := t.Date()
	y += n
	if m == time.February && dd == 29 && !isLeap(y) {
		m, dd = time.March, 1
	}
	return civilDay(y, int(m), dd)
}
