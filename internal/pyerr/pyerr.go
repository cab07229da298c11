// Package pyerr defines the one error type of the engine: a Python
// exception class name (Kind) together with where the problem is.
//
// The Kind names are Python's exception classes, so that results can be
// compared with what Alembic on CPython raises; Message holds Python's
// str(exception) text for that comparison, while Error() reads well for a
// person. errors.Is works against the sentinels of this package (a kind
// matches its Python base classes too: every ParsingError sentinel matches a
// MissingSectionHeaderError), errors.As against *Error.
package pyerr

import (
	"fmt"
	"strconv"
)

// Kind names the Python exception class an error corresponds to.
type Kind string

// The kinds Alembic's Config and CPython's configparser raise, their Python
// base classes, and the project's own.
const (
	ConfigParserError               Kind = "Error" // configparser.Error, base of the configparser kinds
	ParsingError                    Kind = "ParsingError"
	MissingSectionHeaderError       Kind = "MissingSectionHeaderError"
	DuplicateSectionError           Kind = "DuplicateSectionError"
	DuplicateOptionError            Kind = "DuplicateOptionError"
	NoSectionError                  Kind = "NoSectionError"
	InterpolationError              Kind = "InterpolationError"
	InterpolationMissingOptionError Kind = "InterpolationMissingOptionError"
	InterpolationSyntaxError        Kind = "InterpolationSyntaxError"
	InterpolationDepthError         Kind = "InterpolationDepthError"
	CommandError                    Kind = "CommandError"
	ValueError                      Kind = "ValueError"
	TypeError                       Kind = "TypeError"
	KeyError                        Kind = "KeyError"
	AttributeError                  Kind = "AttributeError"
	NoOptionError                   Kind = "NoOptionError"
	TOMLDecodeError                 Kind = "TOMLDecodeError"
	UnicodeDecodeError              Kind = "UnicodeDecodeError"
	OSError                         Kind = "OSError"
	IsADirectoryError               Kind = "IsADirectoryError"
	OverflowError                   Kind = "OverflowError"

	// LimitError is the project's own: a configured limit (the size of one
	// interpolated value) was exceeded. CPython has no such limit.
	LimitError Kind = "LimitError"
	// AmbiguousNameError is the project's own: an environment variable name
	// matches more than one option.
	AmbiguousNameError Kind = "AmbiguousNameError"
)

// parents maps a kind to its Python base class, as far as it matters here.
var parents = map[Kind]Kind{
	ParsingError:                    ConfigParserError,
	MissingSectionHeaderError:       ParsingError,
	DuplicateSectionError:           ConfigParserError,
	DuplicateOptionError:            ConfigParserError,
	NoSectionError:                  ConfigParserError,
	NoOptionError:                   ConfigParserError,
	InterpolationError:              ConfigParserError,
	InterpolationMissingOptionError: InterpolationError,
	InterpolationSyntaxError:        InterpolationError,
	InterpolationDepthError:         InterpolationError,
	TOMLDecodeError:                 ValueError,
	UnicodeDecodeError:              ValueError,
	IsADirectoryError:               OSError,
}

// IsA reports whether k is kind or a subclass of it.
func (k Kind) IsA(kind Kind) bool {
	for ; k != ""; k = parents[k] {
		if k == kind {
			return true
		}
	}
	return false
}

// Error is a configuration error: what Python would raise, and where.
type Error struct {
	Kind    Kind
	Source  string // file name, "<dict>", or the name of another input; "" when none
	Line    int    // 1-based line in Source; 0 when unknown
	Section string // section concerned, when there is one
	Option  string // option concerned, when there is one
	// Detail says what is wrong, without the location, for people.
	Detail string
	// Message is Python's str(exception), for comparisons with Alembic.
	Message string
	// Err is the underlying cause, if any (an *os.PathError, ...).
	Err error
}

// Error returns "source:line: detail (Kind)", leaving out what is unknown.
func (e *Error) Error() string {
	detail := e.Detail
	if detail == "" {
		detail = e.Message
	}
	loc := ""
	switch {
	case e.Source != "" && e.Line > 0:
		loc = e.Source + ":" + strconv.Itoa(e.Line) + ": "
	case e.Source != "":
		loc = e.Source + ": "
	}
	return fmt.Sprintf("%s%s (%s)", loc, detail, e.Kind)
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is a sentinel (an *Error with only a Kind)
// whose kind is e's kind or one of its Python base classes.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	if !ok || t.Message != "" || t.Detail != "" || t.Source != "" {
		return false
	}
	return e.Kind.IsA(t.Kind)
}

// New returns an error of kind with Python's message; the detail for
// people is the same text.
func New(kind Kind, message string) *Error {
	return &Error{Kind: kind, Message: message}
}

// Sentinels for errors.Is, one per kind.
var (
	ErrConfigParser               = &Error{Kind: ConfigParserError}
	ErrParsing                    = &Error{Kind: ParsingError}
	ErrMissingSectionHeader       = &Error{Kind: MissingSectionHeaderError}
	ErrDuplicateSection           = &Error{Kind: DuplicateSectionError}
	ErrDuplicateOption            = &Error{Kind: DuplicateOptionError}
	ErrNoSection                  = &Error{Kind: NoSectionError}
	ErrNoOption                   = &Error{Kind: NoOptionError}
	ErrInterpolation              = &Error{Kind: InterpolationError}
	ErrInterpolationMissingOption = &Error{Kind: InterpolationMissingOptionError}
	ErrInterpolationSyntax        = &Error{Kind: InterpolationSyntaxError}
	ErrInterpolationDepth         = &Error{Kind: InterpolationDepthError}
	ErrCommand                    = &Error{Kind: CommandError}
	ErrValue                      = &Error{Kind: ValueError}
	ErrType                       = &Error{Kind: TypeError}
	ErrKey                        = &Error{Kind: KeyError}
	ErrAttribute                  = &Error{Kind: AttributeError}
	ErrTOMLDecode                 = &Error{Kind: TOMLDecodeError}
	ErrUnicodeDecode              = &Error{Kind: UnicodeDecodeError}
	ErrOS                         = &Error{Kind: OSError}
	ErrIsADirectory               = &Error{Kind: IsADirectoryError}
	ErrOverflow                   = &Error{Kind: OverflowError}
	ErrLimit                      = &Error{Kind: LimitError}
	ErrAmbiguousName              = &Error{Kind: AmbiguousNameError}
)
