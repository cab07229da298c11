package main

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/koanf-alembic/koanf-alembic/internal/configparser"
)

// alembicMainOptions are the main-section options Alembic documents, which
// the library's environment layer always accepts as names (its own list is
// unexported; keep the two in step).
var alembicMainOptions = []string{
	"script_location", "file_template", "prepend_sys_path", "path_separator",
	"version_path_separator", "version_locations", "recursive_version_locations",
	"timezone", "truncate_slug_length", "revision_environment", "sourceless",
	"output_encoding", "sqlalchemy.url",
}

// envNorm is the environment layer's relaxed form of a name: upper-cased,
// each of ".", "-", "_" and " " turned into "_".
func envNorm(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '.', '-', '_', ' ':
			return '_'
		}
		return r
	}, strings.ToUpper(s))
}

var shellName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// envMatcher replays the library's matching of a variable name (after the
// prefix) to a section and option, for a given set of candidate names.
type envMatcher struct {
	main     string
	sections map[string][]string            // relaxed section name -> sections
	options  map[string]map[string][]string // section -> relaxed option name -> options
}

func newEnvMatcher(main string, known map[string][]string, mainExtra []string) *envMatcher {
	m := &envMatcher{main: main, sections: map[string][]string{}, options: map[string]map[string][]string{}}
	add := func(section string, names []string) {
		opts, ok := m.options[section]
		if !ok {
			opts = map[string][]string{}
			m.options[section] = opts
			n := envNorm(section)
			m.sections[n] = append(m.sections[n], section)
		}
		for _, o := range names {
			o = configparser.Lower(o)
			n := envNorm(o)
			if !contains(opts[n], o) {
				opts[n] = append(opts[n], o)
			}
		}
	}
	add(main, alembicMainOptions)
	add(main, mainExtra)
	sections := make([]string, 0, len(known))
	for s := range known {
		sections = append(sections, s)
	}
	sort.Strings(sections)
	for _, s := range sections {
		add(s, known[s])
	}
	return m
}

// resolve returns the option the library would set for a variable named
// PREFIX+rest; ok is false when the name is ambiguous or refused.
func (m *envMatcher) resolve(rest string) (section, option string, ok bool) {
	type target struct{ s, o string }
	var matches []target
	seen := map[target]bool{}
	addMatch := func(t target) {
		if !seen[t] {
			seen[t] = true
			matches = append(matches, t)
		}
	}
	for _, o := range m.options[m.main][envNorm(rest)] {
		addMatch(target{m.main, o})
	}
	for i := 0; i+2 <= len(rest); i++ {
		if rest[i:i+2] != "__" {
			continue
		}
		sw, ow := rest[:i], rest[i+2:]
		if sw == "" || ow == "" {
			continue
		}
		for _, s := range m.sections[envNorm(sw)] {
			for _, o := range m.options[s][envNorm(ow)] {
				addMatch(target{s, o})
			}
		}
	}
	switch len(matches) {
	case 1:
		return matches[0].s, matches[0].o, true
	case 0:
		t := target{m.main, configparser.Lower(rest)}
		if i := strings.Index(rest, "__"); i >= 0 {
			t = target{configparser.Lower(rest[:i]), configparser.Lower(rest[i+2:])}
			if envNorm(t.s) == "DEFAULT" || t.s == "" {
				return "", "", false
			}
		}
		if t.o == "" {
			return "", "", false
		}
		return t.s, t.o, true
	}
	return "", "", false
}

// dumpEnv writes the inverse of the environment mapping: one POSIX-quoted
// PREFIX<OPTION> or PREFIX<SECTION>__<OPTION> assignment per option that
// maps back to itself, and the rest in one PREFIX INI fragment (read raw).
//
// A variable is used only when its name resolves to the same option both in
// this project (the names of its files as candidates) and in a project
// without files (only Alembic's documented options as candidates), its
// value is not empty (the layer ignores empty values) and, for a logging
// formatter option read raw, has no '%'. Everything else goes into the
// INI fragment, which the library reads raw, as a file.
func (a *app) dumpEnv(v *view, out *bytes.Buffer) error {
	prefix := a.inv.envPrefix
	fragVar := prefix + "INI"
	if prefix == "" || !shellName.MatchString(fragVar) {
		return &usageError{fmt.Sprintf("dump --format env needs an --env-prefix usable in a shell variable name, not %q", prefix)}
	}
	// Candidate names as the library sees them in this project: the names
	// of the files (the layers below the environment), the keys of
	// [tool.alembic], Alembic's documented options.
	base, err := a.newConfig(false, nil).FileConfig()
	if err != nil {
		return err
	}
	known := map[string][]string{}
	for _, s := range base.Sections() {
		known[s], _ = base.Options(s)
	}
	if _, ok := known[v.main]; !ok {
		for _, d := range base.Defaults() {
			known[v.main] = append(known[v.main], d.Name)
		}
	}
	var tomlKeys []string
	if t, err := a.config().TOMLAlembicConfig(); err == nil {
		tomlKeys = t.Keys()
	}
	here := newEnvMatcher(v.main, known, tomlKeys)
	bare := newEnvMatcher(v.main, nil, nil)

	used := map[string]bool{}
	var frag strings.Builder
	var lossy []string
	for _, s := range v.sections {
		items, err := v.ownItems(s)
		if err != nil {
			return err
		}
		fragHeader := false
		if len(items) == 0 {
			// Only the fragment can spell an empty section.
			frag.WriteString("[" + s.name + "]\n")
			fragHeader = true
		}
		for _, e := range items {
			shown := v.show(s.name, e.name, e.value)
			rest := envNorm(e.name)
			if s.name != v.main {
				rest = envNorm(s.name) + "__" + rest
			}
			name := prefix + rest
			ok := shown != "" && !(e.rawShown && strings.Contains(shown, "%")) &&
				!strings.Contains(shown, "\x00") && e.name != "here" &&
				rest != "HERE" && rest != "CONFIG" && rest != "INI" &&
				name != "ALEMBIC_CONFIG" && shellName.MatchString(name) && !used[name]
			if ok {
				s1, o1, ok1 := here.resolve(rest)
				s2, o2, ok2 := bare.resolve(rest)
				ok = ok1 && ok2 && s1 == s.name && o1 == e.name && s2 == s.name && o2 == e.name
			}
			if ok {
				used[name] = true
				out.WriteString(name + "=" + shellQuote(shown) + "\n")
				continue
			}
			text := shown
			if !e.rawShown {
				text = percentEscape(text)
			}
			if !fragHeader {
				frag.WriteString("[" + s.name + "]\n")
				fragHeader = true
			}
			if !writeIniOption(&frag, e.name, text) {
				lossy = append(lossy, fmt.Sprintf("[%s] %s", s.name, e.name))
			}
		}
	}
	if frag.Len() > 0 {
		out.WriteString(fragVar + "=" + shellQuote(frag.String()) + "\n")
	}
	for _, l := range lossy {
		fmt.Fprintf(a.stderr, "warning: %s: in %s, CPython cannot read this value back exactly\n", l, fragVar)
	}
	return nil
}
