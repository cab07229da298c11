package main

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/koanf-alembic/koanf-alembic/parser/ini"

	"github.com/koanf-alembic/koanf-alembic/pyvalue"
)

// cmdSection is `section NAME [--json]`: get_section, each value
// interpolated (defaults first), except the logging formatter options,
// which are shown raw as logging.fileConfig reads them. Secrets are
// redacted unless --show-secrets.
func (a *app) cmdSection() int {
	v, err := a.load()
	if err != nil {
		return a.fail(err)
	}
	name := a.inv.args[0]
	s, ok := v.byName[name]
	if !ok {
		fmt.Fprintf(a.stderr, "%s: no section [%s]\n", progName, name)
		return exitAbsent
	}
	items, err := v.items(s)
	if err != nil {
		return a.fail(err)
	}
	var out bytes.Buffer
	if a.inv.json {
		d := pyvalue.NewDict()
		for _, e := range items {
			d.Set(e.name, v.show(s.name, e.name, e.value))
		}
		writeJSON(&out, d, "", "  ")
		out.WriteString("\n")
	} else {
		for _, e := range items {
			out.WriteString(ini.OptionText(e.name, v.show(s.name, e.name, e.value)))
		}
	}
	a.stdout.Write(out.Bytes())
	a.noteRaw(items, s.name)
	return exitOK
}

// noteRaw tells on stderr which values of a section were shown raw.
func (a *app) noteRaw(items []entry, section string) {
	var raw []string
	for _, e := range items {
		if e.rawShown {
			raw = append(raw, e.name)
		}
	}
	if len(raw) > 0 {
		fmt.Fprintf(a.stderr, "note: [%s] %s shown raw, as logging.fileConfig reads them (not interpolated)\n",
			section, strings.Join(raw, ", "))
	}
}
