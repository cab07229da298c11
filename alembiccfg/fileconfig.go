package alembiccfg

import (
	"strconv"

	"github.com/koanf-alembic/koanf-alembic/internal/configparser"
	"github.com/koanf-alembic/koanf-alembic/internal/state"
)

// FileConfig is Alembic's file_config: the ConfigParser that holds the
// ini view. Its methods mirror ConfigParser's and share the Config's
// lock, so it is safe for concurrent use too.
type FileConfig struct {
	c *Config
}

// Scope says whether an option of a section is the section's own or a
// default.
type Scope string

// Scopes.
const (
	ScopeSection Scope = "section" // the section's own option
	ScopeDefault Scope = "default" // a default: config_args, here or [DEFAULT]
)

// RawOption is an option with its raw (uninterpolated) value and where it
// came from.
type RawOption struct {
	Name  string
	Raw   string
	Scope Scope
	// From is where the value came from; Overrode lists the values it
	// replaced, newest first.
	From     Source
	Overrode []Source
}

// Source says where a value came from.
type Source struct {
	// Layer is "config_args", "here", "file", "env", "set", or the name of
	// an extra layer.
	Layer string
	// Name is the file, variable or key the value came from; "" when none.
	Name string
	// Line is the line in the file; 0 when the value is not from a file.
	Line int
}

// String renders a source as "file alembic.ini:12", "env ALEMBIC_X", "set".
func (s Source) String() string {
	out := s.Layer
	if s.Name != "" {
		out += " " + s.Name
		if s.Line > 0 {
			out += ":" + strconv.Itoa(s.Line)
		}
	}
	return out
}

func sourceOf(o *configparser.Option) Source {
	s := Source{Line: int(o.Line)}
	if o.Origin != nil {
		s.Layer, s.Name = o.Origin.Layer, o.Origin.Source
	}
	return s
}

// FileConfig returns file_config, reading the ini file on first use. Its
// methods read the Config's current view: after a Reload they answer from
// the new one.
func (c *Config) FileConfig() (*FileConfig, error) {
	if err := c.Load(); err != nil {
		return nil, err
	}
	return &FileConfig{c: c}, nil
}

// read runs f on the current parser with the Config's lock held.
func read[T any](f *FileConfig, fn func(p *configparser.Parser) (T, error)) (T, error) {
	return do1(f.c, func() (T, error) {
		p, err := f.c.fileConfig()
		if err != nil {
			var zero T
			return zero, err
		}
		return fn(p)
	})
}

// Sections returns the section names in order (never DEFAULT).
func (f *FileConfig) Sections() []string {
	names, _ := read(f, func(p *configparser.Parser) ([]string, error) { return p.Sections(), nil })
	return names
}

// HasSection reports whether a section exists (DEFAULT never does).
func (f *FileConfig) HasSection(name string) bool {
	ok, _ := read(f, func(p *configparser.Parser) (bool, error) { return p.HasSection(name), nil })
	return ok
}

// HasOption reports whether a section has an option, its own or a default.
func (f *FileConfig) HasOption(section, name string) bool {
	ok, _ := read(f, func(p *configparser.Parser) (bool, error) { return p.HasOption(section, name), nil })
	return ok
}

// Options lists a section's option names: its own, then the defaults it
// does not shadow. A missing section is a NoSectionError.
func (f *FileConfig) Options(section string) ([]string, error) {
	return read(f, func(p *configparser.Parser) ([]string, error) { return p.Options(section) })
}

// Defaults returns the defaults with their raw values, in order.
func (f *FileConfig) Defaults() []RawOption {
	out, _ := read(f, func(p *configparser.Parser) ([]RawOption, error) {
		opts := p.DefaultOptions()
		out := make([]RawOption, len(opts))
		for i := range opts {
			out[i] = rawOption(&opts[i], ScopeDefault)
		}
		return out, nil
	})
	return out
}

// RawGet returns get(section, name, raw=True).
func (f *FileConfig) RawGet(section, name string) (string, bool, error) {
	return f.get((*configparser.Parser).RawGet, section, name)
}

// Get returns get(section, name): interpolated. DEFAULT is allowed.
func (f *FileConfig) Get(section, name string) (string, bool, error) {
	return f.get((*configparser.Parser).Get, section, name)
}

// get returns what getter (the Parser's RawGet or Get) gives for the
// option.
func (f *FileConfig) get(getter func(*configparser.Parser, string, string) (string, bool, error), section, name string) (string, bool, error) {
	type result struct {
		v  string
		ok bool
	}
	r, err := read(f, func(p *configparser.Parser) (result, error) {
		v, ok, err := getter(p, section, name)
		return result{v, ok}, err
	})
	return r.v, r.ok, err
}

// RawOptions returns a section's options in Options order with raw
// values and their origin.
func (f *FileConfig) RawOptions(section string) ([]RawOption, error) {
	return read(f, func(p *configparser.Parser) ([]RawOption, error) {
		names, err := p.Options(section)
		if err != nil {
			return nil, err
		}
		s, _ := p.Section(section)
		out := make([]RawOption, 0, len(names))
		for _, n := range names {
			if o, ok := s.Lookup(n); ok {
				out = append(out, rawOption(o, ScopeSection))
				continue
			}
			o, _, _ := p.Lookup(section, n)
			out = append(out, rawOption(o, ScopeDefault))
		}
		return out, nil
	})
}

// RawItems returns a section's options in get_section (items()) order —
// the defaults first, each replaced by the section's own option of that
// name, then its other own options — with raw values and their origin.
func (f *FileConfig) RawItems(section string) ([]RawOption, error) {
	return read(f, func(p *configparser.Parser) ([]RawOption, error) {
		if !p.HasSection(section) {
			return nil, p.NoSection(section)
		}
		opts, err := p.ItemOptions(section)
		if err != nil {
			return nil, err
		}
		s, _ := p.Section(section)
		out := make([]RawOption, len(opts))
		for i, o := range opts {
			scope := ScopeDefault
			if own, ok := s.Lookup(o.Name); ok && own == o {
				scope = ScopeSection
			}
			out[i] = rawOption(o, scope)
		}
		return out, nil
	})
}

// LoggingRaw reports whether Python's logging.fileConfig reads an option
// raw (format, datefmt, style and defaults of a [formatter_*] section):
// Koanf() gives such values raw and never reports them, and a tool that
// shows values should do likewise.
func LoggingRaw(section, option string) bool { return state.LoggingRaw(section, option) }

func rawOption(o *configparser.Option, scope Scope) RawOption {
	r := RawOption{Name: o.Name, Raw: o.Value, Scope: scope, From: sourceOf(o)}
	for p := o.Prev; p != nil; p = p.Prev {
		r.Overrode = append(r.Overrode, sourceOf(p))
	}
	return r
}
