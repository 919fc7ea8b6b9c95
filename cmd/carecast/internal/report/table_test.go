package report

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/carecast/carecast/model"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or rewrites it with -update. On
// a mismatch it writes got beside the golden as name.got for review (diff
// them, or copy it over the golden once it is right).
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update creates it)", err)
	}
	if bytes.Equal(got, want) {
		os.Remove(path + ".got") // left by an earlier failure
		return
	}
	if err := os.WriteFile(path+".got", got, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Errorf("%s differs from %s: diff it with %s.got (go test -update rewrites the golden)", name, path, path)
}

// small is a result of three months either side of a financial year's
// end, made by hand so that the tables' encoding is fixed apart from the
// model: a category name CSV quotes, a count that rounds to -0, moves too
// small to list, money with pennies.
func small() *model.Result {
	res := model.NewResult(model.MonthOf(2026, time.February), 3, model.Shape{
		Categories: []string{"foster", "home, external"},
		Bands:      []model.Band{{Name: "0-4", Min: 0, Max: 4}, {Name: "5", Min: 5, Max: 5}},
		Routes:     []string{"new"},
		Reasons:    []string{"home"},
		FixedCosts: []string{"Project team"},
	})
	res.InitialInCare = 10
	res.InitialByCategory = []float64{7, 3}
	copy(res.InCare, []float64{10.5, 10.25, 9.0004})
	copy(res.ByCategory, []float64{7.25, 3.25, 7.125, 3.125, 6.0004, 3})
	copy(res.ByBandCategory, []float64{
		5, 1, 2.25, 2.25,
		5, 1, 2.125, 2.125,
		4.0004, 1, 2, 2,
	})
	copy(res.Entries, []float64{1, 0.5, -0.0001})
	copy(res.Exits, []float64{0.5, 0, 0.5, 0.25, 1, 0.2496})
	copy(res.Moves, []float64{
		0, 0.0004, 1.5, 0, // 2026-02: 0.0004 rounds to none
		0, 0.25, 0, 0,
		0, 0, 0.00051, 0,
	})
	copy(res.ChildDays, []float64{203, 91, 221.0625, 96.875, 195, 93.75})
	copy(res.Cost, []float64{14500, 13000, 15790.18, 13839.29, 13928.57, 13392.86})
	copy(res.FixedCost, []float64{0.005, 4602.74, 4454.79})
	return res
}

func TestTablesGolden(t *testing.T) {
	res := small()
	for _, tab := range []Table{Projection(res), Stock(res), Budget(res), Moves(res)} {
		var buf bytes.Buffer
		if err := WriteCSV(&buf, tab); err != nil {
			t.Fatal(err)
		}
		golden(t, tab.Name+".csv", buf.Bytes())
	}
}

func TestKindFormat(t *testing.T) {
	for _, c := range []struct {
		kind Kind
		cell Cell
		want string
	}{
		{Text, Cell{Text: "home, external", Value: 3}, "home, external"},
		{Month, Cell{Text: "2026-04"}, "2026-04"},
		{Count, Cell{Value: 1.23456}, "1.235"},
		{Count, Cell{Value: 2}, "2"},
		{Count, Cell{Value: -0.0004}, "0"},
		{Count, Cell{Value: 1e6 / 3}, "333333.333"},
		{Money, Cell{Value: 1234.5}, "1234.50"},
		{Money, Cell{Value: 0.005}, "0.01"},
		{Whole, Cell{Value: 12}, "12"},
	} {
		if got := c.kind.Format(c.cell); got != c.want {
			t.Errorf("Kind(%d).Format(%+v) = %q, want %q", c.kind, c.cell, got, c.want)
		}
	}
}

func TestWriteCSVRefusesABadTable(t *testing.T) {
	cols := []Column{{"month", Month}, {"count", Count}}
	for _, c := range []struct {
		name string
		rows [][]Cell
		want string
	}{
		{"short row", [][]Cell{{{Text: "2026-04"}, {Value: 1}}, {{Text: "2026-05"}}}, "test row 2 has 1 cells for 2 columns"},
		{"long row", [][]Cell{{{Text: "2026-04"}, {Value: 1}, {Value: 2}}}, "test row 1 has 3 cells for 2 columns"},
		{"NaN", [][]Cell{{{Text: "2026-04"}, {Value: math.NaN()}}}, "test row 1 column count is NaN"},
		{"Inf", [][]Cell{{{Text: "2026-04"}, {Value: 1}}, {{Text: "2026-05"}, {Value: math.Inf(-1)}}}, "test row 2 column count is -Inf"},
	} {
		var buf bytes.Buffer
		err := WriteCSV(&buf, Table{Name: "test", Columns: cols, Rows: c.rows})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.want)
		}
		if buf.Len() > 0 {
			t.Errorf("%s: wrote %q before the error", c.name, buf.String())
		}
	}
	// NaN in a text column's unused Value is no matter.
	var buf bytes.Buffer
	if err := WriteCSV(&buf, Table{Name: "test", Columns: []Column{{"month", Month}}, Rows: [][]Cell{{{Text: "2026-04", Value: math.NaN()}}}}); err != nil {
		t.Errorf("a text cell's unused value: %v", err)
	}
	if buf.String() != "month\n2026-04\n" {
		t.Errorf("wrote %q", buf.String())
	}
}

// The projection's columns are named and typed as projection.csv has
// always had them.
func TestProjectionColumnKinds(t *testing.T) {
	tab := Projection(small())
	want := "month:month in_care:count entries:count exits:count moves:count " +
		"cost:money placement_cost:money fixed_cost:money " +
		"in_care_foster:count in_care_home, external:count entries_new:count exits_home:count exits_age_out:count " +
		"cost_foster:money cost_home, external:money child_days_foster:count child_days_home, external:count"
	var got []string
	for _, c := range tab.Columns {
		got = append(got, c.Name+":"+c.Kind.String())
	}
	if strings.Join(got, " ") != want {
		t.Errorf("columns\n%s\nwant\n%s", strings.Join(got, " "), want)
	}
}

// A blank cell is empty in a CSV, whatever its column's kind, and is not
// checked for NaN.
func TestBlankCells(t *testing.T) {
	tb := Table{Name: "t", Columns: []Column{{"a", Money}, {"b", Count}, {"c", Whole}},
		Rows: [][]Cell{{{Blank: true, Value: math.NaN()}, {Value: 1.5}, {Blank: true}}}}
	var b strings.Builder
	if err := WriteCSV(&b, tb); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "a,b,c\n,1.5,\n"; got != want {
		t.Errorf("CSV %q, want %q", got, want)
	}
}
