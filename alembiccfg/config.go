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
// here: ok is false where Alembic would return the default.
package alembiccfg

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"

	"github.com/koanf-alembic/koanf-alembic/pydict"

	"github.com/knadh/koanf/v2"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/internal/configparser"
	"github.com/koanf-alembic/koanf-alembic/internal/pypath"
	"github.com/koanf-alembic/koanf-alembic/internal/pyvalue"
)

// DefaultIniSection is Alembic's default main section.
const DefaultIniSection = "alembic"

// Dict is pydict.Dict, Python's insertion-ordered dict: config_args,
// attributes and the tables Alembic returns are Dicts. Build one with
// pydict.New().Set(key, value)….
type Dict = pydict.Dict

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
	// is set; nil means none.
	Logger *slog.Logger
	// OnWarning receives the warnings Alembic emits (DeprecationWarning
	// about path separators); nil drops them.
	OnWarning func(Warning)
	// OnInterpolationError receives the values Koanf() keeps raw because
	// they cannot be interpolated (section "tool.alembic" for
	// pyproject.toml keys); it is called without the Config's lock held.
	OnInterpolationError func(section, option string, err error)
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

// Config is Alembic's Config. It is safe for concurrent use.
type Config struct {
	mu         sync.Mutex
	opts       Options
	section    string
	configArgs *Dict
	tomlArgs   *Dict
	attributes *Dict
	cmdOpts    *CmdOpts

	journal      []journalEntry       // programmatic changes, replayed on reload
	fc           *configparser.Parser // memoised file_config
	toml         *Dict                // memoised toml_alembic_config
	kview        *koanf.Koanf         // the koanf snapshot, built on demand
	resolved     map[optionKey]string // interpolated values, as looked up
	resolvedMain map[string]string    // the same for the main section, by name
	messaging    *MessagingOpts       // memoised messaging_opts
}

// New returns a Config for opts. It does no I/O and cannot fail.
func New(opts Options) *Config {
	c := &Config{opts: opts, section: opts.IniSection, cmdOpts: opts.CmdOpts}
	if c.section == "" {
		c.section = DefaultIniSection
	}
	c.configArgs = opts.ConfigArgs.Copy()
	c.tomlArgs = opts.ConfigArgs.Copy()
	c.attributes = opts.Attributes.Copy()
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
	c.forget()
}

// ConfigArgs returns a copy of config_args; after the first read it holds
// `here` too, as in Alembic.
func (c *Config) ConfigArgs() *Dict {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.configArgs.Copy()
}

// Attributes returns the free-form attributes mapping (the same Dict each
// time, so that changes stay, as in Alembic).
func (c *Config) Attributes() *Dict { return c.attributes }

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
func (c *Config) Load() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, err := c.fileConfig()
	return err
}

// Origins of the defaults, for provenance.
var (
	originConfigArgs = &configparser.Origin{Layer: "config_args"}
	originHere       = &configparser.Origin{Layer: "here"}
)

// Reload reads every layer again (the ini file, pyproject.toml, extra
// layers, the environment) into a fresh view, replays the programmatic
// changes (SetMainOption, SetSectionOption, RemoveMainOption) on top, and
// swaps it in. On error the previous view stays and the error is returned.
func (c *Config) Reload() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	oldFC, oldTOML, oldArgs, oldTOMLArgs := c.fc, c.toml, c.configArgs.Copy(), c.tomlArgs.Copy()
	c.fc, c.toml = nil, nil
	c.forget()
	c.configArgs, c.tomlArgs = c.opts.ConfigArgs.Copy(), c.opts.ConfigArgs.Copy()
	if _, err := c.tomlAlembicConfig(); err != nil {
		c.restore(oldFC, oldTOML, oldArgs, oldTOMLArgs)
		return err
	}
	if _, err := c.fileConfig(); err != nil {
		c.restore(oldFC, oldTOML, oldArgs, oldTOMLArgs)
		return err
	}
	return nil
}

func (c *Config) restore(fc *configparser.Parser, toml, args, tomlArgs *Dict) {
	c.fc, c.toml, c.configArgs, c.tomlArgs = fc, toml, args, tomlArgs
}

// fileConfig builds Alembic's file_config on first successful use.
func (c *Config) fileConfig() (*configparser.Parser, error) {
	if c.fc != nil {
		return c.fc, nil
	}
	dir, err := c.workDir()
	if err != nil {
		return nil, err
	}
	c.configArgs.Set("here", pypath.Here(c.opts.File, dir))
	p := configparser.NewParser()
	p.MaxValueSize = c.opts.MaxValueSize
	defaults := make([]configparser.KeyValue, 0, c.configArgs.Len())
	c.configArgs.Range(func(k string, v any) bool {
		origin := originConfigArgs
		if k == "here" {
			origin = originHere
		}
		defaults = append(defaults, configparser.KeyValue{Key: k, Value: pyvalue.Str(v), None: v == nil, Origin: origin})
		return true
	})
	if err := p.ReadDefaults(defaults); err != nil {
		return nil, err
	}
	verbose := c.cmdOpts != nil && c.cmdOpts.Verbose
	if c.opts.File != "" {
		path := c.opts.File
		if !filepath.IsAbs(path) {
			path = filepath.Join(dir, path)
		}
		// As ConfigParser.read: a file that cannot be opened is skipped.
		if data, err := os.ReadFile(path); err == nil {
			doc, err := configparser.ParseOptions{NameRepr: posixPathRepr}.Parse(c.opts.File, data)
			if err != nil {
				return nil, err
			}
			p.Read(doc, nil)
		}
		if verbose {
			c.logInfo("Loading config from file: " + pypath.Posix(c.opts.File))
		}
	} else {
		if err := p.AddSection(c.section); err != nil {
			return nil, err
		}
		if verbose {
			c.logInfo("No config file provided; using in-memory default config")
		}
	}
	if err := c.applyLayers(p); err != nil {
		return nil, err
	}
	c.fc = p
	return p, nil
}

// posixPathRepr is how Alembic 1.19's parse errors show the file: the
// repr of a pathlib.PosixPath.
func posixPathRepr(name string) string {
	return "PosixPath(" + pyvalue.ReprString(pypath.Posix(name)) + ")"
}

// workDir is Options.Dir, else the process's working directory now.
func (c *Config) workDir() (string, error) { return pypath.WorkDir(c.opts.Dir) }

func (c *Config) logInfo(msg string) {
	if c.opts.Logger != nil {
		c.opts.Logger.Info(msg, "logger", "alembic.config")
	}
}

func (c *Config) warn(category, msg string) {
	if c.opts.OnWarning != nil {
		c.opts.OnWarning(Warning{Category: category, Message: msg})
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
