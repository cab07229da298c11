// Package pypath does what Alembic does with file names through Python's
// pathlib and os: the `here` directory, the text of a path, and OSError
// messages.
package pypath

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/pyvalue"
)

// purePath is the part of Python's pathlib.PurePosixPath that Alembic's
// `here` depends on: a root and the path's parts, with "" and "."
// components dropped and ".." kept.
type purePath struct {
	root  string // "", "/" or "//"
	parts []string
}

func parsePath(p string) purePath {
	var pp purePath
	switch {
	case strings.HasPrefix(p, "//") && !strings.HasPrefix(p, "///"):
		pp.root = "//"
	case strings.HasPrefix(p, "/"):
		pp.root = "/"
	}
	for _, part := range strings.Split(p, "/") {
		if part != "" && part != "." {
			pp.parts = append(pp.parts, part)
		}
	}
	return pp
}

// absolute joins a relative path to dir, as Path.absolute() does with the
// working directory (no normalisation of "..").
func (pp purePath) absolute(dir string) purePath {
	if pp.root != "" {
		return pp
	}
	base := parsePath(dir)
	base.parts = append(base.parts, pp.parts...)
	return base
}

func (pp purePath) parent() purePath {
	if len(pp.parts) == 0 {
		return pp
	}
	return purePath{root: pp.root, parts: pp.parts[:len(pp.parts)-1]}
}

// Posix returns str() of pathlib.PurePosixPath(p): "" and "." parts
// dropped, ".." kept; "." for the empty path.
func Posix(p string) string { return parsePath(p).String() }

// String is as_posix(): "." for the empty relative path.
func (pp purePath) String() string {
	s := pp.root + strings.Join(pp.parts, "/")
	if s == "" {
		return "."
	}
	return s
}

// Here returns Alembic 1.19's `here` for a file name: the parent of the
// file's absolute path, ".." kept, "/" separators; "." without a file.
func Here(file, dir string) string {
	if file == "" {
		return "."
	}
	// The usual case needs no splitting: a clean relative name in a clean
	// absolute directory, or a clean absolute name.
	if plain(file) {
		if strings.HasPrefix(file, "/") {
			if i := strings.LastIndexByte(file, '/'); i > 0 {
				return file[:i]
			}
		} else if plain(dir) && strings.HasPrefix(dir, "/") && !strings.HasPrefix(dir, "//") {
			if i := strings.LastIndexByte(file, '/'); i >= 0 {
				return strings.TrimSuffix(dir, "/") + "/" + file[:i]
			}
			return dir
		}
	}
	return parsePath(file).absolute(dir).parent().String()
}

// Resolve returns the path a file name is opened at: relative names are
// joined to dir.
func Resolve(name, dir string) string {
	if filepath.IsAbs(name) {
		return name
	}
	return filepath.Join(dir, name)
}

// WorkDir is dir, else the process's working directory now, as Python's
// os.getcwd() gives it.
func WorkDir(dir string) (string, error) {
	if dir != "" {
		return dir, nil
	}
	wd, err := getwd()
	if err != nil {
		return "", &alembicerr.Error{Kind: alembicerr.OSError, Message: err.Error(), Err: err}
	}
	return wd, nil
}

// OSError renders a failed open or stat as Python's OSError subclasses
// do: "[Errno 21] Is a directory: 'name'".
func OSError(name string, err error) error {
	kind, errno := alembicerr.OSError, 0
	var en syscall.Errno
	switch {
	case errors.As(err, &en) && en == syscall.EISDIR:
		kind, errno = alembicerr.IsADirectoryError, 21
	case errors.Is(err, fs.ErrNotExist):
		errno = 2
	case errors.Is(err, fs.ErrPermission):
		errno = 13
	case errors.As(err, &en):
		errno = int(en)
	}
	msg := err.Error()
	if errno != 0 {
		msg = fmt.Sprintf("[Errno %d] %s: %s", errno, syscallText(errno, err), pyvalue.ReprString(name))
	}
	return &alembicerr.Error{Kind: kind, Source: name, Message: msg, Err: err}
}

func syscallText(errno int, err error) string {
	switch errno {
	case 2:
		return "No such file or directory"
	case 13:
		return "Permission denied"
	case 21:
		return "Is a directory"
	}
	var en syscall.Errno
	if errors.As(err, &en) {
		return en.Error()
	}
	return err.Error()
}

// plain reports whether pathlib keeps p as it is: no empty or "." parts,
// no trailing slash.
func plain(p string) bool {
	if p == "" || p == "." || p == "/" || strings.HasSuffix(p, "/") || strings.HasPrefix(p, "./") {
		return false
	}
	return !strings.Contains(p, "//") && !strings.Contains(p, "/./") && !strings.HasSuffix(p, "/.")
}
