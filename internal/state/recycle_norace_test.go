// The race detector makes sync.Pool drop buffers at random, on purpose,
// so that what this test measures holds only without it.

//go:build !race

package state

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
)

// Reading a small file again and again allocates far less than the file
// each time: its buffer is reused (what TestReadINIKeepsNothingOfItsBuffer
// and TestReadINIParallelReadsKeepTheirOwn guard) and only its names and
// values are copied out; a larger file's
// buffer is not reused. The files are Alembic's template's shape: mostly
// comments.
func TestReadINIReusesSmallBuffers(t *testing.T) {
	for _, tc := range []struct {
		size  int
		reuse bool
	}{{16 << 10, true}, {2 * recycledRead, false}} {
		text := "[alembic]\nscript_location = migrations\n"
		text += strings.Repeat("# a comment line of forty bytes or so..\n", (tc.size-len(text))/40)
		fsys := fstest.MapFS{"a.ini": {Data: []byte(text)}}
		read := func() {
			if _, err := ReadINI(context.Background(), Files{FS: fsys, File: "a.ini"}); err != nil {
				t.Fatal(err)
			}
		}
		read()
		const n = 50
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for range n {
			read()
		}
		runtime.ReadMemStats(&after)
		perRead := int(after.TotalAlloc-before.TotalAlloc) / n
		if reused := perRead < tc.size/2; reused != tc.reuse {
			t.Errorf("a %d-byte file: %d bytes allocated per read; reused = %v, want %v", tc.size, perRead, reused, tc.reuse)
		}
	}
}
