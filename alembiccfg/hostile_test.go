package alembiccfg_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/provider/alembic"
)

// A FIFO as the ini or the pyproject.toml is refused at once through the
// facade and the provider; /dev/zero too, without reading it.
func TestSpecialFilesThroughEveryEntryPoint(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "alembic.ini")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	for _, path := range []string{fifo, "/dev/zero"} {
		_, _, err := alembiccfg.New(alembiccfg.Options{File: path}).MainOption("x")
		if !errors.Is(err, alembicerr.OSError) {
			t.Errorf("MainOption over %s: %v", path, err)
		}
		_, _, err = alembiccfg.New(alembiccfg.Options{TOMLFile: path}).AlembicOption("x")
		if !errors.Is(err, alembicerr.OSError) {
			t.Errorf("AlembicOption over a TOML %s: %v", path, err)
		}
		if _, err := alembic.Provider(alembic.Opt{File: path}).Read(); !errors.Is(err, alembicerr.OSError) {
			t.Errorf("provider over %s: %v", path, err)
		}
		if _, err := alembic.Provider(alembic.Opt{TOMLFile: path}).ReadContext(context.Background()); !errors.Is(err, alembicerr.OSError) {
			t.Errorf("provider over a TOML %s: %v", path, err)
		}
	}
	// The same FIFO in an os.DirFS: refused before it is opened. (Were an
	// open to block, the test would hang here; internal/state's test of the
	// rule releases it and fails instead.)
	dirFS := os.DirFS(filepath.Dir(fifo))
	if _, _, err := alembiccfg.New(alembiccfg.Options{FS: dirFS, File: "alembic.ini"}).MainOption("x"); !errors.Is(err, alembicerr.OSError) {
		t.Errorf("MainOption over a FIFO in an os.DirFS: %v", err)
	}
	if _, _, err := alembiccfg.New(alembiccfg.Options{FS: dirFS, TOMLFile: "alembic.ini"}).AlembicOption("x"); !errors.Is(err, alembicerr.OSError) {
		t.Errorf("AlembicOption over a FIFO in an os.DirFS: %v", err)
	}
	if _, err := alembic.Provider(alembic.Opt{FS: dirFS, File: "alembic.ini"}).Read(); !errors.Is(err, alembicerr.OSError) {
		t.Errorf("provider over a FIFO in an os.DirFS: %v", err)
	}
}

func TestLoadContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	cfg := alembiccfg.New(alembiccfg.Options{File: iniFile(t, "[alembic]\nx = 1\n")})
	if err := cfg.LoadContext(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("LoadContext with a cancelled context: %v", err)
	}
	if v, _, err := cfg.MainOption("x"); err != nil || v != "1" {
		t.Errorf("after it, MainOption reads afresh: %q, %v", v, err)
	}
	if err := cfg.ReloadContext(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("ReloadContext with a cancelled context: %v", err)
	}
}
