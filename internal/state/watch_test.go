package state

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// chain names exactly the paths whose events concern a file — the file,
// each symlink on the way, where it leads — so that writes to other files
// of the watched directories are ignored.
func TestChain(t *testing.T) {
	dir := t.TempDir()
	other := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(other, "real.ini"), nil, 0o644))
	must(os.Symlink(filepath.Join(other, "real.ini"), filepath.Join(dir, "linked.ini")))
	must(os.Mkdir(filepath.Join(dir, "..2024"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "..2024", "alembic.ini"), nil, 0o644))
	must(os.Symlink("..2024", filepath.Join(dir, "..data")))
	must(os.Symlink("..data/alembic.ini", filepath.Join(dir, "cm.ini")))

	for _, tc := range []struct {
		file        string
		paths, dirs []string
	}{
		{filepath.Join(dir, "plain.ini"), []string{filepath.Join(dir, "plain.ini")}, []string{dir}},
		{filepath.Join(dir, "linked.ini"),
			[]string{filepath.Join(dir, "linked.ini"), filepath.Join(other, "real.ini")},
			[]string{dir, other}},
		{filepath.Join(dir, "cm.ini"),
			[]string{filepath.Join(dir, "cm.ini"), filepath.Join(dir, "..data", "alembic.ini"), filepath.Join(dir, "..data"),
				filepath.Join(dir, "..2024", "alembic.ini")},
			[]string{dir, filepath.Join(dir, "..data"), filepath.Join(dir, "..2024")}},
	} {
		paths, dirs := chain(tc.file)
		for _, want := range tc.paths {
			if !slices.Contains(paths, want) {
				t.Errorf("chain(%s) paths %v lack %s", tc.file, paths, want)
			}
		}
		for _, want := range tc.dirs {
			if !slices.Contains(dirs, want) {
				t.Errorf("chain(%s) dirs %v lack %s", tc.file, dirs, want)
			}
		}
		for _, unrelated := range []string{filepath.Join(dir, "unrelated.txt"), filepath.Join(dir, "plain.ini~"), filepath.Join(other, "x")} {
			if slices.Contains(paths, unrelated) {
				t.Errorf("chain(%s) includes the unrelated %s", tc.file, unrelated)
			}
		}
	}
}
