package alembiccfg_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
	"github.com/koanf-alembic/koanf-alembic/parser/ini"
	"github.com/koanf-alembic/koanf-alembic/provider/alembic"
	"github.com/koanf-alembic/koanf-alembic/pyvalue"
)

// Every entry point reads sections of every size alike: the engine indexes
// a section past 48 options, and a past defect lost the options after the
// index was built; its first chunk of options holds 22 (21 to 23 cross
// it, in a text below the 704 bytes from which the first chunks come in
// one allocation, 47 and up in a text above). Each listed name must be
// fetchable, with its value, through the getters, Section, Koanf(), the
// provider and the parser.
func TestEveryEntryPointAtEverySize(t *testing.T) {
	for _, n := range []int{0, 1, 21, 22, 23, 47, 48, 49, 50, 60, 500, 10_000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			var b strings.Builder
			b.WriteString("[DEFAULT]\nshared = d\n[alembic]\n")
			for i := 0; i < n; i++ {
				fmt.Fprintf(&b, "opt%d = v%d %%(shared)s\n", i, i)
			}
			checkEveryEntryPoint(t, b.String(), "alembic", n+2) // + shared, here
		})
	}
}

// The engine's first chunk of sections holds 11: files of 10 to 13
// sections, below and above the 704 bytes from which the first chunks
// come in one allocation, read alike, down to the last section.
func TestEveryEntryPointAroundTheFirstSections(t *testing.T) {
	for _, sections := range []int{10, 11, 12, 13} {
		for _, pad := range []int{0, 800} {
			t.Run(fmt.Sprintf("%d sections, %d bytes of comment", sections, pad), func(t *testing.T) {
				var b strings.Builder
				b.WriteString("#" + strings.Repeat("x", pad) + "\n[alembic]\nmain = m\n")
				for i := 0; i < sections-1; i++ {
					fmt.Fprintf(&b, "[s%d]\nk = %d\nother = %d\n", i, i, i)
				}
				checkEveryEntryPoint(t, b.String(), fmt.Sprintf("s%d", sections-2), 3) // + here
			})
		}
	}
}

// A [DEFAULT] of 500 options and a file of 100,000 sections.
func TestEveryEntryPointLargeDefaultsAndManySections(t *testing.T) {
	var b strings.Builder
	b.WriteString("[DEFAULT]\n")
	for i := 0; i < 500; i++ {
		fmt.Fprintf(&b, "d%d = %d\n", i, i)
	}
	b.WriteString("[alembic]\nown = x %(d499)s\n")
	checkEveryEntryPoint(t, b.String(), "alembic", 502)

	b.Reset()
	for i := 0; i < 100_000; i++ {
		fmt.Fprintf(&b, "[s%d]\nk = %d\n", i, i)
	}
	b.WriteString("[alembic]\nlast = yes\n")
	checkEveryEntryPoint(t, b.String(), "s99999", 2)
}

// checkEveryEntryPoint reads text through every entry point and checks
// that section holds want options and that each entry point gives each of
// them the value FileConfig().Get gives.
func checkEveryEntryPoint(t *testing.T, text, section string, want int) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "alembic.ini")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := alembiccfg.New(alembiccfg.Options{File: path})
	fc, err := cfg.FileConfig()
	if err != nil {
		t.Fatal(err)
	}
	names, err := fc.Options(section)
	if err != nil {
		t.Fatal(err)
	}
	items, ok, err := cfg.Section(section)
	if err != nil || !ok {
		t.Fatalf("Section(%s) = %v, %v", section, ok, err)
	}
	if len(names) != want || len(items) != want {
		t.Fatalf("Options lists %d names, Section %d items; want %d", len(names), len(items), want)
	}
	k, err := cfg.Koanf()
	if err != nil {
		t.Fatal(err)
	}
	tree, err := alembic.Provider(alembic.Opt{File: path}).Read()
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := ini.Parser(ini.Opt{Defaults: pyvalue.NewDict().Set("here", dir)}).Unmarshal([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	provided := tree[section].(map[string]any)
	unmarshalled := parsed[section].(map[string]any)
	inSection := make(map[string]string, len(items))
	for _, it := range items {
		inSection[it.Name] = it.Value
	}
	for _, name := range names {
		wantValue, ok, err := fc.Get(section, name)
		if err != nil || !ok {
			t.Fatalf("Get(%s, %s) = %v, %v", section, name, ok, err)
		}
		if v, ok, err := cfg.SectionOption(section, name); err != nil || !ok || v != wantValue {
			t.Fatalf("SectionOption(%s, %s) = %q, %v, %v; want %q", section, name, v, ok, err, wantValue)
		}
		if v, ok := inSection[name]; !ok || v != wantValue {
			t.Fatalf("Section item %s = %q, %v; want %q", name, v, ok, wantValue)
		}
		if v := k.String(section + "." + name); v != wantValue {
			t.Fatalf("Koanf %s.%s = %q, want %q", section, name, v, wantValue)
		}
		if v := provided[name]; v != wantValue {
			t.Fatalf("provider %s.%s = %q, want %q", section, name, v, wantValue)
		}
		if v := unmarshalled[name]; v != wantValue {
			t.Fatalf("parser %s.%s = %q, want %q", section, name, v, wantValue)
		}
	}
	if len(provided) != want || len(unmarshalled) != want {
		t.Fatalf("provider %d options, parser %d; want %d", len(provided), len(unmarshalled), want)
	}
}
