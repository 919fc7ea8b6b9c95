package scenarios

import (
	"bytes"

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

// cutAt is where to cut data in two: the start of the line of the
// top-level key nearest its middle, or −1 if it is small, does not begin
// with a top-level key at column 0, has no other, or holds anything a cut could change the meaning
// of: a document marker or directive, what may be an anchor or alias (& or
// * after a space or the start of a flow collection: not the * of a
// placement code T*), a tab (YAML forbids tabs for indentation, and its
// errors should come from one parse), or a line break other than LF or CRLF
// (a lone CR, NEL, LS or PS, which YAML counts as lines: the second half's
// lines are counted by LF). One pass over the bytes: a regular expression
// took longer than the parse it saves.
func cutAt(data []byte) int {
	if len(data) < splitBytes {
		return -1
	}
	best, mid := -1, len(data)/2
	rooted := false // the first line of content is a top-level key at column 0
	for start := 0; start < len(data); {
		end := bytes.IndexByte(data[start:], '\n')
		if end < 0 {
			end = len(data)
		} else {
			end += start
		}
		line := data[start:end]
		if unsafeLine(line) {
			return -1
		}
		if !rooted && !blank(line) {
			if !topKey(line) {
				return -1 // the map of keys is indented, or not a map
			}
			rooted = true
		} else if topKey(line) && (best < 0 || abs(start-mid) < abs(best-mid)) {
			best = start
		}
		start = end + 1
	}
	return best
}

// blank reports whether a line is empty, spaces or a comment.
func blank(line []byte) bool {
	t := bytes.TrimLeft(line, " \r")
	return len(t) == 0 || t[0] == '#'
}

// topKey reports whether a line starts a top-level key of a scenario:
// lower-case letters, digits and _, then a colon and a space or the end.
func topKey(line []byte) bool {
	if len(line) == 0 || !(line[0] == '_' || line[0] >= 'a' && line[0] <= 'z') {
		return false
	}
	for i, c := range line {
		switch {
		case c == ':':
			return i+1 == len(line) || line[i+1] == ' ' || line[i+1] == '\r'
		case c != '_' && (c < 'a' || c > 'z') && (c < '0' || c > '9'):
			return false
		}
	}
	return false
}

// unsafeLine reports whether a line holds what a cut could change the
// meaning of (see cutAt).
func unsafeLine(line []byte) bool {
	if bytes.HasPrefix(line, []byte("---")) || bytes.HasPrefix(line, []byte("...")) || bytes.HasPrefix(line, []byte("%")) {
		return true
	}
	for i, c := range line {
		switch c {
		case '\t':
			return true
		case '\r':
			if i+1 != len(line) {
				return true // a CR not ending the line
			}
		case 0xC2: // NEL is C2 85
			if i+1 < len(line) && line[i+1] == 0x85 {
				return true
			}
		case 0xE2: // LS and PS are E2 80 A8 and E2 80 A9
			if i+2 < len(line) && line[i+1] == 0x80 && (line[i+2] == 0xA8 || line[i+2] == 0xA9) {
				return true
			}
		case '&', '*':
			before := i == 0 || bytes.IndexByte([]byte(" [{,"), line[i-1]) >= 0
			after := i+1 < len(line) && bytes.IndexByte([]byte(" ]},\r"), line[i+1]) < 0
			if before && after {
				return true
			}
		}
	}
	return false
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
