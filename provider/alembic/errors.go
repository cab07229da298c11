package alembic

import (
	"fmt"

	"github.com/koanf-alembic/koanf-alembic/internal/pyerr"
)

// Error is the error type of Read and Watch, shared with the rest of the
// module (alembiccfg.Error and ini.Error are the same type): the Python
// exception class Alembic raises in the same situation (Kind), Python's
// message, and the file, line, section and option concerned where known.
// Use errors.As to get at it and errors.Is with the sentinels below; a kind
// also matches its Python base classes (ErrParsing matches a
// MissingSectionHeaderError, ErrInterpolation the three interpolation
// kinds, ErrValue a TOMLDecodeError, ErrOS an IsADirectoryError).
type Error = pyerr.Error

// Kind names the Python exception class of an Error.
type Kind = pyerr.Kind

// Sentinels for errors.Is, one per kind this package returns.
var (
	// alembic.ini
	ErrParsing              = pyerr.ErrParsing
	ErrMissingSectionHeader = pyerr.ErrMissingSectionHeader
	ErrDuplicateSection     = pyerr.ErrDuplicateSection
	ErrDuplicateOption      = pyerr.ErrDuplicateOption
	ErrUnicodeDecode        = pyerr.ErrUnicodeDecode

	// interpolation of ini values (reported, or returned with Opt.Strict)
	ErrInterpolation              = pyerr.ErrInterpolation
	ErrInterpolationMissingOption = pyerr.ErrInterpolationMissingOption
	ErrInterpolationSyntax        = pyerr.ErrInterpolationSyntax
	ErrInterpolationDepth         = pyerr.ErrInterpolationDepth
	ErrLimit                      = pyerr.ErrLimit

	// pyproject.toml, and %-formatting of its strings (KeyError,
	// ValueError, TypeError)
	ErrTOMLDecode = pyerr.ErrTOMLDecode
	ErrAttribute  = pyerr.ErrAttribute
	ErrCommand    = pyerr.ErrCommand
	ErrKey        = pyerr.ErrKey
	ErrValue      = pyerr.ErrValue
	ErrType       = pyerr.ErrType

	// files that cannot be read or watched
	ErrOS           = pyerr.ErrOS
	ErrIsADirectory = pyerr.ErrIsADirectory
)

// CollisionError reports two entries of the tree that koanf would address
// by the same path, so that which one a read returns would depend on Go's
// map order: [a] b.c and [a.b] c both flatten to "a.b.c" with the
// delimiter ".", and an option of an ini section [tool] called "alembic"
// or "alembic.<…>" meets pyproject.toml's [tool.alembic]. Rename one of
// them, or give Opt.Delim the delimiter of your koanf instance if it is
// not ".".
type CollisionError struct {
	// Path is the koanf path both entries take.
	Path string
	// First and Second describe the two entries ("option 'b.c' of section
	// [a] (alembic.ini:3)", "[tool.alembic] of pyproject.toml").
	First, Second string
}

// Error names the path and both entries.
func (e *CollisionError) Error() string {
	return fmt.Sprintf("koanf path %q is both %s and %s", e.Path, e.First, e.Second)
}
