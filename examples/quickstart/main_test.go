package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func noEnv() []string { return nil }

func TestQuickstartRuns(t *testing.T) {
	var out strings.Builder
	if err := run([]string{"-c", "alembic.ini"}, noEnv, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"postgresql://app:***@localhost:5432/app",
		"(file alembic.ini:",
		"/migrations/versions",
		"pyproject.toml [tool.alembic]",
		"[formatter_generic] read raw by logging.fileConfig",
		"[logger_root]\n  level = WARNING",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "secret") {
		t.Errorf("the password was printed:\n%s", out.String())
	}
}

func TestQuickstartEnvironmentOverride(t *testing.T) {
	var out strings.Builder
	env := func() []string { return []string{"ALEMBIC_SQLALCHEMY_URL=sqlite:///dev.db"} }
	if err := run([]string{"-c", "alembic.ini"}, env, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "sqlite:///dev.db") || !strings.Contains(out.String(), "env ALEMBIC_SQLALCHEMY_URL, over file alembic.ini:") {
		t.Errorf("the override and its provenance are missing:\n%s", out.String())
	}
}

// Run from anywhere: without the files at hand it uses embedded copies.
func TestQuickstartBundledCopy(t *testing.T) {
	t.Chdir(t.TempDir())
	var out strings.Builder
	if err := run(nil, noEnv, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "sqlalchemy.url") {
		t.Errorf("no output:\n%s", out.String())
	}
	if err := run([]string{"-c", filepath.Join("does", "not", "exist.ini")}, noEnv, &strings.Builder{}); err == nil {
		t.Error("want an error for a missing file")
	}
}
