package data

import (
	"embed"
	"io/fs"
)

// sample is a synthetic council shipped with carecast: ten yearly SSDA903
// returns, 2015-16 to 2024-25, written by
//
//	carecast synth --out data/sample --seed 1 --scale 0.9 --years 10 --scenario scenarios/shire-county.yaml
//
// (about 490 children in care, 160 entries a year). No real child is in it.
//
//go:embed sample/*.csv
var sample embed.FS

// Sample is the shipped synthetic council's returns, as files.
func Sample() fs.FS {
	sub, err := fs.Sub(sample, "sample")
	if err != nil {
		panic("data: the embedded sample is missing: " + err.Error())
	}
	return sub
}

// ReadSample reads the shipped synthetic council's returns.
func ReadSample(opt ReadOptions) (*Returns, *Report, error) {
	return ReadFS(Sample(), ".", opt)
}
