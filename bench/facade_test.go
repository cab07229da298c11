package bench

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
)

// BenchmarkEndToEnd compares a fresh Config from the file plus one
// GetMainOption (what Alembic's Config(file).get_main_option does) with
// the bare read of the same file, the floor any reader stands on.
func BenchmarkEndToEnd(b *testing.B) {
	path, err := filepath.Abs(templatePath(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("readfile", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := os.ReadFile(path); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("alembiccfg", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			cfg := alembiccfg.New(alembiccfg.Options{File: path, Dir: "/srv/app"})
			if v, ok, err := cfg.MainOption("sqlalchemy.url"); !ok || err != nil || v == "" {
				b.Fatal(v, ok, err)
			}
		}
	})
}

// BenchmarkLookup measures a lookup on a loaded Config: the facade's
// MainOption (interpolation included) and koanf's String on Koanf().
func BenchmarkLookup(b *testing.B) {
	path, err := filepath.Abs(templatePath(b))
	if err != nil {
		b.Fatal(err)
	}
	cfg := alembiccfg.New(alembiccfg.Options{File: path, Dir: "/srv/app"})
	if err := cfg.Load(); err != nil {
		b.Fatal(err)
	}
	b.Run("MainOption", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, ok, err := cfg.MainOption("sqlalchemy.url"); !ok || err != nil {
				b.Fatal(ok, err)
			}
		}
	})
	b.Run("MainOption-interpolated", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, ok, err := cfg.MainOption("script_location"); !ok || err != nil {
				b.Fatal(ok, err)
			}
		}
	})
	k, err := cfg.Koanf()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("KoanfString", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if k.String("alembic.sqlalchemy.url") == "" {
				b.Fatal("empty")
			}
		}
	})
}
