package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
)

func TestDumpJSON(t *testing.T) {
	dir := project(t, map[string]string{
		"alembic.ini": "[alembic]\nscript_location = %(here)s/m\nsqlalchemy.url = postgresql://u:pw@h/db\n" +
			"[formatter_generic]\nformat = %(message)s\n",
		"pyproject.toml": "[tool.alembic]\nversion_locations = [\"%(here)s/v\"]\ntruncate_slug_length = 40\n" +
			"post_write_hooks = [{name = \"x\", type = \"exec\", api_key = \"k\"}]\n",
	})
	env := []string{"ALEMBIC_LOGGER_ROOT__LEVEL=DEBUG"}
	r := runAt(t, dir, env, "dump")
	want := `{
  "alembic": {
    "here": "DIR",
    "script_location": "DIR/m",
    "sqlalchemy.url": "postgresql://u:***@h/db"
  },
  "formatter_generic": {
    "here": "DIR",
    "format": "%(message)s"
  },
  "logger_root": {
    "here": "DIR",
    "level": "DEBUG"
  }
}
`
	want = strings.ReplaceAll(want, "DIR", dir)
	if r.code != 0 || r.stdout != want {
		t.Errorf("want\n%s\n%s", want, r)
	}
	if r.stderr != "note: [formatter_generic] format shown raw, as logging.fileConfig reads them (not interpolated)\n"+
		"note: secrets are shown as ***; --show-secrets prints them\n" {
		t.Errorf("stderr %q", r.stderr)
	}

	r = runAt(t, dir, env, "dump", "--toml", "--format", "json")
	wantTOML := `  "tool.alembic": {
    "version_locations": [
      "DIR/v"
    ],
    "truncate_slug_length": 40,
    "post_write_hooks": [
      {
        "name": "x",
        "type": "exec",
        "api_key": "***"
      }
    ]
  }
}
`
	wantTOML = strings.ReplaceAll(wantTOML, "DIR", dir)
	if r.code != 0 || !strings.HasSuffix(r.stdout, wantTOML) {
		t.Errorf("want suffix\n%s\n%s", wantTOML, r)
	}
	r = runAt(t, dir, env, "dump", "--toml", "--show-secrets")
	expect(t, r, 0, []string{`"api_key": "k"`, "postgresql://u:pw@h/db"}, nil)

	// A value that cannot be interpolated: nothing on stdout, the error
	// with its place on stderr.
	bad := project(t, map[string]string{"alembic.ini": "[alembic]\na = 1\n[x]\nb = %(nope)s\n"})
	r = runAt(t, bad, nil, "dump")
	expect(t, r, 2, nil, []string{"alembic.ini:4: Bad value substitution"})
	if r.stdout != "" {
		t.Errorf("stdout %q", r.stdout)
	}
	// A TOML value Alembic cannot read.
	bad = project(t, map[string]string{"pyproject.toml": "[tool.alembic]\nx = 1.5\n"})
	expect(t, runAt(t, bad, nil, "dump", "--toml"), 2, nil, []string{"pyproject.toml: [tool.alembic] x: unsupported TOML value type"})
	expect(t, runAt(t, bad, nil, "dump"), 0, []string{"{}\n"}, nil)
}

// trickyINI has values that test the %-escaping, continuation lines and
// the names the environment cannot spell.
const trickyINI = `[DEFAULT]
base = /srv

[alembic]
script_location = %(base)s/migrations
sqlalchemy.url = postgresql://u:pw@h/db
percent = 100%% sure
quote = it's
multi = first
    second

    fourth
my.option = dotted
a.b = 1
a_b = 2
config = c
here = shadowed

[Foo]
x = capital section

[post_write_hooks]
hooks = black
black.type = console_scripts
black.options = -l 79 REVISION_SCRIPT_FILENAME

[logger_root]
level = WARNING
qualname =

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
datefmt = %H:%M:%S
class = logging.Formatter

[empty_section]
`

var trickyEnv = []string{
	"ALEMBIC_SQLALCHEMY_URL=postgresql://u:p%40ss@db/app",
	"ALEMBIC_NEW_SECTION__OPT=from %(env)",
}

// ownValues returns every section's own options as Alembic reads them
// (the logging formatter options raw, as logging reads them).
func ownValues(t *testing.T, cfg *alembiccfg.Config) map[string]map[string]string {
	t.Helper()
	fc, err := cfg.FileConfig()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]string{}
	for _, s := range fc.Sections() {
		opts, err := fc.RawOptions(s)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for _, o := range opts {
			if o.Scope != alembiccfg.ScopeSection {
				continue
			}
			v, _, err := fc.Get(s, o.Name)
			if alembiccfg.LoggingRaw(s, o.Name) {
				v, err = o.Raw, nil
			}
			if err != nil {
				t.Fatalf("[%s] %s: %v", s, o.Name, err)
			}
			m[o.Name] = v
		}
		out[s] = m
	}
	return out
}

// defaultValues returns the file's [DEFAULT] options as CPython reads
// them (without here).
func defaultValues(t *testing.T, cfg *alembiccfg.Config) map[string]string {
	t.Helper()
	fc, err := cfg.FileConfig()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, d := range fc.Defaults() {
		if d.Name == "here" {
			continue
		}
		v, _, err := fc.Get("DEFAULT", d.Name)
		if err != nil {
			t.Fatalf("[DEFAULT] %s: %v", d.Name, err)
		}
		out[d.Name] = v
	}
	return out
}

func trickyConfig(dir string, file string, env []string) *alembiccfg.Config {
	return alembiccfg.New(alembiccfg.Options{File: file, Dir: dir,
		Env: &alembiccfg.EnvOptions{Prefix: "ALEMBIC_", Environ: func() []string { return env }}})
}

// TestDumpINIRoundTrip: CPython's reading of the dumped ini gives every
// section's own values back.
func TestDumpINIRoundTrip(t *testing.T) {
	dir := project(t, map[string]string{"alembic.ini": trickyINI})
	r := runAt(t, dir, trickyEnv, "dump", "--format", "ini", "--show-secrets")
	if r.code != 0 {
		t.Fatal(r)
	}
	// The file's [DEFAULT] is kept (its own keys; never here or
	// config_args), so every section's items() read back the same.
	if !strings.HasPrefix(r.stdout, "[DEFAULT]\n") || strings.Contains(r.stdout, "[DEFAULT]\nhere =") {
		t.Errorf("dump ini: the file's [DEFAULT] first, without here:\n%s", r.stdout)
	}
	orig := trickyConfig(dir, "alembic.ini", trickyEnv)
	want := ownValues(t, orig)
	back := project(t, map[string]string{"dumped.ini": r.stdout})
	dumped := alembiccfg.New(alembiccfg.Options{File: "dumped.ini", Dir: back})
	got := ownValues(t, dumped)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("read back:\n%v\nwant\n%v\ndump:\n%s", got, want, r.stdout)
	}
	if g, w := defaultValues(t, dumped), defaultValues(t, orig); !reflect.DeepEqual(g, w) {
		t.Errorf("defaults read back %v, want %v", g, w)
	}
	for _, s := range []string{"percent = 100%% sure\n", "multi = first\n    second\n\n    fourth\n",
		"sqlalchemy.url = postgresql://u:p%%40ss@db/app\n", "opt = from %%(env)\n",
		"format = %(levelname)-5.5s [%(name)s] %(message)s\n", "[empty_section]\n"} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("dump lacks %q:\n%s", s, r.stdout)
		}
	}
	// Redacted by default: marked as not usable, exit 1.
	r = runAt(t, dir, trickyEnv, "dump", "--format", "ini")
	expect(t, r, 1, []string{"sqlalchemy.url = postgresql://u:***@db/app\n", "!p%40ss", "!p%%40ss"}, nil)
	if !strings.HasPrefix(r.stdout, redactedHeader+"[DEFAULT]\n") {
		t.Errorf("redacted ini dump without the header:\n%s", r.stdout)
	}

	// A value CPython cannot read back is refused, naming it; nothing is
	// written.
	dir = project(t, map[string]string{"alembic.ini": "[alembic]\nx = 1\n"})
	r = runAt(t, dir, []string{"ALEMBIC_X=  padded  "}, "dump", "--format", "ini")
	expect(t, r, 2, nil, []string{`section "alembic", option "x": the value has leading or trailing whitespace`})
	if r.stdout != "" {
		t.Errorf("a refused dump wrote:\n%s", r.stdout)
	}
}

// parseEnvDump reads NAME='value' lines as a POSIX shell reads them.
func parseEnvDump(t *testing.T, s string) []string {
	t.Helper()
	var out []string
	for s != "" {
		i := strings.Index(s, "=")
		if i < 0 || !strings.HasPrefix(s[i+1:], "'") {
			t.Fatalf("not NAME='value': %q", s)
		}
		name := s[:i]
		s = s[i+1:]
		var val strings.Builder
		for {
			s = s[1:] // the opening quote
			j := strings.Index(s, "'")
			val.WriteString(s[:j])
			s = s[j+1:]
			if !strings.HasPrefix(s, `\''`) {
				break
			}
			val.WriteString("'")
			s = s[2:]
		}
		if !strings.HasPrefix(s, "\n") {
			t.Fatalf("no line end after %s: %q", name, s)
		}
		s = s[1:]
		out = append(out, name+"="+val.String())
	}
	return out
}

// TestDumpEnvRoundTrip: the variables of dump --format env give every
// section's own values back, both with the project's files and without.
func TestDumpEnvRoundTrip(t *testing.T) {
	// The environment cannot set [DEFAULT] (see TestDumpEnvRefusesDefaults):
	// trickyINI without it.
	tricky := strings.Replace(strings.Replace(trickyINI, "[DEFAULT]\nbase = /srv\n\n", "", 1), "%(base)s", "/srv", 1)
	dir := project(t, map[string]string{"alembic.ini": tricky})
	r := runAt(t, dir, trickyEnv, "dump", "--format", "env", "--show-secrets")
	if r.code != 0 {
		t.Fatal(r)
	}
	vars := parseEnvDump(t, r.stdout)
	byName := map[string]string{}
	for _, kv := range vars {
		k, v, _ := strings.Cut(kv, "=")
		byName[k] = v
	}
	for k, v := range map[string]string{
		"ALEMBIC_SQLALCHEMY_URL":           "postgresql://u:p%40ss@db/app",
		"ALEMBIC_PERCENT":                  "100% sure",
		"ALEMBIC_QUOTE":                    "it's",
		"ALEMBIC_MULTI":                    "first\nsecond\n\nfourth",
		"ALEMBIC_SCRIPT_LOCATION":          "/srv/migrations",
		"ALEMBIC_POST_WRITE_HOOKS__HOOKS":  "black",
		"ALEMBIC_LOGGER_ROOT__LEVEL":       "WARNING",
		"ALEMBIC_FORMATTER_GENERIC__CLASS": "logging.Formatter",
		"ALEMBIC_NEW_SECTION__OPT":         "from %(env)",
	} {
		if byName[k] != v {
			t.Errorf("%s = %q, want %q", k, byName[k], v)
		}
	}
	frag := byName["ALEMBIC_INI"]
	for _, s := range []string{"[alembic]\n", "my.option = dotted\n", "a.b = 1\n", "a_b = 2\n", "config = c\n", "here = shadowed\n",
		"[Foo]\nx = capital section\n", "black.type = console_scripts\n", "qualname =\n",
		"[empty_section]\n"} {
		if !strings.Contains(frag, s) {
			t.Errorf("ALEMBIC_INI lacks %q:\n%s", s, frag)
		}
	}
	if len(byName) != len(vars) {
		t.Errorf("a variable twice:\n%s", r.stdout)
	}
	expect(t, r, 0, []string{"format = %(levelname)", "datefmt = %H:%M:%S"}, nil)

	want := ownValues(t, trickyConfig(dir, "alembic.ini", trickyEnv))
	// With the project's files.
	got := ownValues(t, trickyConfig(dir, "alembic.ini", vars))
	if !reflect.DeepEqual(got, want) {
		t.Errorf("with the files:\n%v\nwant\n%v", got, want)
	}
	// Without any file: an in-memory main section and the environment.
	got = ownValues(t, trickyConfig(t.TempDir(), "", vars))
	if !reflect.DeepEqual(got, want) {
		t.Errorf("without files:\n%v\nwant\n%v", got, want)
	}

	// The quoting is POSIX: a shell reads the same values.
	if sh, err := exec.LookPath("sh"); err == nil {
		file := filepath.Join(t.TempDir(), "env.sh")
		if err := os.WriteFile(file, []byte(r.stdout), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(sh, "-c", `set -a; . "$1"; for v in ALEMBIC_QUOTE ALEMBIC_MULTI ALEMBIC_INI; do eval "printf '%s\0' \"\$$v\""; done`, "sh", file)
		cmd.Env = []string{}
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
		wantSh := []string{byName["ALEMBIC_QUOTE"], byName["ALEMBIC_MULTI"], frag}
		if !reflect.DeepEqual(got, wantSh) {
			t.Errorf("sh reads %q, want %q", got, wantSh)
		}
	}

	// Redacted by default (marked as not usable, exit 1); another prefix;
	// no prefix.
	r = runAt(t, dir, trickyEnv, "dump", "--format", "env")
	expect(t, r, 1, []string{"ALEMBIC_SQLALCHEMY_URL='postgresql://u:***@db/app'\n", "!p%40ss"}, nil)
	if !strings.HasPrefix(r.stdout, redactedHeader+"ALEMBIC_") {
		t.Errorf("redacted env dump without the header:\n%s", r.stdout)
	}
	r = runAt(t, dir, nil, "--env-prefix", "APP_", "dump", "--format", "env")
	expect(t, r, 1, []string{"APP_SQLALCHEMY_URL='postgresql://u:***@h/db'\n", "APP_INI='", "!ALEMBIC_"}, nil)
	expect(t, runAt(t, dir, nil, "--env-prefix", "", "dump", "--format", "env"), 2, nil, []string{"needs an --env-prefix"})
}

// TestDumpJSONIsJSON: the json dump parses, values as get_section gives them.
func TestDumpJSONIsJSON(t *testing.T) {
	dir := project(t, map[string]string{"alembic.ini": trickyINI})
	r := runAt(t, dir, trickyEnv, "dump", "--show-secrets")
	var got map[string]map[string]string
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("%v\n%s", err, r)
	}
	if got["alembic"]["base"] != "/srv" || got["alembic"]["percent"] != "100% sure" || got["new_section"]["opt"] != "from %(env)" {
		t.Errorf("dump: %v", got)
	}
}
