package main

import (
	"strings"
	"testing"
)

func TestExplain(t *testing.T) {
	dir := project(t, map[string]string{
		"alembic.ini": `[DEFAULT]
shared = from-default

[alembic]
script_location = %(here)s/m
sqlalchemy.url = postgresql://app:filepw@h/db
db_password = hunter2
url2 = postgresql://u:%(db_password)s@h/db
broken = %(nope)s
version_locations = %(here)s/v

[post_write_hooks]

[formatter_generic]
format = %(message)s
`,
		"pyproject.toml": `[tool.alembic]
script_location = "%(here)s/t"
version_locations = ["a"]
post_write_hooks = [{name = "x", type = "exec"}]
path_separator = "os"
timezone = "UTC"
`,
	})
	env := []string{
		"ALEMBIC_SQLALCHEMY_URL=postgresql://app:envpw@db/app",
		"ALEMBIC_DB_PASSWORD=envsecret",
		"ALEMBIC_INI=[logger_root]\nlevel = DEBUG\n",
		"ALEMBIC_LOGGER_ROOT__HANDLERS=console",
	}
	r := runAt(t, dir, env, "--arg", "shared=from-arg", "--arg", "extra=x", "explain")
	expect(t, r, 0, []string{
		"# ini file: alembic.ini (here = " + dir + ")\n",
		"# toml file: pyproject.toml (here = " + dir + ")\n",
		"# main section: [alembic]\n",
		"[alembic]\nscript_location = " + dir + "/m\n  # raw: %(here)s/m\n  # from: file alembic.ini:5\n",
		"sqlalchemy.url = postgresql://app:***@db/app\n  # from: env ALEMBIC_SQLALCHEMY_URL\n  # overrode: file alembic.ini:6\n",
		"db_password = ***\n  # from: env ALEMBIC_DB_PASSWORD\n  # overrode: file alembic.ini:7\n",
		"url2 = ***\n  # raw: postgresql://u:***@h/db\n  # from: file alembic.ini:8\n",
		"broken = %(nope)s\n  # shown raw: alembic.ini:9: Bad value substitution",
		"shared = from-default\n  # from: file alembic.ini:2; a default, visible in every section\n  # overrode: config_args (--arg shared)\n",
		"extra = x\n  # from: config_args (--arg extra); a default, visible in every section\n",
		"here = " + dir + "\n  # from: here (the directory of the ini file); a default",
		"[formatter_generic]\nformat = %(message)s\n  # shown raw: logging.fileConfig reads format raw (not interpolated)\n  # from: file alembic.ini:15\n",
		"[logger_root]\nlevel = DEBUG\n  # from: env ALEMBIC_INI\n",
		"handlers = console\n  # from: env ALEMBIC_LOGGER_ROOT__HANDLERS\n",
		"[tool.alembic]\n",
		"script_location = " + dir + "/t\n  # raw: %(here)s/t\n  # not used: [alembic] has script_location",
		`version_locations = ["a"]` + "\n  # not used: [alembic] version_locations is set and not empty",
		`post_write_hooks = [{"name":"x","type":"exec"}]` + "\n  # not used: the ini has a [post_write_hooks] section",
		"path_separator = os\n  # not used: Alembic reads path_separator from the ini only\n",
		"timezone = UTC\n",
		"!filepw", "!envpw", "!hunter2", "!envsecret",
	}, nil)
	if strings.Contains(r.stdout, "timezone = UTC\n  # not used") {
		t.Errorf("timezone is used:\n%s", r.stdout)
	}
	r = runAt(t, dir, env, "--show-secrets", "explain")
	expect(t, r, 0, []string{"postgresql://app:envpw@db/app", "db_password = envsecret\n", "url2 = postgresql://u:envsecret@h/db\n"}, nil)

	// A pyproject-only project; a TOML value Alembic cannot read.
	dir = project(t, map[string]string{"pyproject.toml": "[tool.alembic]\nscript_location = \"s\"\nbad = 1.5\nurl = \"x://u:pw@h\"\n"})
	r = runAt(t, dir, nil, "explain")
	expect(t, r, 0, []string{
		"# ini file: alembic.ini (not found: read as empty, as Alembic does)\n",
		"script_location = s\n",
		"bad = 1.5\n  # shown raw: pyproject.toml: [tool.alembic] bad: unsupported TOML value type for key: 'bad' (CommandError)\n",
		"url = x://u:***@h\n", "!pw",
	}, nil)

	// A TOML file that does not parse: the ini part, then the error.
	dir = project(t, map[string]string{"alembic.ini": "[alembic]\nx = 1\n", "pyproject.toml": "[tool.alembic\n"})
	expect(t, runAt(t, dir, nil, "explain"), 2, []string{"x = 1\n"}, []string{"pyproject.toml:1:", "(TOMLDecodeError)"})
}
