package bench

import (
	"gopkg.in/ini.v1"

	"github.com/koanf-alembic/koanf-alembic/internal/configparser"
)

// The implementations under test. Each parse function must do the whole
// job of reading src into a queryable model and return an error for input
// its reader rejects.

// parseConfigparser is the Python dialect: the CPython-exact Document.
func parseConfigparser(src []byte) error {
	_, err := configparser.Parse("alembic.ini", src)
	return err
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

// mainOptionConfigparser is what Alembic's Config does for
// get_main_option("sqlalchemy.url"): a ConfigParser with the "here"
// default, the file read into it, one interpolated get.
func mainOptionConfigparser(src []byte, here string) (string, error) {
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

// mainOptionIniv1 reads the same value with ini.v1 the way a Go program
// would imitate Alembic: "here" added to the default section, then Key's
// String, which expands %(name)s through the section and the defaults
// (ini.v1's own rules: no %%, no errors).
func mainOptionIniv1(src []byte, bufSize int, here string) (string, error) {
	f, err := parseIniv1(src, bufSize)
	if err != nil {
		return "", err
	}
	if _, err := f.Section(ini.DefaultSection).NewKey("here", here); err != nil {
		return "", err
	}
	return f.Section("alembic").Key("sqlalchemy.url").String(), nil
}
