package alembiccfg

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"

	"github.com/koanf-alembic/koanf-alembic/pyvalue"
)

func writeIni(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "alembic.ini")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestMissingFileReadsEmpty(t *testing.T) {
	cfg := New(Options{File: filepath.Join(t.TempDir(), "nope.ini")})
	if err := cfg.Load(); err != nil {
		t.Fatalf("Load of a missing file: %v (Alembic reads it as empty)", err)
	}
	_, _, err := cfg.MainOption("x")
	if !errors.Is(err, alembicerr.ErrCommand) || !strings.Contains(err.Error(), "found, or file has no '[alembic]' section") {
		t.Errorf("MainOption = %v, want Alembic's CommandError", err)
	}
	// set_main_option creates the main section, after which it answers.
	if err := cfg.SetMainOption("x", "1"); err != nil {
		t.Fatal(err)
	}
	if v, ok, err := cfg.MainOption("x"); v != "1" || !ok || err != nil {
		t.Errorf("after set: %q %v %v", v, ok, err)
	}
}

func TestParseErrorIsNotCached(t *testing.T) {
	p := writeIni(t, "[alembic]\nk = 1\nk = 2\n")
	cfg := New(Options{File: p})
	var e *alembicerr.Error
	if _, _, err := cfg.MainOption("k"); !errors.As(err, &e) || e.Kind != "DuplicateOptionError" || e.Line != 3 {
		t.Fatalf("got %v, want DuplicateOptionError at line 3", err)
	}
	if err := os.WriteFile(p, []byte("[alembic]\nk = fixed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if v, _, err := cfg.MainOption("k"); v != "fixed" || err != nil {
		t.Errorf("after fixing the file: %q %v (a failed read is retried, as in Alembic)", v, err)
	}
	// A successful read is kept.
	_ = os.WriteFile(p, []byte("[alembic]\nk = changed\n"), 0o644)
	if v, _, _ := cfg.MainOption("k"); v != "fixed" {
		t.Errorf("the file was read again: %q", v)
	}
}

func TestConfigArgs(t *testing.T) {
	args := pyvalue.NewDict().Set("base", "/srv").Set("n", 5).Set("flag", true)
	cfg := New(Options{File: writeIni(t, "[alembic]\nloc = %(base)s/%(n)s/%(flag)s\n"), ConfigArgs: args})
	if v, _, err := cfg.MainOption("loc"); v != "/srv/5/True" || err != nil {
		t.Errorf("loc = %q, %v", v, err)
	}
	if args.Has("here") {
		t.Error("the caller's config_args were changed")
	}
	if got := cfg.ConfigArgs().Keys(); strings.Join(got, ",") != "base,n,flag,here" {
		t.Errorf("config_args after load = %v", got)
	}
	bad := New(Options{ConfigArgs: pyvalue.NewDict().Set("x", nil)})
	if _, _, err := bad.MainOption("x"); !errors.Is(err, alembicerr.ErrType) {
		t.Errorf("a nil config_arg: %v, want TypeError", err)
	}
}

func TestIniSectionDefaultWithoutFile(t *testing.T) {
	cfg := New(Options{IniSection: "DEFAULT"})
	for i := 0; i < 2; i++ { // raised on every use: a failed read is not kept
		if _, _, err := cfg.MainOption("x"); !errors.Is(err, alembicerr.ErrValue) {
			t.Fatalf("use %d: %v, want ValueError", i, err)
		}
	}
}

func TestPrintStdout(t *testing.T) {
	tests := []struct {
		encoding string
		text     string
		args     []any
		want     []string
	}{
		{"", "test %s %s", []any{"x", "y"}, []string{"test x y", "\n"}},
		{"", "test 3%", nil, []string{"test 3%", "\n"}},
		{"latin-1", "méil ☃ x", nil, []string{"méil ? x", "\n"}},
		{"ascii", "méil x", nil, []string{"m?il x", "\n"}},
	}
	for _, tt := range tests {
		var w writes
		cfg := New(Options{Stdout: &w, StdoutEncoding: tt.encoding})
		if err := cfg.PrintStdout(tt.text, tt.args...); err != nil {
			t.Fatal(err)
		}
		if strings.Join(w, "|") != strings.Join(tt.want, "|") {
			t.Errorf("PrintStdout(%q) wrote %q, want %q", tt.text, w, tt.want)
		}
	}
	var w writes
	quiet := New(Options{Stdout: &w, CmdOpts: &CmdOpts{Quiet: true}})
	if err := quiet.PrintStdout("x"); err != nil || len(w) != 0 {
		t.Errorf("quiet wrote %q, %v", w, err)
	}
	if err := New(Options{Stdout: &w}).PrintStdout("%d", "x"); !errors.Is(err, alembicerr.ErrType) {
		t.Errorf("bad format: %v, want TypeError", err)
	}
}

type writes []string

func (w *writes) Write(p []byte) (int, error) {
	*w = append(*w, string(p))
	return len(p), nil
}

// Concurrent readers and writers: run with -race.
func TestConcurrentUse(t *testing.T) {
	cfg := New(Options{File: writeIni(t, "[alembic]\na = 1\nb = %(a)s-x\n")})
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				if g%2 == 0 {
					_ = cfg.SetMainOption("a", "2")
				}
				if v, _, err := cfg.MainOption("b"); err != nil || (v != "1-x" && v != "2-x") {
					t.Errorf("b = %q, %v", v, err)
					return
				}
				_, _, _ = cfg.Section("alembic")
			}
		}(g)
	}
	wg.Wait()
}

func TestAsBool(t *testing.T) {
	for _, tt := range []struct {
		in   any
		want bool
		err  bool
	}{
		{"true", true, false}, {" Yes ", true, false}, {"0", false, false}, {"off", false, false},
		{nil, false, false}, {true, true, false}, {int64(0), false, false}, {"maybe", false, true},
	} {
		got, err := AsBool(tt.in)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("AsBool(%v) = %v, %v", tt.in, got, err)
		}
	}
}

// Resolved values are remembered until something changes them.
func TestResolvedValuesFollowChanges(t *testing.T) {
	cfg := New(Options{File: writeIni(t, "[alembic]\na = 1\nb = <%(a)s>\n[other]\nb = other\n")})
	get := func(name string) string {
		t.Helper()
		v, _, err := cfg.MainOption(name)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for i := 0; i < 2; i++ { // the second read comes from the remembered values
		if got := get("b"); got != "<1>" {
			t.Fatalf("read %d: %q", i, got)
		}
	}
	_ = cfg.SetMainOption("a", "2")
	if got := get("b"); got != "<2>" {
		t.Errorf("after a set: %q", got)
	}
	cfg.SetConfigIniSection("other")
	if got := get("b"); got != "other" {
		t.Errorf("after changing the main section: %q", got)
	}
	_ = cfg.RemoveMainOption("b")
	if _, ok, _ := cfg.MainOption("b"); ok {
		t.Error("after a remove the option is gone")
	}
}

// The Config keeps its own copy of config_args: changing the caller's Dict
// after New changes nothing the Config reads.
func TestConfigArgsCopied(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "alembic.ini")
	if err := os.WriteFile(path, []byte("[alembic]\nurl = %(db)s\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	args := pyvalue.NewDict().Set("db", "first")
	cfg := New(Options{File: path, ConfigArgs: args})
	args.Set("db", "changed")
	for i := 0; i < 2; i++ {
		if v, _, err := cfg.MainOption("url"); err != nil || v != "first" {
			t.Fatalf("read %d: url = %q, %v", i, v, err)
		}
		if err := cfg.Reload(); err != nil {
			t.Fatal(err)
		}
	}
}
