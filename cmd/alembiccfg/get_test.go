package main

import (
	"strings"
	"testing"
)

const getINI = `[alembic]
script_location = %(here)s/migrations
sqlalchemy.url = postgresql://app:s3cret@db/app
db_password = hunter2
broken = %(nope)s
url_with_secret = postgresql://u:%(db_password)s@h/db
multi =
    first
    second

[logger_root]
level = WARNING
empty =

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
datefmt = %H:%M:%S
`

const getTOML = `[tool.alembic]
truncate_slug_length = 42
sourceless = true
version_locations = ["%(here)s/a", "b"]
post_write_hooks = [{name = "black", type = "console_scripts", options = "-l 79"}]
a_float = 1.5
file_template = "%%(rev)s"
`

func TestGet(t *testing.T) {
	dir := project(t, map[string]string{"alembic.ini": getINI, "pyproject.toml": getTOML})
	for _, tc := range []struct {
		name   string
		env    []string
		args   []string
		code   int
		stdout string // exact when code is 0
		stderr []string
	}{
		{name: "interpolated ini value", args: []string{"get", "script_location"}, stdout: dir + "/migrations\n"},
		{name: "the real value, unredacted", args: []string{"get", "sqlalchemy.url"}, stdout: "postgresql://app:s3cret@db/app\n"},
		{name: "a secret option, unredacted", args: []string{"get", "db_password"}, stdout: "hunter2\n"},
		{name: "multi-line value", args: []string{"get", "multi"}, stdout: "\nfirst\nsecond\n"},
		{name: "TOML integer", args: []string{"get", "truncate_slug_length"}, stdout: "42\n"},
		{name: "TOML boolean", args: []string{"get", "sourceless"}, stdout: "true\n"},
		{name: "TOML list as JSON", args: []string{"get", "version_locations"}, stdout: `["` + dir + `/a","b"]` + "\n"},
		{name: "TOML list of tables as JSON", args: []string{"get", "post_write_hooks"}, stdout: `[{"name":"black","type":"console_scripts","options":"-l 79"}]` + "\n"},
		{name: "TOML %-formatting", args: []string{"get", "file_template"}, stdout: "%(rev)s\n"},
		{name: "environment beats TOML", env: []string{"ALEMBIC_TRUNCATE_SLUG_LENGTH=7"}, args: []string{"get", "truncate_slug_length"}, stdout: "7\n"},
		{name: "environment value is literal", env: []string{"ALEMBIC_SQLALCHEMY_URL=a%b"}, args: []string{"get", "sqlalchemy.url"}, stdout: "a%b\n"},
		{name: "absent", args: []string{"get", "nope"}, code: 1, stderr: []string{`no option "nope" in section [alembic] or in [tool.alembic]`}},
		{name: "section option", args: []string{"get", "logger_root", "level"}, stdout: "WARNING\n"},
		{name: "section option: empty value", args: []string{"get", "logger_root", "empty"}, stdout: "\n"},
		{name: "section option: a default", args: []string{"get", "logger_root", "here"}, stdout: dir + "\n"},
		{name: "section option: environment", env: []string{"ALEMBIC_LOGGER_ROOT__LEVEL=DEBUG"}, args: []string{"get", "logger_root", "level"}, stdout: "DEBUG\n"},
		{name: "section option absent", args: []string{"get", "logger_root", "nope"}, code: 1, stderr: []string{`no option "nope" in section [logger_root]`}},
		{name: "section absent", args: []string{"get", "nosuch", "x"}, code: 1, stderr: []string{"alembiccfg: no section [nosuch] in alembic.ini\n"}},
		{name: "DEFAULT is not a section", args: []string{"get", "DEFAULT", "x"}, code: 1, stderr: []string{"alembiccfg: [DEFAULT] is not a section: its options are the defaults of every section"}},
		{name: "interpolation error, with its place", args: []string{"get", "broken"}, code: 2, stderr: []string{
			"alembiccfg: alembic.ini:5: Bad value substitution: option 'broken' in section 'alembic' contains an interpolation key 'nope' which is not a valid option name. Raw value: '%(nope)s' (InterpolationMissingOptionError)"}},
		{name: "logging formatter option: Alembic's error", args: []string{"get", "formatter_generic", "format"}, code: 2, stderr: []string{
			"alembic.ini:16: bad interpolation variable reference", "(InterpolationSyntaxError)"}},
		{name: "TOML error, with its place", args: []string{"get", "a_float"}, code: 2, stderr: []string{
			"alembiccfg: pyproject.toml: [tool.alembic] a_float: unsupported TOML value type for key: 'a_float' (CommandError)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runAt(t, dir, tc.env, tc.args...)
			if tc.code == 0 {
				if r.code != 0 || r.stdout != tc.stdout || r.stderr != "" {
					t.Errorf("want stdout %q\n%s", tc.stdout, r)
				}
				return
			}
			expect(t, r, tc.code, nil, tc.stderr)
			if r.stdout != "" {
				t.Errorf("stdout: %q", r.stdout)
			}
		})
	}
}

// TestErrorsAreRedacted: error messages hide URL passwords and secret
// values unless --show-secrets.
func TestErrorsAreRedacted(t *testing.T) {
	dir := project(t, map[string]string{"alembic.ini": "[alembic]\napi_token = tok123\n" +
		"bad = postgresql://u:pw@h/%(nope)s\nbad2 = %(api_token)s %(nope)s\n"})
	r := runAt(t, dir, nil, "get", "bad")
	expect(t, r, 2, nil, []string{"alembic.ini:3:", "postgresql://u:***@h/%(nope)s", "!:pw@"})
	r = runAt(t, dir, nil, "--show-secrets", "get", "bad")
	expect(t, r, 2, nil, []string{"postgresql://u:pw@h/%(nope)s"})
	r = runAt(t, dir, nil, "check")
	expect(t, r, 1, []string{"alembic.ini:3: error: Bad value substitution", "!:pw@", "!tok123"}, nil)
	if strings.Count(r.stdout, "error:") < 2 {
		t.Errorf("want both interpolation errors:\n%s", r)
	}
}
