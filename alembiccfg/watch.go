package alembiccfg

import (
	"context"
	"errors"
	"sort"
	"sync"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/internal/pypath"
	"github.com/koanf-alembic/koanf-alembic/internal/state"
	"github.com/koanf-alembic/koanf-alembic/redact"
)

// Clock is the time Watch debounces with: time.After by default; tests
// pass one they drive.
type Clock = state.Clock

// Change is what one watched reload did: the options that changed, or the
// error that kept the Config at its last good state.
type Change struct {
	// Options lists the changed options, by section and then option name.
	Options []OptionChange
	// Err is why the files could not be read again (a syntax error, a
	// limit, a file that vanished, the watcher itself); the Config keeps
	// the configuration it had, and the next good edit is applied.
	Err error
}

// OptionChange is one option that a reload added, changed or removed.
type OptionChange struct {
	Section, Option string
	// Old and New are where the value came from before and after; nil
	// where the option was absent.
	Old, New *Source
	// Value is the new value, interpolated (raw when it cannot be),
	// redacted unless Options.ShowSecrets; "" when removed.
	Value string
}

// Watch follows the files the Config reads (the ini and pyproject.toml,
// also one that does not exist yet) until ctx ends. It returns once they
// are watched, with a channel that is closed when the watch has stopped
// (after ctx ended: no goroutine is left then). Once a burst of changes has been quiet
// for Options.WatchDelay (100 ms by default), it reads every layer again
// into a fresh view and swaps it in atomically, as Reload does (readers
// see the old or the new configuration, never a mix; SetMainOption and
// friends replayed on top), and calls onChange with what changed. An
// in-place write, a rename over the file, a Kubernetes ConfigMap's ..data
// swap, a symlink to a file in another directory and a delete followed by
// a re-create are all seen. A reload that fails — a syntax error, a limit,
// a file that vanished (a missing ini is an error here, unlike Alembic's
// silent empty read) — never replaces the last good configuration: it is
// passed to onChange as Change.Err and the next good edit is applied. A
// file still empty once the burst has settled is taken as meant. A layer
// whose provider is a ContextWatcher is followed too, without the delay:
// its reports are coalesced, so that a burst of them while a reload runs
// makes one more reload, not one each.
//
// onChange runs on the watch's goroutine, never concurrently with itself,
// and without the Config's lock: it may call the Config. A watch that
// cannot start is an error of kind WatchError.
func (c *Config) Watch(ctx context.Context, onChange func(Change)) (stopped <-chan struct{}, err error) {
	dir, err := pypath.WorkDir(c.opts.Dir)
	if err != nil {
		return nil, err
	}
	var files []string
	for _, name := range []string{c.opts.File, c.opts.TOMLFile} {
		if name != "" {
			files = append(files, pypath.Resolve(name, dir))
		}
	}
	if err := c.LoadContext(ctx); err != nil {
		return nil, err
	}
	before := c.watchView()
	// The files' and the layers' reports are handled one at a time.
	var serial sync.Mutex
	// ctx is replaced below by the watch's own, ended when the watch
	// stops: a layer that reports after that is not heard.
	ctx, cancel := context.WithCancel(ctx)
	settled := func() {
		serial.Lock()
		defer serial.Unlock()
		if ctx.Err() != nil {
			return
		}
		if err := c.reload(ctx, c.opts.File != ""); err != nil {
			onChange(Change{Err: err})
			return
		}
		after := c.watchView()
		if changes := c.diffViews(before, after); len(changes) > 0 {
			onChange(Change{Options: changes})
		}
		before = after
	}
	failed := func(err error) {
		serial.Lock()
		defer serial.Unlock()
		if ctx.Err() == nil {
			onChange(Change{Err: err})
		}
	}
	var filesStopped <-chan struct{}
	switch {
	case len(files) > 0:
		filesStopped, err = state.WatchFiles(ctx, files, c.opts.WatchDelay, c.opts.Clock, settled, failed)
		if err != nil {
			cancel()
			return nil, err
		}
	case c.watchesLayers():
		// No file: the layers alone are followed.
		ch := make(chan struct{})
		go func() { <-ctx.Done(); close(ch) }()
		filesStopped = ch
	default:
		cancel()
		return nil, &alembicerr.Error{Kind: alembicerr.WatchError,
			Message: "nothing to watch: the Config reads no file and no layer that can watch"}
	}
	// The layers' reports of a change are coalesced: a report while a
	// reload is pending or running asks for one more reload, which reads
	// every layer as it is by then, rather than one reload per report (a
	// burst of 200 puts is not 200 reloads), and a layer reporting a
	// change never waits for a reload (its errors are passed on in turn
	// with the reloads, as the files' are).
	layerChanged := make(chan struct{}, 1)
	layersStopped := make(chan struct{})
	go func() {
		defer close(layersStopped)
		for {
			select {
			case <-ctx.Done():
				return
			case <-layerChanged:
				settled()
			}
		}
	}()
	for _, l := range c.opts.Layers {
		w, ok := l.Provider.(ContextWatcher)
		if !ok {
			continue
		}
		if err := w.Watch(ctx, func(err error) {
			if err != nil {
				failed(layerWatchError(l.Name, err))
				return
			}
			select {
			case layerChanged <- struct{}{}:
			default: // a reload is pending already: it will see this change
			}
		}); err != nil {
			cancel()
			<-filesStopped
			<-layersStopped
			return nil, layerWatchError(l.Name, err)
		}
	}
	done := make(chan struct{})
	go func() {
		<-filesStopped
		cancel()
		<-layersStopped
		close(done)
	}()
	return done, nil
}

// watchesLayers reports whether a layer's provider can watch.
func (c *Config) watchesLayers() bool {
	for _, l := range c.opts.Layers {
		if _, ok := l.Provider.(ContextWatcher); ok {
			return true
		}
	}
	return false
}

// layerWatchError is a layer's watch failure, in the error family: a
// WatchError the layer made is kept (its message names the layer's
// place), anything else is wrapped as one naming the layer.
func layerWatchError(name string, err error) error {
	var pe *alembicerr.Error
	if errors.As(err, &pe) && pe.Kind == alembicerr.WatchError {
		return err
	}
	msg := err.Error()
	if errors.As(err, &pe) {
		msg = pe.Message
	}
	return &alembicerr.Error{Kind: alembicerr.WatchError, Source: "layer " + name,
		Message: "watching layer " + name + ": " + msg, Err: err}
}

// watchEntry is an option of a view as Watch compares it.
type watchEntry struct {
	raw  string
	from Source
}

// watchView is every option of every section (own and defaults) with its
// raw value and source.
func (c *Config) watchView() map[[2]string]watchEntry {
	view := map[[2]string]watchEntry{}
	fc, err := c.FileConfig()
	if err != nil {
		return view
	}
	for _, s := range fc.Sections() {
		opts, _ := fc.RawOptions(s)
		for _, o := range opts {
			view[[2]string{s, o.Name}] = watchEntry{o.Raw, o.From}
		}
	}
	return view
}

func (c *Config) diffViews(before, after map[[2]string]watchEntry) []OptionChange {
	var out []OptionChange
	fc, _ := c.FileConfig()
	for k, a := range after {
		b, had := before[k]
		if had && b == a {
			continue
		}
		ch := OptionChange{Section: k[0], Option: k[1], New: &a.from}
		if had {
			ch.Old = &b.from
		}
		v, _, err := fc.Get(k[0], k[1])
		if err != nil {
			v = a.raw
		}
		if !c.opts.ShowSecrets {
			v = redact.Value(k[0]+"."+k[1], v)
		}
		ch.Value = v
		out = append(out, ch)
	}
	for k, b := range before {
		if _, ok := after[k]; !ok {
			out = append(out, OptionChange{Section: k[0], Option: k[1], Old: &b.from})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Section != out[j].Section {
			return out[i].Section < out[j].Section
		}
		return out[i].Option < out[j].Option
	})
	return out
}
