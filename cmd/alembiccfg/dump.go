package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/koanf-alembic/koanf-alembic/parser/ini"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"

	"github.com/koanf-alembic/koanf-alembic/pyvalue"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
	"github.com/koanf-alembic/koanf-alembic/redact"
)

// redactedHeader starts redacted ini and env output: a comment for
// configparser and for a POSIX shell alike.
const redactedHeader = "# REDACTED: secrets are shown as " + redact.Mask +
	"; this is not a usable configuration (use --show-secrets)\n"

// cmdDump is `dump [--format json|ini|env] [--toml]`: the merged, resolved
// configuration. Nothing is printed when a value fails to interpolate (the
// error is, with its place; `check` lists them all), except for the logging
// formatter options, which are shown raw, as logging.fileConfig reads them.
// ini and env output in which a value was redacted starts with
// redactedHeader and exits 1, so that it is never taken for a usable file;
// json is not a configuration file and exits 0.
func (a *app) cmdDump() int {
	v, err := a.load()
	if err != nil {
		return a.fail(err)
	}
	render := func(w *bufio.Writer, notes *[]string) error {
		switch a.inv.format {
		case "ini":
			return a.dumpINI(v, w, notes)
		case "env":
			return a.dumpEnv(v, w)
		}
		return a.dumpJSON(v, w, notes)
	}
	// The output is written as it is made, section by section, so that
	// memory stays that of the view; a first pass to nowhere finds any
	// error (nothing is written then) and whether anything is redacted
	// (the output then starts by saying so).
	v.masked = false // only what this output shows counts
	var raw []string // notes about values shown raw
	if err := render(bufio.NewWriter(io.Discard), &raw); err != nil {
		return a.fail(err)
	}
	redacted := v.masked && a.inv.format != "json"
	w := bufio.NewWriterSize(a.stdout, 64<<10)
	if redacted {
		w.WriteString(redactedHeader)
	}
	if err := render(w, new([]string)); err != nil {
		return a.fail(err) // the first pass read the same view: not reached
	}
	if err := w.Flush(); err != nil {
		return a.fail(&alembicerr.Error{Kind: alembicerr.OSError, Message: "writing the output: " + err.Error(), Err: err})
	}
	for _, note := range raw {
		fmt.Fprintln(a.stderr, note)
	}
	if redacted {
		fmt.Fprintf(a.stderr, "%s: secrets are shown as %s: this %s output is not a usable configuration (exit 1); --show-secrets prints them\n",
			progName, redact.Mask, a.inv.format)
		return exitAbsent
	}
	if v.masked {
		fmt.Fprintln(a.stderr, "note: secrets are shown as "+redact.Mask+"; --show-secrets prints them")
	}
	return exitOK
}

func rawNote(section string, names []string) string {
	return fmt.Sprintf("note: [%s] %s shown raw, as logging.fileConfig reads them (not interpolated)",
		section, strings.Join(names, ", "))
}

// dumpJSON writes {section: get_section(section)} in order and, with
// --toml, "tool.alembic": the [tool.alembic] values as Alembic's getters
// see them (%-formatted, types kept).
func (a *app) dumpJSON(v *view, out *bufio.Writer, notes *[]string) error {
	// One section at a time, as writeJSON would write the whole object.
	n := 0
	member := func(name string, d *alembiccfg.Dict) {
		if n == 0 {
			out.WriteString("{")
		} else {
			out.WriteString(",")
		}
		n++
		var b bytes.Buffer
		writeJSON(&b, d, "  ", "  ")
		out.WriteString("\n  " + jsonString(name) + ": ")
		out.Write(b.Bytes())
	}
	var buf []byte
	for _, s := range v.sections {
		items, err := v.items(s)
		if err != nil {
			return err
		}
		// The object writeJSON writes for the section's Dict, built
		// directly (options are unique within a section).
		if n == 0 {
			out.WriteString("{")
		} else {
			out.WriteString(",")
		}
		n++
		buf = append(appendJSONString(append(buf[:0], "\n  "...), s.name), ": "...)
		if len(items) == 0 {
			buf = append(buf, "{}"...)
		}
		var raw []string
		for i, e := range items {
			if i == 0 {
				buf = append(buf, '{')
			} else {
				buf = append(buf, ',')
			}
			buf = append(appendJSONString(append(buf, "\n    "...), e.name), ": "...)
			buf = appendJSONString(buf, v.show(s.name, e.name, e.value))
			if e.rawShown {
				raw = append(raw, e.name)
			}
		}
		if len(items) > 0 {
			buf = append(buf, "\n  }"...)
		}
		out.Write(buf)
		if len(raw) > 0 {
			*notes = append(*notes, rawNote(s.name, raw))
		}
	}
	if a.inv.toml {
		t, err := a.tomlValues()
		if err != nil {
			return err
		}
		if _, ok := v.byName["tool.alembic"]; ok {
			return &alembicerr.Error{Kind: "ValueError", Source: a.ini, Section: "tool.alembic",
				Message: "the ini section [tool.alembic] and pyproject.toml's [tool.alembic] would share one key; dump without --toml"}
		}
		shown := pyvalue.NewDict()
		for _, k := range t.Keys() {
			x, _ := t.Get(k)
			shown.Set(k, a.redactAny(k, x))
		}
		member("tool.alembic", shown)
	}
	if n == 0 {
		out.WriteString("{}\n")
		return nil
	}
	out.WriteString("\n}\n")
	return nil
}

// tomlValues returns every [tool.alembic] key with its value as
// _get_toml_config_value gives it.
func (a *app) tomlValues() (*alembiccfg.Dict, error) {
	cfg := a.config()
	table, err := cfg.TOMLAlembicConfig()
	if err != nil {
		return nil, err
	}
	out := pyvalue.NewDict()
	for _, k := range table.Keys() {
		x, _, err := cfg.TOMLValue(k)
		if err != nil {
			return nil, a.tomlError(k, err)
		}
		out.Set(k, x)
	}
	return out, nil
}

// redactAny redacts the strings of a TOML value shown under name: the
// whole string when name (or a table key inside) marks a secret, else its
// URL passwords.
func (a *app) redactAny(name string, x any) any {
	if a.inv.showSecrets {
		return x
	}
	switch x := x.(type) {
	case string:
		r := redact.Value(name, x)
		if r != x && a.view != nil {
			a.view.masked = true
		}
		return r
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = a.redactAny(name, e)
		}
		return out
	case *alembiccfg.Dict:
		out := pyvalue.NewDict()
		for _, k := range x.Keys() {
			e, _ := x.Get(k)
			out.Set(k, a.redactAny(name+"."+k, e))
		}
		return out
	}
	return x
}

// dumpINI writes the file's [DEFAULT] options (never `here` or
// config_args) and every section's own options, each value resolved and
// written by the library's INI writer so that CPython reads the same value
// back; the logging formatter options keep their raw text, which is what
// logging reads. A value the writer cannot represent is the error, naming
// the option; nothing is written then.
//
// configparser interpolates a default in the section that reads it, so
// one resolved text in [DEFAULT] may not be what every section read: a
// section whose value of a default differs from the dumped one gets it as
// an option of its own (its position in items() is the default's, so
// items() reads back the same values in the same order). [DEFAULT] holds
// the value configparser gives for DEFAULT itself or, when that fails (a
// reference only the sections can resolve), the first section's.
func (a *app) dumpINI(v *view, out *bufio.Writer, notes *[]string) error {
	// itemsOf resolves one section's items() at a time: what must read
	// back. Nothing is kept across sections, so memory stays that of the
	// view.
	itemsOf := func(s *sectionView) (map[string]entry, error) {
		items, err := v.items(s)
		if err != nil {
			return nil, err
		}
		m := make(map[string]entry, len(items))
		for _, e := range items {
			m[e.name] = e
		}
		return m, nil
	}
	var defaults []ini.Option
	var fileDefaults []string
	dumped := map[string]string{} // default -> the value [DEFAULT] holds
	for _, d := range v.defaults {
		if d.From.Layer != "file" {
			continue
		}
		val, _, err := v.fc.Get(configparserDefault, d.Name)
		if err != nil && errors.Is(err, alembicerr.ErrInterpolation) {
			// Only the sections can resolve it: the first one's value.
			for _, s := range v.sections {
				items, ierr := itemsOf(s)
				if ierr != nil {
					return ierr
				}
				if e, ok := items[d.Name]; ok && e.opt.Scope != alembiccfg.ScopeSection && !e.rawShown {
					val, err = e.value, nil
					break
				}
			}
		}
		if err != nil {
			return a.locate(err)
		}
		fileDefaults = append(fileDefaults, d.Name)
		dumped[d.Name] = val
		defaults = append(defaults, ini.Option{Name: d.Name, Value: v.show(configparserDefault, d.Name, val)})
	}
	// The writer writes and reads back one section at a time.
	first := true
	write := func(sec ini.Section) error {
		text, err := ini.WriteSections(a.ini, []ini.Section{sec})
		if err != nil {
			return err
		}
		if !first {
			out.WriteByte('\n')
		}
		first = false
		_, err = out.Write(text)
		return err
	}
	if len(defaults) > 0 {
		if err := write(ini.Section{Name: configparserDefault, Options: defaults}); err != nil {
			return err
		}
	}
	for _, s := range v.sections {
		items, err := itemsOf(s)
		if err != nil {
			return err
		}
		sec := ini.Section{Name: s.name}
		var raw []string
		add := func(e entry) {
			sec.Options = append(sec.Options, ini.Option{Name: e.name, Value: v.show(s.name, e.name, e.value), Raw: e.rawShown})
			if e.rawShown {
				raw = append(raw, e.name)
			}
		}
		for _, o := range v.own(s) {
			add(items[o.Name])
		}
		// The defaults this section reads differently from [DEFAULT]'s
		// dumped text: a logging formatter option reads the raw text
		// (the dumped value %-escaped), every other the value itself.
		for _, name := range fileDefaults {
			e, ok := items[name]
			if !ok || e.opt.Scope == alembiccfg.ScopeSection {
				continue
			}
			back := dumped[name]
			if e.rawShown {
				back = strings.ReplaceAll(back, "%", "%%")
			}
			if back != e.value {
				add(e)
			}
		}
		if len(raw) > 0 {
			*notes = append(*notes, rawNote(s.name, raw))
		}
		if err := write(sec); err != nil {
			return err
		}
	}
	return nil
}

// configparserDefault is the name of configparser's defaults section.
const configparserDefault = "DEFAULT"
