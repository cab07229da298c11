package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// genDocument draws an ini with [DEFAULT] options that sections read, shadow
// or reference, %(here)s, literal percents, continuation lines and a
// stock logging formatter: what dump --format ini must carry over.
func genDocument(r *rand.Rand) string {
	var b strings.Builder
	word := func() string {
		const letters = "abcdefghijklmnopqrstuvwxyz"
		n := 1 + r.IntN(8)
		w := make([]byte, n)
		for i := range w {
			w[i] = letters[r.IntN(len(letters))]
		}
		return string(w)
	}
	value := func(refs []string) string {
		parts := []string{word()}
		for i := r.IntN(4); i > 0; i-- {
			switch k := r.IntN(6); {
			case k == 0 && len(refs) > 0:
				parts = append(parts, "%("+refs[r.IntN(len(refs))]+")s")
			case k == 1:
				parts = append(parts, "100%%")
			case k == 2:
				parts = append(parts, "%(here)s/"+word())
			case k == 3:
				parts = append(parts, "\n    "+word())
			default:
				parts = append(parts, word())
			}
		}
		return strings.Join(parts, " ")
	}
	var defaults []string
	if r.IntN(4) > 0 {
		b.WriteString("[DEFAULT]\n")
		for i := r.IntN(5) + 1; i > 0; i-- {
			name := "d" + word()
			fmt.Fprintf(&b, "%s = %s\n", name, value(defaults))
			defaults = append(defaults, name)
		}
	}
	for s := r.IntN(5) + 1; s > 0; s-- {
		fmt.Fprintf(&b, "\n[s%d%s]\n", s, word())
		own := append([]string(nil), defaults...)
		for i := r.IntN(6); i > 0; i-- {
			name := word()
			if len(defaults) > 0 && r.IntN(4) == 0 {
				name = defaults[r.IntN(len(defaults))] // shadow a default
			}
			if strings.Contains(b.String()[strings.LastIndex(b.String(), "["):], "\n"+name+" = ") {
				continue
			}
			fmt.Fprintf(&b, "%s = %s\n", name, value(own))
			own = append(own, name)
		}
	}
	if r.IntN(3) == 0 {
		b.WriteString("\n[formatter_generic]\nformat = %(levelname)-5.5s [%(name)s] %(message)s\ndatefmt = %%H:%%M:%%S\n")
	}
	return b.String()
}

// dump --format ini of generated documents reads back in CPython, from
// another directory, with the same sections and identical items() for
// every section (`here` aside, which is the reading directory's).
func TestDumpINIReadsBackInCPython(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Fatal("python3 not found: this test needs CPython 3.11+ as its oracle")
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	r := rand.New(rand.NewPCG(seed, 0))
	var paths []string
	for i := 0; i < 150; i++ {
		doc := genDocument(r)
		dir := project(t, map[string]string{"alembic.ini": doc})
		res := runAt(t, dir, nil, "--env-prefix", "", "dump", "--format", "ini", "--show-secrets")
		if res.code != 0 {
			// A document CPython cannot interpolate is refused, naming it.
			if res.code != 2 || !strings.Contains(res.stderr, "Error") {
				t.Fatalf("dump of\n%s\n%s", doc, res)
			}
			continue
		}
		other := filepath.Join(t.TempDir(), "elsewhere", "dumped.ini")
		if err := os.MkdirAll(filepath.Dir(other), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(other, []byte(res.stdout), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, filepath.Join(dir, "alembic.ini"), other)
	}
	in, _ := json.Marshal(paths)
	cmd := exec.Command(python, "testdata/items.py")
	cmd.Stdin = bytes.NewReader(in)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("items.py: %v", err)
	}
	var answers []map[string]any
	if err := json.Unmarshal(out, &answers); err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(answers); i += 2 {
		if !reflect.DeepEqual(answers[i], answers[i+1]) {
			orig, _ := os.ReadFile(paths[i])
			dumped, _ := os.ReadFile(paths[i+1])
			t.Errorf("CPython reads the dump otherwise:\n--- original\n%s\n--- dumped\n%s\n--- original items %v\n--- dumped items %v",
				orig, dumped, answers[i], answers[i+1])
		}
	}
	t.Logf("%d documents dumped and read back by CPython", len(paths)/2)
	if len(paths) < 100 {
		t.Errorf("only %d of 150 documents could be dumped", len(paths)/2)
	}
}
