// Package alembiccfg reads Alembic's configuration exactly as Alembic 1.19.1
// on CPython does and answers Alembic's Config API with Go names.
//
// A Config is built with New from Options that mirror the arguments of
// Alembic's Config(...). Construction does no I/O: the ini file is read on
// first use (or by Load) and the result kept, exactly as Alembic's
// memoised file_config; a read that fails is not kept, so the next call
// tries again. Like Alembic, a missing ini file reads as an empty one and
// the getters then report CommandError.
//
// Getters that Alembic gives a default argument return (value, ok, err)
// here: ok is false where Alembic would return the default. Every error is
// an *alembicerr.Error (or wraps one), its text free of secrets.
//
// Beyond Alembic's API: layers (the environment, other koanf providers)
// over the ini view, provenance (FileConfig().RawOptions), a koanf view
// (Koanf), hot reload (Watch) and lossless write-back of the ini file
// itself (EditFile).
package alembiccfg

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/koanf-alembic/koanf-alembic/pyvalue"

	"github.com/knadh/koanf/v2"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/internal/configparser"
	"github.com/koanf-alembic/koanf-alembic/internal/pypath"
	"github.com/koanf-alembic/koanf-alembic/internal/state"
)

// DefaultIniSection is Alembic's default main section.
const DefaultIniSection = "alembic"

// Dict is pyvalue.Dict, Python's insertion-ordered dict: config_args,
// attributes and the tables Alembic returns are Dicts. Build one with
// pyvalue.NewDict().Set(key, value)….
type Dict = pyvalue.Dict

// Options are the arguments of Alembic's Config(...). The zero value is
// Config() with no file.
type Options struct {
	// File is the ini file (Alembic's file_, config_file_name); "" means
	// none: an empty in-memory main section. A relative name is read
	// relative to Dir.
	File string
	// TOMLFile is pyproject.toml (Alembic's toml_file, toml_file_name);
	// "" means none. A file that does not exist gives an empty
	// [tool.alembic], as in Alembic.
	TOMLFile string
	// IniSection is the main section (config_ini_section); "" means
	// "alembic".
	IniSection string
	// ConfigArgs are the substitution variables (config_args): an ordered
	// mapping of string, int, int64, float64, bool or nil values. The ini
	// sees Python's str() of each; nil fails on first use with TypeError,
	// as in Alembic. The Config keeps its own copy.
	ConfigArgs *Dict
	// Attributes seeds the free-form attributes mapping (copied).
	Attributes *Dict
	// CmdOpts are the command-line options Alembic consults (cmd_opts);
	// nil means none.
	CmdOpts *CmdOpts
	// Stdout receives PrintStdout's writes; nil means os.Stdout.
	Stdout io.Writer
	// StdoutEncoding is the encoding Alembic assumes for Stdout: characters
	// it cannot encode print as "?". "" means "utf-8".
	StdoutEncoding string
	// Logger receives the INFO messages Alembic logs when CmdOpts.Verbose
	// is set; nil means none. It is called without the Config's lock held.
	Logger *slog.Logger
	// OnWarning receives the warnings Alembic emits (DeprecationWarning
	// about path separators); nil drops them. It is called without the
	// Config's lock held, so it may call the Config.
	OnWarning func(Warning)
	// OnInterpolationError receives the values Koanf() keeps raw because
	// they cannot be interpolated (section "tool.alembic" for
	// pyproject.toml keys); it is called without the Config's lock held.
	OnInterpolationError func(section, option string, err error)
	// Strict makes Koanf() fail on the first value that cannot be
	// interpolated instead of keeping it raw (the logging formatter
	// options logging.fileConfig reads raw are never failures). The
	// Alembic-API getters are not affected: they answer as Alembic does.
	Strict bool
	// RequireFile makes a File that is missing, unreadable or a directory
	// an error of kind OSError (IsADirectoryError for a directory) at load
	// instead of Alembic's silent empty read, for services that must not
	// start on a mistyped path.
	RequireFile bool
	// Dir is the working directory against which a relative File is read
	// and `here` is computed; "" means the process's working directory at
	// the moment of the first read, as in Alembic.
	Dir string
	// Env turns the environment layer on (nil: off, as in Alembic). It is
	// read with the files, at first use and at each Reload.
	Env *EnvOptions
	// Layers are extra sources of ini options (an application's TOML file,
	// a key/value store), ranked above alembic.ini: below the environment,
	// or above it with Layer.AboveEnv; in slice order within a rank.
	Layers []Layer
	// FS, when set, holds File and TOMLFile (slash-separated paths in it)
	// instead of the disk: an embed.FS, or bytes already in memory
	// (testing/fstest.MapFS). `here` is then the file's directory within
	// it ("." at its root), unless Dir is set, when it is computed from Dir
	// as for a file on disk. A file of an FS that can Stat (fs.StatFS, as
	// os.DirFS and os.Root.FS can) is looked at before it is opened, so
	// that a FIFO there is refused as one on disk is; an FS that cannot
	// Stat is trusted not to block in Open.
	FS fs.FS
	// WatchDelay is how long Watch waits for a burst of file events to be
	// quiet before it reloads; 0 means 100 ms.
	WatchDelay time.Duration
	// Clock is the time Watch debounces with; nil means the wall clock.
	Clock Clock
	// ShowSecrets makes Watch's Change values unredacted.
	ShowSecrets bool
	// MaxFileSize limits the size of each file read (ini, pyproject.toml);
	// 0 means 256 MiB. A larger file is a LimitError, and so is an ini
	// file above 2 GiB - 1 (configparser's MaxSize) whatever the limit. A
	// FIFO, device or socket is always refused at once, without reading it.
	MaxFileSize int64
	// MaxValueSize caps the size of one interpolated value (bytes produced
	// plus references followed); 0 means 1 MiB. CPython has no cap; a value
	// beyond it fails with a LimitError instead of exhausting memory.
	MaxValueSize int
}

// CmdOpts are the command-line options Alembic's Config reads.
type CmdOpts struct {
	Verbose bool
	Quiet   bool
}

// MessagingOpts is Alembic's messaging_opts.
type MessagingOpts struct {
	Quiet bool
}

// Warning is a Python warning Alembic emits, e.g. a DeprecationWarning.
type Warning struct {
	Category string
	Message  string
}

// Config is Alembic's Config. It is safe for concurrent use: no callback
// (OnWarning, Logger, OnInterpolationError, an environment or a layer's
// provider) runs with its lock held.
type Config struct {
	opts       Options // never changed after New
	attributes *Dict   // safe for concurrent use itself; nil until needed when empty (under mu)

	mu         sync.Mutex
	gen        uint64 // counts changes to what a load depends on
	section    string
	configArgs *Dict
	tomlArgs   *Dict
	cmdOpts    *CmdOpts

	journal      []journalEntry       // programmatic changes, replayed on reload
	fc           *configparser.Parser // memoised file_config; nil until loaded
	toml         *state.TOML          // memoised toml_alembic_config; nil until loaded
	kview        *koanf.Koanf         // the koanf snapshot, built on demand
	resolved     map[optionKey]string // interpolated values, as looked up
	resolvedMain nameCache            // the same for the main section, by name
	messaging    *MessagingOpts       // memoised messaging_opts
	events       []event              // warnings and log lines to emit after unlocking
}

// New returns a Config for opts. It does no I/O and cannot fail.
func New(opts Options) *Config {
	c := &Config{opts: opts, section: opts.IniSection, cmdOpts: opts.CmdOpts}
	if c.section == "" {
		c.section = DefaultIniSection
	}
	// configArgs and tomlArgs are never changed in place, only replaced
	// (and copied when handed out), so they may share one copy; none is
	// needed of an empty one, as a nil Dict copies to an empty one.
	if opts.ConfigArgs.Len() > 0 {
		args := opts.ConfigArgs.Copy()
		c.configArgs, c.tomlArgs = args, args
		c.opts.ConfigArgs = args // each load reads this copy, never the caller's
	} else {
		c.opts.ConfigArgs = nil
	}
	if opts.Attributes.Len() > 0 {
		c.attributes = opts.Attributes.Copy()
	}
	return c
}

// ConfigFileName returns config_file_name: the ini file, "" for none.
func (c *Config) ConfigFileName() string { return c.opts.File }

// ConfigIniSection returns config_ini_section, the main section's name.
func (c *Config) ConfigIniSection() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.section
}

// SetConfigIniSection changes the main section, as assigning Alembic's
// config_ini_section attribute does; unlike Options.IniSection, "" here
// is the section named "".
func (c *Config) SetConfigIniSection(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.section = name
	c.gen++
	c.forget()
}

// ConfigArgs returns a copy of config_args; after the first read it holds
// `here` too, as in Alembic.
func (c *Config) ConfigArgs() *Dict {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.configArgs.Copy()
}

// Attributes returns the free-form attributes mapping: the same Dict
// each time, so that changes stay, as in Alembic; it is safe for
// concurrent use.
func (c *Config) Attributes() *Dict {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.attributes == nil {
		c.attributes = pyvalue.NewDict()
	}
	return c.attributes
}

// CmdOpts returns cmd_opts (nil for none).
func (c *Config) CmdOpts() *CmdOpts {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cmdOpts
}

// SetCmdOpts replaces cmd_opts. As in Alembic, messaging options and the
// verbose flag are read at their first use, so a change after that has no
// effect on them.
func (c *Config) SetCmdOpts(o *CmdOpts) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cmdOpts = o
}

// MessagingOpts returns messaging_opts: Quiet from CmdOpts at first use.
func (c *Config) MessagingOpts() MessagingOpts {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.messagingOpts()
}

func (c *Config) messagingOpts() MessagingOpts {
	if c.messaging == nil {
		m := MessagingOpts{}
		if c.cmdOpts != nil {
			m.Quiet = c.cmdOpts.Quiet
		}
		c.messaging = &m
	}
	return *c.messaging
}

// Load reads the ini file now (Alembic reads it on first use). It returns
// the error the getters would return.
func (c *Config) Load() error { return c.LoadContext(context.Background()) }

// LoadContext is Load with a context for the reads (files, layers): a read
// it ends stops with an OSError wrapping the context's error, and nothing
// is kept. The getters read with context.Background().
func (c *Config) LoadContext(ctx context.Context) error {
	if err := c.loadINI(ctx); err != nil {
		return err
	}
	return do0(c, func() error {
		_, err := c.fileConfig()
		return err
	})
}

// needLoad asks do to load a part of the state without the lock held and
// to run its function again.
type needLoad int

const (
	errNeedINI  needLoad = iota // file_config is not read yet
	errNeedTOML                 // toml_alembic_config is not read yet
)

func (n needLoad) Error() string { return "alembiccfg: state not loaded" }

// do runs f with the lock held. When f asks for a part of the state that
// is not loaded (errNeedINI, errNeedTOML), do loads it without the lock
// and runs f again; events f left are emitted once it is done, after the
// lock is released.
func do0(c *Config, f func() error) error {
	_, _, err := do2(c, func() (struct{}, struct{}, error) { return struct{}{}, struct{}{}, f() })
	return err
}

func do1[T any](c *Config, f func() (T, error)) (T, error) {
	t, _, err := do2(c, func() (T, struct{}, error) { t, err := f(); return t, struct{}{}, err })
	return t, err
}

func do2[T, U any](c *Config, f func() (T, U, error)) (T, U, error) {
	for {
		c.mu.Lock()
		t, u, err := f()
		need, ok := asNeedLoad(err)
		if !ok {
			c.unlock()
			return t, u, err
		}
		// f stopped early and runs again: what it noted is noted again.
		c.events = nil
		c.mu.Unlock()
		if need == errNeedTOML {
			err = c.loadTOML(context.Background())
		} else {
			err = c.loadINI(context.Background())
		}
		if err != nil {
			var zt T
			var zu U
			return zt, zu, err
		}
	}
}

// asNeedLoad reports whether err asks do to load a part of the state.
func asNeedLoad(err error) (needLoad, bool) {
	if err == nil {
		return 0, false
	}
	if need, ok := err.(needLoad); ok {
		return need, true
	}
	return asNeedLoadWrapped(err)
}

// asNeedLoadWrapped is asNeedLoad for a wrapped error (apart, so that the
// errors.As target is allocated only for one).
func asNeedLoadWrapped(err error) (needLoad, bool) {
	var need needLoad
	ok := errors.As(err, &need)
	return need, ok
}

// event is a warning or a log line, emitted after the lock is released.
type event struct {
	warning *Warning
	info    string
}

// unlock releases the lock, then emits the events noted while it was held.
func (c *Config) unlock() {
	events := c.events
	c.events = nil
	c.mu.Unlock()
	for _, e := range events {
		switch {
		case e.warning != nil && c.opts.OnWarning != nil:
			c.opts.OnWarning(*e.warning)
		case e.warning == nil && c.opts.Logger != nil:
			c.opts.Logger.Info(e.info, "logger", "alembic.config")
		}
	}
}

// warn notes a warning (the lock is held).
func (c *Config) warn(category, msg string) {
	c.events = append(c.events, event{warning: &Warning{Category: category, Message: msg}})
}

// fileConfig returns the memoised file_config, or asks do to read it.
func (c *Config) fileConfig() (*configparser.Parser, error) {
	if c.fc == nil {
		return nil, errNeedINI
	}
	return c.fc, nil
}

// loadSnapshot is what building the ini view depends on, taken under the
// lock so that the build can run without it.
type loadSnapshot struct {
	gen     uint64
	section string
	journal []journalEntry
	verbose bool
	toml    *state.TOML // the memoised TOML, if read: its keys guide the environment
	require bool        // a missing or unreadable ini is an error (RequireFile, or a watched reload)
}

func (c *Config) snapshot() loadSnapshot {
	return loadSnapshot{gen: c.gen, section: c.section, journal: slices.Clone(c.journal),
		verbose: c.cmdOpts != nil && c.cmdOpts.Verbose, toml: c.toml, require: c.opts.RequireFile}
}

func (c *Config) files(section string) state.Files {
	return state.Files{File: c.opts.File, TOMLFile: c.opts.TOMLFile, Dir: c.opts.Dir, IniSection: section,
		ConfigArgs: c.opts.ConfigArgs, MaxValueSize: c.opts.MaxValueSize, RequireFile: c.opts.RequireFile,
		MaxFileSize: c.opts.MaxFileSize, FS: c.opts.FS}
}

// built is a fresh ini view; ini is nil when there is none.
type built struct {
	ini    *state.INI
	events []event
}

// build reads the files and every layer into a fresh ini view, with the
// journal replayed; it runs without the lock.
//
// A read that failed after `here` was computed still gives a built with
// ConfigArgs, as Alembic's config_args keeps `here` after a failed read.
func (c *Config) build(ctx context.Context, s loadSnapshot) (built, error) {
	f := c.files(s.section)
	f.RequireFile = s.require
	ini, err := state.ReadINI(ctx, f)
	if err != nil {
		return built{ini: ini}, err
	}
	b := built{ini: ini}
	if s.verbose {
		msg := "No config file provided; using in-memory default config"
		if c.opts.File != "" {
			msg = "Loading config from file: " + pypath.Posix(c.opts.File)
		}
		b.events = append(b.events, event{info: msg})
	}
	if err := c.applyLayers(ctx, ini.Parser, s); err != nil {
		return built{}, err
	}
	return b, nil
}

// install makes a built view the Config's (the lock is held).
func (c *Config) install(b *built) {
	c.fc, c.configArgs = b.ini.Parser, b.ini.ConfigArgs
	c.events = append(c.events, b.events...)
	c.forget()
}

// loadINI builds file_config unless another call did meanwhile.
func (c *Config) loadINI(ctx context.Context) error {
	c.mu.Lock()
	if c.fc != nil {
		c.mu.Unlock()
		return nil
	}
	s := c.snapshot()
	c.mu.Unlock()
	b, err := c.build(ctx, s)
	if err != nil {
		if b.ini != nil {
			c.mu.Lock()
			if c.fc == nil && c.gen == s.gen {
				c.configArgs = b.ini.ConfigArgs
			}
			c.mu.Unlock()
		}
		return err
	}
	c.mu.Lock()
	if c.fc == nil && c.gen == s.gen {
		c.install(&b)
	}
	c.unlock()
	return nil
}

// loadTOML reads toml_alembic_config unless another call did meanwhile.
func (c *Config) loadTOML(ctx context.Context) error {
	t, err := state.ReadTOML(ctx, c.files(""))
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.toml == nil {
		c.toml, c.tomlArgs = t, t.Args
		c.kview = nil
	}
	return nil
}

// Reload reads every layer again (the ini file, pyproject.toml, extra
// layers, the environment) into a fresh view, replays the programmatic
// changes (SetMainOption, SetSectionOption, RemoveMainOption) on top, and
// swaps it in: readers see the old view or the new one, never a mix. On
// error the previous view stays and the error is returned.
func (c *Config) Reload() error { return c.ReloadContext(context.Background()) }

// ReloadContext is Reload with a context for the reads, as LoadContext.
func (c *Config) ReloadContext(ctx context.Context) error { return c.reload(ctx, c.opts.RequireFile) }

// reload is ReloadContext; with require, a missing or unreadable ini is
// an error that keeps the current view (a watched file that vanished).
func (c *Config) reload(ctx context.Context, require bool) error {
	for {
		t, err := state.ReadTOML(ctx, c.files(""))
		if err != nil {
			return err
		}
		c.mu.Lock()
		s := c.snapshot()
		c.mu.Unlock()
		s.toml, s.require = t, require
		b, err := c.build(ctx, s)
		if err != nil {
			return err
		}
		c.mu.Lock()
		if c.gen != s.gen {
			c.mu.Unlock()
			continue // a change meanwhile: build again with it
		}
		c.toml, c.tomlArgs = t, t.Args
		c.install(&b)
		c.unlock()
		return nil
	}
}

// noSectionError is the CommandError of get_section_option.
func (c *Config) noSectionError(section string) error {
	name := "None"
	if c.opts.File != "" {
		name = pyvalue.ReprString(c.opts.File)
	}
	return &alembicerr.Error{Kind: alembicerr.CommandError, Source: c.opts.File, Section: section,
		Message: fmt.Sprintf("No config file %s found, or file has no '[%s]' section", name, section)}
}
