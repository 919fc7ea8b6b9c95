package data

import (
	"sync"
	"sync/atomic"
)

// Code is a code of an episode (an RNE, LS, CIN, PLACE, PLACE_PROVIDER, REC
// or REASON_PLACE_CHANGE value, or a route name) held as a small number, so
// that an Episode holds no string and a million of them are small and
// cost the garbage collector nothing to scan. The zero Code is the blank
// code. Codes are interned for the life of the program: CodeOf gives the
// same Code for the same text, in any goroutine.
type Code uint32

// interned holds the text of every Code given out, in pages that never
// move: a reader loads n, then reads codes below it with no lock.
var interned struct {
	mu    sync.Mutex
	ids   map[string]Code
	pages atomic.Pointer[[]*[codePage]string]
	n     atomic.Uint32 // codes given out, the blank code included
}

const codePage = 1024

// CodeOf returns the Code of a code's text, as it is (codes read from
// returns are trimmed and upper-cased before they get here).
func CodeOf(s string) Code {
	if s == "" {
		return 0
	}
	interned.mu.Lock()
	defer interned.mu.Unlock()
	if c, ok := interned.ids[s]; ok {
		return c
	}
	if interned.ids == nil {
		interned.ids = map[string]Code{}
		interned.pages.Store(&[]*[codePage]string{new([codePage]string)})
		interned.n.Store(1) // the blank code
	}
	c := Code(interned.n.Load())
	pages := *interned.pages.Load()
	if int(c/codePage) == len(pages) {
		grown := append(pages[:len(pages):len(pages)], new([codePage]string))
		interned.pages.Store(&grown)
		pages = grown
	}
	pages[c/codePage][c%codePage] = s
	interned.ids[s] = c
	interned.n.Store(uint32(c) + 1) // publishes the text written above
	return c
}

// String returns the code's text; "" for the blank code (and for a number
// that is no Code given out).
func (c Code) String() string {
	if c == 0 || uint32(c) >= interned.n.Load() {
		return ""
	}
	return (*interned.pages.Load())[c/codePage][c%codePage]
}
