package state

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
)

// A FIFO, a device and a socket are refused at once, without blocking or
// reading, by every read of the core, whatever RequireFile says.
func TestSpecialFilesRefused(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "alembic.ini")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	link := filepath.Join(dir, "link.ini")
	if err := os.Symlink(fifo, link); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path, what string
	}{
		{fifo, "a FIFO"}, {link, "a FIFO"}, {"/dev/zero", "a character device"}, {"/dev/urandom", "a character device"},
	} {
		for _, require := range []bool{false, true} {
			_, err := ReadINI(context.Background(), Files{File: tc.path, RequireFile: require})
			var e *alembicerr.Error
			if !errors.As(err, &e) || e.Kind != alembicerr.OSError || !strings.Contains(e.Message, tc.what) {
				t.Errorf("ReadINI(%s, RequireFile %v) = %v, want an OSError saying %s", tc.path, require, err, tc.what)
			}
		}
		_, err := ReadTOML(context.Background(), Files{TOMLFile: tc.path})
		if !errors.Is(err, alembicerr.OSError) || !strings.Contains(err.Error(), tc.what) {
			t.Errorf("ReadTOML(%s) = %v, want an OSError saying %s", tc.path, err, tc.what)
		}
	}
}

func TestFileSizeLimit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "alembic.ini")
	text := "[alembic]\nk = " + strings.Repeat("v", 100) + "\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, limit := range []int64{int64(len(text)), int64(len(text) - 1)} {
		ini, err := ReadINI(context.Background(), Files{File: path, MaxFileSize: limit})
		if limit >= int64(len(text)) {
			if err != nil || !ini.Read {
				t.Errorf("limit %d, file %d: %v", limit, len(text), err)
			}
			continue
		}
		if !errors.Is(err, alembicerr.LimitError) || !strings.Contains(err.Error(), "MaxFileSize") {
			t.Errorf("limit %d, file %d: %v, want a LimitError naming the limit", limit, len(text), err)
		}
	}
}

func TestReadStopsWithItsContext(t *testing.T) {
	path := filepath.Join(t.TempDir(), "alembic.ini")
	if err := os.WriteFile(path, []byte("[alembic]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := ReadINI(ctx, Files{File: path})
	if !errors.Is(err, context.Canceled) || !errors.Is(err, alembicerr.OSError) {
		t.Errorf("a cancelled read: %v", err)
	}
}

// growingFile is a file whose Stat reports fewer bytes than it then
// yields, as a file written to while it is read.
type growingFile struct {
	data   string
	stated int64
	off    int
}

func (g *growingFile) Stat() (fs.FileInfo, error) { return growingInfo{g.stated}, nil }
func (g *growingFile) Close() error               { return nil }
func (g *growingFile) Read(p []byte) (int, error) {
	if g.off >= len(g.data) {
		return 0, io.EOF
	}
	n := copy(p, g.data[g.off:])
	g.off += n
	return n, nil
}

type growingInfo struct{ size int64 }

func (i growingInfo) Name() string       { return "alembic.ini" }
func (i growingInfo) Size() int64        { return i.size }
func (i growingInfo) Mode() fs.FileMode  { return 0o644 }
func (i growingInfo) ModTime() time.Time { return time.Time{} }
func (i growingInfo) IsDir() bool        { return false }
func (i growingInfo) Sys() any           { return nil }

// A file that grows while it is read is read whole up to the limit, and
// is a LimitError one byte beyond it, whatever size Stat reported.
func TestFileGrowsWhileRead(t *testing.T) {
	text := strings.Repeat("x", 3*readChunk/2)
	for _, stated := range []int64{0, 1, 100, int64(len(text))} {
		for _, limit := range []int64{int64(len(text)) + 1, int64(len(text)), int64(len(text)) - 1, readChunk, readChunk - 1} {
			if stated > limit {
				continue
			}
			data, err := readOpened(context.Background(), "alembic.ini", "alembic.ini", &growingFile{data: text, stated: stated}, limit, nil)
			if int64(len(text)) <= limit {
				if err != nil || string(data) != text {
					t.Errorf("stated %d, limit %d: %d bytes, %v", stated, limit, len(data), err)
				}
				continue
			}
			if !errors.Is(err, alembicerr.LimitError) {
				t.Errorf("stated %d, limit %d: %v, want a LimitError", stated, limit, err)
			}
		}
	}
}

// A FIFO in an fs.FS on the disk (os.DirFS, os.Root.FS) is refused at
// once too: an ordinary open of a FIFO waits for a writer, so the FS is
// asked what the file is before it is opened. Were the read to block, the
// test opens the FIFO for writing after a while, which releases it.
func TestSpecialFilesInAnFSRefused(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "alembic.ini")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	if err := os.Symlink("alembic.ini", filepath.Join(dir, "link.ini")); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	for _, fsys := range []struct {
		name string
		fs   fs.FS
	}{{"os.DirFS", os.DirFS(dir)}, {"os.Root.FS", root.FS()}} {
		for _, name := range []string{"alembic.ini", "link.ini"} {
			for _, require := range []bool{false, true} {
				err := unlessBlocked(t, fifo, func() error {
					_, err := ReadINI(context.Background(), Files{FS: fsys.fs, File: name, RequireFile: require})
					return err
				})
				var e *alembicerr.Error
				if !errors.As(err, &e) || e.Kind != alembicerr.OSError || !strings.Contains(e.Message, "a FIFO") {
					t.Errorf("ReadINI(%s %s, RequireFile %v) = %v, want an OSError saying a FIFO", fsys.name, name, require, err)
				}
			}
			err := unlessBlocked(t, fifo, func() error {
				_, err := ReadTOML(context.Background(), Files{FS: fsys.fs, TOMLFile: name})
				return err
			})
			if !errors.Is(err, alembicerr.OSError) || !strings.Contains(err.Error(), "a FIFO") {
				t.Errorf("ReadTOML(%s %s) = %v, want an OSError saying a FIFO", fsys.name, name, err)
			}
		}
	}
}

// unlessBlocked runs read and returns its error. If read has not returned
// after a few seconds it is blocked on the FIFO at fifo: unlessBlocked
// releases it by opening the FIFO for writing, and fails the test.
func unlessBlocked(t *testing.T, fifo string, read func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- read() }()
	select {
	case err := <-done:
		return err
	case <-time.After(5 * time.Second):
		t.Errorf("blocked on %s", fifo)
		w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		w.Close()
		return <-done
	}
}
