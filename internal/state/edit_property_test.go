package state

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// genEditable draws a document of comments, blank lines, indented and
// continued values, both delimiters and line endings of one kind.
func genEditable(r *rand.Rand) string {
	nl := []string{"\n", "\r\n", "\r"}[r.IntN(3)]
	var b strings.Builder
	word := func() string { return fmt.Sprintf("w%d", r.IntN(1000)) }
	if r.IntN(3) == 0 {
		b.WriteString("# a comment" + nl + nl)
	}
	if r.IntN(3) == 0 {
		b.WriteString("[DEFAULT]" + nl + "d = " + word() + nl)
	}
	for s := 0; s < 1+r.IntN(4); s++ {
		b.WriteString(fmt.Sprintf("[s%d]", s) + nl)
		for o := 0; o < r.IntN(6); o++ {
			sep := []string{" = ", "=", ": ", " : "}[r.IntN(4)]
			b.WriteString(fmt.Sprintf("Opt%d%s%s", o, sep, word()) + nl)
			if r.IntN(4) == 0 {
				b.WriteString("    " + word() + nl + nl + "\t" + word() + nl)
			}
			if r.IntN(5) == 0 {
				b.WriteString("; between" + nl)
			}
		}
		b.WriteString(nl)
	}
	text := b.String()
	if r.IntN(4) == 0 {
		text = strings.TrimSuffix(text, nl+nl) // no final newline
	}
	return text
}

// Every set, unset, add and no-op changes only the lines it should, and
// CPython reads each edited file back with exactly the value set.
func TestEditProperty(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Fatal("python3 not found: this test needs CPython 3.11+ as its oracle")
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	r := rand.New(rand.NewPCG(seed, 1))
	type check struct {
		Path, Section, Option string
		Value                 *string
	}
	var checks []check
	dir := t.TempDir()
	for i := 0; i < 300; i++ {
		src := genEditable(r)
		e, err := NewEdit("x.ini", []byte(src))
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		section := fmt.Sprintf("s%d", r.IntN(5)) // s4 may not exist: a new section
		if r.IntN(6) == 0 {
			section = "DEFAULT"
		}
		option := fmt.Sprintf("opt%d", r.IntN(7)) // some exist, some are new
		var value *string
		switch r.IntN(4) {
		case 0: // no-op: set an existing option to its raw value
			opts, _, _ := e.options(section)
			if o := lookup(opts, option); o != nil {
				if err := e.Set(section, option, o.Value); err != nil {
					t.Fatalf("no-op set in %q: %v", src, err)
				}
				if e.Text() != src {
					t.Fatalf("a no-op set changed\n%q\ninto\n%q", src, e.Text())
				}
			}
			continue
		case 1: // unset
			if _, err := e.Remove(section, option); err != nil {
				t.Fatalf("unset in %q: %v", src, err)
			}
		default: // set or add, one or more lines
			v := fmt.Sprintf("v%d 100%%%% x", i)
			if r.IntN(3) == 0 {
				v += "\nsecond\n\nfourth"
			}
			if err := e.Set(section, option, v); err != nil {
				t.Fatalf("set in %q: %v", src, err)
			}
			value = &v
		}
		// An unset removes the option's lines and one line break, nothing
		// else.
		out := e.Text()
		if value == nil && out != src {
			before, _ := NewEdit("x.ini", []byte(src))
			opts, _, _ := before.options(section)
			o := lookup(opts, option)
			lines := src[o.Start:o.End]
			if !strings.HasPrefix(strings.ToLower(pyStripLeft(lines)), option) ||
				(out != src[:o.Start]+trimOneBreak(src[o.End:]) &&
					out != trimOneBreakEnd(src[:o.Start])+src[o.End:]) {
				t.Fatalf("unset of %s changed text beyond its lines:\n%q\n%q", option, src, out)
			}
		}
		// A set replaces the option's lines only; an add inserts one run.
		if value != nil {
			before, _ := NewEdit("x.ini", []byte(src))
			opts, _, _ := before.options(section)
			if o := lookup(opts, option); o != nil {
				if !strings.HasPrefix(out, src[:o.Start]) || !strings.HasSuffix(out, src[o.End:]) {
					t.Fatalf("set of %s changed text beyond its lines:\n%q\n%q", option, src, out)
				}
			} else {
				pre, suf := 0, 0
				for pre < len(src) && src[pre] == out[pre] {
					pre++
				}
				for suf < len(src)-pre && src[len(src)-1-suf] == out[len(out)-1-suf] {
					suf++
				}
				if pre+suf != len(src) {
					t.Fatalf("add of %s changed existing text:\n%q\n%q", option, src, out)
				}
			}
		}
		path := filepath.Join(dir, fmt.Sprintf("%d.ini", i))
		if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		checks = append(checks, check{path, section, option, value})
	}
	in, _ := json.Marshal(checks)
	script := `import configparser, json, sys
out = []
for c in json.load(sys.stdin):
    cp = configparser.ConfigParser(interpolation=None)
    cp.read([c["Path"]], encoding="utf-8")
    s = c["Section"]
    if s == "DEFAULT":
        v = cp.defaults().get(c["Option"])
    else:
        v = cp.get(s, c["Option"], fallback=None) if cp.has_section(s) else None
        if v is not None and c["Option"] in cp.defaults() and c["Value"] is None:
            v = None  # the default shows through an unset option
    out.append(v)
json.dump(out, sys.stdout)`
	cmd := exec.Command(python, "-c", script)
	cmd.Stdin = bytes.NewReader(in)
	res, err := cmd.Output()
	if err != nil {
		t.Fatalf("python: %v", err)
	}
	var got []*string
	if err := json.Unmarshal(res, &got); err != nil {
		t.Fatal(err)
	}
	for i, c := range checks {
		switch {
		case c.Value == nil && got[i] != nil:
			t.Errorf("%s: [%s] %s unset, CPython still reads %q", c.Path, c.Section, c.Option, *got[i])
		case c.Value != nil && (got[i] == nil || *got[i] != *c.Value):
			t.Errorf("%s: [%s] %s set to %q, CPython reads %v", c.Path, c.Section, c.Option, *c.Value, got[i])
		}
	}
	t.Logf("%d edits read back by CPython", len(checks))
}

func pyStripLeft(s string) string { return strings.TrimLeft(s, " \t") }

// trimOneBreak removes one line break at the start of s.
func trimOneBreak(s string) string {
	switch {
	case strings.HasPrefix(s, "\r\n"):
		return s[2:]
	case strings.HasPrefix(s, "\n"), strings.HasPrefix(s, "\r"):
		return s[1:]
	}
	return s
}

// trimOneBreakEnd removes one line break at the end of s.
func trimOneBreakEnd(s string) string {
	switch {
	case strings.HasSuffix(s, "\r\n"):
		return s[:len(s)-2]
	case strings.HasSuffix(s, "\n"), strings.HasSuffix(s, "\r"):
		return s[:len(s)-1]
	}
	return s
}
