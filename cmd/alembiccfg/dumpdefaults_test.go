package main

import (
	"reflect"
	"strings"
	"testing"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
)

// defaultsINI has [DEFAULT] options that sections read differently:
// through %(here)s, through references the sections resolve (url cannot be
// interpolated in [DEFAULT] itself), through a section that shadows what a
// default refers to (greeting in [a]), and raw through logging (format in
// [formatter_x]).
const defaultsINI = `[DEFAULT]
base = %(here)s/srv
url = postgresql://%(host)s/db
who = world
greeting = hello %(who)s
level = INFO
format = %(here)s/%%(message)s
datefmt = %%H:%%M
percent = 100%%

[alembic]
script_location = %(base)s/migrations
host = h1

[a]
host = h2
who = a

[b]
host = h3
level = DEBUG

[formatter_x]
host = h4
class = logging.Formatter
`

// itemsBack returns every section's items() (without here) as CPython
// reads them: interpolated, except the logging formatter options, which
// logging reads raw. Sections without such options are read through
// Config.Section (get_section) as well, which must agree.
func itemsBack(t *testing.T, cfg *alembiccfg.Config) map[string][]alembiccfg.Item {
	t.Helper()
	fc, err := cfg.FileConfig()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]alembiccfg.Item{}
	for _, s := range fc.Sections() {
		raws, err := fc.RawItems(s)
		if err != nil {
			t.Fatal(err)
		}
		var items []alembiccfg.Item
		anyRaw := false
		for _, o := range raws {
			if o.Name == "here" {
				continue
			}
			var v string
			if alembiccfg.LoggingRaw(s, o.Name) {
				anyRaw = true
				v, _, err = fc.RawGet(s, o.Name)
			} else {
				v, _, err = fc.Get(s, o.Name)
			}
			if err != nil {
				t.Fatalf("[%s] %s: %v", s, o.Name, err)
			}
			items = append(items, alembiccfg.Item{Name: o.Name, Value: v})
		}
		if !anyRaw {
			got, ok, err := cfg.Section(s)
			if err != nil || !ok {
				t.Fatalf("Section(%s): %v %v", s, ok, err)
			}
			var noHere []alembiccfg.Item
			for _, it := range got {
				if it.Name != "here" {
					noHere = append(noHere, it)
				}
			}
			if !reflect.DeepEqual(noHere, items) {
				t.Errorf("[%s]: Section %v, RawItems/Get %v", s, noHere, items)
			}
		}
		out[s] = items
	}
	return out
}

// TestDumpINIDefaultsReadBack: the dump of a file with [DEFAULT] options,
// read from another directory, gives every section's items() back (same
// values, same order); [DEFAULT] stays [DEFAULT].
func TestDumpINIDefaultsReadBack(t *testing.T) {
	dir := project(t, map[string]string{"alembic.ini": defaultsINI})
	r := runAt(t, dir, nil, "dump", "--format", "ini")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "[DEFAULT]\n") {
		t.Fatalf("want exit 0 and [DEFAULT] first, no header:\n%s", r)
	}
	if strings.Contains(r.stdout, "here =") || strings.Contains(r.stdout, "REDACTED") {
		t.Errorf("dump:\n%s", r.stdout)
	}
	orig := alembiccfg.New(alembiccfg.Options{File: "alembic.ini", Dir: dir})
	want := itemsBack(t, orig)
	if !strings.Contains(want["alembic"][0].Value, dir) {
		t.Fatalf("the test needs a value through %%(here)s: %v", want)
	}

	other := project(t, map[string]string{"sub/dumped.ini": r.stdout})
	back := alembiccfg.New(alembiccfg.Options{File: "sub/dumped.ini", Dir: other})
	got := itemsBack(t, back)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("read back:\n%v\nwant\n%v\ndump:\n%s", got, want, r.stdout)
	}
	// [DEFAULT] itself reads back the same where it reads at all (url
	// refers to host, which only the sections have).
	gotD, wantD := map[string]string{}, map[string]string{}
	for _, c := range []struct {
		cfg *alembiccfg.Config
		m   map[string]string
	}{{orig, wantD}, {back, gotD}} {
		fc, _ := c.cfg.FileConfig()
		for _, d := range fc.Defaults() {
			if v, _, err := fc.Get("DEFAULT", d.Name); err == nil && d.Name != "here" {
				c.m[d.Name] = v
			}
		}
	}
	delete(gotD, "url")
	if !reflect.DeepEqual(gotD, wantD) {
		t.Errorf("[DEFAULT] reads back %v, want %v", gotD, wantD)
	}
	// What differs per section is written where it differs, and only there.
	for _, s := range []string{
		"[DEFAULT]\nbase = " + dir + "/srv\nurl = postgresql://h1/db\n",
		"greeting = hello world\n",
		"[a]\nhost = h2\nwho = a\nurl = postgresql://h2/db\ngreeting = hello a\n\n",
		"[formatter_x]\nhost = h4\nclass = logging.Formatter\nurl = postgresql://h4/db\nformat = %(here)s/%%(message)s\n",
		"datefmt = %%H:%%M\npercent = 100%%\n",
	} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("dump lacks %q:\n%s", s, r.stdout)
		}
	}
	if n := strings.Count(r.stdout, "greeting ="); n != 2 {
		t.Errorf("greeting written %d times, want 2 ([DEFAULT], [a]):\n%s", n, r.stdout)
	}
	// config_args are never written, their values are resolved.
	dir = project(t, map[string]string{"alembic.ini": "[DEFAULT]\nroot = %(base)s/x\n[alembic]\ny = %(base)s\n"})
	r = runAt(t, dir, nil, "--arg", "base=/B", "dump", "--format", "ini")
	if r.code != 0 || r.stdout != "[DEFAULT]\nroot = /B/x\n\n[alembic]\ny = /B\n" {
		t.Errorf("with --arg:\n%s", r)
	}
}

// TestDumpINIRefusals: a value CPython cannot read back is exit 2, naming
// the option; nothing is written.
func TestDumpINIRefusals(t *testing.T) {
	dir := project(t, map[string]string{"alembic.ini": "[alembic]\nx = 1\n[a]\ny = 2\n"})
	for _, tc := range []struct {
		env  []string
		want string
	}{
		{[]string{"ALEMBIC_X=a\rb"}, `alembiccfg: ALEMBIC_X: cannot write INI: section "alembic", option "x": the value contains a carriage return`},
		{[]string{"ALEMBIC_A__Y=line\r\n"}, `alembiccfg: ALEMBIC_A__Y: cannot write INI: section "a", option "y": the value contains a carriage return`},
		{[]string{"ALEMBIC_X=a\n#b"}, `option "x": line 2 of the value starts with "#"`},
	} {
		r := runAt(t, dir, tc.env, "dump", "--format", "ini")
		expect(t, r, 2, nil, []string{tc.want, "(ValueError)\n"})
		if r.stdout != "" || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("want one error line and no output:\n%s", r)
		}
	}
	// A [DEFAULT] value too.
	dir = project(t, map[string]string{"alembic.ini": "[DEFAULT]\nd = %(base)s\n[alembic]\nx = 1\n"})
	r := runAt(t, dir, nil, "--arg", "base=a\rb", "dump", "--format", "ini")
	expect(t, r, 2, nil, []string{`alembic.ini:2: cannot write INI: section "DEFAULT", option "d": the value contains a carriage return`})
}

// TestDumpEnvRefusesDefaults: no variable sets a default, so the file's
// [DEFAULT] options are refused by name (here and config_args are not
// file options and never named).
func TestDumpEnvRefusesDefaults(t *testing.T) {
	dir := project(t, map[string]string{"alembic.ini": "[DEFAULT]\nbase = %(here)s\nother = %(arg)s\n[alembic]\nx = %(base)s\n"})
	r := runAt(t, dir, nil, "--arg", "arg=1", "dump", "--format", "env")
	want := "alembiccfg: alembic.ini:2: dump --format env cannot express [DEFAULT] (no environment variable sets a default): " +
		"its options 'base', 'other' would be lost; use --format ini or json (ValueError)\n"
	if r.code != 2 || r.stdout != "" || r.stderr != want {
		t.Errorf("want exit 2 and\n%s%s", want, r)
	}
	// Without file defaults, here and config_args do not stop it.
	dir = project(t, map[string]string{"alembic.ini": "[alembic]\nx = %(here)s/%(arg)s\n"})
	r = runAt(t, dir, nil, "--arg", "arg=1", "dump", "--format", "env")
	if r.code != 0 || r.stdout != "ALEMBIC_X='"+dir+"/1'\n" {
		t.Errorf("env dump:\n%s", r)
	}
}

// TestDumpRedactedHeader: redacted ini and env output starts with a
// comment saying so and exits 1; unredacted or secret-free output has no
// comment and exits 0; json is not a configuration file and exits 0.
func TestDumpRedactedHeader(t *testing.T) {
	secret := project(t, map[string]string{"alembic.ini": "[alembic]\nsqlalchemy.url = postgresql://u:pw@h/db\nx = 1\n"})
	plain := project(t, map[string]string{"alembic.ini": "[alembic]\nsqlalchemy.url = sqlite:///a.db\nx = 1\n"})
	const notUsable = "alembiccfg: secrets are shown as ***: this %s output is not a usable configuration (exit 1); --show-secrets prints them\n"
	for _, format := range []string{"ini", "env"} {
		r := runAt(t, secret, nil, "dump", "--format", format)
		if r.code != 1 || !strings.HasPrefix(r.stdout, "# REDACTED: secrets are shown as ***; this is not a usable configuration (use --show-secrets)\n") ||
			!strings.Contains(r.stdout, "u:***@h") || r.stderr != strings.Replace(notUsable, "%s", format, 1) {
			t.Errorf("%s redacted:\n%s", format, r)
		}
		r = runAt(t, secret, nil, "dump", "--format", format, "--show-secrets")
		if r.code != 0 || strings.Contains(r.stdout, "#") || !strings.Contains(r.stdout, "u:pw@h") || r.stderr != "" {
			t.Errorf("%s --show-secrets:\n%s", format, r)
		}
		r = runAt(t, plain, nil, "dump", "--format", format)
		if r.code != 0 || strings.Contains(r.stdout, "#") || r.stderr != "" {
			t.Errorf("%s without secrets:\n%s", format, r)
		}
	}
	r := runAt(t, secret, nil, "dump")
	if r.code != 0 || strings.Contains(r.stdout, "REDACTED") || !strings.Contains(r.stdout, "u:***@h") ||
		r.stderr != "note: secrets are shown as ***; --show-secrets prints them\n" {
		t.Errorf("json redacted:\n%s", r)
	}
	// The header reads as a comment: configparser and a shell skip it.
	r = runAt(t, secret, nil, "dump", "--format", "ini")
	back := project(t, map[string]string{"d.ini": r.stdout})
	if v, _, err := alembiccfg.New(alembiccfg.Options{File: "d.ini", Dir: back}).SectionOption("alembic", "x"); err != nil || v != "1" {
		t.Errorf("the redacted dump does not parse: %q %v", v, err)
	}
	r = runAt(t, secret, nil, "dump", "--format", "env")
	if vars := parseEnvDump(t, strings.TrimPrefix(r.stdout, redactedHeader)); len(vars) != 2 {
		t.Errorf("env vars %v", vars)
	}
}

// TestDefaultErrorOnce: a [DEFAULT] option (or --arg) that fails to
// interpolate in every section is one problem, not one per section.
func TestDefaultErrorOnce(t *testing.T) {
	const ini = "[DEFAULT]\nx = %(missing)s\n[alembic]\nscript_location = m\n[a]\ny = 1\n[b]\nz = 2\n"
	dir := project(t, map[string]string{"alembic.ini": ini})
	r := runAt(t, dir, nil, "check")
	want := "alembic.ini:2: error: Bad value substitution: option 'x' in section 'alembic' contains an interpolation key 'missing' " +
		"which is not a valid option name. Raw value: '%(missing)s'; the same in every section (InterpolationMissingOptionError)\n" +
		"alembic.ini: 1 problem found\n"
	if r.code != 1 || r.stdout != want {
		t.Errorf("check: want\n%s%s", want, r)
	}
	for _, format := range []string{"json", "ini"} {
		r = runAt(t, dir, nil, "dump", "--format", format)
		if r.code != 2 || r.stdout != "" || strings.Count(r.stderr, "\n") != 1 ||
			!strings.Contains(r.stderr, "alembiccfg: alembic.ini:2: Bad value substitution: option 'x'") ||
			!strings.Contains(r.stderr, "; the same in every section (InterpolationMissingOptionError)\n") {
			t.Errorf("dump --format %s:\n%s", format, r)
		}
	}
	// Where one section resolves it, the others are named.
	dir = project(t, map[string]string{"alembic.ini": strings.Replace(ini, "[alembic]\n", "[alembic]\nmissing = here\n", 1) + "[c]\n"})
	r = runAt(t, dir, nil, "check")
	expect(t, r, 1, []string{"option 'x' in section 'a'", "; also in sections 'b', 'c' (InterpolationMissingOptionError)\n", "1 problem found"}, nil)
	// A config_args value.
	dir = project(t, map[string]string{"alembic.ini": "[alembic]\nscript_location = m\n[a]\n[b]\n"})
	r = runAt(t, dir, nil, "--arg", "y=%(nope)s", "check")
	expect(t, r, 1, []string{"--arg y: error: Bad value substitution: option 'y' in section 'alembic'", "; the same in every section", "1 problem found"}, nil)
}
