// Package ini implements a koanf.Parser that reads INI bytes into a
// section → option → value map, by default exactly as CPython 3.11's
// configparser.ConfigParser reads Alembic's alembic.ini, and writes such a
// map back as INI that CPython reads to the same values.
//
//	k := koanf.New(".")
//	err := k.Load(file.Provider("alembic.ini"), ini.Parser(ini.Opt{}))
//	url := k.String("alembic.sqlalchemy.url")
//
// The Python dialect (the default) returns, for every section, what
// configparser's items(section) returns: the defaults first (those of
// Opt.Defaults, then the file's [DEFAULT]), then the section's own options,
// every value interpolated (%(name)s, %%). [DEFAULT] itself is not a
// section of the result. A value whose interpolation fails stays raw in the
// map and is reported to Opt.OnInterpolationError, unless Opt.Strict makes
// it an error: every stock Alembic template has
// "format = %(levelname)-5.5s …" in [formatter_generic], which Python's
// logging.fileConfig reads raw and which configparser cannot interpolate.
//
// The GoINI dialect reads files written for viper or go-ini with
// gopkg.in/ini.v1 and its default load options, as viper does.
//
// Option names often contain dots (sqlalchemy.url). Reading them through
// koanf's "." delimiter works (k.String("alembic.sqlalchemy.url")), but every
// koanf write by path (Set, MergeAt, a delimited env provider) splits on the
// delimiter and creates a second, nested entry: build nested maps yourself
// and load them instead (for instance with confmap.Provider(m, "")).
package ini

import (
	"github.com/koanf-alembic/koanf-alembic/internal/state"
	"github.com/koanf-alembic/koanf-alembic/pyvalue"
)

// Dialect selects how INI text is read and written.
type Dialect int

const (
	// Python reads and writes INI exactly as CPython 3.11's
	// configparser.ConfigParser does with Alembic's settings. It is the
	// default.
	Python Dialect = iota
	// GoINI reads and writes INI as gopkg.in/ini.v1 does with its default
	// load options (the way viper reads INI files).
	GoINI
)

// String returns the dialect's name.
func (d Dialect) String() string {
	switch d {
	case Python:
		return "Python"
	case GoINI:
		return "GoINI"
	}
	return "Dialect(?)"
}

// Opt configures a Parser. The zero value reads as CPython's ConfigParser
// does, with no defaults, interpolating values and reporting nothing about
// values that fail to interpolate.
type Opt struct {
	// Dialect selects the reader and writer; Python is the default.
	Dialect Dialect

	// Defaults are installed before the text is read, in order, as
	// Alembic's ConfigParser(config_args) installs "here" and config_args
	// (the same *pyvalue.Dict type alembiccfg and provider/alembic take):
	// values are Python's str() of strings, booleans and numbers (nil is
	// the TypeError ConfigParser raises), option names are lower-cased (a
	// name given twice after lower-casing is a DuplicateOptionError),
	// values are raw (interpolated on read, not validated), and the text's
	// [DEFAULT] options replace them by name. In the Python dialect they
	// appear in every section; in the GoINI dialect they are keys of the
	// DEFAULT section.
	Defaults *pyvalue.Dict

	// Raw skips interpolation: values are returned, and written by
	// Marshal, as they stand in the file.
	Raw bool

	// Strict makes the first value whose interpolation fails an error of
	// Unmarshal instead of leaving it raw.
	Strict bool

	// OnInterpolationError, when set and Strict is not, is called for
	// every value whose interpolation fails (that value stays raw in the
	// map), with the section, the option and an *alembicerr.Error whose Kind says
	// why (InterpolationMissingOptionError, InterpolationSyntaxError,
	// InterpolationDepthError, LimitError). Unmarshal calls it from the
	// calling goroutine, in document order.
	OnInterpolationError func(section, option string, err error)

	// Name is the source name that errors cite; "" means "<string>", as
	// CPython's read_string says.
	Name string

	// MaxValueSize caps the work and output of interpolating one value
	// (bytes produced plus references followed), so that chains such as
	// a = %(b)s%(b)s cannot exhaust memory; 0 means 1 MiB. CPython has no
	// such limit: a value beyond it is an interpolation failure of kind
	// LimitError.
	MaxValueSize int
}

// INI is a koanf.Parser for INI text. Its methods may be called
// concurrently; OnInterpolationError is then called concurrently too.
type INI struct {
	opt Opt
}

// Parser returns an INI parser for opt (the zero Opt reads as CPython's
// ConfigParser does).
func Parser(opt Opt) *INI {
	opt.Defaults = opt.Defaults.Copy()
	return &INI{opt: opt}
}

// Unmarshal reads INI text into map[string]any{section:
// map[string]any{option: value}}, every value a string.
//
// Python dialect: each section holds what configparser's items(section)
// returns (defaults first, then its own options); [DEFAULT] is not a
// section. Option names are lower-cased, section names kept as written.
// Errors are *alembicerr.Error values with the Kind CPython would raise
// (ParsingError, MissingSectionHeaderError, DuplicateSectionError,
// DuplicateOptionError, UnicodeDecodeError) and the line concerned.
//
// GoINI dialect: each section holds its own keys only, as
// gopkg.in/ini.v1 reads them; keys before the first header and those of
// [DEFAULT] form the section "DEFAULT" (left out when empty), as viper
// sees them. Interpolation follows ini.v1's (%(name)s from the section,
// its parent sections, then DEFAULT; an unknown name stays as written),
// except that a reference cycle, which crashes ini.v1 with a stack
// overflow, references nested more than 99 deep, or a value beyond
// MaxValueSize is an interpolation failure (InterpolationDepthError,
// LimitError).
// Errors are *alembicerr.Error values of kind ParsingError wrapping ini.v1's error.
func (p *INI) Unmarshal(b []byte) (map[string]any, error) {
	if p.opt.Dialect == GoINI {
		return p.unmarshalGoINI(b)
	}
	return p.unmarshalPython(b)
}

// Marshal writes a map of the shape Unmarshal returns as INI text:
// sections in sorted order, options sorted within each, "name = value".
// Values may be strings, booleans or numbers (written with fmt's %v, so
// they read back as strings).
//
// Python dialect: each "%" is written as "%%" so that CPython reads the
// value literally (with Opt.Raw values are written as they are); a
// multi-line value continues on indented lines. Marshal refuses, with an
// *alembicerr.Error wrapping ErrUnrepresentable and naming the section and option,
// whatever CPython would not read back to the same map: a section named
// "" or DEFAULT or containing a line break; an option name that is empty,
// has upper-case letters (CPython lower-cases names) or leading or
// trailing whitespace, contains "=", ":" or a line break, starts with "#"
// or ";", or would make its line a section header; a value with leading or
// trailing whitespace on any of its lines, a line break other than "\n",
// a continuation line starting with "#" or ";", or a trailing empty line;
// invalid UTF-8; a value that is not a string, boolean or number (kind
// TypeError). Every section is written with all its keys, defaults
// included, and no [DEFAULT]. The output is read back with the engine
// before it is returned. Read it back with the same Raw setting; with Raw
// off, a written value that holds "%" and exceeds MaxValueSize once
// escaped reads back as a LimitError, though CPython reads it.
//
// GoINI dialect: written by gopkg.in/ini.v1 (section "DEFAULT" as the
// keys before the first header), values raw (ini.v1 has no escape for
// "%(name)s"); what ini.v1 does not read back to the same map is refused
// the same way.
func (p *INI) Marshal(m map[string]any) ([]byte, error) {
	if p.opt.Dialect == GoINI {
		return p.marshalGoINI(m)
	}
	return p.marshalPython(m)
}

func (p *INI) name() string {
	if p.opt.Name == "" {
		return "<string>"
	}
	return p.opt.Name
}

// ErrUnrepresentable is wrapped by every Marshal refusal: the map holds
// something the dialect's reader would not read back unchanged. The
// refusal itself is an *alembicerr.Error of kind ValueError (TypeError for
// a value of an unsupported type) naming the section and option. It is a
// constant: no caller can change what it matches.
const ErrUnrepresentable = state.ErrUnrepresentable
