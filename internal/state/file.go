package state

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"syscall"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/internal/pypath"
)

// DefaultMaxFileSize is the default limit on the size of a file read: 256
// MiB, beyond any real configuration file.
const DefaultMaxFileSize = 256 << 20

// readChunk is how much readFile reads between looks at its context.
const readChunk = 1 << 20

// errSpecial marks a refusal of a file that is not a regular file.
var errSpecial = errors.New("not a regular file")

// readFile reads the file at path (name is how errors cite it) once,
// without blocking on it and within max bytes: it opens without waiting
// (a FIFO would block an ordinary open until a writer came), checks what
// the opened file is after symlinks, and refuses a FIFO, a device or a
// socket at once, before reading a byte, with an OSError naming the path
// and what it is. A directory gives an *fs.PathError wrapping EISDIR, as
// reading one does; an open that fails gives its error: the callers decide
// which of these Alembic reads as an empty file. A file larger than max is
// a LimitError. ctx is looked at between chunks.
func readFile(ctx context.Context, name, path string, max int64, buf *scratch) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, stopped(name, err)
	}
	f, err := openNonBlocking(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readOpened(ctx, name, path, f, max, buf)
}

// readFS is readFile for a file of an fs.FS (an embed.FS, an in-memory
// file, a directory on the disk): the same checks and limits, after
// fsys.Open. An FS on the disk (os.DirFS, os.Root.FS) opens a FIFO as
// os.Open does, which waits for a writer: an FS that can Stat (these can)
// is asked what the file is first, and a FIFO, a device or a socket is
// refused without being opened. One swapped in between the two is still
// opened; the check after the open refuses it once the open returns.
func readFS(ctx context.Context, fsys fs.FS, name string, max int64, buf *scratch) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, stopped(name, err)
	}
	if sfs, ok := fsys.(fs.StatFS); ok {
		fi, err := sfs.Stat(name)
		if err != nil {
			return nil, err
		}
		if err := regular(name, name, fi, limit(max)); err != nil {
			return nil, err
		}
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readOpened(ctx, name, name, f, max, buf)
}

// readOpened checks what an opened file is and reads it within max bytes,
// into a buffer buf lends when the file is small enough (buf may be nil),
// else into a new slice.
func readOpened(ctx context.Context, name, path string, f fs.File, max int64, buf *scratch) ([]byte, error) {
	max = limit(max)
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if err := regular(name, path, fi, max); err != nil {
		return nil, err
	}
	// One byte more than the size, as os.ReadFile: the read that finds
	// the end needs room for a byte.
	data := buf.take(fi.Size())
	if data == nil {
		data = make([]byte, 0, fi.Size()+1)
	}
	for {
		if err := ctx.Err(); err != nil {
			return nil, stopped(name, err)
		}
		if len(data) == cap(data) {
			data = slices.Grow(data, readChunk)
		}
		// Never more than max+1 bytes in all: one beyond the limit tells.
		end := min(cap(data), len(data)+readChunk)
		if int64(end) > max+1 {
			end = int(max + 1)
		}
		n, err := f.Read(data[len(data):end])
		data = data[:len(data)+n]
		if int64(len(data)) > max {
			return nil, tooLarge(name, max) // it grew while being read
		}
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// limit is the limit on a file's size that MaxFileSize max sets.
func limit(max int64) int64 {
	if max <= 0 {
		return DefaultMaxFileSize
	}
	return max
}

// regular refuses what a read of the file fi describes must not read: a
// directory (an *fs.PathError wrapping EISDIR, as reading one gives), a
// FIFO, a device or a socket (an OSError naming it), a file larger than
// max (a LimitError). max is above 0.
func regular(name, path string, fi fs.FileInfo, max int64) error {
	mode := fi.Mode()
	switch {
	case mode.IsDir():
		return &fs.PathError{Op: "read", Path: path, Err: syscall.EISDIR}
	case !mode.IsRegular():
		what := fileKind(mode) + ", not a regular file: refused without reading it"
		return &alembicerr.Error{Kind: alembicerr.OSError, Source: pypath.Posix(name), Err: errSpecial,
			Detail: "is " + what, Message: pypath.Posix(name) + " is " + what}
	case fi.Size() > max:
		return tooLarge(name, max)
	}
	return nil
}

// stopped is the error of a read its context ended: an OSError wrapping
// the context's error, so errors.Is(err, context.Canceled) holds.
func stopped(name string, err error) error {
	return &alembicerr.Error{Kind: alembicerr.OSError, Source: pypath.Posix(name), Err: err,
		Detail: "not read: " + err.Error(), Message: "reading " + pypath.Posix(name) + ": " + err.Error()}
}

func tooLarge(name string, max int64) error {
	what := fmt.Sprintf("larger than the limit of %d bytes (MaxFileSize; the CLI's --max-file-size)", max)
	return &alembicerr.Error{Kind: alembicerr.LimitError, Source: pypath.Posix(name),
		Detail: "is " + what, Message: pypath.Posix(name) + " is " + what}
}

// fileKind names what a file that is not regular is.
func fileKind(mode fs.FileMode) string {
	switch {
	case mode&fs.ModeNamedPipe != 0:
		return "a FIFO (named pipe)"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	case mode&fs.ModeCharDevice != 0:
		return "a character device"
	case mode&fs.ModeDevice != 0:
		return "a device"
	}
	return "not a regular file (mode " + mode.String() + ")"
}
