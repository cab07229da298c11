package alembic

import (
	"errors"
	"os"
	"sync"
	"time"

	"github.com/knadh/koanf/providers/file"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/internal/pypath"
	"github.com/koanf-alembic/koanf-alembic/pyvalue"
)

// DefaultWatchDelay is how long Watch waits, by default, for a burst of
// file events to end before it calls back.
const DefaultWatchDelay = 50 * time.Millisecond

// watchError is an error of kind WatchError.
func watchError(msg string) error {
	return &alembicerr.Error{Kind: alembicerr.WatchError, Message: "alembic provider: " + msg}
}

// watcher is the state of Watch: one koanf file provider per file, and
// the pending (delayed) event.
type watcher struct {
	mu      sync.Mutex // guards files, running, gen, timer, pending
	files   []*file.File
	running bool
	gen     uint64 // incremented by Unwatch: events of older watches are dropped
	timer   *time.Timer
	pending any // the last event of the current burst

	cbMu sync.Mutex // serialises callbacks
}

// Watch calls cb when alembic.ini or pyproject.toml (those of the two
// that are set) is written or replaced, through koanf's file provider,
// which watches each file's directory with fsnotify and follows symlinks.
//
// A write usually arrives as a burst of events (a truncation, then the
// new content), and koanf's file provider drops an event that repeats the
// previous one within 5 ms: a callback that read the file on the first
// event could see it empty and never hear of the rest. So Watch calls cb
// once a burst has ended: Opt.WatchDelay after the last event of either
// file (DefaultWatchDelay when 0; a negative delay calls back on every
// event). event is that last fsnotify.Event; its Name says which file
// changed. Replacing files in one step (write a temporary file, rename it
// over the old one) is safest whatever the delay.
//
// cb runs on a background goroutine, never concurrently with itself. A
// typical callback Loads the provider into a fresh koanf instance and
// swaps it in (a Load into the old instance would keep keys that
// disappeared). Errors are passed at once with a nil event: when a file
// is removed, or fsnotify fails, that file is no longer watched; call
// Unwatch and Watch again to resume.
//
// Every file that is set must exist when Watch is called: koanf's file
// provider cannot watch a missing file, and its Watch then returns with
// its mutex held, so that a later Unwatch would deadlock. Watch checks
// first and returns an *alembicerr.Error of kind OSError wrapping fs.ErrNotExist
// (errors.Is(err, fs.ErrNotExist) holds), or of kind IsADirectoryError,
// without watching anything; leave Opt.TOMLFile empty in the provider you
// watch if the project has no pyproject.toml. Watch returns
// an error of kind WatchError while a watch is running and when
// no file is set.
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
		fi, err := os.Stat(path)
		if err != nil {
			return pypath.OSError(pypath.Posix(name), err)
		}
		if fi.IsDir() {
			return &alembicerr.Error{Kind: alembicerr.IsADirectoryError, Source: name,
				Message: "[Errno 21] Is a directory: " + pyvalue.ReprString(pypath.Posix(name))}
		}
		paths = append(paths, path)
	}
	if len(paths) == 0 {
		return watchError("no file to watch (Opt.File and Opt.TOMLFile are empty)")
	}

	delay := a.opt.WatchDelay
	if delay == 0 {
		delay = DefaultWatchDelay
	}
	gen := w.gen
	// call runs cb unless Unwatch was called since this Watch.
	call := func(event any, err error) {
		w.cbMu.Lock()
		defer w.cbMu.Unlock()
		w.mu.Lock()
		current := w.gen == gen
		w.mu.Unlock()
		if current {
			cb(event, err)
		}
	}
	fire := func() {
		w.mu.Lock()
		event := w.pending
		w.pending, w.timer = nil, nil
		w.mu.Unlock()
		call(event, nil)
	}
	onEvent := func(event any, err error) {
		if err != nil || delay < 0 {
			call(event, err)
			return
		}
		w.mu.Lock()
		defer w.mu.Unlock()
		if w.gen != gen {
			return
		}
		w.pending = event
		if w.timer == nil {
			w.timer = time.AfterFunc(delay, fire)
		} else {
			w.timer.Reset(delay)
		}
	}
	// A fresh file.Provider per Watch: koanf's watch goroutine reads and
	// clears the provider's watcher field after Unwatch has returned, so
	// a provider watched again races with (and may have its new watcher
	// closed by) the old goroutine.
	files := make([]*file.File, 0, len(paths))
	for _, path := range paths {
		f := file.Provider(path)
		if err := f.Watch(onEvent); err != nil {
			// f is dropped, not unwatched: its Watch may have returned
			// with its mutex held (a file that vanished since the check).
			for _, started := range files {
				_ = started.Unwatch()
			}
			w.gen++
			return &alembicerr.Error{Kind: alembicerr.OSError, Source: path, Message: err.Error(), Err: err}
		}
		files = append(files, f)
	}
	w.files = files
	w.running = true
	return nil
}

// Unwatch stops a watch started by Watch; without one it does nothing.
// Events that arrive after Unwatch has begun, and a delayed callback not
// yet started, are dropped; a callback already under way may still run to
// its end (Unwatch does not wait for it, so cb may call Unwatch itself).
// Watch may be called again afterwards.
func (a *Alembic) Unwatch() error {
	w := &a.w
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.running {
		return nil
	}
	w.gen++
	if w.timer != nil {
		w.timer.Stop()
		w.timer, w.pending = nil, nil
	}
	var errs []error
	for _, f := range w.files {
		if err := f.Unwatch(); err != nil {
			errs = append(errs, err)
		}
	}
	w.files = nil
	w.running = false
	return errors.Join(errs...)
}
