package data

import (
	"fmt"
	"strconv"
)

// Severities of a Problem.
const (
	// SeverityError: the row was not used (a whole child is dropped when it
	// cannot be placed in time). The message says what was dropped.
	SeverityError = "error"
	// SeverityWarning: the row was used, as read or as corrected in the
	// message.
	SeverityWarning = "warning"
)

// Rule ids: short, stable names for each check, used in Problem.Rule and in
// the Report's counts. Severity is fixed per rule except where noted.
const (
	// File level (Line is the header line or the XML position).
	RuleMissingColumn   = "missing-column"   // error: a column the table needs is absent, the file is not read; warning: an optional one is absent
	RuleDuplicateColumn = "duplicate-column" // warning: a column name appears twice; the first is used
	RuleCSVSyntax       = "csv-syntax"       // error: a CSV record that cannot be parsed, or a line swallowed into one by an unclosed quote
	RuleXMLSyntax       = "xml-syntax"       // error: the XML cannot be parsed from here on; what was read before is kept

	// The rows a file could not give.
	RuleShortRow  = "short-row"  // error: a row with fewer values than the header has columns (a line cut short); row dropped
	RuleXMLUnread = "xml-unread" // error: a HEADER or EPISODE element after an XML syntax error, so not read; counted as a rejected row

	// Any table.
	RuleMissingChild = "missing-child" // error: CHILD is blank
	RuleMissingDate  = "missing-date"  // error: DOB or DECOM is blank
	RuleInvalidDate  = "invalid-date"  // error for DOB, DECOM, DEC; warning for DUC (ignored)
	RuleInvalidYear  = "invalid-year"  // warning: YEAR is not a number; the row ranks as an undated return
	RuleInvalidSex   = "invalid-sex"   // warning: SEX is not 1 or 2

	// Header.
	RuleDOBConflict = "dob-conflict" // warning: two header rows give different dates of birth; the later return wins
	RuleNoEpisodes  = "no-episodes"  // error: a header row for a child with no usable episode

	// Episodes.
	RuleMissingCode     = "missing-code"      // warning: RNE, LS, CIN or PLACE is blank
	RuleUnknownRNE      = "unknown-rne"       // warning: RNE not in the code list
	RuleUnknownLS       = "unknown-ls"        // warning: LS not in the code list
	RuleUnknownCIN      = "unknown-cin"       // warning: CIN not in the code list
	RuleUnknownPlace    = "unknown-place"     // warning: PLACE not in the code list
	RuleUnknownProvider = "unknown-provider"  // warning: PLACE_PROVIDER not in the code list
	RuleUnknownREC      = "unknown-rec"       // warning: REC not in the code list
	RuleUnknownReason   = "unknown-reason"    // warning: REASON_PLACE_CHANGE not in the code list
	RuleDECBeforeDECOM  = "dec-before-decom"  // error: the episode ends before it starts
	RuleRECWithoutDEC   = "rec-without-dec"   // warning: REC given but DEC blank; the episode is read as open and REC ignored
	RuleDECWithoutREC   = "dec-without-rec"   // warning: DEC given but REC blank
	RuleDuplicateEp     = "duplicate-episode" // error: the same CHILD and DECOM twice in one return; the later row is kept
	RuleNoHeader        = "no-header"         // error: an episode of a child with no usable header row (no date of birth)
	RuleDOBAfterDECOM   = "dob-after-decom"   // error: an episode that starts before the child was born
	RuleOverlap         = "overlap"           // warning: an episode still open, or ending after the next one starts; cut to the next DECOM
	RuleX1NoNext        = "x1-no-next"        // warning: REC X1 but no episode of the child starts on DEC
	RuleOver18          = "in-care-after-18"  // warning: in care more than a week after the 18th birthday

	// Episodes, against the months the returns cover (see Coverage).
	RuleAfterCoverage = "date-after-coverage" // warning: DECOM or DEC after the last month the returns cover, or after the collection year of its return (a mistyped year?); kept as read

	// UASC.
	RuleUASCNoChild     = "uasc-no-child"     // error: a UASC row for a child with no usable episode
	RuleUASCDOBMismatch = "uasc-dob-mismatch" // warning: the UASC row's DOB differs from the header's

	// Routes.
	RuleMissingRoute   = "missing-route"          // error: ROUTE is blank
	RuleRouteUnmatched = "route-unmatched"        // error: no episode of that child starts on that DECOM
	RuleRouteMidPeriod = "route-not-period-start" // warning: DECOM is an episode inside a period; the route is given to the whole period
	RuleUnknownRoute   = "unknown-route"          // warning: ROUTE is not one of the scenario's routes (ReadOptions.Classifier); the period's route is derived as if the row were not there
)

// Problem is one finding about the input, in the spirit of
// encoding/csv.ParseError: it is an error whose text is
// "file:line: FIELD: message".
//
// Error and String are printed where child data must not be (validate-data
// prints the first problems on the terminal), so Message never holds a
// CHILD, a date of birth or a date that gives one away (an 18th birthday, or
// an episode date that is one: that is named "the child's date of birth"),
// and never quotes a DOB value, even one that is not a date, nor a value
// that holds the row's CHILD (a column out of place). Those stay in Child
// and Value, which only the validation report (Report.WriteCSV) holds.
type Problem struct {
	File     string // file name (relative to the folder read)
	Line     int    // line in the file; 0 when the problem is about the whole file
	Child    string // CHILD of the row's child, where known: for the validation report only, never in Error or String
	Field    string // column, e.g. "DEC"; empty when about the whole row
	Value    string // the offending value as read: for the validation report only where it is a CHILD or DOB
	Rule     string // one of the Rule* constants
	Severity string // SeverityError or SeverityWarning
	Message  string // plain-English reason and what was done about it; no child identifier or date of birth (see above)
}

// Error formats the problem as "file:line: FIELD: message".
func (p Problem) Error() string {
	s := p.File
	if p.Line > 0 {
		s += ":" + strconv.Itoa(p.Line)
	}
	if p.Field != "" {
		s += ": " + p.Field
	}
	return s + ": " + p.Message
}

// String is Error prefixed with the severity and rule, for logs.
func (p Problem) String() string {
	return fmt.Sprintf("%s [%s] %s", p.Severity, p.Rule, p.Error())
}
