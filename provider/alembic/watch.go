package alembic

import (
	"context"
	"os"
	"sync"
	"time"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/internal/pypath"
	"github.com/koanf-alembic/koanf-alembic/internal/state"
	"github.com/koanf-alembic/koanf-alembic/pyvalue"
)

// DefaultWatchDelay is how long Watch waits, by default, for a burst of
// file events to end before it calls back.
const DefaultWatchDelay = 50 * time.Millisecond

// watchError is an error of kind WatchError.
func watchError(msg string) error {
	return &alembicerr.Error{Kind: alembicerr.WatchError, Message: "alembic provider: " + msg}
}

// watcher is the state of Watch.
type watcher struct {
	mu      sync.Mutex // guards running, gen, stop
	running bool
	gen     uint64 // incremented by Unwatch: callbacks of older watches are dropped
	stop    context.CancelFunc
}

// Watch calls cb when alembic.ini or pyproject.toml (those of the two
// that are set) changes, through the module's one file watcher (the one
// alembiccfg.Config.Watch uses): it watches the directory of each file
// and of every symlink on the way to it, so that an in-place write, a
// rename over the file, a Kubernetes ConfigMap's ..data swap, a symlink to
// a file in another directory, a delete followed by a re-create, and a
// file that does not exist yet are all seen, and keeps watching through a
// deletion. A write usually arrives as a burst of events: cb is called
// once a burst has been quiet for Opt.WatchDelay (DefaultWatchDelay when
// 0; a negative delay calls back on every event), with a nil event, so
// that a callback reading the file never sees it half written. cb runs on
// the watch's goroutine, never concurrently with itself; errors of the
// watcher are passed with a nil event.
//
// A typical callback Loads the provider into a fresh koanf instance and
// swaps it in (a Load into the old instance would keep keys that
// disappeared). Watch returns an error of kind WatchError while a watch
// is running, when no file is set, or when no directory of the files
// exists, and IsADirectoryError for a file that is a directory.
func (a *Alembic) Watch(cb func(event any, err error)) error {
	if cb == nil {
		return watchError("Watch needs a callback")
	}
	w := &a.w
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.running {
		return watchError("already watching; call Unwatch first")
	}
	dir, err := pypath.WorkDir(a.opt.Dir)
	if err != nil {
		return err
	}
	var paths []string
	for _, name := range []string{a.opt.File, a.opt.TOMLFile} {
		if name == "" {
			continue
		}
		path := pypath.Resolve(name, dir)
		if fi, err := os.Stat(path); err == nil && fi.IsDir() {
			return &alembicerr.Error{Kind: alembicerr.IsADirectoryError, Source: name,
				Message: "[Errno 21] Is a directory: " + pyvalue.ReprString(pypath.Posix(name))}
		}
		paths = append(paths, path)
	}
	if len(paths) == 0 {
		return watchError("no file to watch (Opt.File and Opt.TOMLFile are empty)")
	}
	delay := a.opt.WatchDelay
	switch {
	case delay == 0:
		delay = DefaultWatchDelay
	case delay < 0:
		delay = time.Nanosecond
	}
	gen := w.gen
	// call runs cb unless Unwatch was called since this Watch.
	call := func(err error) {
		w.mu.Lock()
		current := w.gen == gen
		w.mu.Unlock()
		if current {
			cb(nil, err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	if _, err := state.WatchFiles(ctx, paths, delay, nil, func() { call(nil) }, call); err != nil {
		cancel()
		return err
	}
	w.stop, w.running = cancel, true
	return nil
}

// Unwatch stops a watch started by Watch; without one it does nothing.
// Events that arrive after Unwatch, and a delayed callback not yet
// started, are dropped; a callback already under way may still run to its
// end (Unwatch does not wait for it, so cb may call Unwatch itself). Watch
// may be called again afterwards.
func (a *Alembic) Unwatch() error {
	w := &a.w
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.running {
		return nil
	}
	w.gen++
	w.stop()
	w.stop, w.running = nil, false
	return nil
}
