package main

import (
	"bufio"
	"fmt"
	"regexp"
	"strings"

	"github.com/koanf-alembic/koanf-alembic/parser/ini"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/pyvalue"
)

var shellName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

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
func (a *app) dumpEnv(v *view, out *bufio.Writer) error {
	prefix := a.inv.envPrefix
	fragVar := prefix + "INI"
	if prefix == "" || !shellName.MatchString(fragVar) {
		return &usageError{fmt.Sprintf("dump --format env needs an --env-prefix usable in a shell variable name, not %q", prefix)}
	}
	// No variable sets a default: the file's [DEFAULT] options would be
	// lost (here and config_args are not file options).
	var lost []string
	var first alembiccfg.RawOption
	for _, d := range v.defaults {
		if d.From.Layer == "file" {
			if lost == nil {
				first = d
			}
			lost = append(lost, pyvalue.ReprString(d.Name))
		}
	}
	if len(lost) > 0 {
		src := first.From.Name
		if src == "" {
			src = a.ini
		}
		word := "option"
		if len(lost) > 1 {
			word = "options"
		}
		return &alembicerr.Error{Kind: alembicerr.ValueError, Source: src, Line: first.From.Line, Section: configparserDefault,
			Message: fmt.Sprintf("dump --format env cannot express [DEFAULT] (no environment variable sets a default): its %s %s would be lost; use --format ini or json",
				word, strings.Join(lost, ", "))}
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
	// resolve is the library's own matching, with this project's names
	// (here) or with none (bare).
	resolve := func(rest string, known map[string][]string, tomlKeys []string) (string, string, bool) {
		s, o, err := alembiccfg.EnvTarget(rest, v.main, known, tomlKeys)
		return s, o, err == nil
	}

	used := map[string]bool{}
	var frag []ini.Section
	for _, s := range v.sections {
		items, err := v.ownItems(s)
		if err != nil {
			return err
		}
		var fragSec *ini.Section
		if len(items) == 0 {
			// Only the fragment can spell an empty section.
			frag = append(frag, ini.Section{Name: s.name})
		}
		for _, e := range items {
			shown := v.show(s.name, e.name, e.value)
			rest := alembiccfg.EnvWord(e.name)
			if s.name != v.main {
				rest = alembiccfg.EnvWord(s.name) + "__" + rest
			}
			name := prefix + rest
			ok := shown != "" && !(e.rawShown && strings.Contains(shown, "%")) &&
				!strings.Contains(shown, "\x00") && e.name != "here" &&
				rest != "HERE" && rest != "CONFIG" && rest != "INI" &&
				name != "ALEMBIC_CONFIG" && shellName.MatchString(name) && !used[name]
			if ok {
				s1, o1, ok1 := resolve(rest, known, tomlKeys)
				s2, o2, ok2 := resolve(rest, nil, nil)
				ok = ok1 && ok2 && s1 == s.name && o1 == e.name && s2 == s.name && o2 == e.name
			}
			if ok {
				used[name] = true
				out.WriteString(name + "=" + shellQuote(shown) + "\n")
				continue
			}
			if fragSec == nil {
				frag = append(frag, ini.Section{Name: s.name})
				fragSec = &frag[len(frag)-1]
			}
			fragSec.Options = append(fragSec.Options, ini.Option{Name: e.name, Value: shown, Raw: e.rawShown})
		}
	}
	if len(frag) > 0 {
		text, err := ini.WriteSections(fragVar, frag)
		if err != nil {
			return err
		}
		out.WriteString(fragVar + "=" + shellQuote(string(text)) + "\n")
	}
	return nil
}
