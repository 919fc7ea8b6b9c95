package cohort

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/carecast/carecast/data"
)

const head = "child,cohort,reason,original_weekly_cost,current_weekly_cost\n"

// Each bad row is rejected with an error located by line and field, or
// kept with a warning; rows read = used + rejected.
func TestReadProblems(t *testing.T) {
	tests := []struct {
		name, rows            string
		line                  int
		field, rule, severity string
		message               string // part of it
		used, rejected        int
	}{
		{"text in a cost", "C1,1,r,100,200\nC2,1,r,n/a,200\n", 3, ColOriginal, RuleInvalidCost, data.SeverityError,
			`"n/a" is not an amount of money`, 1, 1},
		{"blank cost", "C1,1,r,100,\n", 2, ColCurrent, RuleInvalidCost, data.SeverityError, "blank: write 0", 0, 1},
		{"negative cost", "C1,1,r,-£100,0\n", 2, ColOriginal, RuleInvalidCost, data.SeverityError, "is negative", 0, 1},
		{"bracketed cost", "C1,1,r,(100.00),0\n", 2, ColOriginal, RuleInvalidCost, data.SeverityError, "is negative", 0, 1},
		{"cost too large", "C1,1,r,\"2,000,000\",0\n", 2, ColOriginal, RuleInvalidCost, data.SeverityError, "more than £1,000,000", 0, 1},
		{"NaN cost", "C1,1,r,NaN,0\n", 2, ColOriginal, RuleInvalidCost, data.SeverityError, "not an amount", 0, 1},
		{"bad thousands", "C1,1,r,\"1,23\",0\n", 2, ColOriginal, RuleInvalidCost, data.SeverityError, "not an amount", 0, 1},
		{"missing child", "C1,1,r,1,1\n ,1,r,1,1\n", 3, ColChild, data.RuleMissingChild, data.SeverityError, "blank", 1, 1},
		{"duplicate child", "C1,1,r,1,1\nC2,1,r,1,1\n c1 ,2,r,5,5\n", 4, ColChild, RuleDuplicateChild, data.SeverityError,
			"the same child as line 2", 2, 1},
		{"comma not in quotes", "C1,1,r,£1,234.50,0\n", 2, "", RuleFieldCount, data.SeverityError,
			"the row has 6 values and the header 5 columns", 0, 1},
		{"bare quote", "C1,1,r\"x,1,1\nC2,1,r,1,1\n", 2, "", data.RuleCSVSyntax, data.SeverityError, "cannot be read as CSV", 1, 1},
		{"blank reason", "C1,1,,1,2\n", 2, ColReason, RuleMissingLabel, data.SeverityWarning, "counted under (not given)", 1, 0},
		{"child in a reason", "C100,1,r,1,1\nC2,1,Return home c100,1,2\n", 3, ColReason, RuleChildInLabel, data.SeverityError,
			"holds a child's identifier", 1, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, rep, err := Read(strings.NewReader(head+tc.rows), "cohort.csv")
			if err != nil && tc.used > 0 {
				t.Fatal(err)
			}
			if rep.Used != tc.used || rep.Rejected != tc.rejected || rep.Read != rep.Used+rep.Rejected {
				t.Errorf("%d read, %d used, %d rejected; want %d used, %d rejected", rep.Read, rep.Used, rep.Rejected, tc.used, tc.rejected)
			}
			p := find(rep.Problems, tc.rule)
			if p == nil {
				t.Fatalf("no %s problem in %v", tc.rule, rep.Problems)
			}
			if p.File != "cohort.csv" || p.Line != tc.line || p.Field != tc.field || p.Severity != tc.severity || !strings.Contains(p.Message, tc.message) {
				t.Errorf("got %s [%s] %s; want line %d, field %q, %s, %q", p.Severity, p.Rule, p.Error(), tc.line, tc.field, tc.severity, tc.message)
			}
		})
	}
}

func find(ps []data.Problem, rule string) *data.Problem {
	for i := range ps {
		if ps[i].Rule == rule {
			return &ps[i]
		}
	}
	return nil
}

// A file that cannot be used is an error located at its file (and header
// line), and a data.Problem.
func TestReadFileErrors(t *testing.T) {
	tests := []struct {
		name, text string
		rule, want string
	}{
		{"empty file", "", RuleEmptyFile, "cohort.csv: the file is empty: its first line must name the columns child, cohort, reason, original_weekly_cost and current_weekly_cost"},
		{"blank lines only", "\n\n , \n", RuleEmptyFile, "cohort.csv: the file is empty"},
		{"missing columns", "\nChild,Cohort,Reason,Original weekly cost\nC1,1,r,5\n", data.RuleMissingColumn,
			"cohort.csv:2: current_weekly_cost: missing: the first line must name the columns"},
		{"header only", head, RuleNoChildren, "cohort.csv: no row can be used: 0 rows rejected, none counted"},
		{"every row rejected", head + "C1,1,r,x,1\n", RuleNoChildren, "cohort.csv: no row can be used: 1 row rejected"},
		{"bad header", "child,\"coh\"ort\n", data.RuleCSVSyntax, "cohort.csv:1: the header line cannot be read"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, rep, err := Read(strings.NewReader(tc.text), "cohort.csv")
			var p data.Problem
			if c != nil || !errors.As(err, &p) {
				t.Fatalf("cohort %v, error %v: want a data.Problem", c, err)
			}
			if p.Rule != tc.rule || p.Severity != data.SeverityError || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("[%s] %v\nwant [%s] %s…", p.Rule, err, tc.rule, tc.want)
			}
			if find(rep.Problems, tc.rule) == nil {
				t.Errorf("the report does not list it: %v", rep.Problems)
			}
		})
	}
}

// Header names in any case and order, with spaces, a byte-order mark and
// other columns; costs as spreadsheets write them.
func TestReadHeaderAndCostForms(t *testing.T) {
	text := "\uFEFFNotes, Current Weekly Cost ,REASON,Child,Original-weekly-cost,cohort,Opportunity,Notes\r\n" +
		"x,\"£1,234.50\",Return home,C1,£ 2000,Cohort 1,Reunification,y\r\n" +
		",,,,,,,\r\n" +
		"x,0,Turned 18,C2,.5,Cohort 1,,\r\n"
	c, rep, err := Read(strings.NewReader(text), "cohort.csv")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Read != 2 || rep.Used != 2 || !c.HasOpportunity {
		t.Fatalf("%s; opportunity %v; %v", rep.Summary(), c.HasOpportunity, rep.Problems)
	}
	want := []Child{
		{Line: 2, Cohort: "Cohort 1", Reason: "Return home", Opportunity: "Reunification", Original: 2000, Current: 1234.5},
		{Line: 4, Cohort: "Cohort 1", Reason: "Turned 18", Opportunity: NotGiven, Original: 0.5, Current: 0},
	}
	for i, w := range want {
		if c.Children[i] != w {
			t.Errorf("child %d: %+v, want %+v", i, c.Children[i], w)
		}
	}
	// the duplicate Notes column and the blank opportunity
	if rep.Warnings != 2 || find(rep.Problems, data.RuleDuplicateColumn) == nil || find(rep.Problems, RuleMissingLabel) == nil {
		t.Errorf("%s: %v", rep.Summary(), rep.Problems)
	}
}

func TestParseMoney(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		err  error
	}{
		{"1234.5", 1234.5, nil}, {"£1,234.50", 1234.5, nil}, {" £ 1,234 ", 1234, nil}, {"0", 0, nil},
		{"1,000,000", 1e6, nil}, {".25", 0.25, nil}, {"7.", 7, nil},
		{"", 0, errBlank}, {"  ", 0, errBlank}, {"-5", 0, errNegative}, {"−5", 0, errNegative}, {"£-5", 0, errNegative},
		{"1,000,000.01", 0, errTooLarge}, {"1e3", 0, errNotMoney}, {"Inf", 0, errNotMoney}, {"12,34", 0, errNotMoney},
		{"1 234", 0, errNotMoney}, {"£", 0, errNotMoney}, {"$5", 0, errNotMoney}, {"5%", 0, errNotMoney}, {"£1.234", 0, errNotMoney}, {"12.345", 0, errNotMoney},
	}
	for _, tc := range tests {
		got, err := parseMoney(tc.in)
		if got != tc.want || err != tc.err {
			t.Errorf("parseMoney(%q) = %v, %v; want %v, %v", tc.in, got, err, tc.want, tc.err)
		}
	}
}

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"1234.5", "£1,234.50", "-1", "(3)", "1e9", "NaN", ".5", "1,000,000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := parseMoney(s)
		if err == nil && !(v >= 0 && v <= MaxWeeklyCost) {
			t.Errorf("parseMoney(%q) = %v", s, v)
		}
	})
}

// Read never panics, and keeps rows read = used + rejected.
func FuzzRead(f *testing.F) {
	f.Add(handCohort)
	f.Add(head + "C1,1,r,£1,234.50,0\n\"C2,1\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, text string) {
		c, rep, err := Read(strings.NewReader(text), "f.csv")
		if rep.Read != rep.Used+rep.Rejected {
			t.Errorf("%s", rep.Summary())
		}
		if err == nil && len(c.Children) != rep.Used {
			t.Errorf("%d children, %d used", len(c.Children), rep.Used)
		}
	})
}

func BenchmarkRead(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(head)
	for i := range 10000 {
		sb.WriteString("C" + strings.Repeat("9", i%7) + string(rune('a'+i%26)) + strconv.Itoa(i) + ",Cohort 1,Return home,\"£1,234.50\",900\n")
	}
	text := sb.String()
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := Read(strings.NewReader(text), "b.csv"); err != nil {
			b.Fatal(err)
		}
	}
}
