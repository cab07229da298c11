package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func env(kv ...string) func() []string { return func() []string { return kv } }

func runOK(t *testing.T, environ func() []string, args ...string) string {
	t.Helper()
	var out strings.Builder
	if err := run(args, environ, &out); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "secret") || strings.Contains(out.String(), "p%40ss") {
		t.Errorf("a password was printed:\n%s", out.String())
	}
	return out.String()
}

func wantAll(t *testing.T, out string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
}

// With no variables set it prints the file's values.
func TestTwelveFactorFileValues(t *testing.T) {
	out := runOK(t, env())
	wantAll(t, out,
		"sqlalchemy.url   = postgresql://app:***@localhost:5432/app\n                     from file alembic.ini:13\n",
		"level            = WARNING\n                     from file alembic.ini:27\n",
		"raw  %(here)s/migrations",
		`qualname         = ""`,
	)
	if strings.Contains(out, "env ") {
		t.Errorf("an environment value without variables:\n%s", out)
	}
}

func TestTwelveFactorPrefixVariables(t *testing.T) {
	out := runOK(t, env(
		"ALEMBIC_SQLALCHEMY_URL=postgresql://app:p%40ss@db:5432/app?application_name=billing%20migrations",
		"ALEMBIC_LOGGER_ROOT__LEVEL=DEBUG",
		"UNRELATED=1",
	))
	wantAll(t, out,
		// Literal: the value as given, its "%" doubled in the raw view.
		"= postgresql://app:***@db:5432/app?application_name=billing%20migrations\n"+
			"                     from env ALEMBIC_SQLALCHEMY_URL, over file alembic.ini:13\n"+
			"                     raw  postgresql://app:***@db:5432/app?application_name=billing%%20migrations\n",
		"level            = DEBUG\n                     from env ALEMBIC_LOGGER_ROOT__LEVEL, over file alembic.ini:27\n",
	)
}

func TestTwelveFactorBindingBeatsPrefix(t *testing.T) {
	out := runOK(t, env(
		"ALEMBIC_SQLALCHEMY_URL=postgresql://app:p%40ss@db:5432/app",
		"DATABASE_URL=postgresql://ci:hunter2@ci-db/ci",
	))
	wantAll(t, out,
		"note: DATABASE_URL and ALEMBIC_SQLALCHEMY_URL are both set; the binding wins",
		"= postgresql://ci:***@ci-db/ci\n                     from env DATABASE_URL, over file alembic.ini:13\n",
	)
	if strings.Contains(out, "hunter2") || strings.Contains(out, "from env ALEMBIC_SQLALCHEMY_URL") {
		t.Errorf("wrong winner or an unredacted password:\n%s", out)
	}
}

// Run from anywhere: without the file at hand it uses the embedded copy.
func TestTwelveFactorBundledCopy(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir()) // keep the copy out of the real /tmp
	t.Chdir(t.TempDir())
	wantAll(t, runOK(t, env()), "postgresql://app:***@localhost:5432/app")
	if err := run([]string{"-c", filepath.Join("does", "not", "exist.ini")}, env(), &strings.Builder{}); err == nil {
		t.Error("want an error for a missing file")
	}
}
