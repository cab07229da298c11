package pyvalue

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Repr returns Python's repr() of v: None, True/False, decimal ints, floats
// as FloatRepr, strings as ReprString, lists as [a, b], tuples as (a,) or
// (a, b), dicts as {'k': v}, and the date/time types as
// datetime.date(2024, 1, 1) and the like. A container that holds itself is
// shown as [...], (...) or {...}, as Python does. A Go value outside the
// value model is shown as <T object>, T its Go type.
func Repr(v any) string {
	var w writer
	w.repr(v)
	return w.b.String()
}

// Str returns Python's str() of v: a string verbatim, a date or time in
// ISO form ("2024-01-01", "07:32:00", "1979-05-27 07:32:00+00:00"), and
// otherwise the same text as Repr (the elements of a container are repr'd).
func Str(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case Date:
		return v.String()
	case Time:
		return v.String()
	case DateTime:
		return v.String()
	}
	return Repr(v)
}

// ASCII returns Python's ascii() of v: Repr(v) with every non-ASCII
// character escaped as \xhh, \uhhhh or \Uhhhhhhhh.
func ASCII(v any) string {
	r := Repr(v)
	var b strings.Builder
	b.Grow(len(r))
	for _, c := range r {
		switch {
		case c < utf8.RuneSelf:
			b.WriteRune(c)
		case c < 0x100:
			writeHex(&b, 'x', uint32(c), 2)
		case c < 0x10000:
			writeHex(&b, 'u', uint32(c), 4)
		default:
			writeHex(&b, 'U', uint32(c), 8)
		}
	}
	return b.String()
}

// TypeName returns the name CPython prints for the type of v in error
// messages (its tp_name): "NoneType", "bool", "int", "float", "str",
// "list", "tuple", "dict", "datetime.date", "datetime.time",
// "datetime.datetime". A Go value outside the value model gives its Go
// type, as fmt's %T prints it.
func TypeName(v any) string {
	switch v.(type) {
	case nil:
		return "NoneType"
	case bool:
		return "bool"
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, uintptr, *big.Int:
		return "int"
	case float64, float32:
		return "float"
	case string:
		return "str"
	case []any:
		return "list"
	case Tuple:
		return "tuple"
	case *Dict:
		return "dict"
	case Date:
		return "datetime.date"
	case Time:
		return "datetime.time"
	case DateTime:
		return "datetime.datetime"
	}
	return fmt.Sprintf("%T", v)
}

// IntString returns the decimal text of v and true when v is one of Go's
// integer types (not bool); otherwise "", false.
func IntString(v any) (string, bool) {
	switch v := v.(type) {
	case int:
		return strconv.FormatInt(int64(v), 10), true
	case int8:
		return strconv.FormatInt(int64(v), 10), true
	case int16:
		return strconv.FormatInt(int64(v), 10), true
	case int32:
		return strconv.FormatInt(int64(v), 10), true
	case int64:
		return strconv.FormatInt(v, 10), true
	case uint:
		return strconv.FormatUint(uint64(v), 10), true
	case uint8:
		return strconv.FormatUint(uint64(v), 10), true
	case uint16:
		return strconv.FormatUint(uint64(v), 10), true
	case uint32:
		return strconv.FormatUint(uint64(v), 10), true
	case uint64:
		return strconv.FormatUint(v, 10), true
	case uintptr:
		return strconv.FormatUint(uint64(v), 10), true
	case *big.Int:
		if v != nil {
			return v.String(), true
		}
	}
	return "", false
}

// writer builds a repr, remembering the containers being written so that
// one holding itself does not recurse forever.
type writer struct {
	b      strings.Builder
	active []any
}

// listID identifies a list or tuple by its backing array and length.
type listID struct {
	first *any
	n     int
	tuple bool
}

func (w *writer) repr(v any) {
	if s, ok := IntString(v); ok {
		w.b.WriteString(s)
		return
	}
	switch v := v.(type) {
	case nil:
		w.b.WriteString("None")
	case bool:
		if v {
			w.b.WriteString("True")
		} else {
			w.b.WriteString("False")
		}
	case float64:
		w.b.WriteString(FloatRepr(v))
	case float32:
		w.b.WriteString(FloatRepr(float64(v)))
	case string:
		w.b.WriteString(ReprString(v))
	case []any:
		w.list(v, false)
	case Tuple:
		w.list(v, true)
	case *Dict:
		w.dict(v)
	case Date:
		w.b.WriteString(v.repr())
	case Time:
		w.b.WriteString(v.repr())
	case DateTime:
		w.b.WriteString(v.repr())
	default:
		fmt.Fprintf(&w.b, "<%T object>", v)
	}
}

// enter reports whether id is not already being written, and if so marks
// it; leave must follow.
func (w *writer) enter(id any) bool {
	for _, a := range w.active {
		if a == id {
			return false
		}
	}
	w.active = append(w.active, id)
	return true
}

func (w *writer) leave() { w.active = w.active[:len(w.active)-1] }

func (w *writer) list(items []any, tuple bool) {
	open, close := "[", "]"
	if tuple {
		open, close = "(", ")"
	}
	if len(items) == 0 {
		w.b.WriteString(open + close)
		return
	}
	if !w.enter(listID{&items[0], len(items), tuple}) {
		w.b.WriteString(open + "..." + close)
		return
	}
	defer w.leave()
	w.b.WriteString(open)
	for i, it := range items {
		if i > 0 {
			w.b.WriteString(", ")
		}
		w.repr(it)
	}
	if tuple && len(items) == 1 {
		w.b.WriteByte(',')
	}
	w.b.WriteString(close)
}

func (w *writer) dict(d *Dict) {
	if d.Len() == 0 {
		w.b.WriteString("{}")
		return
	}
	if !w.enter(d) {
		w.b.WriteString("{...}")
		return
	}
	defer w.leave()
	w.b.WriteByte('{')
	first := true
	d.Range(func(k string, v any) bool {
		if !first {
			w.b.WriteString(", ")
		}
		first = false
		w.b.WriteString(ReprString(k))
		w.b.WriteString(": ")
		w.repr(v)
		return true
	})
	w.b.WriteByte('}')
}
