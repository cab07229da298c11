package etcd

import (
	"context"
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/provider/etcd/etcdtest"
)

func TestKeyRoundTrip(t *testing.T) {
	for _, c := range []struct{ prefix, section, option, key string }{
		{"/apps/billing", "alembic", "sqlalchemy.url", "/apps/billing/alembic/sqlalchemy.url"},
		{"/apps/billing/", "post/write", "x", "/apps/billing/post%2Fwrite/x"},
		{"/apps/billing", "100%", "a%b", "/apps/billing/100%25/a%25b"},
		{"/p", "with space", "ü", "/p/with%20space/%C3%BC"},
		{"", "alembic", "x", "/alembic/x"},
	} {
		if got := Key(c.prefix, c.section, c.option); got != c.key {
			t.Errorf("Key(%q, %q, %q) = %q, want %q", c.prefix, c.section, c.option, got, c.key)
		}
		s, o, ok := ParseKey(c.prefix, c.key)
		if !ok || s != c.section || o != c.option {
			t.Errorf("ParseKey(%q, %q) = %q, %q, %v", c.prefix, c.key, s, o, ok)
		}
	}
	for _, key := range []string{
		"/apps/billing/alembic",     // too shallow
		"/apps/billing/a/b/c",       // too deep
		"/apps/billing/bad%zz/x",    // bad escape
		"/apps/billing//x",          // empty section
		"/apps/other/alembic/x",     // another prefix
		"/apps/billingx/alembic/x",  // not under "/apps/billing/"
		"/apps/billing/alembic/x%2", // truncated escape
	} {
		if s, o, ok := ParseKey("/apps/billing", key); ok {
			t.Errorf("ParseKey(%q) = %q, %q, true; want not ok", key, s, o)
		}
	}
}

func TestNewValidates(t *testing.T) {
	for _, c := range []struct {
		name string
		opt  Opt
	}{
		{"no endpoints", Opt{Prefix: "/p"}},
		{"empty endpoint", Opt{Endpoints: []string{""}}},
		{"negative timeout", Opt{Endpoints: []string{"http://127.0.0.1:1"}, DialTimeout: -1}},
		{"cert without key", Opt{Endpoints: []string{"http://127.0.0.1:1"}, CertFile: "c.pem"}},
		{"missing CA", Opt{Endpoints: []string{"http://127.0.0.1:1"}, CAFile: "/nonexistent/ca.pem"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, err := New(c.opt)
			if err == nil {
				p.Close()
				t.Fatal("no error")
			}
			var e *alembicerr.Error
			if !errors.As(err, &e) {
				t.Fatalf("%T %v", err, err)
			}
		})
	}
	p := newP(t, Opt{Endpoints: []string{"http://127.0.0.1:1"}, Prefix: "/apps/x/", Literal: true})
	if l := p.Layer(); l.Name != "etcd" || l.Raw || l.AboveEnv || l.Provider != p || l.Parser != nil {
		t.Errorf("Layer() = %+v", l)
	}
	if _, err := p.ReadBytes(); err == nil {
		t.Error("ReadBytes: no error")
	}
	if p.Revision() != 0 || p.KeySource("a", "b") != "" {
		t.Error("a provider that has not read answers")
	}
}

// closedPort is a loopback port nothing listens on.
func closedPort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// TestDialTimeout needs no etcd: nothing answers, and the first read fails
// with a typed error after about DialTimeout, naming the endpoints without
// the password.
func TestDialTimeout(t *testing.T) {
	addr := closedPort(t)
	p := newP(t, Opt{
		Endpoints: []string{"http://fleet:hunter2@" + addr, "http://" + addr},
		Prefix:    "/apps/billing", DialTimeout: 400 * time.Millisecond,
		Username: "root", Password: "topsecret",
	})
	dir := t.TempDir()
	cfg := alembiccfg.New(alembiccfg.Options{File: writeFile(t, dir, "alembic.ini", "[alembic]\nsqlalchemy.url = sqlite://\n"),
		Layers: []alembiccfg.Layer{p.Layer()}})
	start := time.Now()
	err := cfg.Load()
	took := time.Since(start)
	t.Logf("unreachable etcd: Load failed after %v: %v", took, err)
	if !errors.Is(err, alembicerr.OSError) {
		t.Fatalf("err = %v, want OSError", err)
	}
	if took < 350*time.Millisecond || took > 3*time.Second {
		t.Errorf("failed after %v, want about 400ms", took)
	}
	msg := err.Error()
	if !contains(msg, "no endpoint of", addr, "answered within 400ms") {
		t.Errorf("message %q", msg)
	}
	if strings.Contains(msg, "hunter2") || strings.Contains(msg, "topsecret") {
		t.Errorf("message shows a password: %q", msg)
	}
	for e := error(err); e != nil; e = errors.Unwrap(e) {
		if strings.Contains(e.Error(), "hunter2") || strings.Contains(e.Error(), "topsecret") {
			t.Errorf("a cause shows a password: %q", e.Error())
		}
	}
}

func TestPrecedence(t *testing.T) {
	cluster := etcdtest.Start(t, 1)
	cl := cluster.Client(t)
	const prefix = "/apps/billing"
	put(t, cl, prefix+"/alembic/sqlalchemy.url", "postgresql://fleet@db/billing")
	put(t, cl, prefix+"/alembic/script_location", "%(here)s/fleet_migrations")
	put(t, cl, prefix+"/alembic/fleet_only", "from etcd")
	rev := put(t, cl, prefix+"/loggers/keys", "root,fleet")
	dir := t.TempDir()
	ini := writeFile(t, dir, "alembic.ini", "[alembic]\nsqlalchemy.url = sqlite:///%(here)s/local.db\nfile_only = from file\n\n[loggers]\nkeys = root\n")
	toml := writeFile(t, dir, "pyproject.toml", "[tool.alembic]\nscript_location = \"toml_migrations\"\ntimezone = \"UTC\"\n")

	for _, c := range []struct {
		name       string
		env        []string
		set        map[string]string
		aboveEnv   bool
		option     string
		want       string
		wantLayer  string // "" when the value is not in the ini view
		alembicOpt bool   // read through AlembicOption (pyproject.toml's per-option rule)
	}{
		{name: "etcd over alembic.ini", option: "sqlalchemy.url", want: "postgresql://fleet@db/billing", wantLayer: "etcd"},
		{name: "alembic.ini where etcd has nothing", option: "file_only", want: "from file", wantLayer: "file"},
		{name: "etcd alone", option: "fleet_only", want: "from etcd", wantLayer: "etcd"},
		{name: "etcd over pyproject.toml", option: "script_location", want: dir + "/fleet_migrations", wantLayer: "etcd", alembicOpt: true},
		{name: "pyproject.toml where etcd has nothing", option: "timezone", want: "UTC", alembicOpt: true},
		{name: "environment over etcd", env: []string{"ALEMBIC_SQLALCHEMY_URL=postgresql://host@local/db"}, option: "sqlalchemy.url", want: "postgresql://host@local/db", wantLayer: "env"},
		{name: "etcd above the environment", aboveEnv: true, env: []string{"ALEMBIC_SQLALCHEMY_URL=postgresql://host@local/db"}, option: "sqlalchemy.url", want: "postgresql://fleet@db/billing", wantLayer: "etcd"},
		{name: "set over etcd and env", env: []string{"ALEMBIC_SQLALCHEMY_URL=postgresql://host@local/db"}, set: map[string]string{"sqlalchemy.url": "sqlite://"}, option: "sqlalchemy.url", want: "sqlite://", wantLayer: "set"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := newP(t, Opt{Endpoints: cluster.Endpoints(), Prefix: prefix})
			layer := p.Layer()
			layer.AboveEnv = c.aboveEnv
			opts := alembiccfg.Options{File: ini, TOMLFile: toml, Layers: []alembiccfg.Layer{layer}}
			if c.env != nil {
				env := c.env
				opts.Env = &alembiccfg.EnvOptions{Prefix: "ALEMBIC_", Environ: func() []string { return env }}
			}
			cfg := alembiccfg.New(opts)
			for k, v := range c.set {
				if err := cfg.SetMainOption(k, v); err != nil {
					t.Fatal(err)
				}
			}
			var got any
			var err error
			if c.alembicOpt {
				got, _, err = cfg.AlembicOption(c.option)
			} else {
				got, _, err = cfg.MainOption(c.option)
			}
			if err != nil || got != c.want {
				t.Fatalf("%s = %v (%v), want %q", c.option, got, err, c.want)
			}
			if c.wantLayer == "" {
				return
			}
			fc, err := cfg.FileConfig()
			if err != nil {
				t.Fatal(err)
			}
			opts2, _ := fc.RawOptions("alembic")
			for _, o := range opts2 {
				if o.Name != c.option {
					continue
				}
				if o.From.Layer != c.wantLayer {
					t.Errorf("from %v, want layer %s", o.From, c.wantLayer)
				}
				if o.From.Layer == "etcd" {
					want := fmt.Sprintf("%s/alembic/%s @ revision ", prefix, c.option)
					if !strings.HasPrefix(o.From.Name, want) {
						t.Errorf("source %q, want %q…", o.From, want)
					}
					t.Logf("provenance: %s", o.From)
				}
				return
			}
			t.Errorf("%s not in RawOptions", c.option)
		})
	}
	// Another section: the layer replaces option by option.
	p := newP(t, Opt{Endpoints: cluster.Endpoints(), Prefix: prefix})
	cfg := alembiccfg.New(alembiccfg.Options{File: ini, Layers: []alembiccfg.Layer{p.Layer()}})
	if v, _, err := cfg.SectionOption("loggers", "keys"); err != nil || v != "root,fleet" {
		t.Errorf("[loggers] keys = %q, %v", v, err)
	}
	if p.Revision() != rev {
		t.Errorf("Revision() = %d, want %d", p.Revision(), rev)
	}
	if got := p.KeySource("loggers", "keys"); got != fmt.Sprintf("%s/loggers/keys @ revision %d", prefix, rev) {
		t.Errorf("KeySource = %q", got)
	}
}

func TestNamesAndValues(t *testing.T) {
	cluster := etcdtest.Start(t, 1)
	cl := cluster.Client(t)
	const prefix = "/apps/billing"
	put(t, cl, prefix+"/post%2Fwrite/x", "1")
	put(t, cl, prefix+"/pct%25s/a%25b", "2")
	put(t, cl, prefix+"/alembic/db", "sqlite:///%(here)s/local.db")
	put(t, cl, prefix+"/alembic/pct", "100%% sure")
	put(t, cl, prefix+"/alembic/Upper", "upper")
	put(t, cl, prefix+"/a/b/c", "too deep")
	put(t, cl, prefix+"/bad%zz/x", "bad escape")
	put(t, cl, prefix+"/alembi%63/x", "non-canonical spelling, read")
	dir := t.TempDir()
	ini := writeFile(t, dir, "alembic.ini", "[alembic]\nscript_location = migrations\n")

	p := newP(t, Opt{Endpoints: cluster.Endpoints(), Prefix: prefix + "/"})
	cfg := alembiccfg.New(alembiccfg.Options{File: ini, Layers: []alembiccfg.Layer{p.Layer()}})
	for _, c := range []struct{ section, option, want string }{
		{"post/write", "x", "1"},
		{"pct%s", "a%b", "2"},
		{"alembic", "db", "sqlite:///" + dir + "/local.db"},
		{"alembic", "pct", "100% sure"},
		{"alembic", "upper", "upper"},
		{"alembic", "x", "non-canonical spelling, read"},
	} {
		if v, _, err := cfg.SectionOption(c.section, c.option); err != nil || v != c.want {
			t.Errorf("[%s] %s = %q, %v; want %q", c.section, c.option, v, err, c.want)
		}
	}
	if got := p.KeySource("post/write", "x"); !strings.HasPrefix(got, prefix+"/post%2Fwrite/x @ revision ") {
		t.Errorf("KeySource = %q", got)
	}
	if got := p.KeySource("alembic", "x"); !strings.HasPrefix(got, prefix+"/alembi%63/x @ revision ") {
		t.Errorf("KeySource of a non-canonical key = %q", got)
	}
	skipped := p.Skipped()
	if len(skipped) != 2 || skipped[0].Key != prefix+"/a/b/c" || skipped[1].Key != prefix+"/bad%zz/x" {
		t.Errorf("Skipped() = %+v", skipped)
	}
	t.Logf("skipped: %+v", skipped)

	// A lone % is Alembic's InterpolationSyntaxError, naming the key.
	put(t, cl, prefix+"/alembic/bad", "100%")
	if err := cfg.Reload(); err != nil {
		t.Fatal(err)
	}
	_, _, err := cfg.MainOption("bad")
	var e *alembicerr.Error
	if !errors.As(err, &e) || e.Kind != alembicerr.InterpolationSyntaxError {
		t.Fatalf("err = %v, want InterpolationSyntaxError", err)
	}
	if !strings.Contains(err.Error(), "etcd "+prefix+"/alembic/bad @ revision ") {
		t.Errorf("the error does not name the key: %v", err)
	}
	t.Logf("lone %%: %v", err)

	// Literal: the same text taken verbatim.
	lp := newP(t, Opt{Endpoints: cluster.Endpoints(), Prefix: prefix, Literal: true})
	lcfg := alembiccfg.New(alembiccfg.Options{File: ini, Layers: []alembiccfg.Layer{lp.Layer()}})
	for option, want := range map[string]string{"bad": "100%", "db": "sqlite:///%(here)s/local.db", "pct": "100%% sure"} {
		if v, _, err := lcfg.MainOption(option); err != nil || v != want {
			t.Errorf("literal %s = %q, %v; want %q", option, v, err, want)
		}
	}
}

func TestPagination(t *testing.T) {
	cluster := etcdtest.Start(t, 1)
	cl := cluster.Client(t)
	for i := 0; i < 50; i++ {
		put(t, cl, fmt.Sprintf("/pg/s%d/o%d", i%5, i), fmt.Sprint(i))
	}
	put(t, cl, "/pg0/outside", "x") // just past the prefix's range
	old := pageLimit
	pageLimit = 7
	defer func() { pageLimit = old }()
	p := newP(t, Opt{Endpoints: cluster.Endpoints(), Prefix: "/pg"})
	tree, err := p.Read()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, sec := range tree {
		n += len(sec.(map[string]any))
	}
	if n != 50 {
		t.Errorf("%d options, want 50", n)
	}
}

func TestMaxBytes(t *testing.T) {
	cluster := etcdtest.Start(t, 1)
	cl := cluster.Client(t)
	put(t, cl, "/mb/alembic/a", strings.Repeat("x", 50))
	p := newP(t, Opt{Endpoints: cluster.Endpoints(), Prefix: "/mb", MaxBytes: 100})
	ini := writeFile(t, t.TempDir(), "alembic.ini", "[alembic]\n")
	cfg := alembiccfg.New(alembiccfg.Options{File: ini, Layers: []alembiccfg.Layer{p.Layer()}, WatchDelay: time.Millisecond})
	if v, _, err := cfg.MainOption("a"); err != nil || len(v) != 50 {
		t.Fatalf("a = %q, %v", v, err)
	}
	ch := watchConfig(t, cfg)
	put(t, cl, "/mb/alembic/b", strings.Repeat("y", 60))
	ch.waitFor(t, 5*time.Second, "a limit error", hasErr)
	err := ch.snapshot()[0].Err
	if !errors.Is(err, alembicerr.LimitError) || !strings.Contains(err.Error(), "100 bytes") {
		t.Errorf("err = %v, want a LimitError naming 100 bytes", err)
	}
	if _, ok, _ := cfg.MainOption("b"); ok {
		t.Error("the over-limit state was applied")
	}
	// A fresh read is refused too.
	p2 := newP(t, Opt{Endpoints: cluster.Endpoints(), Prefix: "/mb", MaxBytes: 100})
	if _, err := p2.Read(); !errors.Is(err, alembicerr.LimitError) {
		t.Errorf("Read: %v, want LimitError", err)
	}
	// Back under the limit: the watch recovers.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := cl.Delete(ctx, "/mb/alembic/a"); err != nil {
		t.Fatal(err)
	}
	waitMain(t, cfg, "b", strings.Repeat("y", 60), 10*time.Second)
}

func TestWatchOnceAndStop(t *testing.T) {
	cluster := etcdtest.Start(t, 1)
	p := newP(t, Opt{Endpoints: cluster.Endpoints(), Prefix: "/w"})
	if _, err := p.Read(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if err := p.Watch(ctx, func(error) {}); err != nil {
		t.Fatal(err)
	}
	if err := p.Watch(ctx, func(error) {}); !errors.Is(err, alembicerr.WatchError) {
		t.Errorf("second Watch: %v", err)
	}
	cancel()
	p.wg.Wait()
	// Stopped: it may watch again.
	ctx2, cancel2 := context.WithCancel(context.Background())
	defer cancel2()
	if err := p.Watch(ctx2, func(error) {}); err != nil {
		t.Errorf("Watch after the first stopped: %v", err)
	}
}

func TestSecretsRedacted(t *testing.T) {
	cluster := etcdtest.Start(t, 1)
	cl := cluster.Client(t)
	put(t, cl, "/sec/alembic/sqlalchemy.url", "postgresql://app:first-s3cret@db/billing")
	p := newP(t, Opt{Endpoints: cluster.Endpoints(), Prefix: "/sec"})
	ini := writeFile(t, t.TempDir(), "alembic.ini", "[alembic]\nsqlalchemy.url = sqlite://\n")
	cfg := alembiccfg.New(alembiccfg.Options{File: ini, Layers: []alembiccfg.Layer{p.Layer()}, WatchDelay: time.Millisecond})
	ch := watchConfig(t, cfg)
	put(t, cl, "/sec/alembic/sqlalchemy.url", "postgresql://app:second-s3cret@db/billing")
	ch.waitFor(t, 5*time.Second, "a change", func(chs []alembiccfg.Change) bool { return len(chs) > 0 })
	c := ch.snapshot()[0]
	if c.Err != nil || len(c.Options) != 1 {
		t.Fatalf("change = %+v", c)
	}
	o := c.Options[0]
	if strings.Contains(o.Value, "s3cret") || !strings.Contains(o.Value, "db/billing") {
		t.Errorf("change value %q", o.Value)
	}
	if o.New == nil || o.New.Layer != "etcd" || !strings.HasPrefix(o.New.Name, "/sec/alembic/sqlalchemy.url @ revision ") ||
		o.Old == nil || o.Old.Name == o.New.Name {
		t.Errorf("change sources %v -> %v", o.Old, o.New)
	}
	t.Logf("change: [%s] %s = %s (%s, was %s)", o.Section, o.Option, o.Value, o.New, o.Old)
}

func TestFileEntries(t *testing.T) {
	dir := t.TempDir()
	ini := writeFile(t, dir, "alembic.ini", "[alembic]\nscript_location = %(here)s/migrations\nsqlalchemy.url = sqlite:///%(here)s/local.db\n\n[post/write]\nx = 1\n  continued\n")
	got, err := FileEntries(ini)
	if err != nil {
		t.Fatal(err)
	}
	want := []Entry{{"alembic", "script_location", "%(here)s/migrations"}, {"alembic", "sqlalchemy.url", "sqlite:///%(here)s/local.db"}, {"post/write", "x", "1\ncontinued"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("FileEntries = %q, want %q", got, want)
	}
	withDefault := writeFile(t, dir, "default.ini", "[DEFAULT]\nshared = 1\nother = 2\n\n[alembic]\nx = %(shared)s\n")
	_, err = FileEntries(withDefault)
	if !errors.Is(err, alembicerr.ValueError) || !contains(err.Error(), "[DEFAULT]", "shared, other") {
		t.Errorf("[DEFAULT]: %v", err)
	}
	_, err = FileEntries(filepath.Join(dir, "missing.ini"))
	if !errors.Is(err, alembicerr.OSError) {
		t.Errorf("missing file: %v", err)
	}
}
