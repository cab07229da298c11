package configparser

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// detached parses src and a copy of it, detaches the first, overwrites
// src, and returns how the detached Document differs from the copy's
// with its Src emptied ("" for not at all). before, when given, is run
// on the Document before Detach.
func detached(src []byte, before func(*Document)) (*Document, string) {
	want, err := Parse("a.ini", bytes.Clone(src))
	if err != nil {
		return nil, ""
	}
	doc, err := Parse("a.ini", src)
	if err != nil {
		return nil, "the copy parses and the text does not: " + err.Error()
	}
	if before != nil {
		before(doc)
	}
	doc.Detach()
	for i := range src {
		src[i] ^= 0xff
	}
	if doc.Src != "" {
		return doc, fmt.Sprintf("Src = %q after Detach, want empty", doc.Src)
	}
	want.Src = ""
	return doc, docDiff(doc, want)
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
			lookAll := func(doc *Document) { // builds the index of the big section
				for _, s := range doc.Sections {
					for _, o := range s.Options {
						s.Lookup(o.Name)
					}
				}
			}
			doc, d := detached([]byte(tc.text), lookAll)
			if d != "" || doc == nil {
				t.Fatalf("%q: %s", tc.text, d)
			}
			for _, s := range doc.Sections {
				for _, o := range s.Options {
					if got, ok := s.Lookup(o.Name); !ok || got.Value != o.Value {
						t.Errorf("[%s] Lookup(%q) = %v, %v after Detach", s.Name, o.Name, got, ok)
					}
				}
			}
			text := render(doc)
			doc.Detach() // a second one changes nothing
			if again := render(doc); again != text {
				t.Errorf("a second Detach changed the Document:\n%s\nwas\n%s", again, text)
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
		var text memory
		doc, d := detached(src, func(doc *Document) { text = memoryOf(doc.Src) })
		if d != "" {
			t.Fatalf("%s", d)
		}
		if doc == nil {
			return // it does not parse
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
