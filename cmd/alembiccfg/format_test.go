package main

import (
	"math"
	"strings"
	"testing"

	"github.com/koanf-alembic/koanf-alembic/pyvalue"

	"github.com/koanf-alembic/koanf-alembic/internal/configparser"
)

func TestScalarText(t *testing.T) {
	for _, tc := range []struct {
		in   any
		want string
	}{
		{"text", "text"},
		{true, "true"},
		{false, "false"},
		{int64(42), "42"},
		{7, "7"},
		{1.5, "1.5"},
		{1e16, "1e+16"},
		{math.Inf(1), "inf"},
		{math.Inf(-1), "-inf"},
		{math.NaN(), "nan"},
		{[]any{"a", int64(1), true, nil, 2.5}, `["a",1,true,null,2.5]`},
		{[]string{"x", `"q"`}, `["x","\"q\""]`},
		{[]any{}, `[]`},
		{pyvalue.NewDict().Set("b", "1").Set("a", []any{"<&>"}), `{"b":"1","a":["<&>"]}`},
		{pyvalue.NewDict(), `{}`},
	} {
		if got := scalarText(tc.in); got != tc.want {
			t.Errorf("scalarText(%#v) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

// TestWriteIniOption: what the writer calls exact reads back through the
// CPython-exact engine as the same value; what it calls inexact does not.
func TestWriteIniOption(t *testing.T) {
	for _, tc := range []struct {
		name, value string
		exact       bool
	}{
		{"a", "plain", true},
		{"a", "", true},
		{"a", "two\nlines", true},
		{"a", "\nstarts empty", true},
		{"a", "blank\n\ninside", true},
		{"a", "[not] = a header", true},
		{"a", "x ; not a comment # nor this", true},
		{"a", "  padded", false},
		{"a", "padded  ", false},
		{"a", "trailing\n", false},
		{"a", "a\n# comment", false},
		{"a", "a\n  ; comment", false},
		{"a", "a\n  indented", false},
		{"a", "cr\rinside", false},
		{"a:b", "x", false},
		{"a=b", "x", false},
		{"#a", "x", false},
		{" a", "x", false},
	} {
		var b strings.Builder
		b.WriteString("[s]\n")
		exact := writeIniOption(&b, tc.name, tc.value)
		if exact != tc.exact {
			t.Errorf("%q = %q: exact %v, want %v", tc.name, tc.value, exact, tc.exact)
		}
		doc, err := configparser.Parse("t.ini", []byte(b.String()))
		if err != nil {
			if tc.exact {
				t.Errorf("%q = %q: %v", tc.name, tc.value, err)
			}
			continue
		}
		p := configparser.NewParser()
		p.Read(doc, nil)
		got, ok, _ := p.RawGet("s", tc.name)
		if same := ok && got == tc.value; same != tc.exact {
			t.Errorf("%q = %q: read back %q (%v), exact %v", tc.name, tc.value, got, ok, tc.exact)
		}
	}
}

func TestPyInt(t *testing.T) {
	for s, want := range map[string]bool{
		"42": true, " 42 ": true, "+4": true, "-4": true, "4_2": true, "٤٢": true,
		"": false, "4__2": false, "_4": false, "4_": false, "4.0": false, "0x10": false, "forty": false, "+": false,
	} {
		if got := pyIntOK(s); got != want {
			t.Errorf("pyIntOK(%q) = %v, want %v", s, got, want)
		}
	}
	if pyIntError(true) != "" || pyIntError(int64(3)) != "" {
		t.Error("ints and bools convert")
	}
	if got := pyIntError([]any{}); got != "int() argument must be a string, a bytes-like object or a real number, not 'list'" {
		t.Errorf("list: %s", got)
	}
}

func TestShellQuote(t *testing.T) {
	if got := shellQuote("it's $HOME\n`x`"); got != `'it'\''s $HOME`+"\n"+"`x`'" {
		t.Errorf("shellQuote: %s", got)
	}
}
