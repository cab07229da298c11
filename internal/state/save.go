package state

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/internal/pypath"
)

// Stamp is what a file was when it was read for editing: a later save
// refuses to overwrite a file that no longer matches it.
type Stamp struct {
	size   int64
	sum    [sha256.Size]byte
	absent bool // the file did not exist: a save creates it
}

// AbsentStamp is the Stamp of a file that does not exist yet: a save
// creates it (mode 0644), and refuses if it has appeared meanwhile.
var AbsentStamp = Stamp{absent: true}

// ReadForEdit reads the file at path (its symlinks followed) for editing,
// within max bytes, refusing special files as every read does.
func ReadForEdit(ctx context.Context, name, path string, max int64) ([]byte, Stamp, error) {
	data, err := readFile(ctx, name, path, max, nil)
	if err != nil {
		if _, ok := err.(*alembicerr.Error); ok {
			return nil, Stamp{}, err
		}
		return nil, Stamp{}, pypath.OSError(pypath.Posix(name), err)
	}
	return data, StampOf(data), nil
}

// StampOf is the Stamp of a file holding data (after a save).
func StampOf(data []byte) Stamp { return Stamp{size: int64(len(data)), sum: sha256.Sum256(data)} }

// SaveAtomic replaces the file at path (at its target when it is a
// symlink) with text, atomically: a temporary file in the same directory,
// written and synced, given the file's mode bits (and owner, where the
// process may), renamed over it, and the directory synced. An interrupted
// save leaves the original intact. Unless force, a file whose content no
// longer matches stamp is a WriteConflictError and nothing is written.
func SaveAtomic(ctx context.Context, name, path string, text []byte, stamp Stamp, force bool) error {
	if stamp.absent {
		return create(ctx, name, path, text, force)
	}
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return pypath.OSError(pypath.Posix(name), err)
	}
	fi, err := os.Stat(target)
	if err != nil {
		return pypath.OSError(pypath.Posix(name), err)
	}
	if !force {
		now, err := readFile(ctx, name, target, stamp.size+1, nil)
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return err
		}
		if err != nil || int64(len(now)) != stamp.size || sha256.Sum256(now) != stamp.sum {
			return &alembicerr.Error{Kind: alembicerr.WriteConflictError, Source: pypath.Posix(name),
				Message: fmt.Sprintf("%s changed on disk since it was read; nothing written (force to overwrite)", pypath.Posix(name))}
		}
	}
	if err := ctx.Err(); err != nil {
		return stopped(name, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".tmp-*")
	if err != nil {
		return pypath.OSError(pypath.Posix(name), err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := bytes.NewReader(text).WriteTo(tmp); err != nil {
		return pypath.OSError(pypath.Posix(name), err)
	}
	if err := tmp.Chmod(fi.Mode().Perm()); err != nil {
		return pypath.OSError(pypath.Posix(name), err)
	}
	keepOwner(tmp, fi)
	if err := tmp.Sync(); err != nil {
		return pypath.OSError(pypath.Posix(name), err)
	}
	if err := tmp.Close(); err != nil {
		return pypath.OSError(pypath.Posix(name), err)
	}
	if err := ctx.Err(); err != nil {
		return stopped(name, err) // interrupted before the rename: the original stays
	}
	if err := os.Rename(tmp.Name(), target); err != nil {
		return pypath.OSError(pypath.Posix(name), err)
	}
	done = true
	if dir, err := os.Open(filepath.Dir(target)); err == nil {
		dir.Sync() // the rename is durable once the directory is
		dir.Close()
	}
	return nil
}

// create writes a new file at path through a temporary file and a rename
// that refuses to replace a file that appeared meanwhile (unless force).
func create(ctx context.Context, name, path string, text []byte, force bool) error {
	if _, err := os.Lstat(path); err == nil && !force {
		return &alembicerr.Error{Kind: alembicerr.WriteConflictError, Source: pypath.Posix(name),
			Message: fmt.Sprintf("%s appeared on disk since the edit began; nothing written (force to overwrite)", pypath.Posix(name))}
	}
	if err := ctx.Err(); err != nil {
		return stopped(name, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return pypath.OSError(pypath.Posix(name), err)
	}
	defer os.Remove(tmp.Name()) // gone after the rename; cleaned up on failure
	_, err = tmp.Write(text)
	if err == nil {
		err = tmp.Chmod(0o644)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return pypath.OSError(pypath.Posix(name), err)
	}
	if dir, err := os.Open(filepath.Dir(path)); err == nil {
		dir.Sync()
		dir.Close()
	}
	return nil
}
