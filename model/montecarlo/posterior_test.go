package montecarlo

import (
	"errors"
	"testing"

	"github.com/carecast/carecast/model"
)

// withEvidence is the baseline with evidence as if its rates had been
// counted over years child-years in every cell and its entries over months
// months.
func withEvidence(tb testing.TB, years, months float64) *model.Params {
	p := baseline(tb)
	ev := &model.Evidence{Exit: make([]model.Count, len(p.Exit)), Move: make([]model.Count, len(p.Move)),
		Entries: make([]model.Count, len(p.Routes))}
	for i, r := range p.Exit {
		ev.Exit[i] = model.Count{Events: r * years, Exposure: years}
	}
	for i, r := range p.Move {
		ev.Move[i] = model.Count{Events: r * years, Exposure: years}
	}
	for i, r := range p.Routes {
		ev.Entries[i] = model.Count{Events: r.PerMonth * months, Exposure: months}
	}
	p.Evidence = ev
	return p
}

// width is the 80% range of the children in care at the end of the last
// month.
func width(r *Runs) float64 {
	q := r.InCare(r.Months - 1)
	return q.P90 - q.P10
}

// Drawing the rates from their posterior widens the bands by more with
// less evidence; with a great deal of evidence they are those of chance
// alone; without Evidence, Uncertainty changes nothing. The mean stays
// near the projection.
func TestUncertaintyWidens(t *testing.T) {
	for _, m := range []Method{Children, Cells} {
		chance := width(simulate(t, baseline(t), Settings{Runs: 1000, Seed: 4, Uncertainty: true, Method: m}))
		plenty := width(simulate(t, withEvidence(t, 1e6, 1e6), Settings{Runs: 1000, Seed: 4, Uncertainty: true, Method: m}))
		little := simulate(t, withEvidence(t, 5, 36), Settings{Runs: 1000, Seed: 4, Uncertainty: true, Method: m})
		t.Logf("%v: 80%% range in care at 60 months: chance alone %.1f, evidence of 1e6 child-years a cell %.1f, 5 child-years a cell and 36 months %.1f",
			m, chance, plenty, width(little))
		if plenty < 0.9*chance || plenty > 1.1*chance {
			t.Errorf("%v: with plenty of evidence the 80%% range is %v, chance alone %v", m, plenty, chance)
		}
		if width(little) < 1.3*chance {
			t.Errorf("%v: with little evidence the 80%% range is %v, chance alone %v: want it wider", m, width(little), chance)
		}
		res, err := model.Project(baseline(t))
		if err != nil {
			t.Fatal(err)
		}
		last := little.Months - 1
		if got, want := little.InCare(last).Mean, res.InCare[last]; got < 0.95*want || got > 1.05*want {
			t.Errorf("%v: with little evidence the mean in care at 60 months is %v, projection %v", m, got, want)
		}
	}
}

// Runs with uncertainty are the same whatever the number of workers.
func TestUncertaintySameSeed(t *testing.T) {
	p := withEvidence(t, 20, 36)
	for _, m := range []Method{Children, Cells} {
		a := simulate(t, p, Settings{Runs: 100, Seed: 9, Workers: 1, Uncertainty: true, Method: m})
		b := simulate(t, p, Settings{Runs: 100, Seed: 9, Workers: 2, Uncertainty: true, Method: m})
		if !sameRuns(a, b) {
			t.Errorf("%v: runs with uncertainty differ between one worker and two", m)
		}
	}
}

// Evidence not shaped as the rates, or with a count that is not a finite
// number from 0 up, is a clear error, not a panic.
func TestBadEvidence(t *testing.T) {
	for name, spoil := range map[string]func(*model.Evidence){
		"short":    func(ev *model.Evidence) { ev.Exit = ev.Exit[:3] },
		"negative": func(ev *model.Evidence) { ev.Move[5].Events = -1 },
		"NaN":      func(ev *model.Evidence) { ev.Entries[0].Exposure = 0 * ev.Entries[0].Exposure / 0 },
	} {
		p := withEvidence(t, 10, 36)
		spoil(p.Evidence)
		if _, err := Simulate(p, Settings{Runs: 10, Uncertainty: true}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// Bad settings and bad parameters are errors.
func TestBadSettings(t *testing.T) {
	p := baseline(t)
	for _, s := range []Settings{{Runs: 0}, {Runs: MaxRuns + 1}, {Runs: 5, Workers: -1}} {
		if _, err := Simulate(p, s); err == nil {
			t.Errorf("%+v: no error", s)
		}
	}
	for _, spoil := range []func(*model.Params){
		func(p *model.Params) {
			for i := range p.Initial {
				p.Initial[i] = 5000 // 11.9 million in all
			}
		},
		func(p *model.Params) { p.Routes[0].PerMonth = 9e4; p.Routes[0].Trend = 2 },
	} {
		big := baseline(t)
		spoil(big)
		if _, err := Simulate(big, Settings{Runs: 1}); err == nil {
			t.Error("a population beyond MaxInitial or MaxEntrants was simulated")
		} else {
			t.Log(err)
		}
	}
	p.Exit[0] = -1
	var errs model.Errors
	if _, err := Simulate(p, Settings{Runs: 5}); !errors.As(err, &errs) {
		t.Errorf("a negative rate: %v, want model.Errors", err)
	}
}
