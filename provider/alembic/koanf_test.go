package alembic_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/knadh/koanf/providers/confmap"
	"github.com/knadh/koanf/v2"

	"github.com/koanf-alembic/koanf-alembic/provider/alembic"
)

func loadTestdata(t *testing.T) *koanf.Koanf {
	t.Helper()
	k := koanf.New(".")
	p := alembic.Provider(alembic.Opt{File: "testdata/alembic.ini", TOMLFile: "testdata/pyproject.toml"})
	if err := k.Load(p, nil); err != nil {
		t.Fatal(err)
	}
	return k
}

// TestKoanf loads the provider into koanf and reads dotted options and
// the [tool.alembic] subtree through koanf's getters.
func TestKoanf(t *testing.T) {
	k := loadTestdata(t)
	abs, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		"alembic.sqlalchemy.url":               "driver://user:pass@localhost/dbname",
		"alembic.script_location":              abs + "/migrations",
		"post_write_hooks.black.type":          "console_scripts",
		"formatter_generic.format":             "%(levelname)-5.5s [%(name)s] %(message)s",
		"formatter_generic.datefmt":            "%%H:%%M:%%S", // raw, as logging reads it
		"tool.alembic.script_location":         abs + "/migrations",
		"alembic.sqlalchemy":                   "", // not a key
		"tool.alembic.version_locations.extra": "",
	} {
		if got := k.String(path); got != want {
			t.Errorf("k.String(%q) = %q, want %q", path, got, want)
		}
	}
	if !k.Exists("alembic.sqlalchemy.url") || k.Exists("alembic.sqlalchemy") {
		t.Errorf("Exists: alembic.sqlalchemy.url %v, alembic.sqlalchemy %v", k.Exists("alembic.sqlalchemy.url"), k.Exists("alembic.sqlalchemy"))
	}
	if got := k.Int64("tool.alembic.truncate_slug_length"); got != 40 {
		t.Errorf("truncate_slug_length = %d", got)
	}
	if got := k.Strings("tool.alembic.version_locations"); len(got) != 2 || got[0] != abs+"/versions" {
		t.Errorf("version_locations = %q", got)
	}
	if k.Bool("tool.alembic.sourceless") {
		t.Error("sourceless = true")
	}
	hooks := k.Slices("tool.alembic.post_write_hooks")
	if len(hooks) != 1 || hooks[0].String("name") != "ruff" {
		t.Errorf("post_write_hooks = %v", hooks)
	}

	// Unmarshal with a dotted tag works: mapstructure matches the key
	// "sqlalchemy.url" of the section's map.
	var main struct {
		URL            string `koanf:"sqlalchemy.url"`
		ScriptLocation string `koanf:"script_location"`
	}
	if err := k.Unmarshal("alembic", &main); err != nil {
		t.Fatal(err)
	}
	if main.URL != "driver://user:pass@localhost/dbname" || main.ScriptLocation != abs+"/migrations" {
		t.Errorf("Unmarshal = %+v", main)
	}
}

// TestKoanfDottedWrite documents why dotted paths must never be written:
// koanf's Set splits the path and adds a second, nested entry next to the
// option instead of replacing it. Loading a nested map through confmap
// (with no delimiter) replaces the option.
func TestKoanfDottedWrite(t *testing.T) {
	k := loadTestdata(t)
	if err := k.Set("alembic.sqlalchemy.url", "sqlite://"); err != nil {
		t.Fatal(err)
	}
	section := k.Raw()["alembic"].(map[string]any)
	if section["sqlalchemy.url"] != "driver://user:pass@localhost/dbname" {
		t.Errorf("the option changed: %v", section["sqlalchemy.url"])
	}
	nested, ok := section["sqlalchemy"].(map[string]any)
	if !ok || nested["url"] != "sqlite://" {
		t.Errorf("koanf no longer nests a dotted Set (section = %v): update the package documentation", section)
	}

	k = loadTestdata(t)
	override := map[string]any{"alembic": map[string]any{"sqlalchemy.url": "sqlite://"}}
	if err := k.Load(confmap.Provider(override, ""), nil); err != nil {
		t.Fatal(err)
	}
	section = k.Raw()["alembic"].(map[string]any)
	if k.String("alembic.sqlalchemy.url") != "sqlite://" || section["sqlalchemy"] != nil {
		t.Errorf("confmap override: %q, section %v", k.String("alembic.sqlalchemy.url"), section)
	}
}

// TestKoanfWithParser checks that loading with a parser fails clearly.
func TestKoanfWithParser(t *testing.T) {
	k := koanf.New(".")
	err := k.Load(alembic.Provider(alembic.Opt{File: "testdata/alembic.ini"}), fakeParser{})
	if err == nil || !strings.Contains(err.Error(), "does not support ReadBytes") {
		t.Errorf("Load with a parser: %v", err)
	}
}

type fakeParser struct{}

func (fakeParser) Unmarshal([]byte) (map[string]any, error) { return nil, nil }
func (fakeParser) Marshal(map[string]any) ([]byte, error)   { return nil, nil }
