//go:build unix

package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The built command follows a real file, prints the change within a few
// seconds, and exits 0 on SIGINT.
func TestWatchBinarySIGINT(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "alembiccfg")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := project(t, map[string]string{"alembic.ini": "[alembic]\nv = 1\n"})
	cmd := exec.Command(bin, "--env-prefix", "", "watch")
	cmd.Dir = dir
	stdout, _ := cmd.StdoutPipe()
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	errLines := bufio.NewScanner(stderr)
	if !errLines.Scan() || !strings.Contains(errLines.Text(), "watching") {
		t.Fatalf("stderr: %q", errLines.Text())
	}
	errDone := make(chan struct{})
	go func() {
		for errLines.Scan() {
		}
		close(errDone)
	}()
	if err := os.WriteFile(filepath.Join(dir, "alembic.ini"), []byte("[alembic]\nv = 2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got := make(chan string, 1)
	go func() {
		lines := bufio.NewScanner(stdout)
		for lines.Scan() {
			got <- lines.Text()
		}
		close(got)
	}()
	select {
	case l := <-got:
		if l != "[alembic] v = 2 (file alembic.ini:2)" {
			t.Errorf("watch printed %q", l)
		}
	case <-time.After(30 * time.Second): // a guard against a hang
		t.Fatal("no change printed")
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	for range got {
	}
	<-errDone // every read of the pipes is over before Wait
	if err := cmd.Wait(); err != nil {
		t.Errorf("exit after SIGINT: %v", err)
	}
}
