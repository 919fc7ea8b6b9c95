// Package pipeline holds the steps every carecast front end shares, each
// written once: load a scenario and the returns behind its history, choose
// the months to count, count and price the actuals, project, calibrate and
// write a scenario file safely. A subcommand turns its flags into the
// options of one call here and renders the value it gets back; the
// pipeline prints nothing.
package pipeline

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/carecast/carecast/data"
	"github.com/carecast/carecast/model"
	"github.com/carecast/carecast/scenarios"
)

// Source is where a council's SSDA903 returns are read from.
type Source struct {
	// Dir is a folder of returns.
	Dir string
	// Shipped is the synthetic council shipped with carecast, in place of
	// Dir: what a scenario's history key "sample" names (a folder named
	// sample given on the command line is a folder).
	Shipped bool
	// LA selects one council when files hold several; "" reads them all.
	LA string
	// Classifier, if set, is the scenario's: a routes file's names are
	// checked against its routes (see data.ReadOptions.Classifier).
	Classifier *data.Classifier
}

// Returns are returns as read and validated, with the reader's report.
type Returns struct {
	*data.Returns
	Report *data.Report
}

// Read reads and validates the returns of src. The report is returned
// whenever anything was read, with or without an error, so that what was
// read can be shown beside the error.
func Read(src Source) (Returns, error) {
	var ret *data.Returns
	var rep *data.Report
	var err error
	if src.Shipped {
		ret, rep, err = data.ReadSample(data.ReadOptions{LA: src.LA, Classifier: src.Classifier})
	} else {
		limitMemory(src.Dir)
		ret, rep, err = data.ReadDir(src.Dir, data.ReadOptions{LA: src.LA, Classifier: src.Classifier})
	}
	var la *data.UnknownLAError
	if errors.As(err, &la) {
		err = fmt.Errorf("--la %s: %w", src.LA, err)
		if len(la.Councils) == 0 {
			err = fmt.Errorf("%w: leave out --la to read them", err)
		}
	}
	return Returns{Returns: ret, Report: rep}, err
}

// Count counts the actual children of the returns over a span, in the
// scenario's categories, bands, routes and reasons, priced at its unit
// costs.
func Count(ret *data.Returns, s *scenarios.Scenario, span Span) (*model.Result, error) {
	res, err := data.Actuals(ret, s.Classifier(), s.Params.Bands, span.First, span.Last)
	if err != nil {
		return nil, err
	}
	res.Price(&s.Params.Costs)
	return res, nil
}

// Title is a scenario's name, or its file's name if it has none.
func Title(s *scenarios.Scenario) string {
	if s.File.Name != "" {
		return s.File.Name
	}
	return filepath.Base(s.Files[0])
}

// exists reports whether the returns are there (the shipped sample always
// is).
func (src Source) exists() bool {
	if src.Shipped {
		return true
	}
	_, err := os.Stat(src.Dir)
	return !errors.Is(err, fs.ErrNotExist)
}

// String names the returns in messages.
func (src Source) String() string {
	if src.Shipped {
		return "the sample council shipped with carecast"
	}
	return src.Dir
}
