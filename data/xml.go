package data

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// xmlHeader is the HEADER element of a CHILD in the DfE XML layout; UASC
// children carry UASC and DUC in it.
type xmlHeader struct {
	headerRow
	UASC string `xml:"UASC"`
	DUC  string `xml:"DUC"`
}

// xmlChild gathers one CHILD element until its end tag.
type xmlChild struct {
	header   *xmlHeader
	headerAt xmlPos
	brokenID string // CHILDID of a HEADER that could not be read to its end
	episodes []episodeRow
	at       []xmlPos
}

// xmlPos is where an element's start tag ends.
type xmlPos struct{ line, col int }

// decodeXML reads the DfE XML layout: <CHILD><HEADER>…</HEADER><EPISODE>…
// </EPISODE>…</CHILD>. Each HEADER is a header row (and a UASC row when
// UASC is 1 or DUC is given); each EPISODE an episode row of that child.
// Positions are those of the ends of the elements' start tags; problems
// give the column as well as the line, as XML files are often one line.
func (ck *chunk) decodeXML(data []byte) {
	ck.xml, ck.hasSex = true, true
	for f := range ck.has {
		ck.has[f] = true
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.CharsetReader = charsetReader
	var cur xmlChild
	for {
		off := d.InputOffset() // where the next token starts
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			ck.xmlError(d, err, &cur)
			ck.xmlUnread(data, off, cur.id())
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := ck.xmlElement(d, t, &cur); err != nil {
				ck.xmlError(d, err, &cur)
				id := cur.id()
				ck.flushXMLChild(&cur)
				ck.xmlUnread(data, off, id)
				return
			}
		case xml.EndElement:
			if t.Name.Local == "CHILD" {
				ck.flushXMLChild(&cur)
			}
		}
	}
	ck.flushXMLChild(&cur)
}

// xmlElement decodes a HEADER or EPISODE element into the current child.
func (ck *chunk) xmlElement(d *xml.Decoder, t xml.StartElement, cur *xmlChild) error {
	line, col := d.InputPos()
	switch t.Name.Local {
	case "CHILD":
		ck.flushXMLChild(cur)
	case "HEADER":
		var h xmlHeader
		if err := d.DecodeElement(&h, &t); err != nil {
			cur.brokenID = h.Child // read before the error, if it came first
			return err
		}
		cur.header, cur.headerAt = &h, xmlPos{line, col}
	case "EPISODE":
		var e episodeRow
		if err := d.DecodeElement(&e, &t); err != nil {
			return err
		}
		cur.episodes = append(cur.episodes, e)
		cur.at = append(cur.at, xmlPos{line, col})
	}
	return nil
}

// flushXMLChild hands a finished CHILD element's rows to the add methods.
func (ck *chunk) flushXMLChild(cur *xmlChild) {
	id := ""
	if h := cur.header; h != nil {
		ck.col = int32(cur.headerAt.col)
		ck.addHeader(&h.headerRow, cur.headerAt.line)
		if trimSpace(h.UASC) == "1" || trimSpace(h.DUC) != "" {
			ck.addUASC(&uascRow{Child: h.Child, Sex: h.Sex, DOB: h.DOB, DUC: h.DUC}, cur.headerAt.line)
		}
		id = h.Child
	}
	for i := range cur.episodes {
		cur.episodes[i].Child = id
		ck.col = int32(cur.at[i].col)
		ck.addEpisode(&cur.episodes[i], cur.at[i].line)
	}
	*cur = xmlChild{}
}

// id is the CHILDID of the CHILD element being read, when it was read.
func (cur *xmlChild) id() string {
	if cur.header != nil {
		return trimSpace(cur.header.Child)
	}
	return trimSpace(cur.brokenID)
}

// xmlError records an XML syntax error, with the CHILDID of the CHILD
// element it is in when that was read; what was read before it is kept.
func (ck *chunk) xmlError(d *xml.Decoder, err error, cur *xmlChild) {
	line, col := d.InputPos()
	child := cur.id()
	ck.fileProblem(TableEpisodes, ck.file, line, child, SeverityError, "", RuleXMLSyntax,
		fmt.Sprintf("cannot read the XML from column %d on (%s); rows before this point are kept, and each HEADER and EPISODE after it is counted as a rejected row (xml-unread)",
			col, xmlReason(err, child)))
}

// xmlUnread counts each HEADER and EPISODE element from offset off of
// data on, the part of the file an XML syntax error left unread, as a
// rejected row of its table, located where its start tag ends as the
// elements read are. child is the CHILDID of the CHILD element the
// error is in, if known: its EPISODE elements are its.
func (ck *chunk) xmlUnread(data []byte, off int64, child string) {
	ck.part = true
	off = min(max(off, 0), int64(len(data)))
	line := 1 + bytes.Count(data[:off], []byte{'\n'})
	lineStart := bytes.LastIndexByte(data[:off], '\n') + 1
	for i := int(off); ; {
		t, name := nextTag(data, i)
		if t < 0 {
			return
		}
		end := t + 1 + len(name)
		if k := bytes.IndexByte(data[end:], '>'); k >= 0 {
			end += k + 1
		}
		seg := data[i:end]
		line += bytes.Count(seg, []byte{'\n'})
		if k := bytes.LastIndexByte(seg, '\n'); k >= 0 {
			lineStart = i + k + 1
		}
		pos := xmlPos{line: line, col: end - lineStart + 1}
		table, what := TableEpisodes, "episode"
		if name == "HEADER" {
			table, what = TableHeader, "header row"
			child = xmlText(data[end:], "CHILDID", "</HEADER")
		}
		ck.tally[table].read++
		ck.reject(table, origin{file: ck.file, line: int32(pos.line), col: int32(pos.col)}, child, "", "", RuleXMLUnread,
			fmt.Sprintf("this %s element is after an XML syntax error, so it could not be read; %s dropped", name, what))
		i = end
	}
}

// xmlReason describes an XML error without the text of the file it may
// quote: a stray & or < inside a value makes encoding/xml quote what
// follows it ("invalid character entity &1234567", "element <A123>
// closed by </CHILDID>"), which may be a CHILDID or a DOB. Such text is
// replaced by what went wrong; element names are kept only if they are
// elements of the DfE layout.
func xmlReason(err error, child string) string {
	var se *xml.SyntaxError
	if !errors.As(err, &se) {
		return err.Error() // the XML declaration's version or encoding, or a read error
	}
	msg := se.Msg
	switch {
	case strings.HasPrefix(msg, "invalid character entity"):
		msg = "an & that starts no entity: an & in a value is written &amp;"
	case strings.HasPrefix(msg, "invalid XML name"):
		msg = "a < that starts no element name: a < in a value is written &lt;"
	case strings.HasPrefix(msg, "illegal character code"):
		msg = "a character that XML does not allow"
	case strings.Contains(msg, " in space "):
		msg = "an element closed by the end tag of another: is there a < in a value, which is written &lt;?"
	default:
		msg = xmlTag.ReplaceAllStringFunc(msg, func(tag string) string {
			slash, name := "", strings.TrimPrefix(tag, "<")
			if strings.HasPrefix(name, "/") {
				slash, name = "/", name[1:]
			}
			if name == "" || dfeElements[name] && name != child {
				return tag
			}
			return "<" + slash + "…" // not an element of the layout: perhaps a value after a stray <
		})
	}
	return fmt.Sprintf("XML syntax error on line %d: %s", se.Line, msg)
}

// xmlTag finds the element names encoding/xml quotes in its errors.
var xmlTag = regexp.MustCompile(`</?[^<>\s]*`)

// dfeElements are the elements of the DfE SSDA903 XML layout.
var dfeElements = map[string]bool{}

func init() {
	for _, n := range strings.Fields(`EXPSSDA903 CHILD HEADER EPISODE CHILDID UPN SEX DOB ETHNIC UASC DUC MOTHER MC_DOB
		DECOM RNE LS CIN PL PLACE PLACE_PROVIDER DEC REC REASON_PLACE_CHANGE HOME_POST PL_POST URN
		AREVIEW REVIEW REVIEW_CODE PERMANENCE PREV_PERM DATE_PERM LA_PERM OC2 OC3 SDQ_SCORE SDQ_REASON CONVICTED
		HEALTH_CHECK IMMUNISATIONS TEETH_CHECK HEALTH_ASSESSMENT SUBSTANCE_MISUSE INTERVENTION_RECEIVED
		INTERVENTION_OFFERED IN_TOUCH ACTIV ACCOM AMISSING MISSING MIS_START MIS_END AD1 DATE_INT DATE_MATCH
		FOSTER_CARE NB_ADOPTR SEX_ADOPTR LS_ADOPTR AD_PLACED DATE_PLACED DATE_PLACED_CEASED REASON_PLACED_CEASED`) {
		dfeElements[n] = true
	}
}

// charsetReader lets encoding/xml read files declared as US-ASCII or
// ISO-8859-1/Windows-1252 (as DfE exports may be), besides UTF-8.
func charsetReader(label string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(label) {
	case "utf-8", "utf8", "us-ascii", "ascii":
		return in, nil
	case "utf-16", "utf-16le", "utf-16be", "unicode":
		return in, nil // read as UTF-8 already, after its byte-order mark (a file without one fails before its declaration)
	case "iso-8859-1", "latin1", "latin-1", "windows-1252", "cp1252":
		b, err := io.ReadAll(in)
		if err != nil {
			return nil, err
		}
		return strings.NewReader(latin1ToUTF8(b)), nil
	}
	return nil, fmt.Errorf("unsupported encoding %q", label)
}

// latin1ToUTF8 converts ISO-8859-1 bytes to UTF-8 (Windows-1252's extra
// characters in 0x80–0x9F are rare in these files and pass as control
// characters).
func latin1ToUTF8(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b))
	for _, c := range b {
		sb.WriteRune(rune(c))
	}
	return sb.String()
}

// nextTag finds the next HEADER or EPISODE start tag of data from offset i
// on: its offset (-1 if none) and name.
func nextTag(data []byte, i int) (int, string) {
	for {
		k := bytes.IndexByte(data[i:], '<')
		if k < 0 {
			return -1, ""
		}
		t := i + k
		rest := data[t+1:]
		for _, name := range [...]string{"HEADER", "EPISODE"} {
			if bytes.HasPrefix(rest, []byte(name)) && (len(rest) == len(name) || bytes.IndexByte([]byte(" \t\r\n/>"), rest[len(name)]) >= 0) {
				return t, name
			}
		}
		i = t + 1
	}
}

// xmlText returns the trimmed text of the first element named name in
// data before the text until, or "".
func xmlText(data []byte, name, until string) string {
	if k := bytes.Index(data, []byte(until)); k >= 0 {
		data = data[:k]
	}
	k := bytes.Index(data, []byte("<"+name+">"))
	if k < 0 {
		return ""
	}
	data = data[k+len(name)+2:]
	if k := bytes.IndexByte(data, '<'); k >= 0 {
		data = data[:k]
	}
	return trimSpace(string(data))
}
