// Package synth simulates a synthetic council: children in care, one by
// one in continuous time, whose true rates are a scenario's params, written
// into yearly SSDA903 returns as a council would send them. The returns
// test the reader (data.ReadDir), the counting (data.Actuals) and
// calibration (data.Calibrate) against a known truth, and, scaled up, make
// national-size files for benchmarks. No real child is in them.
//
// Synthesize simulates the returns; WriteReturns writes returns as the
// DfE's yearly CSV files, which data.ReadDir reads back as they were.
package synth
