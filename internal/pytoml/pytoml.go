// Package pytoml decodes TOML as Python's tomllib does for Alembic: into
// the value model of pyvalue (ordered *pyvalue.Dict tables, []any arrays,
// int64, float64, bool, string and the date/time types), keeping the order
// of keys, which Alembic's results depend on.
//
// Values and validation come from go-toml/v2's decoder (duplicate keys and
// bad values fail as in tomllib); the order of keys comes from go-toml's
// own AST parser. Where go-toml and tomllib differ, tomllib is followed:
// invalid UTF-8 is a UnicodeDecodeError worded as CPython's decoder words
// it; the TOML 1.1 syntax go-toml reads (multi-line inline tables, \e and
// \xHH escapes, times without seconds) is refused as tomllib, a TOML 1.0
// reader, refuses it; a float beyond float64's range, which go-toml
// refuses, is the infinity Python's float() makes of it; a date of year 0,
// which go-toml reads, is refused as Python's datetime refuses it; common
// errors are worded as tomllib words them.
// Integers beyond int64, which tomllib accepts, are a documented limit (a
// TOMLDecodeError here).
package pytoml

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/koanf-alembic/koanf-alembic/pyvalue"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
)

// Decode parses a TOML document; name is the source name used in errors.
func Decode(name string, data []byte) (*pyvalue.Dict, error) {
	if !utf8.Valid(data) {
		return nil, decodeUTF8Error(name, data)
	}
	if strings.HasPrefix(string(data), "\ufeff") {
		// tomllib does not skip a byte order mark.
		return nil, &alembicerr.Error{Kind: alembicerr.TOMLDecodeError, Source: name, Line: 1,
			Message: "Invalid statement (at line 1, column 1)"}
	}
	s := scan(data)
	var m map[string]any
	err := toml.Unmarshal(data, &m)
	if err != nil && s.overflowAt(errorOffset(data, err)) {
		// A float beyond float64's range, which Python reads as an
		// infinity: read again with every such float spelled so.
		data, m = infinities(data, s.overflows), nil
		err = toml.Unmarshal(data, &m)
	}
	if err != nil {
		if e := s.refusal(name, errorOffset(data, err)); e != nil {
			return nil, e // a TOML 1.1 construct before go-toml's error
		}
		return nil, decodeError(name, data, err)
	}
	if err := s.refusal(name, len(data)); err != nil {
		return nil, err
	}
	order, err := keyOrder(data)
	if err != nil {
		return nil, decodeError(name, data, err)
	}
	v, err := convert(m, "", order)
	if err != nil {
		return nil, &alembicerr.Error{Kind: alembicerr.TOMLDecodeError, Source: name, Message: err.Error()}
	}
	return v.(*pyvalue.Dict), nil
}

// order records, per table path, its keys in the order they first appear.
type order map[string][]string

func (o order) add(path, key string) string {
	child := path + "\x00" + key
	if _, ok := o[child]; !ok {
		o[child] = nil
		o[path] = append(o[path], key)
	}
	return child
}

// keyOrder walks the document's expressions and records key order. Paths
// join keys with NUL; an element of an array of tables or of an array is
// "path[i]".
func keyOrder(data []byte) (order, error) {
	o := order{"": nil}
	arrays := map[string]int{} // array-of-tables path -> elements so far
	resolve := func(path string) string {
		if n := arrays[path]; n > 0 {
			return path + "[" + strconv.Itoa(n-1) + "]"
		}
		return path
	}
	var p unstable.Parser
	p.Reset(data)
	cur := ""
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			keys := keyParts(e.Key())
			path := ""
			for i, k := range keys {
				path = o.add(path, k)
				if i < len(keys)-1 || e.Kind == unstable.Table {
					path = resolve(path)
				}
			}
			if e.Kind == unstable.ArrayTable {
				arrays[path]++
				path = resolve(path)
			}
			cur = path
		case unstable.KeyValue:
			path := cur
			for _, k := range keyParts(e.Key()) {
				path = o.add(path, k)
			}
			o.value(path, e.Value())
		}
	}
	return o, p.Error()
}

func (o order) value(path string, n *unstable.Node) {
	switch n.Kind {
	case unstable.InlineTable:
		it := n.Children()
		for it.Next() {
			kv := it.Node()
			p := path
			for _, k := range keyParts(kv.Key()) {
				p = o.add(p, k)
			}
			o.value(p, kv.Value())
		}
	case unstable.Array:
		it := n.Children()
		for i := 0; it.Next(); i++ {
			o.value(path+"["+strconv.Itoa(i)+"]", it.Node())
		}
	}
}

func keyParts(it unstable.Iterator) []string {
	var keys []string
	for it.Next() {
		keys = append(keys, string(it.Node().Data))
	}
	return keys
}

// convert turns go-toml's decoded values into pyvalue values, tables
// ordered as recorded.
func convert(v any, path string, o order) (any, error) {
	switch v := v.(type) {
	case map[string]any:
		d := pyvalue.NewDict()
		for _, k := range o[path] {
			if x, ok := v[k]; ok {
				c, err := convert(x, path+"\x00"+k, o)
				if err != nil {
					return nil, err
				}
				d.Set(k, c)
			}
		}
		var rest []string
		for k := range v {
			if !d.Has(k) {
				rest = append(rest, k)
			}
		}
		sort.Strings(rest)
		for _, k := range rest {
			c, err := convert(v[k], path+"\x00"+k, o)
			if err != nil {
				return nil, err
			}
			d.Set(k, c)
		}
		return d, nil
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			c, err := convert(x, path+"["+strconv.Itoa(i)+"]", o)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	case []map[string]any:
		out := make([]any, len(v))
		for i, x := range v {
			c, err := convert(x, path+"["+strconv.Itoa(i)+"]", o)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	case int64, float64, bool, string:
		return v, nil
	case toml.LocalDate:
		return pyvalue.Date{Year: v.Year, Month: v.Month, Day: v.Day}, nil
	case toml.LocalTime:
		return localTime(v), nil
	case toml.LocalDateTime:
		return pyvalue.DateTime{Date: pyvalue.Date{Year: v.Year, Month: v.Month, Day: v.Day}, Time: localTime(v.LocalTime)}, nil
	case time.Time:
		_, off := v.Zone()
		return pyvalue.DateTime{
			Date:   pyvalue.Date{Year: v.Year(), Month: int(v.Month()), Day: v.Day()},
			Time:   pyvalue.Time{Hour: v.Hour(), Minute: v.Minute(), Second: v.Second(), Nanosecond: v.Nanosecond()},
			Offset: &off,
		}, nil
	}
	return nil, fmt.Errorf("unsupported TOML value %T", v)
}

func localTime(t toml.LocalTime) pyvalue.Time {
	return pyvalue.Time{Hour: t.Hour, Minute: t.Minute, Second: t.Second, Nanosecond: t.Nanosecond}
}
