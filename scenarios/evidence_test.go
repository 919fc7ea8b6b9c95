package scenarios

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/carecast/carecast/model"
)

// The evidence key loads into Params.Evidence, indexed as the rates are;
// a table not given stays nil, and a cell not given counted nothing.
func TestEvidenceLoads(t *testing.T) {
	dir := writeFiles(t, map[string]string{"ev.yaml": `extends: shire-county.yaml
evidence:
  exits:
    adoption:
      "1-4": {adoption_placed: {events: 29, child_years: 17.5}}
  entries:
    uasc: {entries: 46, months: 36}
`})
	s := mustLoad(t, filepath.Join(dir, "ev.yaml"))
	p := s.Params
	ev := p.Evidence
	if ev == nil || ev.Move != nil || len(ev.Exit) != len(p.Exit) || len(ev.Entries) != len(p.Routes) {
		t.Fatalf("evidence %+v", ev)
	}
	if got := ev.Exit[p.ExitAt(1, 1, 8)]; got != (model.Count{Events: 29, Exposure: 17.5}) {
		t.Errorf("adoption 1-4 adoption_placed: %+v", got)
	}
	if got := ev.Entries[3]; got != (model.Count{Events: 46, Exposure: 36}) {
		t.Errorf("uasc entries: %+v", got)
	}
	var total model.Count
	for _, c := range ev.Exit {
		total.Events += c.Events
		total.Exposure += c.Exposure
	}
	if total != (model.Count{Events: 29, Exposure: 17.5}) {
		t.Errorf("exit evidence sums to %+v: cells not given must count nothing", total)
	}
	if mustLoad(t, "shire-county.yaml").Params.Evidence != nil {
		t.Error("a file without evidence has some")
	}
}

// Evidence that counted nothing is not the same as none: an empty table
// ({}) loads as a table of zeros, and FileOf writes one so.
func TestEmptyEvidenceRoundTrips(t *testing.T) {
	s := mustLoad(t, "shire-county.yaml")
	p := s.Params
	p.Evidence = &model.Evidence{
		Exit:    make([]model.Count, len(p.Exit)),
		Move:    make([]model.Count, len(p.Move)),
		Entries: make([]model.Count, len(p.Routes)),
	}
	path := filepath.Join(t.TempDir(), "empty.yaml")
	encodeFile(t, s, path)
	same(t, "Params", p, mustLoad(t, path).Params)
	dir := writeFiles(t, map[string]string{"moves.yaml": "extends: shire-county.yaml\nevidence:\n  moves: {}\n"})
	ev := mustLoad(t, filepath.Join(dir, "moves.yaml")).Params.Evidence
	if ev == nil || ev.Exit != nil || ev.Entries != nil || len(ev.Move) != len(p.Move) {
		t.Errorf("evidence: {moves: {}} loads as %+v", ev)
	}
}

// Unknown names and numbers that are not counts are errors at their key.
func TestBadEvidence(t *testing.T) {
	for _, tc := range []struct{ name, yaml, want string }{
		{"unknown reason", "exits:\n  adopted:\n    \"0\": {kinship: {events: 1, child_years: 2}}\n",
			`bad.yaml:4: evidence.exits.adopted: unknown exit reason "adopted"`},
		{"all is not a band", "exits:\n  adoption:\n    all: {kinship: {events: 1, child_years: 2}}\n",
			`bad.yaml:5: evidence.exits.adoption.all: unknown age band "all"`},
		{"unknown category", "moves:\n  \"0\":\n    kinship: {fostr: {events: 1, child_years: 2}}\n",
			`bad.yaml:5: evidence.moves["0"].kinship.fostr: unknown category "fostr"`},
		{"unknown from", "moves:\n  \"0\":\n    kin: {foster_ifa: {events: 1, child_years: 2}}\n",
			`bad.yaml:5: evidence.moves["0"].kin: unknown category "kin"`},
		{"unknown route", "entries:\n  boat: {entries: 1, months: 2}\n",
			`bad.yaml:4: evidence.entries.boat: unknown route "boat"`},
		{"negative events", "exits:\n  adoption:\n    \"0\":\n      kinship: {events: -1, child_years: 2}\n",
			`bad.yaml:6: evidence.exits.adoption["0"].kinship.events: -1 is negative`},
		{"negative months", "entries:\n  uasc: {entries: 1, months: -36}\n",
			`bad.yaml:4: evidence.entries.uasc.months: -36 is negative`},
		{"beyond any council", "entries:\n  uasc: {entries: 1e300, months: 36}\n",
			`bad.yaml:4: evidence.entries.uasc.entries: 1e+300 is beyond the largest credible value (at most 1000000000)`},
		{"not finite", "entries:\n  uasc: {entries: .inf, months: 36}\n",
			`bad.yaml:4: evidence.entries.uasc.entries: .inf is not a finite number`},
		{"NaN", "entries:\n  uasc: {entries: NaN, months: 36}\n",
			`evidence.entries.uasc.entries: NaN is not a finite number`},
		{"move to itself", "moves:\n  \"0\":\n    kinship: {kinship: {events: 1, child_years: 2}}\n",
			`bad.yaml:5: evidence.moves["0"].kinship.kinship: a move from kinship to itself is not a move`},
		{"unknown key", "exits:\n  adoption:\n    \"0\":\n      kinship: {events: 1, exposure: 2}\n",
			`bad.yaml:6: evidence.exits.adoption["0"].kinship.exposure: unknown key "exposure" (known here: events, child_years)`},
		{"unknown table", "stock: {}\n", `bad.yaml:3: evidence.stock: unknown key "stock" (known here: exits, moves, entries, durations)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := "extends: shire-county.yaml\nevidence:\n" + indent(tc.yaml)
			dir := writeFiles(t, map[string]string{"bad.yaml": text})
			_, err := Load(filepath.Join(dir, "bad.yaml"))
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if msg := strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), ""); !strings.Contains(msg, tc.want) {
				t.Errorf("error:\n  %s\nwant it to contain:\n  %s", msg, tc.want)
			}
		})
	}
}

func indent(s string) string {
	lines := strings.SplitAfter(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = "  " + l
		}
	}
	return strings.Join(lines, "")
}
