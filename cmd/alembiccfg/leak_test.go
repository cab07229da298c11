package main

import (
	"strings"
	"testing"
)

// None of these inputs prints its secret through any command, in values or
// in errors; only get prints a value itself, on stdout, for scripts.
func TestNoCommandLeaksASecret(t *testing.T) {
	cases := []struct {
		name, ini string
		env       []string
		getOption string // get prints this option's real value: stdout is not checked for it
	}{
		{"bad % in a URL password", "[alembic]\nscript_location = m\nsqlalchemy.url = postgresql://u:ab%zzSECRET@h/db\n", nil, ""},
		{"bad % in a secret option", "[alembic]\nscript_location = m\ndb_password = hunter%2SECRET\n", nil, ""},
		{"a secret line without delimiter", "[alembic]\nscript_location = m\ndb_password SECRET\n", nil, ""},
		{"a secret fragment in ALEMBIC_INI", "[alembic]\nscript_location = m\n", []string{"ALEMBIC_INI=[alembic]\ndb_password SECRET\n"}, ""},
		{"query-string password", "[alembic]\nscript_location = m\nsqlalchemy.url = mysql://h/db?user=u&password=SECRET\n", nil, "sqlalchemy.url"},
		{"JDBC password", "[alembic]\nscript_location = m\nurl = jdbc:sqlserver://h;user=u;password=SECRET;db=x\n", nil, "url"},
		{"ODBC PWD", "[alembic]\nscript_location = m\nodbc = DRIVER={x};SERVER=h;UID=u;PWD=SECRET;\n", nil, "odbc"},
		{"libpq password", "[alembic]\nscript_location = m\ndsn = host=h user=u password=SECRET dbname=d\n", nil, "dsn"},
		{"URL password with / # ? and a space", "[alembic]\nscript_location = m\nsqlalchemy.url = postgresql://u:SE/C#R?E T@h/db\n", nil, "sqlalchemy.url"},
		{"secret names", "[alembic]\nscript_location = m\npass = SECRET\ndb_pass = SECRET\npw = SECRET\napikey = SECRET\nprivatekey = SECRET\nauth = SECRET\nbearer = SECRET\n", nil, "pass"},
		{"interpolating a secret", "[alembic]\nscript_location = m\ndb_password = SECRET\nurl = postgresql://u:%(db_password)s@h/db\n", nil, "url"},
	}
	secrets := []string{"SECRET", "SE/C#R?E T", "hunter", "ab%zz"}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := project(t, map[string]string{"alembic.ini": tc.ini})
			commands := [][]string{{"check"}, {"explain"}, {"dump"}, {"dump", "--format", "ini"}, {"dump", "--format", "env"},
				{"get", "sqlalchemy.url"}, {"section", "alembic"}}
			if tc.getOption != "" {
				commands = append(commands, []string{"get", tc.getOption})
			}
			for _, cmd := range commands {
				r := runAt(t, dir, tc.env, cmd...)
				out := r.stderr
				if cmd[0] != "get" {
					out += r.stdout // get prints real values, for scripts
				}
				for _, s := range secrets {
					if strings.Contains(out, s) {
						t.Errorf("%v prints %q:\n%s", cmd, s, r)
					}
				}
			}
		})
	}
}
