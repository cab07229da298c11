package main

import (
	"bufio"
	"fmt"
	"strings"

	"github.com/koanf-alembic/koanf-alembic/parser/ini"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
	"github.com/koanf-alembic/koanf-alembic/pyvalue"
)

// cmdExplain is `explain`: every option of every section with its value
// (secrets redacted), where it came from (file:line, environment variable,
// --arg, here) and which lower layers it overrode, then [tool.alembic]
// with what each key means to Alembic. The annotations are indented
// comments, so the output still reads as an ini file. Values of variables
// are never shown, only their names.
func (a *app) cmdExplain() int {
	v, err := a.load()
	if err != nil {
		return a.fail(err)
	}
	cfg := a.config()
	// Written as it is made, so that a large file's explanation is never
	// held whole in memory.
	b := bufio.NewWriterSize(a.stdout, 64<<10)
	defer b.Flush()
	fmt.Fprintf(b, "# ini file: %s", a.ini)
	if a.iniFound {
		here, _ := cfg.ConfigArgs().Get("here")
		fmt.Fprintf(b, " (here = %s)\n", pyvalue.Str(here))
	} else {
		b.WriteString(" (not found: read as empty, as Alembic does)\n")
	}
	table, tomlErr := cfg.TOMLAlembicConfig()
	fmt.Fprintf(b, "# toml file: %s", a.toml)
	if a.tomlFound {
		if here, ok := cfg.TOMLArgs().Get("here"); ok {
			fmt.Fprintf(b, " (here = %s)", pyvalue.Str(here))
		}
		b.WriteString("\n")
	} else {
		b.WriteString(" (not found)\n")
	}
	if a.etcd != nil {
		if rev := a.etcd.Revision(); rev > 0 {
			fmt.Fprintf(b, "# etcd layer: %s/SECTION/OPTION, read at revision %d\n", a.inv.etcd.prefix, rev)
		} else {
			fmt.Fprintf(b, "# etcd layer: %s/SECTION/OPTION, not reached (--etcd-optional): the files serve\n", a.inv.etcd.prefix)
		}
	}
	fmt.Fprintf(b, "# main section: [%s]\n", v.main)
	if a.inv.envPrefix != "" {
		fmt.Fprintf(b, "# environment: %s<OPTION>, %s<SECTION>__<OPTION>, %sINI\n",
			a.inv.envPrefix, a.inv.envPrefix, a.inv.envPrefix)
	} else {
		b.WriteString("# environment: off (--env-prefix \"\")\n")
	}

	for _, s := range v.sections {
		b.WriteString("\n[" + s.name + "]\n")
		// Options order: the section's own options, then the defaults.
		opts, err := v.fc.RawOptions(s.name)
		if err != nil {
			return a.fail(err)
		}
		for _, o := range opts {
			e := v.entry(s, o.Name)
			b.WriteString(ini.OptionText(e.name, v.show(s.name, e.name, e.value)))
			if e.rawShown {
				b.WriteString("  # shown raw: logging.fileConfig reads " + e.name + " raw (not interpolated)\n")
			} else if e.err != nil {
				b.WriteString("  # shown raw: " + a.errText(e.err) + "\n")
			} else if raw := v.showRaw(s.name, e.name, o.Raw); raw != v.show(s.name, e.name, e.value) {
				b.WriteString("  # raw: " + oneLine(raw) + "\n")
			}
			from := describeSource(o.Name, o.From)
			if o.Scope == alembiccfg.ScopeDefault {
				from += "; a default, visible in every section"
			}
			b.WriteString("  # from: " + from + "\n")
			for _, prev := range o.Overrode {
				b.WriteString("  # overrode: " + describeSource(o.Name, prev) + "\n")
			}
		}
	}

	code := exitOK
	if tomlErr != nil {
		b.Flush()
		return a.fail(tomlErr)
	}
	if table.Len() > 0 {
		b.WriteString("\n[tool.alembic]\n")
		fmt.Fprintf(b, "# from %s; strings %%-formatted with here and the --arg values\n", a.toml)
		for _, k := range table.Keys() {
			raw, _ := table.Get(k)
			val, _, err := cfg.TOMLValue(k)
			if err != nil {
				fmt.Fprintf(b, "%s = %s\n", k, oneLine(scalarText(a.redactAny(k, raw))))
				b.WriteString("  # shown raw: " + a.errText(a.tomlError(k, err)) + "\n")
			} else {
				fmt.Fprintf(b, "%s = %s\n", k, oneLine(scalarText(a.redactAny(k, val))))
				if rs, ok := raw.(string); ok && rs != val {
					b.WriteString("  # raw: " + oneLine(scalarText(a.redactAny(k, rs))) + "\n")
				}
			}
			if why := a.tomlShadow(v, k); why != "" {
				b.WriteString("  # not used: " + why + "\n")
			}
		}
	}
	return code
}

// tomlShadow says why Alembic does not use a [tool.alembic] key, "" when it
// does (spec §6: each getter has its own rule).
func (a *app) tomlShadow(v *view, key string) string {
	switch key {
	case "path_separator", "version_path_separator":
		return "Alembic reads " + key + " from the ini only"
	case "version_locations", "prepend_sys_path":
		if val, _, err := v.fc.Get(v.main, key); err == nil && val != "" {
			return fmt.Sprintf("[%s] %s is set and not empty, so the ini side wins", v.main, key)
		}
		return ""
	case "post_write_hooks":
		if v.fc.HasSection("post_write_hooks") {
			return "the ini has a [post_write_hooks] section (even an empty one wins)"
		}
		return ""
	}
	if v.fc.HasOption(v.main, key) {
		return fmt.Sprintf("[%s] has %s (its own, [DEFAULT] or --arg), so the ini side wins", v.main, key)
	}
	return ""
}

// oneLine shows a multi-line text on one line, line breaks as \n.
func oneLine(s string) string {
	return strings.NewReplacer("\n", "\\n", "\r", "\\r").Replace(s)
}
