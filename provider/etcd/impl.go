package etcd

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.etcd.io/etcd/api/v3/mvccpb"
	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"
	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/redact"
)

type entry struct {
	value string
	mod   int64
}

// snapshot is the prefix at one revision; never changed once built.
type snapshot struct {
	rev  int64
	kvs  map[string]entry
	size int64

	once    sync.Once
	tree    map[string]any
	index   map[[2]string]string // (section, option as stored) -> key
	skipped []SkippedKey
}

// Unexported knobs, for tests.
var (
	// pageLimit, when > 0, paginates Read (every page at the first page's
	// revision).
	pageLimit int64
	// heartbeat is how often a watch checks that the cluster answers.
	heartbeat = time.Second
)

var debugf = func(string, ...any) {}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func newProvider(opt Opt) (*Provider, error) {
	bad := func(format string, args ...any) error {
		return &alembicerr.Error{Kind: alembicerr.ValueError, Message: "etcd: " + fmt.Sprintf(format, args...)}
	}
	if opt.DialTimeout < 0 || opt.RetryMin < 0 || opt.RetryMax < 0 || opt.MaxBytes < 0 {
		return nil, bad("DialTimeout, RetryMin, RetryMax and MaxBytes must not be negative")
	}
	if opt.DialTimeout == 0 {
		opt.DialTimeout = DefaultDialTimeout
	}
	if opt.MaxBytes == 0 {
		opt.MaxBytes = DefaultMaxBytes
	}
	if opt.RetryMin == 0 {
		opt.RetryMin = DefaultRetryMin
	}
	if opt.RetryMax == 0 {
		opt.RetryMax = DefaultRetryMax
	}
	if opt.RetryMax < opt.RetryMin {
		opt.RetryMax = opt.RetryMin
	}
	p := &Provider{opt: opt, prefix: strings.TrimSuffix(opt.Prefix, "/")}
	p.closeCtx, p.closeAll = context.WithCancel(context.Background())
	if opt.Client != nil {
		p.client = opt.Client
		p.where = redact.URLPasswords(strings.Join(opt.Client.Endpoints(), ","))
		return p, nil
	}
	if len(opt.Endpoints) == 0 {
		return nil, bad("no endpoints")
	}
	secure := false
	for _, e := range opt.Endpoints {
		if strings.TrimSpace(e) == "" {
			return nil, bad("an empty endpoint")
		}
		if strings.HasPrefix(e, "https://") || strings.HasPrefix(e, "unixs://") {
			secure = true
		}
	}
	p.where = redact.URLPasswords(strings.Join(opt.Endpoints, ","))
	tlsConf, err := tlsConfig(opt)
	if err != nil {
		return nil, err
	}
	if tlsConf == nil && secure {
		tlsConf = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	recv := 0
	if opt.MaxBytes < 1<<30 {
		// Room above MaxBytes for the response's framing: a larger range is
		// refused by gRPC before it is all in memory.
		recv = int(opt.MaxBytes) + 1<<20
	}
	p.cfg = clientv3.Config{
		Endpoints:            opt.Endpoints,
		DialTimeout:          opt.DialTimeout,
		DialKeepAliveTime:    2 * time.Second,
		DialKeepAliveTimeout: opt.DialTimeout,
		Username:             opt.Username,
		Password:             opt.Password,
		TLS:                  tlsConf,
		MaxCallRecvMsgSize:   recv,
		Logger:               zap.NewNop(),
		// gRPC's own reconnect backoff (1s growing to 120s by default)
		// would delay the recovery after an outage: it follows RetryMin and
		// RetryMax too.
		DialOptions: []grpc.DialOption{grpc.WithConnectParams(grpc.ConnectParams{
			Backoff:           backoff.Config{BaseDelay: opt.RetryMin, Multiplier: 1.6, Jitter: 0.2, MaxDelay: opt.RetryMax},
			MinConnectTimeout: opt.DialTimeout,
		})},
	}
	p.ownClient = true
	p.clientSem = make(chan struct{}, 1)
	if opt.Username == "" {
		// Without auth the client dials without blocking: build it now.
		if _, err := p.getClient(context.Background()); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// getClient returns the client, building it on first use. With auth,
// building it fetches a token, which blocks up to DialTimeout: the build
// waits for ctx, and a failure is retried by the next call.
func (p *Provider) getClient(ctx context.Context) (*clientv3.Client, error) {
	if !p.ownClient {
		return p.client, nil
	}
	select {
	case p.clientSem <- struct{}{}:
	case <-ctx.Done():
		return nil, p.readError(ctx.Err())
	}
	defer func() { <-p.clientSem }()
	p.mu.Lock()
	c, closed := p.client, p.closed
	p.mu.Unlock()
	if c != nil {
		return c, nil
	}
	if closed {
		return nil, &alembicerr.Error{Kind: alembicerr.OSError, Message: "etcd: the provider is closed"}
	}
	cfg := p.cfg
	cfg.Context = p.closeCtx
	c, err := clientv3.New(cfg)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) || unreachable(err) {
			return nil, p.readError(context.DeadlineExceeded)
		}
		return nil, &alembicerr.Error{Kind: alembicerr.OSError,
			Message: p.scrub(fmt.Sprintf("etcd: cannot connect to %s: %v", p.where, err)), Err: cleanErr{p.scrub(err.Error()), err}}
	}
	p.mu.Lock()
	p.client = c
	p.mu.Unlock()
	return c, nil
}

func tlsConfig(opt Opt) (*tls.Config, error) {
	if opt.TLS != nil {
		return opt.TLS, nil
	}
	if opt.CAFile == "" && opt.CertFile == "" && opt.KeyFile == "" {
		return nil, nil
	}
	conf := &tls.Config{MinVersion: tls.VersionTLS12}
	if opt.CAFile != "" {
		pem, err := os.ReadFile(opt.CAFile)
		if err != nil {
			return nil, &alembicerr.Error{Kind: alembicerr.OSError, Source: opt.CAFile, Message: "etcd: reading the CA file: " + err.Error(), Err: err}
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, &alembicerr.Error{Kind: alembicerr.ValueError, Source: opt.CAFile, Message: "etcd: the CA file holds no PEM certificate"}
		}
		conf.RootCAs = pool
	}
	if (opt.CertFile == "") != (opt.KeyFile == "") {
		return nil, &alembicerr.Error{Kind: alembicerr.ValueError, Message: "etcd: CertFile and KeyFile go together"}
	}
	if opt.CertFile != "" {
		cert, err := tls.LoadX509KeyPair(opt.CertFile, opt.KeyFile)
		if err != nil {
			return nil, &alembicerr.Error{Kind: alembicerr.OSError, Source: opt.CertFile, Message: "etcd: loading the client certificate: " + err.Error(), Err: err}
		}
		conf.Certificates = []tls.Certificate{cert}
	}
	return conf, nil
}

// scrub removes the password from a message (gRPC's and etcd's errors do
// not carry it, but a message must never show it).
func (p *Provider) scrub(s string) string {
	s = redact.URLPasswords(s)
	if p.opt.Password != "" {
		s = strings.ReplaceAll(s, p.opt.Password, "***")
	}
	return s
}

func (p *Provider) keyPrefix() string { return p.prefix + "/" }

// fetch reads the whole prefix at one revision.
func (p *Provider) fetch(ctx context.Context) (*snapshot, error) {
	cl, err := p.getClient(ctx)
	if err != nil {
		return nil, err
	}
	kp := p.keyPrefix()
	end := clientv3.GetPrefixRangeEnd(kp)
	s := &snapshot{kvs: map[string]entry{}}
	key := kp
	for {
		opts := []clientv3.OpOption{clientv3.WithRange(end)}
		if pageLimit > 0 {
			opts = append(opts, clientv3.WithLimit(pageLimit))
		}
		if s.rev > 0 {
			opts = append(opts, clientv3.WithRev(s.rev))
		}
		resp, err := cl.Get(ctx, key, opts...)
		if err != nil {
			return nil, p.readError(err)
		}
		if s.rev == 0 {
			s.rev = resp.Header.Revision
		}
		for _, kv := range resp.Kvs {
			s.size += int64(len(kv.Key) + len(kv.Value))
			if s.size > p.opt.MaxBytes {
				return nil, p.limitError()
			}
			s.kvs[string(kv.Key)] = entry{string(kv.Value), kv.ModRevision}
		}
		if !resp.More || len(resp.Kvs) == 0 {
			return s, nil
		}
		key = string(resp.Kvs[len(resp.Kvs)-1].Key) + "\x00"
	}
}

func (p *Provider) limitError() error {
	return &alembicerr.Error{Kind: alembicerr.LimitError,
		Message: fmt.Sprintf("etcd: the keys and values under %s exceed %d bytes (Opt.MaxBytes)", p.keyPrefix(), p.opt.MaxBytes)}
}

// unreachable reports whether err says that no member answered.
func unreachable(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	switch status.Code(errors.Unwrap(err)) {
	case codes.Unavailable, codes.DeadlineExceeded:
		return true
	}
	switch status.Code(err) {
	case codes.Unavailable, codes.DeadlineExceeded:
		return true
	}
	return false
}

// readError puts an error of a read into the family.
func (p *Provider) readError(err error) error {
	var pe *alembicerr.Error
	if errors.As(err, &pe) {
		return err
	}
	if status.Code(err) == codes.ResourceExhausted {
		return p.limitError()
	}
	if unreachable(err) {
		return &alembicerr.Error{Kind: alembicerr.OSError,
			Message: p.scrub(fmt.Sprintf("etcd: no endpoint of %s answered within %v", p.where, p.opt.DialTimeout)),
			Err:     cleanErr{p.scrub(err.Error()), err}}
	}
	return &alembicerr.Error{Kind: alembicerr.OSError,
		Message: p.scrub(fmt.Sprintf("etcd: reading %s from %s: %v", p.keyPrefix(), p.where, err)),
		Err:     cleanErr{p.scrub(err.Error()), err}}
}

// cleanErr is a cause whose text was scrubbed of secrets.
type cleanErr struct {
	msg string
	err error
}

func (e cleanErr) Error() string { return e.msg }
func (e cleanErr) Unwrap() error { return e.err }

func emptySnapshot() *snapshot { return &snapshot{kvs: map[string]entry{}} }

func (p *Provider) readTree() (map[string]any, error) {
	p.mu.Lock()
	if p.watching && p.cur != nil {
		s := p.cur
		p.read = s
		p.mu.Unlock()
		return copyTree(s.view(p.prefix)), nil
	}
	p.mu.Unlock()
	ctx, cancel := context.WithTimeout(p.closeCtx, p.opt.DialTimeout)
	s, err := p.fetch(ctx)
	cancel()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.watching && p.cur != nil {
		// A watch started meanwhile: its snapshot is the one to serve.
		s, err = p.cur, nil
	}
	if err == nil && p.watching {
		// The watch has not read yet: serve this read, but the watch
		// installs its own (it applies events to that one only).
		p.read = s
		return copyTree(s.view(p.prefix)), nil
	}
	if err != nil {
		if p.opt.StartUnavailable && p.cur == nil && unreachable(errors.Unwrap(err)) {
			s = emptySnapshot()
			p.read = s
			return map[string]any{}, nil
		}
		return nil, err
	}
	p.cur, p.read = s, s
	return copyTree(s.view(p.prefix)), nil
}

// copyTree copies the two levels of a tree (the caller may change it).
func copyTree(t map[string]any) map[string]any {
	out := make(map[string]any, len(t))
	for k, v := range t {
		m := v.(map[string]any)
		c := make(map[string]any, len(m))
		for o, val := range m {
			c[o] = val
		}
		out[k] = c
	}
	return out
}

// view returns the snapshot as section -> option -> value, computed once.
func (s *snapshot) view(prefix string) map[string]any {
	s.once.Do(func() { s.tree, s.index, s.skipped = buildTree(prefix, s.kvs) })
	return s.tree
}

func buildTree(prefix string, kvs map[string]entry) (map[string]any, map[[2]string]string, []SkippedKey) {
	keys := make([]string, 0, len(kvs))
	for k := range kvs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	tree := map[string]any{}
	index := map[[2]string]string{}
	var skipped []SkippedKey
	// Canonical keys first, so that a non-canonical spelling of the same
	// option (%61 for a) is the one skipped.
	for pass := 0; pass < 2; pass++ {
		for _, k := range keys {
			section, option, reason := parseKey(prefix+"/", k)
			if reason != "" {
				if pass == 0 {
					skipped = append(skipped, SkippedKey{Key: k, Reason: reason})
				}
				continue
			}
			canonical := Key(prefix, section, option) == k
			if canonical != (pass == 0) {
				continue
			}
			id := [2]string{section, option}
			if other, dup := index[id]; dup {
				skipped = append(skipped, SkippedKey{Key: k, Reason: "names the same option as " + other})
				continue
			}
			index[id] = k
			m, _ := tree[section].(map[string]any)
			if m == nil {
				m = map[string]any{}
				tree[section] = m
			}
			m[option] = kvs[k].value
		}
	}
	sort.Slice(skipped, func(i, j int) bool { return skipped[i].Key < skipped[j].Key })
	return tree, index, skipped
}

// sameContent reports whether two snapshots hold the same keys and values.
func sameContent(a, b *snapshot) bool {
	if len(a.kvs) != len(b.kvs) {
		return false
	}
	for k, e := range a.kvs {
		if f, ok := b.kvs[k]; !ok || f.value != e.value {
			return false
		}
	}
	return true
}

// apply returns s with events applied.
func (s *snapshot) apply(events []*clientv3.Event) *snapshot {
	n := &snapshot{rev: s.rev, kvs: make(map[string]entry, len(s.kvs)+len(events)), size: s.size}
	for k, e := range s.kvs {
		n.kvs[k] = e
	}
	for _, ev := range events {
		k := string(ev.Kv.Key)
		if old, ok := n.kvs[k]; ok {
			n.size -= int64(len(k) + len(old.value))
			delete(n.kvs, k)
		}
		if ev.Type == mvccpb.PUT {
			n.kvs[k] = entry{string(ev.Kv.Value), ev.Kv.ModRevision}
			n.size += int64(len(k) + len(ev.Kv.Value))
		}
		if ev.Kv.ModRevision > n.rev {
			n.rev = ev.Kv.ModRevision
		}
	}
	return n
}

func (p *Provider) watchError(err error) error {
	var pe *alembicerr.Error
	msg := err.Error()
	if errors.As(err, &pe) {
		if pe.Kind == alembicerr.WatchError {
			return err
		}
		msg = pe.Message
	}
	return &alembicerr.Error{Kind: alembicerr.WatchError,
		Message: p.scrub("etcd: watching " + p.keyPrefix() + ": " + strings.TrimPrefix(msg, "etcd: ")), Err: err}
}

func (p *Provider) startWatch(ctx context.Context, onChange func(error)) error {
	if onChange == nil {
		onChange = func(error) {}
	}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return &alembicerr.Error{Kind: alembicerr.WatchError, Message: "etcd: Watch after Close"}
	}
	if p.watching {
		p.mu.Unlock()
		return &alembicerr.Error{Kind: alembicerr.WatchError, Message: "etcd: Watch is already running on this provider"}
	}
	p.watching = true
	p.wg.Add(1)
	p.mu.Unlock()
	ctx, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(p.closeCtx, cancel)
	go func() {
		defer p.wg.Done()
		defer func() {
			stop()
			cancel()
			p.mu.Lock()
			p.watching = false
			p.mu.Unlock()
		}()
		p.run(ctx, onChange)
	}()
	return nil
}

// heartbeatError is a health check that got no answer.
type heartbeatError struct{ err error }

func (e heartbeatError) Error() string { return e.err.Error() }
func (e heartbeatError) Unwrap() error { return e.err }

// errCompacted is a watch whose start revision was compacted away.
type errCompacted struct{ rev int64 }

func (e errCompacted) Error() string {
	return "etcd: revisions up to " + itoa(e.rev) + " were compacted"
}

// run is the watch loop: resynchronise when needed, watch, repeat.
func (p *Provider) run(ctx context.Context, onChange func(error)) {
	var w clientv3.Watcher
	defer func() {
		if w != nil {
			w.Close()
		}
	}()
	backoff := p.opt.RetryMin
	p.mu.Lock()
	s := p.cur
	p.mu.Unlock()
	needSync := s == nil
	lastReported := ""
	for ctx.Err() == nil {
		if needSync {
			fctx, cancel := context.WithTimeout(ctx, p.opt.DialTimeout)
			t0 := time.Now()
			ns, err := p.fetch(fctx)
			cancel()
			debugf("fetch took %v: %v", time.Since(t0), err)
			if err != nil {
				if ctx.Err() != nil {
					return
				}
				if msg := err.Error(); msg != lastReported {
					lastReported = msg
					onChange(p.watchError(err))
				}
				select {
				case <-ctx.Done():
					return
				case <-time.After(backoff):
				}
				if backoff *= 2; backoff > p.opt.RetryMax {
					backoff = p.opt.RetryMax
				}
				continue
			}
			backoff, lastReported = p.opt.RetryMin, ""
			p.mu.Lock()
			old := p.cur
			p.cur = ns
			p.mu.Unlock()
			if old == nil || !sameContent(old, ns) {
				onChange(nil)
			}
			s, needSync = ns, false
		}
		if w == nil {
			// fetch succeeded, so the client exists.
			cl, err := p.getClient(ctx)
			if err != nil {
				return
			}
			w = clientv3.NewWatcher(cl)
		}
		debugf("session from %d", s.rev+1)
		err := p.session(ctx, w, s.rev, onChange)
		debugf("session ended: %v", err)
		if ctx.Err() != nil {
			return
		}
		// A fresh watcher, so that the next session does not wait on the
		// old stream's reconnect.
		w.Close()
		w = nil
		// The cluster not answering the health check within DialTimeout,
		// or a prefix beyond MaxBytes, is reported now. Anything else (a
		// compaction, a leader election's "no leader", a broken stream) is
		// reported only if the resynchronising read fails too.
		var he heartbeatError
		if errors.As(err, &he) || errors.Is(err, alembicerr.LimitError) {
			if msg := err.Error(); msg != lastReported {
				lastReported = msg
				onChange(p.watchError(err))
			}
		}
		needSync = true
	}
}

// session watches from rev+1 until the watch fails, the cluster stops
// answering the heartbeat, or ctx ends.
func (p *Provider) session(ctx context.Context, w clientv3.Watcher, rev int64, onChange func(error)) error {
	sctx, cancel := context.WithCancel(ctx)
	hbErr := make(chan error, 1)
	hbDone := make(chan struct{})
	go func() {
		defer close(hbDone)
		p.heartbeat(sctx, cancel, hbErr)
	}()
	defer func() {
		cancel()
		<-hbDone
	}()
	wch := w.Watch(clientv3.WithRequireLeader(sctx), p.keyPrefix(), clientv3.WithPrefix(), clientv3.WithRev(rev+1))
	for {
		select {
		case <-sctx.Done():
			select {
			case err := <-hbErr:
				return err
			default:
				return ctx.Err()
			}
		case resp, ok := <-wch:
			if !ok {
				select {
				case err := <-hbErr:
					return err
				default:
				}
				if ctx.Err() != nil {
					return ctx.Err()
				}
				return errors.New("etcd: the watch stream closed")
			}
			if resp.CompactRevision != 0 {
				return errCompacted{resp.CompactRevision}
			}
			if err := resp.Err(); err != nil {
				return err
			}
			if resp.Canceled {
				return errors.New("etcd: the watch was cancelled by the server")
			}
			if len(resp.Events) == 0 {
				continue
			}
			// While watching, only this goroutine replaces p.cur.
			p.mu.Lock()
			cur := p.cur
			p.mu.Unlock()
			ns := cur.apply(resp.Events)
			if ns.size > p.opt.MaxBytes {
				return p.limitError()
			}
			p.mu.Lock()
			p.cur = ns
			p.mu.Unlock()
			debugf("applied %d events", len(resp.Events))
			onChange(nil)
		}
	}
}

// heartbeat checks, every heartbeat, that the cluster answers a
// linearizable read within DialTimeout; when it does not, it sends the
// error and cancels the session.
func (p *Provider) heartbeat(ctx context.Context, cancel context.CancelFunc, errs chan<- error) {
	t := time.NewTicker(heartbeat)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		hctx, hcancel := context.WithTimeout(ctx, p.opt.DialTimeout)
		cl, err := p.getClient(hctx)
		if err == nil {
			_, err = cl.Get(hctx, p.keyPrefix(), clientv3.WithCountOnly())
		}
		hcancel()
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			errs <- heartbeatError{p.readError(err)}
			cancel()
			return
		}
	}
}

func (p *Provider) closeProvider() error {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	p.closeAll()
	p.wg.Wait()
	if !p.ownClient {
		return nil
	}
	p.clientSem <- struct{}{} // a build under way has finished
	defer func() { <-p.clientSem }()
	p.mu.Lock()
	c := p.client
	p.client = nil
	p.mu.Unlock()
	if c != nil {
		return c.Close()
	}
	return nil
}

// parseKey splits a key under keyPrefix (ending in "/"); reason is why it
// is not an option, "" when it is.
func parseKey(keyPrefix, key string) (section, option, reason string) {
	if !strings.HasPrefix(key, keyPrefix) {
		return "", "", "not under the prefix"
	}
	parts := strings.Split(key[len(keyPrefix):], "/")
	if len(parts) != 2 {
		return "", "", "not PREFIX/SECTION/OPTION (" + strconv.Itoa(len(parts)) + " segments after the prefix)"
	}
	var err error
	if section, err = url.PathUnescape(parts[0]); err != nil {
		return "", "", "section: " + err.Error()
	}
	if option, err = url.PathUnescape(parts[1]); err != nil {
		return "", "", "option: " + err.Error()
	}
	if section == "" || option == "" {
		return "", "", "an empty section or option name"
	}
	return section, option, ""
}
