// The race detector makes sync.Pool drop buffers at random, on purpose,
// so that what this test measures holds only without it.

//go:build !race

package state

import (
	"context"
	"io/fs"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"time"
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

// openOnly is an fs.FS with nothing but Open, whose files allocate
// nothing: what a read allocates beyond it is the read's own.
type openOnly struct{ data string }

func (o openOnly) Open(string) (fs.File, error) {
	return &stringFile{Reader: strings.NewReader(o.data), size: int64(len(o.data))}, nil
}

type stringFile struct {
	*strings.Reader
	size int64
}

func (f *stringFile) Stat() (fs.FileInfo, error) { return f, nil }
func (f *stringFile) Close() error               { return nil }
func (f *stringFile) Name() string               { return "alembic.ini" }
func (f *stringFile) Size() int64                { return f.size }
func (f *stringFile) Mode() fs.FileMode          { return 0o644 }
func (f *stringFile) ModTime() time.Time         { return time.Time{} }
func (f *stringFile) IsDir() bool                { return false }
func (f *stringFile) Sys() any                   { return nil }

// A read of an alembic.ini of a usual size (from 704 bytes up, where a
// Document's first chunks are allocated with it) makes four allocations of its own: the
// INI (with its Parser, config_args and the file's Origin inside), `here`
// as a config_args value, the Document with its first chunks, and the
// copy of the names and values Detach makes.
func TestReadINIAllocations(t *testing.T) {
	text := "[alembic]\nscript_location = %(here)s/migrations\nsqlalchemy.url = driver://u:p@h/db\n\n" +
		strings.Repeat("# a comment line of forty bytes or so..\n", 40) + "[loggers]\nkeys = root\n"
	var fsys fs.FS = openOnly{text}
	file := func() fs.File { f, _ := fsys.Open(""); return f }
	opened := testing.AllocsPerRun(100, func() { file() })
	read := testing.AllocsPerRun(100, func() {
		if _, err := ReadINI(context.Background(), Files{FS: fsys, File: "alembic.ini", Dir: "/srv"}); err != nil {
			t.Fatal(err)
		}
	})
	if own := read - opened; own != 4 {
		t.Errorf("ReadINI makes %v allocations of its own (%v in all, %v of them opening the file), want 4", own, read, opened)
	}
}
