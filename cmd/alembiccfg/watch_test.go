package main

import (
	"bufio"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// watch prints one line per change and per error on real files, secrets
// redacted, and exits 0 when stopped.
func TestWatchCommand(t *testing.T) {
	dir := project(t, map[string]string{"alembic.ini": "[alembic]\nv = 1\ngone = x\n"})
	inv, err := parseArgs([]string{"--env-prefix", "", "watch"})
	if err != nil {
		t.Fatal(err)
	}
	pr, pw := io.Pipe()
	errOut := &syncBuffer{}
	a := &app{inv: inv, dir: dir, stdin: strings.NewReader(""), stdout: pw, stderr: errOut}
	if err := a.resolveFiles(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	code := make(chan int, 1)
	go func() { code <- a.watch(ctx); pw.Close() }()
	lines := bufio.NewScanner(pr)
	next := func(want string) {
		t.Helper()
		got := make(chan string, 1)
		go func() {
			if lines.Scan() {
				got <- lines.Text()
			} else {
				got <- "(end)"
			}
		}()
		select {
		case line := <-got:
			if line != want {
				t.Fatalf("watch printed %q, want %q", line, want)
			}
		case <-time.After(30 * time.Second): // a guard against a hang
			t.Fatalf("watch printed nothing; want %q", want)
		}
	}
	path := filepath.Join(dir, "alembic.ini")
	// Wait for the watch to be set up: it says so on stderr first.
	for i := 0; !strings.Contains(errOut.String(), "watching") && i < 3000; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	if err := os.WriteFile(path, []byte("[alembic]\nv = 2\nsqlalchemy.url = postgresql://u:SECRET@h/db\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	next("[alembic] gone removed")
	next("[alembic] sqlalchemy.url = postgresql://u:***@h/db (file alembic.ini:3)")
	next("[alembic] v = 2 (file alembic.ini:2)")
	if err := os.WriteFile(path, []byte("[alembic]\nbroken\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	next("error: alembic.ini:2: neither a section header, an option nor a comment: 'broken' (ParsingError)")
	cancel()
	if c := <-code; c != exitOK {
		t.Errorf("exit %d", c)
	}
}

// syncBuffer is a strings.Builder safe for a writer and a reader at once.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
