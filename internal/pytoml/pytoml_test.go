package pytoml

import (
	"errors"
	"os"
	"testing"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/pyvalue"
)

func TestDecodeKeepsOrder(t *testing.T) {
	src := `[tool.alembic]
z = 1
a = "x"
b.c = [1, {q = 1, p = 2}]
when = 2024-01-02
[[tool.alembic.post_write_hooks]]
name = "black"
type = "x"
[[tool.alembic.post_write_hooks]]
type = "y"
name = "ruff"
[tool]
first = 1.5
`
	d, err := Decode("p.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	got := pyvalue.Repr(d)
	want := `{'tool': {'alembic': {'z': 1, 'a': 'x', 'b': {'c': [1, {'q': 1, 'p': 2}]}, 'when': datetime.date(2024, 1, 2), 'post_write_hooks': [{'name': 'black', 'type': 'x'}, {'type': 'y', 'name': 'ruff'}]}, 'first': 1.5}}`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestDecodeErrors(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		kind      alembicerr.Kind
	}{
		{"bad header", "[tool.alembic\n", alembicerr.TOMLDecodeError},
		{"duplicate key", "a = 1\na = 2\n", alembicerr.TOMLDecodeError},
		{"bom", "\ufeffa = 1\n", alembicerr.TOMLDecodeError},
		{"invalid utf-8", "a = \"\xff\"\n", alembicerr.UnicodeDecodeError},
	} {
		_, err := Decode("p.toml", []byte(tt.src))
		var pe *alembicerr.Error
		if !errors.As(err, &pe) || pe.Kind != tt.kind {
			t.Errorf("%s: got %v, want %s", tt.name, err, tt.kind)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte("[a]\nb = 1\n[[c]]\nd = {e = [1, 2]}\n"))
	f.Add([]byte("a.b.c = 1\n[a.x]\n"))
	if data, err := os.ReadFile("testdata/pyproject.toml"); err == nil {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := Decode("f.toml", data)
		var pe *alembicerr.Error
		if err != nil && !errors.As(err, &pe) {
			t.Fatalf("untyped error %v", err)
		}
	})
}

// TestDecodeMessages checks the messages against tomllib's, recorded from
// CPython 3.11 (tomllib.load of the bytes).
func TestDecodeMessages(t *testing.T) {
	for _, tt := range []struct {
		src     string
		kind    alembicerr.Kind
		message string
	}{
		{"a = \"\xff\"\n", alembicerr.UnicodeDecodeError, "'utf-8' codec can't decode byte 0xff in position 5: invalid start byte"},
		{"a = \"\xe9t\xe9\"\n", alembicerr.UnicodeDecodeError, "'utf-8' codec can't decode byte 0xe9 in position 5: invalid continuation byte"},
		{"a = \"caf\xc3\"", alembicerr.UnicodeDecodeError, "'utf-8' codec can't decode byte 0xc3 in position 8: invalid continuation byte"},
		{"a = \"\xe2\x82x\"\n", alembicerr.UnicodeDecodeError, "'utf-8' codec can't decode bytes in position 5-6: invalid continuation byte"},
		{"a = \"\xf0\x9f\x98x\"\n", alembicerr.UnicodeDecodeError, "'utf-8' codec can't decode bytes in position 5-7: invalid continuation byte"},
		{"a = \"\xed\xa0\x80\"\n", alembicerr.UnicodeDecodeError, "'utf-8' codec can't decode byte 0xed in position 5: invalid continuation byte"},
		{"a = \"\xe0\x80\"\n", alembicerr.UnicodeDecodeError, "'utf-8' codec can't decode byte 0xe0 in position 5: invalid continuation byte"},
		{"a = \"x\"\n# \xf0\x9f", alembicerr.UnicodeDecodeError, "'utf-8' codec can't decode bytes in position 10-11: unexpected end of data"},
		{"\xc0\n", alembicerr.UnicodeDecodeError, "'utf-8' codec can't decode byte 0xc0 in position 0: invalid start byte"},
		{"[a]\nk = \"\xe9\"\n", alembicerr.UnicodeDecodeError, "'utf-8' codec can't decode byte 0xe9 in position 9: invalid continuation byte"},
		{"[tool.alembic", alembicerr.TOMLDecodeError, "Expected ']' at the end of a table declaration (at end of document)"},
		{"[tool.alembic\n", alembicerr.TOMLDecodeError, "Expected ']' at the end of a table declaration (at line 1, column 14)"},
		{"x = 1\n[a\n", alembicerr.TOMLDecodeError, "Expected ']' at the end of a table declaration (at line 2, column 3)"},
		{"[a", alembicerr.TOMLDecodeError, "Expected ']' at the end of a table declaration (at end of document)"},
		{"[ a ", alembicerr.TOMLDecodeError, "Expected ']' at the end of a table declaration (at end of document)"},
		{"[a b]\n", alembicerr.TOMLDecodeError, "Expected ']' at the end of a table declaration (at line 1, column 4)"},
		{"[a b", alembicerr.TOMLDecodeError, "Expected ']' at the end of a table declaration (at line 1, column 4)"},
		{"[a.b\n", alembicerr.TOMLDecodeError, "Expected ']' at the end of a table declaration (at line 1, column 5)"},
		{"[ a . \"b c\" \n", alembicerr.TOMLDecodeError, "Expected ']' at the end of a table declaration (at line 1, column 13)"},
		{"[a.'x'", alembicerr.TOMLDecodeError, "Expected ']' at the end of a table declaration (at end of document)"},
		{"[[a]", alembicerr.TOMLDecodeError, "Expected ']]' at the end of an array declaration (at line 1, column 4)"},
		{"[[a", alembicerr.TOMLDecodeError, "Expected ']]' at the end of an array declaration (at end of document)"},
		// a value that is not one, a control character, a bad key start
		{"a = [,]\n", alembicerr.TOMLDecodeError, "Invalid value (at line 1, column 6)"},
		{"a = [1,,2]\n", alembicerr.TOMLDecodeError, "Invalid value (at line 1, column 8)"},
		{"a = {b = 1, c = tru}\n", alembicerr.TOMLDecodeError, "Invalid value (at line 1, column 17)"},
		{"a = fals\n", alembicerr.TOMLDecodeError, "Invalid value (at line 1, column 5)"},
		{"# c\u007f\nb = 1\n", alembicerr.TOMLDecodeError, "Found invalid character '\\x7f' (at line 1, column 4)"},
		{"a = 1 # \u0000\n", alembicerr.TOMLDecodeError, "Found invalid character '\\x00' (at line 1, column 9)"},
		{"a = 'x\u0001y'\n", alembicerr.TOMLDecodeError, "Found invalid character '\\x01' (at line 1, column 7)"},
		{"a = '''x\u007f'''\n", alembicerr.TOMLDecodeError, "Found invalid character '\\x7f' (at line 1, column 9)"},
		{"a = \"x\u0000\"\n", alembicerr.TOMLDecodeError, "Illegal character '\\x00' (at line 1, column 7)"},
		{"a = \"\"\"\nx\u001by\"\"\"\n", alembicerr.TOMLDecodeError, "Illegal character '\\x1b' (at line 2, column 2)"},
		{"a = \"\u00e9\u007f\"\n", alembicerr.TOMLDecodeError, "Illegal character '\\x7f' (at line 1, column 7)"},
		{"  = 1\n", alembicerr.TOMLDecodeError, "Invalid statement (at line 1, column 3)"},
		{"\t.a = 1\n", alembicerr.TOMLDecodeError, "Invalid statement (at line 1, column 2)"},
		{"a.=1\n", alembicerr.TOMLDecodeError, "Invalid initial character for a key part (at line 1, column 3)"},
		{"[=]\n", alembicerr.TOMLDecodeError, "Invalid initial character for a key part (at line 1, column 2)"},
		{"a = {=1}\n", alembicerr.TOMLDecodeError, "Invalid initial character for a key part (at line 1, column 6)"},
		{"[[a] ", alembicerr.TOMLDecodeError, "Expected ']]' at the end of an array declaration (at line 1, column 4)"},
		{"[[a]\n", alembicerr.TOMLDecodeError, "Expected ']]' at the end of an array declaration (at line 1, column 4)"},
		{"[[a.b]\n", alembicerr.TOMLDecodeError, "Expected ']]' at the end of an array declaration (at line 1, column 6)"},
		{"[a] x\n", alembicerr.TOMLDecodeError, "Expected newline or end of document after a statement (at line 1, column 5)"},
		{"a = \"b\" c\n", alembicerr.TOMLDecodeError, "Expected newline or end of document after a statement (at line 1, column 9)"},
		{"\"\xc3\xa9\xc3\xa9\" = 1 2", alembicerr.TOMLDecodeError, "Expected newline or end of document after a statement (at line 1, column 10)"},
		{"a = 1\r\nb = 2 x\r\n", alembicerr.TOMLDecodeError, "Expected newline or end of document after a statement (at line 2, column 7)"},
		{"[a]]\n", alembicerr.TOMLDecodeError, "Expected newline or end of document after a statement (at line 1, column 4)"},
		{"[[a]] x\n", alembicerr.TOMLDecodeError, "Expected newline or end of document after a statement (at line 1, column 7)"},
		{"a = 1 b = 2\n", alembicerr.TOMLDecodeError, "Expected newline or end of document after a statement (at line 1, column 7)"},
		{"a = {b = 1", alembicerr.TOMLDecodeError, "Unclosed inline table (at end of document)"},
		{"a = {b = 1 ", alembicerr.TOMLDecodeError, "Unclosed inline table (at end of document)"},
		{"a = {b = 1\n", alembicerr.TOMLDecodeError, "Unclosed inline table (at line 1, column 11)"},
		{"a = {b = \"\xc3\xa9\"", alembicerr.TOMLDecodeError, "Unclosed inline table (at end of document)"},
		{"a = \n", alembicerr.TOMLDecodeError, "Invalid value (at line 1, column 5)"},
		{"a = @\n", alembicerr.TOMLDecodeError, "Invalid value (at line 1, column 5)"},
		{"a = [1, @]\n", alembicerr.TOMLDecodeError, "Invalid value (at line 1, column 9)"},
		{"a b = 1\n", alembicerr.TOMLDecodeError, "Expected '=' after a key in a key/value pair (at line 1, column 3)"},
		{"a = {b @ 1}\n", alembicerr.TOMLDecodeError, "Expected '=' after a key in a key/value pair (at line 1, column 8)"},
	} {
		_, err := Decode("p.toml", []byte(tt.src))
		var pe *alembicerr.Error
		if !errors.As(err, &pe) || pe.Kind != tt.kind || pe.Message != tt.message {
			t.Errorf("%q: got %v (%q), want %s %q", tt.src, err, messageOf(pe), tt.kind, tt.message)
		}
	}
}

func messageOf(pe *alembicerr.Error) string {
	if pe == nil {
		return ""
	}
	return pe.Message
}

// TestDecodeTOML10 checks that the TOML 1.1 syntax go-toml reads is
// refused as tomllib (TOML 1.0, CPython 3.11) refuses it, and that TOML
// 1.0 near it is read; messages recorded from tomllib.loads.
func TestDecodeTOML10(t *testing.T) {
	for _, tt := range []struct {
		src     string
		kind    any // alembicerr.Kind, or nil: the document is read
		message string
	}{
		{"a = [07:32]\n", alembicerr.TOMLDecodeError, "Unclosed array (at line 1, column 7)"},
		{"a = [1979-05-27T07:32]\n", alembicerr.TOMLDecodeError, "Unclosed array (at line 1, column 16)"},
		{"a = {b = 12:30}\n", alembicerr.TOMLDecodeError, "Unclosed inline table (at line 1, column 12)"},
		{"a = 1979-05-27 07:32\n", alembicerr.TOMLDecodeError, "Expected newline or end of document after a statement (at line 1, column 16)"},
		{"a = 1979-05-27t07:32Z\n", alembicerr.TOMLDecodeError, "Expected newline or end of document after a statement (at line 1, column 15)"},
		{"a = 23:59\n", alembicerr.TOMLDecodeError, "Expected newline or end of document after a statement (at line 1, column 7)"},
		{"at = 07:32\n", alembicerr.TOMLDecodeError, "Expected newline or end of document after a statement (at line 1, column 7)"},
		{"a = \"\"\"x\\e\"\"\"\n", alembicerr.TOMLDecodeError, "Unescaped '\\' in a string (at line 1, column 11)"},
		{"\"k\\e\" = 1\n", alembicerr.TOMLDecodeError, "Unescaped '\\' in a string (at line 1, column 5)"},
		{"[a.\"\\x41\"]\n", alembicerr.TOMLDecodeError, "Unescaped '\\' in a string (at line 1, column 7)"},
		{"a = \"\\x41\"\n", alembicerr.TOMLDecodeError, "Unescaped '\\' in a string (at line 1, column 8)"},
		{"a = { b = 1 ,\n c = 2 }\n", alembicerr.TOMLDecodeError, "Invalid initial character for a key part (at line 1, column 14)"},
		{"a = {b\n= 1}\n", alembicerr.TOMLDecodeError, "Expected '=' after a key in a key/value pair (at line 1, column 7)"},
		{"a = {b =\n1}\n", alembicerr.TOMLDecodeError, "Invalid value (at line 1, column 9)"},
		{"a = {b = 1 # c\n}\n", alembicerr.TOMLDecodeError, "Unclosed inline table (at line 1, column 12)"},
		{"a = {\n}\n", alembicerr.TOMLDecodeError, "Invalid initial character for a key part (at line 1, column 6)"},
		{"a = {b = 1,}\n", alembicerr.TOMLDecodeError, "Invalid initial character for a key part (at line 1, column 12)"},
		{"a = {b = 1\n}\n", alembicerr.TOMLDecodeError, "Unclosed inline table (at line 1, column 11)"},
		{"a = {b = 1,\r\n c = 2}\r\n", alembicerr.TOMLDecodeError, "Invalid initial character for a key part (at line 1, column 12)"},
		{"a = { b.c = 1, d = \"\\x41\" }\n", alembicerr.TOMLDecodeError, "Unescaped '\\' in a string (at line 1, column 23)"},
		{"x = \"\"\"\n  y \\\n  z\\e\"\"\"\n", alembicerr.TOMLDecodeError, "Unescaped '\\' in a string (at line 3, column 6)"},
		{"a = {}\n", nil, ""},
		{"a = { }\n", nil, ""},
		{"a = {b = [1,\n2]}\n", nil, ""},
		{"a = [{b = 1},\n{c = 2},]\n", nil, ""},
		{"a = '''\\e'''\n", nil, ""},
		{"a = '\\e'\n", nil, ""},
		{"a = \"\\\\e\"\n", nil, ""},
		{"a = 1979-05-27T07:32:00.5+01:00\n", nil, ""},
		{"a = [1, # x\n 2]\n", nil, ""},
		{"a.b = 1979-05-27\n", nil, ""},
		{"a = 1979-05-27 07:32:01\n", nil, ""},
		{"a = 07:32:00\n", nil, ""},
		{"[t]\nk = {x = \"a#b\", y = '}'}\n", nil, ""},
		{"a = \"\"\"q\"\"\"\"\n", nil, ""},
		{"a = '''q''''\n", nil, ""},
		{"a = [[1, 2], [\"x,]\"]]\n", nil, ""},
		{"a = -inf\nb = nan\nc = true\n", nil, ""},
		{"\"\u00e9\" = {x = 1,}\n", alembicerr.TOMLDecodeError, "Invalid initial character for a key part (at line 1, column 14)"},
	} {
		_, err := Decode("p.toml", []byte(tt.src))
		if tt.kind == nil {
			if err != nil {
				t.Errorf("%q: %v", tt.src, err)
			}
			continue
		}
		var pe *alembicerr.Error
		if !errors.As(err, &pe) || pe.Kind != tt.kind || pe.Message != tt.message {
			t.Errorf("%q: got %v (%q), want %v %q", tt.src, err, messageOf(pe), tt.kind, tt.message)
		}
	}
}

// A decimal float beyond float64's range, which go-toml refuses, is read
// as Python's float() reads it, an infinity, wherever it stands; and a
// date of year 0, which go-toml reads, is refused as Python's datetime
// refuses it. Expectations recorded from tomllib.loads (CPython 3.11).
func TestDecodePythonRanges(t *testing.T) {
	for _, tt := range []struct {
		src  string
		want string // repr() of the document, or the TOMLDecodeError's message
	}{
		{"a = 1e400\n", "{'a': inf}"},
		{"a = -1e400\n", "{'a': -inf}"},
		{"a = +1_0e4_00\n", "{'a': inf}"},
		{"a = 1.7976931348623157e309\n", "{'a': inf}"},
		{"a = 1.7976931348623157e308\n", "{'a': 1.7976931348623157e+308}"},
		{"a = [1e400, -2E+999, 1.5]\n", "{'a': [inf, -inf, 1.5]}"},
		{"a = {b = -1e400, c = 'x'}\n", "{'a': {'b': -inf, 'c': 'x'}}"},
		{"a = 1e400 # far\nb = 2\n", "{'a': inf, 'b': 2}"},
		{"a = 1e-400\n", "{'a': 0.0}"},
		{"s = '1e400'\nt = \"1e400\"\nu = 1e400\n", "{'s': '1e400', 't': '1e400', 'u': inf}"},
		// an error after an overflowing float keeps its position
		{"a = 1e400\nb = 1e400 x\n", "Expected newline or end of document after a statement (at line 2, column 11)"},
		{"a = 1e400\nb = {c = 1e400\n", "Unclosed inline table (at line 2, column 15)"},
		{"a = [1e400,\n-1e400]\nb = ~\n", "Invalid value (at line 3, column 5)"},
		{"a = 0000-01-01\n", "Invalid date or datetime (at line 1, column 5)"},
		{"a = 0000-12-31T23:59:59Z\n", "Invalid date or datetime (at line 1, column 5)"},
		{"a = [1, 0000-01-01T00:00:00]\n", "Invalid date or datetime (at line 1, column 9)"},
		{"x = 1\ny = 0000-01-01 07:32:00\n", "Invalid date or datetime (at line 2, column 5)"},
		{"a = 0001-01-01\n", "{'a': datetime.date(1, 1, 1)}"},
		{"a = 0000-01-01\nb = 1e400\n", "Invalid date or datetime (at line 1, column 5)"},
	} {
		d, err := Decode("pyproject.toml", []byte(tt.src))
		got := ""
		if err != nil {
			var e *alembicerr.Error
			if !errors.As(err, &e) || e.Kind != alembicerr.TOMLDecodeError {
				t.Errorf("Decode(%q): %v, want a TOMLDecodeError", tt.src, err)
				continue
			}
			got = e.Message
		} else {
			got = pyvalue.Repr(d)
		}
		if got != tt.want {
			t.Errorf("Decode(%q) = %s, want %s", tt.src, got, tt.want)
		}
	}
}
