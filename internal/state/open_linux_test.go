//go:build linux

package state

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// The raw file Linux reads through answers Stat and Read as an *os.File
// does: the same mode bits (what the refusal of special files rests on),
// size, name and modification time, the same errors.
func TestRawFileMatchesOS(t *testing.T) {
	dir := t.TempDir()
	reg := filepath.Join(dir, "alembic.ini")
	if err := os.WriteFile(reg, []byte("[alembic]\nk = v\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.ini")
	if err := os.Symlink(reg, link); err != nil {
		t.Fatal(err)
	}
	sticky := filepath.Join(dir, "sticky")
	if err := os.Mkdir(sticky, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(sticky, 0o755|fs.ModeSticky|fs.ModeSetgid); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{reg, fifo, link, sticky, dir, "/dev/null"} {
		f, err := openNonBlocking(path)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		got, err := f.Stat()
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got.Mode() != want.Mode() || got.Size() != want.Size() || got.Name() != want.Name() ||
			!got.ModTime().Equal(want.ModTime()) || got.IsDir() != want.IsDir() {
			t.Errorf("%s: raw %v %d %q %v; os %v %d %q %v", path, got.Mode(), got.Size(), got.Name(), got.ModTime(),
				want.Mode(), want.Size(), want.Name(), want.ModTime())
		}
		if _, ok := got.Sys().(*syscall.Stat_t); !ok {
			t.Errorf("%s: Sys() is %T", path, got.Sys())
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}

	f, err := openNonBlocking(reg)
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(f)
	if err != nil || string(data) != "[alembic]\nk = v\n" {
		t.Fatalf("ReadAll = %q, %v", data, err)
	}
	if n, err := f.Read(make([]byte, 8)); n != 0 || err != io.EOF {
		t.Fatalf("Read at the end = %d, %v", n, err)
	}
	f.Close()

	_, rawErr := openNonBlocking(filepath.Join(dir, "missing.ini"))
	_, osErr := os.Open(filepath.Join(dir, "missing.ini"))
	if rawErr == nil || rawErr.Error() != osErr.Error() || !errors.Is(rawErr, fs.ErrNotExist) {
		t.Fatalf("missing file: %v; os: %v", rawErr, osErr)
	}
	d, err := openNonBlocking(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	_, rawErr = d.Read(make([]byte, 8))
	od, _ := os.Open(dir)
	defer od.Close()
	_, osErr = od.Read(make([]byte, 8))
	if rawErr == nil || rawErr.Error() != osErr.Error() || !errors.Is(rawErr, syscall.EISDIR) {
		t.Fatalf("reading a directory: %v; os: %v", rawErr, osErr)
	}
}
