// Command fleet shows the etcd layer: many copies of a service agreeing on
// one database URL, changed in one place without a redeploy.
//
// It uses the etcd cluster named by ETCD_ENDPOINTS (comma-separated URLs)
// when set; otherwise it starts a single embedded etcd member in a
// temporary directory, so that `go run ./examples/fleet` works on a fresh
// machine. It publishes its bundled alembic.ini under a prefix (the file's
// own raw options, as `alembiccfg publish` does), reads the configuration
// with the etcd layer ranked above the file, starts a watch, changes
// sqlalchemy.url in etcd as an operator would, and prints the change and
// the new value with its provenance, passwords hidden.
//
//	go run ./examples/fleet
//	ETCD_ENDPOINTS=http://127.0.0.1:2379 FLEET_PREFIX=/apps/billing go run ./examples/fleet
package main

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.etcd.io/etcd/server/v3/embed"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
	"github.com/koanf-alembic/koanf-alembic/provider/etcd"
	"github.com/koanf-alembic/koanf-alembic/redact"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Getenv("ETCD_ENDPOINTS"), prefixFromEnv(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "fleet:", err)
		os.Exit(2)
	}
}

func prefixFromEnv() string {
	if p := os.Getenv("FLEET_PREFIX"); p != "" {
		return p
	}
	return "/examples/fleet"
}

// run publishes, watches, changes one value and reports it.
func run(ctx context.Context, endpoints, prefix string, out io.Writer) error {
	var urls []string
	if endpoints != "" {
		urls = strings.Split(endpoints, ",")
	} else {
		member, err := startEmbedded(ctx)
		if err != nil {
			return err
		}
		defer member.Close()
		urls = []string{member.Clients[0].Addr().String()}
		for i, u := range urls {
			urls[i] = "http://" + u
		}
		fmt.Fprintln(out, "started an embedded etcd member at", urls[0])
	}
	dir, err := os.MkdirTemp("", "fleet-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	ini := filepath.Join(dir, "alembic.ini")
	if err := os.WriteFile(ini, bundledINI, 0o644); err != nil {
		return err
	}

	// The layer: keys PREFIX/SECTION/OPTION, raw ini text, ranked above
	// alembic.ini and below the environment.
	layer, err := etcd.New(etcd.Opt{Endpoints: urls, Prefix: prefix, DialTimeout: 5 * time.Second})
	if err != nil {
		return err
	}
	defer layer.Close()

	// Publish the file's own raw options in one transaction, as
	// `alembiccfg --etcd URL --etcd-prefix PREFIX publish --prune` does.
	entries, err := etcd.FileEntries(ini)
	if err != nil {
		return err
	}
	res, err := layer.Publish(ctx, entries, etcd.PublishOpt{Prune: true, Force: true})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "published %d options of %s under %s at revision %d\n", len(entries), filepath.Base(ini), prefix, res.Revision)

	cfg := alembiccfg.New(alembiccfg.Options{
		File:       ini,
		Layers:     []alembiccfg.Layer{layer.Layer()},
		WatchDelay: 20 * time.Millisecond,
	})
	if err := printURL(out, cfg); err != nil {
		return err
	}

	watchCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	changes := make(chan alembiccfg.Change, 4)
	stopped, err := cfg.Watch(watchCtx, func(c alembiccfg.Change) { changes <- c })
	if err != nil {
		return err
	}

	// An operator changes the URL for the whole fleet.
	client, err := clientv3.New(clientv3.Config{Endpoints: urls, DialTimeout: 5 * time.Second})
	if err != nil {
		return err
	}
	defer client.Close()
	newURL := "postgresql://billing:s3cret@db-2.internal/billing"
	key := etcd.Key(prefix, cfg.ConfigIniSection(), "sqlalchemy.url")
	if _, err := client.Put(ctx, key, newURL); err != nil {
		return err
	}
	fmt.Fprintf(out, "put %s\n", key)

	select {
	case c := <-changes:
		if c.Err != nil {
			return c.Err
		}
		for _, o := range c.Options {
			fmt.Fprintf(out, "changed: [%s] %s = %s (%s)\n", o.Section, o.Option, o.Value, o.New)
		}
	case <-time.After(10 * time.Second):
		return errors.New("no change seen within 10s")
	case <-ctx.Done():
		return ctx.Err()
	}
	if err := printURL(out, cfg); err != nil {
		return err
	}
	cancel()
	<-stopped
	return nil
}

// printURL prints sqlalchemy.url (password hidden) and where it came from.
func printURL(out io.Writer, cfg *alembiccfg.Config) error {
	v, _, err := cfg.MainOption("sqlalchemy.url")
	if err != nil {
		return err
	}
	fc, err := cfg.FileConfig()
	if err != nil {
		return err
	}
	opts, err := fc.RawOptions(cfg.ConfigIniSection())
	if err != nil {
		return err
	}
	for _, o := range opts {
		if o.Name == "sqlalchemy.url" {
			fmt.Fprintf(out, "sqlalchemy.url = %s\n  from: %s\n", redact.URLPasswords(v), o.From)
			for _, prev := range o.Overrode {
				fmt.Fprintf(out, "  overrode: %s\n", prev)
			}
		}
	}
	return nil
}

// startEmbedded starts one etcd member on free loopback ports, its data in
// a temporary directory removed when it closes.
func startEmbedded(ctx context.Context) (*embedded, error) {
	dir, err := os.MkdirTemp("", "fleet-etcd-")
	if err != nil {
		return nil, err
	}
	cfg := embed.NewConfig()
	cfg.Dir = dir
	cfg.LogLevel = "error"
	client, peer, err := freeURLs()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	cfg.ListenClientUrls, cfg.AdvertiseClientUrls = []url.URL{client}, []url.URL{client}
	cfg.ListenPeerUrls, cfg.AdvertisePeerUrls = []url.URL{peer}, []url.URL{peer}
	cfg.InitialCluster = cfg.Name + "=" + peer.String()
	e, err := embed.StartEtcd(cfg)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	select {
	case <-e.Server.ReadyNotify():
	case <-time.After(30 * time.Second):
		e.Close()
		os.RemoveAll(dir)
		return nil, errors.New("the embedded etcd member did not start within 30s")
	case <-ctx.Done():
		e.Close()
		os.RemoveAll(dir)
		return nil, ctx.Err()
	}
	return &embedded{Etcd: e, dir: dir}, nil
}

type embedded struct {
	*embed.Etcd
	dir string
}

func (e *embedded) Close() {
	e.Etcd.Close()
	os.RemoveAll(e.dir)
}

// freeURLs returns two loopback URLs on ports free a moment ago.
func freeURLs() (client, peer url.URL, err error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	var out [2]url.URL
	for i := range out {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return url.URL{}, url.URL{}, err
		}
		ls = append(ls, l)
		out[i] = url.URL{Scheme: "http", Host: l.Addr().String()}
	}
	return out[0], out[1], nil
}

// bundledINI is the alembic.ini baked into the image; the example writes
// it to a temporary directory, its `here`.
//
//go:embed alembic.ini
var bundledINI []byte
