package scenarios

import (
	"path/filepath"
	"testing"

	"github.com/carecast/carecast/model/target"
)

// Targets are read from the file and its parent, each checked against the
// projection's months and categories, each problem at its line.
func TestTargets(t *testing.T) {
	msg, _ := loadErr(t, map[string]string{"bad.yaml": `extends: baseline.yaml
targets:
  - in_care <= 400 by 2026-10
  - in_care_castle <= 4 by 2026-10
  - cost[2040-41] <= 1m
  - in_care is small
`}, "bad.yaml")
	checkLines(t, msg, []string{
		`bad.yaml:4: targets[1]: target "in_care_castle <= 4 by 2026-10": no category "castle"`,
		`bad.yaml:5: targets[2]: target "cost[2040-41] <= 1m": financial year 2040-41 is not wholly inside the projection`,
		`bad.yaml:6: targets[3]: `,
	})

	dir := writeFiles(t, map[string]string{
		"parent.yaml": "extends: baseline.yaml\ntargets: [\"in_care <= 400 by 2026-10\"]\n",
		"child.yaml":  "extends: parent.yaml\ntargets: [\"cost[2026-27] <= 24,000,000\"]\n",
	})
	s, err := Load(filepath.Join(dir, "child.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Targets) != 2 || s.Targets[0].Metric != target.InCare || s.Targets[1].Metric != target.Cost || s.Targets[1].Value != 24e6 {
		t.Errorf("targets %+v, want the parent's in_care target then the child's cost target", s.Targets)
	}
}

// history: "" drops the history of the file extended.
func TestEmptyHistoryDropsTheParents(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"none.yaml":  "extends: baseline.yaml\nhistory: \"\"\n",
		"quiet.yaml": "extends: baseline.yaml\n",
	})
	for name, want := range map[string]string{"none.yaml": "", "quiet.yaml": SampleHistory} {
		s, err := Load(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if s.History != want {
			t.Errorf("%s: history %q, want %q", name, s.History, want)
		}
	}
}
