//go:build linux

package pypath

import (
	"os"
	"path/filepath"
	"testing"
)

// In a directory reached through a symbolic link, with $PWD naming the
// link (as a shell sets it), Python's os.getcwd() and so Alembic's `here`
// give the resolved path; os.Getwd would give $PWD.
func TestWorkDirIsGetcwd(t *testing.T) {
	real := filepath.Join(t.TempDir(), "real")
	if err := os.Mkdir(real, 0o755); err != nil {
		t.Fatal(err)
	}
	real, err := filepath.EvalSymlinks(real)
	if err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	t.Chdir(link)
	t.Setenv("PWD", link)
	if wd, _ := os.Getwd(); wd != link {
		t.Logf("os.Getwd() = %q (not $PWD on this system)", wd)
	}
	got, err := WorkDir("")
	if err != nil || got != real {
		t.Fatalf("WorkDir(\"\") = %q, %v; want %q", got, err, real)
	}
	if got := Here("alembic.ini", got); got != real {
		t.Fatalf("Here = %q; want %q", got, real)
	}
	if got, _ := WorkDir("/given"); got != "/given" {
		t.Fatalf("WorkDir(/given) = %q", got)
	}
}
