package data

import (
	"time"

	"github.com/carecast/carecast/model"
)

// Day is a calendar day counted from 1970-01-01 (day 0) in the proleptic
// Gregorian calendar. Dates are kept as days while reading returns, and
// while simulating them, because days are small, compare and subtract
// cheaply and need no time zone.
type Day int32

// NoDay marks a missing date (a blank DEC, an absent DUC).
const NoDay Day = -1 << 31

// CivilDay is the day of year y, month m (1 to 12) and day d of the month
// (the days_from_civil algorithm by Howard Hinnant). A d beyond the month's
// days counts on into the next month: 31 April is 1 May.
func CivilDay(y int, m time.Month, d int) Day {
	if m <= time.February {
		y--
	}
	era := (y - 399&(y>>63)) / 400 // rounded down: y-399 for a negative y
	yoe := y - era*400
	mp := (int(m) + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return Day(era*146097 + doe - 719468)
}

// DayOf is the day of a time's date (in the time's own location); NoDay
// for the zero Time.
func DayOf(t time.Time) Day {
	if t.IsZero() {
		return NoDay
	}
	y, m, d := t.Date()
	return CivilDay(y, m, d)
}

// Civil returns the year, month and day of the month of d (the
// civil_from_days algorithm by Howard Hinnant), as time.Time.Date does.
func (d Day) Civil() (y int, m time.Month, dd int) {
	z := int(d) + 719468
	era := z / 146097
	if z < 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	dd = doy - (153*mp+2)/5 + 1
	m = time.Month(mp + 3)
	if mp >= 10 {
		m = time.Month(mp - 9)
	}
	y = yoe + era*400
	if m <= time.February {
		y++
	}
	return y, m, dd
}

// Time returns midnight UTC of d; the zero Time for NoDay.
func (d Day) Time() time.Time {
	if d == NoDay {
		return time.Time{}
	}
	return time.Unix(int64(d)*86400, 0).UTC()
}

// Month is the month d is in.
func (d Day) Month() model.Month {
	y, m, _ := d.Civil()
	return model.MonthOf(y, m)
}

// AddYears returns the same day n years later (earlier for a negative n);
// 29 February becomes 1 March in a year that is not a leap year (the legal
// birthday convention in England).
func (d Day) AddYears(n int) Day {
	y, m, dd := d.Civil()
	y += n
	if m == time.February && dd == 29 && !isLeap(y) {
		m, dd = time.March, 1
	}
	return CivilDay(y, m, dd)
}

// AppendDMY appends d written DD/MM/YYYY, the way the DfE files write
// dates; nothing for NoDay.
func (d Day) AppendDMY(b []byte) []byte {
	if d == NoDay {
		return b
	}
	y, m, dd := d.Civil()
	if y < 0 || y > 9999 {
		return d.Time().AppendFormat(b, "02/01/2006")
	}
	return append(b, byte('0'+dd/10), byte('0'+dd%10), '/', byte('0'+m/10), byte('0'+m%10), '/',
		byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10))
}

// String writes d as DD/MM/YYYY, for problem values and messages (which
// never give a date of birth: see merger.date); "(none)" for NoDay.
func (d Day) String() string {
	if d == NoDay {
		return "(none)"
	}
	return string(d.AppendDMY(make([]byte, 0, 10)))
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

// lastDay is the last day of month m.
func lastDay(m model.Month) Day { return CivilDay(m.Year(), m.Calendar(), m.Days()) }

// monthOf is the month containing a date.
func monthOf(t time.Time) model.Month { return model.MonthOf(t.Year(), t.Month()) }

// civil is a date as year, month and day of the month.
type civil struct {
	year  int
	month time.Month
	day   int
}

// civilOf is the date of a time, in the time's own location.
func civilOf(t time.Time) civil {
	y, m, d := t.Date()
	return civil{y, m, d}
}

// civil is the date of d.
func (d Day) civil() civil {
	y, m, dd := d.Civil()
	return civil{y, m, dd}
}

// monthsOld is the age in whole months on date on of a child born on dob.
func monthsOld(dob, on civil) int {
	a := (on.year-dob.year)*12 + int(on.month) - int(dob.month)
	if on.day < dob.day {
		a--
	}
	return a
}
