package data

import (
	"bufio"
	"io"
	"unicode/utf16"
	"unicode/utf8"
)

// UTF-16 files: Excel's "Unicode text" and some exports write UTF-16 with
// a byte-order mark. They are read as UTF-8, decoded on the way in.

// utf16BOM reports whether br starts with a UTF-16 byte-order mark, and
// whether it is big-endian; it does not consume it.
func utf16BOM(br *bufio.Reader) (found, big bool) {
	b, _ := br.Peek(2)
	switch {
	case len(b) == 2 && b[0] == 0xFF && b[1] == 0xFE:
		return true, false
	case len(b) == 2 && b[0] == 0xFE && b[1] == 0xFF:
		return true, true
	}
	return false, false
}

// utf16Reader decodes UTF-16 (after its byte-order mark) into UTF-8. An
// unpaired surrogate, or an odd last byte, becomes U+FFFD, as invalid
// UTF-8 does in Go strings.
type utf16Reader struct {
	r       *bufio.Reader
	big     bool
	out     []byte // decoded, not yet returned
	pending rune   // a unit read ahead that did not pair with a surrogate, or -1
	err     error
}

func newUTF16Reader(r *bufio.Reader, big bool) *utf16Reader {
	return &utf16Reader{r: r, big: big, pending: -1, out: make([]byte, 0, 4096)}
}

func (u *utf16Reader) Read(p []byte) (int, error) {
	for len(u.out) == 0 && u.err == nil {
		u.fill()
	}
	n := copy(p, u.out)
	u.out = u.out[n:]
	if n == 0 {
		return 0, u.err
	}
	return n, nil
}

// fill decodes up to about 4 KB.
func (u *utf16Reader) fill() {
	u.out = u.out[:0]
	for len(u.out) < cap(u.out)-utf8.UTFMax {
		r, err := u.unit()
		if err != nil {
			u.err = err
			return
		}
		if utf16.IsSurrogate(r) {
			r2, err := u.unit()
			if d := utf16.DecodeRune(r, r2); err == nil && d != utf8.RuneError {
				r = d
			} else {
				r, u.pending = utf8.RuneError, r2 // r2 is read again on its own
				if err != nil {
					u.pending = -1
				}
			}
		}
		u.out = utf8.AppendRune(u.out, r)
	}
}

// unit reads one UTF-16 code unit.
func (u *utf16Reader) unit() (rune, error) {
	if u.pending >= 0 {
		r := u.pending
		u.pending = -1
		return r, nil
	}
	var b [2]byte
	n, err := io.ReadFull(u.r, b[:])
	switch {
	case n == 1:
		return utf8.RuneError, nil // an odd last byte; the next read ends
	case err != nil:
		return 0, err
	case u.big:
		return rune(b[0])<<8 | rune(b[1]), nil
	}
	return rune(b[1])<<8 | rune(b[0]), nil
}
