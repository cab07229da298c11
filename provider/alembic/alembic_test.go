package alembic_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pelletier/go-toml/v2"

	"github.com/koanf-alembic/koanf-alembic/pyvalue"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"

	"github.com/koanf-alembic/koanf-alembic/provider/alembic"
)

const genericINI = `[alembic]
script_location = %(here)s/migrations
sqlalchemy.url = driver://user:pass@localhost/dbname

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
datefmt = %%H:%%M:%%S

[handler_file]
args = ('%(logdir)s/app.log',)
`

type report struct {
	section, option string
	kind            alembicerr.Kind
}

// fill replaces "{dir}" in every string of want with dir.
func fill(v any, dir string) any {
	switch v := v.(type) {
	case string:
		return strings.ReplaceAll(v, "{dir}", dir)
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = fill(x, dir)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = fill(x, dir)
		}
		return out
	}
	return v
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		path := filepath.Join(dir, name)
		parent := filepath.Dir(path)
		if strings.HasSuffix(name, "/") {
			parent = path // a directory
		}
		if err := os.MkdirAll(parent, 0o755); err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(name, "/") {
			continue
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestRead(t *testing.T) {
	offset := time.FixedZone("", -7*3600)
	tests := []struct {
		name    string
		files   map[string]string // relative name -> content; a name ending in "/" is a directory
		opt     alembic.Opt       // Dir is set to the test's directory
		want    map[string]any    // "{dir}" stands for the test's directory
		reports []report
		// wantKind is the Kind of the expected *alembicerr.Error; wantCollision
		// expects a CollisionError.
		wantKind      alembicerr.Kind
		wantCollision bool
	}{
		{
			name: "defaults in every section; [DEFAULT] is not a section and overrides config_args",
			files: map[string]string{"alembic.ini": `[DEFAULT]
shared = from default
a = default a

[alembic]
a = own a
ref = %(shared)s + %(greeting)s

[other]
x = 1
`},
			opt: alembic.Opt{File: "alembic.ini", ConfigArgs: pyvalue.NewDict().Set("greeting", "hi").Set("Shared", "from config_args")},
			want: map[string]any{
				"alembic": map[string]any{"greeting": "hi", "shared": "from default", "here": "{dir}", "a": "own a", "ref": "from default + hi"},
				"other":   map[string]any{"greeting": "hi", "shared": "from default", "here": "{dir}", "a": "default a", "x": "1"},
			},
		},
		{
			name:  "a default interpolates in the context of each section",
			files: map[string]string{"alembic.ini": "[alembic]\nkey = main\n[other]\nkey = other\n"},
			opt:   alembic.Opt{File: "alembic.ini", ConfigArgs: pyvalue.NewDict().Set("dflt", "[%(key)s]")},
			want: map[string]any{
				"alembic": map[string]any{"dflt": "[main]", "here": "{dir}", "key": "main"},
				"other":   map[string]any{"dflt": "[other]", "here": "{dir}", "key": "other"},
			},
		},
		{
			name:  "here keeps .. (pathlib, not normalised)",
			files: map[string]string{"alembic.ini": "[alembic]\nv = %(here)s/x\n", "sub/": ""},
			opt:   alembic.Opt{File: "sub/../alembic.ini"},
			want:  map[string]any{"alembic": map[string]any{"here": "{dir}/sub/..", "v": "{dir}/sub/../x"}},
		},
		{
			name:    "a % in the directory: every read of here fails, as in Alembic",
			files:   map[string]string{"50%dir/alembic.ini": "[alembic]\nv = %(here)s/x\nplain = ok\n"},
			opt:     alembic.Opt{File: "50%dir/alembic.ini"},
			want:    map[string]any{"alembic": map[string]any{"here": "{dir}/50%dir", "v": "%(here)s/x", "plain": "ok"}},
			reports: []report{{"alembic", "here", "InterpolationSyntaxError"}, {"alembic", "v", "InterpolationSyntaxError"}},
		},
		{
			name:  "config_args cannot override here; a section key can shadow it",
			files: map[string]string{"alembic.ini": "[alembic]\nv = %(here)s\n[mine]\nhere = mine\nv = %(here)s\n"},
			opt:   alembic.Opt{File: "alembic.ini", ConfigArgs: pyvalue.NewDict().Set("here", "/elsewhere")},
			want: map[string]any{
				"alembic": map[string]any{"here": "{dir}", "v": "{dir}"},
				"mine":    map[string]any{"here": "mine", "v": "mine"},
			},
		},
		{
			name: "no ini file: Alembic's in-memory main section with the defaults",
			opt:  alembic.Opt{ConfigArgs: pyvalue.NewDict().Set("a", "1")},
			want: map[string]any{"alembic": map[string]any{"a": "1", "here": "."}},
		},
		{
			name: "no ini file, another main section",
			opt:  alembic.Opt{IniSection: "main"},
			want: map[string]any{"main": map[string]any{"here": "."}},
		},
		{
			name:     "no ini file, main section DEFAULT: ValueError as in Alembic",
			opt:      alembic.Opt{IniSection: "DEFAULT"},
			wantKind: "ValueError",
		},
		{
			name: "missing ini file reads as empty",
			opt:  alembic.Opt{File: "missing.ini"},
			want: map[string]any{},
		},
		{
			name:  "a directory as ini file reads as empty",
			files: map[string]string{"alembic.ini/": ""},
			opt:   alembic.Opt{File: "alembic.ini"},
			want:  map[string]any{},
		},
		{
			name:  "config_args values are str()'d for the ini",
			files: map[string]string{"alembic.ini": "[alembic]\nv = %(b)s %(n)s %(f)s %(s)s\n"},
			opt:   alembic.Opt{File: "alembic.ini", ConfigArgs: pyvalue.NewDict().Set("b", true).Set("n", 5).Set("f", 0.5).Set("s", "x")},
			want: map[string]any{"alembic": map[string]any{
				"b": "True", "n": "5", "f": "0.5", "s": "x", "here": "{dir}", "v": "True 5 0.5 x"}},
		},
		{
			name:     "a None config_args value is a TypeError",
			opt:      alembic.Opt{File: "alembic.ini", ConfigArgs: pyvalue.NewDict().Set("x", nil)},
			wantKind: "TypeError",
		},
		{
			name:     "a config_args value of another type is a TypeError",
			opt:      alembic.Opt{File: "alembic.ini", ConfigArgs: pyvalue.NewDict().Set("x", struct{}{})},
			wantKind: "TypeError",
		},
		{
			name:     "config_args keys differing only in case are a DuplicateOptionError",
			opt:      alembic.Opt{File: "alembic.ini", ConfigArgs: pyvalue.NewDict().Set("Key", "1").Set("key", "2")},
			wantKind: "DuplicateOptionError",
		},
		{
			name:  "a value that cannot be interpolated is reported and kept raw",
			files: map[string]string{"alembic.ini": genericINI},
			opt:   alembic.Opt{File: "alembic.ini"},
			want: map[string]any{
				"alembic": map[string]any{"here": "{dir}", "script_location": "{dir}/migrations",
					"sqlalchemy.url": "driver://user:pass@localhost/dbname"},
				// logging.fileConfig reads these raw, so does the tree.
				"formatter_generic": map[string]any{"here": "{dir}",
					"format": "%(levelname)-5.5s [%(name)s] %(message)s", "datefmt": "%%H:%%M:%%S"},
				"handler_file": map[string]any{"here": "{dir}", "args": "('%(logdir)s/app.log',)"},
			},
			reports: []report{{"handler_file", "args", "InterpolationMissingOptionError"}},
		},
		{
			name:     "Strict makes an interpolation failure an error",
			files:    map[string]string{"alembic.ini": genericINI},
			opt:      alembic.Opt{File: "alembic.ini", Strict: true},
			wantKind: "InterpolationMissingOptionError",
		},
		{
			name:  "Raw skips interpolation and TOML formatting",
			files: map[string]string{"alembic.ini": genericINI, "pyproject.toml": "[tool.alembic]\nscript_location = \"%(here)s/m\"\n"},
			opt:   alembic.Opt{File: "alembic.ini", TOMLFile: "pyproject.toml", Raw: true},
			want: map[string]any{
				"alembic": map[string]any{"here": "{dir}", "script_location": "%(here)s/migrations",
					"sqlalchemy.url": "driver://user:pass@localhost/dbname"},
				"formatter_generic": map[string]any{"here": "{dir}",
					"format": "%(levelname)-5.5s [%(name)s] %(message)s", "datefmt": "%%H:%%M:%%S"},
				"handler_file": map[string]any{"here": "{dir}", "args": "('%(logdir)s/app.log',)"},
				"tool":         map[string]any{"alembic": map[string]any{"script_location": "%(here)s/m"}},
			},
		},
		{
			name:    "missing key, self reference: reported, raw",
			files:   map[string]string{"alembic.ini": "[alembic]\nm = %(nope)s\nself = %(self)s\nok = 100%%\n"},
			opt:     alembic.Opt{File: "alembic.ini"},
			want:    map[string]any{"alembic": map[string]any{"here": "{dir}", "m": "%(nope)s", "self": "%(self)s", "ok": "100%"}},
			reports: []report{{"alembic", "m", "InterpolationMissingOptionError"}, {"alembic", "self", "InterpolationDepthError"}},
		},
		{
			name:     "ini syntax error",
			files:    map[string]string{"alembic.ini": "[alembic]\njustakey\n"},
			opt:      alembic.Opt{File: "alembic.ini"},
			wantKind: "ParsingError",
		},
		{
			name:     "ini duplicate section",
			files:    map[string]string{"alembic.ini": "[a]\n[a]\n"},
			opt:      alembic.Opt{File: "alembic.ini"},
			wantKind: "DuplicateSectionError",
		},
		{
			name: "[tool.alembic] with here, the TOML file's directory",
			files: map[string]string{
				"sub/alembic.ini": "[alembic]\nscript_location = %(here)s/ini\n",
				"pyproject.toml": `[tool.alembic]
script_location = "%(here)s/migrations"
version_locations = ["%(here)s/a", "%(here)s/b"]
truncate_slug_length = 40
sourceless = false

[[tool.alembic.post_write_hooks]]
name = "ruff"
options = "check --fix REVISION_SCRIPT_FILENAME %%"
`},
			opt: alembic.Opt{File: "sub/alembic.ini", TOMLFile: "pyproject.toml"},
			want: map[string]any{
				"alembic": map[string]any{"here": "{dir}/sub", "script_location": "{dir}/sub/ini"},
				"tool": map[string]any{"alembic": map[string]any{
					"script_location":      "{dir}/migrations",
					"version_locations":    []any{"{dir}/a", "{dir}/b"},
					"truncate_slug_length": int64(40),
					"sourceless":           false,
					"post_write_hooks": []any{map[string]any{
						"name": "ruff", "options": "check --fix REVISION_SCRIPT_FILENAME %"}},
				}},
			},
		},
		{
			name:  "TOML values keep go-toml's types; strings formatted as Alembic's getters format them",
			files: map[string]string{"pyproject.toml": "[tool.alembic]\nf = 1.5\nd = 1979-05-27\nt = 07:32:00.25\nldt = 1979-05-27T07:32:00\nodt = 1979-05-27T00:32:00-07:00\nnested = {a = {b = \"%(here)s\"}, c = \"%(here)s\"}\nmixed = [1, \"%(here)s\", [true]]\n"},
			opt:   alembic.Opt{TOMLFile: "pyproject.toml"},
			want: map[string]any{
				"alembic": map[string]any{"here": "."},
				"tool": map[string]any{"alembic": map[string]any{
					"f": 1.5, "d": toml.LocalDate{Year: 1979, Month: 5, Day: 27},
					"t":   toml.LocalTime{Hour: 7, Minute: 32, Nanosecond: 250000000, Precision: 6},
					"ldt": toml.LocalDateTime{LocalDate: toml.LocalDate{Year: 1979, Month: 5, Day: 27}, LocalTime: toml.LocalTime{Hour: 7, Minute: 32}},
					"odt": time.Date(1979, 5, 27, 0, 32, 0, 0, offset),
					// A table's string values are formatted; a deeper table
					// stays raw (Alembic's getter cannot format it either).
					"nested": map[string]any{"a": map[string]any{"b": "%(here)s"}, "c": "{dir}"},
					"mixed":  []any{int64(1), "{dir}", []any{true}},
				}},
			},
		},
		{
			name:  "toml_args keep the case and type of config_args",
			files: map[string]string{"pyproject.toml": "[tool.alembic]\nn = \"%(num)03d\"\nb = \"%(base)s\"\nB = \"%(Base)s\"\n"},
			opt:   alembic.Opt{File: "missing.ini", TOMLFile: "pyproject.toml", ConfigArgs: pyvalue.NewDict().Set("num", 7).Set("Base", "/B")},
			want: map[string]any{"tool": map[string]any{"alembic": map[string]any{
				"n": "007", "b": "%(base)s", "B": "/B"}}},
			reports: []report{{"tool.alembic", "b", "KeyError"}},
		},
		{
			name:     "a TOML formatting failure with Strict",
			files:    map[string]string{"pyproject.toml": "[tool.alembic]\nx = \"50%\"\n"},
			opt:      alembic.Opt{File: "missing.ini", TOMLFile: "pyproject.toml", Strict: true},
			wantKind: "ValueError",
		},
		{
			name: "missing TOML file adds nothing",
			opt:  alembic.Opt{File: "missing.ini", TOMLFile: "pyproject.toml"},
			want: map[string]any{},
		},
		{
			name:  "TOML without [tool.alembic] adds nothing",
			files: map[string]string{"pyproject.toml": "[project]\nname = \"x\"\n[tool.other]\na = 1\n"},
			opt:   alembic.Opt{File: "missing.ini", TOMLFile: "pyproject.toml"},
			want:  map[string]any{},
		},
		{
			name:  "an empty [tool.alembic] is an empty table",
			files: map[string]string{"pyproject.toml": "[tool.alembic]\n"},
			opt:   alembic.Opt{File: "missing.ini", TOMLFile: "pyproject.toml"},
			want:  map[string]any{"tool": map[string]any{"alembic": map[string]any{}}},
		},
		{
			name:     "bad TOML: TOMLDecodeError",
			files:    map[string]string{"pyproject.toml": "[tool.alembic\n"},
			opt:      alembic.Opt{File: "missing.ini", TOMLFile: "pyproject.toml"},
			wantKind: "TOMLDecodeError",
		},
		{
			name:     "duplicate TOML key: TOMLDecodeError",
			files:    map[string]string{"pyproject.toml": "[tool.alembic]\na = 1\na = 2\n"},
			opt:      alembic.Opt{File: "missing.ini", TOMLFile: "pyproject.toml"},
			wantKind: "TOMLDecodeError",
		},
		{
			name:     "tool is not a table: AttributeError",
			files:    map[string]string{"pyproject.toml": "tool = \"x\"\n"},
			opt:      alembic.Opt{File: "missing.ini", TOMLFile: "pyproject.toml"},
			wantKind: "AttributeError",
		},
		{
			name:     "tool.alembic is not a table: CommandError",
			files:    map[string]string{"pyproject.toml": "[tool]\nalembic = 1\n"},
			opt:      alembic.Opt{File: "missing.ini", TOMLFile: "pyproject.toml"},
			wantKind: "CommandError",
		},
		{
			name:     "TOML path is a directory: IsADirectoryError",
			files:    map[string]string{"pyproject.toml/": ""},
			opt:      alembic.Opt{File: "missing.ini", TOMLFile: "pyproject.toml"},
			wantKind: "IsADirectoryError",
		},
		{
			name:     "TOML with invalid UTF-8: UnicodeDecodeError",
			files:    map[string]string{"pyproject.toml": "[tool.alembic]\na = \"\xff\"\n"},
			opt:      alembic.Opt{File: "missing.ini", TOMLFile: "pyproject.toml"},
			wantKind: "UnicodeDecodeError",
		},
		{
			name:  "an ini section [tool] merges with [tool.alembic]",
			files: map[string]string{"alembic.ini": "[tool]\nother = 1\n", "pyproject.toml": "[tool.alembic]\na = 1\n"},
			opt:   alembic.Opt{File: "alembic.ini", TOMLFile: "pyproject.toml"},
			want: map[string]any{"tool": map[string]any{"here": "{dir}", "other": "1",
				"alembic": map[string]any{"a": int64(1)}}},
		},
		{
			name:          "an ini option [tool] alembic.x collides with [tool.alembic]",
			files:         map[string]string{"alembic.ini": "[tool]\nalembic.x = 1\n", "pyproject.toml": "[tool.alembic]\na = 1\n"},
			opt:           alembic.Opt{File: "alembic.ini", TOMLFile: "pyproject.toml"},
			wantCollision: true,
		},
		{
			name:          "an ini option [tool] alembic collides with [tool.alembic]",
			files:         map[string]string{"alembic.ini": "[tool]\nalembic = 1\n", "pyproject.toml": "[tool.alembic]\n"},
			opt:           alembic.Opt{File: "alembic.ini", TOMLFile: "pyproject.toml"},
			wantCollision: true,
		},
		{
			name:          "[a] b.c and [a.b] c collide",
			files:         map[string]string{"alembic.ini": "[a]\nb.c = 1\n[a.b]\nc = 2\n"},
			opt:           alembic.Opt{File: "alembic.ini"},
			wantCollision: true,
		},
		{
			name:          "[s] a and [s.a] b collide (koanf's key map)",
			files:         map[string]string{"alembic.ini": "[s]\na = 1\n[s.a]\nb = 2\n"},
			opt:           alembic.Opt{File: "alembic.ini"},
			wantCollision: true,
		},
		{
			name:  "another delimiter avoids the collision",
			files: map[string]string{"alembic.ini": "[a]\nb.c = 1\n[a.b]\nc = 2\n"},
			opt:   alembic.Opt{File: "alembic.ini", Delim: "/"},
			want: map[string]any{
				"a":   map[string]any{"here": "{dir}", "b.c": "1"},
				"a.b": map[string]any{"here": "{dir}", "c": "2"},
			},
		},
		{
			name:  "options a and a.b of one section do not collide",
			files: map[string]string{"alembic.ini": "[s]\na = 1\na.b = 2\n"},
			opt:   alembic.Opt{File: "alembic.ini"},
			want:  map[string]any{"s": map[string]any{"here": "{dir}", "a": "1", "a.b": "2"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, tt.files)
			opt := tt.opt
			opt.Dir = dir
			var got []report
			opt.OnInterpolationError = func(section, option string, err error) {
				var e *alembicerr.Error
				if !errors.As(err, &e) {
					t.Fatalf("reported error %v (%T) is not an *alembicerr.Error", err, err)
				}
				got = append(got, report{section, option, e.Kind})
			}
			tree, err := alembic.Provider(opt).Read()
			switch {
			case tt.wantCollision:
				var ce *alembicerr.Error
				if !errors.As(err, &ce) || ce.Kind != alembicerr.CollisionError {
					t.Fatalf("err = %v, want a CollisionError", err)
				}
				t.Logf("error: %v", err)
				return
			case tt.wantKind != "":
				var e *alembicerr.Error
				if !errors.As(err, &e) || e.Kind != tt.wantKind {
					t.Fatalf("err = %v, want kind %s", err, tt.wantKind)
				}
				t.Logf("error: %v", err)
				return
			case err != nil:
				t.Fatalf("Read: %v", err)
			}
			if want := fill(tt.want, dir); !reflect.DeepEqual(tree, want) {
				t.Errorf("tree\n got %#v\nwant %#v", tree, want)
			}
			if !reflect.DeepEqual(got, tt.reports) {
				t.Errorf("reports\n got %v\nwant %v", got, tt.reports)
			}
		})
	}
}

// TestErrorLocation checks that errors name the file and line.
func TestErrorLocation(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"alembic.ini": genericINI, "bad.ini": "[alembic]\na = 1\n\njustakey\n"})

	_, err := alembic.Provider(alembic.Opt{File: "alembic.ini", Dir: dir, Strict: true}).Read()
	var e *alembicerr.Error
	if !errors.As(err, &e) || e.Source != "alembic.ini" || e.Line != 10 || e.Section != "handler_file" || e.Option != "args" {
		t.Errorf("Strict error = %#v, want alembic.ini:10 [handler_file] args", err)
	}
	if !errors.Is(err, alembicerr.ErrInterpolation) {
		t.Errorf("errors.Is(%v, alembicerr.ErrInterpolation) = false", err)
	}

	var reported error
	_, err = alembic.Provider(alembic.Opt{File: "alembic.ini", Dir: dir,
		OnInterpolationError: func(_, _ string, err error) { reported = err }}).Read()
	if err != nil {
		t.Fatal(err)
	}
	if !errors.As(reported, &e) || e.Line != 10 || !strings.Contains(reported.Error(), "alembic.ini:10:") {
		t.Errorf("reported = %v, want it located at alembic.ini:10", reported)
	}

	_, err = alembic.Provider(alembic.Opt{File: "bad.ini", Dir: dir}).Read()
	if !errors.As(err, &e) || e.Kind != "ParsingError" || e.Line != 4 || !errors.Is(err, alembicerr.ErrParsing) {
		t.Errorf("parse error = %#v, want ParsingError at line 4", err)
	}
}

// TestCollisionMessage checks that a collision names both entries.
func TestCollisionMessage(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"alembic.ini":    "[alembic]\nx = 1\n\n[tool]\nalembic.script_location = ini\n",
		"pyproject.toml": "[tool.alembic]\nscript_location = \"toml\"\n",
	})
	_, err := alembic.Provider(alembic.Opt{File: "alembic.ini", TOMLFile: "pyproject.toml", Dir: dir}).Read()
	want := `koanf path "tool.alembic.script_location" is both option 'alembic.script_location' of section [tool] (alembic.ini:5) and [tool.alembic] of pyproject.toml`
	if e := (*alembicerr.Error)(nil); !errors.As(err, &e) || e.Kind != alembicerr.CollisionError || e.Message != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}

	writeFiles(t, dir, map[string]string{"alembic.ini": "[a]\nb.c = 1\n[a.b]\nc = 2\n"})
	_, err = alembic.Provider(alembic.Opt{File: "alembic.ini", Dir: dir}).Read()
	want = `koanf path "a.b.c" is both option 'b.c' of section [a] (alembic.ini:2) and option 'c' of section [a.b] (alembic.ini:4)`
	if e := (*alembicerr.Error)(nil); !errors.As(err, &e) || e.Kind != alembicerr.CollisionError || e.Message != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
}

// TestWorkingDirectory checks that Dir "" means the working directory at
// the time of Read.
func TestWorkingDirectory(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"alembic.ini": "[alembic]\nloc = %(here)s/m\n"})
	t.Chdir(dir)
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	tree, err := alembic.Provider(alembic.Opt{File: "alembic.ini"}).Read()
	if err != nil {
		t.Fatal(err)
	}
	if got := tree["alembic"].(map[string]any)["loc"]; got != wd+"/m" {
		t.Errorf("loc = %v, want %s/m", got, wd)
	}
}

// TestConfigArgsCopied checks that the provider keeps its own copy of
// ConfigArgs and that a repeated key keeps its first position and last
// value.
func TestConfigArgsCopied(t *testing.T) {
	args := pyvalue.NewDict().Set("a", "1").Set("b", "2").Set("a", "3")
	p := alembic.Provider(alembic.Opt{ConfigArgs: args, Dir: t.TempDir()})
	args.Set("b", "changed")
	tree, err := p.Read()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"alembic": map[string]any{"a": "3", "b": "2", "here": "."}}
	if !reflect.DeepEqual(tree, want) {
		t.Errorf("tree = %v, want %v", tree, want)
	}
	if p.IniSection() != "alembic" {
		t.Errorf("IniSection() = %q", p.IniSection())
	}
}

// TestReadIsFresh checks that each Read returns a new map and reads the
// files again.
func TestReadIsFresh(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"alembic.ini": "[alembic]\nv = 1\n"})
	p := alembic.Provider(alembic.Opt{File: "alembic.ini", Dir: dir})
	first, err := p.Read()
	if err != nil {
		t.Fatal(err)
	}
	first["alembic"].(map[string]any)["v"] = "mutated"
	writeFiles(t, dir, map[string]string{"alembic.ini": "[alembic]\nv = 2\n"})
	second, err := p.Read()
	if err != nil {
		t.Fatal(err)
	}
	if v := second["alembic"].(map[string]any)["v"]; v != "2" {
		t.Errorf("v = %v, want 2", v)
	}
}

func TestReadBytes(t *testing.T) {
	b, err := alembic.Provider(alembic.Opt{}).ReadBytes()
	if err == nil || b != nil || !strings.Contains(err.Error(), "k.Load(p, nil)") {
		t.Errorf("ReadBytes() = %q, %v; want an error that says how to load the provider", b, err)
	}
}

// TestConcurrentRead runs Reads in parallel (for -race).
func TestConcurrentRead(t *testing.T) {
	p := alembic.Provider(alembic.Opt{File: "testdata/alembic.ini", TOMLFile: "testdata/pyproject.toml"})
	done := make(chan error)
	for range 4 {
		go func() {
			_, err := p.Read()
			done <- err
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
