package state

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
)

// iniOfSize is an alembic.ini of exactly size bytes (size >= 64) whose
// values are made of fill.
func iniOfSize(size int, fill byte) string {
	head := "[alembic]\nscript_location = migrations\nKey = " + strings.Repeat(string(fill), 8) + "\nlong = "
	return head + strings.Repeat(string(fill), size-len(head)-1) + "\n"
}

// dump is every option of an INI's sections, raw.
func dump(t *testing.T, ini *INI) string {
	t.Helper()
	var b strings.Builder
	for _, s := range ini.Parser.Sections() {
		names, err := ini.Parser.Options(s)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			v, _, err := ini.Parser.RawGet(s, n)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "[%s] %s = %q\n", s, n, v)
		}
	}
	return b.String()
}

// ReadINI reads small files into buffers it reuses: what one read
// returns must hold nothing of that memory, whatever reads come after,
// on each side of the size up to which buffers are reused, from an
// fs.FS and from disk.
func TestReadINIKeepsNothingOfItsBuffer(t *testing.T) {
	dir := t.TempDir()
	for _, size := range []int{64, 4510, recycledRead - 2, recycledRead - 1, recycledRead, 2 * recycledRead} {
		first, later := iniOfSize(size, 'a'), iniOfSize(size, 'b')
		fsys := fstest.MapFS{"first.ini": {Data: []byte(first)}, "later.ini": {Data: []byte(later)}}
		for _, onDisk := range []bool{false, true} {
			files := Files{FS: fsys, File: "first.ini"}
			if onDisk {
				files = Files{Dir: dir, File: writeFile(t, dir, "first.ini", first)}
				writeFile(t, dir, "later.ini", later)
			}
			ini, err := ReadINI(context.Background(), files)
			if err != nil {
				t.Fatal(err)
			}
			want := dump(t, ini)
			if !strings.Contains(want, strings.Repeat("a", 8)) {
				t.Fatalf("size %d: read %q", size, want)
			}
			files.File = "later.ini"
			for range 20 {
				if _, err := ReadINI(context.Background(), files); err != nil {
					t.Fatal(err)
				}
			}
			if got := dump(t, ini); got != want {
				t.Errorf("size %d, on disk %v: after later reads the first reads\n%.300s\nwant\n%.300s", size, onDisk, got, want)
			}
		}
	}
}

// A parse error may quote the text (its section and option names do):
// it stays whole whatever reads come after.
func TestReadINIErrorKeepsItsText(t *testing.T) {
	fsys := fstest.MapFS{
		"dup.ini":   {Data: []byte("[alembic]\nk = v\n[twice]\n[twice]\n")},
		"later.ini": {Data: []byte("[alembic]\nk = w\n[other]\n[xxxxx]\nzzzzzzzzzzzzzzzzzz = 1\n")},
	}
	_, err := ReadINI(context.Background(), Files{FS: fsys, File: "dup.ini"})
	var e *alembicerr.Error
	if !errors.As(err, &e) || e.Kind != alembicerr.DuplicateSectionError {
		t.Fatalf("err = %v, want a DuplicateSectionError", err)
	}
	section, msg := strings.Clone(e.Section), strings.Clone(e.Error())
	for range 20 {
		if _, err := ReadINI(context.Background(), Files{FS: fsys, File: "later.ini"}); err != nil {
			t.Fatal(err)
		}
	}
	if e.Section != section || e.Error() != msg || section != "twice" {
		t.Errorf("after later reads: section %q, %q; want %q, %q", e.Section, e.Error(), section, msg)
	}
}

// writeFile writes text to name in dir and returns name.
func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

// A read lends a buffer only once the size shows the file fits in one
// with the byte that finds the end: a larger file takes none (nor does a
// read without a scratch), so it costs no buffer it cannot use.
func TestScratchTakesOnlyWhatFits(t *testing.T) {
	for _, tc := range []struct {
		size int64
		lend bool
	}{{0, true}, {4510, true}, {recycledRead - 1, true}, {recycledRead, false}, {1 << 30, false}} {
		var s scratch
		buf := s.take(tc.size)
		if lent := buf != nil; lent != tc.lend || (s.lent != nil) != tc.lend {
			t.Errorf("take(%d) lent %v, want %v", tc.size, lent, tc.lend)
		}
		if buf != nil && (len(buf) != 0 || int64(cap(buf)) <= tc.size || !s.holds(buf[:1])) {
			t.Errorf("take(%d) = len %d, cap %d", tc.size, len(buf), cap(buf))
		}
		s.release()
		if s.lent != nil || s.holds(buf) {
			t.Errorf("take(%d): still lent after release", tc.size)
		}
	}
	var none *scratch
	if none.take(10) != nil {
		t.Error("a nil scratch lent a buffer")
	}
}

// Reads in parallel each get a buffer of their own: every INI read, kept
// while the others read on, holds its own file's values.
func TestReadINIParallelReadsKeepTheirOwn(t *testing.T) {
	const readers, reads = 8, 50
	fsys := fstest.MapFS{}
	for r := range readers {
		fsys[fmt.Sprintf("%d.ini", r)] = &fstest.MapFile{Data: []byte(iniOfSize(300+r*97, byte('a'+r)))}
	}
	want := make([]string, readers)
	for r := range readers {
		ini, err := ReadINI(context.Background(), Files{FS: fsys, File: fmt.Sprintf("%d.ini", r)})
		if err != nil {
			t.Fatal(err)
		}
		want[r] = dump(t, ini)
	}
	var wg sync.WaitGroup
	kept := make([][]*INI, readers)
	for r := range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range reads {
				ini, err := ReadINI(context.Background(), Files{FS: fsys, File: fmt.Sprintf("%d.ini", r)})
				if err != nil {
					t.Error(err)
					return
				}
				kept[r] = append(kept[r], ini)
			}
		}()
	}
	wg.Wait()
	for r, inis := range kept {
		for i, ini := range inis {
			if got := dump(t, ini); got != want[r] {
				t.Fatalf("reader %d, read %d: %.200s\nwant %.200s", r, i, got, want[r])
			}
		}
	}
}
