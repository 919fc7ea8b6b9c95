package cohort

import (
	"strings"
	"testing"
)

// privacyCohort trips every rule about a row, with identifiers long
// enough to be found if quoted, and some written where a cost or a label
// belongs (columns out of place).
const privacyCohort = "child,cohort,reason,original_weekly_cost,current_weekly_cost,opportunity\n" +
	"ZX900001,Cohort 1,Return home,100,0,Reunification\n" +
	"ZX900002,Cohort 1,ZX900001,100,0,Reunification\n" + // an identifier as the reason
	"ZX900003,Cohort 1,Moved,ZX900003,0,Reunification\n" + // its own identifier as a cost
	"ZX900004,Cohort 1,Moved,100,ZX900001 moved,x\n" + // another's in a cost
	"ZX900005,Cohort 1,Moved,100,n/a,Note on zx900002\n" + // in an opportunity, another case
	" zx900001 ,Cohort 2,Moved,100,50,\n" + // a duplicate
	",Cohort 2,Moved,100,50,x\n" + // no identifier
	"ZX900006,Cohort 2,Moved,£1,000,50,x\n" + // too many values
	"ZX900007,\"Cohort\"2,Moved,1,1,x\n" + // bad CSV
	"ZX900008,,,-5,,\n" + // blank labels, bad costs
	"ZX900009,Cohort 2,,10,5,x\n" // a blank reason

// No problem's Message or Value, and no child's group, holds an
// identifier of the file: identifiers never leave Read.
func TestProblemsHideChildren(t *testing.T) {
	c, rep, err := Read(strings.NewReader(privacyCohort), "p.csv")
	if err != nil {
		t.Fatal(err)
	}
	rules := map[string]bool{}
	for _, p := range rep.Problems {
		rules[p.Rule] = true
		for _, id := range privacyIDs() {
			if strings.Contains(strings.ToUpper(p.Message+" "+p.Value+" "+p.Field), id) {
				t.Errorf("%s gives away %s: %q, value %q", p.Rule, id, p.Message, p.Value)
			}
		}
	}
	for _, ch := range c.Children {
		for _, id := range privacyIDs() {
			if strings.Contains(strings.ToUpper(ch.Cohort+ch.Reason+ch.Opportunity), id) {
				t.Errorf("line %d is counted under a group naming %s: %+v", ch.Line, id, ch)
			}
		}
	}
	for _, r := range []string{RuleInvalidCost, RuleDuplicateChild, RuleChildInLabel, RuleFieldCount, RuleMissingLabel} {
		if !rules[r] {
			t.Errorf("no row raises %s", r)
		}
	}
	if rep.Used != 2 || rep.Read != 11 {
		t.Errorf("%s", rep.Summary())
	}
}

// privacyIDs are the identifiers of privacyCohort, as compared.
func privacyIDs() []string {
	var ids []string
	for _, line := range strings.Split(privacyCohort, "\n")[1:] {
		if id, _, _ := strings.Cut(line, ","); strings.TrimSpace(id) != "" {
			ids = append(ids, normID(id))
		}
	}
	return ids
}
