package scenarios

import (
	"fmt"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// dump writes a YAML tree as loading reads it: kinds, styles, tags,
// values, anchors and places, not comments.
func dump(n *yaml.Node) string {
	var b strings.Builder
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		fmt.Fprintf(&b, "%*s%d %d %q %q %q %d:%d\n", depth, "", n.Kind, n.Style, n.Tag, n.Value, n.Anchor, n.Line, n.Column)
		for _, c := range n.Content {
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return b.String()
}

// checkSplit requires parseYAML, cutting any file however small, to give
// what one parse of the whole gives.
func checkSplit(t *testing.T, data []byte) {
	t.Helper()
	defer func(old int) { splitBytes = old }(splitBytes)
	splitBytes = 0
	whole, errWhole := parseWhole(data)
	split, errSplit := parseYAML(data)
	switch {
	case (errWhole == nil) != (errSplit == nil):
		t.Fatalf("whole: %v; split: %v", errWhole, errSplit)
	case errWhole != nil:
		if errWhole.Error() != errSplit.Error() {
			t.Fatalf("whole: %v; split: %v", errWhole, errSplit)
		}
	case dump(whole) != dump(split):
		t.Fatalf("cut at %d, the trees differ:\n--- whole\n%s\n--- split\n%s", cutAt(data), dump(whole), dump(split))
	}
}

// The shipped scenarios parse in halves to the trees they parse to whole,
// and the calibrated baseline is big enough to be cut.
func TestSplitParse(t *testing.T) {
	for _, name := range Embedded() {
		data, err := Shipped(name)
		if err != nil {
			t.Fatal(err)
		}
		checkSplit(t, data)
	}
	data, _ := Shipped("baseline.yaml")
	if cutAt(data) < 0 {
		t.Errorf("baseline.yaml (%d bytes) is not cut", len(data))
	}
	for _, tc := range []struct{ name, yaml string }{
		{"list at the key's column", "a: 1\nb:\n- x\n- y\nc: 2\n"},
		{"second document", "a: 1\n---\nb: 2\n"},
		{"alias across the cut", "a: &x 1\nb: *x\n"},
		{"flow map across lines", "a: {x: 1,\nb: 2}\nc: 3\n"},
		{"quoted across lines", "a: \"x\nb: y\"\nc: 3\n"},
		{"plain scalar, then a key", "a: x\n  y\nb: 2\n"},
		{"block scalar", "a: |\n  x\n  b: y\nc: 2\n"},
		{"duplicate key in halves", "a: 1\nb: 2\na: 3\n"},
		{"error in the second half", "a: 1\nb: [\nc: 2\n"},
		{"placement codes T*", "a: [T*, U1]\nb: 2\n"},
	} {
		t.Run(tc.name, func(t *testing.T) { checkSplit(t, []byte(tc.yaml)) })
	}
}

// FuzzSplitParse: a file cut in halves parses to the tree it parses to
// whole, or to the same error. The seeds are the small shipped scenarios
// (the calibrated baseline, at 110 kB, slows the fuzzer to a crawl; the
// test above cuts it).
func FuzzSplitParse(f *testing.F) {
	for _, name := range Embedded() {
		if data, _ := Shipped(name); len(data) < 16<<10 {
			f.Add(data)
		}
	}
	f.Add([]byte("a: 1\nb:\n- x\nc: {d: 2}\n"))
	f.Fuzz(func(t *testing.T, data []byte) { checkSplit(t, data) })
}
