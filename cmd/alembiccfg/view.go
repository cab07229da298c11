package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
	"github.com/koanf-alembic/koanf-alembic/pyvalue"
	"github.com/koanf-alembic/koanf-alembic/redact"
)

// view is the loaded ini view: every section with its options' raw values
// and provenance, for the commands that show values.
type view struct {
	a        *app
	fc       *alembiccfg.FileConfig
	main     string
	defaults []alembiccfg.RawOption
	sections []*sectionView
	byName   map[string]*sectionView

	cache      sectionCache // the options of the section read last
	secretMemo map[[2]string]bool
	secretBusy map[[2]string]bool
	secretList []string // values to hide in free text; built on demand
	listed     bool
	masked     bool // show redacted a value
}

// sectionView is one section of the view. Its options are asked for when
// needed and only the last section's are kept (commands go through the
// sections in order), so that the view of a large file costs little more
// than the file.
type sectionView struct {
	name string
	v    *view
}

// sectionCache holds the options of the section read last.
type sectionCache struct {
	s     *sectionView
	opts  []alembiccfg.RawOption
	index map[string]int // option name -> index in opts, for large sections; built on first use
}

// indexFrom is the size from which a section is searched by an index.
const indexFrom = 32

// opts returns the section's options in get_section (items()) order,
// defaults first.
func (s *sectionView) opts() []alembiccfg.RawOption {
	c := &s.v.cache
	if c.s != s {
		items, _ := s.v.fc.RawItems(s.name) // the section exists: no error
		*c = sectionCache{s: s, opts: items}
	}
	return c.opts
}

func (s *sectionView) option(name string) (alembiccfg.RawOption, bool) {
	opts := s.opts()
	if len(opts) < indexFrom {
		for _, o := range opts {
			if o.Name == name {
				return o, true
			}
		}
		return alembiccfg.RawOption{}, false
	}
	c := &s.v.cache
	if c.index == nil {
		c.index = make(map[string]int, len(opts))
		for i, o := range opts {
			c.index[o.Name] = i
		}
	}
	i, ok := c.index[name]
	if !ok {
		return alembiccfg.RawOption{}, false
	}
	return opts[i], true
}

// own returns the section's own options, in order.
func (v *view) own(s *sectionView) []alembiccfg.RawOption {
	// Options order (the section's own options as they were set), asked
	// for section by section rather than kept beside the items.
	opts, _ := v.fc.RawOptions(s.name)
	var out []alembiccfg.RawOption
	for _, o := range opts {
		if o.Scope == alembiccfg.ScopeSection {
			out = append(out, o)
		}
	}
	return out
}

// load reads the ini view (with the environment layer) into a view.
func (a *app) load() (*view, error) {
	if a.view != nil {
		return a.view, nil
	}
	v, err := loadView(a, a.config())
	if err != nil {
		return nil, err
	}
	a.view = v
	return v, nil
}

func loadView(a *app, cfg *alembiccfg.Config) (*view, error) {
	fc, err := cfg.FileConfig()
	if err != nil {
		return nil, err
	}
	a.fitMemory()
	v := &view{a: a, fc: fc, main: cfg.ConfigIniSection(), defaults: fc.Defaults(),
		byName: map[string]*sectionView{}, secretMemo: map[[2]string]bool{}, secretBusy: map[[2]string]bool{}}
	for _, name := range fc.Sections() {
		s := &sectionView{name: name, v: v}
		v.sections = append(v.sections, s)
		v.byName[name] = s
	}
	return v, nil
}

// entry is one option of a section as the commands show it.
type entry struct {
	name     string
	value    string // interpolated; the raw value when rawShown or err != nil
	rawShown bool   // a logging formatter option, shown raw
	err      error  // the interpolation failed
	opt      alembiccfg.RawOption
}

// entry resolves an option of a section.
func (v *view) entry(s *sectionView, name string) entry {
	o, _ := s.option(name)
	e := entry{name: name, opt: o}
	if alembiccfg.LoggingRaw(s.name, name) {
		e.value, e.rawShown = o.Raw, true
		return e
	}
	val, _, err := v.fc.Get(s.name, name)
	if err != nil {
		e.value, e.err = o.Raw, v.a.locate(err)
		return e
	}
	e.value = val
	return e
}

// items returns a section's options in get_section order, logging
// formatter options raw; the first interpolation error is returned.
func (v *view) items(s *sectionView) ([]entry, error) {
	opts := s.opts()
	out := make([]entry, 0, len(opts))
	for _, o := range opts {
		name := o.Name
		e := v.entry(s, name)
		if e.err != nil {
			return nil, v.entryError(e)
		}
		out = append(out, e)
	}
	return out, nil
}

// ownItems returns a section's own options in order, logging formatter
// options raw; the first interpolation error is returned.
func (v *view) ownItems(s *sectionView) ([]entry, error) {
	var out []entry
	for _, o := range v.own(s) {
		e := v.entry(s, o.Name)
		if e.err != nil {
			return nil, e.err
		}
		out = append(out, e)
	}
	return out, nil
}

// secret reports whether the value of an option of a section is hidden as a
// whole: its name marks it secret, or its raw value interpolates a secret
// option of the same section (followed through references).
func (v *view) secret(section, name string) bool {
	key := [2]string{section, name}
	if r, ok := v.secretMemo[key]; ok {
		return r
	}
	if redact.IsSecretName(section + "." + name) {
		v.secretMemo[key] = true
		return true
	}
	if v.secretBusy[key] {
		return false // a reference cycle: interpolation fails anyway
	}
	raw, ok := v.rawOf(section, name)
	if !ok || strings.IndexByte(raw, '%') < 0 {
		return false // references nothing: nothing to remember
	}
	v.secretBusy[key] = true
	r := redact.Interpolating(raw, func(ref string) bool { return v.secret(section, ref) })
	delete(v.secretBusy, key)
	v.secretMemo[key] = r
	return r
}

// rawOf returns the raw value of an option of a section (own or default).
func (v *view) rawOf(section, name string) (string, bool) {
	if s, ok := v.byName[section]; ok {
		if o, ok := s.option(name); ok {
			return o.Raw, true
		}
		return "", false
	}
	for _, d := range v.defaults {
		if d.Name == name {
			return d.Raw, true
		}
	}
	return "", false
}

// show returns value redacted for display as the value of an option.
func (v *view) show(section, name, value string) string {
	if v.a.inv.showSecrets || value == "" {
		return value
	}
	shown := redact.Mask
	if !v.secret(section, name) {
		shown = redact.Inline(value)
	}
	if shown != value {
		v.masked = true
	}
	return shown
}

// showRaw returns a raw value redacted for display: a reference to a
// secret option shows no secret, so only the option's own name and the URL
// passwords count (a reference in a URL's password place is masked too).
func (v *view) showRaw(section, name, raw string) string {
	if v.a.inv.showSecrets || raw == "" {
		return raw
	}
	return redact.Value(section+"."+name, raw)
}

// secrets returns the values free text must not show: the raw and
// interpolated values of every secret option.
func (v *view) secrets() []string {
	if v.listed {
		return v.secretList
	}
	v.listed = true
	for _, s := range v.sections {
		for _, o := range s.opts() {
			if !v.secret(s.name, o.Name) {
				continue
			}
			v.secretList = append(v.secretList, o.Raw)
			if val, _, err := v.fc.Get(s.name, o.Name); err == nil {
				v.secretList = append(v.secretList, val)
			}
		}
	}
	return v.secretList
}

// redactText hides secrets in free text: the values of secret options (when
// the view is loaded) and every URL password.
func redactText(s string, v *view) string {
	var secrets []string
	if v != nil {
		secrets = v.secrets()
	}
	return redact.Text(s, secrets)
}

// locate adds to a library error that names a section and option but no
// place the place that option's value came from (file:line, variable,
// --arg, here).
func (a *app) locate(err error) error {
	var e *alembicerr.Error
	if !errors.As(err, &e) || e.Source != "" || e.Option == "" || a.view == nil {
		return err
	}
	v := a.view
	var o alembiccfg.RawOption
	found := false
	if s, ok := v.byName[e.Section]; ok {
		o, found = s.option(e.Option)
	} else {
		for _, d := range v.defaults {
			if d.Name == e.Option {
				o, found = d, true
			}
		}
	}
	if !found {
		return err
	}
	c := *e
	c.Source, c.Line = sourceName(o), o.From.Line
	return &c
}

// sourceName is where a value came from, as a location: the file name, the
// variable's name, "--arg NAME" or "here".
func sourceName(o alembiccfg.RawOption) string {
	switch o.From.Layer {
	case "defaults", "config_args", "here":
		if o.Name == "here" {
			return "here"
		}
		return "--arg " + o.Name
	}
	if o.From.Name != "" {
		return o.From.Name
	}
	return o.From.Layer
}

// describeSource renders a value's source for explain: "file alembic.ini:3",
// "env ALEMBIC_SQLALCHEMY_URL", "config_args --arg base", "here".
func describeSource(name string, s alembiccfg.Source) string {
	switch s.Layer {
	case "defaults", "config_args", "here":
		// The library labels both config_args and `here` "defaults <dict>".
		if name == "here" {
			return "here (the directory of the ini file)"
		}
		return "config_args (--arg " + name + ")"
	case "file":
		if s.Line > 0 {
			return "file " + s.Name + ":" + itoa(s.Line)
		}
		return "file " + s.Name
	}
	return s.String()
}

// failingSections lists, in order, the sections in which a default option
// (one that a section does not shadow) fails to interpolate, with the first
// section's error: the same default reached from every section is one cause.
func (v *view) failingSections(name string) (sections []string, first error) {
	for _, s := range v.sections {
		o, ok := s.option(name)
		if !ok || o.Scope == alembiccfg.ScopeSection || alembiccfg.LoggingRaw(s.name, name) {
			continue
		}
		if e := v.entry(s, name); e.err != nil {
			if first == nil {
				first = e.err
			}
			sections = append(sections, s.name)
		}
	}
	return sections, first
}

// spreadError is the error of a default option that fails in the sections
// failing (the first one's error, err): one error, saying where else it
// fails — "the same in every section" or "also in sections 'b', 'c'".
func (v *view) spreadError(err error, failing []string) error {
	if len(failing) < 2 {
		return err
	}
	var e *alembicerr.Error
	if !errors.As(err, &e) {
		return err
	}
	note := "the same in every section"
	if len(failing) < len(v.sections) {
		const show = 5
		others := failing[1:]
		quoted := make([]string, 0, show)
		for i, s := range others {
			if i == show {
				quoted = append(quoted, fmt.Sprintf("and %d more", len(others)-show))
				break
			}
			quoted = append(quoted, pyvalue.ReprString(s))
		}
		word := "section"
		if len(others) > 1 {
			word = "sections"
		}
		note = "also in " + word + " " + strings.Join(quoted, ", ")
	}
	c := *e
	detail := c.Detail
	if detail == "" {
		detail = c.Message
	}
	c.Detail = detail + "; " + note
	return &c
}

// entryError is an entry's interpolation error; for a default it says in
// which other sections the same default fails.
func (v *view) entryError(e entry) error {
	if e.opt.Scope == alembiccfg.ScopeSection {
		return e.err
	}
	failing, _ := v.failingSections(e.name)
	return v.spreadError(e.err, failing)
}
