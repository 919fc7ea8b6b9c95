// Package data reads and validates a council's SSDA903 returns (the yearly
// children-looked-after return councils in England send the Department for
// Education) and turns them into clean, merged episodes of care.
//
// # Input
//
// ReadDir reads every file in a folder and recognises each table by its
// column names, never by file name or column position:
//
//   - Header: CHILD, SEX, DOB (ETHNIC, UPN, … ignored)
//   - Episodes: CHILD, DECOM, RNE, LS, CIN, PLACE, PLACE_PROVIDER, DEC, REC,
//     REASON_PLACE_CHANGE (HOME_POST, PL_POST, URN ignored)
//   - UASC: CHILD, SEX, DOB, DUC
//   - Routes (optional, not part of the DfE return): CHILD, DECOM, ROUTE
//
// Files may be one per table or one per table and year; they may carry a
// UTF-8 byte-order mark, be UTF-16 with a byte-order mark (Excel's Unicode
// text), have values separated by semicolons or tabs instead of commas
// (told from the header line, which then has no comma), CRLF line ends, trailing blank rows, extra columns
// (LA, YEAR and others) and columns in any order. Dates may be DD/MM/YYYY or
// ISO YYYY-MM-DD, with or without a midnight time as spreadsheet exports
// add ("30/06/2023 00:00"; any other time of day is an error). The DfE XML layout (CHILD elements holding a HEADER and
// EPISODE elements, CHILDID for CHILD and PL for PLACE) is read too. Files
// of other tables (reviews, OC2, missing, …) are skipped and listed as such
// in the Report.
//
// # Merging
//
// Each yearly return re-sends the episodes open during that year, so
// episodes are de-duplicated on CHILD + DECOM: the row from the later
// return wins (later YEAR column if the files have one, else the file whose
// name sorts later, else the later line). Within one child, an episode that
// is still open, or ends after the next one starts, is cut at the next
// episode's DECOM, with a warning.
//
// # Validation
//
// Every problem found is a Problem with a short stable rule id (see the
// Rule* constants). Severity "error" means the row was not used (and the
// message says what was dropped); "warning" means the row was used as read
// or as corrected in the message. A child who cannot be placed in time (no
// usable header row, so no date of birth) loses all their episodes, each
// with its own error. Rows superseded by a later return are not problems:
// they are counted in the Report but not listed. For every table the Report
// keeps rows read = rows used + rows rejected; blank rows and rows of other
// councils are not counted as read. No row is lost unsaid: a row with fewer
// values than the header has columns is an error naming the missing ones
// (RuleShortRow), never padded with blanks; each line an unclosed quote
// swallows is a rejected row (RuleCSVSyntax); each HEADER and EPISODE
// element after an XML syntax error is a rejected row (RuleXMLUnread),
// and the file is marked as read in part (FileReport.Part). With
// ReadOptions.Classifier, a routes file's ROUTE that is none of the
// scenario's routes is a warning (RuleUnknownRoute).
//
// Counts (Actuals, Calibrate) follow a child to their 18th birthday only,
// as DfE counts no one aged 18 or over: care recorded past it, of which
// RuleOver18 warns, ends there as an age-out.
//
// A DECOM or DEC after the months the returns cover (see Coverage), or
// after the collection year of the return it is in, such as a DEC typed
// 2081 in a 2024-25 return, is a warning (RuleAfterCoverage): the row is
// kept, and the date does not stretch the coverage. An episode that is
// open, or whose DEC is after the coverage, counts as lasting to the end
// of the last month covered when the 18th birthday is checked.
//
// # Privacy
//
// Child identifiers stay inside this package and its validation report
// (Child.ID, Problem.Child, and Problem.Value where the problem is about
// CHILD; Problem.Error and String leave them out). Dates of birth, and
// dates that give one away such as an 18th birthday, are likewise kept to
// Problem.Value: no problem's message quotes one. Everything
// carecast publishes elsewhere is an aggregate over children: callers use
// Child.ID and the Report to trace a problem back to the council's data,
// never to label outputs.
package data
