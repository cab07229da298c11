package main

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
	"github.com/koanf-alembic/koanf-alembic/pyvalue"
)

func itoa(n int) string { return strconv.Itoa(n) }

// scalarText renders a value as get prints it: a string as it is, integers,
// floats and booleans in TOML syntax, lists and tables as one line of JSON.
func scalarText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	case float64:
		return tomlFloat(v)
	case []any, []string, *alembiccfg.Dict, nil:
		var b bytes.Buffer
		writeJSON(&b, v, "", "")
		return b.String()
	}
	if s, ok := pyvalue.IntString(v); ok {
		return s
	}
	return pyvalue.Str(v) // dates and times: ISO form, as TOML writes them
}

// tomlFloat is a float as TOML writes it: 1.5, 1e+16, inf, nan.
func tomlFloat(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	return pyvalue.FloatRepr(f)
}

// jsonString is s as a JSON string, without HTML escaping.
func jsonString(s string) string {
	return string(appendJSONString(make([]byte, 0, len(s)+2), s))
}

// appendJSONString appends s as encoding/json writes a string with HTML
// escaping off: '"', '\\' and control characters escaped, U+2028 and
// U+2029 as \u escapes, invalid UTF-8 as U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, "\\ufffd"...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// writeJSON writes v as JSON, keeping the order of Dicts. With indent ""
// the output is one line; otherwise nested levels are indented by indent
// after prefix.
func writeJSON(b *bytes.Buffer, v any, prefix, indent string) {
	nl := func(level string) {
		if indent != "" {
			b.WriteString("\n" + level)
		}
	}
	sep, colon := ",", ":"
	if indent != "" {
		colon = ": "
	}
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case string:
		b.WriteString(jsonString(v))
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case float64:
		if math.IsInf(v, 0) || math.IsNaN(v) {
			b.WriteString(jsonString(tomlFloat(v)))
		} else {
			b.WriteString(pyvalue.FloatRepr(v))
		}
	case []string:
		list := make([]any, len(v))
		for i, s := range v {
			list[i] = s
		}
		writeJSON(b, list, prefix, indent)
	case []any:
		if len(v) == 0 {
			b.WriteString("[]")
			return
		}
		b.WriteString("[")
		for i, x := range v {
			if i > 0 {
				b.WriteString(sep)
			}
			nl(prefix + indent)
			writeJSON(b, x, prefix+indent, indent)
		}
		nl(prefix)
		b.WriteString("]")
	case *alembiccfg.Dict:
		if v.Len() == 0 {
			b.WriteString("{}")
			return
		}
		b.WriteString("{")
		for i, k := range v.Keys() {
			if i > 0 {
				b.WriteString(sep)
			}
			nl(prefix + indent)
			x, _ := v.Get(k)
			b.WriteString(jsonString(k) + colon)
			writeJSON(b, x, prefix+indent, indent)
		}
		nl(prefix)
		b.WriteString("}")
	default:
		if s, ok := pyvalue.IntString(v); ok {
			b.WriteString(s)
			return
		}
		b.WriteString(jsonString(pyvalue.Str(v)))
	}
}

// shellQuote is s single-quoted for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
