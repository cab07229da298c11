package alembiccfg

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"

	"github.com/koanf-alembic/koanf-alembic/pyvalue"

	"github.com/knadh/koanf/providers/confmap"
)

func environ(vars ...string) func() []string {
	return func() []string { return vars }
}

func tree(section string, kv ...any) Layer {
	m := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return Layer{Name: "app", Provider: confmap.Provider(map[string]any{section: m}, "")}
}

func mainValue(t *testing.T, cfg *Config, name string) (string, Source) {
	t.Helper()
	v, ok, err := cfg.MainOption(name)
	if err != nil || !ok {
		t.Fatalf("MainOption(%q) = %q, %v, %v", name, v, ok, err)
	}
	fc, err := cfg.FileConfig()
	if err != nil {
		t.Fatal(err)
	}
	opts, err := fc.RawOptions(cfg.ConfigIniSection())
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range opts {
		if o.Name == name {
			return v, o.From
		}
	}
	t.Fatalf("no raw option %q", name)
	return "", Source{}
}

// One test per adjacent pair of ini-view layers: the higher one wins.
func TestLayerPrecedence(t *testing.T) {
	ini := writeIni(t, "[alembic]\nurl = from-file\n")
	tests := []struct {
		name      string
		opts      Options
		set       bool
		want      string
		wantLayer string
	}{
		{"config_args < file", Options{File: ini, ConfigArgs: pyvalue.NewDict().Set("url", "from-args")}, false, "from-file", "file"},
		{"file < extra layer", Options{File: ini, Layers: []Layer{tree("alembic", "url", "from-layer")}}, false, "from-layer", "app"},
		{"extra layer < env", Options{File: ini, Layers: []Layer{tree("alembic", "url", "from-layer")},
			Env: &EnvOptions{Prefix: "ALEMBIC_", Environ: environ("ALEMBIC_URL=from-env")}}, false, "from-env", "env"},
		{"env < AboveEnv layer", Options{File: ini, Layers: []Layer{func() Layer { l := tree("alembic", "url", "from-top"); l.AboveEnv = true; return l }()},
			Env: &EnvOptions{Prefix: "ALEMBIC_", Environ: environ("ALEMBIC_URL=from-env")}}, false, "from-top", "app"},
		{"env < programmatic set", Options{File: ini, Env: &EnvOptions{Prefix: "ALEMBIC_", Environ: environ("ALEMBIC_URL=from-env")}}, true, "from-set", "set"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := New(tt.opts)
			if tt.set {
				if err := cfg.SetMainOption("url", "from-set"); err != nil {
					t.Fatal(err)
				}
			}
			v, src := mainValue(t, cfg, "url")
			if v != tt.want || src.Layer != tt.wantLayer {
				t.Errorf("url = %q from %v, want %q from %s", v, src, tt.want, tt.wantLayer)
			}
		})
	}
}

// The example: a literal URL from the environment reads back
// unchanged, and through %(sqlalchemy.url)s too.
func TestEnvLiteralURL(t *testing.T) {
	ini := writeIni(t, "[alembic]\nsqlalchemy.url = driver://u:p@h/db\nderived = url is %(sqlalchemy.url)s\n")
	url := "postgresql://u:p%40ss@db/app"
	cfg := New(Options{File: ini, Env: &EnvOptions{Prefix: "ALEMBIC_", Environ: environ("ALEMBIC_SQLALCHEMY_URL=" + url)}})
	v, src := mainValue(t, cfg, "sqlalchemy.url")
	if v != url || src != (Source{Layer: "env", Name: "ALEMBIC_SQLALCHEMY_URL"}) {
		t.Errorf("sqlalchemy.url = %q from %v", v, src)
	}
	if d, _, _ := cfg.MainOption("derived"); d != "url is "+url {
		t.Errorf("derived = %q", d)
	}
	fc, _ := cfg.FileConfig()
	raw, _, _ := fc.RawGet("alembic", "sqlalchemy.url")
	if raw != "postgresql://u:p%%40ss@db/app" {
		t.Errorf("raw form = %q, want the %%-doubled literal", raw)
	}
	opts, _ := fc.RawOptions("alembic")
	if len(opts[0].Overrode) != 1 || opts[0].Overrode[0].Layer != "file" || opts[0].Overrode[0].Line != 2 {
		t.Errorf("overrode = %v, want the file's line 2", opts[0].Overrode)
	}
}

func TestEnvAmbiguousNameNamesBoth(t *testing.T) {
	ini := writeIni(t, "[alembic]\na.b = 1\na_b = 2\n")
	cfg := New(Options{File: ini, Env: &EnvOptions{Prefix: "ALEMBIC_", Environ: environ("ALEMBIC_A_B=x")}})
	_, _, err := cfg.MainOption("a.b")
	if !errors.Is(err, alembicerr.ErrAmbiguousName) || !strings.Contains(err.Error(), "'a.b'") || !strings.Contains(err.Error(), "'a_b'") {
		t.Errorf("got %v, want an AmbiguousNameError naming both options", err)
	}
}

func TestEnvINIFragmentAndReserved(t *testing.T) {
	cfg := New(Options{Env: &EnvOptions{Prefix: "ALEMBIC_", Environ: environ(
		"ALEMBIC_INI=[my section]\nkey = %(here)s/x\n", "ALEMBIC_CONFIG=ignored.ini")}})
	if v, _, err := cfg.SectionOption("my section", "key"); v != "./x" || err != nil {
		t.Errorf("fragment option = %q, %v", v, err)
	}
	bad := New(Options{Env: &EnvOptions{Prefix: "ALEMBIC_", Environ: environ("ALEMBIC_INI=[DEFAULT]\nk = v\n")}})
	var e *alembicerr.Error
	if _, _, err := bad.MainOption("k"); !errors.As(err, &e) || e.Kind != "ValueError" || e.Source != "ALEMBIC_INI" || e.Line != 2 {
		t.Errorf("DEFAULT in the fragment: %v", err)
	}
	here := New(Options{Env: &EnvOptions{Prefix: "ALEMBIC_", Environ: environ("ALEMBIC_HERE=/x")}})
	if _, _, err := here.MainOption("here"); !errors.Is(err, alembicerr.ErrValue) {
		t.Errorf("ALEMBIC_HERE: %v, want ValueError", err)
	}
}

func writeTOML(t *testing.T, dir, text string) string {
	t.Helper()
	p := filepath.Join(dir, "pyproject.toml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// pyproject.toml against the ini view, per getter rule of spec §6.
func TestTOMLRulePerOption(t *testing.T) {
	dir := t.TempDir()
	toml := writeTOML(t, dir, `[tool.alembic]
script_location = "%(here)s/from-toml"
sourceless = true
version_locations = ["%(here)s/v1", "v2"]
prepend_sys_path = ["."]

[[tool.alembic.post_write_hooks]]
name = "ruff"
type = "exec"
`)
	ini := filepath.Join(dir, "alembic.ini")
	write := func(text string) {
		if err := os.WriteFile(ini, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("ini key wins even empty", func(t *testing.T) {
		write("[alembic]\nscript_location =\nsourceless = True\n")
		cfg := New(Options{File: ini, TOMLFile: toml})
		if v, _, _ := cfg.AlembicOption("script_location"); v != "" {
			t.Errorf("script_location = %q, want the ini's empty value", v)
		}
		if b, _ := cfg.AlembicBoolOption("sourceless"); b {
			t.Error("sourceless: the ini's True is not 'true', so false")
		}
	})
	t.Run("lists take the ini only when non-empty", func(t *testing.T) {
		write("[alembic]\nversion_locations =\npath_separator = os\n")
		cfg := New(Options{File: ini, TOMLFile: toml})
		v, _, err := cfg.VersionLocations()
		if err != nil || strings.Join(v, ",") != dir+"/v1,v2" {
			t.Errorf("version_locations = %q, %v", v, err)
		}
	})
	t.Run("hooks: a post_write_hooks section hides toml", func(t *testing.T) {
		write("[alembic]\n[post_write_hooks]\n")
		cfg := New(Options{File: ini, TOMLFile: toml})
		if h, err := cfg.Hooks(); err != nil || len(h) != 0 {
			t.Errorf("hooks = %v, %v", h, err)
		}
		write("[alembic]\n")
		cfg = New(Options{File: ini, TOMLFile: toml})
		if h, err := cfg.Hooks(); err != nil || len(h) != 1 {
			t.Errorf("hooks = %v, %v", h, err)
		}
	})
	t.Run("environment beats pyproject.toml", func(t *testing.T) {
		write("[alembic]\n")
		cfg := New(Options{File: ini, TOMLFile: toml, Env: &EnvOptions{Prefix: "ALEMBIC_", Environ: environ("ALEMBIC_SCRIPT_LOCATION=/env/loc")}})
		if v, _, err := cfg.AlembicOption("script_location"); v != "/env/loc" || err != nil {
			t.Errorf("script_location = %v, %v", v, err)
		}
		noEnv := New(Options{File: ini, TOMLFile: toml})
		if v, _, _ := noEnv.AlembicOption("script_location"); v != dir+"/from-toml" {
			t.Errorf("without the variable: %v", v)
		}
		if v, _, _ := noEnv.MainOption("script_location"); v != "" {
			t.Errorf("get_main_option never reads TOML: %q", v)
		}
	})
}

func TestTOMLErrors(t *testing.T) {
	for _, tt := range []struct {
		name, text string
		want       error
	}{
		{"bad toml", "[tool.alembic\n", alembicerr.ErrTOMLDecode},
		{"tool not a table", "tool = 'x'\n", alembicerr.ErrAttribute},
		{"alembic not a table", "[tool]\nalembic = 1\n", alembicerr.ErrCommand},
	} {
		cfg := New(Options{TOMLFile: writeTOML(t, t.TempDir(), tt.text)})
		if _, _, err := cfg.AlembicOption("x"); !errors.Is(err, tt.want) {
			t.Errorf("%s: %v", tt.name, err)
		}
		if _, _, err := cfg.MainOption("x"); err != nil {
			t.Errorf("%s: a bad TOML must not affect the ini: %v", tt.name, err)
		}
	}
	dirAsToml := filepath.Join(t.TempDir(), "pyproject.toml")
	_ = os.Mkdir(dirAsToml, 0o755)
	if _, _, err := New(Options{TOMLFile: dirAsToml}).AlembicOption("x"); !errors.Is(err, alembicerr.ErrIsADirectory) {
		t.Errorf("directory: %v", err)
	}
	args := New(Options{TOMLFile: writeTOML(t, t.TempDir(), "[tool.alembic]\nx = '%(nope)s'\ny = '50%'\n")})
	if _, _, err := args.AlembicOption("x"); !errors.Is(err, alembicerr.ErrKey) {
		t.Errorf("missing key: %v", err)
	}
	if _, _, err := args.AlembicOption("y"); !errors.Is(err, alembicerr.ErrValue) {
		t.Errorf("bare %%: %v", err)
	}
}

func TestLayerErrors(t *testing.T) {
	for _, tt := range []struct {
		name  string
		layer Layer
		want  error
	}{
		{"DEFAULT section", Layer{Name: "app", Provider: confmap.Provider(map[string]any{"DEFAULT": map[string]any{"k": "v"}}, "")}, alembicerr.ErrValue},
		{"list value", tree("alembic", "k", []any{"a"}), alembicerr.ErrValue},
		// Raw is ini text read as the file is: the error comes when read.
		{"raw value with a bad %", func() Layer { l := tree("alembic", "k", "50%"); l.Raw = true; return l }(), alembicerr.ErrInterpolationSyntax},
	} {
		cfg := New(Options{Layers: []Layer{tt.layer}})
		if _, _, err := cfg.MainOption("k"); !errors.Is(err, tt.want) {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
	cfg := New(Options{Layers: []Layer{tree("alembic", "k", "50%")}})
	if v, _, err := cfg.MainOption("k"); v != "50%" || err != nil {
		t.Errorf("a literal 50%%: %q, %v", v, err)
	}
}

// A raw layer reads as alembic.ini does: a logging format is accepted,
// and a lone % fails only when that option is read.
func TestLayerRaw(t *testing.T) {
	l := Layer{Name: "kv", Raw: true, Provider: confmap.Provider(map[string]any{
		"alembic":           map[string]any{"bad": "50%", "ok": "1"},
		"formatter_generic": map[string]any{"format": "%(levelname)-5.5s %(message)s"},
	}, "")}
	cfg := New(Options{Layers: []Layer{l}})
	if v, _, err := cfg.MainOption("ok"); v != "1" || err != nil {
		t.Errorf("ok = %q, %v", v, err)
	}
	if _, _, err := cfg.MainOption("bad"); !errors.Is(err, alembicerr.ErrInterpolationSyntax) || !strings.Contains(err.Error(), "kv alembic.bad") {
		t.Errorf("bad: %v", err)
	}
	fc, _ := cfg.FileConfig()
	if v, _, err := fc.RawGet("formatter_generic", "format"); v != "%(levelname)-5.5s %(message)s" || err != nil {
		t.Errorf("format = %q, %v", v, err)
	}
}

func TestReloadKeepsProgrammaticChanges(t *testing.T) {
	ini := writeIni(t, "[alembic]\na = 1\nb = 2\n")
	cfg := New(Options{File: ini})
	_ = cfg.SetMainOption("a", "set")
	_ = cfg.RemoveMainOption("b")
	_ = os.WriteFile(ini, []byte("[alembic]\na = 10\nb = 20\nc = 30\n"), 0o644)
	if err := cfg.Reload(); err != nil {
		t.Fatal(err)
	}
	a, _, _ := cfg.MainOption("a")
	_, bok, _ := cfg.MainOption("b")
	c, _, _ := cfg.MainOption("c")
	if a != "set" || bok || c != "30" {
		t.Errorf("after reload a=%q b present=%v c=%q", a, bok, c)
	}
	_ = os.WriteFile(ini, []byte("[alembic]\na = 1\na = 2\n"), 0o644)
	if err := cfg.Reload(); !errors.Is(err, alembicerr.ErrDuplicateOption) {
		t.Errorf("reload of a bad file: %v", err)
	}
	if c, _, _ := cfg.MainOption("c"); c != "30" {
		t.Errorf("a failed reload must keep the previous view: c=%q", c)
	}
}
