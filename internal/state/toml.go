package state

import (
	"context"
	"errors"
	"fmt"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/internal/pyformat"
	"github.com/koanf-alembic/koanf-alembic/internal/pypath"
	"github.com/koanf-alembic/koanf-alembic/internal/pytoml"
	"github.com/koanf-alembic/koanf-alembic/pyvalue"
)

// TOML is pyproject.toml as Alembic reads it: toml_alembic_config and
// toml_args.
type TOML struct {
	// Name is the file as given (TOMLFile).
	Name string
	// Table is [tool.alembic], raw and in order; nil when there is no
	// file, it does not exist, or it has no [tool.alembic].
	Table *pyvalue.Dict
	// Args are toml_args: config_args with their original key case and
	// types, plus `here` (the TOML file's directory) once the file exists.
	Args *pyvalue.Dict
}

// ReadTOML reads [tool.alembic] as Alembic's toml_alembic_config does: a
// file that does not exist gives no table and no error; a TOML error is a
// TOMLDecodeError, a `tool` that is not a table an AttributeError, a
// [tool.alembic] that is not one a CommandError.
// Special files, the size limit and ctx are as for ReadINI.
func ReadTOML(ctx context.Context, f Files) (*TOML, error) {
	t := &TOML{Name: f.TOMLFile, Args: f.ConfigArgs.Copy()}
	if f.TOMLFile == "" {
		return t, nil
	}
	f, err := f.withWorkDir()
	if err != nil {
		return nil, err
	}
	here, err := f.here(f.TOMLFile)
	if err != nil {
		return nil, err
	}
	if !f.exists(f.TOMLFile) {
		return t, nil // Path.exists() is false: no table, no error
	}
	t.Args.Set("here", here)
	data, err := f.read(ctx, f.TOMLFile, nil)
	if err != nil {
		var refused *alembicerr.Error
		if errors.As(err, &refused) {
			return nil, err
		}
		return nil, pypath.OSError(pypath.Posix(f.TOMLFile), err)
	}
	doc, err := pytoml.Decode(f.TOMLFile, data)
	if err != nil {
		return nil, err
	}
	tool, ok := doc.Get("tool")
	if !ok {
		return t, nil
	}
	toolTable, ok := tool.(*pyvalue.Dict)
	if !ok {
		return nil, &alembicerr.Error{Kind: alembicerr.AttributeError, Source: f.TOMLFile,
			Detail:  "[tool] is not a table",
			Message: fmt.Sprintf("'%s' object has no attribute 'get'", pyvalue.TypeName(tool))}
	}
	alembic, ok := toolTable.Get("alembic")
	if !ok {
		return t, nil
	}
	table, ok := alembic.(*pyvalue.Dict)
	if !ok {
		return nil, &alembicerr.Error{Kind: alembicerr.CommandError, Source: f.TOMLFile,
			Detail: "[tool.alembic] is not a table", Message: "Incorrect TOML format"}
	}
	t.Table = table
	return t, nil
}

// Raw returns the raw [tool.alembic] value of name.
func (t *TOML) Raw(name string) (any, bool) {
	if t == nil {
		return nil, false
	}
	return t.Table.Get(name)
}

// Value is Alembic's _get_toml_config_value: the [tool.alembic] value of
// name with a string %-formatted with toml_args, a list's strings (or a
// list of tables' values) element by element, a table's values; integers
// and booleans as they are; any other type a CommandError. ok is false
// when the key is absent. Formatting fails as Python's does (KeyError,
// ValueError, TypeError, AttributeError for a list of tables with a later
// non-table).
func (t *TOML) Value(name string) (value any, ok bool, err error) {
	v, ok := t.Raw(name)
	if !ok {
		return nil, false, nil
	}
	switch v := v.(type) {
	case string:
		s, err := pyformat.Format(v, t.Args)
		return s, err == nil, err
	case []any:
		l, err := t.list(v)
		return l, err == nil, err
	case *pyvalue.Dict:
		d, err := t.table(v)
		return d, err == nil, err
	case int64, int, bool:
		return v, true, nil
	}
	return nil, false, alembicerr.New(alembicerr.CommandError, "unsupported TOML value type for key: "+pyvalue.ReprString(name))
}

func (t *TOML) list(list []any) ([]any, error) {
	out := make([]any, len(list))
	if len(list) > 0 {
		if _, tables := list[0].(*pyvalue.Dict); tables {
			for i, x := range list {
				tab, ok := x.(*pyvalue.Dict)
				if !ok {
					return nil, alembicerr.New(alembicerr.AttributeError,
						fmt.Sprintf("'%s' object has no attribute 'items'", pyvalue.TypeName(x)))
				}
				d, err := t.table(tab)
				if err != nil {
					return nil, err
				}
				out[i] = d
			}
			return out, nil
		}
	}
	for i, x := range list {
		s, err := t.percent(x)
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

func (t *TOML) table(tab *pyvalue.Dict) (*pyvalue.Dict, error) {
	d := pyvalue.NewDict()
	for _, k := range tab.Keys() {
		x, _ := tab.Get(k)
		s, err := t.percent(x)
		if err != nil {
			return nil, err
		}
		d.Set(k, s)
	}
	return d, nil
}

// percent is Python's `value % toml_args`: only strings can be formatted.
func (t *TOML) percent(v any) (any, error) {
	s, ok := v.(string)
	if !ok {
		return nil, alembicerr.New(alembicerr.TypeError,
			fmt.Sprintf("unsupported operand type(s) for %%: '%s' and 'dict'", pyvalue.TypeName(v)))
	}
	return pyformat.Format(s, t.Args)
}
