package main

import (
	"errors"
	"fmt"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
)

// cmdGet is `get OPTION` (get_alembic_option: the ini's main section, then
// [tool.alembic]) and `get SECTION OPTION` (get_section_option). It prints
// the real value, unredacted: it is meant for scripts.
//
// It reads only what it prints: no view of every section is built, so a
// large file costs its parse alone.
func (a *app) cmdGet() int {
	cfg := a.config()
	fc, err := cfg.FileConfig()
	if err != nil {
		return a.fail(err)
	}
	a.fitMemory()
	main := cfg.ConfigIniSection()
	if len(a.inv.args) == 2 {
		section, name := a.inv.args[0], a.inv.args[1]
		value, ok, err := cfg.SectionOption(section, name)
		switch {
		case err != nil && errors.Is(err, alembicerr.ErrCommand) && !fc.HasSection(section):
			// Alembic's CommandError ("No config file 'alembic.ini' found, or
			// file has no '[foo]' section") blames the file; say which it is.
			fmt.Fprintf(a.stderr, "%s: %s\n", progName, a.noSection(section))
			return exitAbsent
		case err != nil:
			return a.fail(err)
		case !ok:
			fmt.Fprintf(a.stderr, "%s: no option %q in section [%s]\n", progName, name, section)
			return exitAbsent
		}
		fmt.Fprintln(a.stdout, value)
		return exitOK
	}
	name := a.inv.args[0]
	value, ok, err := cfg.AlembicOption(name)
	if err != nil {
		if !fc.HasOption(main, name) {
			err = a.tomlError(name, err)
		}
		return a.fail(err)
	}
	if !ok {
		fmt.Fprintf(a.stderr, "%s: no option %q in section [%s] or in [tool.alembic]\n", progName, name, main)
		return exitAbsent
	}
	fmt.Fprintln(a.stdout, scalarText(value))
	return exitOK
}

// tomlError places an error about a [tool.alembic] key in the TOML file.
func (a *app) tomlError(key string, err error) error {
	var e *alembicerr.Error
	if !errors.As(err, &e) || e.Source != "" {
		return err
	}
	c := *e
	c.Source = a.toml
	detail := c.Detail
	if detail == "" {
		detail = c.Message
	}
	c.Detail = fmt.Sprintf("[tool.alembic] %s: %s", key, detail)
	return &c
}

// noSection says that the ini view has no section name (get SECTION
// OPTION's absent case).
func (a *app) noSection(name string) string {
	switch {
	case name == configparserDefault:
		return "[DEFAULT] is not a section: its options are the defaults of every section (get SECTION OPTION reads them through any section)"
	case !a.iniFound:
		return fmt.Sprintf("no section [%s]: there is no ini file (%s not found)", name, a.ini)
	}
	return fmt.Sprintf("no section [%s] in %s", name, a.ini)
}
