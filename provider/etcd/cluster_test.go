package etcd

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
	"github.com/koanf-alembic/koanf-alembic/provider/etcd/etcdtest"
)

// fastOpt are the options of the cluster tests: a 1 s dial timeout and a
// short backoff, so that losses and recoveries are seen quickly.
func fastOpt(endpoints []string, prefix string) Opt {
	return Opt{Endpoints: endpoints, Prefix: prefix, DialTimeout: time.Second,
		RetryMin: 50 * time.Millisecond, RetryMax: 500 * time.Millisecond}
}

func errCount(chs []alembiccfg.Change) int {
	n := 0
	for _, c := range chs {
		if c.Err != nil {
			n++
		}
	}
	return n
}

// TestClusterLoss: a three-member cluster; each member in turn is stopped
// during a watch and updates keep arriving; then all are stopped (the last
// good configuration stays, the error is reported), restarted (recovery);
// then the watch's member is cut off while the others write and compact.
func TestClusterLoss(t *testing.T) {
	cluster := etcdtest.Start(t, 3)
	cl := cluster.Client(t)
	const prefix = "/fleet"
	put(t, cl, prefix+"/alembic/n", "0")
	p := newP(t, fastOpt(cluster.Endpoints(), prefix))
	ini := writeFile(t, t.TempDir(), "alembic.ini", "[alembic]\nn = file\n")
	cfg := alembiccfg.New(alembiccfg.Options{File: ini, Layers: []alembiccfg.Layer{p.Layer()}, WatchDelay: time.Millisecond})
	ch := watchConfig(t, cfg)
	waitMain(t, cfg, "n", "0", 5*time.Second)

	// One member at a time: updates keep arriving.
	k := 0
	for i := 0; i < 3; i++ {
		start := time.Now()
		cluster.Stop(i)
		stopped := time.Since(start)
		var first time.Duration
		for j := 0; j < 10; j++ {
			k++
			put(t, cl, prefix+"/alembic/n", strconv.Itoa(k))
			d := waitMain(t, cfg, "n", strconv.Itoa(k), 10*time.Second)
			if j == 0 {
				first = time.Since(start)
			}
			_ = d
		}
		t.Logf("member %d stopped (SIGTERM took %v): first update visible %v after the stop; 10 updates arrived; errors reported so far: %d",
			i, stopped.Round(time.Millisecond), first.Round(time.Millisecond), errCount(ch.snapshot()))
		cluster.Restart(i)
		cluster.WaitHealthy(i)
	}

	// The whole cluster.
	before := errCount(ch.snapshot())
	start := time.Now()
	for i := 0; i < 3; i++ {
		cluster.Stop(i)
	}
	allStopped := time.Since(start)
	ch.waitFor(t, 15*time.Second, "the loss reported", func(chs []alembiccfg.Change) bool { return errCount(chs) > before })
	reported := time.Since(start)
	var lossErr error
	for _, c := range ch.snapshot() {
		if c.Err != nil {
			lossErr = c.Err
		}
	}
	if v, _, err := cfg.MainOption("n"); err != nil || v != strconv.Itoa(k) {
		t.Errorf("during the outage n = %q, %v; want the last good %d", v, err, k)
	}
	t.Logf("all members stopped (in %v): loss reported %v after the first stop: %v", allStopped.Round(time.Millisecond), reported.Round(time.Millisecond), lossErr)
	// While watching, Read serves the watch's snapshot: no request, so
	// it answers at once even now.
	readStart := time.Now()
	if tree, err := p.Read(); err != nil || tree["alembic"].(map[string]any)["n"] != strconv.Itoa(k) {
		t.Errorf("Read during the outage: %v, %v", tree, err)
	}
	if d := time.Since(readStart); d > 100*time.Millisecond {
		t.Errorf("Read during the outage took %v", d)
	}
	time.Sleep(time.Second) // a while without a cluster
	if v, _, _ := cfg.MainOption("n"); v != strconv.Itoa(k) {
		t.Errorf("the last good configuration was not kept: n = %q", v)
	}
	restart := time.Now()
	for i := 0; i < 3; i++ {
		cluster.Restart(i)
	}
	for i := 0; i < 3; i++ {
		cluster.WaitHealthy(i)
	}
	healthy := time.Since(restart)
	k++
	putAt := time.Now()
	put(t, cl, prefix+"/alembic/n", strconv.Itoa(k))
	waitMain(t, cfg, "n", strconv.Itoa(k), 15*time.Second)
	t.Logf("restarted: cluster healthy %v after the restart; first put visible %v after the restart (%v after the put)",
		healthy.Round(time.Millisecond), time.Since(restart).Round(time.Millisecond), time.Since(putAt).Round(time.Millisecond))

	// Cut the watch's own member off while the others write and compact
	// past the watch's revision; it resynchronises when it is back.
	p2 := newP(t, fastOpt(cluster.Endpoints()[:1], prefix))
	cfg2 := alembiccfg.New(alembiccfg.Options{File: ini, Layers: []alembiccfg.Layer{p2.Layer()}, WatchDelay: time.Millisecond})
	ch2 := watchConfig(t, cfg2)
	waitMain(t, cfg2, "n", strconv.Itoa(k), 5*time.Second)
	cluster.Stop(0)
	others := clientOf(t, cluster.Endpoints()[1:])
	var rev int64
	for j := 0; j < 5; j++ {
		k++
		rev = put(t, others, prefix+"/alembic/n", strconv.Itoa(k))
	}
	put(t, others, prefix+"/alembic/added", "while away")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := others.Compact(ctx, rev, clientv3.WithCompactPhysical()); err != nil {
		t.Fatal(err)
	}
	back := time.Now()
	cluster.Restart(0)
	waitMain(t, cfg2, "n", strconv.Itoa(k), 20*time.Second)
	waitMain(t, cfg2, "added", "while away", 5*time.Second)
	t.Logf("watch's member back after writes and a compaction to revision %d: resynchronised %v after its restart (reports: %d errors)",
		rev, time.Since(back).Round(time.Millisecond), errCount(ch2.snapshot()))
	cluster.WaitHealthy(0)
}

func clientOf(t *testing.T, endpoints []string) *clientv3.Client {
	cl, err := clientv3.New(clientv3.Config{Endpoints: endpoints, DialTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cl.Close() })
	return cl
}

// TestCompaction: the revision after the Config's read is compacted away
// before the watch starts; the watch resynchronises with a full read and
// reports the change, without an error; a later compaction under the live
// watch is no event at all.
func TestCompaction(t *testing.T) {
	cluster := etcdtest.Start(t, 1)
	cl := cluster.Client(t)
	put(t, cl, "/cp/alembic/a", "0")
	p := newP(t, fastOpt(cluster.Endpoints(), "/cp"))
	ini := writeFile(t, t.TempDir(), "alembic.ini", "[alembic]\n")
	cfg := alembiccfg.New(alembiccfg.Options{File: ini, Layers: []alembiccfg.Layer{p.Layer()}, WatchDelay: time.Millisecond})
	if err := cfg.Load(); err != nil {
		t.Fatal(err)
	}
	read := p.Revision()
	var rev int64
	for i := 1; i <= 5; i++ {
		rev = put(t, cl, "/cp/alembic/a", strconv.Itoa(i))
	}
	put(t, cl, "/cp/alembic/b", "new")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := cl.Compact(ctx, rev); err != nil {
		t.Fatal(err)
	}
	ch := watchConfig(t, cfg) // watches from read+1, compacted
	waitMain(t, cfg, "a", "5", 5*time.Second)
	waitMain(t, cfg, "b", "new", 5*time.Second)
	if errCount(ch.snapshot()) != 0 {
		t.Errorf("a compaction was reported as an error: %+v", ch.snapshot())
	}
	if p.Revision() <= rev {
		t.Errorf("revision %d after the resync, compacted at %d", p.Revision(), rev)
	}
	t.Logf("read at %d, compacted at %d: resynchronised to revision %d", read, rev, p.Revision())

	// A compaction under a watch that keeps its connection (what etcd's
	// auto-compaction does all the time) changes nothing: the watch is
	// past the compacted revision, and the next put arrives as any other.
	for i := 6; i <= 8; i++ {
		rev = put(t, cl, "/cp/alembic/a", strconv.Itoa(i))
	}
	waitMain(t, cfg, "a", "8", 5*time.Second)
	if _, err := cl.Compact(ctx, rev); err != nil {
		t.Fatal(err)
	}
	put(t, cl, "/cp/alembic/a", "after")
	waitMain(t, cfg, "a", "after", 5*time.Second)
	if errCount(ch.snapshot()) != 0 {
		t.Errorf("a compaction under a live watch was reported as an error: %+v", ch.snapshot())
	}
}

// etcdView is what the Config holds from the etcd layer, by key.
func etcdView(t *testing.T, cfg *alembiccfg.Config, prefix string) map[string]string {
	fc, err := cfg.FileConfig()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, s := range fc.Sections() {
		opts, _ := fc.RawOptions(s)
		for _, o := range opts {
			if o.From.Layer == "etcd" && o.Scope == alembiccfg.ScopeSection {
				out[Key(prefix, s, o.Name)] = o.Raw
			}
		}
	}
	return out
}

func diffCount(a, b map[string]string) int {
	n := 0
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			n++
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			n++
		}
	}
	return n
}

// TestRapidPuts: 1,000 keys, then 200 puts as fast as four writers can
// make them; the Config ends in exactly etcd's final state.
func TestRapidPuts(t *testing.T) {
	cluster := etcdtest.Start(t, 1)
	cl := cluster.Client(t)
	const prefix = "/rapid"
	ctx := context.Background()
	for b := 0; b < 10; b++ {
		var ops []clientv3.Op
		for i := b * 100; i < (b+1)*100; i++ {
			ops = append(ops, clientv3.OpPut(fmt.Sprintf("%s/s%d/k%04d", prefix, i%10, i), "init"))
		}
		if _, err := cl.Txn(ctx).Then(ops...).Commit(); err != nil {
			t.Fatal(err)
		}
	}
	p := newP(t, fastOpt(cluster.Endpoints(), prefix))
	ini := writeFile(t, t.TempDir(), "alembic.ini", "[alembic]\n")
	cfg := alembiccfg.New(alembiccfg.Options{File: ini, Layers: []alembiccfg.Layer{p.Layer()}, WatchDelay: time.Millisecond})
	ch := watchConfig(t, cfg)
	if n := len(etcdView(t, cfg, prefix)); n != 1000 {
		t.Fatalf("%d keys read, want 1000", n)
	}
	start := time.Now()
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for j := 0; j < 50; j++ {
				i := w*50 + j
				m := (i * 7) % 1000
				key := fmt.Sprintf("%s/s%d/k%04d", prefix, m%10, m) // overwrite
				if i%5 == 0 {
					key = fmt.Sprintf("%s/new%d/k%04d", prefix, w, j) // a new key, some new sections
				}
				if _, err := cl.Put(ctx, key, fmt.Sprintf("v%d-%d", w, j)); err != nil {
					t.Error(err)
					return
				}
			}
		}(w)
	}
	wg.Wait()
	putting := time.Since(start)
	final := getAll(t, cl, prefix)
	var lost int
	deadline := time.Now().Add(10 * time.Second)
	for {
		lost = diffCount(final, etcdView(t, cfg, prefix))
		if lost == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Logf("1000 keys + 200 rapid puts (%v): %d keys in etcd, %d lost updates; Config caught up %v after the first put, %d change reports, %d errors",
		putting.Round(time.Millisecond), len(final), lost, time.Since(start).Round(time.Millisecond), len(ch.snapshot()), errCount(ch.snapshot()))
	if lost != 0 {
		t.Errorf("%d updates lost", lost)
	}
}

// TestStartUnavailable: etcd is down at the first load; the lower layers
// serve, and the watch connects when etcd comes up and reports the change.
func TestStartUnavailable(t *testing.T) {
	cluster := etcdtest.Start(t, 1)
	cl := cluster.Client(t)
	put(t, cl, "/su/alembic/sqlalchemy.url", "postgresql://fleet@db/x")
	cluster.Stop(0)
	opt := fastOpt(cluster.Endpoints(), "/su")
	opt.DialTimeout = 300 * time.Millisecond
	opt.StartUnavailable = true
	p := newP(t, opt)
	ini := writeFile(t, t.TempDir(), "alembic.ini", "[alembic]\nsqlalchemy.url = sqlite://\n")
	cfg := alembiccfg.New(alembiccfg.Options{File: ini, Layers: []alembiccfg.Layer{p.Layer()}, WatchDelay: time.Millisecond})
	start := time.Now()
	if v, _, err := cfg.MainOption("sqlalchemy.url"); err != nil || v != "sqlite://" {
		t.Fatalf("url = %q, %v; want the file's", v, err)
	}
	t.Logf("StartUnavailable: loaded from the lower layers in %v", time.Since(start).Round(time.Millisecond))
	if p.Revision() != 0 {
		t.Errorf("Revision() = %d", p.Revision())
	}
	ch := watchConfig(t, cfg)
	time.Sleep(500 * time.Millisecond)
	up := time.Now()
	cluster.Restart(0)
	waitMain(t, cfg, "sqlalchemy.url", "postgresql://fleet@db/x", 15*time.Second)
	t.Logf("StartUnavailable: etcd's value visible %v after etcd was restarted; reports: %d errors", time.Since(up).Round(time.Millisecond), errCount(ch.snapshot()))
	cluster.WaitHealthy(0)
}

// TestLatency (ETCD_LATENCY=1): put -> new value visible through
// Config.MainOption, over 200 puts on loopback.
func TestLatency(t *testing.T) {
	if os.Getenv("ETCD_LATENCY") != "1" {
		t.Skip("set ETCD_LATENCY=1 to measure")
	}
	cluster := etcdtest.Start(t, 1)
	cl := cluster.Client(t)
	put(t, cl, "/lat/alembic/sqlalchemy.url", "postgresql://db/0")
	p := newP(t, fastOpt(cluster.Endpoints(), "/lat"))
	ini := writeFile(t, t.TempDir(), "alembic.ini", "[alembic]\nsqlalchemy.url = sqlite://\n")
	cfg := alembiccfg.New(alembiccfg.Options{File: ini, Layers: []alembiccfg.Layer{p.Layer()}, WatchDelay: time.Millisecond})
	watchConfig(t, cfg)
	waitMain(t, cfg, "sqlalchemy.url", "postgresql://db/0", 5*time.Second)
	var ds []time.Duration
	for i := 1; i <= 200; i++ {
		want := fmt.Sprintf("postgresql://db/%d", i)
		start := time.Now()
		put(t, cl, "/lat/alembic/sqlalchemy.url", want)
		for {
			if v, _, _ := cfg.MainOption("sqlalchemy.url"); v == want {
				break
			}
			if time.Since(start) > 5*time.Second {
				t.Fatalf("put %d not visible after 5s", i)
			}
			time.Sleep(20 * time.Microsecond)
		}
		ds = append(ds, time.Since(start))
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	t.Logf("put -> visible through Config.MainOption over %d puts: median %v, p99 %v, max %v",
		len(ds), ds[len(ds)/2], ds[len(ds)*99/100-1], ds[len(ds)-1])
}
