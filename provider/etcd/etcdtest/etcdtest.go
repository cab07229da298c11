// Package etcdtest starts real etcd members for tests: separate etcd
// processes (the etcd binary on PATH, or $ETCD_BIN) on free loopback
// ports with temporary data directories, stopped when the test ends.
// Without an etcd binary a test is skipped, or fails when ETCD_REQUIRED=1
// (as CI sets it).
//
// Members run with a 50 ms heartbeat and a 500 ms election timeout, so
// that elections after a member is stopped take well under a second.
package etcdtest

import (
	"bytes"
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"
)

// Cluster is a set of etcd members started for a test.
type Cluster struct {
	t       testing.TB
	bin     string
	tls     *tls.Config // the client's, for a TLS cluster
	members []*member
}

type member struct {
	name, dir string
	clientURL string
	args      []string
	mu        sync.Mutex
	cmd       *exec.Cmd
	done      chan struct{} // closed when cmd has exited
	log       *bytes.Buffer
	logMu     *sync.Mutex
}

// Binary returns the etcd binary ($ETCD_BIN, else etcd on PATH), or ""
// when there is none.
func Binary() string {
	if b := os.Getenv("ETCD_BIN"); b != "" {
		return b
	}
	b, err := exec.LookPath("etcd")
	if err != nil {
		return ""
	}
	return b
}

// Require skips t (or fails it when ETCD_REQUIRED=1) when there is no etcd
// binary, and returns the binary.
func Require(t testing.TB) string {
	t.Helper()
	bin := Binary()
	if bin == "" {
		if os.Getenv("ETCD_REQUIRED") == "1" {
			t.Fatal("etcdtest: no etcd binary (set ETCD_BIN or put etcd on PATH) and ETCD_REQUIRED=1")
		}
		t.Skip("etcdtest: no etcd binary (set ETCD_BIN or put etcd on PATH)")
	}
	return bin
}

// Start starts a cluster of members etcd processes and waits until every
// member is healthy; t.Cleanup stops them. Extra etcd flags for every
// member (e.g. "--max-txn-ops=4") may follow the member count.
func Start(t testing.TB, members int, flags ...string) *Cluster {
	t.Helper()
	return start(t, members, "http", nil, flags)
}

func start(t testing.TB, members int, scheme string, tlsConf *tls.Config, flags []string) *Cluster {
	t.Helper()
	bin := Require(t)
	if members < 1 {
		t.Fatalf("etcdtest: %d members", members)
	}
	c := &Cluster{t: t, bin: bin, tls: tlsConf}
	ports := freePorts(t, 2*members)
	var initial []string
	for i := 0; i < members; i++ {
		name := "m" + strconv.Itoa(i)
		initial = append(initial, name+"=http://127.0.0.1:"+strconv.Itoa(ports[2*i+1]))
	}
	root := t.TempDir()
	for i := 0; i < members; i++ {
		name := "m" + strconv.Itoa(i)
		clientURL := scheme + "://127.0.0.1:" + strconv.Itoa(ports[2*i])
		peerURL := "http://127.0.0.1:" + strconv.Itoa(ports[2*i+1])
		m := &member{name: name, dir: filepath.Join(root, name), clientURL: clientURL,
			log: &bytes.Buffer{}, logMu: &sync.Mutex{}}
		m.args = append([]string{
			"--name", name,
			"--data-dir", m.dir,
			"--listen-client-urls", clientURL,
			"--advertise-client-urls", clientURL,
			"--listen-peer-urls", peerURL,
			"--initial-advertise-peer-urls", peerURL,
			"--initial-cluster", strings.Join(initial, ","),
			"--initial-cluster-state", "new",
			"--initial-cluster-token", "etcdtest",
			"--heartbeat-interval", "50",
			"--election-timeout", "500",
			"--logger", "zap",
			"--log-outputs", "stderr",
			"--log-level", "warn",
		}, flags...)
		c.members = append(c.members, m)
	}
	t.Cleanup(c.stopAll)
	for _, m := range c.members {
		c.start(m)
	}
	for i := range c.members {
		c.waitHealthy(i, 30*time.Second)
	}
	return c
}

func freePorts(t testing.TB, n int) []int {
	var ls []net.Listener
	var out []int
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatalf("etcdtest: %v", err)
		}
		ls = append(ls, l)
		out = append(out, l.Addr().(*net.TCPAddr).Port)
	}
	for _, l := range ls {
		l.Close()
	}
	return out
}

type lockedWriter struct {
	mu *sync.Mutex
	b  *bytes.Buffer
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (c *Cluster) start(m *member) {
	c.t.Helper()
	cmd := exec.Command(c.bin, m.args...)
	w := lockedWriter{m.logMu, m.log}
	cmd.Stdout, cmd.Stderr = w, w
	if err := cmd.Start(); err != nil {
		c.t.Fatalf("etcdtest: starting %s: %v", m.name, err)
	}
	done := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(done)
	}()
	m.mu.Lock()
	m.cmd, m.done = cmd, done
	m.mu.Unlock()
}

// waitHealthy waits until member i reports healthy (it has a leader).
func (c *Cluster) waitHealthy(i int, limit time.Duration) {
	c.t.Helper()
	m := c.members[i]
	deadline := time.Now().Add(limit)
	hc := &http.Client{Timeout: time.Second, Transport: &http.Transport{TLSClientConfig: c.tls}}
	for time.Now().Before(deadline) {
		m.mu.Lock()
		done := m.done
		m.mu.Unlock()
		select {
		case <-done:
			c.t.Fatalf("etcdtest: member %s exited:\n%s", m.name, c.logOf(m))
		default:
		}
		resp, err := hc.Get(m.clientURL + "/health")
		if err == nil {
			var b [256]byte
			n, _ := resp.Body.Read(b[:])
			resp.Body.Close()
			if resp.StatusCode == 200 && bytes.Contains(b[:n], []byte(`"true"`)) {
				hc.CloseIdleConnections()
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	hc.CloseIdleConnections()
	c.t.Fatalf("etcdtest: member %s not healthy after %v:\n%s", m.name, limit, c.logOf(m))
}

func (c *Cluster) logOf(m *member) string {
	m.logMu.Lock()
	defer m.logMu.Unlock()
	return m.log.String()
}

// Endpoints returns the client URLs of all members.
func (c *Cluster) Endpoints() []string {
	var out []string
	for _, m := range c.members {
		out = append(out, m.clientURL)
	}
	return out
}

// Stop stops member i (SIGTERM, then waits for it to exit; SIGKILL after
// 10 s).
func (c *Cluster) Stop(i int) {
	c.t.Helper()
	m := c.members[i]
	m.mu.Lock()
	cmd, done := m.cmd, m.done
	m.cmd = nil
	m.mu.Unlock()
	if cmd == nil {
		return
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		<-done
	}
}

// Restart starts member i again with its data directory; it does not
// wait (a member of a cluster without quorum cannot be healthy): call
// WaitHealthy for that.
func (c *Cluster) Restart(i int) {
	c.t.Helper()
	c.start(c.members[i])
}

// WaitHealthy waits until member i answers as healthy (has a leader).
func (c *Cluster) WaitHealthy(i int) { c.t.Helper(); c.waitHealthy(i, 30*time.Second) }

func (c *Cluster) stopAll() {
	for i := range c.members {
		c.Stop(i)
	}
}

// Client returns a client of all members for puts in tests; it is closed
// when the test ends.
func (c *Cluster) Client(t testing.TB) *clientv3.Client {
	t.Helper()
	cl, err := clientv3.New(clientv3.Config{Endpoints: c.Endpoints(), DialTimeout: 5 * time.Second, TLS: c.tls, Logger: zap.NewNop()})
	if err != nil {
		t.Fatalf("etcdtest: client: %v", err)
	}
	t.Cleanup(func() { cl.Close() })
	return cl
}

// Put puts key = value through a short-lived request of cl, failing t on
// error, and returns the revision.
func Put(t testing.TB, cl *clientv3.Client, key, value string) int64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	resp, err := cl.Put(ctx, key, value)
	if err != nil {
		t.Fatalf("etcdtest: put %s: %v", key, err)
	}
	return resp.Header.Revision
}
