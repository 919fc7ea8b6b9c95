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
	// ErrDateTime is returned for a date followed by a time of day that is
	// not midnight: a date in a return is a whole day.
	ErrDateTime = errors.New("has a time of day other than midnight")
)

// MinYear and MaxYear bound the years ParseDate accepts: any date outside them
// is impossible in a return about children in care since 1900.
const (
	MinYear = 1900
	MaxYear = 2099
)

// ParseDate reads a date written DD/MM/YYYY (as in the DfE CSV and XML
// files; D/M/YYYY is accepted too) or YYYY-MM-DD (as written by regional
// pipelines). Either may be followed by a time that is exactly midnight, as
// spreadsheet and pandas exports write dates: "30/06/2023 00:00",
// "2023-06-30 00:00:00", "2023-06-30T00:00:00.000Z", "30/06/2023 0:00" or
// "30/06/2023 12:00:00 AM". Any other time of day is an error (ErrDateTime),
// since a date in a return is a whole day. Surrounding spaces are ignored.
// The result is midnight UTC.
func ParseDate(s string) (time.Time, error) {
	d, err := parseDay(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("date %q: %w", s, err)
	}
	return d.Time(), nil
}

// parseDay is ParseDate without the time.Time: it is the hot path of the
// reader, so it does no allocation on success.
func parseDay(s string) (Day, error) {
	s = trimSpace(s)
	if s == "" {
		return NoDay, ErrDateEmpty
	}
	date, clock, hasClock := cutClock(s)
	var y, m, d int
	var ok bool
	if len(date) == 10 && date[4] == '-' {
		y, m, d, ok = parseISO(date)
	} else {
		d, m, y, ok = parseDMY(date)
	}
	if !ok {
		return NoDay, ErrDateFormat
	}
	if y < MinYear || y > MaxYear {
		return NoDay, ErrYearRange
	}
	if m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) {
		return NoDay, ErrNoSuchDay
	}
	if hasClock {
		midnight, ok := parseClock(clock)
		if !ok {
			return NoDay, ErrDateFormat
		}
		if !midnight {
			return NoDay, ErrDateTime
		}
	}
	return CivilDay(y, time.Month(m), d), nil
}

// isDate reports whether s reads as a date, or nearly: DD/MM/YYYY or
// YYYY-MM-DD, whatever the numbers and anything after them.
func isDate(s string) bool {
	date, _, _ := cutClock(trimSpace(s))
	if len(date) == 10 && date[4] == '-' {
		_, _, _, ok := parseISO(date)
		return ok
	}
	_, _, _, ok := parseDMY(date)
	return ok
}

// cutClock splits a trimmed date at the start of a time part: the first
// space, or a 'T' after an ISO date.
func cutClock(s string) (date, clock string, ok bool) {
	if i := indexByte(s, ' '); i >= 0 {
		return s[:i], trimSpace(s[i+1:]), true
	}
	if len(s) > 10 && s[4] == '-' && s[10] == 'T' {
		return s[:10], s[11:], true
	}
	return s, "", false
}

// parseISO reads YYYY-MM-DD.
func parseISO(s string) (y, m, d int, ok bool) {
	if s[7] != '-' {
		return 0, 0, 0, false
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	return y, m, d, ok1 && ok2 && ok3
}

// parseClock reads a time of day: H:MM or HH:MM, then optionally :SS and a
// fraction of a second (.000), then optionally Z, or AM or PM (after a
// space or not) for a 12-hour clock. ok is false if it is not such a time;
// midnight reports whether it is 00:00:00 (12:00:00 AM).
func parseClock(s string) (midnight, ok bool) {
	ampm := ""
	if n := len(s); n >= 2 {
		switch suffix := s[n-2:]; suffix {
		case "AM", "am", "PM", "pm":
			ampm, s = suffix, trimSpace(s[:n-2])
		}
	}
	if ampm == "" && len(s) > 0 && s[len(s)-1] == 'Z' {
		s = s[:len(s)-1]
	}
	i := indexByte(s, ':')
	if i < 1 || i > 2 || len(s) < i+3 {
		return false, false
	}
	h, ok1 := digits(s[:i])
	mi, ok2 := digits(s[i+1 : i+3])
	if !ok1 || !ok2 || h > 23 || mi > 59 {
		return false, false
	}
	sec, frac := 0, 0
	rest := s[i+3:]
	if rest != "" {
		if rest[0] != ':' || len(rest) < 3 {
			return false, false
		}
		var ok bool
		if sec, ok = digits(rest[1:3]); !ok || sec > 59 {
			return false, false
		}
		rest = rest[3:]
		if rest != "" {
			if rest[0] != '.' {
				return false, false
			}
			for j := 1; j < len(rest); j++ {
				c := rest[j]
				if c < '0' || c > '9' {
					return false, false
				}
				frac |= int(c - '0')
			}
			if len(rest) == 1 {
				return false, false
			}
		}
	}
	switch ampm {
	case "":
	case "AM", "am":
		if h < 1 || h > 12 {
			return false, false
		}
		h %= 12 // 12 AM is midnight
	default:
		if h < 1 || h > 12 {
			return false, false
		}
		h = h%12 + 12
	}
	return h == 0 && mi == 0 && sec == 0 && frac == 0, true
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
