// Package alembicerr is the one error family of koanf-alembic: every error
// that alembiccfg, provider/alembic, parser/ini and the CLI return is an
// *Error or wraps one.
//
// An Error carries the Python exception class Alembic raises in the same
// situation (Kind), Python's message, and the file, line, section and
// option concerned where known:
//
//	var e *alembicerr.Error
//	if errors.As(err, &e) && e.Kind == alembicerr.DuplicateOptionError {
//		log.Printf("%s line %d: option %q repeated", e.Source, e.Line, e.Option)
//	}
//
// Every Kind is also a sentinel for errors.Is, and a kind matches its
// Python base classes: errors.Is(err, alembicerr.ParsingError) holds for a
// MissingSectionHeaderError, errors.Is(err, alembicerr.InterpolationError)
// for the three interpolation kinds, errors.Is(err, alembicerr.ValueError)
// for a TOMLDecodeError. Kinds are constants, so no caller can change what
// a sentinel means.
package alembicerr

import (
	"errors"
	"strconv"
	"strings"
)

// Kind names the Python exception class an error corresponds to, or one
// of the project's own kinds. A Kind is itself an error, the sentinel that
// errors.Is matches against an *Error of that kind or of a subclass.
type Kind string

// Error returns the kind's name, so that a Kind can serve as a sentinel.
func (k Kind) Error() string { return string(k) }

// The kinds Alembic's Config and CPython's configparser raise, their
// Python base classes, and the project's own.
const (
	ConfigParserError               Kind = "Error" // configparser.Error, base of the configparser kinds
	ParsingError                    Kind = "ParsingError"
	MissingSectionHeaderError       Kind = "MissingSectionHeaderError"
	DuplicateSectionError           Kind = "DuplicateSectionError"
	DuplicateOptionError            Kind = "DuplicateOptionError"
	NoSectionError                  Kind = "NoSectionError"
	NoOptionError                   Kind = "NoOptionError"
	InterpolationError              Kind = "InterpolationError"
	InterpolationMissingOptionError Kind = "InterpolationMissingOptionError"
	InterpolationSyntaxError        Kind = "InterpolationSyntaxError"
	InterpolationDepthError         Kind = "InterpolationDepthError"
	CommandError                    Kind = "CommandError"
	ValueError                      Kind = "ValueError"
	TypeError                       Kind = "TypeError"
	KeyError                        Kind = "KeyError"
	AttributeError                  Kind = "AttributeError"
	TOMLDecodeError                 Kind = "TOMLDecodeError"
	UnicodeDecodeError              Kind = "UnicodeDecodeError"
	OSError                         Kind = "OSError"
	IsADirectoryError               Kind = "IsADirectoryError"
	OverflowError                   Kind = "OverflowError"

	// LimitError: a configured limit (the size of one interpolated value)
	// was exceeded. CPython has no such limit.
	LimitError Kind = "LimitError"
	// AmbiguousNameError: an environment variable name matches more than
	// one option.
	AmbiguousNameError Kind = "AmbiguousNameError"
	// CollisionError: two entries of a koanf tree take the same
	// delimiter-joined path ([a] b.c and [a.b] c), so which one koanf
	// returns would depend on map order.
	CollisionError Kind = "CollisionError"
	// WatchError: a file could not be watched.
	WatchError Kind = "WatchError"
	// WriteConflictError: the file changed on disk since it was read for
	// editing, so saving would lose that change.
	WriteConflictError Kind = "WriteConflictError"
)

// Sentinels under the names Go code tends to look for; each is its Kind.
const (
	ErrConfigParser               = ConfigParserError
	ErrParsing                    = ParsingError
	ErrMissingSectionHeader       = MissingSectionHeaderError
	ErrDuplicateSection           = DuplicateSectionError
	ErrDuplicateOption            = DuplicateOptionError
	ErrNoSection                  = NoSectionError
	ErrNoOption                   = NoOptionError
	ErrInterpolation              = InterpolationError
	ErrInterpolationMissingOption = InterpolationMissingOptionError
	ErrInterpolationSyntax        = InterpolationSyntaxError
	ErrInterpolationDepth         = InterpolationDepthError
	ErrCommand                    = CommandError
	ErrValue                      = ValueError
	ErrType                       = TypeError
	ErrKey                        = KeyError
	ErrAttribute                  = AttributeError
	ErrTOMLDecode                 = TOMLDecodeError
	ErrUnicodeDecode              = UnicodeDecodeError
	ErrOS                         = OSError
	ErrIsADirectory               = IsADirectoryError
	ErrOverflow                   = OverflowError
	ErrLimit                      = LimitError
	ErrAmbiguousName              = AmbiguousNameError
	ErrCollision                  = CollisionError
	ErrWatch                      = WatchError
	ErrWriteConflict              = WriteConflictError
)

// Parent returns the Python base class of k as far as it matters here, or
// "" for a root kind.
func (k Kind) Parent() Kind {
	switch k {
	case ParsingError, DuplicateSectionError, DuplicateOptionError, NoSectionError,
		NoOptionError, InterpolationError:
		return ConfigParserError
	case MissingSectionHeaderError:
		return ParsingError
	case InterpolationMissingOptionError, InterpolationSyntaxError, InterpolationDepthError:
		return InterpolationError
	case TOMLDecodeError, UnicodeDecodeError:
		return ValueError
	case IsADirectoryError:
		return OSError
	}
	return ""
}

// IsA reports whether k is kind or a subclass of it.
func (k Kind) IsA(kind Kind) bool {
	for ; k != ""; k = k.Parent() {
		if k == kind {
			return true
		}
	}
	return false
}

// Error is a configuration error: what Python would raise, and where.
type Error struct {
	// Kind is the Python exception class (or the project's own kind).
	Kind Kind
	// Source is the file name, "<dict>", an environment variable or the
	// name of another input; "" when there is none.
	Source string
	// Line is the 1-based line in Source; 0 when unknown.
	Line int
	// Section is the section concerned, when there is one.
	Section string
	// Option is the option concerned, when there is one.
	Option string
	// Detail says what is wrong, for people, without the location; ""
	// means Message says it.
	Detail string
	// Message is Python's str(exception), for comparisons with Alembic.
	Message string
	// Err is the underlying cause, if any (an *os.PathError, …).
	Err error

	// The unredacted Message and Detail when Redacted replaced them.
	rawMessage, rawDetail string
	redacted              bool
}

// Redacted returns a copy of e whose Message and Detail are message and
// detail, texts with the secrets of e's own removed; Unredacted gives the
// originals back. The library returns its errors so: passwords never leave
// in an error's text unless asked for.
func (e *Error) Redacted(message, detail string) *Error {
	c := *e
	if !c.redacted {
		c.rawMessage, c.rawDetail, c.redacted = e.Message, e.Detail, true
	}
	c.Message, c.Detail = message, detail
	return &c
}

// Unredacted returns e with the Message and Detail it had before
// Redacted, or e itself when nothing was redacted. Use it only where the
// secrets may be shown (the CLI's --show-secrets, exact comparisons with
// Python's messages).
func (e *Error) Unredacted() *Error {
	if !e.redacted {
		return e
	}
	c := *e
	c.Message, c.Detail, c.redacted = e.rawMessage, e.rawDetail, false
	c.rawMessage, c.rawDetail = "", ""
	return &c
}

// IsRedacted reports whether Redacted removed secrets from e's text.
func (e *Error) IsRedacted() bool { return e.redacted }

// Unredact returns the unredacted form of the *Error in err's chain (see
// Unredacted), or err itself when it holds none.
func Unredact(err error) error {
	var e *Error
	if errors.As(err, &e) && e.redacted {
		return e.Unredacted()
	}
	return err
}

// Error returns "source:line: detail (Kind)", leaving out what is unknown.
func (e *Error) Error() string {
	detail := e.Detail
	if detail == "" {
		detail = e.Message
	}
	var b strings.Builder
	if e.Source != "" {
		b.WriteString(e.Source)
		if e.Line > 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(e.Line))
		}
		b.WriteString(": ")
	}
	b.WriteString(detail)
	b.WriteString(" (")
	b.WriteString(string(e.Kind))
	b.WriteByte(')')
	return b.String()
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is a Kind that is e's kind or one of its
// Python base classes.
func (e *Error) Is(target error) bool {
	k, ok := target.(Kind)
	return ok && e.Kind.IsA(k)
}

// New returns an error of kind with Python's message; the detail for
// people is the same text.
func New(kind Kind, message string) *Error {
	return &Error{Kind: kind, Message: message}
}
