package alembiccfg

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/koanf-alembic/koanf-alembic/pydict"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/internal/pyformat"
	"github.com/koanf-alembic/koanf-alembic/internal/pypath"
	"github.com/koanf-alembic/koanf-alembic/internal/pytoml"
	"github.com/koanf-alembic/koanf-alembic/internal/pyvalue"
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
// Alembic. The Dict is the Config's own: do not modify it.
func (c *Config) TOMLAlembicConfig() (*Dict, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.tomlAlembicConfig()
}

func (c *Config) tomlAlembicConfig() (*Dict, error) {
	if c.toml != nil {
		return c.toml, nil
	}
	table, err := c.readTOML()
	if err != nil {
		return nil, err
	}
	c.toml = table
	return table, nil
}

func (c *Config) readTOML() (*Dict, error) {
	if c.opts.TOMLFile == "" {
		return pydict.New(), nil
	}
	dir, err := c.workDir()
	if err != nil {
		return nil, err
	}
	path := c.opts.TOMLFile
	if !filepath.IsAbs(path) {
		path = filepath.Join(dir, path)
	}
	if _, err := os.Stat(path); err != nil {
		return pydict.New(), nil // Path.exists() is false: no table, no error
	}
	c.tomlArgs.Set("here", pypath.Here(c.opts.TOMLFile, dir))
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, pypath.OSError(pypath.Posix(c.opts.TOMLFile), err)
	}
	doc, err := pytoml.Decode(c.opts.TOMLFile, data)
	if err != nil {
		return nil, err
	}
	tool, ok := doc.Get("tool")
	if !ok {
		return pydict.New(), nil
	}
	toolTable, ok := tool.(*Dict)
	if !ok {
		return nil, &alembicerr.Error{Kind: alembicerr.AttributeError, Source: c.opts.TOMLFile,
			Detail:  "[tool] is not a table",
			Message: fmt.Sprintf("'%s' object has no attribute 'get'", pyvalue.TypeName(tool))}
	}
	alembic, ok := toolTable.Get("alembic")
	if !ok {
		return pydict.New(), nil
	}
	table, ok := alembic.(*Dict)
	if !ok {
		return nil, &alembicerr.Error{Kind: alembicerr.CommandError, Source: c.opts.TOMLFile,
			Detail: "[tool.alembic] is not a table", Message: "Incorrect TOML format"}
	}
	return table, nil
}

// TOMLValue is Alembic's _get_toml_config_value: the [tool.alembic]
// value of name with strings (also inside lists and tables) %-formatted
// with toml_args; integers and booleans as they are; floats and dates a
// CommandError. ok is false when the key is absent. Unlike AlembicOption
// it never consults the ini.
func (c *Config) TOMLValue(name string) (value any, ok bool, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.tomlValue(name)
}

// tomlRaw returns the raw [tool.alembic] value of name.
func (c *Config) tomlRaw(name string) (any, bool, error) {
	table, err := c.tomlAlembicConfig()
	if err != nil {
		return nil, false, err
	}
	v, ok := table.Get(name)
	return v, ok, nil
}

// tomlValue is _get_toml_config_value: strings, the strings of lists and
// the values of tables %-formatted with toml_args; integers and booleans
// as they are; other types a CommandError.
func (c *Config) tomlValue(name string) (any, bool, error) {
	v, ok, err := c.tomlRaw(name)
	if err != nil || !ok {
		return nil, false, err
	}
	switch v := v.(type) {
	case string:
		s, err := pyformat.Format(v, c.tomlArgs)
		return s, err == nil, err
	case []any:
		return c.tomlList(v)
	case *Dict:
		d, err := c.tomlTable(v)
		return d, err == nil, err
	case int64, int, bool:
		return v, true, nil
	}
	return nil, false, alembicerr.New(alembicerr.CommandError, "unsupported TOML value type for key: "+pyvalue.ReprString(name))
}

func (c *Config) tomlList(list []any) (any, bool, error) {
	out := make([]any, len(list))
	if len(list) > 0 {
		if _, tables := list[0].(*Dict); tables {
			for i, x := range list {
				t, ok := x.(*Dict)
				if !ok {
					return nil, false, alembicerr.New(alembicerr.AttributeError,
						fmt.Sprintf("'%s' object has no attribute 'items'", pyvalue.TypeName(x)))
				}
				d, err := c.tomlTable(t)
				if err != nil {
					return nil, false, err
				}
				out[i] = d
			}
			return out, true, nil
		}
	}
	for i, x := range list {
		s, err := c.percent(x)
		if err != nil {
			return nil, false, err
		}
		out[i] = s
	}
	return out, true, nil
}

func (c *Config) tomlTable(t *Dict) (*Dict, error) {
	d := pydict.New()
	for _, k := range t.Keys() {
		x, _ := t.Get(k)
		s, err := c.percent(x)
		if err != nil {
			return nil, err
		}
		d.Set(k, s)
	}
	return d, nil
}

// percent is Python's `value % toml_args`: only strings can be formatted.
func (c *Config) percent(v any) (any, error) {
	s, ok := v.(string)
	if !ok {
		return nil, alembicerr.New(alembicerr.TypeError,
			fmt.Sprintf("unsupported operand type(s) for %%: '%s' and 'dict'", pyvalue.TypeName(v)))
	}
	return pyformat.Format(s, c.tomlArgs)
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
	d := pydict.New()
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
