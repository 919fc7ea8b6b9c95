package montecarlo

import "testing"

// The mean of 2,000 runs by cells is the projection within 0.5% every
// month, without and with levers (as for children).
func TestCellsMeanIsProjection(t *testing.T) {
	if testing.Short() {
		t.Skip("2,000 runs")
	}
	p := baseline(t)
	checkMean(t, "baseline by cells", p, simulate(t, p, Settings{Runs: 2000, Seed: 1, Method: Cells}), 0.005, 0)
	p = levers(t)
	checkMean(t, "levers by cells", p, simulate(t, p, Settings{Runs: 2000, Seed: 2, Method: Cells}), 0.005, 0.03)
}
