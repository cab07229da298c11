package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/koanf-alembic/koanf-alembic/pyvalue"

	"github.com/knadh/koanf/providers/rawbytes"
	"github.com/knadh/koanf/v2"

	"github.com/koanf-alembic/koanf-alembic/parser/ini"
)

func TestKoanfNativeRuns(t *testing.T) {
	var out strings.Builder
	if err := run(nil, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`k.String("alembic.sqlalchemy.url") = postgresql://app:***@localhost:5432/app`,
		"alembic.sqlalchemy.url         string  postgresql://app:***@localhost:5432/app\n",
		"alembic.truncate_slug_length   int     40\n",
		"alembic.sourceless             bool    false\n",
		"/migrations\n",
		"formatter_generic.format       string  %(levelname)-5.5s [%(name)s] %(message)s\n",
		"(the same Config as the provider's)",
		"keys = root,sqlalchemy,alembic",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "kept raw") {
		t.Errorf("the logging formatter options are no interpolation failures:\n%s", out.String())
	}
	if strings.Contains(out.String(), "secret") {
		t.Errorf("the password was printed:\n%s", out.String())
	}
}

// The claims of Config's comment: koanf's Unmarshal converts weakly
// ("True" is true, unlike Alembic's get_alembic_boolean_option), and a
// dotted tag receives a dotted option.
func TestKoanfNativeWeakConversion(t *testing.T) {
	k := koanf.New(".")
	text := "[alembic]\nsourceless = True\ntruncate_slug_length = 12\nsqlalchemy.url = sqlite:///%(here)s/x.db\n"
	p := ini.Parser(ini.Opt{Defaults: pyvalue.NewDict().Set("here", "/srv")})
	if err := k.Load(rawbytes.Provider([]byte(text)), p); err != nil {
		t.Fatal(err)
	}
	var c Config
	if err := k.Unmarshal("", &c); err != nil {
		t.Fatal(err)
	}
	if !c.Alembic.Sourceless || c.Alembic.TruncateSlugLength != 12 || c.Alembic.URL != "sqlite:////srv/x.db" || c.Alembic.Here != "/srv" {
		t.Errorf("got %+v", c.Alembic)
	}
	// A text strconv.ParseBool refuses is an error.
	k = koanf.New(".")
	if err := k.Load(rawbytes.Provider([]byte("[alembic]\nsourceless = yes\n")), ini.Parser(ini.Opt{})); err != nil {
		t.Fatal(err)
	}
	if err := k.Unmarshal("", &c); err == nil {
		t.Error(`want an error for sourceless = yes`)
	}
}

// Run from anywhere: without the file at hand it uses the embedded copy.
func TestKoanfNativeBundledCopy(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir()) // keep the copy out of the real /tmp
	t.Chdir(t.TempDir())
	var out strings.Builder
	if err := run(nil, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "postgresql://app:***@localhost:5432/app") {
		t.Errorf("no output:\n%s", out.String())
	}
	if err := run([]string{"-c", filepath.Join("does", "not", "exist.ini")}, &strings.Builder{}); err == nil {
		t.Error("want an error for a missing file")
	}
}
