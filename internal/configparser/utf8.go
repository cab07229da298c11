package configparser

import (
	"fmt"
	"unicode/utf8"
)

// FirstInvalid returns the offset of the first byte of s that does not
// start a valid UTF-8 sequence, and Python's reason for it (len(s) and ""
// when s is valid UTF-8).
func FirstInvalid(s string) (int, string) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r != utf8.RuneError || size > 1 {
			i += size
			continue
		}
		return i, InvalidReason(s[i:])
	}
	return len(s), ""
}

// reasonEndOfData is CPython's reason for a sequence cut off by the end.
const reasonEndOfData = "unexpected end of data"

// DecodeMessage is CPython's UnicodeDecodeError text for the invalid
// sequence at pos of s, its positions counted from base (where the
// decoder's chunk began): "'utf-8' codec can't decode byte 0xe9 in
// position 3: invalid continuation byte", or "bytes in position 3-4" for
// a sequence with valid continuation bytes.
func DecodeMessage(s string, pos, base int) string {
	reason, n := InvalidSequence(s[pos:])
	what := fmt.Sprintf("byte 0x%02x in position %d", s[pos], pos-base)
	if n > 1 {
		what = fmt.Sprintf("bytes in position %d-%d", pos-base, pos-base+n-1)
	}
	return fmt.Sprintf("'utf-8' codec can't decode %s: %s", what, reason)
}

// InvalidReason classifies the invalid sequence at the start of s the way
// CPython's UTF-8 decoder words it: "invalid start byte", "invalid
// continuation byte" or "unexpected end of data".
func InvalidReason(s string) string {
	reason, _ := InvalidSequence(s)
	return reason
}

// InvalidSequence classifies the invalid sequence at the start of s as
// InvalidReason does and also returns how many bytes CPython's error
// covers: the first byte and the valid continuation bytes after it
// ("bytes in position 3-4" when n is 2, "byte 0xe9 in position 3" when
// n is 1).
func InvalidSequence(s string) (reason string, n int) {
	c := s[0]
	var need int
	lo, hi := byte(0x80), byte(0xBF)
	switch {
	case c >= 0xC2 && c <= 0xDF:
		need = 1
	case c == 0xE0:
		need, lo = 2, 0xA0
	case c == 0xED:
		need, hi = 2, 0x9F
	case c >= 0xE1 && c <= 0xEF:
		need = 2
	case c == 0xF0:
		need, lo = 3, 0x90
	case c == 0xF4:
		need, hi = 3, 0x8F
	case c >= 0xF1 && c <= 0xF3:
		need = 3
	default:
		return "invalid start byte", 1
	}
	for k := 1; k <= need; k++ {
		if k >= len(s) {
			return reasonEndOfData, k
		}
		b := s[k]
		if k == 1 && (b < lo || b > hi) || k > 1 && (b < 0x80 || b > 0xBF) {
			return "invalid continuation byte", k
		}
	}
	return "invalid continuation byte", need + 1
}
