package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWritebackChangesOneLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "alembic.ini")
	if err := os.WriteFile(path, bundledIni, 0o644); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := run([]string{"-c", path, "-url", "postgresql://u:p%40ss@db/app"}, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"-sqlalchemy.url = postgresql://app:***@localhost:5432/app", "+sqlalchemy.url = postgresql://u:***@db/app",
		"reads back as postgresql://u:***@db/app"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	got, _ := os.ReadFile(path)
	want := strings.Replace(string(bundledIni), "postgresql://app:secret@localhost:5432/app", "postgresql://u:p%%40ss@db/app", 1)
	if string(got) != want {
		t.Errorf("the file changed beyond its sqlalchemy.url line:\n%s", got)
	}
	if strings.Contains(out.String(), "p%40ss") || strings.Contains(out.String(), "secret") {
		t.Errorf("a password was printed:\n%s", out.String())
	}
}

func TestWritebackDefault(t *testing.T) {
	var out strings.Builder
	if err := run(nil, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "saved;") {
		t.Errorf("output:\n%s", out.String())
	}
}
