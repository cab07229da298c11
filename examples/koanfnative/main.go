// Command koanfnative reads the bundled alembic.ini with plain koanf, in the
// two ways the module offers, and unmarshals it into a struct with `koanf`
// tags:
//
//   - the provider: k.Load(alembic.Provider(alembic.Opt{File: ...}), nil)
//     reads alembic.ini (and, with Opt.TOMLFile, pyproject.toml's
//     [tool.alembic] under "tool.alembic") exactly as Alembic does, `here`
//     included;
//   - the parser: k.Load(file.Provider(path), ini.Parser(ini.Opt{...})) reads
//     INI bytes as Python's configparser does. It sees bytes, not a file, so
//     Alembic's `here` (and any config_args) are given as Opt.Defaults.
//
// Both give section → option → value, every value interpolated; a value that
// cannot be interpolated (the logging format in [formatter_generic]) stays
// raw and is reported to OnInterpolationError.
//
// Option names with dots need no special handling when reading: a struct
// field tagged `koanf:"sqlalchemy.url"` inside the struct tagged
// `koanf:"alembic"` receives [alembic] sqlalchemy.url, because k.Unmarshal
// decodes the nested map, where "sqlalchemy.url" is one key (neither
// k.Cut nor another delimiter is needed). Do not nest a `koanf:"sqlalchemy"`
// struct with a `koanf:"url"` field: there is no such level. And never
// k.Set a dotted path: koanf splits it (see the package documentation).
//
//	go run ./examples/koanfnative
//	go run ./examples/koanfnative -c path/to/alembic.ini
package main

import (
	_ "embed"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/koanf-alembic/koanf-alembic/pyvalue"

	"github.com/knadh/koanf/providers/file"
	"github.com/knadh/koanf/v2"

	"github.com/koanf-alembic/koanf-alembic/parser/ini"
	"github.com/koanf-alembic/koanf-alembic/provider/alembic"
	"github.com/koanf-alembic/koanf-alembic/redact"
)

//go:embed alembic.ini
var bundledIni []byte

// Config is the part of alembic.ini this program uses. Sections are
// top-level keys, options sit under them; every value in the tree is a
// string, converted by koanf's Unmarshal.
//
// That conversion is weak (mapstructure's WeaklyTypedInput, strconv rules):
// "40" becomes 40, and "True", "1" or "t" become true (an unparsable text
// such as "yes" is an error). Alembic's own boolean getter is stricter: for
// get_alembic_boolean_option only the exact text "true" is true, so
// `sourceless = True` is false to Alembic but true here. Where Alembic's
// exact answer matters, use alembiccfg's AlembicBoolOption.
type Config struct {
	Alembic struct {
		Here               string `koanf:"here"` // a default, in every section
		ScriptLocation     string `koanf:"script_location"`
		PrependSysPath     string `koanf:"prepend_sys_path"`
		TruncateSlugLength int    `koanf:"truncate_slug_length"`
		Sourceless         bool   `koanf:"sourceless"`
		URL                string `koanf:"sqlalchemy.url"` // one key, dots and all
	} `koanf:"alembic"`
	LoggerRoot struct {
		Level    string `koanf:"level"`
		Handlers string `koanf:"handlers"`
	} `koanf:"logger_root"`
	Formatter struct {
		Format string `koanf:"format"` // raw: it cannot be interpolated
	} `koanf:"formatter_generic"`
}

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "koanfnative:", err)
		os.Exit(2)
	}
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("koanfnative", flag.ContinueOnError)
	iniFlag := fs.String("c", "", "the alembic.ini to read (default: the bundled one)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	iniPath, err := configPath(*iniFlag)
	if err != nil {
		return err
	}
	// Values that stay raw because they cannot be interpolated. The message
	// quotes the raw value: hide URL passwords in it.
	report := func(section, option string, err error) {
		fmt.Fprintf(out, "  kept raw: [%s] %s (%s)\n", section, option, redact.Inline(err.Error()))
	}

	// 1. The provider: Alembic's reading of the file, `here` included.
	fmt.Fprintf(out, "provider: k.Load(alembic.Provider(alembic.Opt{File: %q}), nil)\n", iniPath)
	k := koanf.New(".")
	if err := k.Load(alembic.Provider(alembic.Opt{File: iniPath, OnInterpolationError: report}), nil); err != nil {
		return err
	}
	// A dotted option reads through koanf's "." delimiter.
	fmt.Fprintf(out, "  k.String(%q) = %s\n", "alembic.sqlalchemy.url",
		redact.Inline(k.String("alembic.sqlalchemy.url")))
	var c Config
	if err := k.Unmarshal("", &c); err != nil {
		return err
	}
	printConfig(out, &c)

	// 2. The parser: the same file through koanf's file provider. The
	// parser sees only bytes, so `here` is a default given here, computed
	// as Alembic computes it: the absolute directory of alembic.ini, with
	// "/" separators (Alembic does not clean ".." out of it, filepath.Abs
	// does; the provider computes it exactly).
	abs, err := filepath.Abs(iniPath)
	if err != nil {
		return err
	}
	here := filepath.ToSlash(filepath.Dir(abs))
	fmt.Fprintf(out, "\nparser: k.Load(file.Provider(%q), ini.Parser(ini.Opt{Defaults: here=%s}))\n", iniPath, here)
	k2 := koanf.New(".")
	parser := ini.Parser(ini.Opt{
		Defaults:             pyvalue.NewDict().Set("here", here),
		Name:                 iniPath, // what errors cite; "" means "<string>"
		OnInterpolationError: report,
	})
	if err := k2.Load(file.Provider(iniPath), parser); err != nil {
		return err
	}
	var c2 Config
	if err := k2.Unmarshal("", &c2); err != nil {
		return err
	}
	printConfig(out, &c2)
	if c2 == c {
		fmt.Fprintln(out, "  (the same Config as the provider's)")
	} else {
		// filepath.Abs cleans "a/../b", which Alembic's `here` keeps.
		fmt.Fprintln(out, "  (differs from the provider's: `here` is computed differently)")
	}

	// A section alone: Unmarshal at a path, with the same tags.
	var logging struct {
		Keys string `koanf:"keys"`
	}
	if err := k2.Unmarshal("loggers", &logging); err != nil {
		return err
	}
	fmt.Fprintf(out, "  k.Unmarshal(%q, &logging): keys = %s\n", "loggers", logging.Keys)
	return nil
}

func printConfig(out io.Writer, c *Config) {
	fmt.Fprintf(out, "  k.Unmarshal(\"\", &cfg):\n")
	for _, f := range []struct {
		key string
		val any
	}{
		{"alembic.here", c.Alembic.Here},
		{"alembic.script_location", c.Alembic.ScriptLocation},
		{"alembic.prepend_sys_path", c.Alembic.PrependSysPath},
		{"alembic.truncate_slug_length", c.Alembic.TruncateSlugLength},
		{"alembic.sourceless", c.Alembic.Sourceless},
		{"alembic.sqlalchemy.url", redact.Value("sqlalchemy.url", c.Alembic.URL)},
		{"logger_root.level", c.LoggerRoot.Level},
		{"logger_root.handlers", c.LoggerRoot.Handlers},
		{"formatter_generic.format", c.Formatter.Format},
	} {
		fmt.Fprintf(out, "    %-30s %-7T %v\n", f.key, f.val, f.val)
	}
}

// configPath returns the ini to read: the one named, else the bundled file
// (examples/koanfnative/alembic.ini from the repository root, or
// ./alembic.ini), else a copy of the embedded file in a temporary directory.
func configPath(name string) (string, error) {
	if name != "" {
		_, err := os.Stat(name)
		return name, err
	}
	for _, p := range []string{filepath.Join("examples", "koanfnative", "alembic.ini"), "alembic.ini"} {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	dir, err := os.MkdirTemp("", "koanfnative-")
	if err != nil {
		return "", err
	}
	name = filepath.Join(dir, "alembic.ini")
	return name, os.WriteFile(name, bundledIni, 0o644)
}
