package alembiccfg

import (
	"fmt"

	"github.com/koanf-alembic/koanf-alembic/pyvalue"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/internal/state"
)

// TOMLFileName returns toml_file_name: the pyproject.toml, "" for none.
func (c *Config) TOMLFileName() string { return c.opts.TOMLFile }

// TOMLArgs returns a copy of toml_args: config_args with their original
// key case and types, which %-formatting of pyproject.toml values uses;
// after pyproject.toml was read it holds `here`, the TOML file's directory.
func (c *Config) TOMLArgs() *Dict {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.tomlArgs.Copy()
}

// TOMLAlembicConfig returns toml_alembic_config: pyproject.toml's
// [tool.alembic] table, raw (not %-formatted), read on first use. It is
// empty without a TOML file or when the file does not exist; a TOML
// syntax error is a TOMLDecodeError, a [tool.alembic] that is not a table
// a CommandError, a `tool` that is not a table an AttributeError, as in
// Alembic. The Dict is a copy: changing it changes nothing here.
func (c *Config) TOMLAlembicConfig() (*Dict, error) {
	return do1(c, func() (*Dict, error) {
		t, err := c.tomlAlembicConfig()
		return t.Copy(), err
	})
}

// tomlState returns the memoised pyproject.toml, or asks do to read it.
func (c *Config) tomlState() (*state.TOML, error) {
	if c.toml == nil {
		return nil, errNeedTOML
	}
	return c.toml, nil
}

func (c *Config) tomlAlembicConfig() (*Dict, error) {
	t, err := c.tomlState()
	if err != nil {
		return nil, err
	}
	if t.Table == nil {
		return pyvalue.NewDict(), nil
	}
	return t.Table, nil
}

// tomlRaw returns the raw [tool.alembic] value of name.
func (c *Config) tomlRaw(name string) (any, bool, error) {
	t, err := c.tomlState()
	if err != nil {
		return nil, false, err
	}
	v, ok := t.Raw(name)
	return v, ok, nil
}

// TOMLValue is Alembic's _get_toml_config_value: the [tool.alembic]
// value of name with strings (also inside lists and tables) %-formatted
// with toml_args; integers and booleans as they are; floats and dates a
// CommandError. ok is false when the key is absent. Unlike AlembicOption
// it never consults the ini.
func (c *Config) TOMLValue(name string) (value any, ok bool, err error) {
	return do2(c, func() (any, bool, error) { return c.tomlValue(name) })
}

// tomlValue is _get_toml_config_value.
func (c *Config) tomlValue(name string) (any, bool, error) {
	t, err := c.tomlState()
	if err != nil {
		return nil, false, err
	}
	return t.Value(name)
}

// tomlHooks is the pyproject.toml side of get_hooks_list: for each item
// of post_write_hooks, dict(item) with "name" moved to "_hook_name", last.
// Items that are not tables fail as Python's dict() and iteration fail.
func (c *Config) tomlHooks() ([]*Dict, error) {
	v, ok, err := c.tomlValue("post_write_hooks")
	if err != nil {
		return nil, err
	}
	hooks := []*Dict{}
	if !ok {
		return hooks, nil
	}
	items, err := pyIter(v)
	if err != nil {
		return nil, err
	}
	for _, x := range items {
		h, err := pyDict(x)
		if err != nil {
			return nil, err
		}
		name, ok := h.Get("name")
		if !ok {
			return nil, alembicerr.New(alembicerr.KeyError, "'name'")
		}
		h.Delete("name")
		h.Set("_hook_name", name)
		hooks = append(hooks, h)
	}
	return hooks, nil
}

// pyIter is Python's iteration: a list's items, a string's characters, a
// dict's keys; anything else is not iterable.
func pyIter(v any) ([]any, error) {
	switch v := v.(type) {
	case []any:
		return v, nil
	case string:
		var out []any
		for _, r := range v {
			out = append(out, string(r))
		}
		return out, nil
	case *Dict:
		out := make([]any, 0, v.Len())
		for _, k := range v.Keys() {
			out = append(out, k)
		}
		return out, nil
	}
	return nil, alembicerr.New(alembicerr.TypeError, fmt.Sprintf("'%s' object is not iterable", pyvalue.TypeName(v)))
}

// pyDict is Python's dict(x): a copy of a dict, or the pairs of an
// iterable whose items are sequences of two.
func pyDict(x any) (*Dict, error) {
	if d, ok := x.(*Dict); ok {
		return d.Copy(), nil
	}
	items, err := pyIter(x)
	if err != nil {
		return nil, err
	}
	d := pyvalue.NewDict()
	for i, item := range items {
		pair, err := pyIter(item)
		if err != nil {
			return nil, alembicerr.New(alembicerr.TypeError, fmt.Sprintf("cannot convert dictionary update sequence element #%d to a sequence", i))
		}
		if len(pair) != 2 {
			return nil, alembicerr.New(alembicerr.ValueError, fmt.Sprintf("dictionary update sequence element #%d has length %d; 2 is required", i, len(pair)))
		}
		k, ok := pair[0].(string)
		if !ok {
			return nil, alembicerr.New(alembicerr.TypeError, fmt.Sprintf("unhashable type: '%s'", pyvalue.TypeName(pair[0])))
		}
		d.Set(k, pair[1])
	}
	return d, nil
}
