package alembiccfg_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
	"github.com/koanf-alembic/koanf-alembic/alembicerr"
)

// stepClock is a Clock the test drives: each After is handed to the test,
// which fires it once the file operation it made is complete.
type stepClock struct{ asks chan chan time.Time }

func (c stepClock) After(time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	c.asks <- ch
	return ch
}

// watching starts cfg.Watch and returns a function that waits until a
// Change satisfies ok, firing the watcher's timers meanwhile.
func watching(t *testing.T, opts alembiccfg.Options) (*alembiccfg.Config, func(what string, ok func(alembiccfg.Change) bool)) {
	t.Helper()
	clock := stepClock{asks: make(chan chan time.Time)}
	opts.Clock = clock
	cfg := alembiccfg.New(opts)
	ctx, cancel := context.WithCancel(context.Background())
	changes := make(chan alembiccfg.Change, 16)
	before := runtime.NumGoroutine()
	stopped, err := cfg.Watch(ctx, func(c alembiccfg.Change) { changes <- c })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		for waiting := true; waiting; {
			select {
			case ch := <-clock.asks:
				ch <- time.Now()
			case <-stopped:
				waiting = false
			}
		}
		// No goroutine outlives the watch.
		deadline := time.Now().Add(10 * time.Second)
		for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
			runtime.Gosched()
			time.Sleep(time.Millisecond)
		}
		if n := runtime.NumGoroutine(); n > before {
			buf := make([]byte, 1<<16)
			t.Errorf("%d goroutines after the watch, %d before:\n%s", n, before, buf[:runtime.Stack(buf, true)])
		}
	})
	await := func(what string, ok func(alembiccfg.Change) bool) {
		t.Helper()
		limit := time.After(30 * time.Second) // a guard against a hang, not a timing claim
		for {
			select {
			case ch := <-clock.asks:
				ch <- time.Now()
			case c := <-changes:
				if ok(c) {
					return
				}
			case <-limit:
				t.Fatalf("%s: no such change", what)
			}
		}
	}
	return cfg, await
}

func hasValue(option, value string) func(alembiccfg.Change) bool {
	return func(c alembiccfg.Change) bool {
		for _, o := range c.Options {
			if o.Option == option && o.Value == value {
				return true
			}
		}
		return false
	}
}

func failed(kind alembicerr.Kind) func(alembiccfg.Change) bool {
	return func(c alembiccfg.Change) bool { return errors.Is(c.Err, kind) }
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func iniV(v string) string { return "[alembic]\nv = " + v + "\n" }

// Every way a file changes in practice is seen, and a broken edit keeps
// the last good configuration.
func TestWatchPatterns(t *testing.T) {
	t.Run("in-place write, a broken edit, delete and recreate", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "alembic.ini")
		write(t, path, iniV("1"))
		cfg, await := watching(t, alembiccfg.Options{File: path})
		write(t, path, iniV("2"))
		await("in-place write", hasValue("v", "2"))
		write(t, path, "[alembic]\nv = 3\nbroken line\n")
		await("a syntax error", failed(alembicerr.ParsingError))
		if v, _, _ := cfg.MainOption("v"); v != "2" {
			t.Errorf("after a broken edit v = %q, want the last good 2", v)
		}
		if err := os.Remove(path); err != nil {
			t.Fatal(err)
		}
		await("a deleted file", failed(alembicerr.OSError))
		if v, _, _ := cfg.MainOption("v"); v != "2" {
			t.Errorf("while the file is missing v = %q, want the last good 2", v)
		}
		write(t, path, iniV("4"))
		await("a recreated file", hasValue("v", "4"))
	})
	t.Run("rename over, with a backup file and unrelated files", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "alembic.ini")
		write(t, path, iniV("1"))
		cfg, await := watching(t, alembiccfg.Options{File: path})
		write(t, filepath.Join(dir, "unrelated.txt"), "x")
		if err := os.Rename(path, path+"~"); err != nil {
			t.Fatal(err)
		}
		write(t, path+".tmp", iniV("2"))
		if err := os.Rename(path+".tmp", path); err != nil {
			t.Fatal(err)
		}
		await("rename over", hasValue("v", "2"))
		if v, _, _ := cfg.MainOption("v"); v != "2" {
			t.Errorf("v = %q", v)
		}
	})
	t.Run("Kubernetes ConfigMap ..data swap", func(t *testing.T) {
		dir := t.TempDir()
		for _, gen := range []string{"..2024_1", "..2024_2"} {
			if err := os.Mkdir(filepath.Join(dir, gen), 0o755); err != nil {
				t.Fatal(err)
			}
		}
		write(t, filepath.Join(dir, "..2024_1", "alembic.ini"), iniV("1"))
		write(t, filepath.Join(dir, "..2024_2", "alembic.ini"), iniV("2"))
		if err := os.Symlink("..2024_1", filepath.Join(dir, "..data")); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink("..data/alembic.ini", filepath.Join(dir, "alembic.ini")); err != nil {
			t.Fatal(err)
		}
		_, await := watching(t, alembiccfg.Options{File: filepath.Join(dir, "alembic.ini")})
		if err := os.Symlink("..2024_2", filepath.Join(dir, "..data_tmp")); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(filepath.Join(dir, "..data_tmp"), filepath.Join(dir, "..data")); err != nil {
			t.Fatal(err)
		}
		await("..data swap", hasValue("v", "2"))
	})
	t.Run("a symlink to a file in another directory", func(t *testing.T) {
		real := filepath.Join(t.TempDir(), "real.ini")
		write(t, real, iniV("1"))
		link := filepath.Join(t.TempDir(), "alembic.ini")
		if err := os.Symlink(real, link); err != nil {
			t.Fatal(err)
		}
		_, await := watching(t, alembiccfg.Options{File: link})
		write(t, real, iniV("2"))
		await("an edit of the link's target", hasValue("v", "2"))
	})
	t.Run("a file still empty once the burst settled is taken as meant", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "alembic.ini")
		write(t, path, iniV("1"))
		cfg, await := watching(t, alembiccfg.Options{File: path})
		write(t, path, "")
		await("an emptied file", func(c alembiccfg.Change) bool {
			for _, o := range c.Options {
				if o.Option == "v" && o.New == nil {
					return true
				}
			}
			return false
		})
		if _, _, err := cfg.MainOption("v"); !errors.Is(err, alembicerr.CommandError) {
			t.Errorf("after emptying: %v, want Alembic's CommandError (no [alembic] section)", err)
		}
	})
	t.Run("a file created after the watch started", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "alembic.ini")
		_, await := watching(t, alembiccfg.Options{File: path})
		write(t, path, iniV("new"))
		await("a created file", hasValue("v", "new"))
	})
	t.Run("pyproject.toml too; the journal survives", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "alembic.ini")
		write(t, path, iniV("1"))
		toml := filepath.Join(dir, "pyproject.toml")
		cfg, await := watching(t, alembiccfg.Options{File: path, TOMLFile: toml})
		if err := cfg.SetMainOption("set", "by code"); err != nil {
			t.Fatal(err)
		}
		write(t, toml, "[tool.alembic]\nscript_location = \"t\"\n")
		write(t, path, iniV("2"))
		await("the ini after a set", hasValue("v", "2"))
		if v, _, _ := cfg.MainOption("set"); v != "by code" {
			t.Errorf("the journal was lost: %q", v)
		}
		if v, _, _ := cfg.AlembicOption("script_location"); v != "t" {
			t.Errorf("pyproject.toml created after the start: script_location = %v", v)
		}
	})
}

// Change values are redacted.
func TestWatchRedacts(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "alembic.ini")
	write(t, path, iniV("1"))
	_, await := watching(t, alembiccfg.Options{File: path})
	write(t, path, "[alembic]\nsqlalchemy.url = postgresql://u:SECRET@h/db\n")
	await("a password", func(c alembiccfg.Change) bool {
		for _, o := range c.Options {
			if o.Option == "sqlalchemy.url" {
				if strings.Contains(o.Value, "SECRET") {
					t.Errorf("Change carries the password: %q", o.Value)
				}
				return true
			}
		}
		return false
	})
}

// fleetLayer is a layer provider that can watch (ContextWatcher) and name
// its keys' sources (KeySourcer), as the etcd layer will.
type fleetLayer struct {
	mu       sync.Mutex
	url      string
	revision int
	notify   func(error)
}

func (f *fleetLayer) Read() (map[string]any, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return map[string]any{"alembic": map[string]any{"sqlalchemy.url": f.url}}, nil
}

func (f *fleetLayer) ReadBytes() ([]byte, error) { return nil, errors.New("no bytes") }

func (f *fleetLayer) Watch(ctx context.Context, onChange func(error)) error {
	f.mu.Lock()
	f.notify = onChange
	f.mu.Unlock()
	return nil
}

func (f *fleetLayer) KeySource(section, option string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return fmt.Sprintf("/apps/x/%s/%s @ revision %d", section, option, f.revision)
}

func (f *fleetLayer) set(url string) {
	f.mu.Lock()
	f.url, f.revision = url, f.revision+1
	notify := f.notify
	f.mu.Unlock()
	notify(nil)
}

// A layer that can watch is followed too, with its own provenance.
func TestWatchLayers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "alembic.ini")
	write(t, path, iniV("1"))
	layer := &fleetLayer{url: "sqlite://a"}
	changes := make(chan alembiccfg.Change, 4)
	cfg := alembiccfg.New(alembiccfg.Options{File: path, Layers: []alembiccfg.Layer{{Name: "fleet", Provider: layer}}})
	ctx, cancel := context.WithCancel(context.Background())
	stopped, err := cfg.Watch(ctx, func(c alembiccfg.Change) { changes <- c })
	if err != nil {
		t.Fatal(err)
	}
	go layer.set("postgresql://u:pw@fleet/db")
	c := <-changes
	if len(c.Options) != 1 || c.Options[0].Option != "sqlalchemy.url" || c.Options[0].New.String() != "fleet /apps/x/alembic/sqlalchemy.url @ revision 1" {
		t.Errorf("change %+v", c)
	}
	if v, _, _ := cfg.MainOption("sqlalchemy.url"); v != "postgresql://u:pw@fleet/db" {
		t.Errorf("sqlalchemy.url = %q", v)
	}
	cancel()
	<-stopped
}

// A Config without files follows its watching layers alone; one with
// neither files nor such layers has nothing to watch.
func TestWatchLayersWithoutFiles(t *testing.T) {
	layer := &fleetLayer{url: "sqlite://a"}
	changes := make(chan alembiccfg.Change, 4)
	cfg := alembiccfg.New(alembiccfg.Options{Layers: []alembiccfg.Layer{{Name: "fleet", Provider: layer}}})
	ctx, cancel := context.WithCancel(context.Background())
	stopped, err := cfg.Watch(ctx, func(c alembiccfg.Change) { changes <- c })
	if err != nil {
		t.Fatal(err)
	}
	go layer.set("sqlite://b")
	if c := <-changes; c.Err != nil || len(c.Options) != 1 || c.Options[0].Value != "sqlite://b" {
		t.Errorf("change %+v", c)
	}
	// A layer's own WatchError is passed on as it is, not wrapped again.
	own := &alembicerr.Error{Kind: alembicerr.WatchError, Message: "fleet: lost the cluster"}
	go layer.notify(own)
	if c := <-changes; c.Err != own {
		t.Errorf("error %v, want the layer's own", c.Err)
	}
	go layer.notify(errors.New("boom"))
	if c := <-changes; !errors.Is(c.Err, alembicerr.ErrWatch) || c.Err.Error() != "layer fleet: watching layer fleet: boom (WatchError)" {
		t.Errorf("error %q", c.Err)
	}
	cancel()
	<-stopped

	_, err = alembiccfg.New(alembiccfg.Options{}).Watch(context.Background(), func(alembiccfg.Change) {})
	if !errors.Is(err, alembicerr.ErrWatch) {
		t.Errorf("Watch of nothing: %v", err)
	}
}

// gatedLayer is a watching layer whose Read can be held, to see what
// reports that come during a reload do.
type gatedLayer struct {
	fleetLayer
	reads   atomic.Int32
	hold    atomic.Bool
	entered chan struct{}
	release chan struct{}
}

func (g *gatedLayer) Read() (map[string]any, error) {
	g.reads.Add(1)
	if g.hold.CompareAndSwap(true, false) {
		g.entered <- struct{}{}
		<-g.release
	}
	return g.fleetLayer.Read()
}

// A layer's reports are coalesced: ten reports during one reload make one
// more reload, which sees the last of them, not ten; and the reporting
// goroutine does not wait for the reload.
func TestWatchLayerReportsCoalesce(t *testing.T) {
	layer := &gatedLayer{fleetLayer: fleetLayer{url: "sqlite://0"}, entered: make(chan struct{}), release: make(chan struct{})}
	changes := make(chan alembiccfg.Change, 16)
	cfg := alembiccfg.New(alembiccfg.Options{Layers: []alembiccfg.Layer{{Name: "fleet", Provider: layer}}})
	ctx, cancel := context.WithCancel(context.Background())
	before := runtime.NumGoroutine()
	stopped, err := cfg.Watch(ctx, func(c alembiccfg.Change) { changes <- c })
	if err != nil {
		t.Fatal(err)
	}
	loaded := layer.reads.Load()
	layer.hold.Store(true)
	sent := make(chan struct{})
	go func() {
		defer close(sent)
		for i := 1; i <= 10; i++ {
			layer.set(fmt.Sprintf("sqlite://%d", i))
		}
	}()
	<-layer.entered // the first report's reload is reading the layer
	select {
	case <-sent: // no report waited for that reload
	case <-time.After(30 * time.Second): // a guard against a hang, not a timing claim
		t.Fatal("the layer's reports wait for the reload")
	}
	close(layer.release)
	// awaitURL reads changes until one sets sqlalchemy.url to want.
	awaitURL := func(want string) {
		t.Helper()
		for last := ""; last != want; {
			select {
			case c := <-changes:
				if c.Err != nil || len(c.Options) != 1 {
					t.Fatalf("change %+v", c)
				}
				last = c.Options[0].Value
			case <-time.After(30 * time.Second): // a guard against a hang, not a timing claim
				t.Fatalf("no change to %s; last %q", want, last)
			}
		}
	}
	awaitURL("sqlite://10")
	// One more report, seen by the pending reload if it has not started
	// yet, else by one of its own.
	layer.set("sqlite://11")
	awaitURL("sqlite://11")
	if v, _, _ := cfg.MainOption("sqlalchemy.url"); v != "sqlite://11" {
		t.Errorf("sqlalchemy.url = %q", v)
	}
	if n := layer.reads.Load() - loaded; n < 2 || n > 3 {
		t.Errorf("%d reloads for 11 reports, 10 of them during the first reload; want 2 or 3", n)
	}
	cancel()
	<-stopped
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines after the watch, %d before", n, before)
	}
}
