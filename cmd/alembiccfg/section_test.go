package main

import "testing"

func TestSection(t *testing.T) {
	dir := project(t, map[string]string{"alembic.ini": getINI})
	env := []string{"ALEMBIC_LOGGER_ROOT__HANDLERS=console"}
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{
			name:   "key = value lines, defaults first",
			args:   []string{"section", "logger_root"},
			stdout: "here = " + dir + "\nlevel = WARNING\nempty =\nhandlers = console\n",
		},
		{
			name:   "json, ordered",
			args:   []string{"section", "logger_root", "--json"},
			stdout: "{\n  \"here\": \"" + dir + "\",\n  \"level\": \"WARNING\",\n  \"empty\": \"\",\n  \"handlers\": \"console\"\n}\n",
		},
		{
			name:   "formatter options shown raw, with a note",
			args:   []string{"section", "formatter_generic"},
			stdout: "here = " + dir + "\nformat = %(levelname)-5.5s [%(name)s] %(message)s\ndatefmt = %H:%M:%S\n",
			stderr: "note: [formatter_generic] format, datefmt shown raw, as logging.fileConfig reads them (not interpolated)\n",
		},
		{
			name:   "absent",
			args:   []string{"section", "nosuch"},
			code:   1,
			stderr: "alembiccfg: no section [nosuch]\n",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runAt(t, dir, env, tc.args...)
			if r.code != tc.code || r.stdout != tc.stdout || r.stderr != tc.stderr {
				t.Errorf("want exit %d, stdout %q, stderr %q\n%s", tc.code, tc.stdout, tc.stderr, r)
			}
		})
	}
}

func TestSectionRedaction(t *testing.T) {
	dir := project(t, map[string]string{"alembic.ini": "[alembic]\nsqlalchemy.url = postgresql://app:s3cret@db/app\n" +
		"db_password = hunter2\nurl = postgresql://u:%(db_password)s@h/db\nmulti = a\n    b\n"})
	r := runAt(t, dir, nil, "section", "alembic")
	want := "here = " + dir + "\nsqlalchemy.url = postgresql://app:***@db/app\ndb_password = ***\nurl = ***\nmulti = a\n    b\n"
	if r.code != 0 || r.stdout != want {
		t.Errorf("want %q\n%s", want, r)
	}
	r = runAt(t, dir, nil, "section", "alembic", "--show-secrets")
	want = "here = " + dir + "\nsqlalchemy.url = postgresql://app:s3cret@db/app\ndb_password = hunter2\nurl = postgresql://u:hunter2@h/db\nmulti = a\n    b\n"
	if r.code != 0 || r.stdout != want {
		t.Errorf("want %q\n%s", want, r)
	}
	// A section with a value that cannot be interpolated: get_section
	// fails, and so does section, with the place.
	dir = project(t, map[string]string{"alembic.ini": "[alembic]\nok = 1\nbroken = %(nope)s\n"})
	expect(t, runAt(t, dir, nil, "section", "alembic"), 2, nil, []string{"alembic.ini:3: Bad value substitution"})
}
