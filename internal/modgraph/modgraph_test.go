// Package modgraph holds a test of the module graph: the library's own
// go.mod stays lean, and an application that imports only the library's
// packages never has etcd or gRPC in its module graph (DESIGN.md §2; the
// etcd layer and the CLI are modules of their own).
package modgraph

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// heavy are module path prefixes that only the etcd layer's module may bring.
var heavy = []string{"go.etcd.io/", "google.golang.org/grpc", "github.com/spf13/viper"}

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatal(err)
	}
	return root
}

func TestRootGoModRequiresNoHeavyModule(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoRoot(t), "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		for _, h := range heavy {
			if strings.Contains(line, h) {
				t.Errorf("go.mod names %s: %q", h, strings.TrimSpace(line))
			}
		}
	}
}

// A consumer module that imports alembiccfg, provider/alembic and
// parser/ini: `go list -m all` names no go.etcd.io module.
func TestConsumerModuleGraph(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	root := repoRoot(t)
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/consumer\n\ngo 1.24\n\n"+
		"require github.com/koanf-alembic/koanf-alembic v0.0.0\n\n"+
		"replace github.com/koanf-alembic/koanf-alembic => "+root+"\n")
	write("main.go", `package main

import (
	"fmt"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
	_ "github.com/koanf-alembic/koanf-alembic/parser/ini"
	_ "github.com/koanf-alembic/koanf-alembic/provider/alembic"
)

func main() {
	cfg := alembiccfg.New(alembiccfg.Options{File: "alembic.ini"})
	fmt.Println(cfg.MainOption("sqlalchemy.url"))
}
`)
	run := func(args ...string) string {
		cmd := exec.Command(goBin, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run("mod", "tidy")
	run("build", "-o", os.DevNull, ".")
	all := run("list", "-m", "all")
	if !strings.Contains(all, "github.com/knadh/koanf/v2") {
		t.Fatalf("go list -m all misses koanf, so it proves nothing:\n%s", all)
	}
	for _, line := range strings.Split(all, "\n") {
		for _, h := range heavy {
			if strings.HasPrefix(line, h) {
				t.Errorf("the consumer's module graph names %s", line)
			}
		}
	}
}
