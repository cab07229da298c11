package alembic_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"

	"github.com/koanf-alembic/koanf-alembic/provider/alembic"
)

// watchTimeout bounds the wait for an fsnotify event; events normally
// arrive within milliseconds.
const watchTimeout = 5 * time.Second

type watchEvent struct {
	event any
	err   error
}

// waitEvent waits for a callback about the file called name.
func waitEvent(t *testing.T, events <-chan watchEvent, name string) {
	t.Helper()
	deadline := time.After(watchTimeout)
	for {
		select {
		case ev := <-events:
			if ev.err != nil {
				t.Fatalf("watch error: %v", ev.err)
			}
			if ev.event != nil {
				t.Fatalf("event is %v, want nil (a settled burst)", ev.event)
			}
			return // a settled burst about one of the files
		case <-deadline:
			t.Fatalf("no event for %s within %v", name, watchTimeout)
		}
	}
}

// drain empties events and fails if one arrives within d.
func expectQuiet(t *testing.T, events <-chan watchEvent, d time.Duration) {
	t.Helper()
	select {
	case ev := <-events:
		t.Errorf("unexpected callback %v, %v", ev.event, ev.err)
	case <-time.After(d):
	}
}

func TestWatch(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"alembic.ini":    "[alembic]\nv = 1\n",
		"pyproject.toml": "[tool.alembic]\nv = 1\n",
	})
	p := alembic.Provider(alembic.Opt{File: "alembic.ini", TOMLFile: "pyproject.toml", Dir: dir})
	events := make(chan watchEvent, 64)
	cb := func(event any, err error) { events <- watchEvent{event, err} }
	if err := p.Watch(cb); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Unwatch() })
	if err := p.Watch(cb); !errors.Is(err, alembicerr.WatchError) {
		t.Errorf("second Watch: %v, want a WatchError", err)
	}

	// A plain write of alembic.ini.
	writeFiles(t, dir, map[string]string{"alembic.ini": "[alembic]\nv = 2\n"})
	waitEvent(t, events, "alembic.ini")
	tree, err := p.Read()
	if err != nil {
		t.Fatal(err)
	}
	if v := tree["alembic"].(map[string]any)["v"]; v != "2" {
		t.Errorf("after the change v = %v", v)
	}

	// pyproject.toml replaced the way editors save: a new file renamed
	// over the old one.
	tmp := filepath.Join(dir, ".pyproject.toml.tmp")
	if err := os.WriteFile(tmp, []byte("[tool.alembic]\nv = 2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, "pyproject.toml")); err != nil {
		t.Fatal(err)
	}
	waitEvent(t, events, "pyproject.toml")

	// Another file in the directory is not reported.
	for len(events) > 0 {
		<-events
	}
	writeFiles(t, dir, map[string]string{"other.txt": "x"})
	expectQuiet(t, events, 100*time.Millisecond)

	// After Unwatch, changes are not reported; Watch works again.
	if err := p.Unwatch(); err != nil {
		t.Fatal(err)
	}
	if err := p.Unwatch(); err != nil {
		t.Errorf("second Unwatch: %v", err)
	}
	writeFiles(t, dir, map[string]string{"alembic.ini": "[alembic]\nv = 3\n"})
	expectQuiet(t, events, 100*time.Millisecond)
	if err := p.Watch(cb); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, map[string]string{"alembic.ini": "[alembic]\nv = 4\n"})
	waitEvent(t, events, "alembic.ini")
}

// TestWatchUnwatchFromCallback checks that the callback may call Unwatch.
func TestWatchUnwatchFromCallback(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"alembic.ini": "[alembic]\n"})
	p := alembic.Provider(alembic.Opt{File: filepath.Join(dir, "alembic.ini")})
	done := make(chan error, 8)
	if err := p.Watch(func(any, error) { done <- p.Unwatch() }); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, map[string]string{"alembic.ini": "[alembic]\nv = 1\n"})
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Unwatch from the callback: %v", err)
		}
	case <-time.After(watchTimeout):
		t.Fatal("no callback")
	}
}

// TestWatchDeleteAndRecreate checks that the watch goes on through a
// deletion: the removal is a callback, and so is the file made anew.
func TestWatchDeleteAndRecreate(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"alembic.ini": "[alembic]\n"})
	p := alembic.Provider(alembic.Opt{File: "alembic.ini", Dir: dir})
	events := make(chan watchEvent, 8)
	if err := p.Watch(func(event any, err error) { events <- watchEvent{event, err} }); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "alembic.ini")); err != nil {
		t.Fatal(err)
	}
	waitEvent(t, events, "alembic.ini")
	writeFiles(t, dir, map[string]string{"alembic.ini": "[alembic]\nv = back\n"})
	waitEvent(t, events, "alembic.ini")
	tree, err := p.Read()
	if err != nil || tree["alembic"].(map[string]any)["v"] != "back" {
		t.Errorf("after the re-create: %v, %v", tree, err)
	}
	unwatchPromptly(t, p)
}

// unwatchPromptly fails the test if Unwatch blocks.
func unwatchPromptly(t *testing.T, p *alembic.Alembic) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- p.Unwatch() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Unwatch: %v", err)
		}
	case <-time.After(watchTimeout):
		t.Fatal("Unwatch deadlocked")
	}
}

func TestWatchErrors(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"alembic.ini": "[alembic]\n", "conf.d/": ""})
	tests := []struct {
		name string
		opt  alembic.Opt
		is   error
		kind alembicerr.Kind
	}{
		{"no directory of the file exists", alembic.Opt{File: "nowhere/alembic.ini", Dir: dir}, alembicerr.WatchError, "WatchError"},
		{"directory", alembic.Opt{File: "conf.d", Dir: dir}, alembicerr.ErrOS, "IsADirectoryError"},
		{"no file", alembic.Opt{Dir: dir}, alembicerr.WatchError, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := alembic.Provider(tt.opt)
			called := make(chan struct{}, 1)
			err := p.Watch(func(any, error) { called <- struct{}{} })
			if !errors.Is(err, tt.is) {
				t.Fatalf("Watch: %v, want errors.Is %v", err, tt.is)
			}
			var e *alembicerr.Error
			if tt.kind != "" && (!errors.As(err, &e) || e.Kind != tt.kind) {
				t.Errorf("Watch: %#v, want kind %s", err, tt.kind)
			}
			t.Logf("Watch: %v", err)
			unwatchPromptly(t, p)
			// Nothing is being watched: the provider can watch once the
			// problem is gone.
			if tt.name == "no directory of the file exists" {
				writeFiles(t, dir, map[string]string{"nowhere/alembic.ini": "[alembic]\n"})
				if err := p.Watch(func(any, error) {}); err != nil {
					t.Errorf("Watch after creating the file: %v", err)
				}
				unwatchPromptly(t, p)
			}
		})
	}
	if err := alembic.Provider(alembic.Opt{File: "alembic.ini", Dir: dir}).Watch(nil); err == nil {
		t.Error("Watch(nil) succeeded")
	}
}

// TestWatchInPlaceWrite checks that a callback reading the files after an
// in-place write (truncate, then write) sees the new content: the callback
// comes once the burst of events has settled, never on the truncation.
func TestWatchInPlaceWrite(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"alembic.ini":    "[alembic]\nv = 0\n",
		"pyproject.toml": "[tool.alembic]\nv = 0\n",
	})
	p := alembic.Provider(alembic.Opt{File: "alembic.ini", TOMLFile: "pyproject.toml", Dir: dir})
	type seen struct{ ini, toml any }
	values := make(chan seen, 64)
	err := p.Watch(func(event any, err error) {
		if err != nil {
			t.Errorf("watch error: %v", err)
			return
		}
		tree, err := p.Read()
		if err != nil {
			t.Errorf("Read: %v", err)
			return
		}
		var s seen
		if sec, ok := tree["alembic"].(map[string]any); ok {
			s.ini = sec["v"]
		}
		if tool, ok := tree["tool"].(map[string]any); ok {
			s.toml = tool["alembic"].(map[string]any)["v"]
		}
		values <- s
	})
	if err != nil {
		t.Fatal(err)
	}
	defer unwatchPromptly(t, p)
	for i := 1; i <= 5; i++ {
		// Both files, in place, one after the other: one burst.
		writeFiles(t, dir, map[string]string{"alembic.ini": fmt.Sprintf("[alembic]\nv = %d\n", i)})
		writeFiles(t, dir, map[string]string{"pyproject.toml": fmt.Sprintf("[tool.alembic]\nv = %d\n", i)})
		want := seen{strconv.Itoa(i), int64(i)}
		select {
		case got := <-values:
			if got != want {
				t.Errorf("write %d: the callback read %v, want %v", i, got, want)
			}
		case <-time.After(watchTimeout):
			t.Fatalf("write %d: no callback", i)
		}
		// The burst gives one callback (unless the machine stalled
		// between the two writes for longer than the delay).
		select {
		case got := <-values:
			t.Logf("write %d: a second callback read %v", i, got)
		case <-time.After(2 * alembic.DefaultWatchDelay):
		}
	}
}

// TestWatchNoDelay checks that a negative WatchDelay calls back on every
// event.
func TestWatchNoDelay(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"alembic.ini": "[alembic]\n"})
	p := alembic.Provider(alembic.Opt{File: "alembic.ini", Dir: dir, WatchDelay: -1})
	events := make(chan watchEvent, 64)
	if err := p.Watch(func(event any, err error) { events <- watchEvent{event, err} }); err != nil {
		t.Fatal(err)
	}
	defer unwatchPromptly(t, p)
	writeFiles(t, dir, map[string]string{"alembic.ini": "[alembic]\nv = 1\n"})
	waitEvent(t, events, "alembic.ini")
}
