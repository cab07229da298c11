package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

// result is what one run printed and returned.
type result struct {
	code           int
	stdout, stderr string
}

// runAt runs the command line in dir with the environment env.
func runAt(t *testing.T, dir string, env []string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := runIn(dir, args, env, strings.NewReader(""), &out, &errOut)
	return result{code: code, stdout: out.String(), stderr: errOut.String()}
}

// project writes files (name -> content, "/" separated) into a new
// temporary directory and returns it.
func project(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func (r result) String() string {
	return "exit " + itoa(r.code) + "\n--- stdout\n" + r.stdout + "--- stderr\n" + r.stderr
}

// expect checks the exit code and that stdout and stderr contain (or, for
// strings starting with "!", do not contain) the given texts.
func expect(t *testing.T, r result, code int, stdout, stderr []string) {
	t.Helper()
	if r.code != code {
		t.Errorf("exit %d, want %d\n%s", r.code, code, r)
	}
	check := func(what, got string, wants []string) {
		for _, w := range wants {
			if neg, ok := strings.CutPrefix(w, "!"); ok {
				if strings.Contains(got, neg) {
					t.Errorf("%s contains %q\n%s", what, neg, r)
				}
			} else if !strings.Contains(got, w) {
				t.Errorf("%s lacks %q\n%s", what, w, r)
			}
		}
	}
	check("stdout", r.stdout, stdout)
	check("stderr", r.stderr, stderr)
}

const acceptanceINI = "[alembic]\n" +
	"sqlalchemy.url = driver://u:p@h/db\n" +
	"derived = url is %(sqlalchemy.url)s\n"

var acceptanceEnv = []string{"ALEMBIC_SQLALCHEMY_URL=postgresql://u:p%40ss@db/app"}

// TestAcceptance is the brief's scenario, in process.
func TestAcceptance(t *testing.T) {
	dir := project(t, map[string]string{"alembic.ini": acceptanceINI})

	r := runAt(t, dir, acceptanceEnv, "-c", "alembic.ini", "get", "sqlalchemy.url")
	if r.code != 0 || r.stdout != "postgresql://u:p%40ss@db/app\n" || r.stderr != "" {
		t.Fatalf("get sqlalchemy.url:\n%s", r)
	}
	r = runAt(t, dir, acceptanceEnv, "-c", "alembic.ini", "get", "derived")
	if r.code != 0 || r.stdout != "url is postgresql://u:p%40ss@db/app\n" {
		t.Fatalf("get derived:\n%s", r)
	}
	r = runAt(t, dir, acceptanceEnv, "-c", "alembic.ini", "explain")
	expectExplainAcceptance(t, r)
}

func expectExplainAcceptance(t *testing.T, r result) {
	t.Helper()
	expect(t, r, 0, []string{
		"sqlalchemy.url = postgresql://u:***@db/app\n  # from: env ALEMBIC_SQLALCHEMY_URL\n  # overrode: file alembic.ini:2\n",
		"derived = url is postgresql://u:***@db/app\n  # raw: url is %(sqlalchemy.url)s\n  # from: file alembic.ini:3\n",
		"!p%40ss", "!p%%40ss", "!u:p@", "!:p@",
	}, nil)
	if r.stderr != "" {
		t.Errorf("stderr: %q", r.stderr)
	}
}

// TestRunUsesWorkingDirectory covers run, which reads the process's
// working directory.
func TestRunUsesWorkingDirectory(t *testing.T) {
	dir := project(t, map[string]string{"alembic.ini": acceptanceINI})
	t.Chdir(dir)
	var out, errOut bytes.Buffer
	code := run([]string{"get", "sqlalchemy.url"}, acceptanceEnv, strings.NewReader(""), &out, &errOut)
	if code != 0 || out.String() != "postgresql://u:p%40ss@db/app\n" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out.String(), errOut.String())
	}
}

func TestUsage(t *testing.T) {
	dir := project(t, map[string]string{"alembic.ini": acceptanceINI})
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stdout []string
		stderr []string
	}{
		{"help", []string{"-h"}, 0, []string{"usage: alembiccfg", "get OPTION", "section NAME", "dump [--format json|ini|env]", "explain", "check", "set [SECTION] OPTION VALUE [--write]", "--config FILE", "--name SECTION", "--arg KEY=VALUE", "--env-prefix", "--show-secrets", "--version", "3 internal"}, nil},
		{"long help", []string{"--help"}, 0, []string{"usage: alembiccfg"}, nil},
		{"help after a command", []string{"get", "--help"}, 0, []string{"usage: alembiccfg"}, nil},
		{"no command", nil, 2, nil, []string{"no command given", "--help"}},
		{"unknown command", []string{"frobnicate"}, 2, nil, []string{`unknown command "frobnicate"`}},
		{"unknown flag", []string{"--frob", "check"}, 2, nil, []string{"unknown flag --frob"}},
		{"flag without value", []string{"check", "-c"}, 2, nil, []string{"flag -c needs a value"}},
		{"value on a switch", []string{"--show-secrets=yes", "check"}, 2, nil, []string{"takes no value"}},
		{"arg without =", []string{"--arg", "novalue", "check"}, 2, nil, []string{"expected KEY=VALUE"}},
		{"get without option", []string{"get"}, 2, nil, []string{"usage: get OPTION"}},
		{"get with three", []string{"get", "a", "b", "c"}, 2, nil, []string{"usage: get OPTION"}},
		{"section without name", []string{"section"}, 2, nil, []string{"usage: section NAME"}},
		{"dump with argument", []string{"dump", "x"}, 2, nil, []string{"usage: dump"}},
		{"dump bad format", []string{"dump", "--format", "yaml"}, 2, nil, []string{`--format "yaml"`}},
		{"dump toml with ini", []string{"dump", "--format=ini", "--toml"}, 2, nil, []string{"--toml works with --format json only"}},
		{"json on get", []string{"get", "x", "--json"}, 2, nil, []string{"get does not take --json"}},
		{"check with argument", []string{"check", "x"}, 2, nil, []string{"usage: check"}},
		{"flags after the command", []string{"get", "sqlalchemy.url", "-c", "alembic.ini"}, 0, []string{"driver://u:p@h/db\n"}, nil},
		{"--config=FILE", []string{"--config=alembic.ini", "get", "derived"}, 0, []string{"url is driver://u:p@h/db\n"}, nil},
		{"-cFILE", []string{"-calembic.ini", "get", "derived"}, 0, []string{"url is driver://u:p@h/db\n"}, nil},
		{"double dash", []string{"get", "--", "-weird"}, 1, nil, []string{`no option "-weird"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			expect(t, runAt(t, dir, nil, tc.args...), tc.code, tc.stdout, tc.stderr)
		})
	}
}

func TestSet(t *testing.T) {
	const ini = "# keep me\r\n[alembic]\r\nsqlalchemy.url=postgresql://old@h/db\r\nscript_location = m\r\n\r\n[DEFAULT]\r\nshared = d\r\n"
	dir := project(t, map[string]string{"alembic.ini": ini})
	path := filepath.Join(dir, "alembic.ini")
	read := func() string { data, _ := os.ReadFile(path); return string(data) }

	// Without --write: the diff, redacted; nothing written.
	r := runAt(t, dir, nil, "set", "sqlalchemy.url", "postgresql://u:secret@h/db")
	expect(t, r, 0, []string{"-sqlalchemy.url=postgresql://old@h/db\n", "+sqlalchemy.url=postgresql://u:***@h/db\n", "!secret"},
		[]string{"nothing written"})
	if read() != ini {
		t.Fatal("set without --write changed the file")
	}
	// With --write: only that line, CRLF kept; literal by default.
	expect(t, runAt(t, dir, nil, "set", "sqlalchemy.url", "postgresql://u:p%40ss@h/db", "--write"), 0, nil, nil)
	if want := strings.Replace(ini, "sqlalchemy.url=postgresql://old@h/db", "sqlalchemy.url=postgresql://u:p%%40ss@h/db", 1); read() != want {
		t.Errorf("after set:\n%q\nwant\n%q", read(), want)
	}
	expect(t, runAt(t, dir, nil, "get", "sqlalchemy.url"), 0, []string{"postgresql://u:p%40ss@h/db\n"}, nil)
	// --raw: ini text, validated as set_main_option does.
	expect(t, runAt(t, dir, nil, "set", "loc", "%(here)s/x", "--raw", "--write"), 0, nil, nil)
	expect(t, runAt(t, dir, nil, "get", "loc"), 0, []string{dir + "/x\n"}, nil)
	expect(t, runAt(t, dir, nil, "set", "bad", "50%", "--raw", "--write"), 2, nil, []string{"(ValueError)"})
	// A default shadowed; [DEFAULT] itself editable.
	expect(t, runAt(t, dir, nil, "set", "shared", "s", "--write"), 0, nil, []string{"now shadows the [DEFAULT] option"})
	expect(t, runAt(t, dir, nil, "set", "DEFAULT", "shared", "d2", "--write"), 0, nil, nil)
	// unset removes just its lines; a missing option is absent.
	expect(t, runAt(t, dir, nil, "unset", "loc", "--write"), 0, nil, nil)
	expect(t, runAt(t, dir, nil, "unset", "loc", "--write"), 1, nil, []string{"nothing to remove"})
	want := "# keep me\r\n[alembic]\r\nsqlalchemy.url=postgresql://u:p%%40ss@h/db\r\nscript_location = m\r\nshared = s\r\n\r\n[DEFAULT]\r\nshared = d2\r\n"
	if read() != want {
		t.Errorf("after the edits:\n%q\nwant\n%q", read(), want)
	}
	expect(t, runAt(t, dir, nil, "set", "x", "--write"), 2, nil, []string{"usage: set [SECTION] OPTION VALUE"})
	expect(t, runAt(t, dir, nil, "set", "a", "b", "--json"), 2, nil, []string{"--json"})
	empty := project(t, map[string]string{"pyproject.toml": "[tool.alembic]\n"})
	expect(t, runAt(t, empty, nil, "set", "x", "1", "--write"), 2, nil, []string{"pyproject.toml is not edited"})
	// --create makes the ini.
	expect(t, runAt(t, empty, nil, "set", "sqlalchemy.url", "sqlite://", "--write", "--create"), 0, nil, nil)
	if data, _ := os.ReadFile(filepath.Join(empty, "alembic.ini")); string(data) != "[alembic]\nsqlalchemy.url = sqlite://\n" {
		t.Errorf("created %q", data)
	}
	none := t.TempDir()
	expect(t, runAt(t, none, nil, "set", "script_location", "m", "--write", "--create"), 0, nil, nil)
	expect(t, runAt(t, none, nil, "get", "script_location"), 0, []string{"m\n"}, nil)
}

func TestFileResolution(t *testing.T) {
	const toml = "[tool.alembic]\nscript_location = \"%(here)s/migrations\"\n"
	for _, tc := range []struct {
		name   string
		files  map[string]string
		env    []string
		args   []string
		code   int
		stdout []string
		stderr []string
	}{
		{
			name:   "defaults: alembic.ini and pyproject.toml",
			files:  map[string]string{"alembic.ini": "[alembic]\nsqlalchemy.url = sqlite://\n", "pyproject.toml": toml},
			args:   []string{"get", "sqlalchemy.url"},
			stdout: []string{"sqlite://\n"},
		},
		{
			name:   "defaults: the TOML side",
			files:  map[string]string{"alembic.ini": "[alembic]\nsqlalchemy.url = sqlite://\n", "pyproject.toml": toml},
			args:   []string{"get", "script_location"},
			stdout: []string{"/migrations\n"},
		},
		{
			name:   "pyproject-only project",
			files:  map[string]string{"pyproject.toml": toml},
			args:   []string{"get", "script_location"},
			stdout: []string{"/migrations\n"},
		},
		{
			name:   "pyproject-only: an ini option is absent",
			files:  map[string]string{"pyproject.toml": toml},
			args:   []string{"get", "sqlalchemy.url"},
			code:   1,
			stderr: []string{`no option "sqlalchemy.url"`},
		},
		{
			name:   "pyproject-only: get SECTION OPTION is absent, no section",
			files:  map[string]string{"pyproject.toml": toml},
			args:   []string{"get", "alembic", "sqlalchemy.url"},
			code:   1,
			stderr: []string{"alembiccfg: no section [alembic]: there is no ini file (alembic.ini not found)\n"},
		},
		{
			name:   "neither file",
			files:  map[string]string{"README": "x"},
			args:   []string{"check"},
			code:   2,
			stderr: []string{"neither alembic.ini nor pyproject.toml found"},
		},
		{
			name:   "-c names a missing ini",
			files:  map[string]string{"pyproject.toml": toml},
			args:   []string{"-c", "other.ini", "get", "script_location"},
			code:   2,
			stderr: []string{"other.ini: no such file (named by -c)"},
		},
		{
			name:   "ALEMBIC_CONFIG names a missing ini",
			files:  map[string]string{"pyproject.toml": toml},
			env:    []string{"ALEMBIC_CONFIG=gone.ini"},
			args:   []string{"get", "script_location"},
			code:   2,
			stderr: []string{"gone.ini: no such file (named by ALEMBIC_CONFIG)"},
		},
		{
			name:   "-c names a missing pyproject.toml",
			files:  map[string]string{"alembic.ini": "[alembic]\n"},
			args:   []string{"-c", "sub/pyproject.toml", "check"},
			code:   2,
			stderr: []string{"sub/pyproject.toml: no such file (named by -c)"},
		},
		{
			name:   "the ini is a directory",
			files:  map[string]string{"alembic.ini/x": "", "pyproject.toml": toml},
			args:   []string{"get", "script_location"},
			code:   2,
			stderr: []string{"alembic.ini: [Errno 21] Is a directory: 'alembic.ini' (IsADirectoryError)"},
		},
		{
			name:   "ALEMBIC_CONFIG replaces the ini",
			files:  map[string]string{"alembic.ini": "[alembic]\nx = default\n", "conf/other.ini": "[alembic]\nx = other\n"},
			env:    []string{"ALEMBIC_CONFIG=conf/other.ini"},
			args:   []string{"get", "x"},
			stdout: []string{"other\n"},
		},
		{
			name:   "ALEMBIC_CONFIG with here",
			files:  map[string]string{"conf/other.ini": "[alembic]\nx = %(here)s\n"},
			env:    []string{"ALEMBIC_CONFIG=conf/other.ini"},
			args:   []string{"get", "x"},
			stdout: []string{"/conf\n"},
		},
		{
			name:   "ALEMBIC_CONFIG naming pyproject.toml replaces the TOML file",
			files:  map[string]string{"alembic.ini": "[alembic]\n", "pyproject.toml": toml, "sub/pyproject.toml": "[tool.alembic]\nscript_location = \"sub\"\n"},
			env:    []string{"ALEMBIC_CONFIG=sub/pyproject.toml"},
			args:   []string{"get", "script_location"},
			stdout: []string{"sub\n"},
		},
		{
			name:   "-c beats ALEMBIC_CONFIG",
			files:  map[string]string{"a.ini": "[alembic]\nx = a\n", "b.ini": "[alembic]\nx = b\n"},
			env:    []string{"ALEMBIC_CONFIG=a.ini"},
			args:   []string{"-c", "b.ini", "get", "x"},
			stdout: []string{"b\n"},
		},
		{
			name:   "-c pyproject.toml keeps ALEMBIC_CONFIG's ini",
			files:  map[string]string{"a.ini": "[alembic]\nx = a\n", "p/pyproject.toml": toml},
			env:    []string{"ALEMBIC_CONFIG=a.ini"},
			args:   []string{"-c", "p/pyproject.toml", "get", "x"},
			stdout: []string{"a\n"},
		},
		{
			name:   "-c twice: ini and pyproject.toml",
			files:  map[string]string{"sub/a.ini": "[alembic]\nsqlalchemy.url = sqlite://\n", "sub/pyproject.toml": "[tool.alembic]\nscript_location = \"%(here)s/m\"\n"},
			args:   []string{"-c", "sub/pyproject.toml", "-c", "sub/a.ini", "get", "script_location"},
			stdout: []string{"/sub/m\n"},
		},
		{
			name:   "-c twice: pyproject.toml twice",
			files:  map[string]string{"pyproject.toml": toml, "sub/pyproject.toml": toml},
			args:   []string{"-c", "pyproject.toml", "-c", "sub/pyproject.toml", "check"},
			code:   2,
			stderr: []string{"pyproject.toml indicated more than once (CommandError)"},
		},
		{
			name:   "-c twice: two ini files",
			files:  map[string]string{"a.ini": "[alembic]\n", "b.ini": "[alembic]\n"},
			args:   []string{"-c", "a.ini", "--config", "b.ini", "check"},
			code:   2,
			stderr: []string{"only one ini file may be indicated (CommandError)"},
		},
		{
			name:  "ALEMBIC_CONFIG is never an option",
			files: map[string]string{"alembic.ini": "[alembic]\nx = 1\n"},
			env:   []string{"ALEMBIC_CONFIG=alembic.ini"},
			args:  []string{"get", "config"},
			code:  1,
		},
		{
			name:  "ALEMBIC_CONFIG is never an option, whatever the prefix",
			files: map[string]string{"alembic.ini": "[alembic]\nx = 1\n"},
			env:   []string{"ALEMBIC_CONFIG=alembic.ini"},
			args:  []string{"--env-prefix", "ALEMBIC", "get", "_config"},
			code:  1,
		},
		{
			name:   "-n selects the main section",
			files:  map[string]string{"alembic.ini": "[alembic]\nx = main\n[other]\nx = other\n"},
			args:   []string{"-n", "other", "get", "x"},
			stdout: []string{"other\n"},
		},
		{
			name:   "-n and the environment",
			files:  map[string]string{"alembic.ini": "[alembic]\nx = main\n[other]\nx = other\n"},
			env:    []string{"ALEMBIC_X=env"},
			args:   []string{"--name=other", "get", "x"},
			stdout: []string{"env\n"},
		},
		{
			name:   "--arg is config_args",
			files:  map[string]string{"alembic.ini": "[alembic]\nx = %(base)s/%(two)s\n"},
			args:   []string{"--arg", "base=/B", "--arg=two=2=2", "get", "x"},
			stdout: []string{"/B/2=2\n"},
		},
		{
			name:   "--arg reaches pyproject.toml",
			files:  map[string]string{"pyproject.toml": "[tool.alembic]\nscript_location = \"%(Base)s/m\"\n"},
			args:   []string{"--arg", "Base=/B", "get", "script_location"},
			stdout: []string{"/B/m\n"},
		},
		{
			name:   "--arg twice in different case is configparser's error",
			files:  map[string]string{"alembic.ini": "[alembic]\n"},
			args:   []string{"--arg", "a=1", "--arg", "A=2", "get", "a"},
			code:   2,
			stderr: []string{"DuplicateOptionError"},
		},
		{
			name:   "an empty --env-prefix turns the environment off",
			files:  map[string]string{"alembic.ini": "[alembic]\nx = file\n"},
			env:    []string{"ALEMBIC_X=env"},
			args:   []string{"--env-prefix", "", "get", "x"},
			stdout: []string{"file\n"},
		},
		{
			name:   "another --env-prefix",
			files:  map[string]string{"alembic.ini": "[alembic]\nx = file\n"},
			env:    []string{"ALEMBIC_X=env", "APP_X=app"},
			args:   []string{"--env-prefix", "APP_", "get", "x"},
			stdout: []string{"app\n"},
		},
		{
			name:   "a parse error",
			files:  map[string]string{"alembic.ini": "[alembic]\nx = 1\nnodelimiter\n"},
			args:   []string{"get", "x"},
			code:   2,
			stderr: []string{"alembiccfg: alembic.ini:3: neither a section header, an option nor a comment: 'nodelimiter\\n' (ParsingError)\n"},
		},
		{
			name:   "no section header",
			files:  map[string]string{"alembic.ini": "x = 1\n"},
			args:   []string{"dump"},
			code:   2,
			stderr: []string{"alembiccfg: alembic.ini:1: file contains no section headers (MissingSectionHeaderError)"},
		},
		{
			name:   "ALEMBIC_HERE is refused",
			files:  map[string]string{"alembic.ini": "[alembic]\nx = 1\n"},
			env:    []string{"ALEMBIC_HERE=/x"},
			args:   []string{"get", "x"},
			code:   2,
			stderr: []string{"ALEMBIC_HERE: 'here' cannot be overridden"},
		},
		{
			name:   "an ambiguous variable",
			files:  map[string]string{"alembic.ini": "[alembic]\na.b = 1\na_b = 2\n"},
			env:    []string{"ALEMBIC_A_B=3"},
			args:   []string{"get", "a.b"},
			code:   2,
			stderr: []string{"ALEMBIC_A_B: matches option 'a.b' and option 'a_b' of section 'alembic' (AmbiguousNameError)"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := project(t, tc.files)
			expect(t, runAt(t, dir, tc.env, tc.args...), tc.code, tc.stdout, tc.stderr)
		})
	}
}

// TestTwoHeres: -c sub/alembic.ini pairs with ./pyproject.toml, and explain
// shows both `here` values.
func TestTwoHeres(t *testing.T) {
	dir := project(t, map[string]string{
		"sub/alembic.ini": "[alembic]\nscript_location = %(here)s/m\n",
		"pyproject.toml":  "[tool.alembic]\nscript_location = \"%(here)s/t\"\n",
	})
	r := runAt(t, dir, nil, "-c", "sub/alembic.ini", "explain")
	expect(t, r, 0, []string{
		"# ini file: sub/alembic.ini (here = " + filepath.ToSlash(dir) + "/sub)\n",
		"# toml file: pyproject.toml (here = " + filepath.ToSlash(dir) + ")\n",
		"script_location = " + dir + "/t\n  # raw: %(here)s/t\n  # not used: [alembic] has script_location",
	}, nil)
	expect(t, runAt(t, dir, nil, "-c", "sub/alembic.ini", "get", "script_location"), 0, []string{dir + "/sub/m\n"}, nil)
}

// TestPanicIsExit3: a panic in a command is a bug; the top-level recover
// turns it into exit code 3 and one line on stderr, redacted.
func TestPanicIsExit3(t *testing.T) {
	dir := project(t, map[string]string{"alembic.ini": acceptanceINI})
	var value any
	testHookCommand = func(string) { panic(value) }
	t.Cleanup(func() { testHookCommand = nil })
	for _, tc := range []struct {
		value  any
		args   []string
		stderr string
	}{
		{"boom", []string{"check"}, "alembiccfg: internal error in check: boom\n"},
		{"two\nlines", []string{"dump", "--format", "ini"}, "alembiccfg: internal error in dump: two\\nlines\n"},
		{errors.New("url postgresql://u:pw@h/db"), []string{"get", "x"}, "alembiccfg: internal error in get: url postgresql://u:***@h/db\n"},
		{errors.New("url postgresql://u:pw@h/db"), []string{"--show-secrets", "explain"}, "alembiccfg: internal error in explain: url postgresql://u:pw@h/db\n"},
		{42, []string{"set", "a", "b", "--write"}, "alembiccfg: internal error in set: 42\n"},
	} {
		value = tc.value
		r := runAt(t, dir, nil, tc.args...)
		if r.code != 3 || r.stderr != tc.stderr || r.stdout != "" {
			t.Errorf("%v: want exit 3 and %q\n%s", tc.args, tc.stderr, r)
		}
	}
	// Without the hook, nothing panics.
	testHookCommand = nil
	expect(t, runAt(t, dir, nil, "get", "derived"), 0, []string{"url is driver://u:p@h/db\n"}, nil)
}

// TestVersion: --version prints the main module's version, "(devel)"
// when the build recorded none.
func TestVersion(t *testing.T) {
	saved := buildInfo
	t.Cleanup(func() { buildInfo = saved })
	for _, tc := range []struct {
		info func() (*debug.BuildInfo, bool)
		want string
	}{
		{func() (*debug.BuildInfo, bool) { return &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, true }, "alembiccfg v1.2.3\n"},
		{func() (*debug.BuildInfo, bool) { return &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, true }, "alembiccfg (devel)\n"},
		{func() (*debug.BuildInfo, bool) { return &debug.BuildInfo{}, true }, "alembiccfg (devel)\n"},
		{func() (*debug.BuildInfo, bool) { return nil, false }, "alembiccfg (devel)\n"},
	} {
		buildInfo = tc.info
		for _, args := range [][]string{{"--version"}, {"check", "--version"}} {
			r := runAt(t, t.TempDir(), nil, args...)
			if r.code != 0 || r.stdout != tc.want || r.stderr != "" {
				t.Errorf("%v: want %q\n%s", args, tc.want, r)
			}
		}
	}
	expect(t, runAt(t, t.TempDir(), nil, "--version=x"), 2, nil, []string{"flag --version takes no value"})
}
