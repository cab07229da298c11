// Command twelvefactor shows twelve-factor configuration of an Alembic
// project: the bundled alembic.ini holds the development values, and the
// environment overrides them option by option, with no file to edit.
//
//   - ALEMBIC_<OPTION> sets an option of the main section [alembic]; names
//     match relaxed, so ALEMBIC_SQLALCHEMY_URL sets sqlalchemy.url.
//   - ALEMBIC_<SECTION>__<OPTION> (double underscore) sets an option of
//     another section: ALEMBIC_LOGGER_ROOT__LEVEL=DEBUG sets [logger_root]
//     level.
//   - DATABASE_URL is bound explicitly to sqlalchemy.url (EnvBinding): a
//     binding beats the prefix variable when both are set.
//   - Values are literal: a "%" in a password (p%40ss, URL-encoded "@") needs
//     no escaping; the ini view holds it doubled ("%%"), exactly what Alembic
//     users write by hand for set_main_option.
//
// For each value it prints where it came from (FileConfig().RawOptions:
// From, and the lower layers it Overrode), with passwords redacted.
//
//	go run ./examples/twelvefactor
//	ALEMBIC_SQLALCHEMY_URL='postgresql://app:p%40ss@db:5432/app?application_name=billing%20migrations' go run ./examples/twelvefactor
//	DATABASE_URL=postgresql://ci:ci@localhost/ci ALEMBIC_LOGGER_ROOT__LEVEL=DEBUG go run ./examples/twelvefactor
//	go run ./examples/twelvefactor -c path/to/alembic.ini
package main

import (
	_ "embed"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
	"github.com/koanf-alembic/koanf-alembic/redact"
)

//go:embed alembic.ini
var bundledIni []byte

func main() {
	if err := run(os.Args[1:], os.Environ, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "twelvefactor:", err)
		os.Exit(2)
	}
}

func run(args []string, environ func() []string, out io.Writer) error {
	fs := flag.NewFlagSet("twelvefactor", flag.ContinueOnError)
	ini := fs.String("c", "", "the alembic.ini to read (default: the bundled one)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	iniPath, err := configPath(*ini)
	if err != nil {
		return err
	}
	cfg := alembiccfg.New(alembiccfg.Options{
		File: iniPath,
		Env: &alembiccfg.EnvOptions{
			Prefix: "ALEMBIC_",
			Bindings: []alembiccfg.EnvBinding{
				// Section "" is the main section, [alembic].
				{Var: "DATABASE_URL", Option: "sqlalchemy.url"},
			},
			// Tests inject the environment; nil would read os.Environ.
			Environ: environ,
		},
	})
	// Load reads the file and the environment; a variable that matches
	// two options, or two variables that set one, is an error here.
	if err := cfg.Load(); err != nil {
		return err
	}
	fc, err := cfg.FileConfig()
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "ini: %s\nenv: ALEMBIC_* variables; DATABASE_URL bound to [%s] sqlalchemy.url\n",
		iniPath, cfg.ConfigIniSection())

	// Both set: the binding wins. The prefix variable it beat is not a
	// lower layer, so Overrode does not list it; say so here.
	if lookup(environ, "DATABASE_URL") != "" && lookup(environ, "ALEMBIC_SQLALCHEMY_URL") != "" {
		fmt.Fprintln(out, "note: DATABASE_URL and ALEMBIC_SQLALCHEMY_URL are both set; the binding wins")
	}

	for _, section := range []string{cfg.ConfigIniSection(), "logger_root"} {
		opts, err := fc.RawOptions(section)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "\n[%s]\n", section)
		for _, o := range opts {
			if o.Scope == alembiccfg.ScopeDefault {
				continue // `here` and other defaults, shown in every section
			}
			value, _, err := cfg.SectionOption(section, o.Name)
			if err != nil {
				return err
			}
			from := o.From.String()
			for _, prev := range o.Overrode {
				from += ", over " + prev.String()
			}
			shown := show(o, value)
			if shown == "" {
				shown = `""`
			}
			fmt.Fprintf(out, "  %-16s = %s\n  %-16s   from %s\n", o.Name, shown, "", from)
			if o.Raw != value {
				fmt.Fprintf(out, "  %-16s   raw  %s\n", "", show(o, o.Raw))
			}
		}
	}
	return nil
}

// lookup returns the value of the variable name in environ ("" when unset).
func lookup(environ func() []string, name string) string {
	for _, kv := range environ() {
		if k, v, ok := strings.Cut(kv, "="); ok && k == name {
			return v
		}
	}
	return ""
}

// show redacts a value for display: URL passwords and secret-named options
// by redact.Value, and a value that interpolates a secret option whole.
func show(o alembiccfg.RawOption, value string) string {
	if redact.Interpolating(o.Raw, redact.IsSecretName) {
		return redact.Mask
	}
	return redact.Value(o.Name, value)
}

// configPath returns the ini to read: the one named, else the bundled file
// (examples/twelvefactor/alembic.ini from the repository root, or
// ./alembic.ini), else a copy of the embedded file in a temporary directory.
func configPath(ini string) (string, error) {
	if ini != "" {
		_, err := os.Stat(ini)
		return ini, err
	}
	for _, p := range []string{filepath.Join("examples", "twelvefactor", "alembic.ini"), "alembic.ini"} {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	dir, err := os.MkdirTemp("", "twelvefactor-")
	if err != nil {
		return "", err
	}
	ini = filepath.Join(dir, "alembic.ini")
	return ini, os.WriteFile(ini, bundledIni, 0o644)
}
