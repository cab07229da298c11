package alembiccfg

import "github.com/koanf-alembic/koanf-alembic/internal/pyerr"

// Error is the error type of every operation: the Python exception class
// Alembic raises in the same situation (Kind), Python's message, and the
// file, line, section and option concerned where known. Use errors.As to
// get at it and errors.Is with the sentinels below to test its kind (a kind
// also matches its Python base classes: ErrParsing matches a
// MissingSectionHeaderError, ErrInterpolation all three interpolation
// errors).
type Error = pyerr.Error

// Kind names the Python exception class of an Error.
type Kind = pyerr.Kind

// Sentinels for errors.Is.
var (
	ErrConfigParser               = pyerr.ErrConfigParser
	ErrParsing                    = pyerr.ErrParsing
	ErrMissingSectionHeader       = pyerr.ErrMissingSectionHeader
	ErrDuplicateSection           = pyerr.ErrDuplicateSection
	ErrDuplicateOption            = pyerr.ErrDuplicateOption
	ErrNoSection                  = pyerr.ErrNoSection
	ErrInterpolation              = pyerr.ErrInterpolation
	ErrInterpolationMissingOption = pyerr.ErrInterpolationMissingOption
	ErrInterpolationSyntax        = pyerr.ErrInterpolationSyntax
	ErrInterpolationDepth         = pyerr.ErrInterpolationDepth
	ErrCommand                    = pyerr.ErrCommand
	ErrValue                      = pyerr.ErrValue
	ErrType                       = pyerr.ErrType
	ErrKey                        = pyerr.ErrKey
	ErrAttribute                  = pyerr.ErrAttribute
	ErrTOMLDecode                 = pyerr.ErrTOMLDecode
	ErrUnicodeDecode              = pyerr.ErrUnicodeDecode
	ErrIsADirectory               = pyerr.ErrIsADirectory
	ErrLimit                      = pyerr.ErrLimit
	ErrAmbiguousName              = pyerr.ErrAmbiguousName
	ErrOverflow                   = pyerr.ErrOverflow
)
