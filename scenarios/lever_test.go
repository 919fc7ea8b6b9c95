package scenarios

import (
	"strings"
	"testing"

	"github.com/carecast/carecast/model"
)

func TestLever(t *testing.T) {
	s, err := Load("whatif-step-down.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cat := func(n string) int { return indexOf(s.Params.Categories, n) }
	for _, tc := range []struct {
		text            string
		lever           model.Lever
		index, from, to int
		intervention    int
		wantErr         string
	}{
		{text: "entries", lever: model.LeverEntries, index: -1, from: -1, to: -1, intervention: -1},
		{text: "entries.uasc", lever: model.LeverEntries, index: 3, from: -1, to: -1, intervention: -1},
		{text: "exits.reunification", lever: model.LeverExit, index: 0, from: -1, to: -1, intervention: -1},
		{text: "moves.home_external.foster_ifa", lever: model.LeverMove, index: -1, from: cat("home_external"), to: cat("foster_ifa"), intervention: -1},
		{text: "first_placement.kinship", lever: model.LeverFirstPlacement, index: cat("kinship"), from: -1, to: -1, intervention: -1},
		{text: "interventions.Placement review step-downs", intervention: 0},
		{text: "entries.nobody", wantErr: `unknown route "nobody"`},
		{text: "moves.home_external", wantErr: "want entries"},
		{text: "interventions.nothing", wantErr: `no intervention is named "nothing"`},
		{text: "cost", wantErr: `"cost": want entries`},
	} {
		l, err := s.Lever(tc.text)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%s: error %v, want one containing %q", tc.text, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.text, err)
			continue
		}
		if l.Intervention != tc.intervention {
			t.Errorf("%s: intervention %d, want %d", tc.text, l.Intervention, tc.intervention)
		}
		if tc.intervention >= 0 {
			if l.Change != nil {
				t.Errorf("%s: an intervention lever has a rate change", tc.text)
			}
			continue
		}
		c := l.Change
		if c.Lever != tc.lever || c.Index != tc.index || c.From != tc.from || c.To != tc.to {
			t.Errorf("%s: lever %v index %d from %d to %d, want %v %d %d %d", tc.text, c.Lever, c.Index, c.From, c.To, tc.lever, tc.index, tc.from, tc.to)
		}
	}
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}
