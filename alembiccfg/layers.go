package alembiccfg

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/koanf-alembic/koanf-alembic/pyvalue"

	"github.com/knadh/koanf/v2"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/internal/configparser"
	"github.com/koanf-alembic/koanf-alembic/internal/state"
)

// Layer is an extra source of ini options, e.g. an application's own TOML
// file (file.Provider + toml.Parser) or a key/value store. Its top-level
// keys are sections; deeper keys join with "." into option names (koanf's
// TOML parser nests `sqlalchemy.url`); scalars become text as TOML writes
// them (true, 42, 1.5); a list is an error naming its key.
//
// A layer behaves like set_section_option calls on the merged view, in
// sorted key order: an existing option keeps its position, new options
// and sections are appended, [DEFAULT] is never a target.
//
// A layer's provider may implement ContextWatcher, so that Config.Watch
// follows it too, and KeySourcer, so that provenance names where each
// value came from in its own terms.
type Layer struct {
	// Name labels the layer in provenance (Source.Layer).
	Name string
	// Provider reads the layer.
	Provider koanf.Provider
	// Parser parses Provider.ReadBytes; nil when Provider.Read returns a
	// map (confmap, etcd).
	Parser koanf.Parser
	// Raw takes values as ini text, as reading alembic.ini takes them:
	// interpolated on read, and never refused when set, so that text a
	// file may hold (a logging format such as %(levelname)-5.5s) is
	// accepted and a lone % fails only when its option is read, with the
	// InterpolationSyntaxError Alembic raises for the file, naming the
	// layer's key. By default values are literal (every "%" doubled).
	Raw bool
	// AboveEnv ranks the layer above the environment; by default it sits
	// just above alembic.ini, below the environment.
	AboveEnv bool
}

// ContextWatcher is a layer provider that can report its changes until a
// context ends (koanf's own Watch(cb) cannot be stopped for some
// providers). Watch starts watching and returns; onChange is called after
// each change (nil) or with the error that stopped or troubled it; when
// ctx ends the provider stops and leaves no goroutine behind.
type ContextWatcher interface {
	Watch(ctx context.Context, onChange func(err error)) error
}

// KeySourcer is a layer provider that names where the value of an option
// came from, for provenance and for the errors of that value: KeySource
// returns "/apps/x/alembic/sqlalchemy.url @ revision 42", which the Config
// shows after the layer's name ("etcd /apps/x/… @ revision 42"). It is
// asked right after Read, for the section and option names as they appear
// in the tree Read returned (the option not lower-cased), so it answers for
// that tree.
type KeySourcer interface {
	KeySource(section, option string) string
}

// journalEntry is a programmatic change, replayed after a reload.
type journalEntry struct {
	remove        bool
	addSection    bool // a section set_section_option added before its set failed
	section, name string
	value         string
}

// applyLayers builds the layers above the file on p, in rank order: the
// extra layers below the environment, the environment, the extra layers
// above it, then the journal of programmatic changes.
func (c *Config) applyLayers(ctx context.Context, p *configparser.Parser, s loadSnapshot) error {
	for _, l := range c.opts.Layers {
		if !l.AboveEnv {
			if err := c.applyLayer(p, l); err != nil {
				return err
			}
		}
	}
	if c.opts.Env != nil {
		if err := c.applyEnv(ctx, p, s); err != nil {
			return err
		}
	}
	for _, l := range c.opts.Layers {
		if l.AboveEnv {
			if err := c.applyLayer(p, l); err != nil {
				return err
			}
		}
	}
	for _, j := range s.journal {
		var err error
		switch {
		case j.addSection:
			if !p.HasSection(j.section) {
				err = p.AddSection(j.section)
			}
		case j.remove:
			// A section that no layer has now has nothing to hide.
			if _, err = p.RemoveOption(j.section, j.name); errors.Is(err, alembicerr.ErrNoSection) {
				err = nil
			}
		default:
			err = setOn(p, j.section, j.name, j.value, configparser.OriginSet)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// setOn is set_section_option on a parser: create the section, set.
func setOn(p *configparser.Parser, section, name, value string, origin *configparser.Origin) error {
	if !p.HasSection(section) {
		if err := p.AddSection(section); err != nil {
			return err
		}
	}
	return p.SetFrom(section, name, value, origin)
}

// putOn is setOn without the set-time check, as a file is read.
func putOn(p *configparser.Parser, section, name, value string, origin *configparser.Origin) error {
	if !p.HasSection(section) {
		if err := p.AddSection(section); err != nil {
			return err
		}
	}
	return p.Put(section, name, value, origin)
}

func (c *Config) applyLayer(p *configparser.Parser, l Layer) error {
	var tree map[string]any
	var err error
	if l.Parser != nil {
		var b []byte
		if b, err = l.Provider.ReadBytes(); err == nil {
			tree, err = l.Parser.Unmarshal(b)
		}
	} else {
		tree, err = l.Provider.Read()
	}
	if err != nil {
		return fmt.Errorf("layer %s: %w", l.Name, err)
	}
	opts, err := flattenLayer(tree)
	if err != nil {
		return layerError(l.Name, err)
	}
	for _, o := range opts {
		value := o.value
		if !l.Raw {
			value = state.Literal(value)
		}
		source, where := o.key, l.Name+" key "+o.key
		if ks, ok := l.Provider.(KeySourcer); ok {
			source = ks.KeySource(o.section, o.name)
			where = l.Name + " " + source
		}
		origin := &configparser.Origin{Layer: l.Name, Source: source}
		set := setOn
		if l.Raw {
			set = putOn
		}
		if err := set(p, o.section, o.option, value, origin); err != nil {
			return layerError(where, err)
		}
	}
	return nil
}

func layerError(where string, err error) error {
	var pe *alembicerr.Error
	if errors.As(err, &pe) {
		c := *pe
		c.Source = where
		return &c
	}
	return fmt.Errorf("%s: %w", where, err)
}

// layerOption is one option of an extra layer.
type layerOption struct {
	key, section, option, value string
	name                        string // the option as the tree spells it
}

// flattenLayer turns a koanf tree into options, sorted by section, then
// option.
func flattenLayer(tree map[string]any) ([]layerOption, error) {
	var out []layerOption
	for section, v := range tree {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, &alembicerr.Error{Kind: alembicerr.ValueError, Section: section,
				Message: fmt.Sprintf("key %q is not a section (a table of options)", section)}
		}
		if section == configparser.DefaultSection {
			return nil, &alembicerr.Error{Kind: alembicerr.ValueError, Section: section,
				Message: "Invalid section name: 'DEFAULT'"}
		}
		if err := flattenOptions(section, "", m, &out); err != nil {
			return nil, err
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].section != out[j].section {
			return out[i].section < out[j].section
		}
		return out[i].option < out[j].option
	})
	return out, nil
}

func flattenOptions(section, prefix string, m map[string]any, out *[]layerOption) error {
	for k, v := range m {
		name := prefix + k
		key := section + "." + name
		if sub, ok := v.(map[string]any); ok {
			if err := flattenOptions(section, name+".", sub, out); err != nil {
				return err
			}
			continue
		}
		text, err := scalarText(v)
		if err != nil {
			return &alembicerr.Error{Kind: alembicerr.ValueError, Section: section, Option: name,
				Message: fmt.Sprintf("key %q: %v", key, err)}
		}
		*out = append(*out, layerOption{key: key, section: section, name: name, option: pyvalue.Lower(name), value: text})
	}
	return nil
}

// scalarText renders a scalar as TOML writes it.
func scalarText(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case bool:
		return strconv.FormatBool(v), nil
	case int:
		return strconv.Itoa(v), nil
	case int64:
		return strconv.FormatInt(v, 10), nil
	case uint64:
		return strconv.FormatUint(v, 10), nil
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64), nil
	case time.Time:
		return v.Format(time.RFC3339Nano), nil
	case fmt.Stringer:
		return v.String(), nil
	case nil:
		return "", errors.New("a null value has no ini form")
	case []any:
		return "", errors.New("a list has no ini form")
	}
	return "", fmt.Errorf("a %T has no ini form", v)
}

// applyEnv applies the environment layer: the INI fragment (raw), then
// the variables.
func (c *Config) applyEnv(ctx context.Context, p *configparser.Parser, s loadSnapshot) error {
	known := envNames{Fill: func(known *envNames) {
		known.Sections = make(map[string][]string, len(p.Sections()))
		for _, s := range p.Sections() {
			names, _ := p.Options(s)
			known.Sections[s] = names
		}
		if _, ok := known.Sections[s.section]; !ok {
			var names []string
			for _, o := range p.DefaultOptions() {
				names = append(names, o.Name)
			}
			known.Sections[s.section] = names
		}
		// pyproject.toml's keys are candidates for the main section's
		// names: the memoised file if it was read, else a fresh read (its
		// errors are the TOML getters' to report).
		t := s.toml
		if t == nil {
			t, _ = state.ReadTOML(ctx, c.files(s.section))
		}
		if t != nil {
			known.TOMLKeys = t.Table.Keys()
		}
	}}
	assignments, fragment, err := mapEnvironment(*c.opts.Env, s.section, known)
	if err != nil {
		return err
	}
	if fragment != "" {
		if err := applyFragment(p, c.opts.Env.Prefix+envReservedINI, fragment); err != nil {
			return err
		}
	}
	for _, a := range assignments {
		value := a.Value
		if !c.opts.Env.Raw {
			value = state.Literal(value)
		}
		origin := &configparser.Origin{Layer: "env", Source: a.Var}
		if err := setOn(p, a.Section, a.Option, value, origin); err != nil {
			return layerError(a.Var, err)
		}
	}
	return nil
}

// applyFragment reads an INI fragment from a variable, raw, with the
// engine, as a file is read (sections it names are created even when
// empty, values are not validated); [DEFAULT] is refused.
func applyFragment(p *configparser.Parser, name, text string) error {
	doc, err := configparser.Parse(name, []byte(text))
	if err != nil {
		return err
	}
	if len(doc.Defaults) > 0 {
		return &alembicerr.Error{Kind: alembicerr.ValueError, Source: name, Line: int(doc.Defaults[0].Line),
			Section: configparser.DefaultSection, Message: "Invalid section name: 'DEFAULT'"}
	}
	origin := &configparser.Origin{Layer: "env", Source: name}
	for _, s := range doc.Sections {
		if !p.HasSection(s.Name) {
			if err := p.AddSection(s.Name); err != nil {
				return err
			}
		}
		for _, o := range s.Options {
			// Read raw, as a file: no set-time validation.
			if err := p.Put(s.Name, o.Name, o.Value, origin); err != nil {
				var pe *alembicerr.Error
				if errors.As(err, &pe) {
					cp := *pe
					cp.Source, cp.Line = name, int(o.Line)
					return &cp
				}
				return err
			}
		}
	}
	return nil
}
