// Command quickstart reads the bundled alembic.ini and pyproject.toml
// exactly as Alembic does, with environment overrides (ALEMBIC_*), and
// prints what Alembic's Config API answers and where each value came from.
//
//	go run ./examples/quickstart
//	ALEMBIC_SQLALCHEMY_URL=sqlite:///dev.db go run ./examples/quickstart
//	go run ./examples/quickstart -c path/to/alembic.ini -toml path/to/pyproject.toml
package main

import (
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
	"github.com/koanf-alembic/koanf-alembic/redact"
)

var (
	//go:embed alembic.ini
	bundledIni []byte
	//go:embed pyproject.toml
	bundledTOML []byte
)

func main() {
	if err := run(os.Args[1:], os.Environ, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(2)
	}
}

func run(args []string, environ func() []string, out io.Writer) error {
	fs := flag.NewFlagSet("quickstart", flag.ContinueOnError)
	ini := fs.String("c", "", "the alembic.ini to read (default: the bundled one)")
	toml := fs.String("toml", "", "the pyproject.toml to read (default: the one next to the ini)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	iniPath, tomlPath, err := configPaths(*ini, *toml)
	if err != nil {
		return err
	}
	cfg := alembiccfg.New(alembiccfg.Options{
		File:     iniPath,
		TOMLFile: tomlPath,
		Env:      &alembiccfg.EnvOptions{Prefix: "ALEMBIC_", Environ: environ},
		OnWarning: func(w alembiccfg.Warning) {
			fmt.Fprintf(out, "warning: %s: %s\n", w.Category, w.Message)
		},
	})
	if err := cfg.Load(); err != nil {
		return err
	}
	fmt.Fprintf(out, "ini:  %s (main section [%s])\ntoml: %s\n\n", iniPath, cfg.ConfigIniSection(), tomlPath)

	// The options Alembic itself reads, through get_alembic_option: the
	// ini (and the environment) first, then [tool.alembic].
	fc, err := cfg.FileConfig()
	if err != nil {
		return err
	}
	sources := map[string]alembiccfg.RawOption{}
	if opts, err := fc.RawOptions(cfg.ConfigIniSection()); err == nil {
		for _, o := range opts {
			sources[o.Name] = o
		}
	}
	for _, name := range []string{"script_location", "sqlalchemy.url", "prepend_sys_path",
		"version_locations", "path_separator", "truncate_slug_length", "file_template"} {
		v, ok, err := cfg.AlembicOption(name)
		if err != nil {
			return err
		}
		from := "not set"
		switch o, inIni := sources[name]; {
		case inIni:
			from = o.From.String()
			for _, prev := range o.Overrode {
				from += ", over " + prev.String()
			}
		case ok:
			from = "pyproject.toml [tool.alembic]"
		}
		shown := "-"
		if ok {
			shown = redact.Value(name, fmt.Sprint(v))
		}
		fmt.Fprintf(out, "%-20s = %-48s (%s)\n", name, shown, from)
	}
	hooks, err := cfg.Hooks()
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%-20s = %d (an ini [post_write_hooks] section hides pyproject.toml's)\n\n", "post-write hooks", len(hooks))

	for _, section := range fc.Sections() {
		items, _, err := cfg.Section(section)
		if errors.Is(err, alembicerr.ErrInterpolation) {
			// [formatter_generic] holds logging format strings that Python's
			// logging.fileConfig reads raw; Alembic cannot interpolate them.
			fmt.Fprintf(out, "[%s] read raw by logging.fileConfig (%v)\n", section, err)
			continue
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "[%s]\n", section)
		for _, it := range items {
			if it.Name != "here" {
				fmt.Fprintf(out, "  %s = %s\n", it.Name, redact.Value(it.Name, it.Value))
			}
		}
	}
	return nil
}

// configPaths returns the files to read: the ones named, else the bundled
// files next to this program's source when run from the repository, else
// copies of the bundled files in a temporary directory.
func configPaths(ini, toml string) (string, string, error) {
	if ini != "" {
		if _, err := os.Stat(ini); err != nil {
			return "", "", err
		}
		if toml == "" {
			toml = filepath.Join(filepath.Dir(ini), "pyproject.toml")
		}
		return ini, toml, nil
	}
	for _, dir := range []string{filepath.Join("examples", "quickstart"), "."} {
		p := filepath.Join(dir, "alembic.ini")
		if _, err := os.Stat(p); err == nil {
			return p, filepath.Join(dir, "pyproject.toml"), nil
		}
	}
	dir, err := os.MkdirTemp("", "quickstart-")
	if err != nil {
		return "", "", err
	}
	ini, toml = filepath.Join(dir, "alembic.ini"), filepath.Join(dir, "pyproject.toml")
	if err := os.WriteFile(ini, bundledIni, 0o644); err != nil {
		return "", "", err
	}
	return ini, toml, os.WriteFile(toml, bundledTOML, 0o644)
}
