package alembic

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/internal/pyformat"
	"github.com/koanf-alembic/koanf-alembic/internal/pypath"
	"github.com/koanf-alembic/koanf-alembic/internal/pytoml"
	"github.com/koanf-alembic/koanf-alembic/internal/pyvalue"
)

// tomlPart is pyproject.toml's contribution to the tree.
type tomlPart struct {
	table *pyvalue.Dict  // [tool.alembic], raw and ordered
	tree  map[string]any // the same, converted for koanf
}

// readTOML reads [tool.alembic] as Alembic's toml_alembic_config does and
// converts it; nil when there is no TOML file, it does not exist, or it
// has no [tool.alembic].
func (a *Alembic) readTOML(dir string, args *pyvalue.Dict) (*tomlPart, error) {
	name := a.opt.TOMLFile
	if name == "" {
		return nil, nil
	}
	path := pypath.Resolve(name, dir)
	if _, err := os.Stat(path); err != nil {
		return nil, nil // Path.exists() is false: nothing, no error
	}
	args.Set("here", pypath.Here(name, dir))
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, pypath.OSError(pypath.Posix(name), err)
	}
	doc, err := pytoml.Decode(name, data)
	if err != nil {
		return nil, err
	}
	tool, ok := doc.Get("tool")
	if !ok {
		return nil, nil
	}
	toolTable, ok := tool.(*pyvalue.Dict)
	if !ok {
		return nil, &alembicerr.Error{Kind: alembicerr.AttributeError, Source: name,
			Detail:  "[tool] is not a table",
			Message: fmt.Sprintf("'%s' object has no attribute 'get'", pyvalue.TypeName(tool))}
	}
	alembic, ok := toolTable.Get("alembic")
	if !ok {
		return nil, nil
	}
	table, ok := alembic.(*pyvalue.Dict)
	if !ok {
		return nil, &alembicerr.Error{Kind: alembicerr.CommandError, Source: name,
			Detail: "[tool.alembic] is not a table", Message: "Incorrect TOML format"}
	}
	c := tomlConverter{a: a, source: name, args: args}
	tree, err := c.table(table, "")
	if err != nil {
		return nil, err
	}
	return &tomlPart{table: table, tree: tree}, nil
}

// tomlConverter turns pyvalue values into koanf's types, %-formatting
// strings with toml_args.
type tomlConverter struct {
	a      *Alembic
	source string
	args   *pyvalue.Dict
}

func (c *tomlConverter) table(t *pyvalue.Dict, path string) (map[string]any, error) {
	out := make(map[string]any, t.Len())
	for _, k := range t.Keys() {
		v, _ := t.Get(k)
		p := k
		if path != "" {
			p = path + "." + k
		}
		cv, err := c.value(v, p)
		if err != nil {
			return nil, err
		}
		out[k] = cv
	}
	return out, nil
}

func (c *tomlConverter) value(v any, path string) (any, error) {
	switch v := v.(type) {
	case string:
		if c.a.opt.Raw {
			return v, nil
		}
		s, err := pyformat.Format(v, c.args)
		if err == nil {
			return s, nil
		}
		return v, c.a.report("tool.alembic", path, c.locate(err, path))
	case *pyvalue.Dict:
		return c.table(v, path)
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			cv, err := c.value(x, path+"["+strconv.Itoa(i)+"]")
			if err != nil {
				return nil, err
			}
			out[i] = cv
		}
		return out, nil
	case pyvalue.DateTime:
		if v.Offset == nil {
			return v.Date.String() + "T" + v.Time.String(), nil
		}
		loc := time.UTC
		if *v.Offset != 0 {
			loc = time.FixedZone("", *v.Offset)
		}
		// Python keeps microseconds, so does the tree.
		return time.Date(v.Year, time.Month(v.Month), v.Day, v.Hour, v.Minute, v.Second, v.Nanosecond/1000*1000, loc), nil
	case pyvalue.Date, pyvalue.Time:
		return pyvalue.Str(v), nil
	}
	return v, nil // int64, float64, bool
}

// locate fills in the TOML file and the key path of a formatting error.
func (c *tomlConverter) locate(err error, path string) error {
	pe, ok := err.(*alembicerr.Error)
	if !ok {
		return err
	}
	e := *pe
	if e.Source == "" {
		e.Source = c.source
	}
	e.Section, e.Option = "tool.alembic", path
	if e.Detail == "" {
		e.Detail = fmt.Sprintf("[tool.alembic] %s: %s", path, e.Message)
	}
	return &e
}
