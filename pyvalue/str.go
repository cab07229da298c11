package pyvalue

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// asciiSpace marks the ASCII bytes Python's str.isspace accepts: the usual
// \t \n \v \f \r and space, and also the separators \x1c–\x1f.
var asciiSpace = [utf8.RuneSelf]bool{
	'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true,
	0x1c: true, 0x1d: true, 0x1e: true, 0x1f: true,
}

// Strip returns s without leading and trailing Python whitespace, as
// str.strip() does: Unicode's White_Space characters and also \x1c–\x1f,
// which Go's unicode.IsSpace leaves out.
func Strip(s string) string {
	return RStrip(LStrip(s))
}

// LStrip removes leading Python whitespace, as str.lstrip() does.
func LStrip(s string) string {
	for len(s) > 0 {
		c := s[0]
		if c < utf8.RuneSelf {
			if !asciiSpace[c] {
				return s
			}
			s = s[1:]
			continue
		}
		r, size := utf8.DecodeRuneInString(s)
		if !unicode.IsSpace(r) {
			return s
		}
		s = s[size:]
	}
	return s
}

// pyRStrip removes trailing Python whitespace, as str.rstrip() does.
func RStrip(s string) string {
	for len(s) > 0 {
		c := s[len(s)-1]
		if c < utf8.RuneSelf {
			if !asciiSpace[c] {
				return s
			}
			s = s[:len(s)-1]
			continue
		}
		r, size := utf8.DecodeLastRuneInString(s)
		if !unicode.IsSpace(r) {
			return s
		}
		s = s[:len(s)-size]
	}
	return s
}

// IndentWidth returns the number of code points of Python whitespace that
// start s: the position of the first match of re.compile(r"\S") in s.
func IndentWidth(s string) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if !asciiSpace[c] {
				return n
			}
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			if !unicode.IsSpace(r) {
				return n
			}
			i += size
		}
		n++
	}
	return n
}

// StripIndent returns Strip(s) and IndentWidth(s) together: one pass over
// the leading whitespace when it is ASCII, the usual case.
func StripIndent(s string) (stripped string, indent int) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return Strip(s), IndentWidth(s)
		}
		if !asciiSpace[c] {
			return RStrip(s[i:]), i
		}
	}
	return "", len(s)
}

// Lower returns s lower-cased as Python's str.lower() does it, which is
// the optionxform of ConfigParser. It differs from strings.ToLower in
// using Unicode's full mappings: U+0130 'İ' becomes "i̇" (two code
// points), and a capital sigma at the end of a word becomes 'ς'.
func Lower(s string) string {
	i := 0
	for ; i < len(s); i++ {
		if c := s[i]; c >= 'A' && (c <= 'Z' || c >= utf8.RuneSelf) {
			break // upper case or not ASCII: the usual name has neither
		}
	}
	if i == len(s) {
		return s
	}
	ascii := true
	for ; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		b := []byte(s)
		for i, c := range b {
			if 'A' <= c && c <= 'Z' {
				b[i] = c + ('a' - 'A')
			}
		}
		return string(b)
	}
	return lowerUnicode(s)
}

func lowerUnicode(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range s {
		switch r {
		case 'İ':
			b.WriteString("i\u0307")
		case 'Σ':
			if finalSigma(s, i) {
				b.WriteRune('ς')
			} else {
				b.WriteRune('σ')
			}
		case utf8.RuneError:
			_, size := utf8.DecodeRuneInString(s[i:])
			if size == 1 { // not valid UTF-8: keep the byte
				b.WriteByte(s[i])
				continue
			}
			b.WriteRune(r)
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// finalSigma reports whether the capital sigma at byte offset i of s is in
// Unicode's Final_Sigma context, as CPython's handle_capital_sigma decides:
// preceded by a cased letter and not followed by one, skipping
// case-ignorable characters on both sides.
func finalSigma(s string, i int) bool {
	j := i
	var before rune = -1
	for j > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:j])
		j -= size
		if !isCaseIgnorable(r) {
			before = r
			break
		}
	}
	if before < 0 || !isCased(before) {
		return false
	}
	for _, r := range s[i+len("Σ"):] {
		if !isCaseIgnorable(r) {
			return !isCased(r)
		}
	}
	return true
}

func isCased(r rune) bool {
	return unicode.IsUpper(r) || unicode.IsLower(r) || unicode.IsTitle(r) ||
		unicode.Is(unicode.Other_Lowercase, r) || unicode.Is(unicode.Other_Uppercase, r)
}

func isCaseIgnorable(r rune) bool {
	switch r {
	case '\'', '.', ':', '^', '`', 0x00A8, 0x00AD, 0x00AF, 0x00B4, 0x00B7, 0x00B8,
		0x0387, 0x05F4, 0x2018, 0x2019, 0x2024, 0x2027, 0xFE13, 0xFE52, 0xFE55,
		0xFF07, 0xFF0E, 0xFF1A:
		return true
	}
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf, unicode.Lm, unicode.Sk)
}
