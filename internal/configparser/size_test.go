package configparser

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
)

// The lexer and the Parser index a section's options once it holds more
// than linearLimit of them. These tests pin every regime around that
// threshold: each option of each size must be found, listed and read, and a
// duplicate at any position must be reported at its line.

// sectionText returns "[s]\nopt0 = v0\n…" with n options.
func sectionText(section string, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "[%s]\n", section)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "opt%d = v%d\n", i, i)
	}
	return b.String()
}

func TestSectionSizes(t *testing.T) {
	for _, n := range []int{0, 1, linearLimit - 1, linearLimit, linearLimit + 1, linearLimit + 2, 500, 10_000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			doc, err := Parse("x.ini", []byte(sectionText("s", n)))
			if err != nil {
				t.Fatal(err)
			}
			p := NewParser()
			p.Read(doc, nil)
			names, err := p.Options("s")
			if err != nil {
				t.Fatal(err)
			}
			if len(names) != n {
				t.Fatalf("Options lists %d names, want %d", len(names), n)
			}
			items, err := p.Items("s")
			if err != nil {
				t.Fatal(err)
			}
			if len(items) != n {
				t.Fatalf("Items gives %d items, want %d", len(items), n)
			}
			for i := 0; i < n; i++ {
				name := fmt.Sprintf("opt%d", i)
				want := fmt.Sprintf("v%d", i)
				if names[i] != name || items[i].Name != name || items[i].Value != want {
					t.Fatalf("position %d: Options %q, Items %+v; want %s = %s", i, names[i], items[i], name, want)
				}
				if v, ok, err := p.Get("s", name); err != nil || !ok || v != want {
					t.Fatalf("Get(s, %s) = %q, %v, %v; want %q", name, v, ok, err, want)
				}
				if !p.HasOption("s", name) {
					t.Fatalf("HasOption(s, %s) is false", name)
				}
			}
			// A set and a remove after the index exists keep it right.
			if err := p.Set("s", "added", "new"); err != nil {
				t.Fatal(err)
			}
			if v, ok, _ := p.Get("s", "added"); !ok || v != "new" {
				t.Fatalf("Get after Set = %q, %v", v, ok)
			}
			if n > 0 {
				if ok, err := p.RemoveOption("s", "opt0"); !ok || err != nil {
					t.Fatalf("RemoveOption = %v, %v", ok, err)
				}
				if _, ok, _ := p.Get("s", "opt0"); ok {
					t.Fatal("opt0 still present after RemoveOption")
				}
				last := fmt.Sprintf("opt%d", n-1)
				if v, ok, _ := p.Get("s", last); n > 1 && (!ok || v != fmt.Sprintf("v%d", n-1)) {
					t.Fatalf("Get(%s) after RemoveOption = %q, %v", last, v, ok)
				}
			}
		})
	}
}

// A duplicate of the option at every position of sections around the
// threshold is a DuplicateOptionError at the duplicate's line.
func TestDuplicateAtEveryPosition(t *testing.T) {
	for _, n := range []int{1, linearLimit, linearLimit + 1, linearLimit + 12, 130} {
		base := sectionText("alembic", n)
		for i := 0; i < n; i++ {
			src := base + fmt.Sprintf("OPT%d = again\n", i)
			_, err := Parse("x.ini", []byte(src))
			var pe *alembicerr.Error
			if !errors.As(err, &pe) || pe.Kind != alembicerr.DuplicateOptionError {
				t.Fatalf("n=%d, duplicate of opt%d: err = %v, want DuplicateOptionError", n, i, err)
			}
			if pe.Line != n+2 || pe.Option != fmt.Sprintf("opt%d", i) {
				t.Fatalf("n=%d, duplicate of opt%d: line %d option %q, want line %d", n, i, pe.Line, pe.Option, n+2)
			}
		}
	}
}

// A [DEFAULT] of 500 options: every section sees each of them, after its
// own; a section's own option shadows a default.
func TestLargeDefaults(t *testing.T) {
	var b strings.Builder
	b.WriteString("[DEFAULT]\n")
	for i := 0; i < 500; i++ {
		fmt.Fprintf(&b, "d%d = dv%d\n", i, i)
	}
	b.WriteString("[s]\nown = x\nd499 = shadow\nref = %(d250)s\n")
	doc, err := Parse("x.ini", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	p := NewParser()
	p.Read(doc, nil)
	names, _ := p.Options("s")
	if len(names) != 3+499 {
		t.Fatalf("Options lists %d names, want 502", len(names))
	}
	items, err := p.Items("s")
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 502 || items[499].Name != "d499" || items[499].Value != "shadow" || items[501].Value != "dv250" {
		t.Fatalf("Items: %d items, [499] %+v, [501] %+v", len(items), items[499], items[501])
	}
	for i := 0; i < 499; i++ {
		if v, ok, _ := p.Get("s", fmt.Sprintf("d%d", i)); !ok || v != fmt.Sprintf("dv%d", i) {
			t.Fatalf("Get(s, d%d) = %q, %v", i, v, ok)
		}
	}
	dup := b.String() + "[DEFAULT]\nD321 = again\n"
	if _, err := Parse("x.ini", []byte(dup)); !errors.Is(err, alembicerr.ErrDuplicateOption) {
		t.Fatalf("duplicate default: %v", err)
	}
}

// 100,000 sections: every one is found, in order, and a repeated header
// anywhere is a DuplicateSectionError.
func TestManySections(t *testing.T) {
	const n = 100_000
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "[s%d]\nk = %d\n", i, i)
	}
	doc, err := Parse("x.ini", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	p := NewParser()
	p.Read(doc, nil)
	names := p.Sections()
	if len(names) != n {
		t.Fatalf("%d sections, want %d", len(names), n)
	}
	for i := 0; i < n; i += 997 {
		name := fmt.Sprintf("s%d", i)
		if names[i] != name {
			t.Fatalf("section %d is %q", i, names[i])
		}
		if v, ok, _ := p.Get(name, "k"); !ok || v != fmt.Sprint(i) {
			t.Fatalf("Get(%s, k) = %q, %v", name, v, ok)
		}
	}
	for _, i := range []int{0, 31, 32, 33, n - 1} {
		src := b.String() + fmt.Sprintf("[s%d]\n", i)
		if _, err := Parse("x.ini", []byte(src)); !errors.Is(err, alembicerr.ErrDuplicateSection) {
			t.Fatalf("repeated [s%d]: %v", i, err)
		}
	}
}
