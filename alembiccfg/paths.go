package alembiccfg

import "strings"

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

// absolute joins a relative path to dir, as Path.absolute() does with
// the working directory (no normalisation of "..").
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

// String is as_posix(): "." for the empty relative path.
func (pp purePath) String() string {
	s := pp.root + strings.Join(pp.parts, "/")
	if s == "" {
		return "."
	}
	return s
}

// hereOf returns Alembic 1.19's `here` for a config file name: the parent
// of the file's absolute path, ".." kept, "/" separators; "." without a
// file.
func hereOf(file, dir string) string {
	if file == "" {
		return "."
	}
	return parsePath(file).absolute(dir).parent().String()
}
