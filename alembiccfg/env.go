package alembiccfg

import (
	"os"
	"sort"
	"strings"

	"github.com/koanf-alembic/koanf-alembic/pyvalue"

	"github.com/knadh/koanf/providers/env/v2"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
)

// EnvOptions configures the environment layer: twelve-factor overrides of
// ini options, read from environment variables.
//
// With a prefix (the CLI uses "ALEMBIC_"), PREFIX<OPTION> sets an option
// of the main section and PREFIX<SECTION>__<OPTION> (a double underscore)
// an option of another section. Names are matched relaxed: a word of the
// variable's name matches a section or option name when both are equal
// after upper-casing and turning each of ".", "-", "_" and " " into "_",
// so ALEMBIC_SQLALCHEMY_URL sets sqlalchemy.url. The candidates are the
// sections and options of the lower layers, the keys of pyproject.toml's
// [tool.alembic] and Alembic's documented main-section options. A name
// that matches more than one of them, and two variables that set one
// option, are errors; a name that matches none creates the section and
// option it spells, lower-cased, split at its first "__".
//
// Three names are reserved and never set options: PREFIX HERE (an error:
// `here` cannot be overridden), PREFIX CONFIG (the CLI's choice of file,
// ignored here) and PREFIX INI (an INI fragment read raw, just below the
// individual variables). [DEFAULT] is never a target.
type EnvOptions struct {
	// Prefix selects the variables mapped by name, e.g. "ALEMBIC_"
	// (case-sensitive). "" turns prefix mapping off; Bindings still work.
	Prefix string
	// Bindings map variables of any name to options. They beat prefix
	// mapping, and a bound variable is never prefix-mapped. Several
	// bindings to one option are an ordered fallback list: the first set,
	// non-empty variable wins.
	Bindings []EnvBinding
	// KeepEmpty applies a variable set to "" instead of ignoring it (an
	// empty value would otherwise win over pyproject.toml).
	KeepEmpty bool
	// Raw takes values as raw configparser text (interpolated on read)
	// instead of literal text.
	Raw bool
	// Environ returns the environment as "NAME=value" strings; nil means
	// os.Environ. It is called once per read.
	Environ func() []string
}

// EnvBinding binds the variable Var to an option. Section "" is the main
// section; Option is lower-cased as configparser does it.
type EnvBinding struct {
	Var     string
	Section string
	Option  string
}

// envAssignment is one option the environment sets.
type envAssignment struct {
	Section string // "" never: the main section name is filled in
	Option  string // lower-cased option name
	Value   string // as the variable holds it (literal; the caller doubles % for literal mode)
	Var     string // the variable's name (for provenance; never log the value)
}

// envNames are the candidate names for relaxed matching.
type envNames struct {
	Sections map[string][]string // section name -> option names present in the lower layers (main section included)
	TOMLKeys []string            // keys of [tool.alembic] (candidates for the main section)
	// Fill, when set, fills in Sections and TOMLKeys; it is called only
	// when a variable needs the names, so that a file of a million options
	// costs nothing when no variable is set.
	Fill func(*envNames)
}

// alembicMainOptions are the main-section options Alembic documents; they
// are candidates for relaxed matching even when no layer sets them.
var alembicMainOptions = []string{
	"script_location", "file_template", "prepend_sys_path", "path_separator",
	"version_path_separator", "version_locations", "recursive_version_locations",
	"timezone", "truncate_slug_length", "revision_environment", "sourceless",
	"output_encoding", "sqlalchemy.url",
}

// The reserved names, after the prefix.
const (
	envReservedHere   = "HERE"
	envReservedConfig = "CONFIG"
	envReservedINI    = "INI"
)

const envDefaultSection = "DEFAULT"

type envTarget struct{ section, option string }

// mapEnvironment reads the environment and returns the options it sets,
// the text of the PREFIX INI fragment ("" when unset or empty) and the
// first error, if any.
//
// Each option appears at most once: a binding that yields a value replaces
// the prefix-mapped variable of the same option instead of following it.
// The assignments come in sorted order of the name of the variable that
// supplies the value (bindings and prefix-mapped variables alike; the
// bindings of one variable to several options in declaration order). As
// every target is distinct, the order decides only where new options and
// sections are appended, and DESIGN §4 appends the environment's in sorted
// variable-name order. Errors are reported for the first offending
// variable in that order; bindings themselves are checked first.
func mapEnvironment(opts EnvOptions, mainSection string, known envNames) ([]envAssignment, string, error) {
	// One snapshot of the environment for both readers.
	environ := opts.Environ
	if environ == nil {
		environ = os.Environ
	}
	snapshot := environ()
	snap := func() []string { return snapshot }

	groups, bound, err := envBindingGroups(opts.Bindings, mainSection)
	if err != nil {
		return nil, "", err
	}

	// Prefix mapping.
	var (
		prefixed []envAssignment
		fragment string
		byTarget = map[envTarget]string{}
	)
	if opts.Prefix != "" {
		vars, err := env.Provider("", env.Opt{Prefix: opts.Prefix, EnvironFunc: snap}).Read()
		if err != nil {
			return nil, "", err
		}
		var r *envResolver
		for _, name := range envSortedKeys(vars) {
			if bound[name] {
				continue
			}
			value, _ := vars[name].(string)
			if value == "" && !opts.KeepEmpty {
				continue
			}
			rest := name[len(opts.Prefix):]
			switch rest {
			case envReservedHere:
				return nil, "", envHereError(name, mainSection)
			case envReservedConfig:
				continue
			case envReservedINI:
				fragment = value
				continue
			}
			if r == nil {
				r = newEnvResolver(mainSection, known)
			}
			t, err := r.resolve(name, rest)
			if err != nil {
				return nil, "", err
			}
			if err := checkEnvTarget(name, t); err != nil {
				return nil, "", err
			}
			if other, dup := byTarget[t]; dup {
				return nil, "", envCollisionError(other, name, t)
			}
			byTarget[t] = name
			prefixed = append(prefixed, envAssignment{Section: t.section, Option: t.option, Value: value, Var: name})
		}
	}

	// Bindings.
	var out []envAssignment
	won := map[envTarget]bool{}
	if len(groups) > 0 {
		vars, err := env.Provider("", env.Opt{
			EnvironFunc: snap,
			TransformFunc: func(k, v string) (string, any) {
				if !bound[k] {
					return "", nil
				}
				return k, v
			},
		}).Read()
		if err != nil {
			return nil, "", err
		}
		for _, g := range groups {
			for _, name := range g.vars {
				raw, set := vars[name]
				value, _ := raw.(string)
				if !set || value == "" && !opts.KeepEmpty {
					continue
				}
				won[g.target] = true
				out = append(out, envAssignment{Section: g.target.section, Option: g.target.option, Value: value, Var: name})
				break
			}
		}
	}
	for _, a := range prefixed {
		if !won[envTarget{a.Section, a.Option}] {
			out = append(out, a)
		}
	}
	// Stable: the bindings of one variable keep their declaration order
	// (a variable is either bound or prefix-mapped, never both).
	sort.SliceStable(out, func(i, j int) bool { return out[i].Var < out[j].Var })
	return out, fragment, nil
}

// envBindingGroup is the ordered fallback list of the variables bound to
// one option.
type envBindingGroup struct {
	target envTarget
	vars   []string
}

// envBindingGroups checks the bindings and groups them by option, in order
// of first declaration; bound is the set of bound variable names.
func envBindingGroups(bindings []EnvBinding, mainSection string) ([]envBindingGroup, map[string]bool, error) {
	var groups []envBindingGroup
	index := map[envTarget]int{}
	bound := map[string]bool{}
	for _, b := range bindings {
		section := b.Section
		if section == "" {
			section = mainSection
		}
		t := envTarget{section, pyvalue.Lower(b.Option)}
		if b.Var == "" || strings.Contains(b.Var, "=") {
			return nil, nil, &alembicerr.Error{
				Kind: alembicerr.ValueError, Section: t.section, Option: t.option,
				Message: "invalid environment variable name " + pyvalue.ReprString(b.Var) + " in the binding of option " +
					pyvalue.ReprString(t.option) + " of section " + pyvalue.ReprString(t.section),
			}
		}
		if t.option == "" {
			return nil, nil, &alembicerr.Error{
				Kind: alembicerr.ValueError, Source: b.Var, Section: t.section,
				Message: "empty option name in the binding of " + b.Var,
			}
		}
		if err := checkEnvTarget(b.Var, t); err != nil {
			return nil, nil, err
		}
		i, ok := index[t]
		if !ok {
			i = len(groups)
			index[t] = i
			groups = append(groups, envBindingGroup{target: t})
		}
		g := &groups[i]
		dup := false
		for _, v := range g.vars {
			dup = dup || v == b.Var
		}
		if !dup {
			g.vars = append(g.vars, b.Var)
		}
		bound[b.Var] = true
	}
	return groups, bound, nil
}

// EnvWord is the relaxed form in which the environment layer compares
// names: upper-cased, each of ".", "-", "_" and " " turned into "_". A
// variable PREFIX+EnvWord(option) sets an option of the main section,
// PREFIX+EnvWord(section)+"__"+EnvWord(option) one of another section.
func EnvWord(name string) string { return envNorm(name) }

// EnvTarget returns the section and option the environment layer sets for
// a variable named PREFIX+rest, given the candidate names: sections maps
// the sections of the layers below the environment to their option names,
// tomlKeys are the keys of [tool.alembic]. A name that matches more than
// one option is an AmbiguousNameError; one the layer refuses (here,
// [DEFAULT], an empty name) a ValueError.
func EnvTarget(rest, mainSection string, sections map[string][]string, tomlKeys []string) (section, option string, err error) {
	r := newEnvResolver(mainSection, envNames{Sections: sections, TOMLKeys: tomlKeys})
	t, err := r.resolve(rest, rest)
	if err == nil {
		err = checkEnvTarget(rest, t)
	}
	if err != nil {
		return "", "", err
	}
	return t.section, t.option, nil
}

// checkEnvTarget refuses the targets the environment may not set: the
// [DEFAULT] section (Alembic's set_section_option raises ValueError for
// it), the section "" (configparser would write to the defaults) and the
// option `here`.
func checkEnvTarget(name string, t envTarget) error {
	switch {
	case t.section == envDefaultSection:
		return &alembicerr.Error{
			Kind: alembicerr.ValueError, Source: name, Section: t.section, Option: t.option,
			Message: "Invalid section name: " + pyvalue.ReprString(envDefaultSection),
			Detail:  "Invalid section name: " + pyvalue.ReprString(envDefaultSection) + " (the environment cannot set [DEFAULT] options)",
		}
	case t.section == "":
		return &alembicerr.Error{
			Kind: alembicerr.ValueError, Source: name, Option: t.option,
			Message: "Invalid section name: ''",
			Detail:  "empty section name for option " + pyvalue.ReprString(t.option),
		}
	case t.option == "here":
		return envHereError(name, t.section)
	}
	return nil
}

func envHereError(name, section string) error {
	return &alembicerr.Error{
		Kind: alembicerr.ValueError, Source: name, Section: section, Option: "here",
		Message: "'here' cannot be overridden: it is the directory of the configuration file",
	}
}

func envCollisionError(first, second string, t envTarget) error {
	what := "option " + pyvalue.ReprString(t.option) + " of section " + pyvalue.ReprString(t.section)
	return &alembicerr.Error{
		Kind: alembicerr.AmbiguousNameError, Source: second, Section: t.section, Option: t.option,
		Message: first + " and " + second + " both set " + what,
		Detail:  what + " is also set by " + first,
	}
}

// envNorm is the relaxed form of a name: upper-cased, with each of ".",
// "-", "_" and " " turned into "_".
func envNorm(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '.', '-', '_', ' ':
			return '_'
		}
		return r
	}, strings.ToUpper(s))
}

// envResolver matches variable names against the candidate names.
type envResolver struct {
	main string
	// sections maps a relaxed section name to the section names having it
	// (sorted); options maps a section name to its relaxed option names,
	// each to the option names having it (sorted).
	sections map[string][]string
	options  map[string]map[string][]string
}

func newEnvResolver(mainSection string, known envNames) *envResolver {
	if known.Fill != nil {
		known.Fill(&known)
	}
	r := &envResolver{main: mainSection, sections: map[string][]string{}, options: map[string]map[string][]string{}}
	addSection := func(s string) map[string][]string {
		if m, ok := r.options[s]; ok {
			return m
		}
		m := map[string][]string{}
		r.options[s] = m
		n := envNorm(s)
		r.sections[n] = envInsertSorted(r.sections[n], s)
		return m
	}
	addOption := func(m map[string][]string, o string) {
		o = pyvalue.Lower(o)
		n := envNorm(o)
		m[n] = envInsertSorted(m[n], o)
	}
	main := addSection(mainSection)
	for _, o := range alembicMainOptions {
		addOption(main, o)
	}
	for _, o := range known.TOMLKeys {
		addOption(main, o)
	}
	for s, opts := range known.Sections {
		m := addSection(s)
		for _, o := range opts {
			addOption(m, o)
		}
	}
	return r
}

// envInsertSorted adds s to the sorted list unless it is there.
func envInsertSorted(list []string, s string) []string {
	i := sort.SearchStrings(list, s)
	if i < len(list) && list[i] == s {
		return list
	}
	list = append(list, "")
	copy(list[i+1:], list[i:])
	list[i] = s
	return list
}

// resolve returns the option the variable name (rest: the name after the
// prefix) sets. Every reading is tried: the whole rest as an option of the
// main section, then the rest split at each "__" into a section and an
// option, left to right.
func (r *envResolver) resolve(name, rest string) (envTarget, error) {
	var matches []envTarget
	seen := map[envTarget]bool{}
	add := func(t envTarget) {
		if !seen[t] {
			seen[t] = true
			matches = append(matches, t)
		}
	}
	if rest != "" {
		for _, o := range r.options[r.main][envNorm(rest)] {
			add(envTarget{r.main, o})
		}
	}
	for i := 0; i+2 <= len(rest); i++ {
		if rest[i:i+2] != "__" {
			continue
		}
		secWord, optWord := rest[:i], rest[i+2:]
		if secWord == "" || optWord == "" {
			continue
		}
		on := envNorm(optWord)
		for _, s := range r.sections[envNorm(secWord)] {
			for _, o := range r.options[s][on] {
				add(envTarget{s, o})
			}
		}
	}
	switch len(matches) {
	case 1:
		return matches[0], nil
	case 0:
		return r.create(name, rest)
	}
	what := envDescribeTargets(matches)
	return envTarget{}, &alembicerr.Error{
		Kind: alembicerr.AmbiguousNameError, Source: name,
		Message: name + " matches " + what,
		Detail:  "matches " + what,
	}
}

// create returns the new option a name without a match spells: the main
// section's option when it has no "__", else split at the first "__";
// both lower-cased.
func (r *envResolver) create(name, rest string) (envTarget, error) {
	t := envTarget{r.main, pyvalue.Lower(rest)}
	if i := strings.Index(rest, "__"); i >= 0 {
		t = envTarget{pyvalue.Lower(rest[:i]), pyvalue.Lower(rest[i+2:])}
		// A new option of a section that exists goes into that section
		// (ALEMBIC_MY_SECTION__NEW into [My-Section]) when the section's
		// name is unambiguous.
		if names := r.sections[envNorm(rest[:i])]; len(names) == 1 {
			t.section = names[0]
		}
		// ALEMBIC_DEFAULT__X means [DEFAULT]: refuse it rather than
		// create a section [default].
		if envNorm(t.section) == envDefaultSection {
			t.section = envDefaultSection
		}
		if t.section == "" {
			return envTarget{}, &alembicerr.Error{
				Kind: alembicerr.ValueError, Source: name, Option: t.option,
				Message: "Invalid section name: ''",
				Detail:  "empty section name before \"__\"",
			}
		}
	}
	if t.option == "" {
		return envTarget{}, &alembicerr.Error{
			Kind: alembicerr.ValueError, Source: name, Section: t.section,
			Message: "empty option name in environment variable " + name,
			Detail:  "empty option name",
		}
	}
	return t, nil
}

// envDescribeTargets lists targets for a message, grouping the options of
// one section: "option 'a.b' and option 'a_b' of section 'alembic'".
func envDescribeTargets(ts []envTarget) string {
	type group struct {
		section string
		options []string
	}
	var groups []group
	idx := map[string]int{}
	single := true
	for _, t := range ts {
		i, ok := idx[t.section]
		if !ok {
			i = len(groups)
			idx[t.section] = i
			groups = append(groups, group{section: t.section})
		}
		groups[i].options = append(groups[i].options, "option "+pyvalue.ReprString(t.option))
		single = single && len(groups[i].options) == 1
	}
	parts := make([]string, len(groups))
	for i, g := range groups {
		parts[i] = envJoinList(g.options) + " of section " + pyvalue.ReprString(g.section)
	}
	if single {
		return envJoinList(parts)
	}
	return strings.Join(parts, "; ")
}

// envJoinList joins "a", "a and b", "a, b and c".
func envJoinList(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

func envSortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
