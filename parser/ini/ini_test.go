package ini_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/koanf-alembic/koanf-alembic/pyvalue"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"

	"github.com/knadh/koanf/v2"

	"github.com/koanf-alembic/koanf-alembic/parser/ini"
)

// The parser is a koanf.Parser.
var _ koanf.Parser = ini.Parser(ini.Opt{})

type sect = map[string]any

// failure is one OnInterpolationError call.
type failure struct {
	section, option string
	err             error
}

func TestUnmarshalPython(t *testing.T) {
	tests := []struct {
		name  string
		opt   ini.Opt
		src   string
		want  map[string]any
		fails []string // "section/option" reported to OnInterpolationError
	}{
		{
			name: "empty",
			src:  "",
			want: map[string]any{},
		},
		{
			name: "comments and blank lines only",
			src:  "# c\n; c\n\n",
			want: map[string]any{},
		},
		{
			name: "one section",
			src:  "[alembic]\nscript_location = migrations\nsqlalchemy.url: sqlite://\n",
			want: map[string]any{"alembic": sect{"script_location": "migrations", "sqlalchemy.url": "sqlite://"}},
		},
		{
			name: "option names lower-cased, section names kept",
			src:  "[Alembic]\nScript_Location = x\n",
			want: map[string]any{"Alembic": sect{"script_location": "x"}},
		},
		{
			name: "empty section kept",
			src:  "[a]\n[b]\nk = v\n",
			want: map[string]any{"a": sect{}, "b": sect{"k": "v"}},
		},
		{
			name: "DEFAULT merged into every section, not a section itself",
			src:  "[DEFAULT]\nd = 1\n[a]\nk = v\n[b]\nd = 2\n",
			want: map[string]any{"a": sect{"d": "1", "k": "v"}, "b": sect{"d": "2"}},
		},
		{
			name: "DEFAULT alone gives no sections",
			src:  "[DEFAULT]\nd = 1\n",
			want: map[string]any{},
		},
		{
			name: "Opt.Defaults in every section, replaced by [DEFAULT]",
			opt:  ini.Opt{Defaults: pyvalue.NewDict().Set("here", "/srv/app").Set("Env", "dev")},
			src:  "[DEFAULT]\nenv = prod\n[alembic]\nscript_location = %(here)s/alembic\n",
			want: map[string]any{"alembic": sect{"here": "/srv/app", "env": "prod", "script_location": "/srv/app/alembic"}},
		},
		{
			name: "interpolation across section and defaults",
			src:  "[DEFAULT]\nroot = /r\n[a]\nsub = %(root)s/x\nfull = %(SUB)s/y\npct = 100%%\n",
			want: map[string]any{"a": sect{"root": "/r", "sub": "/r/x", "full": "/r/x/y", "pct": "100%"}},
		},
		{
			name: "a default interpolated in the section's context",
			src:  "[DEFAULT]\np = %(name)s.log\n[a]\nname = alpha\n[b]\nname = beta\n",
			want: map[string]any{"a": sect{"p": "alpha.log", "name": "alpha"}, "b": sect{"p": "beta.log", "name": "beta"}},
		},
		{
			name: "multi-line values: blank lines kept inside, dropped at the end",
			src:  "[a]\nk =\n    one\n\n    two\n\n\nj = x\n",
			want: map[string]any{"a": sect{"k": "\none\n\ntwo", "j": "x"}},
		},
		{
			name: "failed interpolation stays raw and is reported",
			// logging.fileConfig reads these four raw: the tree gives them
			// raw and reports nothing; other options fail as usual.
			src: "[formatter_generic]\nformat = %(levelname)-5.5s [%(name)s] %(message)s\ndatefmt = %%H:%%M:%%S\n" +
				"style = %\ndefaults = %(x)s\nclass = %(nope)s\n[handler_x]\nformat = %(levelname)-5.5s\n",
			want: map[string]any{
				"formatter_generic": sect{"format": "%(levelname)-5.5s [%(name)s] %(message)s", "datefmt": "%%H:%%M:%%S",
					"style": "%", "defaults": "%(x)s", "class": "%(nope)s"},
				"handler_x": sect{"format": "%(levelname)-5.5s"},
			},
			fails: []string{"formatter_generic/class", "handler_x/format"},
		},
		{
			name:  "syntax error and missing option reported, others resolved",
			src:   "[a]\nbad = 50%\nmissing = %(nope)s\nok = %(bad)s%%\n",
			want:  map[string]any{"a": sect{"bad": "50%", "missing": "%(nope)s", "ok": "%(bad)s%%"}},
			fails: []string{"a/bad", "a/missing", "a/ok"},
		},
		{
			name:  "depth error reported",
			src:   "[a]\nx = %(y)s\ny = %(x)s\n",
			want:  map[string]any{"a": sect{"x": "%(y)s", "y": "%(x)s"}},
			fails: []string{"a/x", "a/y"},
		},
		{
			name:  "a default failing in one section only",
			src:   "[DEFAULT]\nv = %(w)s\n[a]\nw = 1\n[b]\n",
			want:  map[string]any{"a": sect{"v": "1", "w": "1"}, "b": sect{"v": "%(w)s"}},
			fails: []string{"b/v"},
		},
		{
			name:  "size limit",
			opt:   ini.Opt{MaxValueSize: 64},
			src:   "[a]\nb = " + strings.Repeat("x", 40) + "\nc = %(b)s%(b)s\n",
			want:  map[string]any{"a": sect{"b": strings.Repeat("x", 40), "c": "%(b)s%(b)s"}},
			fails: []string{"a/c"},
		},
		{
			name: "Raw returns values as written",
			opt:  ini.Opt{Raw: true, Defaults: pyvalue.NewDict().Set("here", "/h")},
			src:  "[a]\nx = %(here)s/%%\nf = %(levelname)-5.5s\n",
			want: map[string]any{"a": sect{"here": "/h", "x": "%(here)s/%%", "f": "%(levelname)-5.5s"}},
		},
		{
			name: "quotes and inline comment characters are ordinary",
			src:  "[a]\nk = \"v\" ; not a comment # nor this\n",
			want: map[string]any{"a": sect{"k": "\"v\" ; not a comment # nor this"}},
		},
		{
			name: "header name runs to the last ]",
			src:  "[a]b] # x]\nk = v\n",
			want: map[string]any{"a]b] # x": sect{"k": "v"}},
		},
		{
			name: "empty values",
			src:  "[a]\nk =\nj:\n",
			want: map[string]any{"a": sect{"k": "", "j": ""}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []failure
			opt := tt.opt
			opt.OnInterpolationError = func(section, option string, err error) {
				got = append(got, failure{section, option, err})
			}
			m, err := ini.Parser(opt).Unmarshal([]byte(tt.src))
			if err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			if !reflect.DeepEqual(m, tt.want) {
				t.Errorf("Unmarshal:\n got %#v\nwant %#v", m, tt.want)
			}
			var names []string
			for _, f := range got {
				names = append(names, f.section+"/"+f.option)
				var e *alembicerr.Error
				if !errors.As(f.err, &e) {
					t.Errorf("%s/%s: error %T is not an *alembicerr.Error", f.section, f.option, f.err)
					continue
				}
				if !errors.Is(f.err, alembicerr.ErrInterpolation) && !errors.Is(f.err, alembicerr.ErrLimit) {
					t.Errorf("%s/%s: kind %s, want an interpolation error or LimitError", f.section, f.option, e.Kind)
				}
				if e.Section != f.section || e.Option != f.option {
					t.Errorf("error names %s/%s, callback got %s/%s", e.Section, e.Option, f.section, f.option)
				}
			}
			if !reflect.DeepEqual(names, tt.fails) {
				t.Errorf("interpolation failures: got %q, want %q", names, tt.fails)
			}
		})
	}
}

// The failing value's error names the file and the line of the option.
func TestInterpolationErrorLocation(t *testing.T) {
	src := "[loggers]\nkeys = root\n\n[handler_console]\nformat = %(levelname)-5.5s [%(name)s] %(message)s\n"
	var got error
	p := ini.Parser(ini.Opt{Name: "alembic.ini", OnInterpolationError: func(_, _ string, err error) { got = err }})
	if _, err := p.Unmarshal([]byte(src)); err != nil {
		t.Fatal(err)
	}
	var e *alembicerr.Error
	if !errors.As(got, &e) {
		t.Fatalf("got %v, want an *alembicerr.Error", got)
	}
	if e.Kind != "InterpolationSyntaxError" || e.Source != "alembic.ini" || e.Line != 5 ||
		e.Section != "handler_console" || e.Option != "format" {
		t.Errorf("got %+v", e)
	}
	if !strings.HasPrefix(e.Error(), "alembic.ini:5: ") {
		t.Errorf("Error() = %q", e.Error())
	}
	if !errors.Is(got, alembicerr.ErrInterpolationSyntax) || !errors.Is(got, alembicerr.ErrInterpolation) {
		t.Errorf("errors.Is fails for %v", got)
	}
}

func TestStrict(t *testing.T) {
	src := "[a]\nok = 1\n[formatter_generic]\nformat = %(levelname)-5.5s\n[handler_x]\nformat = %(levelname)-5.5s\n"
	called := false
	p := ini.Parser(ini.Opt{Strict: true, Name: "alembic.ini",
		OnInterpolationError: func(string, string, error) { called = true }})
	m, err := p.Unmarshal([]byte(src))
	if err == nil {
		t.Fatalf("Strict Unmarshal succeeded: %v", m)
	}
	if called {
		t.Error("OnInterpolationError called in Strict mode")
	}
	var e *alembicerr.Error
	if !errors.As(err, &e) || !errors.Is(err, alembicerr.ErrInterpolationSyntax) {
		t.Fatalf("got %v", err)
	}
	if e.Line != 6 || e.Section != "handler_x" || e.Option != "format" {
		t.Errorf("got %+v", e)
	}

	// Strict with Raw: nothing to fail.
	if _, err := ini.Parser(ini.Opt{Strict: true, Raw: true}).Unmarshal([]byte(src)); err != nil {
		t.Errorf("Strict+Raw: %v", err)
	}
	// A default from Opt.Defaults cites "<dict>".
	_, err = ini.Parser(ini.Opt{Strict: true, Defaults: pyvalue.NewDict().Set("d", "%(x)s")}).
		Unmarshal([]byte("[a]\n"))
	if !errors.As(err, &e) || e.Source != "<dict>" || e.Line != 0 {
		t.Errorf("default error: %+v", err)
	}
}

func TestUnmarshalErrors(t *testing.T) {
	tests := []struct {
		name   string
		opt    ini.Opt
		src    string
		target error
		kind   string
		line   int
	}{
		{"no section header", ini.Opt{}, "# c\nk = v\n", alembicerr.ErrMissingSectionHeader, "MissingSectionHeaderError", 2},
		{"missing header is a parsing error too", ini.Opt{}, "k = v\n", alembicerr.ErrParsing, "MissingSectionHeaderError", 1},
		{"line without delimiter", ini.Opt{}, "[a]\nk = v\njunk\nmore junk\n", alembicerr.ErrParsing, "ParsingError", 3},
		{"duplicate section", ini.Opt{}, "[a]\n[b]\n[a]\n", alembicerr.ErrDuplicateSection, "DuplicateSectionError", 3},
		{"duplicate option after lower-casing", ini.Opt{}, "[a]\nk = 1\nK = 2\n", alembicerr.ErrDuplicateOption, "DuplicateOptionError", 3},
		{"invalid UTF-8", ini.Opt{}, "[a]\nk = \xff\n", alembicerr.ErrUnicodeDecode, "UnicodeDecodeError", 2},
		{"duplicate default", ini.Opt{Defaults: pyvalue.NewDict().Set("here", "a").Set("HERE", "b")}, "[a]\n", alembicerr.ErrDuplicateOption, "DuplicateOptionError", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := tt.opt
			opt.Name = "alembic.ini"
			m, err := ini.Parser(opt).Unmarshal([]byte(tt.src))
			if err == nil {
				t.Fatalf("no error; got %v", m)
			}
			if m != nil {
				t.Errorf("map %v returned with the error", m)
			}
			var e *alembicerr.Error
			if !errors.As(err, &e) {
				t.Fatalf("%T %v is not an *alembicerr.Error", err, err)
			}
			if !errors.Is(err, tt.target) {
				t.Errorf("errors.Is(%v, %v) is false", err, tt.target)
			}
			if string(e.Kind) != tt.kind || e.Line != tt.line {
				t.Errorf("kind %s line %d, want %s line %d (%v)", e.Kind, e.Line, tt.kind, tt.line, err)
			}
		})
	}
}

func TestDefaultName(t *testing.T) {
	_, err := ini.Parser(ini.Opt{}).Unmarshal([]byte("x\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "<string>:1: ") {
		t.Errorf("got %v", err)
	}
}

// The map Unmarshal returns is the caller's: overwriting the input buffer
// afterwards changes nothing in it, in both dialects and with Raw.
func TestUnmarshalDoesNotAliasInput(t *testing.T) {
	for _, opt := range []ini.Opt{{}, {Raw: true}, {Dialect: ini.GoINI}} {
		buf := []byte("[alembic]\nsqlalchemy.url = postgresql://u@h/db\n")
		got, err := ini.Parser(opt).Unmarshal(buf)
		if err != nil {
			t.Fatal(err)
		}
		for i := range buf {
			buf[i] = 'X'
		}
		sec := got["alembic"].(map[string]any)
		if sec["sqlalchemy.url"] != "postgresql://u@h/db" {
			t.Errorf("%+v: after overwriting the buffer, sqlalchemy.url = %q", opt, sec["sqlalchemy.url"])
		}
	}
}

func TestDialectString(t *testing.T) {
	if ini.Python.String() != "Python" || ini.GoINI.String() != "GoINI" {
		t.Error(ini.Python, ini.GoINI)
	}
}
