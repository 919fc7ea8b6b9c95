package scenarios

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/carecast/carecast/model"
)

// A scenario with duration classes, factors, a split stock, changes
// limited to classes and their evidence, written by FileOf and Encode,
// loads back to the same parameters.
func TestDurationsRoundTrip(t *testing.T) {
	dir := writeFiles(t, map[string]string{"d.yaml": `extends: shire-county.yaml
durations:
  bounds: [1, 3, 6, 12, 24]
  exit_factors: {reunification: [2.5, 1.6, 1.2, 1, 0.8, 0.6]}
  move_factors: [1.5, 1.2, 1, 1, 1, 1]
changes:
  - {rate: exits.reunification, durations: ["0-6"], factor: 1.2, start: 2025-04}
  - {rate: moves.all.all, durations: ["12-24", "24+"], factor: 0.9, start: 2025-04}
`})
	s := mustLoad(t, filepath.Join(dir, "d.yaml"))
	p := s.Params
	if got := p.Changes[0].Durations; got != 0b111 {
		t.Errorf("0-6 read as classes %b, want 111", got)
	}
	if got := p.Changes[1].Durations; got != 0b110000 {
		t.Errorf("12-24, 24+ read as classes %b, want 110000", got)
	}
	p.InitialDuration = model.SteadyDurations(p)
	p.Evidence = &model.Evidence{ExitDuration: make([]model.Count, p.R()*p.D())}
	p.Evidence.ExitDuration[1] = model.Count{Events: 12, Exposure: 3.5}
	out := filepath.Join(dir, "out.yaml")
	text := encodeFile(t, s, out)
	for _, key := range []string{"durations:", "initial_stock_durations:", "exit_factors:"} {
		if !strings.Contains(string(text), key) {
			t.Errorf("written file has no %s", key)
		}
	}
	back := mustLoad(t, out)
	same(t, "Params", p, back.Params)
}

// A scenario without duration keys loads as duration-blind.
func TestNoDurationsIsBlind(t *testing.T) {
	s := mustLoad(t, "shire-county.yaml")
	if p := s.Params; p.D() != 1 || p.ExitDuration != nil || p.InitialDuration != nil {
		t.Errorf("bounds %v, factors %v: want none", p.DurationBounds, p.ExitDuration)
	}
}

// Problems of the duration keys are placed at file:line: key.
func TestDurationErrorsLocated(t *testing.T) {
	dir := writeFiles(t, map[string]string{"bad.yaml": `extends: shire-county.yaml
durations:
  bounds: [3, 3]
  exit_factors: {reunification: [2, 0, 1]}
changes:
  - {rate: exits, durations: ["0-2"], factor: 1.2, start: 2025-04}
`})
	_, err := Load(filepath.Join(dir, "bad.yaml"))
	if err == nil {
		t.Fatal("loaded")
	}
	for _, want := range []string{"bad.yaml:3: durations.bounds[1]", "bad.yaml:6: changes[0].durations[0]"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	dir = writeFiles(t, map[string]string{"zero.yaml": `extends: shire-county.yaml
durations:
  bounds: [3]
  exit_factors: {reunification: [2, 0]}
`})
	if _, err := Load(filepath.Join(dir, "zero.yaml")); err == nil || !strings.Contains(err.Error(), "zero.yaml:4: durations.exit_factors.reunification[1]") {
		t.Errorf("factor 0: %v", err)
	}
}
