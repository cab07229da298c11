package etcd

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/goleak"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// newP builds a provider on endpoints and closes it when the test ends.
func newP(t testing.TB, opt Opt) *Provider {
	t.Helper()
	p, err := New(opt)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func put(t testing.TB, cl *clientv3.Client, key, value string) int64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	resp, err := cl.Put(ctx, key, value)
	if err != nil {
		t.Fatalf("put %s: %v", key, err)
	}
	return resp.Header.Revision
}

func writeFile(t testing.TB, dir, name, text string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// changes collects a Config watch's reports.
type changes struct {
	mu   sync.Mutex
	all  []alembiccfg.Change
	cond chan struct{}
}

func newChanges() *changes { return &changes{cond: make(chan struct{}, 1)} }

func (c *changes) add(ch alembiccfg.Change) {
	c.mu.Lock()
	c.all = append(c.all, ch)
	c.mu.Unlock()
	select {
	case c.cond <- struct{}{}:
	default:
	}
}

func (c *changes) snapshot() []alembiccfg.Change {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]alembiccfg.Change(nil), c.all...)
}

// waitFor waits until ok holds for the reports so far.
func (c *changes) waitFor(t testing.TB, limit time.Duration, what string, ok func([]alembiccfg.Change) bool) {
	t.Helper()
	deadline := time.After(limit)
	for {
		if ok(c.snapshot()) {
			return
		}
		select {
		case <-c.cond:
		case <-time.After(20 * time.Millisecond):
		case <-deadline:
			t.Fatalf("timed out after %v waiting for %s; reports: %+v", limit, what, c.snapshot())
		}
	}
}

func hasErr(chs []alembiccfg.Change) bool {
	for _, c := range chs {
		if c.Err != nil {
			return true
		}
	}
	return false
}

// watchConfig starts cfg.Watch until the test ends.
func watchConfig(t testing.TB, cfg *alembiccfg.Config) *changes {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ch := newChanges()
	stopped, err := cfg.Watch(ctx, ch.add)
	if err != nil {
		cancel()
		t.Fatalf("Watch: %v", err)
	}
	t.Cleanup(func() {
		cancel()
		<-stopped
	})
	return ch
}

// waitMain polls cfg.MainOption(name) until it is want.
func waitMain(t testing.TB, cfg *alembiccfg.Config, name, want string, limit time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		v, _, err := cfg.MainOption(name)
		if err == nil && v == want {
			return time.Since(start)
		}
		if time.Since(start) > limit {
			t.Fatalf("%s: got %q (%v), want %q after %v", name, v, err, want, limit)
		}
		time.Sleep(time.Millisecond)
	}
}

func contains(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}
