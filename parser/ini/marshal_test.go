package ini_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"

	"github.com/koanf-alembic/koanf-alembic/parser/ini"
)

func TestMarshalOutput(t *testing.T) {
	m := map[string]any{
		"loggers": sect{"keys": "root,sqlalchemy,alembic"},
		"alembic": sect{
			"script_location":      "%(here)s/alembic",
			"sqlalchemy.url":       "postgresql://u:p%40ss@h/db",
			"version_locations":    "\n/a\n\n/b",
			"truncate_slug_length": 40,
			"sourceless":           false,
			"ratio":                0.5,
			"empty":                "",
		},
	}
	got, err := ini.Parser(ini.Opt{}).Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	want := `[alembic]
empty =
ratio = 0.5
script_location = %%(here)s/alembic
sourceless = false
sqlalchemy.url = postgresql://u:p%%40ss@h/db
truncate_slug_length = 40
version_locations =
    /a

    /b

[loggers]
keys = root,sqlalchemy,alembic
`
	if string(got) != want {
		t.Errorf("Marshal:\n%s\nwant:\n%s", got, want)
	}

	raw, err := ini.Parser(ini.Opt{Raw: true}).Marshal(map[string]any{"a": sect{"k": "%(here)s"}})
	if err != nil || string(raw) != "[a]\nk = %(here)s\n" {
		t.Errorf("Raw Marshal: %q, %v", raw, err)
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	maps := []map[string]any{
		{},
		{"a": sect{}},
		{"a": sect{"k": "v"}, "b": sect{"k": "w", "x.y": "z"}},
		{"s p a c e d": sect{"a b": "c d"}, " lead": sect{}, "trail ": sect{}},
		{"a]b": sect{"k": "[x]"}, "]": sect{"[k": "v"}},
		{"a": sect{"pct": "100%", "ref": "%(x)s", "fmt": "%(levelname)-5.5s %%"}},
		{"a": sect{"multi": "first\nsecond\n\nthird", "lead": "\nx\ny", "hash": "#first line is fine\nx#y"}},
		{"a": sect{"quotes": `"q" 'q' ` + "`b`", "semi": "v ; w", "colon": "a:b=c"}},
		{"a": sect{"unicode": "héllo wörld ✓", "i̇": "dotted"}, "Σ": sect{"σ": "x"}},
		{"DEFAULTS": sect{"default": "not special"}},
	}
	for _, raw := range []bool{false, true} {
		p := ini.Parser(ini.Opt{Raw: raw})
		for _, m := range maps {
			out, err := p.Marshal(m)
			if err != nil {
				t.Errorf("Raw=%v Marshal(%v): %v", raw, m, err)
				continue
			}
			back, err := ini.Parser(ini.Opt{Raw: raw, Strict: true}).Unmarshal(out)
			if err != nil {
				t.Errorf("Raw=%v Unmarshal of\n%s: %v", raw, out, err)
				continue
			}
			if !reflect.DeepEqual(back, m) {
				t.Errorf("Raw=%v round trip of %#v\nwrote\n%s\nread back %#v", raw, m, out, back)
			}
		}
	}
}

// An Unmarshal result, defaults included, survives Marshal + Unmarshal.
func TestUnmarshalMarshalUnmarshal(t *testing.T) {
	src := "[DEFAULT]\nhere = /h\n[alembic]\nscript_location = %(here)s/alembic\n" +
		"[formatter_generic]\nformat = %(levelname)-5.5s [%(name)s] %(message)s\ndatefmt = %%H:%%M:%%S\n"
	p := ini.Parser(ini.Opt{})
	m, err := p.Unmarshal([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	out, err := p.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ini.Parser(ini.Opt{Strict: true}).Unmarshal(out)
	if err != nil {
		t.Fatalf("%v in\n%s", err, out)
	}
	if !reflect.DeepEqual(back, m) {
		t.Errorf("got %v, want %v", back, m)
	}
}

func TestMarshalRefusals(t *testing.T) {
	tests := []struct {
		name            string
		raw             bool
		m               map[string]any
		section, option string
		kind            string
		detail          string // part of the message
	}{
		{"empty section name", false, map[string]any{"": sect{}}, "", "", "ValueError", "empty"},
		{"DEFAULT", false, map[string]any{"DEFAULT": sect{"k": "v"}}, "DEFAULT", "", "ValueError", "DEFAULT"},
		{"section with newline", false, map[string]any{"a\nb": sect{}}, "a\nb", "", "ValueError", "line break"},
		{"section with CR", false, map[string]any{"a\rb": sect{}}, "a\rb", "", "ValueError", "line break"},
		{"section not a map", false, map[string]any{"a": "v"}, "a", "", "TypeError", "string"},
		{"section invalid UTF-8", false, map[string]any{"\xff": sect{}}, "\xff", "", "ValueError", "UTF-8"},
		{"empty option", false, map[string]any{"a": sect{"": "v"}}, "a", "", "ValueError", "empty"},
		{"option with =", false, map[string]any{"a": sect{"k=v": "v"}}, "a", "k=v", "ValueError", "delimiter"},
		{"option with :", false, map[string]any{"a": sect{"k:v": "v"}}, "a", "k:v", "ValueError", "delimiter"},
		{"option with #", false, map[string]any{"a": sect{"#k": "v"}}, "a", "#k", "ValueError", "comment"},
		{"option with ;", false, map[string]any{"a": sect{";k": "v"}}, "a", ";k", "ValueError", "comment"},
		{"option like a header", false, map[string]any{"a": sect{"[k]": "v"}}, "a", "[k]", "ValueError", "header"},
		{"option line like a header", false, map[string]any{"a": sect{"[k": "v]"}}, "a", "[k", "ValueError", "header"},
		{"option upper-case", false, map[string]any{"a": sect{"Key": "v"}}, "a", "Key", "ValueError", "\"key\""},
		{"option final sigma", false, map[string]any{"a": sect{"ΣΑΣ": "v"}}, "a", "ΣΑΣ", "ValueError", "lower-case"},
		{"option leading space", false, map[string]any{"a": sect{" k": "v"}}, "a", " k", "ValueError", "whitespace"},
		{"option trailing NBSP", false, map[string]any{"a": sect{"k\u00a0": "v"}}, "a", "k\u00a0", "ValueError", "whitespace"},
		{"option with newline", false, map[string]any{"a": sect{"k\nj": "v"}}, "a", "k\nj", "ValueError", "line break"},
		{"value leading space", false, map[string]any{"a": sect{"k": " v"}}, "a", "k", "ValueError", "whitespace"},
		{"value trailing tab", false, map[string]any{"a": sect{"k": "v\t"}}, "a", "k", "ValueError", "whitespace"},
		{"value trailing \\x1f", false, map[string]any{"a": sect{"k": "v\x1f"}}, "a", "k", "ValueError", "whitespace"},
		{"value line with trailing space", false, map[string]any{"a": sect{"k": "v\nw "}}, "a", "k", "ValueError", "line 2"},
		{"value whitespace-only line", false, map[string]any{"a": sect{"k": "v\n \nw"}}, "a", "k", "ValueError", "line 2"},
		{"value trailing newline", false, map[string]any{"a": sect{"k": "v\n"}}, "a", "k", "ValueError", "empty line"},
		{"value only newline", false, map[string]any{"a": sect{"k": "\n"}}, "a", "k", "ValueError", "empty line"},
		{"value comment line", false, map[string]any{"a": sect{"k": "v\n# c"}}, "a", "k", "ValueError", "comment"},
		{"value semicolon line", false, map[string]any{"a": sect{"k": "v\n;c"}}, "a", "k", "ValueError", "comment"},
		{"value CR", false, map[string]any{"a": sect{"k": "v\rw"}}, "a", "k", "ValueError", "carriage return"},
		{"value invalid UTF-8", false, map[string]any{"a": sect{"k": "\xfe"}}, "a", "k", "ValueError", "UTF-8"},
		{"value nil", false, map[string]any{"a": sect{"k": nil}}, "a", "k", "TypeError", "<nil>"},
		{"value list", false, map[string]any{"a": sect{"k": []any{"x"}}}, "a", "k", "TypeError", "[]interface {}"},
		{"value map (dotted Set)", false, map[string]any{"a": sect{"sqlalchemy": sect{"url": "x"}}}, "a", "sqlalchemy", "TypeError", "dotted"},
		{"raw value trailing space", true, map[string]any{"a": sect{"k": "v "}}, "a", "k", "ValueError", "whitespace"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := ini.Parser(ini.Opt{Raw: tt.raw}).Marshal(tt.m)
			if err == nil {
				t.Fatalf("no error; wrote %q", out)
			}
			if out != nil {
				t.Errorf("output %q returned with the error", out)
			}
			var e *alembicerr.Error
			if !errors.As(err, &e) {
				t.Fatalf("%T %v is not an *alembicerr.Error", err, err)
			}
			if !errors.Is(err, ini.ErrUnrepresentable) {
				t.Errorf("%v does not wrap ErrUnrepresentable", err)
			}
			if string(e.Kind) != tt.kind || e.Section != tt.section || e.Option != tt.option {
				t.Errorf("got kind %s section %q option %q, want %s %q %q", e.Kind, e.Section, e.Option, tt.kind, tt.section, tt.option)
			}
			if !strings.Contains(err.Error(), tt.detail) {
				t.Errorf("message %q does not mention %q", err.Error(), tt.detail)
			}
			if strings.Contains(err.Error(), "reading the output back") {
				t.Errorf("refused only by the read-back check: %v", err)
			}
		})
	}
}
