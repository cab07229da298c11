package bench

import (
	"bytes"
	"testing/fstest"

	viperini "github.com/go-viper/encoding/ini"
	"github.com/spf13/viper"
	"gopkg.in/ini.v1"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
	"github.com/koanf-alembic/koanf-alembic/internal/configparser"
)

// The implementations under test. Each parse function must do the whole
// job of reading src into a queryable model, return that model (so that
// the heap it holds can be measured) and an error for input its reader
// rejects.

// here is the "here" default of the lookups: the directory of the ini
// file, as Alembic sets it.
const here = "/srv/app"

// parseEngine is the Python dialect: the CPython-exact Document.
func parseEngine(src []byte) (any, error) {
	return configparser.Parse("alembic.ini", src)
}

// each makes a function of the input alone into one prepared for an
// input: there is nothing to make beforehand.
func each[T any](f func(src []byte) (T, error)) func(src []byte) func() (T, error) {
	return func(src []byte) func() (T, error) { return func() (T, error) { return f(src) } }
}

// memFS holds src as alembic.ini, the way a program hands the facade
// bytes it already has (an embed.FS works the same way). It is made once
// per input, as an embed.FS is made at build time; each Config reads the
// file from it, which copies it (fs.File.Read fills the reader's buffer),
// as reading an embed.FS does.
func memFS(src []byte) fstest.MapFS {
	return fstest.MapFS{"alembic.ini": {Data: src}}
}

// parseFacade is a fresh alembiccfg.Config over src in memory, loaded:
// the engine's Document plus the facade's view (defaults, here).
func parseFacade(src []byte) func() (any, error) {
	fsys := memFS(src)
	return func() (any, error) {
		cfg := alembiccfg.New(alembiccfg.Options{FS: fsys, File: "alembic.ini", Dir: here})
		return cfg, cfg.Load()
	}
}

// iniv1Options are gopkg.in/ini.v1's options closest to CPython's
// configparser with Alembic's arguments: Python-style continuation lines,
// "=" and ":" delimiters, no inline comments, lower-cased option names but
// case-sensitive section names, no backslash continuation, quotes kept.
// ini.v1 still differs (DESIGN.md §3: 136 of 204 reading cases).
func iniv1Options(bufSize int) ini.LoadOptions {
	return ini.LoadOptions{
		AllowPythonMultilineValues: true,
		IgnoreInlineComment:        true,
		KeyValueDelimiters:         "=:",
		InsensitiveKeys:            true,
		IgnoreContinuation:         true,
		PreserveSurroundedQuote:    true,
		ReaderBufferSize:           bufSize,
	}
}

// parseIniv1 loads src with ini.v1. With bufSize 0 ini.v1 reads through its
// default 4 KB buffer, which cuts Python-style multi-line values that do
// not fit in it; a buffer larger than src reads them whole but re-peeks the
// whole rest of the buffer at every multi-line value (quadratic).
func parseIniv1(src []byte, bufSize int) (*ini.File, error) {
	return ini.LoadSources(iniv1Options(bufSize), src)
}

// viperCodecs is the codec registry viper ≥ 1.20 needs for INI: the
// go-viper/encoding/ini codec with ini.v1's options closest to CPython
// (its defaults fail on Python-style continuation lines). Built once, as a
// program would.
var viperCodecs = func() *viper.DefaultCodecRegistry {
	r := viper.NewCodecRegistry()
	if err := r.RegisterCodec("ini", viperini.Codec{LoadOptions: iniv1Options(0)}); err != nil {
		panic(err)
	}
	return r
}()

func newViper() *viper.Viper {
	return viper.NewWithOptions(viper.WithCodecRegistry(viperCodecs))
}

// parseViper reads src into a fresh viper instance (ReadConfig from a
// reader, config type ini). The codec interpolates every value through
// ini.v1's Key.String while it builds viper's nested maps.
func parseViper(src []byte) (any, error) {
	v := newViper()
	v.SetConfigType("ini")
	return v, v.ReadConfig(bytes.NewReader(src))
}

// mainOptionEngine is what Alembic's Config does for
// get_main_option("sqlalchemy.url") after the read, on the engine alone:
// a ConfigParser with the "here" default, the text read into it, one
// interpolated get.
func mainOptionEngine(src []byte) (string, error) {
	doc, err := configparser.Parse("alembic.ini", src)
	if err != nil {
		return "", err
	}
	p := configparser.NewParser()
	if err := p.ReadDefaults([]configparser.KeyValue{{Key: "here", Value: here}}); err != nil {
		return "", err
	}
	p.Read(doc, nil)
	v, _, err := p.Get("alembic", "sqlalchemy.url")
	return v, err
}

// mainOptionFacade is a fresh alembiccfg.Config over the bytes in memory
// (Options.FS) and one MainOption: the facade's in-memory path.
func mainOptionFacade(src []byte) func() (string, error) {
	fsys := memFS(src)
	return func() (string, error) {
		cfg := alembiccfg.New(alembiccfg.Options{FS: fsys, File: "alembic.ini", Dir: here})
		v, _, err := cfg.MainOption("sqlalchemy.url")
		return v, err
	}
}

// iniv1MainOption reads sqlalchemy.url with ini.v1 the way a Go program
// would imitate Alembic: "here" added to the default section, then Key's
// String, which expands %(name)s through the section and the defaults
// (ini.v1's own rules: no %%, no errors).
func iniv1MainOption(f *ini.File, dir string) (string, error) {
	if _, err := f.Section(ini.DefaultSection).NewKey("here", dir); err != nil {
		return "", err
	}
	return f.Section("alembic").Key("sqlalchemy.url").String(), nil
}

func mainOptionIniv1(src []byte) (string, error) {
	f, err := parseIniv1(src, 0)
	if err != nil {
		return "", err
	}
	return iniv1MainOption(f, here)
}

// mainOptionViper reads the bytes into a fresh viper and GetString's the
// value (viper has no "here": %(here)s stays as written).
func mainOptionViper(src []byte) (string, error) {
	v := newViper()
	v.SetConfigType("ini")
	if err := v.ReadConfig(bytes.NewReader(src)); err != nil {
		return "", err
	}
	return v.GetString("alembic.sqlalchemy.url"), nil
}
