package model

import (
	"fmt"
	"time"
)

// Month is a calendar month counted from January of year 0: Month(y*12 + m-1).
// Adding n to a Month moves it n months on.
type Month int

// MonthOf returns the Month of a year and a month number (1–12).
func MonthOf(year int, month time.Month) Month {
	return Month(year*12 + int(month) - 1)
}

// ParseMonth reads a month written as YYYY-MM.
func ParseMonth(s string) (Month, error) {
	var y, m int
	if len(s) != 7 || s[4] != '-' {
		return 0, fmt.Errorf("month %q is not YYYY-MM", s)
	}
	if _, err := fmt.Sscanf(s, "%4d-%2d", &y, &m); err != nil {
		return 0, fmt.Errorf("month %q is not YYYY-MM", s)
	}
	if m < 1 || m > 12 {
		return 0, fmt.Errorf("month %q: month %d is not 1–12", s, m)
	}
	if y < MinYear || y > MaxYear {
		return 0, fmt.Errorf("month %q: year %d is out of range", s, y)
	}
	return MonthOf(y, time.Month(m)), nil
}

// Year is the calendar year of the month.
func (m Month) Year() int { return int(m) / 12 }

// Calendar is the month of the year, January to December.
func (m Month) Calendar() time.Month { return time.Month(int(m)%12 + 1) }

// String formats the month as YYYY-MM.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year(), int(m.Calendar())) }

// Days is the number of days in the month (28–31).
func (m Month) Days() int {
	return time.Date(m.Year(), m.Calendar()+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// FinancialYear is the calendar year in which the month's UK financial year
// (1 April to 31 March) starts: 2025 for any month from 2025-04 to 2026-03.
func (m Month) FinancialYear() int {
	if m.Calendar() >= time.April {
		return m.Year()
	}
	return m.Year() - 1
}

// FinancialYearLabel formats a financial year starting in April of year y as
// councils write it, e.g. "2025-26".
func FinancialYearLabel(y int) string { return fmt.Sprintf("%d-%02d", y, (y+1)%100) }

// DaysPerYear is the length of the year in which intensities are expressed:
// a rate of 0.12 means 0.12 events per child per 365.25 days in care.
const DaysPerYear = 365.25
