package alembiccfg

import (
	"errors"
	"testing"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
)

func TestKoanfView(t *testing.T) {
	dir := t.TempDir()
	toml := writeTOML(t, dir, "[tool.alembic]\nscript_location = \"%(here)s/m\"\nn = 3\n")
	ini := writeIni(t, "[alembic]\nsqlalchemy.url = postgresql://h/db\n\n[formatter_generic]\nformat = %(levelname)-5.5s\n\n[handler_file]\nargs = ('%(logdir)s/x',)\n")
	var failed []string
	cfg := New(Options{File: ini, TOMLFile: toml, OnInterpolationError: func(section, option string, err error) {
		failed = append(failed, section+" "+option)
	}})
	k, err := cfg.Koanf()
	if err != nil {
		t.Fatal(err)
	}
	if got := k.String("alembic.sqlalchemy.url"); got != "postgresql://h/db" {
		t.Errorf("alembic.sqlalchemy.url = %q", got)
	}
	if got := k.String("formatter_generic.format"); got != "%(levelname)-5.5s" {
		t.Errorf("logging's formatter options are raw: %q", got)
	}
	if got := k.String("handler_file.args"); got != "('%(logdir)s/x',)" {
		t.Errorf("a value that cannot be interpolated stays raw: %q", got)
	}
	if len(failed) != 1 || failed[0] != "handler_file args" {
		t.Errorf("reported failures = %v", failed)
	}
	strict := New(Options{File: ini, Strict: true})
	if _, err := strict.Koanf(); !errors.Is(err, alembicerr.InterpolationMissingOptionError) {
		t.Errorf("Strict: %v, want the interpolation error", err)
	}
	if got := k.String("tool.alembic.script_location"); got != dir+"/m" {
		t.Errorf("tool.alembic.script_location = %q", got)
	}
	if got := k.Int("tool.alembic.n"); got != 3 {
		t.Errorf("tool.alembic.n = %d", got)
	}
	_ = cfg.SetMainOption("sqlalchemy.url", "sqlite://")
	k2, _ := cfg.Koanf()
	if got := k2.String("alembic.sqlalchemy.url"); got != "sqlite://" {
		t.Errorf("after a set the view is rebuilt: %q", got)
	}
}

func TestKoanfCollisions(t *testing.T) {
	for _, text := range []string{
		"[a]\nb.c = 1\n[a.b]\nc = 2\n",
		"[a]\nb = 1\n[a.b]\nc = 2\n",
	} {
		cfg := New(Options{File: writeIni(t, text)})
		if _, err := cfg.Koanf(); !errors.Is(err, alembicerr.CollisionError) {
			t.Errorf("%q: %v, want a collision error", text, err)
		}
	}
}
