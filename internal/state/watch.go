package state

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
)

// Clock is the time a watcher debounces with; tests drive their own.
type Clock interface {
	After(d time.Duration) <-chan time.Time
}

// RealClock is the wall clock.
type RealClock struct{}

// After is time.After.
func (RealClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// DefaultWatchDelay is how long a burst of file events must have been
// quiet before a watcher reports it.
const DefaultWatchDelay = 100 * time.Millisecond

// WatchFiles starts watching files (absolute paths, which need not exist
// yet) and returns once they are watched, with a channel closed when the
// watch has stopped: it calls settled once a burst of events about any of
// them has been quiet for delay, until ctx ends. It watches the directory
// of each file and of every symlink on the way to it (a symlink to a file
// in another directory, a Kubernetes ConfigMap's ..data swap), re-resolves
// the paths after each burst, and keeps watching through a deletion, so
// that an in-place write, a rename over the file, a symlink swap and a
// delete-then-recreate are all seen; events about other files of those
// directories are ignored. settled and failed run on the calling
// goroutine, never concurrently. A watcher that cannot start is an error
// of kind WatchError.
func WatchFiles(ctx context.Context, files []string, delay time.Duration, clock Clock, settled func(), failed func(error)) (<-chan struct{}, error) {
	if delay <= 0 {
		delay = DefaultWatchDelay
	}
	if clock == nil {
		clock = RealClock{}
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, &alembicerr.Error{Kind: alembicerr.WatchError, Message: "cannot watch: " + err.Error(), Err: err}
	}
	interesting := map[string]bool{}
	watched := map[string]bool{}
	refresh := func() {
		for k := range interesting {
			delete(interesting, k)
		}
		for _, f := range files {
			paths, dirs := chain(f)
			for _, p := range paths {
				interesting[p] = true
			}
			for _, d := range dirs {
				if !watched[d] && w.Add(d) == nil {
					watched[d] = true
				}
			}
		}
	}
	refresh()
	if len(watched) == 0 {
		w.Close()
		return nil, &alembicerr.Error{Kind: alembicerr.WatchError,
			Message: "cannot watch " + strings.Join(files, ", ") + ": none of their directories exists"}
	}
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		defer w.Close()
		var timer <-chan time.Time
		for {
			select {
			case <-ctx.Done():
				return
			case ev, ok := <-w.Events:
				if !ok {
					return
				}
				if interesting[filepath.Clean(ev.Name)] {
					timer = clock.After(delay)
				}
			case err, ok := <-w.Errors:
				if !ok {
					return
				}
				failed(&alembicerr.Error{Kind: alembicerr.WatchError, Message: "watching: " + err.Error(), Err: err})
			case <-timer:
				timer = nil
				refresh()
				settled()
			}
		}
	}()
	return stopped, nil
}

// chain returns the paths whose events concern the file at path — the
// path itself, every symlink met while resolving it (in any component),
// and where it finally leads — and the directories to watch for them.
func chain(path string) (paths, dirs []string) {
	add := func(p string) {
		paths = append(paths, p)
		dirs = append(dirs, filepath.Dir(p))
	}
	cur := filepath.Clean(path)
	add(cur)
	for hops := 0; hops < 40; hops++ {
		link, target, ok := firstLink(cur)
		if !ok {
			break
		}
		add(link)
		cur = target
		add(cur)
	}
	return paths, dirs
}

// firstLink finds the first component of path that is a symlink and
// returns it and path with it replaced by its target.
func firstLink(path string) (link, resolved string, ok bool) {
	parts := strings.Split(path, string(filepath.Separator))
	prefix := string(filepath.Separator)
	for i, part := range parts {
		if part == "" {
			continue
		}
		prefix = filepath.Join(prefix, part)
		fi, err := os.Lstat(prefix)
		if err != nil {
			return "", "", false
		}
		if fi.Mode()&os.ModeSymlink == 0 {
			continue
		}
		target, err := os.Readlink(prefix)
		if err != nil {
			return "", "", false
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(prefix), target)
		}
		rest := filepath.Join(parts[i+1:]...)
		return prefix, filepath.Join(target, rest), true
	}
	return "", "", false
}
