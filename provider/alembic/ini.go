package alembic

import (
	"errors"
	"os"
	"strings"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/internal/configparser"
	"github.com/koanf-alembic/koanf-alembic/internal/pypath"
	"github.com/koanf-alembic/koanf-alembic/internal/pyvalue"
)

// iniSection is one section of the tree, with its options in
// items(section) order.
type iniSection struct {
	name string
	opts []iniOption
}

// iniOption is one value of the tree and where it came from.
type iniOption struct {
	name   string
	value  string
	origin string // file name, or "<dict>" for config_args and here
	line   int
}

// readINI builds Alembic's file_config (ConfigParser(config_args) with
// `here`, then the file) and returns items(section) of every section.
func (a *Alembic) readINI(dir string, args *pyvalue.Dict) ([]iniSection, error) {
	args.Set("here", pypath.Here(a.opt.File, dir))
	cp := configparser.NewParser()
	cp.MaxValueSize = a.opt.MaxValueSize
	defaults := make([]configparser.KeyValue, 0, args.Len())
	args.Range(func(k string, v any) bool {
		defaults = append(defaults, configparser.KeyValue{Key: k, Value: pyvalue.Str(v), None: v == nil})
		return true
	})
	if err := cp.ReadDefaults(defaults); err != nil {
		return nil, err
	}
	if a.opt.File == "" {
		// Alembic's in-memory main section.
		if err := cp.AddSection(a.opt.IniSection); err != nil {
			return nil, err
		}
	} else if data, err := os.ReadFile(pypath.Resolve(a.opt.File, dir)); err == nil {
		// As ConfigParser.read: a file that cannot be opened is skipped.
		doc, err := configparser.ParseOptions{
			NameRepr: func(string) string { return "PosixPath(" + pyvalue.ReprString(pypath.Posix(a.opt.File)) + ")" },
		}.Parse(a.opt.File, data)
		if err != nil {
			return nil, err
		}
		cp.Read(doc, nil)
	}

	dflts := cp.DefaultOptions()
	names := cp.Sections()
	out := make([]iniSection, 0, len(names))
	for _, name := range names {
		sec, _ := cp.Section(name)
		s := iniSection{name: name, opts: make([]iniOption, 0, len(dflts)+len(sec.Options))}
		// items(section): the defaults in their order, each shadowed by
		// the section's own option of the same name, then the section's
		// other options.
		for i := range dflts {
			o := &dflts[i]
			if own, ok := sec.Lookup(o.Name); ok {
				o = own
			}
			v, err := a.interpolate(cp, name, o)
			if err != nil {
				return nil, err
			}
			s.opts = append(s.opts, v)
		}
		for i := range sec.Options {
			o := &sec.Options[i]
			if cp.HasOption("", o.Name) {
				continue // placed with the defaults
			}
			v, err := a.interpolate(cp, name, o)
			if err != nil {
				return nil, err
			}
			s.opts = append(s.opts, v)
		}
		out = append(out, s)
	}
	return out, nil
}

// interpolate returns the tree's value of o in section: interpolated
// unless Raw is set, raw (and reported) when interpolation fails.
func (a *Alembic) interpolate(cp *configparser.Parser, section string, o *configparser.Option) (iniOption, error) {
	v := iniOption{name: o.Name, value: o.Value, origin: a.originOf(o), line: o.Line}
	if a.opt.Raw || strings.IndexByte(o.Value, '%') < 0 {
		return v, nil
	}
	iv, err := cp.Interpolate(section, o.Name, o.Value)
	if err == nil {
		v.value = iv
		return v, nil
	}
	return v, a.report(section, o.Name, locate(err, v.origin, o.Line))
}

// originOf names where an option's value came from: the ini file's name,
// or "<dict>" for config_args and here.
func (a *Alembic) originOf(o *configparser.Option) string {
	switch {
	case o.Origin != nil && o.Origin.Source != "":
		return o.Origin.Source
	case o.Line > 0:
		return a.opt.File
	}
	return "<dict>"
}

// locate returns err with the source and line of the failing option
// filled in when the engine left them out.
func locate(err error, source string, line int) error {
	var pe *alembicerr.Error
	if !errors.As(err, &pe) || pe.Source != "" {
		return err
	}
	c := *pe
	c.Source, c.Line = source, line
	return &c
}
