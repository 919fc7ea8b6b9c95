package cohort

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/carecast/carecast/model"
)

// MaxWeeklyCost is the largest weekly cost read: the model's bound on a
// unit cost, far beyond any placement, so that a cost above it is a typing
// error.
const MaxWeeklyCost = model.MaxWeeklyCost

// The reasons a cost is not read, for the message of a Problem.
var (
	errBlank    = errors.New("blank: write 0 if the placement has ended")
	errNegative = errors.New("is negative: a weekly cost is 0 or more")
	errNotMoney = errors.New("is not an amount of money (write 1234.50, 1,234.50 or £1,234.50)")
	errTooLarge = errors.New("is more than £1,000,000 a week: a mistyped cost?")
)

// moneyForm is a cost once the pound sign and spaces around it are gone:
// digits with or without commas between thousands, and pence: at most two
// decimals, so that 1.234 (£1,234 where a point groups thousands) is not
// read as £1.23.
var moneyForm = regexp.MustCompile(`^(\d+|\d{1,3}(,\d{3})+)(\.\d{0,2})?$|^\.\d{1,2}$`)

// parseMoney reads a weekly cost as spreadsheets write it: 1234.5,
// 1,234.50, £1,234.50, " £ 1234 ".
func parseMoney(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errBlank
	}
	s = strings.TrimSpace(strings.TrimPrefix(s, "£"))
	if negative(s) {
		return 0, errNegative
	}
	if !moneyForm.MatchString(s) {
		return 0, errNotMoney
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	if err != nil {
		return 0, errNotMoney
	}
	if v > MaxWeeklyCost {
		return 0, errTooLarge
	}
	return v, nil
}

// negative reports whether s is written as a negative amount: -5, −5,
// -£5, (5.00).
func negative(s string) bool {
	return strings.HasPrefix(s, "-") || strings.HasPrefix(s, "−") ||
		strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")")
}
