package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/redact"
)

// cmdEdit is `set [SECTION] OPTION VALUE` and `unset [SECTION] OPTION`:
// an edit of the ini file itself through the library's lossless editor.
// Without --write it prints the diff it would write (redacted unless
// --show-secrets); with --write it saves atomically.
func (a *app) cmdEdit() int {
	if !a.iniFound && !a.inv.create {
		return a.fail(&alembicerr.Error{Kind: alembicerr.OSError, Source: a.ini,
			Message: a.inv.cmd + " edits the ini file, and " + a.ini + " does not exist; pyproject.toml is not edited (set --create makes it)"})
	}
	if a.stdinData != nil {
		return a.fail(&alembicerr.Error{Kind: alembicerr.OSError, Source: stdinName, Message: "standard input cannot be edited"})
	}
	cfg := a.config()
	section := cfg.ConfigIniSection()
	args := a.inv.args
	if n := len(args); (a.inv.cmd == "set" && n == 3) || (a.inv.cmd == "unset" && n == 2) {
		section, args = args[0], args[1:]
	}
	option := args[0]
	ctx := context.Background()
	edit := cfg.EditFile
	if a.inv.create {
		edit = cfg.CreateFile
	}
	ed, err := edit(ctx)
	if err != nil {
		return a.fail(err)
	}
	if a.inv.cmd == "set" {
		if a.inv.raw {
			err = ed.SetRaw(section, option, args[1])
		} else {
			err = ed.Set(section, option, args[1])
		}
	} else {
		var found bool
		found, err = ed.Remove(section, option)
		if err == nil && !found {
			fmt.Fprintf(a.stderr, "%s: no option %q in section [%s] of %s: nothing to remove\n", progName, option, section, a.ini)
			return exitAbsent
		}
	}
	if err != nil {
		return a.fail(err)
	}
	if a.inv.cmd == "set" && section != "DEFAULT" && a.fileDefault(option) {
		fmt.Fprintf(a.stderr, "%s: note: [%s] %s now shadows the [DEFAULT] option of that name in that section\n", progName, section, option)
	}
	if !a.inv.write {
		a.stdout.Write([]byte(a.diff(ed.Original(), ed.Text())))
		fmt.Fprintf(a.stderr, "%s: nothing written (--write saves it)\n", progName)
		return exitOK
	}
	if err := ed.Save(ctx, a.inv.force); err != nil {
		return a.fail(err)
	}
	return exitOK
}

// fileDefault reports whether the ini's [DEFAULT] holds option.
func (a *app) fileDefault(option string) bool {
	fc, err := a.config().FileConfig()
	if err != nil {
		return false
	}
	for _, d := range fc.Defaults() {
		if d.Name == strings.ToLower(option) && d.From.Layer == "file" {
			return true
		}
	}
	return false
}

// diff is a unified-style diff of the lines that differ between old and
// new (an edit changes one run of lines), values redacted unless
// --show-secrets.
func (a *app) diff(old, new string) string {
	if old == new {
		return ""
	}
	first, gone, added := changedLines(old, new)
	var b strings.Builder
	fmt.Fprintf(&b, "--- %s\n+++ %s\n@@ -%d,%d +%d,%d @@\n", a.ini, a.ini, first+1, len(gone), first+1, len(added))
	for _, l := range gone {
		b.WriteString("-" + a.shownLine(l) + "\n")
	}
	for _, l := range added {
		b.WriteString("+" + a.shownLine(l) + "\n")
	}
	return b.String()
}

// changedLines returns the lines of old and new between their common
// first and last lines, and the index of the first of them.
func changedLines(old, new string) (first int, gone, added []string) {
	ol, nl := splitLines(old), splitLines(new)
	pre := 0
	for pre < len(ol) && pre < len(nl) && ol[pre] == nl[pre] {
		pre++
	}
	suf := 0
	for suf < len(ol)-pre && suf < len(nl)-pre && ol[len(ol)-1-suf] == nl[len(nl)-1-suf] {
		suf++
	}
	return pre, ol[pre : len(ol)-suf], nl[pre : len(nl)-suf]
}

// splitLines cuts text at its line breaks ("\n", "\r\n", "\r"), which are
// dropped.
func splitLines(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	return strings.Split(strings.TrimSuffix(text, "\n"), "\n")
}

// shownLine is an ini line as the diff shows it: "name = value" with the
// value redacted as the option's, free text otherwise.
func (a *app) shownLine(line string) string {
	if a.inv.showSecrets {
		return line
	}
	if i := strings.IndexAny(line, "=:"); i > 0 && !strings.HasPrefix(strings.TrimSpace(line), "#") {
		return line[:i+1] + redact.Value(strings.TrimSpace(line[:i]), line[i+1:])
	}
	return redact.Text(line, nil)
}
