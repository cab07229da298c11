package main

import (
	"strings"
	"testing"
)

func TestQuickstartRuns(t *testing.T) {
	var out strings.Builder
	if err := run([]string{"-c", "alembic.ini"}, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"sqlalchemy.url   = postgresql://app:secret@localhost:5432/app",
		"/migrations\n",
		`prepend_sys_path = ["."]`,
		"[formatter_generic] (read raw by logging.fileConfig",
		"[logger_root]\n  level = WARNING",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestQuickstartMissingFile(t *testing.T) {
	if err := run([]string{"-c", "does-not-exist.ini"}, &strings.Builder{}); err == nil {
		t.Fatal("want an error for a missing file")
	}
}
