package bench

import (
	"embed"
	"testing"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
)

//go:embed testdata/embed/alembic.ini
var embedded embed.FS

// TestFacadeEmbedFS reads an ini compiled into the program through
// Options.FS, as BenchmarkLoadTemplateBytes reads bytes in memory: `here`
// is the file's directory within the FS unless Dir is set.
func TestFacadeEmbedFS(t *testing.T) {
	cfg := alembiccfg.New(alembiccfg.Options{FS: embedded, File: "testdata/embed/alembic.ini"})
	if v, _, err := cfg.MainOption("script_location"); err != nil || v != "testdata/embed/migrations" {
		t.Errorf("script_location = %q, %v; want testdata/embed/migrations", v, err)
	}
	if v, _, err := cfg.MainOption("sqlalchemy.url"); err != nil || v != "sqlite:///app.db" {
		t.Errorf("sqlalchemy.url = %q, %v", v, err)
	}
	withDir := alembiccfg.New(alembiccfg.Options{FS: embedded, File: "testdata/embed/alembic.ini", Dir: here})
	if v, _, err := withDir.MainOption("script_location"); err != nil || v != here+"/testdata/embed/migrations" {
		t.Errorf("with Dir: script_location = %q, %v", v, err)
	}
}
