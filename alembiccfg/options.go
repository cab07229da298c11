package alembiccfg

import (
	"strings"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/internal/configparser"
	"github.com/koanf-alembic/koanf-alembic/pyvalue"
)

// Item is one option of a section: its name and its interpolated value.
type Item struct {
	Name  string
	Value string
}

// MainOption is get_main_option: the interpolated value of an option of
// the main section (its own or a default). ok is false when the option is
// absent; a missing main section is a CommandError. pyproject.toml is
// never consulted.
func (c *Config) MainOption(name string) (value string, ok bool, err error) {
	// The hot path: a value looked up before, without a closure.
	c.mu.Lock()
	if v, ok := c.resolvedMain.get(name); ok && c.fc != nil {
		c.mu.Unlock()
		return v, true, nil
	}
	c.mu.Unlock()
	return do2(c, func() (string, bool, error) {
		return c.sectionOption(c.section, name)
	})
}

// SectionOption is get_section_option.
func (c *Config) SectionOption(section, name string) (value string, ok bool, err error) {
	c.mu.Lock()
	if v, ok := c.resolved[optionKey{section, name}]; ok && c.fc != nil && section != c.section {
		c.mu.Unlock()
		return v, true, nil
	}
	c.mu.Unlock()
	return do2(c, func() (string, bool, error) {
		return c.sectionOption(section, name)
	})
}

func (c *Config) sectionOption(section, name string) (string, bool, error) {
	fc, err := c.fileConfig()
	if err != nil {
		return "", false, err
	}
	if section == c.section {
		if v, ok := c.resolvedMain.get(name); ok {
			return v, true, nil
		}
	} else if v, ok := c.resolved[optionKey{section, name}]; ok {
		return v, true, nil
	}
	if section == configparser.DefaultSection {
		return "", false, c.noSectionError(section) // has_section("DEFAULT") is false
	}
	// One lookup does has_section, has_option and get: only a missing
	// section makes it fail with NoSectionError.
	o, ok, err := fc.Lookup(section, name)
	if pe, isPy := err.(*alembicerr.Error); isPy && pe.Kind == alembicerr.NoSectionError {
		return "", false, c.noSectionError(section)
	}
	if err != nil || !ok {
		return "", false, err
	}
	v := o.Value
	if strings.IndexByte(v, '%') >= 0 {
		if v, _, err = fc.Get(section, name); err != nil {
			return "", false, err
		}
	}
	c.remember(section, name, v)
	return v, true, nil
}

// optionKey names an option as looked up.
type optionKey struct{ section, name string }

// remember keeps a resolved value: the view changes only through
// set/remove/reload, which forget them all.
func (c *Config) remember(section, name, value string) {
	if section == c.section {
		c.resolvedMain.put(name, value)
		return
	}
	if c.resolved == nil {
		c.resolved = make(map[optionKey]string)
	}
	c.resolved[optionKey{section, name}] = value
}

// forget drops the resolved values after a change.
func (c *Config) forget() {
	c.kview, c.resolved, c.resolvedMain = nil, nil, nameCache{}
}

// nameCache holds resolved values by option name: the first few inline
// (a Config is usually asked for a handful of main options, and a fresh
// one then needs no map), the others in a map.
type nameCache struct {
	few  [4]struct{ name, value string }
	n    int
	more map[string]string
}

func (m *nameCache) get(name string) (string, bool) {
	for i := range m.few[:m.n] {
		if m.few[i].name == name {
			return m.few[i].value, true
		}
	}
	v, ok := m.more[name]
	return v, ok
}

func (m *nameCache) put(name, value string) {
	for i := range m.few[:m.n] {
		if m.few[i].name == name {
			m.few[i].value = value
			return
		}
	}
	if m.n < len(m.few) {
		m.few[m.n].name, m.few[m.n].value = name, value
		m.n++
		return
	}
	if m.more == nil {
		m.more = make(map[string]string)
	}
	m.more[name] = value
}

// Section is get_section: every option of the section, defaults first,
// each interpolated. ok is false when the section does not exist (DEFAULT
// never does); the first value that fails to interpolate is the error.
func (c *Config) Section(name string) (items []Item, ok bool, err error) {
	return do2(c, func() ([]Item, bool, error) {
		return c.sectionItems(name)
	})
}

func (c *Config) sectionItems(name string) ([]Item, bool, error) {
	fc, err := c.fileConfig()
	if err != nil {
		return nil, false, err
	}
	if !fc.HasSection(name) {
		return nil, false, nil
	}
	raw, err := fc.Items(name)
	if err != nil {
		return nil, false, err
	}
	items := make([]Item, len(raw))
	for i, it := range raw {
		items[i] = Item{Name: it.Name, Value: it.Value}
	}
	return items, true, nil
}

// SetMainOption is set_main_option: it sets a raw value in the main
// section, creating the section if needed. The value may reference other
// options with %(name)s; a "%" that is neither "%%" nor part of a
// reference is a ValueError.
func (c *Config) SetMainOption(name, value string) error {
	return do0(c, func() error {
		return c.setSectionOption(c.section, name, value)
	})
}

// SetSectionOption is set_section_option. The section "DEFAULT" is a
// ValueError; as in CPython, the section "" is created but the value goes
// to the defaults.
func (c *Config) SetSectionOption(section, name, value string) error {
	return do0(c, func() error {
		return c.setSectionOption(section, name, value)
	})
}

func (c *Config) setSectionOption(section, name, value string) error {
	fc, err := c.fileConfig()
	if err != nil {
		return err
	}
	existed := fc.HasSection(section)
	if err := setOn(fc, section, name, value, configparser.OriginSet); err != nil {
		if !existed && fc.HasSection(section) {
			// As in Alembic, the section was added before set refused the
			// value: it stays, in this view and after a reload.
			c.journal = append(c.journal, journalEntry{addSection: true, section: section})
			c.gen++
			c.forget()
		}
		return err
	}
	c.journal = append(c.journal, journalEntry{section: section, name: name, value: value})
	c.gen++
	c.forget()
	return nil
}

// RemoveMainOption is remove_main_option: it removes an option of the
// main section; an absent option (or a default such as `here`) is left
// alone, a missing main section is a NoSectionError.
func (c *Config) RemoveMainOption(name string) error {
	return do0(c, func() error {
		fc, err := c.fileConfig()
		if err != nil {
			return err
		}
		if _, err = fc.RemoveOption(c.section, name); err != nil {
			return err
		}
		c.journal = append(c.journal, journalEntry{remove: true, section: c.section, name: name})
		c.gen++
		c.forget()
		return nil
	})
}

// AlembicOption is get_alembic_option: the main section's value when the
// main section has the option (its own, [DEFAULT] or config_args, even
// empty), else the pyproject.toml value. ok is false when neither has it.
func (c *Config) AlembicOption(name string) (value any, ok bool, err error) {
	return do2(c, func() (any, bool, error) {
		fc, err := c.fileConfig()
		if err != nil {
			return nil, false, err
		}
		if fc.HasOption(c.section, name) {
			v, _, err := fc.Get(c.section, name)
			if err != nil {
				return nil, false, err
			}
			return v, true, nil
		}
		return c.tomlValue(name)
	})
}

// AlembicBoolOption is get_alembic_boolean_option: in the ini, true only
// for the exact text "true"; in pyproject.toml a TOML boolean (anything
// else is a CommandError); false when absent.
func (c *Config) AlembicBoolOption(name string) (bool, error) {
	return do1(c, func() (bool, error) {
		fc, err := c.fileConfig()
		if err != nil {
			return false, err
		}
		if fc.HasOption(c.section, name) {
			v, _, err := fc.Get(c.section, name)
			return v == "true", err
		}
		v, ok, err := c.tomlRaw(name)
		if err != nil || !ok {
			return false, err
		}
		b, isBool := v.(bool)
		if !isBool {
			return false, alembicerr.New(alembicerr.CommandError, "boolean value expected for TOML parameter "+pyvalue.ReprString(name))
		}
		return b, nil
	})
}
