package configparser

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// The tuned lexer must read every text exactly as the lexer before the
// tuning (refParse, kept in reference_test.go): the same document, down to
// every span and line number, or the same error.

// sameParse reports how Parse and refParse differ on src, or "".
func sameParse(src []byte) string {
	for _, o := range []ParseOptions{{}, {NameRepr: func(n string) string { return "P(" + n + ")" }}} {
		got, gotErr := o.Parse("x.ini", append([]byte(nil), src...))
		want, wantErr := refParse(o, "x.ini", append([]byte(nil), src...))
		if !reflect.DeepEqual(gotErr, wantErr) {
			return fmt.Sprintf("error %v; reference %v", gotErr, wantErr)
		}
		if gotErr != nil {
			continue
		}
		if d := docDiff(got, want); d != "" {
			return d
		}
	}
	return ""
}

func docDiff(got, want *Document) string {
	if got.Name != want.Name || got.Src != want.Src {
		return "name or source differ"
	}
	if d := optionsDiff("DEFAULT", got.Defaults, want.Defaults); d != "" {
		return d
	}
	if len(got.Sections) != len(want.Sections) {
		return fmt.Sprintf("%d sections; reference %d", len(got.Sections), len(want.Sections))
	}
	for i, s := range got.Sections {
		w := want.Sections[i]
		if s.Name != w.Name || s.Line != w.Line || s.Start != w.Start || s.End != w.End {
			return fmt.Sprintf("section %d: %q line %d %d-%d; reference %q line %d %d-%d", i, s.Name, s.Line, s.Start, s.End, w.Name, w.Line, w.Start, w.End)
		}
		if d := optionsDiff(s.Name, s.Options, w.Options); d != "" {
			return d
		}
	}
	return ""
}

func optionsDiff(section string, got, want []Option) string {
	if len(got) != len(want) {
		return fmt.Sprintf("[%s]: %d options; reference %d", section, len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			return fmt.Sprintf("[%s] option %d: %+v; reference %+v", section, i, got[i], want[i])
		}
	}
	return ""
}

// fragments are the pieces random texts are made of: what the lexer
// decides on (line breaks of every kind, indentation of every kind,
// comments, headers, delimiters, case, Python-only whitespace, secrets,
// invalid UTF-8).
var fragments = []string{
	"\n", "\n", "\n", "\r\n", "\r", "\n\n", " ", "  ", "\t", "\f", "\v", "\x1c", "\x1f", "\u00a0", "\u3000", "\u2028", "\u0085",
	"[alembic]", "[DEFAULT]", "[s]", "[s", "[a]b]", "[]", "[ x ]", "[[y]]", "# c", "; c", "#", ";",
	"k", "K", "key", "Key.Name", "opt_1", "opt_2", "İ", "Σ", "é", "sqlalchemy.url", "password", "db_password",
	"=", ":", " = ", " : ", "==", "v", "value", "%(here)s", "%%", "postgresql://u:secret@h/db", "x y",
	"\xff", "\xc3", "\xe2\x82", "\x00",
}

func randomText(r *rand.Rand) []byte {
	var b strings.Builder
	for n := r.IntN(60); n >= 0; n-- {
		b.WriteString(fragments[r.IntN(len(fragments))])
	}
	return []byte(b.String())
}

func TestParseMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 30000; i++ {
		src := randomText(r)
		if i%3 == 0 {
			src = append([]byte("[alembic]\n"), src...)
		}
		if d := sameParse(src); d != "" {
			t.Fatalf("%q: %s", src, d)
		}
	}
	// Large and structured texts: every chunk and index threshold, the
	// undecodable chunk at Python's 8 KiB boundaries.
	var big strings.Builder
	for s := 0; s < 300; s++ {
		fmt.Fprintf(&big, "[s%d]\n", s)
		for o := 0; o < s%70; o++ {
			fmt.Fprintf(&big, "Opt%d = v%d\n", o, o)
			if o%7 == 0 {
				big.WriteString("  more\n\n  and more\n\n")
			}
		}
	}
	text := big.String()
	for _, cut := range []int{0, 1, 8191, 8192, 8193, 16383, 16384, len(text) / 2} {
		for _, bad := range []string{"", "\xff", "\xe2\x82", "\r", "\r\n"} {
			src := []byte(text[:min(cut, len(text))] + bad + text[min(cut, len(text)):])
			if d := sameParse(src); d != "" {
				t.Fatalf("cut %d %q: %s", cut, bad, d)
			}
		}
	}
	for _, eol := range []string{"\r\n", "\r"} {
		if d := sameParse([]byte(strings.ReplaceAll(text, "\n", eol))); d != "" {
			t.Fatalf("%q line ends: %s", eol, d)
		}
	}
}

func FuzzParseMatchesReference(f *testing.F) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 50; i++ {
		f.Add(randomText(r))
	}
	f.Add([]byte("[a]\nk = v\n  cont\n\n  more\n\n[b]\nK = 1\nk = 2\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		if d := sameParse(src); d != "" {
			t.Fatalf("%q: %s", src, d)
		}
	})
}
