package configparser

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// snapshot is every name and value of a Document, with its positions, as
// fresh strings.
func snapshot(d *Document) []string {
	var out []string
	add := func(sec string, o Option) {
		out = append(out, strings.Clone(fmt.Sprintf("%s/%s=%q @%d:%d-%d", sec, o.Name, o.Value, o.Line, o.Start, o.End)))
	}
	for _, o := range d.Defaults {
		add(DefaultSection, o)
	}
	for _, s := range d.Sections {
		out = append(out, fmt.Sprintf("[%s] @%d:%d-%d", s.Name, s.Line, s.Start, s.End))
		for _, o := range s.Options {
			add(s.Name, o)
		}
	}
	return out
}

// After Detach a Document holds nothing of the text's memory: the text
// overwritten, every name, value and position is as before, in every kind
// of string Parse makes (shared, lower-cased, non-ASCII names Lower leaves
// alone, joined multi-line values, empty ones), and a section past
// linearLimit still finds every option through its rebuilt index.
func TestDetach(t *testing.T) {
	var big strings.Builder
	big.WriteString("[big]\n")
	for i := range linearLimit + 20 {
		fmt.Fprintf(&big, "opt%d = v%d\n", i, i)
	}
	for _, tc := range []struct{ name, text string }{
		{"empty", ""},
		{"plain", "[alembic]\nscript_location = migrations\nsqlalchemy.url = sqlite:///%(here)s/a.db\n"},
		{"defaults", "[DEFAULT]\nhere2 = x\n[a]\nk = %(here2)s\n[DEFAULT]\nmore = y\n"},
		{"cased names", "[Sec]\nKey = Value\nÉté = été\nété2 = ÉTÉ\n"},
		{"multi-line", "[a]\nk = first\n  second\n\n  third\nempty =\nlast: v\n"},
		{"crlf", "[a]\r\nk = v\r\n  w\r\n"},
		{"comments", "# c\n[a]\n; c\nk = v ; not a comment\n  # inside\n  more\n"},
		{"big section", big.String()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := []byte(tc.text)
			doc, err := Parse("a.ini", src)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range doc.Sections { // builds the index of the big one
				for _, o := range s.Options {
					s.Lookup(o.Name)
				}
			}
			before := snapshot(doc)
			doc.Detach()
			for i := range src {
				src[i] = 'x'
			}
			if doc.Src != "" {
				t.Errorf("Src = %q after Detach, want empty", doc.Src)
			}
			if after := snapshot(doc); strings.Join(after, "\n") != strings.Join(before, "\n") {
				t.Errorf("after Detach and the text overwritten:\n%s\nwant\n%s", strings.Join(after, "\n"), strings.Join(before, "\n"))
			}
			for _, s := range doc.Sections {
				for _, o := range s.Options {
					if got, ok := s.Lookup(o.Name); !ok || got.Value != o.Value {
						t.Errorf("[%s] Lookup(%q) = %v, %v after Detach", s.Name, o.Name, got, ok)
					}
				}
			}
			doc.Detach() // a second one changes nothing
			if after := snapshot(doc); strings.Join(after, "\n") != strings.Join(before, "\n") {
				t.Errorf("a second Detach changed the Document")
			}
		})
	}
}

// Detach copies the text's names and values into one allocation, and
// nothing else.
func TestDetachAllocatesOnce(t *testing.T) {
	src := []byte("[alembic]\nscript_location = migrations\nKey = v\nm = a\n  b\n")
	allocs := testing.AllocsPerRun(100, func() {
		doc, err := Parse("a.ini", src)
		if err != nil {
			t.Fatal(err)
		}
		doc.Detach()
	})
	parseOnly := testing.AllocsPerRun(100, func() {
		if _, err := Parse("a.ini", src); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != parseOnly+1 {
		t.Errorf("Parse + Detach: %v allocations, Parse: %v; want one more", allocs, parseOnly)
	}
}

// FuzzDetach: whatever the text, a Document that parses keeps every name,
// value and position through Detach with the text overwritten, and holds
// no string in the text's memory afterwards.
func FuzzDetach(f *testing.F) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 30 {
		f.Add(randomText(r))
	}
	f.Add([]byte("[A]\nÉté = x\n  y\n[DEFAULT]\nk =\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		doc, err := Parse("a.ini", src)
		if err != nil {
			return
		}
		before := strings.Join(snapshot(doc), "\n")
		text := textOf(doc.Src)
		doc.Detach()
		for i := range src {
			src[i] ^= 0xff
		}
		if after := strings.Join(snapshot(doc), "\n"); after != before {
			t.Fatalf("after Detach:\n%s\nwant\n%s", after, before)
		}
		var shared []string
		check := func(opts []Option) {
			for _, o := range opts {
				if text.shared(o.Name)+text.shared(o.Value) > 0 {
					shared = append(shared, o.Name)
				}
			}
		}
		check(doc.Defaults)
		for _, s := range doc.Sections {
			if text.shared(s.Name) > 0 {
				shared = append(shared, s.Name)
			}
			check(s.Options)
		}
		if len(shared) > 0 {
			t.Fatalf("still in the text after Detach: %q", shared)
		}
	})
}
