package etcd

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/provider/etcd/etcdtest"
)

func getAll(t *testing.T, cl *clientv3.Client, prefix string) map[string]string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	resp, err := cl.Get(ctx, prefix+"/", clientv3.WithPrefix())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, kv := range resp.Kvs {
		out[string(kv.Key)] = string(kv.Value)
	}
	return out
}

const publishIni = `[alembic]
script_location = %(here)s/migrations
sqlalchemy.url = sqlite:///%(here)s/local.db

[post/write]
x = 1

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
`

func TestPublish(t *testing.T) {
	cluster := etcdtest.Start(t, 1)
	cl := cluster.Client(t)
	const prefix = "/apps/billing"
	dir := t.TempDir()
	ini := writeFile(t, dir, "alembic.ini", publishIni)
	entries, err := FileEntries(ini)
	if err != nil {
		t.Fatal(err)
	}
	put(t, cl, prefix+"/old/stale", "to prune")
	p := newP(t, Opt{Endpoints: cluster.Endpoints(), Prefix: prefix})
	ctx := context.Background()

	// No Read yet: Publish reads first; one transaction.
	res, err := p.Publish(ctx, entries, PublishOpt{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Put != 4 || res.Unchanged != 0 || res.Deleted != 0 || res.Revision == 0 {
		t.Errorf("first publish: %+v", res)
	}
	got := getAll(t, cl, prefix)
	want := map[string]string{
		prefix + "/alembic/script_location":  "%(here)s/migrations",
		prefix + "/alembic/sqlalchemy.url":   "sqlite:///%(here)s/local.db",
		prefix + "/post%2Fwrite/x":           "1",
		prefix + "/formatter_generic/format": "%(levelname)-5.5s [%(name)s] %(message)s",
		prefix + "/old/stale":                "to prune",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("etcd holds %q\nwant %q", got, want)
	}
	// All four keys at the one revision of the transaction.
	resp, _ := cl.Get(ctx, prefix+"/alembic/", clientv3.WithPrefix())
	for _, kv := range resp.Kvs {
		if kv.ModRevision != res.Revision {
			t.Errorf("%s at revision %d, the txn's is %d", kv.Key, kv.ModRevision, res.Revision)
		}
	}

	// What was published reads back through a Config exactly as the file.
	cfg := alembiccfg.New(alembiccfg.Options{File: writeFile(t, dir, "empty.ini", "[alembic]\n"), Layers: []alembiccfg.Layer{p.Layer()}})
	fileCfg := alembiccfg.New(alembiccfg.Options{File: ini})
	for _, e := range entries {
		a, _, errA := cfg.SectionOption(e.Section, e.Option)
		b, _, errB := fileCfg.SectionOption(e.Section, e.Option)
		if a != b || (errA == nil) != (errB == nil) {
			t.Errorf("[%s] %s: etcd %q (%v), file %q (%v)", e.Section, e.Option, a, errA, b, errB)
		}
	}

	// Again: nothing rewritten.
	res, err = p.Publish(ctx, entries, PublishOpt{})
	if err != nil || res.Put != 0 || res.Unchanged != 4 {
		t.Errorf("republish: %+v, %v", res, err)
	}

	// One change, and prune.
	entries[2].Value = "2"
	res, err = p.Publish(ctx, entries, PublishOpt{Prune: true})
	if err != nil || res.Put != 1 || res.Unchanged != 3 || res.Deleted != 1 {
		t.Errorf("change + prune: %+v, %v", res, err)
	}
	if got := getAll(t, cl, prefix); len(got) != 4 || got[prefix+"/post%2Fwrite/x"] != "2" {
		t.Errorf("after prune: %q", got)
	}

	// Someone else writes under the prefix: a conflict naming the key.
	put(t, cl, prefix+"/alembic/sqlalchemy.url", "postgresql://other@db/x")
	entries[2].Value = "3"
	_, err = p.Publish(ctx, entries, PublishOpt{})
	if !errors.Is(err, alembicerr.WriteConflictError) || !strings.Contains(err.Error(), prefix+"/alembic/sqlalchemy.url changed") {
		t.Fatalf("conflict: %v", err)
	}
	t.Logf("conflict: %v", err)
	if got := getAll(t, cl, prefix); got[prefix+"/post%2Fwrite/x"] != "2" {
		t.Error("a refused publish wrote")
	}
	// Force writes anyway.
	res, err = p.Publish(ctx, entries, PublishOpt{Force: true})
	if err != nil || res.Put != 2 || getAll(t, cl, prefix)[prefix+"/alembic/sqlalchemy.url"] != "sqlite:///%(here)s/local.db" {
		t.Errorf("force: %+v, %v", res, err)
	}

	// A deletion of a key Publish would leave as it is is a conflict too.
	if _, err := cl.Delete(ctx, prefix+"/alembic/script_location"); err != nil {
		t.Fatal(err)
	}
	_, err = p.Publish(ctx, entries, PublishOpt{})
	if !errors.Is(err, alembicerr.WriteConflictError) || !strings.Contains(err.Error(), "script_location deleted") {
		t.Errorf("deletion conflict: %v", err)
	}

	// Too many operations: refused before sending, nothing written.
	p2 := newP(t, Opt{Endpoints: cluster.Endpoints(), Prefix: "/big"})
	var many []Entry
	for i := 0; i < 200; i++ {
		many = append(many, Entry{"alembic", fmt.Sprintf("o%03d", i), "v"})
	}
	_, err = p2.Publish(ctx, many, PublishOpt{})
	if !errors.Is(err, alembicerr.LimitError) || !strings.Contains(err.Error(), "--max-txn-ops 128") {
		t.Errorf("200 entries: %v", err)
	}
	if got := getAll(t, cl, "/big"); len(got) != 0 {
		t.Errorf("a refused publish wrote %d keys", len(got))
	}
	_, err = p2.Publish(ctx, []Entry{{"alembic", "big", strings.Repeat("x", 2000)}}, PublishOpt{MaxRequestBytes: 1000})
	if !errors.Is(err, alembicerr.LimitError) || !strings.Contains(err.Error(), "--max-request-bytes 1000") {
		t.Errorf("large value: %v", err)
	}
	_, err = p2.Publish(ctx, []Entry{{"DEFAULT", "x", "1"}}, PublishOpt{})
	if !errors.Is(err, alembicerr.ValueError) {
		t.Errorf("DEFAULT entry: %v", err)
	}
}

// TestPublishServerLimits: a server with small limits refuses, and the
// refusal is a LimitError too.
func TestPublishServerLimits(t *testing.T) {
	cluster := etcdtest.Start(t, 1, "--max-txn-ops=4", "--max-request-bytes=4096")
	p := newP(t, Opt{Endpoints: cluster.Endpoints(), Prefix: "/lim"})
	ctx := context.Background()
	var entries []Entry
	for i := 0; i < 10; i++ {
		entries = append(entries, Entry{"alembic", fmt.Sprintf("o%d", i), "v"})
	}
	_, err := p.Publish(ctx, entries, PublishOpt{MaxTxnOps: 1000})
	if !errors.Is(err, alembicerr.LimitError) || !strings.Contains(err.Error(), "--max-txn-ops") {
		t.Errorf("server --max-txn-ops: %v", err)
	}
	t.Logf("server-side: %v", err)
	_, err = p.Publish(ctx, []Entry{{"alembic", "big", strings.Repeat("x", 8000)}}, PublishOpt{MaxRequestBytes: 1 << 20})
	if !errors.Is(err, alembicerr.LimitError) || !strings.Contains(err.Error(), "--max-request-bytes") {
		t.Errorf("server --max-request-bytes: %v", err)
	}
	t.Logf("server-side: %v", err)
	// Within the limits it works (3 puts + the read-back = 4 ops).
	if _, err := p.Publish(ctx, entries[:3], PublishOpt{MaxTxnOps: 4}); err != nil {
		t.Errorf("3 entries: %v", err)
	}
	if _, err := p.Publish(ctx, entries[3:7], PublishOpt{MaxTxnOps: 4}); !errors.Is(err, alembicerr.LimitError) || !strings.Contains(err.Error(), "--max-txn-ops 4") {
		t.Errorf("4 new entries with MaxTxnOps 4: %v", err)
	}
}

// TestPublishManyUnchanged: more unchanged keys than a transaction can
// compare; a count taken just before the transaction still catches a
// deletion.
func TestPublishManyUnchanged(t *testing.T) {
	cluster := etcdtest.Start(t, 1)
	cl := cluster.Client(t)
	p := newP(t, Opt{Endpoints: cluster.Endpoints(), Prefix: "/mu"})
	ctx := context.Background()
	var entries []Entry
	for i := 0; i < 6; i++ {
		entries = append(entries, Entry{"alembic", fmt.Sprintf("o%d", i), "v"})
	}
	if _, err := p.Publish(ctx, entries, PublishOpt{}); err != nil {
		t.Fatal(err)
	}
	entries[0].Value = "changed"
	res, err := p.Publish(ctx, entries, PublishOpt{MaxTxnOps: 3})
	if err != nil || res.Put != 1 || res.Unchanged != 5 {
		t.Fatalf("%+v, %v", res, err)
	}
	if _, err := cl.Delete(ctx, "/mu/alembic/o3"); err != nil {
		t.Fatal(err)
	}
	entries[0].Value = "again"
	_, err = p.Publish(ctx, entries, PublishOpt{MaxTxnOps: 3})
	if !errors.Is(err, alembicerr.WriteConflictError) || !strings.Contains(err.Error(), "holds 5 keys, 6 when read") {
		t.Errorf("deletion with many unchanged keys: %v", err)
	}
	// A caller's client stays open after Close.
	own := cluster.Client(t)
	p2, err := New(Opt{Client: own, Prefix: "/mu"})
	if err != nil {
		t.Fatal(err)
	}
	p2.Close()
	if _, err := own.Get(ctx, "/mu/"); err != nil {
		t.Errorf("Close closed the caller's client: %v", err)
	}
}

// TestWatchWithoutRead: Watch reads first and reports the state as a
// change.
func TestWatchWithoutRead(t *testing.T) {
	cluster := etcdtest.Start(t, 1)
	cl := cluster.Client(t)
	put(t, cl, "/wr/alembic/a", "1")
	p := newP(t, Opt{Endpoints: cluster.Endpoints(), Prefix: "/wr"})
	got := make(chan error, 10)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := p.Watch(ctx, func(err error) { got <- err }); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"1", "2"} {
		select {
		case err := <-got:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("no report")
		}
		tree, _ := p.Read()
		if v := tree["alembic"].(map[string]any)["a"]; v != want {
			t.Errorf("a = %v, want %s", v, want)
		}
		if want == "1" {
			put(t, cl, "/wr/alembic/a", "2")
		}
	}
	if !strings.HasPrefix(p.KeySource("alembic", "a"), "/wr/alembic/a @ revision ") {
		t.Errorf("KeySource = %q", p.KeySource("alembic", "a"))
	}
}
