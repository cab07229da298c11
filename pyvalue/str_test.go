package pyvalue

import "testing"

// StripIndent is Strip and IndentWidth at once; its ASCII fast path must
// agree with them whatever the leading whitespace is.
func TestStripIndent(t *testing.T) {
	for _, s := range []string{
		"", " ", "\t\t", "x", "  x", "  x  ", "\x1c\x1fk = v\x1e", "\f\vk\f",
		"\u00a0k", " \u00a0 k", "\u3000\u3000", "  é ", "é", " \u2028", "k\u00a0",
		" \x80bad", "\t İ ", "a b\t",
	} {
		got, indent := StripIndent(s)
		if want, wantIndent := Strip(s), IndentWidth(s); got != want || indent != wantIndent {
			t.Errorf("StripIndent(%q) = %q, %d; want %q, %d", s, got, indent, want, wantIndent)
		}
	}
}
