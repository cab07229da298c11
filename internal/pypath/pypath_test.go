package pypath

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
)

// Alembic 1.19.1's here: pathlib's absolute().parent.as_posix(), ".." kept.
func TestHere(t *testing.T) {
	tests := []struct{ file, dir, want string }{
		{"", "/w", "."},
		{"alembic.ini", "/w", "/w"},
		{"sub/../basic.ini", "/w", "/w/sub/.."},
		{"/a//./sub/x.ini", "/w", "/a/sub"},
		{"/a/sub/", "/w", "/a"},
		{"./x.ini", "/w/", "/w"},
		{"//net/x.ini", "/w", "//net"},
		{"///a/x.ini", "/w", "/a"},
		{"/x.ini", "/w", "/"},
	}
	for _, tt := range tests {
		if got := Here(tt.file, tt.dir); got != tt.want {
			t.Errorf("Here(%q, %q) = %q, want %q", tt.file, tt.dir, got, tt.want)
		}
	}
	if got := Posix("./a//b/"); got != "a/b" {
		t.Errorf("Posix = %q", got)
	}
}

func TestOSError(t *testing.T) {
	dir := t.TempDir()
	_, err := os.ReadFile(dir)
	var pe *alembicerr.Error
	if !errors.As(OSError(dir, err), &pe) || pe.Kind != alembicerr.IsADirectoryError || pe.Message != "[Errno 21] Is a directory: '"+dir+"'" {
		t.Errorf("directory: %#v", pe)
	}
	_, err = os.ReadFile(filepath.Join(dir, "nope"))
	if got := OSError("nope", err); !errors.Is(got, alembicerr.ErrOS) || !errors.Is(got, os.ErrNotExist) {
		t.Errorf("missing file: %v", got)
	}
}

// The fast path of Here agrees with the general one.
func TestHereFastPath(t *testing.T) {
	files := []string{"a.ini", "x/a.ini", "../a.ini", "x/../a.ini", "/abs/a.ini", "/a.ini", "./a.ini", "x//a.ini", "x/./a.ini", "x/", "//n/a.ini", ".", "..", "a/..", "x/a.ini/."}
	dirs := []string{"/w", "/w/", "/w/sub", "//net/w", "/w/./x", "/w//x", "/", "/w/.."}
	for _, f := range files {
		for _, d := range dirs {
			want := parsePath(f).absolute(d).parent().String()
			if got := Here(f, d); got != want {
				t.Errorf("Here(%q, %q) = %q, want %q", f, d, got, want)
			}
		}
	}
}
