// Package conformance runs conformance suites in the language-neutral
// format of the project's PROTOCOL (cases of requests and expected
// results recorded from Alembic on CPython) through every entry point of
// the library: the facade alembiccfg, which answers Alembic's ops, and the
// koanf provider and parser, whose trees are compared with the expected
// dumps.
package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/koanf-alembic/koanf-alembic/pyvalue"
)

// decodeJSON decodes JSON keeping object key order (objects become
// *pyvalue.Dict) and number literals (json.Number).
func decodeJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := decodeValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("trailing data after JSON value")
	}
	return v, nil
}

func decodeValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			d := pyvalue.NewDict()
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				v, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				d.Set(kt.(string), v)
			}
			_, err := dec.Token()
			return d, err
		case '[':
			list := []any{}
			for dec.More() {
				v, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				list = append(list, v)
			}
			_, err := dec.Token()
			return list, err
		}
		return nil, fmt.Errorf("unexpected delimiter %v", t)
	default:
		return t, nil
	}
}

// pyNumber converts a JSON number to the Python value json.loads gives:
// an int for an integer literal, else a float.
func pyNumber(n json.Number) any {
	if i, err := strconv.ParseInt(string(n), 10, 64); err == nil {
		return i
	}
	if b, ok := new(big.Int).SetString(string(n), 10); ok {
		return b // Python ints have no size limit
	}
	f, _ := n.Float64()
	return f
}

// toPython converts a decoded JSON value to the value model of pyvalue.
func toPython(v any) any {
	switch v := v.(type) {
	case json.Number:
		return pyNumber(v)
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = toPython(x)
		}
		return out
	case *pyvalue.Dict:
		out := pyvalue.NewDict()
		v.Range(func(k string, x any) bool {
			out.Set(k, toPython(x))
			return true
		})
		return out
	}
	return v
}

// substitute replaces token with repl in every string of v.
func substitute(v any, token, repl string) any {
	switch v := v.(type) {
	case string:
		return strings.ReplaceAll(v, token, repl)
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = substitute(x, token, repl)
		}
		return out
	case *pyvalue.Dict:
		out := pyvalue.NewDict()
		v.Range(func(k string, x any) bool {
			out.Set(strings.ReplaceAll(k, token, repl), substitute(x, token, repl))
			return true
		})
		return out
	}
	return v
}

// number is a JSON or Go number with its kind: Python's json writes an
// int without a decimal point or exponent and a float always with one of
// them, and an int never equals a float (40 is not 40.0).
type number struct {
	isInt bool
	i     *big.Int // when isInt
	f     float64  // otherwise
}

// numberOf returns the number v holds: a json.Number literal (its kind
// from its spelling) or a Go int, int64, *big.Int (integers) or float64.
func numberOf(v any) (number, bool) {
	switch n := v.(type) {
	case json.Number:
		s := string(n)
		if !strings.ContainsAny(s, ".eE") {
			i, ok := new(big.Int).SetString(s, 10)
			return number{isInt: true, i: i}, ok
		}
		f, err := n.Float64()
		return number{f: f}, err == nil
	case int:
		return number{isInt: true, i: big.NewInt(int64(n))}, true
	case int64:
		return number{isInt: true, i: big.NewInt(n)}, true
	case *big.Int:
		return number{isInt: true, i: n}, true
	case float64:
		return number{f: n}, true
	}
	return number{}, false
}

// equal compares values deeply: object key order counts, numbers compare
// by value and kind (an integer never equals a float, booleans are not
// numbers).
func equal(a, b any) bool {
	if na, ok := numberOf(a); ok {
		nb, ok := numberOf(b)
		if !ok || na.isInt != nb.isInt {
			return false
		}
		if na.isInt {
			return na.i.Cmp(nb.i) == 0
		}
		return na.f == nb.f || math.IsNaN(na.f) && math.IsNaN(nb.f)
	}
	switch a := a.(type) {
	case nil:
		return b == nil
	case string:
		bs, ok := b.(string)
		return ok && a == bs
	case bool:
		bb, ok := b.(bool)
		return ok && a == bb
	case []any:
		bl, ok := b.([]any)
		if !ok || len(a) != len(bl) {
			return false
		}
		for i := range a {
			if !equal(a[i], bl[i]) {
				return false
			}
		}
		return true
	case *pyvalue.Dict:
		bd, ok := b.(*pyvalue.Dict)
		if !ok || a.Len() != bd.Len() {
			return false
		}
		ak, bk := a.Keys(), bd.Keys()
		for i := range ak {
			if ak[i] != bk[i] {
				return false
			}
			av, _ := a.Get(ak[i])
			bv, _ := bd.Get(bk[i])
			if !equal(av, bv) {
				return false
			}
		}
		return true
	}
	return false
}

// encodeJSON renders a value compactly, keeping key order.
func encodeJSON(v any) string {
	var b strings.Builder
	writeJSON(&b, v)
	return b.String()
}

func writeJSON(b *strings.Builder, v any) {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case *pyvalue.Dict:
		b.WriteByte('{')
		for i, k := range v.Keys() {
			if i > 0 {
				b.WriteString(", ")
			}
			writeJSON(b, k)
			b.WriteString(": ")
			x, _ := v.Get(k)
			writeJSON(b, x)
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, x := range v {
			if i > 0 {
				b.WriteString(", ")
			}
			writeJSON(b, x)
		}
		b.WriteByte(']')
	case float64:
		// As Python's json writes a float: always with a point or an
		// exponent, so that a difference of kind shows.
		t := strconv.FormatFloat(v, 'g', -1, 64)
		if !strings.ContainsAny(t, ".eIN") {
			t += ".0"
		}
		b.WriteString(t)
	default:
		data, err := json.Marshal(v)
		if err != nil {
			fmt.Fprintf(b, "%q", fmt.Sprint(v))
			return
		}
		b.Write(data)
	}
}
