package alembiccfg_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
	"github.com/koanf-alembic/koanf-alembic/alembicerr"
)

func TestEditFile(t *testing.T) {
	ctx := context.Background()
	const text = "# c\r\n[alembic]\r\nsqlalchemy.url = postgresql://old@h/db\r\nscript_location=m\r\n"
	path := iniFile(t, text)
	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "alembic.ini")
	if err := os.Symlink(path, link); err != nil {
		t.Fatal(err)
	}
	cfg := alembiccfg.New(alembiccfg.Options{File: link})
	ed, err := cfg.EditFile(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// A no-op save is byte-identical.
	if err := ed.Save(ctx, false); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != text {
		t.Fatalf("a no-op save changed the file: %q", got)
	}
	if err := ed.Set("alembic", "sqlalchemy.url", "postgresql://u:p%40ss@h/db"); err != nil {
		t.Fatal(err)
	}
	if _, err := ed.Remove("alembic", "script_location"); err != nil {
		t.Fatal(err)
	}
	if err := ed.Save(ctx, false); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	if want := "# c\r\n[alembic]\r\nsqlalchemy.url = postgresql://u:p%%40ss@h/db\r\n"; string(got) != want {
		t.Errorf("saved %q, want %q", got, want)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the symlink was replaced instead of its target")
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640", fi.Mode().Perm())
	}
	if v, _, _ := alembiccfg.New(alembiccfg.Options{File: path}).MainOption("sqlalchemy.url"); v != "postgresql://u:p%40ss@h/db" {
		t.Errorf("reads back as %q", v)
	}

	// A file changed since it was read is not overwritten.
	ed, _ = cfg.EditFile(ctx)
	if err := os.WriteFile(path, []byte("[alembic]\nother = edit\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	_ = ed.Set("alembic", "x", "1")
	if err := ed.Save(ctx, false); !errors.Is(err, alembicerr.WriteConflictError) {
		t.Errorf("Save over a changed file: %v", err)
	}
	if err := ed.Save(ctx, true); err != nil {
		t.Errorf("forced Save: %v", err)
	}
	if err := ed.SetRaw("alembic", "bad", "50%"); !errors.Is(err, alembicerr.ValueError) {
		t.Errorf("SetRaw of a lone %%: %v", err)
	}
	if _, err := alembiccfg.New(alembiccfg.Options{}).EditFile(ctx); !errors.Is(err, alembicerr.OSError) {
		t.Errorf("EditFile without an ini: %v", err)
	}
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*tmp-*"))
	if len(matches) != 0 {
		t.Errorf("temporary files left: %v", matches)
	}
}

// CreateFile starts a new ini when there is none; Save creates it and
// refuses if it appeared meanwhile.
func TestCreateFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "alembic.ini")
	cfg := alembiccfg.New(alembiccfg.Options{File: path})
	ed, err := cfg.CreateFile(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := ed.Set("alembic", "script_location", "migrations"); err != nil {
		t.Fatal(err)
	}
	other, _ := cfg.CreateFile(ctx)
	_ = other.Set("alembic", "x", "1")
	if err := ed.Save(ctx, false); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "[alembic]\nscript_location = migrations\n" {
		t.Errorf("created %q", got)
	}
	if err := other.Save(ctx, false); !errors.Is(err, alembicerr.WriteConflictError) {
		t.Errorf("a second creation: %v, want WriteConflictError", err)
	}
}
