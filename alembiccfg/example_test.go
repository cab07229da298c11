package alembiccfg_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"

	"github.com/koanf-alembic/koanf-alembic/pyvalue"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
)

// Read an option of the main section; %(name)s references are resolved
// against the section, [DEFAULT], config_args and here, as in Alembic.
func Example() {
	cfg := alembiccfg.New(alembiccfg.Options{
		File:       "testdata/example.ini",
		ConfigArgs: pyvalue.NewDict().Set("env", "prod"),
	})
	url, ok, err := cfg.MainOption("sqlalchemy.url")
	fmt.Println(url, ok, err)
	pct, _, _ := cfg.MainOption("progress")
	fmt.Println(pct)
	_, ok, err = cfg.MainOption("not_there")
	fmt.Println(ok, err)
	// Output:
	// postgresql://app@db.eu-west-1.example.com/prod true <nil>
	// 100%
	// false <nil>
}

// Values set programmatically are raw: a literal % must be doubled, and
// references resolve when read.
func ExampleConfig_SetMainOption() {
	cfg := alembiccfg.New(alembiccfg.Options{}) // no file: an empty [alembic]
	_ = cfg.SetMainOption("password", "p%%ss")
	_ = cfg.SetMainOption("url", "postgresql://u:%(password)s@h/db")
	url, _, _ := cfg.MainOption("url")
	fmt.Println(url)
	err := cfg.SetMainOption("bad", "100%")
	fmt.Println(errors.Is(err, alembicerr.ErrValue), err)
	// Output:
	// postgresql://u:p%ss@h/db
	// true invalid interpolation syntax in '100%' at position 3 (ValueError)
}

// A section as Alembic's get_section returns it: the defaults first, then
// the section's own options.
func ExampleConfig_Section() {
	cfg := alembiccfg.New(alembiccfg.Options{File: "testdata/example.ini"})
	items, _, _ := cfg.Section("post_write_hooks")
	for _, it := range items {
		if it.Name != "here" {
			fmt.Printf("%s = %s\n", it.Name, it.Value)
		}
	}
	_, _, err := cfg.SectionOption("formatter_generic", "format")
	fmt.Println(errors.Is(err, alembicerr.ErrInterpolationSyntax))
	// Output:
	// region = eu-west-1
	// hooks = black, ruff
	// black.type = console_scripts
	// black.entrypoint = black
	// ruff.type = exec
	// ruff.executable = ruff
	// true
}

// Path lists are split by path_separator; without it Alembic falls back to
// a legacy split and warns, which OnWarning reports.
func ExampleConfig_VersionLocations() {
	dir, _ := filepath.Abs("testdata")
	cfg := alembiccfg.New(alembiccfg.Options{File: "testdata/example.ini"})
	paths, _, _ := cfg.VersionLocations()
	for _, p := range paths {
		fmt.Println(strings.TrimPrefix(p, dir))
	}

	var warnings []alembiccfg.Warning
	legacy := alembiccfg.New(alembiccfg.Options{OnWarning: func(w alembiccfg.Warning) { warnings = append(warnings, w) }})
	_ = legacy.SetMainOption("version_locations", "a b,c")
	paths, _, _ = legacy.VersionLocations()
	fmt.Printf("%q %s\n", paths, warnings[0].Category)
	// Output:
	// /a
	// /b
	// ["a" "b" "c"] DeprecationWarning
}

// The hooks of [post_write_hooks], each with its options and _hook_name.
func ExampleConfig_Hooks() {
	cfg := alembiccfg.New(alembiccfg.Options{File: "testdata/example.ini"})
	hooks, _ := cfg.Hooks()
	for _, h := range hooks {
		name, _ := h.Get("_hook_name")
		typ, _ := h.Get("type")
		fmt.Println(name, typ)
	}
	// Output:
	// black console_scripts
	// ruff exec
}
