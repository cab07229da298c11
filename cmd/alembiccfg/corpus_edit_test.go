package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
)

// On every real alembic.ini of ../shared/corpus that Alembic can read, set
// changes at most sqlalchemy.url's lines and CPython reads the new value,
// unset removes just its lines, and a no-op save is byte-identical.
func TestEditCorpus(t *testing.T) {
	fx := filepath.Join("..", "..", "..", "shared", "corpus", "fx")
	files, _ := filepath.Glob(filepath.Join(fx, "*"))
	if len(files) == 0 {
		t.Skip("no ../shared/corpus on this machine")
	}
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Fatal("python3 not found: this test needs CPython 3.11+ as its oracle")
	}
	const url = "postgresql://new:p%40ss@h/db"
	var edited []string
	for _, f := range files {
		orig, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dir := project(t, map[string]string{"alembic.ini": string(orig)})
		path := filepath.Join(dir, "alembic.ini")
		if r := runAt(t, dir, nil, "--env-prefix", "", "get", "sqlalchemy.url"); r.code == 2 {
			continue // Alembic cannot read it either
		}
		// A no-op save.
		ed, err := alembiccfg.New(alembiccfg.Options{File: path}).EditFile(context.Background())
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if err := ed.Save(context.Background(), false); err != nil {
			t.Fatal(err)
		}
		if now, _ := os.ReadFile(path); !bytes.Equal(now, orig) {
			t.Errorf("%s: a no-op save changed the file", f)
		}
		if r := runAt(t, dir, nil, "--env-prefix", "", "set", "sqlalchemy.url", url, "--write"); r.code != 0 {
			t.Errorf("%s: set: %s", f, r)
			continue
		}
		now, _ := os.ReadFile(path)
		_, gone, added := changedLines(string(orig), string(now))
		if len(gone) == 0 && len(added) == 3 && added[0] == "" && added[1] == "[alembic]" {
			added = added[2:] // a file without [alembic]: the section is appended
		}
		if len(added) != 1 || !strings.HasPrefix(strings.ToLower(strings.TrimSpace(added[0])), "sqlalchemy.url") ||
			len(gone) > 0 && !strings.HasPrefix(strings.ToLower(strings.TrimSpace(gone[0])), "sqlalchemy.url") {
			t.Errorf("%s: set changed other lines:\n-%q\n+%q", f, gone, added)
		}
		if bytes.Contains(orig, []byte("\r\n")) != bytes.Contains(now, []byte("\r\n")) {
			t.Errorf("%s: line endings changed", f)
		}
		edited = append(edited, path)
		unsetDir := project(t, map[string]string{"alembic.ini": string(now)})
		if r := runAt(t, unsetDir, nil, "--env-prefix", "", "unset", "sqlalchemy.url", "--write"); r.code != 0 {
			t.Errorf("%s: unset: %s", f, r)
			continue
		}
		after, _ := os.ReadFile(filepath.Join(unsetDir, "alembic.ini"))
		if _, gone, added := changedLines(string(now), string(after)); len(added) != 0 || len(gone) != 1 {
			t.Errorf("%s: unset changed other lines:\n-%q\n+%q", f, gone, added)
		}
	}
	if len(edited) < len(files)/2 {
		t.Fatalf("only %d of %d corpus files edited", len(edited), len(files))
	}
	// CPython reads back exactly the value set.
	script := `import configparser, json, sys
from pathlib import Path
out = []
for p in json.load(sys.stdin):
    cp = configparser.ConfigParser({"here": Path(p).absolute().parent.as_posix()})
    cp.read([p], encoding="utf-8")
    out.append(cp.get("alembic", "sqlalchemy.url"))
json.dump(out, sys.stdout)`
	in, _ := json.Marshal(edited)
	cmd := exec.Command(python, "-c", script)
	cmd.Stdin = bytes.NewReader(in)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python: %v", err)
	}
	var got []string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	for i, v := range got {
		if v != url {
			t.Errorf("%s: CPython reads %q, want %q", edited[i], v, url)
		}
	}
	t.Logf("%d of %d corpus files edited and read back by CPython", len(edited), len(files))
}
