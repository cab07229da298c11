package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/knadh/koanf/parsers/toml/v2"
	"github.com/knadh/koanf/providers/file"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
)

func TestMixedRuns(t *testing.T) {
	var out strings.Builder
	if err := run(nil, &out); err != nil {
		t.Fatal(err)
	}
	a, b, ok := strings.Cut(out.String(), "\n(b) ")
	if !ok {
		t.Fatalf("no (b) part:\n%s", out.String())
	}
	for _, part := range []string{a, b} {
		for _, want := range []string{
			"server.host              string  0.0.0.0\n",
			"alembic.sqlalchemy.url   string  postgresql://app:***@db.internal:5432/app\n",
			"logger_alembic.level     string  DEBUG\n",
			"logger_root.level        string  WARNING\n",
			"/migrations\n",
			`k.Int("server.port")     int     8080`,
		} {
			if !strings.Contains(part, want) {
				t.Errorf("output lacks %q:\n%s", want, part)
			}
		}
	}
	for _, c := range []struct{ part, want string }{
		// (a): the layer's values are ini text; (b): TOML types stay.
		{a, "server.port              string  8080\n"},
		{b, "server.port              int64   8080\n"},
		{a, "from app.toml alembic.sqlalchemy.url, over file alembic.ini:9\n"},
		{b, "loaded the other way round, alembic.ini wins: alembic.sqlalchemy.url = postgresql://app:***@localhost:5432/app\n"},
	} {
		if part, want := c.part, c.want; !strings.Contains(part, want) {
			t.Errorf("output lacks %q:\n%s", want, part)
		}
	}
	if strings.Contains(out.String(), "secret") || strings.Contains(out.String(), "s3cr") {
		t.Errorf("a password was printed:\n%s", out.String())
	}
}

// A layer's values are literal: the "%" of app.toml's password reaches
// Alembic's getters unchanged, without the %% escaping alembic.ini needs.
func TestMixedLayerIsLiteral(t *testing.T) {
	cfg := alembiccfg.New(alembiccfg.Options{
		File:   "alembic.ini",
		Layers: []alembiccfg.Layer{{Name: "app.toml", Provider: file.Provider("app.toml"), Parser: toml.Parser()}},
	})
	url, _, err := cfg.MainOption("sqlalchemy.url")
	if err != nil {
		t.Fatal(err)
	}
	if want := "postgresql://app:s3cr%40t@db.internal:5432/app"; url != want {
		t.Errorf("MainOption = %q, want %q", url, want)
	}
}

// Run from anywhere: without the files at hand it uses embedded copies.
func TestMixedBundledCopy(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir()) // keep the copies out of the real /tmp
	t.Chdir(t.TempDir())
	var out strings.Builder
	if err := run(nil, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "postgresql://app:***@db.internal:5432/app") {
		t.Errorf("no output:\n%s", out.String())
	}
	if err := run([]string{"-c", filepath.Join("does", "not", "exist.ini")}, &strings.Builder{}); err == nil {
		t.Error("want an error for a missing file")
	}
}
