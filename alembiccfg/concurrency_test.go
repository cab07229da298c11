package alembiccfg_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/pyvalue"
)

func iniFile(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "alembic.ini")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// returns fails the test if f has not returned within a minute: a callback
// that calls the Config must not deadlock it.
func returns(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatalf("%s did not return: a callback ran with the Config's lock held", what)
	}
}

// Callbacks run without the Config's lock: each may call the Config.
func TestCallbacksMayCallTheConfig(t *testing.T) {
	path := iniFile(t, "[alembic]\nscript_location = m\nversion_locations = a b\n[handler_x]\nargs = %(nope)s\n")
	var cfg *alembiccfg.Config
	var seen []string
	var mu sync.Mutex
	record := func(s string) {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, s)
	}
	cfg = alembiccfg.New(alembiccfg.Options{
		File:    path,
		CmdOpts: &alembiccfg.CmdOpts{Verbose: true},
		OnWarning: func(w alembiccfg.Warning) {
			v, _, err := cfg.MainOption("script_location")
			record(fmt.Sprintf("warning %s: script_location=%s %v", w.Category, v, err))
		},
		Logger: slog.New(slogFunc(func(msg string) {
			v, _, err := cfg.MainOption("script_location")
			record(fmt.Sprintf("log %s: script_location=%s %v", msg, v, err))
		})),
		OnInterpolationError: func(section, option string, err error) {
			v, _, _ := cfg.MainOption("script_location")
			record(fmt.Sprintf("failure [%s] %s: script_location=%s", section, option, v))
		},
	})
	returns(t, "VersionLocations with a warning callback", func() {
		if _, _, err := cfg.VersionLocations(); err != nil {
			t.Error(err)
		}
	})
	returns(t, "Koanf with a failure callback", func() {
		if _, err := cfg.Koanf(); err != nil {
			t.Error(err)
		}
	})
	want := []string{
		"log Loading config from file: " + path + ": script_location=m <nil>",
		"warning DeprecationWarning: script_location=m <nil>",
		"failure [handler_x] args: script_location=m",
	}
	if fmt.Sprint(seen) != fmt.Sprint(want) {
		t.Errorf("callbacks saw\n%q\nwant\n%q", seen, want)
	}
}

// slogFunc is a slog.Handler that passes each message to a function.
type slogFunc func(msg string)

func (f slogFunc) Enabled(context.Context, slog.Level) bool { return true }

func (f slogFunc) Handle(_ context.Context, r slog.Record) error {
	f(r.Message)
	return nil
}

func (f slogFunc) WithAttrs([]slog.Attr) slog.Handler { return f }

func (f slogFunc) WithGroup(string) slog.Handler { return f }

// Attributes is one Dict for everyone, safe for concurrent use (the race
// detector watches this test).
func TestAttributesConcurrently(t *testing.T) {
	cfg := alembiccfg.New(alembiccfg.Options{Attributes: pyvalue.NewDict().Set("seed", 1)})
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				key := fmt.Sprintf("g%d-%d", g, i)
				cfg.Attributes().Set(key, i)
				if v, ok := cfg.Attributes().Get(key); !ok || v != i {
					t.Errorf("Get(%s) = %v, %v", key, v, ok)
				}
				cfg.Attributes().Range(func(string, any) bool { return true })
				_ = cfg.Attributes().Keys()
			}
		}()
	}
	wg.Wait()
	if n := cfg.Attributes().Len(); n != 1+8*200 {
		t.Errorf("%d attributes, want %d", n, 1+8*200)
	}
}

// Readers, setters and reloads at once: every read sees a whole view.
func TestGettersSettersAndReloadConcurrently(t *testing.T) {
	path := iniFile(t, "[alembic]\nsqlalchemy.url = a\nderived = <%(sqlalchemy.url)s>\n")
	cfg := alembiccfg.New(alembiccfg.Options{File: path})
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				switch g {
				case 0:
					if err := cfg.SetMainOption("n", fmt.Sprint(i)); err != nil {
						t.Error(err)
					}
				case 1:
					if err := cfg.Reload(); err != nil {
						t.Error(err)
					}
				default:
					v, ok, err := cfg.MainOption("derived")
					if err != nil || !ok || v != "<a>" {
						t.Errorf("derived = %q, %v, %v", v, ok, err)
					}
					if _, err := cfg.Koanf(); err != nil {
						t.Error(err)
					}
				}
			}
		}()
	}
	wg.Wait()
	if v, _, _ := cfg.MainOption("n"); v != "99" {
		t.Errorf("n = %q after the sets and reloads, want 99", v)
	}
}

// A FileConfig obtained before Reload answers from the current view.
func TestFileConfigFollowsReload(t *testing.T) {
	path := iniFile(t, "[alembic]\nv = 1\n")
	cfg := alembiccfg.New(alembiccfg.Options{File: path})
	fc, err := cfg.FileConfig()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("[alembic]\nv = 2\n[new]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Reload(); err != nil {
		t.Fatal(err)
	}
	if v, _, _ := fc.Get("alembic", "v"); v != "2" || !fc.HasSection("new") {
		t.Errorf("after Reload the old FileConfig reads v = %q, sections %v", v, fc.Sections())
	}
}

// RequireFile makes a missing or directory ini an OSError at load; by
// default it reads as empty, as in Alembic.
func TestRequireFile(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "nope.ini")
	if err := alembiccfg.New(alembiccfg.Options{File: missing}).Load(); err != nil {
		t.Errorf("default: %v (Alembic reads a missing file as empty)", err)
	}
	for _, file := range []string{missing, dir} {
		err := alembiccfg.New(alembiccfg.Options{File: file, RequireFile: true}).Load()
		var e *alembicerr.Error
		if !errors.As(err, &e) || !errors.Is(err, alembicerr.OSError) || e.Source == "" {
			t.Errorf("RequireFile, %s: %v, want an OSError naming the file", file, err)
		}
	}
	err := alembiccfg.New(alembiccfg.Options{File: dir, RequireFile: true}).Load()
	if !errors.Is(err, alembicerr.IsADirectoryError) {
		t.Errorf("RequireFile on a directory: %v, want IsADirectoryError", err)
	}
}

// set_section_option adds a missing section before set refuses the value,
// so the section stays, in every view and after a reload (found by the
// differential test).
func TestFailedSetKeepsTheNewSection(t *testing.T) {
	cfg := alembiccfg.New(alembiccfg.Options{File: iniFile(t, "[alembic]\nscript_location = x\n")})
	if _, err := cfg.Koanf(); err != nil {
		t.Fatal(err)
	}
	if err := cfg.SetSectionOption("new", "a", "50%"); !errors.Is(err, alembicerr.ValueError) {
		t.Fatalf("SetSectionOption: %v, want ValueError", err)
	}
	for _, when := range []string{"after the set", "after a reload"} {
		k, err := cfg.Koanf()
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := k.Raw()["new"]; !ok {
			t.Errorf("%s: Koanf() lacks [new]: %v", when, k.Raw())
		}
		if _, ok, _ := cfg.Section("new"); !ok {
			t.Errorf("%s: Section(new) is absent", when)
		}
		if err := cfg.Reload(); err != nil {
			t.Fatal(err)
		}
	}
}
