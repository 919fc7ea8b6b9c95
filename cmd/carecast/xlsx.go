package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/carecast/carecast/cmd/carecast/internal/report"
	"github.com/spf13/cobra"
)

// workbook is the --xlsx flag of a command that writes tables: the file of
// an Excel workbook holding them, a sheet per table; "" for none. A
// command adds the flag with addXLSX and, after writing its CSV files,
// calls write with the same tables.
type workbook string

// addXLSX adds --xlsx to cmd; what says which tables go in the workbook.
func addXLSX(cmd *cobra.Command, what string) *workbook {
	w := new(workbook)
	cmd.Flags().Var(w, "xlsx", "also write "+what+" to the Excel workbook `FILE`.xlsx, a sheet per table")
	return w
}

// Set takes the flag's value, rejecting, before any work is done, a
// workbook that could not be written: a name not ending .xlsx (Excel opens
// a workbook by its extension) or in a folder that does not exist.
func (w *workbook) Set(path string) error {
	if !strings.EqualFold(filepath.Ext(path), ".xlsx") {
		return fmt.Errorf("the file name must end in .xlsx, for Excel to open it")
	}
	if fi, err := os.Stat(filepath.Dir(path)); err != nil || !fi.IsDir() {
		return fmt.Errorf("there is no folder %s to write it in", filepath.Dir(path))
	}
	*w = workbook(path)
	return nil
}

func (w *workbook) String() string { return string(*w) }
func (w *workbook) Type() string   { return "FILE" }

// write writes the tables to the workbook, if one was asked for, and says
// so on stdout. The workbook is made whole in memory first, so a failure
// leaves no part-written file (and an older file in place).
func (w *workbook) write(stdout io.Writer, tables ...report.Table) error {
	path := string(*w)
	if path == "" {
		return nil
	}
	var buf bytes.Buffer
	if err := report.WriteXLSX(&buf, tables); err != nil {
		return fmt.Errorf("--xlsx %s: %w", path, err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("--xlsx %s: %w", path, err)
	}
	names := report.SheetNames(tables)
	fmt.Fprintf(stdout, "Wrote %s: %s (%s)\n", path, plural(len(names), "sheet", "sheets"), strings.Join(names, ", "))
	return nil
}
