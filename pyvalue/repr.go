package pyvalue

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// ReprString returns Python's repr() of a str: single quotes unless the
// text holds a single quote and no double quote, backslash escapes for the
// quote, backslash, \t \n \r and every character Python does not print.
func ReprString(s string) string {
	quote := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		quote = '"'
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte(quote)
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == quote || c == '\\':
				b.WriteByte('\\')
				b.WriteByte(c)
			case c == '\t':
				b.WriteString(`\t`)
			case c == '\n':
				b.WriteString(`\n`)
			case c == '\r':
				b.WriteString(`\r`)
			case c < 0x20 || c == 0x7f:
				writeHex(&b, 'x', uint32(c), 2)
			default:
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			// Not valid UTF-8: Python would hold a surrogate escape here.
			writeHex(&b, 'x', uint32(c), 2)
		case unicode.IsPrint(r):
			b.WriteString(s[i : i+size])
		case r < 0x100:
			writeHex(&b, 'x', uint32(r), 2)
		case r < 0x10000:
			writeHex(&b, 'u', uint32(r), 4)
		default:
			writeHex(&b, 'U', uint32(r), 8)
		}
		i += size
	}
	b.WriteByte(quote)
	return b.String()
}

func writeHex(b *strings.Builder, kind byte, v uint32, digits int) {
	const hex = "0123456789abcdef"
	b.WriteByte('\\')
	b.WriteByte(kind)
	for shift := (digits - 1) * 4; shift >= 0; shift -= 4 {
		b.WriteByte(hex[(v>>uint(shift))&0xf])
	}
}
