package main

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
	"github.com/koanf-alembic/koanf-alembic/pyvalue"
)

// problem is one finding of check.
type problem struct {
	loc   string // "file:line", a variable's name, "--arg x", or ""
	level string // "error" or "warning"
	msg   string
}

// checker collects the problems of one check run, each once.
type checker struct {
	a    *app
	v    *view
	list []problem
	seen map[problem]bool
}

func (c *checker) add(p problem) {
	if !c.seen[p] {
		c.seen[p] = true
		c.list = append(c.list, p)
	}
}

// addErr adds an error, its place taken from the error.
func (c *checker) addErr(err error) {
	loc, msg := splitErr(err)
	c.add(problem{loc: loc, level: "error", msg: msg})
}

// warn adds a warning about an option of the main section, placed where
// its value came from.
func (c *checker) warnAt(section, option, msg string) {
	c.add(problem{loc: c.locOf(section, option), level: "warning", msg: msg})
}

// locOf is the place an option's value came from ("" when unknown).
func (c *checker) locOf(section, option string) string {
	o, ok := c.option(section, option)
	if !ok {
		return ""
	}
	loc := sourceName(o)
	if o.From.Line > 0 {
		loc += ":" + itoa(o.From.Line)
	}
	return loc
}

func (c *checker) option(section, option string) (alembiccfg.RawOption, bool) {
	if s, ok := c.v.byName[section]; ok {
		return s.option(option)
	}
	return alembiccfg.RawOption{}, false
}

// fromEnv reports whether an option of a section was set by a variable.
func (c *checker) fromEnv(section, option string) (string, bool) {
	o, ok := c.option(section, option)
	if ok && o.From.Layer == "env" {
		return o.From.Name, true
	}
	return "", false
}

// splitErr splits an error into its place and its text ("detail (Kind)").
func splitErr(err error) (loc, msg string) {
	var e *alembicerr.Error
	if !errors.As(err, &e) {
		return "", err.Error()
	}
	if e.Source != "" {
		loc = e.Source
		if e.Line > 0 {
			loc += ":" + itoa(e.Line)
		}
	}
	detail := e.Detail
	if detail == "" {
		detail = e.Message
	}
	return loc, detail + " (" + string(e.Kind) + ")"
}

// cmdCheck is `check`: read and interpolate everything, report every
// problem with its place, exit 0 only when there is none (warnings count).
// A file that cannot be read or parsed is exit code 2, reported on stderr.
func (a *app) cmdCheck() int {
	cfg := a.config()
	_, tomlErr := cfg.TOMLAlembicConfig()
	v, iniErr := a.load()
	if iniErr != nil || tomlErr != nil {
		for _, err := range []error{iniErr, tomlErr} {
			if err != nil {
				a.printErr(err)
			}
		}
		return exitError
	}
	c := &checker{a: a, v: v, seen: map[problem]bool{}}
	c.interpolateAll()
	c.alembicOptions()
	c.pathLists()
	c.hooks()
	c.toml()

	out := a.stdout
	for _, p := range c.list {
		line := p.level + ": " + p.msg
		if p.loc != "" {
			line = p.loc + ": " + line
		}
		if !a.inv.showSecrets {
			line = redactText(line, v)
		}
		fmt.Fprintln(out, line)
	}
	files := a.ini
	if !a.iniFound {
		files = a.toml
	} else if a.tomlFound {
		files += " and " + a.toml
	}
	if len(c.list) == 0 {
		fmt.Fprintf(out, "ok: %s: no problems found\n", files)
		return exitOK
	}
	plural := "s"
	if len(c.list) == 1 {
		plural = ""
	}
	fmt.Fprintf(out, "%s: %d problem%s found\n", files, len(c.list), plural)
	return exitAbsent
}

var parseErrLine = regexp.MustCompile(`\n\t\[line +(\d+)\]: (.*)`)

// expandParseErrors lists a load error, one line per problem: a
// ParsingError names every bad line (CPython collects them all).
func (a *app) expandParseErrors(err error) []string {
	var e *alembicerr.Error
	if errors.As(err, &e) && errors.Is(err, alembicerr.ErrParsing) && !errors.Is(err, alembicerr.ErrMissingSectionHeader) {
		if a.inv.showSecrets {
			e = e.Unredacted()
		}
		matches := parseErrLine.FindAllStringSubmatch(e.Message, -1)
		if len(matches) > 0 {
			out := make([]string, 0, len(matches))
			for _, m := range matches {
				line := fmt.Sprintf("%s:%s: neither a section header, an option nor a comment: %s (%s)", e.Source, m[1], m[2], e.Kind)
				if !a.inv.showSecrets {
					line = redactText(line, nil)
				}
				out = append(out, line)
			}
			return out
		}
	}
	return []string{a.errText(err)}
}

// interpolateAll reads every option of every section as get_section does,
// except the logging formatter options logging.fileConfig reads raw. A
// default (from [DEFAULT], --arg) that fails in several sections is one
// problem, reported at its first section and saying where else it fails.
func (c *checker) interpolateAll() {
	defaultDone := map[string]bool{}
	for _, s := range c.v.sections {
		for _, o := range s.opts() {
			name := o.Name
			if alembiccfg.LoggingRaw(s.name, name) {
				continue
			}
			e := c.v.entry(s, name)
			if e.err == nil {
				continue
			}
			if e.opt.Scope != alembiccfg.ScopeSection {
				if defaultDone[name] {
					continue
				}
				defaultDone[name] = true
			}
			c.addErr(c.v.entryError(e))
		}
	}
}

// optErr places an error of get_alembic_option: in the ini, where the
// main section's value came from, when the main section has the option,
// else in pyproject.toml.
func (c *checker) optErr(name string, err error) error {
	if !c.v.fc.HasOption(c.v.main, name) {
		return c.a.tomlError(name, err)
	}
	err = c.a.locate(err)
	var e *alembicerr.Error
	if errors.As(err, &e) && e.Source == "" {
		cp := *e
		cp.Source = c.locOf(c.v.main, name) // "file:line" as one place
		return &cp
	}
	return err
}

// alembicOptions reads the options Alembic's commands read, with the
// getters they use, and warns about values that read differently from
// what they seem to say.
func (c *checker) alembicOptions() {
	cfg := c.a.config()
	main := c.v.main
	for _, name := range []string{"script_location", "file_template", "timezone", "output_encoding", "truncate_slug_length", "revision_environment"} {
		val, ok, err := cfg.AlembicOption(name)
		if err != nil {
			c.addErr(c.optErr(name, err))
			continue
		}
		switch {
		case !ok && name == "script_location":
			c.add(problem{level: "error", msg: fmt.Sprintf(
				"no script_location in [%s] or [tool.alembic]: every Alembic command fails with \"No 'script_location' key found in configuration.\" (CommandError)", main)})
		case !ok:
		case name == "truncate_slug_length":
			if msg := pyIntError(val); msg != "" {
				c.addErr(c.optErr(name, &alembicerr.Error{Kind: "ValueError", Message: msg}))
			}
		case name == "revision_environment":
			if _, err := alembiccfg.AsBool(val); err != nil {
				c.addErr(c.optErr(name, err))
			}
		}
	}
	for _, name := range []string{"sourceless", "recursive_version_locations"} {
		if _, err := cfg.AlembicBoolOption(name); err != nil {
			c.addErr(c.optErr(name, err))
			continue
		}
		if !c.v.fc.HasOption(main, name) {
			continue
		}
		val, _, err := c.v.fc.Get(main, name)
		if err != nil || val == "true" || val == "false" {
			continue
		}
		msg := fmt.Sprintf("%s = %s reads as false: Alembic's ini side is true only for the exact text 'true'", name, pyvalue.ReprString(val))
		if v, ok := c.fromEnv(main, name); ok {
			msg = fmt.Sprintf("%s=%s reads as false: the environment sets the ini's %s, which is true only for the exact text 'true'", v, val, name)
		}
		c.warnAt(main, name, msg)
	}
}

// pyIntError is the error of Python's int() on a value of
// truncate_slug_length, "" when it converts.
func pyIntError(v any) string {
	switch v := v.(type) {
	case string:
		if pyIntOK(v) {
			return ""
		}
		return "invalid literal for int() with base 10: " + pyvalue.ReprString(v)
	case bool, int, int64:
		return ""
	}
	return fmt.Sprintf("int() argument must be a string, a bytes-like object or a real number, not '%s'", pyvalue.TypeName(v))
}

// pyIntOK reports whether Python's int() accepts s: surrounding whitespace,
// a sign, decimal digits with single underscores between them.
func pyIntOK(s string) bool {
	s = pyvalue.Strip(s)
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	if s == "" {
		return false
	}
	prevDigit := false
	for _, r := range s {
		switch {
		case unicode.IsDigit(r):
			prevDigit = true
		case r == '_' && prevDigit:
			prevDigit = false
		default:
			return false
		}
	}
	return prevDigit
}

var separatorValues = map[string]bool{"space": true, "newline": true, "os": true, ":": true, ";": true}

// pathLists reads version_locations and prepend_sys_path as Alembic does
// and reports the DeprecationWarnings it emits and invalid separators.
func (c *checker) pathLists() {
	cfg := c.a.config()
	main := c.v.main
	c.a.warnings = nil
	if _, _, err := cfg.VersionLocationsValue(); err != nil {
		c.addErr(c.separatorErr(err))
	}
	if _, _, err := cfg.PrependSysPathsValue(); err != nil {
		c.addErr(c.separatorErr(err))
	}
	for _, w := range c.a.warnings {
		option := "version_locations"
		switch {
		case strings.Contains(w.Message, "version_path_separator configuration parameter"):
			option = "version_path_separator"
		case strings.Contains(w.Message, "prepend_sys_path"):
			option = "prepend_sys_path"
		}
		msg := w.Category + ": " + w.Message
		if v, ok := c.fromEnv(main, option); ok && option != "version_path_separator" {
			msg = fmt.Sprintf("%s without path_separator in the ini: Alembic splits it the legacy way and warns: %s", v, msg)
		}
		c.warnAt(main, option, msg)
	}
	c.a.warnings = nil
	// A separator Alembic would refuse as soon as a list is read.
	for _, name := range []string{"path_separator", "version_path_separator"} {
		if !c.v.fc.HasOption(main, name) {
			continue
		}
		val, _, err := c.v.fc.Get(main, name)
		if err == nil && !separatorValues[val] {
			c.addErr(&alembicerr.Error{Kind: "ValueError", Source: c.locOf(main, name), Message: fmt.Sprintf(
				"'%s' is not a valid value for %s; expected 'space', 'newline', 'os', ':', ';'", val, name)})
		}
		if name == "path_separator" {
			break // version_path_separator is not read when path_separator is set
		}
	}
}

// separatorErr places the ValueError of an invalid separator.
func (c *checker) separatorErr(err error) error {
	var e *alembicerr.Error
	if !errors.As(err, &e) || e.Source != "" {
		return err
	}
	for _, name := range []string{"version_path_separator", "path_separator"} {
		if strings.HasSuffix(strings.SplitN(e.Message, ";", 2)[0], "valid value for "+name) {
			cp := *e
			cp.Source = c.locOf(c.v.main, name)
			return &cp
		}
	}
	return c.a.locate(err)
}

// hooks reads the post-write hooks as get_hooks_list does, checks that each
// has a type, and warns when an ini section hides pyproject.toml's hooks.
func (c *checker) hooks() {
	cfg := c.a.config()
	list, err := cfg.Hooks()
	if err != nil {
		if c.v.fc.HasSection("post_write_hooks") {
			c.addErr(c.a.locate(err))
		} else {
			c.addErr(c.a.tomlError("post_write_hooks", err))
		}
		return
	}
	where := c.a.toml
	if c.v.fc.HasSection("post_write_hooks") {
		where = c.locOf("post_write_hooks", "hooks")
		if where == "" {
			where = c.a.ini
		}
	}
	for _, h := range list {
		if !h.Has("type") {
			name, _ := h.Get("_hook_name")
			c.add(problem{loc: where, level: "error", msg: fmt.Sprintf(
				"Key '%s.type' (or 'type' in toml) is required for post write hook '%s' (CommandError, when a revision is written)", name, name)})
		}
	}
	if !c.v.fc.HasSection("post_write_hooks") {
		return
	}
	table, err := cfg.TOMLAlembicConfig()
	if err != nil || !table.Has("post_write_hooks") {
		return
	}
	base, err := c.a.newConfig(false, nil).FileConfig()
	if err != nil {
		return
	}
	if base.HasSection("post_write_hooks") {
		c.add(problem{loc: c.a.ini, level: "warning", msg: fmt.Sprintf(
			"the [post_write_hooks] section (even an empty one) hides the post_write_hooks of %s: Alembic reads hooks from pyproject.toml only when the ini has no such section", c.a.toml)})
		return
	}
	var vars []string
	for _, o := range c.v.own(c.v.byName["post_write_hooks"]) {
		if o.From.Layer == "env" && !contains(vars, o.From.Name) {
			vars = append(vars, o.From.Name)
		}
	}
	c.add(problem{loc: strings.Join(vars, ", "), level: "warning", msg: fmt.Sprintf(
		"the environment creates the [post_write_hooks] section, which hides the post_write_hooks of %s: Alembic reads hooks from pyproject.toml only when the ini has no such section", c.a.toml)})
}

// toml reads every [tool.alembic] key as _get_toml_config_value does.
func (c *checker) toml() {
	cfg := c.a.config()
	table, err := cfg.TOMLAlembicConfig()
	if err != nil {
		return // reported as a load error
	}
	for _, k := range table.Keys() {
		if _, _, err := cfg.TOMLValue(k); err != nil {
			c.addErr(c.a.tomlError(k, err))
		}
	}
}
