package state

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// Each edit changes exactly the lines it should; everything else stays
// byte for byte.
func TestEdit(t *testing.T) {
	const src = "# top comment\n[alembic]\nscript_location = migrations\nsqlalchemy.url:postgresql://old@h/db\nMulti = a\n    b\n\n# trailing comment\n\n[other]\nk=v\n"
	for _, tc := range []struct {
		name                 string
		in                   string
		section, option, raw string
		remove               bool
		want                 string
	}{
		{"set keeps the key, delimiter and spacing", src, "alembic", "sqlalchemy.url", "postgresql://new@h/db", false,
			"# top comment\n[alembic]\nscript_location = migrations\nsqlalchemy.url:postgresql://new@h/db\nMulti = a\n    b\n\n# trailing comment\n\n[other]\nk=v\n"},
		{"set a multi-line value in its indentation", src, "alembic", "multi", "x\ny\n\nz", false,
			"# top comment\n[alembic]\nscript_location = migrations\nsqlalchemy.url:postgresql://old@h/db\nMulti = x\n    y\n\n    z\n\n# trailing comment\n\n[other]\nk=v\n"},
		{"a new option after the section's last, before its trailing comment", src, "alembic", "new", "1", false,
			"# top comment\n[alembic]\nscript_location = migrations\nsqlalchemy.url:postgresql://old@h/db\nMulti = a\n    b\nnew = 1\n\n# trailing comment\n\n[other]\nk=v\n"},
		{"a new option in its neighbours' style", src, "other", "j", "2", false,
			"# top comment\n[alembic]\nscript_location = migrations\nsqlalchemy.url:postgresql://old@h/db\nMulti = a\n    b\n\n# trailing comment\n\n[other]\nk=v\nj=2\n"},
		{"a new section at the end", src, "new", "k", "v", false, src + "\n[new]\nk = v\n"},
		{"remove deletes the option's lines", src, "alembic", "multi", "", true,
			"# top comment\n[alembic]\nscript_location = migrations\nsqlalchemy.url:postgresql://old@h/db\n\n# trailing comment\n\n[other]\nk=v\n"},
		{"CRLF stays CRLF", "[a]\r\nk = 1\r\n", "a", "j", "2", false, "[a]\r\nk = 1\r\nj = 2\r\n"},
		{"no final newline", "[a]\nk = 1", "a", "k", "2", false, "[a]\nk = 2"},
		{"remove the last line without newline", "[a]\nj = 0\nk = 1", "a", "k", "", true, "[a]\nj = 0"},
		{"a new default", "[DEFAULT]\nd = 1\n[a]\n", "DEFAULT", "e", "2", false, "[DEFAULT]\nd = 1\ne = 2\n[a]\n"},
		{"an empty value", "[a]\nk = 1\n", "a", "k", "", false, "[a]\nk = \n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, err := NewEdit("x.ini", []byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if tc.remove {
				if ok, err := e.Remove(tc.section, tc.option); !ok || err != nil {
					t.Fatalf("Remove = %v, %v", ok, err)
				}
			} else if err := e.Set(tc.section, tc.option, tc.raw); err != nil {
				t.Fatal(err)
			}
			if e.Text() != tc.want {
				t.Errorf("got\n%q\nwant\n%q", e.Text(), tc.want)
			}
		})
	}
}

// What CPython cannot read back is refused and the text stays.
func TestEditRefusals(t *testing.T) {
	e, _ := NewEdit("x.ini", []byte("[a]\nk = 1\n"))
	for _, raw := range []string{" padded", "cr\rx", "a\n# comment"} {
		if err := e.Set("a", "k", raw); !errors.Is(err, ErrUnrepresentable) {
			t.Errorf("Set(%q) = %v", raw, err)
		}
	}
	if e.Text() != "[a]\nk = 1\n" {
		t.Errorf("a refused edit changed the text: %q", e.Text())
	}
}

// countdown is a context whose Err turns to Canceled after n calls: a
// save interrupted at each of its steps.
type countdown struct {
	context.Context
	n *int
}

func (c countdown) Err() error {
	if *c.n <= 0 {
		return context.Canceled
	}
	*c.n--
	return nil
}

// A save interrupted at any step before the rename leaves the original
// intact and no temporary file behind.
func TestSaveInterrupted(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "alembic.ini")
	const orig = "[a]\nk = 1\n"
	if err := os.WriteFile(path, []byte(orig), 0o644); err != nil {
		t.Fatal(err)
	}
	stamp := StampOf([]byte(orig))
	for n := 0; ; n++ {
		left := n
		err := SaveAtomic(countdown{context.Background(), &left}, "alembic.ini", path, []byte("[a]\nk = 2\n"), stamp, false)
		got, _ := os.ReadFile(path)
		tmps, _ := filepath.Glob(filepath.Join(dir, ".*tmp-*"))
		if len(tmps) != 0 {
			t.Fatalf("step %d: temporary files left: %v", n, tmps)
		}
		if err == nil {
			if string(got) != "[a]\nk = 2\n" {
				t.Fatalf("a completed save wrote %q", got)
			}
			if n == 0 {
				t.Fatal("a cancelled context did not stop the save")
			}
			return
		}
		if !errors.Is(err, context.Canceled) || string(got) != orig {
			t.Fatalf("step %d: %v, file %q", n, err, got)
		}
	}
}

func TestRemoveSection(t *testing.T) {
	const src = "# top\n[a]\nk = 1\n# about b\n\n[b]\nj = 2\n\n[DEFAULT]\nd = 3\n[c]\nx = 4\n"
	for _, tc := range []struct{ section, want string }{
		{"a", "# top\n[b]\nj = 2\n\n[DEFAULT]\nd = 3\n[c]\nx = 4\n"},
		{"b", "# top\n[a]\nk = 1\n# about b\n\n[DEFAULT]\nd = 3\n[c]\nx = 4\n"},
		{"c", "# top\n[a]\nk = 1\n# about b\n\n[b]\nj = 2\n\n[DEFAULT]\nd = 3\n"},
	} {
		e, _ := NewEdit("x.ini", []byte(src))
		if ok, err := e.RemoveSection(tc.section); !ok || err != nil {
			t.Fatalf("RemoveSection(%s) = %v, %v", tc.section, ok, err)
		}
		if e.Text() != tc.want {
			t.Errorf("RemoveSection(%s):\n%q\nwant\n%q", tc.section, e.Text(), tc.want)
		}
	}
	e, _ := NewEdit("x.ini", []byte(src))
	if ok, _ := e.RemoveSection("nope"); ok || e.Text() != src {
		t.Error("removing a missing section changed something")
	}
	if _, err := e.RemoveSection("DEFAULT"); err == nil {
		t.Error("DEFAULT is not a section to remove")
	}
}

func TestAddSection(t *testing.T) {
	e, _ := NewEdit("x.ini", []byte("[a]\r\nk = 1"))
	if ok, err := e.AddSection("b"); !ok || err != nil {
		t.Fatalf("AddSection = %v, %v", ok, err)
	}
	if want := "[a]\r\nk = 1\r\n\r\n[b]\r\n"; e.Text() != want {
		t.Errorf("got %q, want %q", e.Text(), want)
	}
	if ok, _ := e.AddSection("a"); ok {
		t.Error("an existing section was added again")
	}
	if _, err := e.AddSection("x\ny"); !errors.Is(err, ErrUnrepresentable) {
		t.Errorf("a name with a line break: %v", err)
	}
}
