package ini_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/koanf-alembic/koanf-alembic/pyvalue"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"

	goini "gopkg.in/ini.v1"

	"github.com/koanf-alembic/koanf-alembic/parser/ini"
)

func TestUnmarshalGoINI(t *testing.T) {
	tests := []struct {
		name  string
		opt   ini.Opt
		src   string
		want  map[string]any
		fails []string
	}{
		{
			name: "viper-style file",
			src: "name = app\n[server]\nhost = \"localhost\" ; comment\nport: 8080\n" +
				"url = http://%(host)s:%(port)s/%(name)s\n[server.tls]\ncert = %(host)s.pem\n",
			want: map[string]any{
				"DEFAULT":    sect{"name": "app"},
				"server":     sect{"host": "localhost", "port": "8080", "url": "http://localhost:8080/app"},
				"server.tls": sect{"cert": "localhost.pem"},
			},
		},
		{
			name: "no DEFAULT keys: no DEFAULT section; names keep their case",
			src:  "[A]\nKey = v\n",
			want: map[string]any{"A": sect{"Key": "v"}},
		},
		{
			name: "DEFAULT is not merged into sections",
			src:  "[DEFAULT]\nd = 1\n[a]\nk = %(d)s\n",
			want: map[string]any{"DEFAULT": sect{"d": "1"}, "a": sect{"k": "1"}},
		},
		{
			name: "unknown references stay, no failure",
			src:  "[a]\nf = %(levelname)-5.5s %(nope)s 100%\n",
			want: map[string]any{"a": sect{"f": "%(levelname)-5.5s %(nope)s 100%"}},
		},
		{
			name:  "a cycle, which crashes ini.v1, is a failure",
			src:   "[a]\nx = %(y)s\ny = %(x)s\nz = ok\n",
			want:  map[string]any{"a": sect{"x": "%(y)s", "y": "%(x)s", "z": "ok"}},
			fails: []string{"a/x", "a/y"},
		},
		{
			name:  "self reference in DEFAULT",
			src:   "s = %(s)s\n",
			want:  map[string]any{"DEFAULT": sect{"s": "%(s)s"}},
			fails: []string{"DEFAULT/s"},
		},
		{
			name: "Raw",
			opt:  ini.Opt{Raw: true},
			src:  "[a]\nx = %(y)s\ny = 1\n",
			want: map[string]any{"a": sect{"x": "%(y)s", "y": "1"}},
		},
		{
			name: "Defaults go to DEFAULT",
			opt:  ini.Opt{Defaults: pyvalue.NewDict().Set("here", "/h")},
			src:  "[a]\np = %(here)s/x\n",
			want: map[string]any{"DEFAULT": sect{"here": "/h"}, "a": sect{"p": "/h/x"}},
		},
		{
			name: "multi-line and continuation",
			src:  "[a]\nk = \"\"\"one\ntwo\"\"\"\nj = a \\\n  b\n",
			want: map[string]any{"a": sect{"k": "one\ntwo", "j": "a b"}},
		},
		{
			name: "duplicate sections merge, last key wins",
			src:  "[a]\nk = 1\n[b]\n[a]\nk = 2\nj = 3\n",
			want: map[string]any{"a": sect{"k": "2", "j": "3"}, "b": sect{}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var fails []string
			opt := tt.opt
			opt.Dialect = ini.GoINI
			opt.OnInterpolationError = func(section, option string, err error) {
				fails = append(fails, section+"/"+option)
				if !errors.Is(err, alembicerr.ErrInterpolationDepth) {
					t.Errorf("%s/%s: %v is not an InterpolationDepthError", section, option, err)
				}
			}
			m, err := ini.Parser(opt).Unmarshal([]byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(m, tt.want) {
				t.Errorf("got  %#v\nwant %#v", m, tt.want)
			}
			if !reflect.DeepEqual(fails, tt.fails) {
				t.Errorf("failures %q, want %q", fails, tt.fails)
			}
		})
	}
}

func TestGoINIErrors(t *testing.T) {
	_, err := ini.Parser(ini.Opt{Dialect: ini.GoINI, Name: "app.ini"}).Unmarshal([]byte("[a]\njunk\n"))
	var e *alembicerr.Error
	if !errors.As(err, &e) || !errors.Is(err, alembicerr.ErrParsing) || e.Source != "app.ini" {
		t.Fatalf("got %v", err)
	}
	var delim goini.ErrDelimiterNotFound
	if !errors.As(err, &delim) {
		t.Errorf("%v does not wrap ini.v1's error", err)
	}

	_, err = ini.Parser(ini.Opt{Dialect: ini.GoINI, Strict: true}).Unmarshal([]byte("[a]\nx = %(y)s\ny = %(x)s\n"))
	if !errors.Is(err, alembicerr.ErrInterpolationDepth) {
		t.Errorf("Strict: got %v", err)
	}
}

func TestMarshalGoINI(t *testing.T) {
	p := ini.Parser(ini.Opt{Dialect: ini.GoINI, Raw: true})
	for _, m := range []map[string]any{
		{},
		{"DEFAULT": sect{"name": "app"}, "server": sect{"Host": "h", "url": "%(Host)s:1"}},
		{"a": sect{"multi": "one\ntwo", "semi": "v ; w", "lead": " x "}},
		{"a.b": sect{"k": "v"}, "a": sect{}},
	} {
		out, err := p.Marshal(m)
		if err != nil {
			t.Errorf("Marshal(%v): %v", m, err)
			continue
		}
		back, err := p.Unmarshal(out)
		if err != nil {
			t.Errorf("Unmarshal(%q): %v", out, err)
			continue
		}
		if !reflect.DeepEqual(back, m) {
			t.Errorf("round trip of %v via\n%s\ngave %v", m, out, back)
		}
	}

	_, err := p.Marshal(map[string]any{"a": sect{"k": "x\"\"\"\ny"}})
	if !errors.Is(err, ini.ErrUnrepresentable) {
		t.Errorf("value with \"\"\" and a newline: got %v", err)
	}
	_, err = p.Marshal(map[string]any{"a": sect{"k": `"q"`}})
	if !errors.Is(err, ini.ErrUnrepresentable) {
		t.Errorf("quoted value (ini.v1 strips the quotes): got %v", err)
	}
	_, err = p.Marshal(map[string]any{"a": sect{"k": []int{1}}})
	if !errors.Is(err, alembicerr.ErrType) || !errors.Is(err, ini.ErrUnrepresentable) {
		t.Errorf("list value: got %v", err)
	}
}
