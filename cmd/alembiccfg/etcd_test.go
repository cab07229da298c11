package main

import (
	"bufio"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/koanf-alembic/koanf-alembic/provider/etcd/etcdtest"
)

const fleetINI = "[alembic]\n" +
	"script_location = migrations\n" +
	"sqlalchemy.url = sqlite:///%(here)s/local.db\n" +
	"\n[post/write]\nx = from the file\n"

// put writes key = value to the cluster.
func put(t *testing.T, c *clientv3.Client, key, value string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := c.Put(ctx, key, value); err != nil {
		t.Fatal(err)
	}
}

// get reads key from the cluster ("" and false when absent).
func get(t *testing.T, c *clientv3.Client, key string) (string, bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	r, err := c.Get(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Kvs) == 0 {
		return "", false
	}
	return string(r.Kvs[0].Value), true
}

// The scenario with a real etcd on loopback: the fleet's value over
// the file's, the host's environment over the fleet's, percent-encoded
// names, provenance without the password, publish of raw text.
func TestEtcdLayer(t *testing.T) {
	cluster := etcdtest.Start(t, 1)
	client := cluster.Client(t)
	endpoint := cluster.Endpoints()[0]
	dir := project(t, map[string]string{"alembic.ini": fleetINI})
	flags := []string{"--etcd", endpoint, "--etcd-prefix", "/apps/billing"}
	at := func(env []string, args ...string) result {
		t.Helper()
		return runAt(t, dir, env, append(append([]string{}, flags...), args...)...)
	}

	// publish: the file's own raw text, one transaction; here is never
	// published.
	r := at(nil, "publish")
	expect(t, r, exitOK, []string{"published 3 options of alembic.ini under /apps/billing"}, nil)
	if v, _ := get(t, client, "/apps/billing/alembic/sqlalchemy.url"); v != "sqlite:///%(here)s/local.db" {
		t.Errorf("published sqlalchemy.url = %q", v)
	}
	if _, ok := get(t, client, "/apps/billing/alembic/here"); ok {
		t.Error("here was published")
	}
	if v, _ := get(t, client, "/apps/billing/post%2Fwrite/x"); v != "from the file" {
		t.Errorf("published [post/write] x = %q", v)
	}

	put(t, client, "/apps/billing/alembic/sqlalchemy.url", "postgresql://fleet:FLEETPW@db/billing")
	put(t, client, "/apps/billing/post%2Fwrite/x", "from etcd")
	expect(t, at(nil, "get", "sqlalchemy.url"), exitOK, []string{"postgresql://fleet:FLEETPW@db/billing\n"}, nil)
	expect(t, at([]string{"ALEMBIC_SQLALCHEMY_URL=postgresql://env@db/x"}, "get", "sqlalchemy.url"), exitOK,
		[]string{"postgresql://env@db/x\n"}, nil)
	expect(t, at(nil, "get", "post/write", "x"), exitOK, []string{"from etcd\n"}, nil)

	r = at(nil, "explain")
	expect(t, r, exitOK, []string{"# etcd layer: /apps/billing/SECTION/OPTION, read at revision ",
		"etcd /apps/billing/alembic/sqlalchemy.url @ revision ", "fleet:***@db", "!FLEETPW"}, []string{"!FLEETPW"})

	// A raw etcd value interpolates like the file's; a lone % names the key.
	put(t, client, "/apps/billing/alembic/derived", "at %(here)s")
	expect(t, at(nil, "get", "derived"), exitOK, []string{"at " + dir + "\n"}, nil)
	put(t, client, "/apps/billing/alembic/derived", "100%")
	expect(t, at(nil, "get", "derived"), exitError, nil, []string{"/apps/billing/alembic/derived", "InterpolationSyntaxError"})

	// publish overwrites the values that differ from the file and, with
	// --prune, deletes the keys the file does not have (its refusal of a
	// prefix changed between its read and its write is the layer's test).
	r = at(nil, "publish", "--prune")
	expect(t, r, exitOK, []string{"deleted"}, nil)
	if _, ok := get(t, client, "/apps/billing/alembic/derived"); ok {
		t.Error("publish --prune left derived")
	}
	if v, _ := get(t, client, "/apps/billing/alembic/sqlalchemy.url"); v != "sqlite:///%(here)s/local.db" {
		t.Errorf("republished sqlalchemy.url = %q", v)
	}

	// [DEFAULT] cannot be published.
	defaults := project(t, map[string]string{"alembic.ini": "[DEFAULT]\ndb = x\n[alembic]\na = 1\n"})
	expect(t, runAt(t, defaults, nil, append(append([]string{}, flags...), "publish")...), exitError, nil,
		[]string{"DEFAULT", "db"})
}

// No endpoint answers: the command fails after the dial timeout with a
// typed error, unless --etcd-optional.
func TestEtcdUnreachable(t *testing.T) {
	dir := project(t, map[string]string{"alembic.ini": fleetINI})
	flags := []string{"--etcd", "http://127.0.0.1:1", "--etcd-prefix", "/apps/billing", "--etcd-dial-timeout", "300ms"}
	start := time.Now()
	r := runAt(t, dir, nil, append(flags, "get", "script_location")...)
	expect(t, r, exitError, nil, []string{"etcd", "OSError"})
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("the failure took %v", d)
	}
	r = runAt(t, dir, nil, append(flags, "--etcd-optional", "get", "script_location")...)
	expect(t, r, exitOK, []string{"migrations\n"}, nil)
	r = runAt(t, dir, nil, append(flags, "--etcd-optional", "explain")...)
	expect(t, r, exitOK, []string{"not reached (--etcd-optional)", "# from: file alembic.ini:2"}, nil)
}

func TestEtcdUsage(t *testing.T) {
	dir := project(t, map[string]string{"alembic.ini": fleetINI})
	for _, args := range [][]string{
		{"--etcd", "http://127.0.0.1:2379", "get", "x"},
		{"--etcd-prefix", "/p", "get", "x"},
		{"publish"},
		{"--etcd", ",", "--etcd-prefix", "/p", "get", "x"},
		{"--etcd", "http://127.0.0.1:2379", "--etcd-prefix", "/p", "--etcd-dial-timeout", "soon", "get", "x"},
		{"get", "x", "--prune"},
	} {
		expect(t, runAt(t, dir, nil, args...), exitError, nil, []string{"alembiccfg: "})
	}
}

// watch reports a put to the prefix, in its own format, secrets redacted.
func TestEtcdWatch(t *testing.T) {
	cluster := etcdtest.Start(t, 1)
	client := cluster.Client(t)
	dir := project(t, map[string]string{"alembic.ini": fleetINI})
	inv, err := parseArgs([]string{"--env-prefix", "", "--etcd", cluster.Endpoints()[0], "--etcd-prefix", "/apps/billing", "watch"})
	if err != nil {
		t.Fatal(err)
	}
	pr, pw := io.Pipe()
	errOut := &syncBuffer{}
	a := &app{inv: inv, dir: dir, stdin: strings.NewReader(""), stdout: pw, stderr: errOut}
	if err := a.resolveFiles(); err != nil {
		t.Fatal(err)
	}
	if err := a.openEtcd(); err != nil {
		t.Fatal(err)
	}
	defer a.closeEtcd()
	ctx, cancel := context.WithCancel(context.Background())
	code := make(chan int, 1)
	go func() { code <- a.watch(ctx); pw.Close() }()
	for i := 0; !strings.Contains(errOut.String(), "watching") && i < 3000; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	lines := bufio.NewScanner(pr)
	got := make(chan string, 1)
	start := time.Now()
	put(t, client, "/apps/billing/alembic/sqlalchemy.url", "postgresql://u:SECRET@fleet/db")
	go func() {
		if lines.Scan() {
			got <- lines.Text()
		}
	}()
	select {
	case line := <-got:
		want := "[alembic] sqlalchemy.url = postgresql://u:***@fleet/db (etcd /apps/billing/alembic/sqlalchemy.url @ revision "
		if !strings.HasPrefix(line, want) {
			t.Errorf("watch printed %q, want %q…", line, want)
		}
		t.Logf("put → watch line in %v", time.Since(start))
	case <-time.After(30 * time.Second):
		t.Fatal("watch printed nothing")
	}
	cancel()
	if c := <-code; c != exitOK {
		t.Errorf("exit %d", c)
	}
}

// The built binary, as the must-show runs it.
func TestEtcdBuiltBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	cluster := etcdtest.Start(t, 1)
	client := cluster.Client(t)
	bin := filepath.Join(t.TempDir(), "alembiccfg")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := project(t, map[string]string{"alembic.ini": fleetINI})
	put(t, client, "/apps/billing/alembic/sqlalchemy.url", "postgresql://fleet@db/billing")
	cmd := exec.Command(bin, "-c", "alembic.ini", "--etcd", cluster.Endpoints()[0], "--etcd-prefix", "/apps/billing", "get", "sqlalchemy.url")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "ALEMBIC_SQLALCHEMY_URL=")
	out, err := cmd.Output()
	if err != nil || string(out) != "postgresql://fleet@db/billing\n" {
		t.Errorf("got %q, %v", out, err)
	}
}
