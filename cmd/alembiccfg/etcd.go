package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/provider/etcd"
)

// etcdFlags are the global flags of the etcd layer.
type etcdFlags struct {
	endpoints   []string      // --etcd URL[,URL…]
	prefix      string        // --etcd-prefix
	ca          string        // --etcd-ca FILE
	cert, key   string        // --etcd-cert FILE, --etcd-key FILE
	user        string        // --etcd-user USER[:PASSWORD]
	dialTimeout time.Duration // --etcd-dial-timeout
	literal     bool          // --etcd-literal
	optional    bool          // --etcd-optional
}

// set reports whether any etcd flag was given.
func (f *etcdFlags) set() bool {
	return len(f.endpoints) > 0 || f.prefix != "" || f.ca != "" || f.cert != "" || f.key != "" ||
		f.user != "" || f.dialTimeout != 0 || f.literal || f.optional
}

// check refuses etcd flags that make no layer: a prefix without endpoints
// or the other way round.
func (f *etcdFlags) check(cmd string) error {
	switch {
	case !f.set():
		if cmd == "publish" {
			return usagef("publish needs --etcd URL and --etcd-prefix PREFIX")
		}
		return nil
	case len(f.endpoints) == 0:
		return usagef("the etcd flags need --etcd URL[,URL...]")
	case f.prefix == "":
		return usagef("--etcd needs --etcd-prefix PREFIX (keys are PREFIX/SECTION/OPTION)")
	}
	return nil
}

// parseEndpoints reads --etcd's comma-separated list.
func parseEndpoints(v string) ([]string, error) {
	var out []string
	for _, e := range strings.Split(v, ",") {
		if e = strings.TrimSpace(e); e != "" {
			out = append(out, e)
		}
	}
	if len(out) == 0 {
		return nil, usagef("--etcd %q: expected URL[,URL...]", v)
	}
	return out, nil
}

// openEtcd makes the etcd layer's provider when the flags ask for one; the
// Configs of the run then carry its layer (newConfig). The password of
// --etcd-user may instead come from ETCD_PASSWORD, which keeps it out of
// the process list.
func (a *app) openEtcd() error {
	f := &a.inv.etcd
	if len(f.endpoints) == 0 {
		return nil
	}
	user, password, _ := strings.Cut(f.user, ":")
	if user != "" && password == "" {
		password = a.getenv("ETCD_PASSWORD")
	}
	p, err := etcd.New(etcd.Opt{
		Endpoints:        f.endpoints,
		Prefix:           f.prefix,
		Literal:          f.literal,
		DialTimeout:      f.dialTimeout,
		Username:         user,
		Password:         password,
		CAFile:           a.optPath(f.ca),
		CertFile:         a.optPath(f.cert),
		KeyFile:          a.optPath(f.key),
		StartUnavailable: f.optional,
	})
	if err != nil {
		return err
	}
	a.etcd = p
	return nil
}

// optPath is path for a name that may be empty.
func (a *app) optPath(name string) string {
	if name == "" {
		return ""
	}
	return a.path(name)
}

// closeEtcd closes the etcd layer's client, if any.
func (a *app) closeEtcd() {
	if a.etcd != nil {
		a.etcd.Close()
	}
}

// cmdPublish is `publish [--prune] [--force]`: the ini file's own raw
// options (never here, config_args, pyproject.toml or environment values)
// written under the etcd prefix in one transaction.
func (a *app) cmdPublish() int {
	if a.stdinData != nil {
		return a.fail(usagef("publish reads an ini file, not standard input"))
	}
	if !a.iniFound {
		return a.fail(&alembicerr.Error{Kind: alembicerr.OSError, Source: a.ini, Message: "no such file: nothing to publish"})
	}
	entries, err := etcd.FileEntries(a.path(a.ini))
	if err != nil {
		return a.fail(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	res, err := a.etcd.Publish(ctx, entries, etcd.PublishOpt{Prune: a.inv.prune, Force: a.inv.force})
	if err != nil {
		return a.fail(err)
	}
	fmt.Fprintf(a.stdout, "published %d options of %s under %s at revision %d (%d written, %d unchanged, %d deleted)\n",
		len(entries), a.ini, a.inv.etcd.prefix, res.Revision, res.Put, res.Unchanged, res.Deleted)
	return exitOK
}
