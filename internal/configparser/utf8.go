package configparser

import "unicode/utf8"

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
			return "unexpected end of data", k
		}
		b := s[k]
		if k == 1 && (b < lo || b > hi) || k > 1 && (b < 0x80 || b > 0xBF) {
			return "invalid continuation byte", k
		}
	}
	return "invalid continuation byte", need + 1
}
