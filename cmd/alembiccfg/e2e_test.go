package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// versionLine is what --version prints: the name and one word.
var versionLine = regexp.MustCompile(`^alembiccfg \S+\n$`)

// TestBinaryAcceptance builds the command once and runs the brief's
// scenario as a real process: a real environment, a real working
// directory, real exit codes.
func TestBinaryAcceptance(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool on PATH")
	}
	bin := filepath.Join(t.TempDir(), "alembiccfg")
	build := exec.Command(goTool, "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := project(t, map[string]string{"alembic.ini": acceptanceINI})

	exe := func(env []string, args ...string) result {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		// A clean environment: only what the scenario sets (and PATH).
		cmd.Env = append([]string{"PATH=" + os.Getenv("PATH")}, env...)
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		code := 0
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			code = exitErr.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return result{code: code, stdout: out.String(), stderr: errOut.String()}
	}

	r := exe(acceptanceEnv, "-c", "alembic.ini", "get", "sqlalchemy.url")
	if r.code != 0 || r.stdout != "postgresql://u:p%40ss@db/app\n" || r.stderr != "" {
		t.Fatalf("get sqlalchemy.url:\n%s", r)
	}
	r = exe(acceptanceEnv, "-c", "alembic.ini", "get", "derived")
	if r.code != 0 || r.stdout != "url is postgresql://u:p%40ss@db/app\n" {
		t.Fatalf("get derived:\n%s", r)
	}
	expectExplainAcceptance(t, exe(acceptanceEnv, "-c", "alembic.ini", "explain"))

	// The exit codes, as a shell sees them.
	if r := exe(acceptanceEnv, "get", "nope"); r.code != 1 || r.stdout != "" {
		t.Errorf("get nope:\n%s", r)
	}
	if r := exe(nil, "-c", "missing.ini", "get", "x"); r.code != 2 || !strings.Contains(r.stderr, "missing.ini: no such file") {
		t.Errorf("missing ini:\n%s", r)
	}
	if r := exe(nil, "--help"); r.code != 0 || !strings.HasPrefix(r.stdout, "usage: alembiccfg") {
		t.Errorf("--help:\n%s", r)
	}
	if r := exe(nil, "--version"); r.code != 0 || !versionLine.MatchString(r.stdout) {
		t.Errorf("--version:\n%s", r)
	}
	// check: no script_location is a problem found.
	if r := exe(acceptanceEnv, "check"); r.code != 1 || strings.Contains(r.stdout, "p%40ss") {
		t.Errorf("check:\n%s", r)
	}
}
