package alembiccfg

import (
	"strconv"

	"github.com/koanf-alembic/koanf-alembic/internal/configparser"
)

// FileConfig is Alembic's file_config: the ConfigParser that holds the
// ini view. Its methods mirror ConfigParser's and share the Config's
// lock, so it is safe for concurrent use too.
type FileConfig struct {
	c *Config
	p *configparser.Parser
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
	s := Source{Line: o.Line}
	if o.Origin != nil {
		s.Layer, s.Name = o.Origin.Layer, o.Origin.Source
	}
	return s
}

// FileConfig returns file_config, reading the ini file on first use.
func (c *Config) FileConfig() (*FileConfig, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, err := c.fileConfig()
	if err != nil {
		return nil, err
	}
	return &FileConfig{c: c, p: p}, nil
}

func (f *FileConfig) lock() func() {
	f.c.mu.Lock()
	return f.c.mu.Unlock
}

// Sections returns the section names in order (never DEFAULT).
func (f *FileConfig) Sections() []string {
	defer f.lock()()
	return f.p.Sections()
}

// HasSection reports whether a section exists (DEFAULT never does).
func (f *FileConfig) HasSection(name string) bool {
	defer f.lock()()
	return f.p.HasSection(name)
}

// HasOption reports whether a section has an option, its own or a default.
func (f *FileConfig) HasOption(section, name string) bool {
	defer f.lock()()
	return f.p.HasOption(section, name)
}

// Options lists a section's option names: its own, then the defaults it
// does not shadow. A missing section is a NoSectionError.
func (f *FileConfig) Options(section string) ([]string, error) {
	defer f.lock()()
	return f.p.Options(section)
}

// Defaults returns the defaults with their raw values, in order.
func (f *FileConfig) Defaults() []RawOption {
	defer f.lock()()
	opts := f.p.DefaultOptions()
	out := make([]RawOption, len(opts))
	for i := range opts {
		out[i] = rawOption(&opts[i], ScopeDefault)
	}
	return out
}

// RawGet returns get(section, name, raw=True).
func (f *FileConfig) RawGet(section, name string) (string, bool, error) {
	defer f.lock()()
	return f.p.RawGet(section, name)
}

// Get returns get(section, name): interpolated. DEFAULT is allowed.
func (f *FileConfig) Get(section, name string) (string, bool, error) {
	defer f.lock()()
	return f.p.Get(section, name)
}

// RawOptions returns a section's options in Options order with raw
// values and their origin.
func (f *FileConfig) RawOptions(section string) ([]RawOption, error) {
	defer f.lock()()
	names, err := f.p.Options(section)
	if err != nil {
		return nil, err
	}
	s, _ := f.p.Section(section)
	out := make([]RawOption, 0, len(names))
	for _, n := range names {
		if o, ok := s.Lookup(n); ok {
			out = append(out, rawOption(o, ScopeSection))
			continue
		}
		o, _, _ := f.p.Lookup(section, n)
		out = append(out, rawOption(o, ScopeDefault))
	}
	return out, nil
}

func rawOption(o *configparser.Option, scope Scope) RawOption {
	r := RawOption{Name: o.Name, Raw: o.Value, Scope: scope, From: sourceOf(o)}
	for p := o.Prev; p != nil; p = p.Prev {
		r.Overrode = append(r.Overrode, sourceOf(p))
	}
	return r
}
