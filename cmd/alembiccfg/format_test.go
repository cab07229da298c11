package main

import (
	"math"
	"testing"

	"github.com/koanf-alembic/koanf-alembic/pyvalue"
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
