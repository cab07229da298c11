package etcd

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/provider/etcd/etcdtest"
)

// TestAuth: username/password authentication against a server with auth
// on; a wrong password is an OSError that never shows the password.
func TestAuth(t *testing.T) {
	cluster := etcdtest.Start(t, 1)
	cl := cluster.Client(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	put(t, cl, "/auth/alembic/sqlalchemy.url", "postgresql://db/x")
	for _, step := range []func() error{
		func() error { _, err := cl.RoleAdd(ctx, "root"); return err },
		func() error { _, err := cl.UserAdd(ctx, "root", "r00t-pw"); return err },
		func() error { _, err := cl.UserGrantRole(ctx, "root", "root"); return err },
		func() error { _, err := cl.AuthEnable(ctx); return err },
	} {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	p := newP(t, Opt{Endpoints: cluster.Endpoints(), Prefix: "/auth", Username: "root", Password: "r00t-pw", DialTimeout: time.Second})
	if d := time.Since(start); d > 200*time.Millisecond {
		t.Errorf("New blocked %v", d)
	}
	tree, err := p.Read()
	if err != nil {
		t.Fatal(err)
	}
	if got := tree["alembic"].(map[string]any)["sqlalchemy.url"]; got != "postgresql://db/x" {
		t.Errorf("url = %v", got)
	}
	// Publish and a watch work with the token too.
	changed := make(chan error, 10)
	wctx, wcancel := context.WithCancel(context.Background())
	defer wcancel()
	if err := p.Watch(wctx, func(err error) { changed <- err }); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Publish(ctx, []Entry{{"alembic", "sqlalchemy.url", "postgresql://db/y"}}, PublishOpt{}); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-changed:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no change reported")
	}
	if tree, _ := p.Read(); tree["alembic"].(map[string]any)["sqlalchemy.url"] != "postgresql://db/y" {
		t.Errorf("after publish: %v", tree)
	}

	bad := newP(t, Opt{Endpoints: cluster.Endpoints(), Prefix: "/auth", Username: "root", Password: "wrong-pw-42", DialTimeout: time.Second})
	_, err = bad.Read()
	if !errors.Is(err, alembicerr.OSError) {
		t.Fatalf("wrong password: %v", err)
	}
	for e := error(err); e != nil; e = errors.Unwrap(e) {
		if strings.Contains(e.Error(), "wrong-pw-42") {
			t.Errorf("the password shows: %v", e)
		}
	}
	t.Logf("wrong password: %v", err)
	// Unauthenticated: refused.
	anon, err := clientv3.New(clientv3.Config{Endpoints: cluster.Endpoints(), DialTimeout: time.Second, Logger: zap.NewNop()})
	if err != nil {
		t.Fatal(err)
	}
	defer anon.Close()
	pa := newP(t, Opt{Client: anon, Prefix: "/auth", DialTimeout: time.Second})
	if _, err := pa.Read(); !errors.Is(err, alembicerr.OSError) {
		t.Errorf("anonymous: %v", err)
	} else {
		t.Logf("anonymous: %v", err)
	}
}

// TestTLS: TLS from files (CA + client certificate), and from a ready
// tls.Config; without a client certificate the server refuses.
func TestTLS(t *testing.T) {
	cluster, files := etcdtest.StartTLS(t, 1)
	cl := cluster.Client(t)
	put(t, cl, "/tls/alembic/sqlalchemy.url", "postgresql://db/tls")
	conf, err := files.Config()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		opt  Opt
		ok   bool
	}{
		{"files", Opt{CAFile: files.CAFile, CertFile: files.CertFile, KeyFile: files.KeyFile}, true},
		{"tls.Config", Opt{TLS: conf}, true},
		{"CA only (no client certificate)", Opt{CAFile: files.CAFile}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			opt := c.opt
			opt.Endpoints, opt.Prefix, opt.DialTimeout = cluster.Endpoints(), "/tls", time.Second
			p := newP(t, opt)
			tree, err := p.Read()
			if c.ok {
				if err != nil || tree["alembic"].(map[string]any)["sqlalchemy.url"] != "postgresql://db/tls" {
					t.Errorf("Read = %v, %v", tree, err)
				}
			} else if !errors.Is(err, alembicerr.OSError) {
				t.Errorf("Read = %v, %v; want an OSError", tree, err)
			}
		})
	}
}
