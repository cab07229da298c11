package state

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/internal/configparser"
	"github.com/koanf-alembic/koanf-alembic/internal/pyformat"
	"github.com/koanf-alembic/koanf-alembic/pyvalue"
)

// TOMLSection is the section name under which failures of pyproject.toml
// values are reported, and the tree path of [tool.alembic].
const TOMLSection = "tool.alembic"

// TreeOptions say how Tree treats values.
type TreeOptions struct {
	// Raw skips interpolation and %-formatting: values as they stand.
	Raw bool
	// Strict makes the first value that cannot be interpolated (or
	// formatted) the error of Tree instead of a Failure.
	Strict bool
	// Delim is the key delimiter of the koanf instance the tree goes
	// into, for the collision check; "" means ".".
	Delim string
}

// Failure is a value a tree keeps raw because it cannot be interpolated.
type Failure struct {
	Section, Option string
	Err             error
}

// LoggingRaw reports whether Python's logging.fileConfig reads the option
// raw (cp.get(…, raw=True)): format, datefmt, style and defaults of a
// [formatter_*] section. Every stock Alembic template holds
// "format = %(levelname)-5.5s …" there, which configparser cannot
// interpolate and logging never asks it to; the koanf trees give such
// values raw and never report them, strict or not.
func LoggingRaw(section, option string) bool {
	if !strings.HasPrefix(section, "formatter_") {
		return false
	}
	switch option {
	case "format", "datefmt", "style", "defaults":
		return true
	}
	return false
}

// Tree returns the koanf tree of an ini view and, when t holds a
// [tool.alembic] table, of pyproject.toml: every section of p is a
// top-level key holding items(section) (the defaults, then the section's
// own options), each value interpolated; [tool.alembic] sits under
// "tool" → "alembic", each value formatted as Alembic formats it (see
// TOMLTree). A value that cannot be interpolated stays raw and is returned
// as a Failure (an error with Strict); LoggingRaw values stay raw and are
// not reported. Two entries that koanf would address by one path are a
// CollisionError.
func Tree(p *configparser.Parser, t *TOML, o TreeOptions) (map[string]any, []Failure, error) {
	var failures []Failure
	fail := func(section, option string, err error) error {
		if o.Strict || errors.Is(err, configparser.ErrBudget) {
			return err // the budget of the state is no value's failure
		}
		failures = append(failures, Failure{section, option, err})
		return nil
	}
	delim := o.Delim
	if delim == "" {
		delim = "."
	}
	var dotted [][]string // keys whose parts hold the delimiter: the only ones that can collide
	note := func(parts []string) {
		for _, part := range parts {
			if strings.Contains(part, delim) {
				dotted = append(dotted, slices.Clone(parts))
				return
			}
		}
	}
	names := p.Sections()
	tree := make(map[string]any, len(names)+1)
	for _, name := range names {
		opts, err := p.ItemOptions(name)
		if err != nil {
			return nil, nil, err
		}
		key := [2]string{name}
		note(key[:1])
		vals := make(map[string]any, len(opts))
		for _, opt := range opts {
			key[1] = opt.Name
			note(key[:])
			v := opt.Value
			if !o.Raw && strings.IndexByte(v, '%') >= 0 && !LoggingRaw(name, opt.Name) {
				iv, err := p.InterpolateOption(name, opt)
				if err == nil {
					v = iv
				} else if err := fail(name, opt.Name, withSource(err, "<dict>")); err != nil {
					return nil, nil, err
				}
			}
			vals[opt.Name] = v
		}
		tree[name] = vals
	}
	if t != nil && t.Table != nil {
		// An option "alembic…" of an ini section [tool] reads as part of
		// [tool.alembic] through koanf's paths, whatever the keys.
		if p.HasSection("tool") {
			opts, _ := p.ItemOptions("tool")
			for _, opt := range opts {
				if opt.Name == "alembic" || strings.HasPrefix(opt.Name, "alembic"+delim) {
					return nil, nil, collision("tool"+delim+opt.Name, optionDesc("tool", opt), "["+TOMLSection+"] of "+t.Name)
				}
			}
		}
		noteTable(t.Table, []string{"tool", "alembic"}, note)
		alembic, err := TOMLTree(t, o.Raw, fail)
		if err != nil {
			return nil, nil, err
		}
		tool, _ := tree["tool"].(map[string]any)
		if tool == nil {
			tool = make(map[string]any, 1)
			tree["tool"] = tool
		}
		tool["alembic"] = alembic
	}
	for _, parts := range dotted {
		if other := otherKeys(tree, strings.Join(parts, delim), delim, parts); other != nil {
			a, b := describeKeys(p, t, parts), describeKeys(p, t, other)
			return nil, nil, collision(strings.Join(parts, delim), min(a, b), max(a, b))
		}
	}
	return tree, failures, nil
}

// withSource names source as the origin of an error that names none (a
// default has no file).
func withSource(err error, source string) error {
	var pe *alembicerr.Error
	if !errors.As(err, &pe) || pe.Source != "" {
		return err
	}
	c := *pe
	c.Source = source
	return &c
}

// TOMLTree is the koanf form of [tool.alembic]: each top-level value
// formatted as Alembic's _get_toml_config_value formats it — a string with
// toml_args, a list's strings element by element, the string values of a
// list of tables or of a table — while every value keeps the Go type
// go-toml decodes it to (int64, float64, bool, time.Time for an offset
// date-time, toml.LocalDate, toml.LocalTime, toml.LocalDateTime, []any,
// map[string]any). Values Alembic's getter would not format (numbers,
// dates, deeper tables) are kept as they are; a string that cannot be
// formatted stays raw and goes to fail with its key path
// ("post_write_hooks[0].entrypoint").
func TOMLTree(t *TOML, raw bool, fail func(section, option string, err error) error) (map[string]any, error) {
	c := tomlConverter{t: t, raw: raw, fail: fail}
	out := make(map[string]any, t.Table.Len())
	for _, k := range t.Table.Keys() {
		v, _ := t.Table.Get(k)
		cv, err := c.top(v, k)
		if err != nil {
			return nil, err
		}
		out[k] = cv
	}
	return out, nil
}

type tomlConverter struct {
	t    *TOML
	raw  bool
	fail func(section, option string, err error) error
}

// top converts a top-level value, formatting what Alembic formats.
func (c *tomlConverter) top(v any, path string) (any, error) {
	switch v := v.(type) {
	case string:
		return c.str(v, path)
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			p := path + "[" + strconv.Itoa(i) + "]"
			var err error
			switch x := x.(type) {
			case string:
				out[i], err = c.str(x, p)
			case *pyvalue.Dict:
				out[i], err = c.table(x, p, true)
			default:
				out[i] = plain(x)
			}
			if err != nil {
				return nil, err
			}
		}
		return out, nil
	case *pyvalue.Dict:
		return c.table(v, path, true)
	}
	return plain(v), nil
}

// table converts a table, formatting its string values when format is
// set (a top-level table or a table in a top-level list).
func (c *tomlConverter) table(d *pyvalue.Dict, path string, format bool) (map[string]any, error) {
	out := make(map[string]any, d.Len())
	for _, k := range d.Keys() {
		x, _ := d.Get(k)
		if s, ok := x.(string); ok && format {
			v, err := c.str(s, path+"."+k)
			if err != nil {
				return nil, err
			}
			out[k] = v
			continue
		}
		out[k] = plain(x)
	}
	return out, nil
}

func (c *tomlConverter) str(s, path string) (any, error) {
	if c.raw {
		return s, nil
	}
	v, err := pyformat.Format(s, c.t.Args)
	if err == nil {
		return v, nil
	}
	var pe *alembicerr.Error
	if errors.As(err, &pe) {
		e := *pe
		if e.Source == "" {
			e.Source = c.t.Name
		}
		e.Section, e.Option = TOMLSection, path
		if e.Detail == "" {
			e.Detail = fmt.Sprintf("[%s] %s: %s", TOMLSection, path, e.Message)
		}
		err = &e
	}
	return s, c.fail(TOMLSection, path, err)
}

// plain converts a decoded TOML value to the Go type go-toml gives it.
func plain(v any) any {
	switch v := v.(type) {
	case *pyvalue.Dict:
		out := make(map[string]any, v.Len())
		v.Range(func(k string, x any) bool {
			out[k] = plain(x)
			return true
		})
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = plain(x)
		}
		return out
	case pyvalue.Date:
		return toml.LocalDate{Year: v.Year, Month: v.Month, Day: v.Day}
	case pyvalue.Time:
		return localTime(v)
	case pyvalue.DateTime:
		if v.Offset == nil {
			return toml.LocalDateTime{LocalDate: toml.LocalDate{Year: v.Year, Month: v.Month, Day: v.Day}, LocalTime: localTime(v.Time)}
		}
		loc := time.UTC
		if *v.Offset != 0 {
			loc = time.FixedZone("", *v.Offset)
		}
		// Python keeps microseconds, so does the tree.
		return time.Date(v.Year, time.Month(v.Month), v.Day, v.Hour, v.Minute, v.Second, v.Nanosecond/1000*1000, loc)
	}
	return v // int64, float64, bool, string
}

// localTime is a Python time (microseconds) as go-toml's LocalTime.
func localTime(t pyvalue.Time) toml.LocalTime {
	lt := toml.LocalTime{Hour: t.Hour, Minute: t.Minute, Second: t.Second, Nanosecond: t.Nanosecond / 1000 * 1000}
	if lt.Nanosecond != 0 {
		lt.Precision = 6
	}
	return lt
}

// noteTable notes the keys of a TOML table under parts.
func noteTable(t *pyvalue.Dict, parts []string, note func([]string)) {
	for _, k := range t.Keys() {
		v, _ := t.Get(k)
		p := append(slices.Clip(parts), k)
		note(p)
		if sub, ok := v.(*pyvalue.Dict); ok {
			noteTable(sub, p, note)
		}
	}
}

// otherKeys returns keys other than parts that koanf, joining keys with
// delim, addresses by path too, or nil. It splits path at delimiters in
// every way the tree's keys allow, so it costs lookups along existing keys
// only.
func otherKeys(node map[string]any, path, delim string, parts []string) []string {
	var found []string
	var walk func(m map[string]any, rest string, got []string) bool
	walk = func(m map[string]any, rest string, got []string) bool {
		for i := 0; ; {
			j := strings.Index(rest[i:], delim)
			end := len(rest)
			if j >= 0 {
				end = i + j
			}
			if v, ok := m[rest[:end]]; ok {
				keys := append(slices.Clip(got), rest[:end])
				if end == len(rest) {
					if !slices.Equal(keys, parts) {
						found = keys
						return true
					}
				} else if sub, ok := v.(map[string]any); ok && walk(sub, rest[end+len(delim):], keys) {
					return true
				}
			}
			if j < 0 {
				return false
			}
			i = end + len(delim)
		}
	}
	walk(node, path, nil)
	return found
}

// describeKeys names the entry at keys for a collision message.
func describeKeys(p *configparser.Parser, t *TOML, keys []string) string {
	if len(keys) >= 2 && keys[0] == "tool" && keys[1] == "alembic" && t != nil && t.Table != nil {
		if len(keys) == 2 {
			return "[" + TOMLSection + "] of " + t.Name
		}
		return fmt.Sprintf("key %s of %s", tomlKey(keys), t.Name)
	}
	if len(keys) == 2 {
		if o, ok, _ := p.Lookup(keys[0], keys[1]); ok {
			return optionDesc(keys[0], o)
		}
	}
	return "section [" + keys[0] + "]"
}

var bareKey = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// tomlKey writes key parts as a TOML dotted key, quoting where needed.
func tomlKey(parts []string) string {
	q := make([]string, len(parts))
	for i, p := range parts {
		if bareKey.MatchString(p) {
			q[i] = p
		} else {
			q[i] = strconv.Quote(p)
		}
	}
	return strings.Join(q, ".")
}

// optionDesc names an ini option for a collision message.
func optionDesc(section string, o *configparser.Option) string {
	where := "config_args or here"
	if o.Line > 0 && o.Origin != nil {
		where = o.Origin.Source + ":" + strconv.Itoa(int(o.Line))
	}
	return fmt.Sprintf("option %s of section [%s] (%s)", pyvalue.ReprString(o.Name), section, where)
}

func collision(path, a, b string) error {
	msg := fmt.Sprintf("koanf path %q is both %s and %s", path, a, b)
	return &alembicerr.Error{Kind: alembicerr.CollisionError,
		Detail:  msg + "; rename one, or load the tree with another delimiter",
		Message: msg}
}
