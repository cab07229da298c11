package bench

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/knadh/koanf/parsers/toml/v2"
	"github.com/knadh/koanf/providers/file"
	"github.com/knadh/koanf/v2"
	"gopkg.in/ini.v1"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
	iniparser "github.com/koanf-alembic/koanf-alembic/parser/ini"
	"github.com/koanf-alembic/koanf-alembic/provider/alembic"
	"github.com/koanf-alembic/koanf-alembic/pyvalue"
)

// loader is one way to go from the template's file name to the value of
// sqlalchemy.url, fresh each time.
type loader struct {
	name string
	load func(path string) (string, error)
}

// loadTemplateImpls are the rows of BenchmarkLoadTemplate: what Alembic's
// Config(file).get_main_option("sqlalchemy.url") does, in each library.
var loadTemplateImpls = []loader{
	{"alembiccfg", func(path string) (string, error) {
		cfg := alembiccfg.New(alembiccfg.Options{File: path})
		v, _, err := cfg.MainOption("sqlalchemy.url")
		return v, err
	}},
	{"provider", func(path string) (string, error) {
		k := koanf.New(".")
		if err := k.Load(alembic.Provider(alembic.Opt{File: path}), nil); err != nil {
			return "", err
		}
		return k.String("alembic.sqlalchemy.url"), nil
	}},
	{"parser", func(path string) (string, error) {
		k := koanf.New(".")
		p := iniparser.Parser(iniparser.Opt{Defaults: pyvalue.NewDict().Set("here", filepath.Dir(path))})
		if err := k.Load(file.Provider(path), p); err != nil {
			return "", err
		}
		return k.String("alembic.sqlalchemy.url"), nil
	}},
	{"iniv1", func(path string) (string, error) {
		f, err := ini.LoadSources(iniv1Options(0), path)
		if err != nil {
			return "", err
		}
		return iniv1MainOption(f, filepath.Dir(path))
	}},
	{"viper", func(path string) (string, error) {
		v := newViper()
		v.SetConfigFile(path)
		if err := v.ReadInConfig(); err != nil {
			return "", err
		}
		return v.GetString("alembic.sqlalchemy.url"), nil
	}},
	{"koanf-toml", func(string) (string, error) {
		k := koanf.New(".")
		if err := k.Load(file.Provider(tomlPath), toml.Parser()); err != nil {
			return "", err
		}
		return k.String("tool.alembic.sqlalchemy.url"), nil
	}},
	{"readfile", func(path string) (string, error) {
		b, err := os.ReadFile(path)
		return string(b[:0]), err
	}},
}

// tomlPath is templateTOMLPath made absolute by init.
var tomlPath string

// BenchmarkLoadTemplate measures a fresh load of the template from its
// file and one read of sqlalchemy.url, in each library; readfile is the
// bare os.ReadFile of the same file, the floor any reader stands on.
func BenchmarkLoadTemplate(b *testing.B) {
	path := absPath(b, templatePath)
	tomlPath = absPath(b, templateTOMLPath)
	for _, l := range loadTemplateImpls {
		b.Run(l.name, func(b *testing.B) {
			if v, err := l.load(path); err != nil || (v == "" && l.name != "readfile") {
				b.Fatalf("%q, %v", v, err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := l.load(path); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// loadTemplateBytesImpls are the rows of BenchmarkLoadTemplateBytes: each
// prepare returns the lookup of src, with what it needs from src made
// beforehand (the facade's fs.FS).
var loadTemplateBytesImpls = []struct {
	name    string
	prepare func(src []byte) func() (string, error)
}{
	{"alembiccfg", mainOptionFacade},
	{"engine", each(mainOptionEngine)},
	{"iniv1", each(mainOptionIniv1)},
	{"viper", each(mainOptionViper)},
}

// BenchmarkLoadTemplateBytes measures, from the template's bytes already
// in memory, parse + the "here" default + one lookup of sqlalchemy.url:
// through the facade (Options.FS), the engine alone, the engine on a copy
// read from the same fs.FS (the facade's floor), ini.v1 and viper.
func BenchmarkLoadTemplateBytes(b *testing.B) {
	src := template(b)
	for _, l := range loadTemplateBytesImpls {
		b.Run(l.name, func(b *testing.B) {
			get := l.prepare(src)
			if v, err := get(); err != nil || v == "" {
				b.Fatalf("%q, %v", v, err)
			}
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := get(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLookup measures one lookup on a loaded configuration: the
// facade's MainOption of a plain value and of an interpolated one
// (remembered after its first read), Koanf().String on the facade's koanf
// view, viper's GetString, ini.v1's Key().String().
func BenchmarkLookup(b *testing.B) {
	path := absPath(b, templatePath)
	cfg := alembiccfg.New(alembiccfg.Options{File: path})
	if err := cfg.Load(); err != nil {
		b.Fatal(err)
	}
	k, err := cfg.Koanf()
	if err != nil {
		b.Fatal(err)
	}
	v := newViper()
	v.SetConfigFile(path)
	if err := v.ReadInConfig(); err != nil {
		b.Fatal(err)
	}
	f, err := ini.LoadSources(iniv1Options(0), path)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := iniv1MainOption(f, filepath.Dir(path)); err != nil {
		b.Fatal(err)
	}
	main := func(name string) func() (string, error) {
		return func() (string, error) {
			v, _, err := cfg.MainOption(name)
			return v, err
		}
	}
	lookups := []struct {
		name string
		get  func() (string, error)
	}{
		{"alembiccfg", main("sqlalchemy.url")},
		{"alembiccfg-interpolated", main("script_location")},
		{"koanf", func() (string, error) { return k.String("alembic.sqlalchemy.url"), nil }},
		{"viper", func() (string, error) { return v.GetString("alembic.sqlalchemy.url"), nil }},
		{"iniv1", func() (string, error) { return f.Section("alembic").Key("sqlalchemy.url").String(), nil }},
	}
	for _, l := range lookups {
		b.Run(l.name, func(b *testing.B) {
			if s, err := l.get(); err != nil || s == "" {
				b.Fatalf("%q, %v", s, err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := l.get(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
