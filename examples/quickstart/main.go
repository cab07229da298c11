// Command quickstart reads the bundled alembic.ini exactly as Alembic does
// and prints what Alembic's Config API answers for it.
//
//	go run ./examples/quickstart               # the bundled file
//	go run ./examples/quickstart -c alembic.ini
package main

import (
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
)

//go:embed alembic.ini
var bundled []byte

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(2)
	}
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("quickstart", flag.ContinueOnError)
	file := fs.String("c", "", "the alembic.ini to read (default: the bundled one)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	path, err := configPath(*file)
	if err != nil {
		return err
	}
	cfg := alembiccfg.New(alembiccfg.Options{
		File: path,
		OnWarning: func(w alembiccfg.Warning) {
			fmt.Fprintf(out, "warning: %s: %s\n", w.Category, w.Message)
		},
	})
	if err := cfg.Load(); err != nil {
		return err
	}
	fmt.Fprintf(out, "config file: %s (main section [%s])\n\n", cfg.ConfigFileName(), cfg.ConfigIniSection())

	for _, name := range []string{"script_location", "sqlalchemy.url", "path_separator", "file_template"} {
		v, ok, err := cfg.MainOption(name)
		switch {
		case err != nil:
			return err
		case ok:
			fmt.Fprintf(out, "%-16s = %s\n", name, v)
		default:
			fmt.Fprintf(out, "%-16s   (not set)\n", name)
		}
	}
	paths, _, err := cfg.PrependSysPaths()
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "prepend_sys_path = %q\n", paths)
	hooks, err := cfg.Hooks()
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "post-write hooks = %d\n\n", len(hooks))

	fc, err := cfg.FileConfig()
	if err != nil {
		return err
	}
	for _, section := range fc.Sections() {
		items, _, err := cfg.Section(section)
		if errors.Is(err, alembiccfg.ErrInterpolation) {
			// [formatter_generic] holds logging format strings that Python's
			// logging.fileConfig reads raw; Alembic cannot interpolate them.
			fmt.Fprintf(out, "[%s] (read raw by logging.fileConfig: %v)\n", section, err)
			continue
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "[%s]\n", section)
		for _, it := range items {
			if it.Name == "here" {
				continue
			}
			fmt.Fprintf(out, "  %s = %s\n", it.Name, it.Value)
		}
	}
	return nil
}

// configPath returns the file to read: the one named, else the bundled
// alembic.ini next to this program's source when run from the repository,
// else a copy of the bundled file in a temporary directory.
func configPath(named string) (string, error) {
	if named != "" {
		if _, err := os.Stat(named); err != nil {
			return "", err
		}
		return named, nil
	}
	for _, p := range []string{filepath.Join("examples", "quickstart", "alembic.ini"), "alembic.ini"} {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	dir, err := os.MkdirTemp("", "quickstart-")
	if err != nil {
		return "", err
	}
	p := filepath.Join(dir, "alembic.ini")
	return p, os.WriteFile(p, bundled, 0o644)
}
