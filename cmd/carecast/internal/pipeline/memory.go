package pipeline

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
)

// minMemoryLimit is the least heap the garbage collector is asked to keep
// within when returns are read: a council's returns need a few tens of MB.
const minMemoryLimit = 192 << 20

// memoryLimit is the heap a read of input bytes of returns is asked to
// stay within: three times the input, at least minMemoryLimit. Reading
// holds about twice the input at its peak (measured on a million episode
// rows, 70 MB: about 150 MB live), so the garbage collector, which would
// otherwise let the heap grow to twice what is live, collects a little
// sooner and keeps the peak near the limit: 213 MB rather than 270–340 MB
// for those rows, in the same time. Where more is live than the limit, the
// collector works harder but never takes more than half the CPU.
func memoryLimit(input int64) int64 {
	return max(minMemoryLimit, 3*input)
}

// limitMemory sets the soft memory limit for reading the returns in dir,
// unless GOMEMLIMIT is set (the user's word wins).
func limitMemory(dir string) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(memoryLimit(inputSize(dir)))
}

// inputSize is the bytes of the files under dir.
func inputSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}
