package scenarios

import (
	"bytes"
	"regexp"

	"go.yaml.in/yaml/v3"
)

// splitBytes is the size from which a file is parsed in two halves at once.
// A calibrated scenario is about 110 kB, 2,000 lines, and parsing it is most
// of the time carecast run takes; a hand-written what-if is a few hundred
// bytes, not worth a goroutine.
var splitBytes = 32 << 10

// parseYAML parses a scenario file into its YAML tree. A file of splitBytes
// or more is cut before a top-level key near its middle and the two halves
// are parsed at once, then joined: the same tree as one parse gives, but
// for comments, which loading does not read (FuzzSplitParse). Where the cut
// is not clean, as when a half does not parse on its own, or the file holds
// anything a cut could change the meaning of (several documents,
// directives, anchors), the whole file is parsed as one.
func parseYAML(data []byte) (*yaml.Node, error) {
	cut := cutAt(data)
	if cut < 0 {
		return parseWhole(data)
	}
	var second yaml.Node
	errc := make(chan error, 1)
	go func() { errc <- yaml.Unmarshal(data[cut:], &second) }()
	var first yaml.Node
	err1, err2 := yaml.Unmarshal(data[:cut], &first), <-errc
	if err1 != nil || err2 != nil || !oneMap(&first) || !oneMap(&second) {
		return parseWhole(data)
	}
	shiftLines(&second, bytes.Count(data[:cut], []byte{'\n'}))
	root := first.Content[0]
	root.Content = append(root.Content, second.Content[0].Content...)
	return &first, nil
}

func parseWhole(data []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	return &doc, nil
}

// topKey is a line that starts a top-level key of a scenario.
var topKey = regexp.MustCompile(`(?m)^[a-z_][a-z0-9_]*:(?: |$)`)

// unsafeCut finds what a cut could change the meaning of: a document
// marker, a directive, what may be an anchor or alias (& or * after a space
// or the start of a flow collection: not the * of a placement code T*), a
// tab (YAML forbids tabs for indentation, and its errors should come from
// one parse), a line break other than LF or CRLF (a lone CR, NEL, LS or PS,
// which YAML counts as lines: the lines of the second half are counted by
// LF).
var unsafeCut = regexp.MustCompile(`(?m)^(?:---|\.\.\.|%)|(?:^|[\s\[{,])[&*][^\s\]},]|\t|\r[^\n]|\r$|[\x{85}\x{2028}\x{2029}]`)

// cutAt is where to cut data in two: the start of the line of the
// top-level key nearest its middle, or −1 if it is small, has no such key
// after its first, or holds anything a cut could change the meaning of.
func cutAt(data []byte) int {
	if len(data) < splitBytes || unsafeCut.Match(data) {
		return -1
	}
	best := -1
	for _, loc := range topKey.FindAllIndex(data, -1) {
		if loc[0] == 0 {
			continue
		}
		if best < 0 || abs(loc[0]-len(data)/2) < abs(best-len(data)/2) {
			best = loc[0]
		}
	}
	return best
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// oneMap reports whether a parsed half is one document holding a map.
func oneMap(doc *yaml.Node) bool {
	return doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 && doc.Content[0].Kind == yaml.MappingNode
}

// shiftLines moves every node of a tree n lines down, as if the lines
// before it were there.
func shiftLines(n *yaml.Node, by int) {
	n.Line += by
	for _, c := range n.Content {
		shiftLines(c, by)
	}
}
