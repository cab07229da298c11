package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// lineWriter hands each written line to a channel.
type lineWriter chan string

func (w lineWriter) Write(p []byte) (int, error) {
	for _, l := range strings.Split(strings.TrimSuffix(string(p), "\n"), "\n") {
		w <- l
	}
	return len(p), nil
}

func TestWatchFollowsTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "alembic.ini")
	if err := os.WriteFile(path, []byte("[alembic]\nsqlalchemy.url = sqlite://\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	out := make(lineWriter, 64)
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-c", path}, out) }()
	expectLine := func(want string) {
		t.Helper()
		guard := time.After(30 * time.Second) // against a hang, not a timing claim
		for {
			select {
			case l := <-out:
				if strings.HasPrefix(l, want) {
					return
				}
			case <-guard:
				t.Fatalf("no line %q", want)
			}
		}
	}
	expectLine("following ")
	if err := os.WriteFile(path, []byte("[alembic]\nsqlalchemy.url = postgresql://u:pw@h/db\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	expectLine("[alembic] sqlalchemy.url = postgresql://u:***@h/db (file " + path + ":2)")
	if err := os.WriteFile(path, []byte("[alembic]\nbroken\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	expectLine("kept the last good configuration: ")
	cancel()
	for {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			return
		case <-out:
		}
	}
}
