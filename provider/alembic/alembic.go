// Package alembic implements a koanf.Provider that reads Alembic's
// configuration, alembic.ini and the [tool.alembic] table of
// pyproject.toml, exactly as Alembic 1.19.1 on CPython reads them, and
// gives koanf one nested map.
//
//	k := koanf.New(".")
//	p := alembic.Provider(alembic.Opt{File: "alembic.ini", TOMLFile: "pyproject.toml"})
//	if err := k.Load(p, nil); err != nil { … }
//	url := k.String("alembic.sqlalchemy.url")
//	loc := k.String("tool.alembic.script_location")
//
// # The tree
//
// Every section of alembic.ini is a top-level key, whose value maps option
// names to strings: what configparser's items(section) returns in Alembic,
// that is the defaults (Opt.ConfigArgs, then `here`, then the file's
// [DEFAULT] options) followed by the section's own options, every value
// interpolated (%(name)s, %%). [DEFAULT] itself is not a section. Option
// names are lower-cased, section names kept as written. Alembic's rules
// hold: a missing or unreadable alembic.ini reads as an empty file, `here`
// is the directory of alembic.ini as pathlib computes it (not normalised,
// "/" separators), Opt.ConfigArgs cannot override `here`, and without an
// ini file (Opt.File "") the tree has the in-memory main section Alembic
// creates, holding the defaults alone.
//
// A value whose interpolation fails stays raw in the tree and is reported
// to Opt.OnInterpolationError; Opt.Strict makes it an error of Read, and
// Opt.Raw skips interpolation. The logging formatter options that Python's
// logging.fileConfig reads raw (format, datefmt, style and defaults of a
// [formatter_*] section; every stock template has
// "format = %(levelname)-5.5s [%(name)s] %(message)s") are given raw and
// never reported, Strict or not.
//
// When Opt.TOMLFile names a file that exists and has a [tool.alembic]
// table, that table is the subtree "tool" → "alembic", each top-level
// value formatted as Alembic's getters format it: a string is Python's
// printf-style "value % toml_args" (toml_args are Opt.ConfigArgs with
// their original key case and types, plus `here`, the directory of the
// TOML file), a list's strings element by element, the string values of a
// table or of a list of tables. Every value keeps the Go type go-toml v2
// decodes it to: int64, float64, bool, time.Time for offset date-times,
// toml.LocalDate, toml.LocalTime and toml.LocalDateTime, []any,
// map[string]any. A string whose formatting fails stays raw and is
// reported like an interpolation failure, with section "tool.alembic".
//
// The tree is the one alembiccfg.Config.Koanf() gives for the same files
// (without layers): both are built by the same code.
//
// # Keys with dots
//
// Alembic's options often contain dots (sqlalchemy.url). koanf reads them
// through its "." delimiter: k.String("alembic.sqlalchemy.url") finds the
// option "sqlalchemy.url" of the section "alembic". But every koanf write by path
// (Set, MergeAt, a delimited env provider) splits on the delimiter: after
// k.Set("alembic.sqlalchemy.url", v) the instance holds both the option
// and a new alembic → sqlalchemy → url entry, and which one a read returns
// depends on Go's map order (the maintainer declined delimiter escaping).
// Never write a dotted path: build nested maps and load them, for instance
// with confmap.Provider(m, ""). For the same reason Read refuses trees in
// which two entries take the same koanf path ([a] b.c and [a.b] c, or an
// option "alembic…" of an ini section [tool] next to [tool.alembic]) with
// an *alembicerr.Error of kind CollisionError.
//
// # Watching
//
// Watch follows both files with the module's one file watcher (the one
// alembiccfg.Config.Watch uses: editors' rename-over saves, ConfigMap
// symlink swaps, deletions and files that appear later are all seen) and
// calls one callback once a burst of changes to either has settled; load
// the provider again from it, into a fresh koanf instance.
package alembic

import (
	"context"
	"io/fs"
	"time"

	"github.com/koanf-alembic/koanf-alembic/internal/state"
	"github.com/koanf-alembic/koanf-alembic/pyvalue"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
)

// Opt configures a Provider; the zero value reads nothing but Alembic's
// in-memory main section.
type Opt struct {
	// File is alembic.ini (Alembic's file_); "" means no ini file. A
	// relative name is read relative to Dir. A file that does not exist
	// or cannot be read is an empty file, as in Alembic, unless
	// RequireFile.
	File string

	// TOMLFile is pyproject.toml (Alembic's toml_file); "" means none. A
	// relative name is read relative to Dir. A file that does not exist
	// adds nothing to the tree, as in Alembic.
	TOMLFile string

	// IniSection names Alembic's main section; "" means "alembic". It is
	// recorded for callers (IniSection) and, as in Alembic, names the
	// in-memory section created when File is "". The tree holds every
	// section either way.
	IniSection string

	// ConfigArgs are Alembic's config_args, in order (the same type
	// alembiccfg.Options.ConfigArgs takes): values may be strings, bools,
	// integers or floats; the ini sees Python's str() of each ("True",
	// "5"), pyproject.toml's %-formatting the value itself (so %(n)03d
	// works for an integer). nil is Python's None, which Read refuses with
	// a TypeError as Alembic does; other types are a TypeError too. A
	// "here" key is overwritten by the computed `here`, as in Alembic.
	ConfigArgs *pyvalue.Dict

	// Dir is the working directory against which relative file names are
	// read and `here` is computed; "" means the process's working
	// directory at the time of each Read (and Watch).
	Dir string

	// Raw skips interpolation of ini values and %-formatting of TOML
	// strings: the tree holds the values as they stand in the files.
	Raw bool

	// Strict makes the first value whose interpolation (or TOML
	// formatting) fails an error of Read instead of leaving it raw.
	Strict bool

	// RequireFile makes a File that is missing, unreadable or a directory
	// an error of kind OSError (IsADirectoryError for a directory) instead
	// of Alembic's silent empty read, for services that must not start on
	// a mistyped path.
	RequireFile bool

	// OnInterpolationError, when set and Strict is not, is called for
	// every value whose interpolation fails (the value stays raw in the
	// tree), from the goroutine calling Read, after the tree is built.
	// section and option name the entry ("tool.alembic" and a key path
	// such as "post_write_hooks[0].entrypoint" for TOML strings); err is
	// an *alembicerr.Error whose Kind says why:
	// InterpolationMissingOptionError, InterpolationSyntaxError,
	// InterpolationDepthError or LimitError for the ini, KeyError,
	// ValueError or TypeError (Python's %-formatting) for TOML strings.
	OnInterpolationError func(section, option string, err error)

	// Delim is the key delimiter of the koanf instance the tree is loaded
	// into, used only to find entries that would collide under it; ""
	// means ".".
	Delim string

	// FS, when set, holds File and TOMLFile (slash-separated paths in it)
	// instead of the disk (an embed.FS); `here` is then the file's
	// directory within it, unless Dir is set. A FIFO in an FS that can
	// Stat (os.DirFS) is refused before it is opened, as on disk.
	FS fs.FS

	// MaxFileSize limits the size of each file read; 0 means 256 MiB. A
	// larger file is a LimitError, and so is an ini file above 2 GiB - 1
	// whatever the limit.
	MaxFileSize int64

	// MaxValueSize caps the work and output of interpolating one ini
	// value (bytes produced plus references followed), so that chains
	// such as a = %(b)s%(b)s cannot exhaust memory; 0 means 1 MiB. CPython
	// has no such limit: a value beyond it is an interpolation failure of
	// kind LimitError.
	MaxValueSize int

	// WatchDelay is how long Watch waits after the last event of a burst
	// before it calls back; 0 means DefaultWatchDelay (50 ms), a negative
	// value calls back on every event.
	WatchDelay time.Duration
}

// Alembic is the provider. Read may be called concurrently (the callback
// of Watch typically calls it while other goroutines read).
type Alembic struct {
	opt Opt
	w   watcher
}

// Provider returns a provider for o. It does no I/O; the files are read by
// each Read. o.ConfigArgs is copied.
func Provider(o Opt) *Alembic {
	o.ConfigArgs = o.ConfigArgs.Copy()
	if o.Delim == "" {
		o.Delim = "."
	}
	return &Alembic{opt: o}
}

// IniSection returns the name of Alembic's main section ("alembic"
// unless Opt.IniSection says otherwise): the key of the tree that
// Alembic's get_main_option reads.
func (a *Alembic) IniSection() string { return a.files().MainSection() }

// ReadBytes is not supported: the provider reads two files into one map
// and has no single byte form. Load it with a nil parser, which makes
// koanf call Read.
func (a *Alembic) ReadBytes() ([]byte, error) {
	return nil, &alembicerr.Error{Kind: alembicerr.ValueError,
		Message: "alembic provider does not support ReadBytes: it reads alembic.ini and pyproject.toml into one map; load it with a nil parser (k.Load(p, nil)) so that koanf calls Read"}
}

func (a *Alembic) files() state.Files {
	return state.Files{File: a.opt.File, TOMLFile: a.opt.TOMLFile, Dir: a.opt.Dir, IniSection: a.opt.IniSection,
		ConfigArgs: a.opt.ConfigArgs, MaxValueSize: a.opt.MaxValueSize, RequireFile: a.opt.RequireFile,
		MaxFileSize: a.opt.MaxFileSize, FS: a.opt.FS}
}

// Read reads both files and returns the tree described in the package
// documentation: section → option → value for alembic.ini, and
// "tool" → "alembic" → [tool.alembic] for pyproject.toml.
//
// Errors are *alembicerr.Error values with the Kind Alembic would raise:
// for alembic.ini ParsingError, MissingSectionHeaderError,
// DuplicateSectionError, DuplicateOptionError or UnicodeDecodeError with
// the file and line; for pyproject.toml TOMLDecodeError (bad TOML),
// UnicodeDecodeError, AttributeError (`tool` is not a table),
// CommandError ("Incorrect TOML format": `tool.alembic` is not a table)
// or IsADirectoryError; TypeError for a config_args value Alembic
// refuses; OSError with RequireFile; with Opt.Strict, the first
// interpolation failure. Two entries with the same koanf path are a
// CollisionError. A FIFO, device or socket is refused at once (an
// OSError naming it), a file beyond MaxFileSize is a LimitError.
func (a *Alembic) Read() (map[string]any, error) {
	return a.ReadContext(context.Background())
}

// ReadContext is Read with a context: a read it ends stops with an
// OSError wrapping the context's error.
func (a *Alembic) ReadContext(ctx context.Context) (map[string]any, error) {
	f := a.files()
	ini, err := state.ReadINI(ctx, f)
	if err != nil {
		return nil, err
	}
	toml, err := state.ReadTOML(ctx, f)
	if err != nil {
		return nil, err
	}
	tree, failures, err := state.Tree(ini.Parser, toml, state.TreeOptions{Raw: a.opt.Raw, Strict: a.opt.Strict, Delim: a.opt.Delim})
	if err != nil {
		return nil, err
	}
	if report := a.opt.OnInterpolationError; report != nil {
		for _, fl := range failures {
			report(fl.Section, fl.Option, fl.Err)
		}
	}
	return tree, nil
}
