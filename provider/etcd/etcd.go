package etcd

import (
	"context"
	"crypto/tls"
	"net/url"
	"strings"
	"sync"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
	"github.com/koanf-alembic/koanf-alembic/alembicerr"
)

// Defaults of Opt.
const (
	DefaultDialTimeout = 5 * time.Second
	DefaultMaxBytes    = 16 << 20
	DefaultRetryMin    = 100 * time.Millisecond
	DefaultRetryMax    = 5 * time.Second
)

// Opt configures a Provider.
type Opt struct {
	// Endpoints are the client URLs of the cluster's members,
	// "http://127.0.0.1:2379"; several for a cluster.
	Endpoints []string
	// Prefix is where the options live, "/apps/billing": keys are
	// PREFIX/SECTION/OPTION. A trailing "/" is ignored.
	Prefix string
	// Literal takes values as literal text (every % doubled, like the
	// environment layer); by default they are raw INI text, interpolated
	// like alembic.ini.
	Literal bool
	// DialTimeout bounds the first connection and read (0: 5s); while
	// watching, a health check that does not answer within it counts as
	// losing the cluster.
	DialTimeout time.Duration
	// Username and Password authenticate to etcd (the password never
	// appears in an error).
	Username, Password string
	// CAFile, CertFile and KeyFile configure TLS from PEM files: CAFile
	// alone verifies the server; CertFile and KeyFile add a client
	// certificate.
	CAFile, CertFile, KeyFile string
	// TLS is a ready tls.Config; it wins over the files.
	TLS *tls.Config
	// StartUnavailable lets the first Read succeed with an empty tree
	// (the lower layers serve) when etcd cannot be reached; Watch then
	// keeps trying until it connects, and reports a change.
	StartUnavailable bool
	// MaxBytes refuses a prefix whose keys and values exceed it
	// (0: 16 MiB) with a LimitError naming the limit.
	MaxBytes int64
	// RetryMin and RetryMax bound the backoff between reconnect attempts
	// while watching (0: 100ms and 5s).
	RetryMin, RetryMax time.Duration
	// Client, when set, is used instead of a client built from
	// Endpoints, the credentials and TLS, which are then ignored; Close
	// does not close it.
	Client *clientv3.Client
}

// Provider reads and watches an etcd prefix. It is a koanf.Provider, an
// alembiccfg.ContextWatcher and an alembiccfg.KeySourcer; it is safe for
// concurrent use.
type Provider struct {
	opt       Opt
	prefix    string          // without the trailing "/"
	cfg       clientv3.Config // for the client New builds
	client    *clientv3.Client
	clientSem chan struct{} // held while the client is built
	ownClient bool
	where     string // the endpoints, redacted, for messages

	closeCtx context.Context // ended by Close
	closeAll context.CancelFunc
	wg       sync.WaitGroup // the running watch

	mu       sync.Mutex
	cur      *snapshot // the newest state known (the watch's); nil before any Read
	read     *snapshot // the state the last Read returned
	watching bool
	closed   bool
}

// SkippedKey is a key under the prefix that is not an option: it has
// another depth than PREFIX/SECTION/OPTION, a bad percent-escape, or an
// empty name.
type SkippedKey struct {
	Key    string
	Reason string
}

// New validates opt and builds the client; it dials without blocking and
// reads nothing yet.
func New(opt Opt) (*Provider, error) {
	return newProvider(opt)
}

// Read returns the prefix as section -> option -> string, read at one
// revision. While a Watch runs, it returns the watch's current snapshot
// without asking etcd, so a reload sees exactly the state the watch
// reported.
func (p *Provider) Read() (map[string]any, error) {
	return p.readTree()
}

// ReadBytes is not supported: Read returns a map.
func (p *Provider) ReadBytes() ([]byte, error) {
	return nil, &alembicerr.Error{Kind: alembicerr.TypeError, Source: "etcd",
		Message: "the etcd provider does not support ReadBytes: use Read"}
}

// Watch follows the prefix from the revision after the last Read's (so no
// update is lost; with no Read yet it reads first) until ctx ends. Each
// watch response's events are applied to the snapshot and onChange(nil)
// is called once for them; trouble is reported as onChange(err) with a
// WatchError-kind error wrapping the cause, the last good snapshot kept.
// On losing the cluster it retries with backoff and resynchronises with a
// full read at one revision (also after its revision was compacted away),
// calling onChange(nil) when the content differs. onChange is never called
// concurrently with itself nor with a lock of the Provider held. Watch
// returns at once; a second Watch while one runs is an error. When ctx
// ends, every goroutine it started returns.
func (p *Provider) Watch(ctx context.Context, onChange func(err error)) error {
	return p.startWatch(ctx, onChange)
}

// KeySource names the key an option of the tree the last Read returned
// came from, as stored (percent-encoded), with its mod revision:
// "/apps/billing/alembic/sqlalchemy.url @ revision 42"; "" for an option
// it did not return.
func (p *Provider) KeySource(section, option string) string {
	p.mu.Lock()
	s := p.read
	p.mu.Unlock()
	if s == nil {
		return ""
	}
	s.view(p.prefix)
	key, ok := s.index[[2]string{section, option}]
	if !ok {
		return ""
	}
	return key + " @ revision " + itoa(s.kvs[key].mod)
}

// Revision returns the revision of the last Read's snapshot; 0 before any
// (and for the empty tree of Opt.StartUnavailable). When no Watch runs, a
// successful Publish counts as a read of what it wrote: Revision is then
// the transaction's (its read-back gives the exact state).
func (p *Provider) Revision() int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.read == nil {
		return 0
	}
	return p.read.rev
}

// Skipped returns the keys under the prefix that the last Read did not
// take as options, with why.
func (p *Provider) Skipped() []SkippedKey {
	p.mu.Lock()
	s := p.read
	p.mu.Unlock()
	if s == nil {
		return nil
	}
	s.view(p.prefix)
	return append([]SkippedKey(nil), s.skipped...)
}

// Layer returns the provider as an alembiccfg layer named "etcd" at the
// default rank (just above alembic.ini, below the environment), raw
// unless Opt.Literal; raw values are taken as alembic.ini's are (no
// set-time check, so a published logging format reads back, and a lone
// % fails when read, naming the key).
func (p *Provider) Layer() alembiccfg.Layer {
	return alembiccfg.Layer{Name: "etcd", Provider: p, Raw: !p.opt.Literal}
}

// Close stops a running Watch, waits for its goroutines to return, and
// closes the client New built (not an Opt.Client).
func (p *Provider) Close() error {
	return p.closeProvider()
}

// Key returns the etcd key of an option: prefix + "/" + the section and
// the option each percent-encoded as a URL path segment. A trailing "/"
// of prefix is ignored.
func Key(prefix, section, option string) string {
	return strings.TrimSuffix(prefix, "/") + "/" + url.PathEscape(section) + "/" + url.PathEscape(option)
}

// ParseKey is Key's inverse: the section and option of a key under
// prefix. ok is false for a key that is not an option: outside the
// prefix, with another depth, a bad escape or an empty name (Read skips
// such keys; Provider.Skipped lists them).
func ParseKey(prefix, key string) (section, option string, ok bool) {
	section, option, reason := parseKey(strings.TrimSuffix(prefix, "/")+"/", key)
	return section, option, reason == ""
}

// Entry is one option to publish.
type Entry struct{ Section, Option, Value string }

// FileEntries returns the ini file's own options with their raw values,
// in file order: never here, config_args, [tool.alembic] or any layer
// above the file. A [DEFAULT] holding options is a ValueError naming them
// (no layer targets [DEFAULT]); a missing file is an OSError-kind error.
func FileEntries(file string) ([]Entry, error) {
	return fileEntries(file)
}

// PublishOpt configures Publish.
type PublishOpt struct {
	// Prune deletes the keys under the prefix that are not in entries.
	Prune bool
	// Force writes even if the prefix changed since it was read.
	Force bool
	// MaxTxnOps is the server's --max-txn-ops (0: 128): a transaction
	// needing more operations is refused before sending, with a
	// LimitError naming "--max-txn-ops N".
	MaxTxnOps int
	// MaxRequestBytes is the server's --max-request-bytes (0: 1.5 MiB =
	// 1572864): a transaction whose encoded size, plus 256 bytes for the
	// raft header the server adds, exceeds it is refused likewise.
	MaxRequestBytes int
}

// PublishResult is what Publish did.
type PublishResult struct {
	// Put, Deleted and Unchanged count the keys written, deleted and
	// left as they were.
	Put, Deleted, Unchanged int
	// Revision is the revision of the transaction (the current revision
	// when nothing needed writing).
	Revision int64
}

// Publish writes entries under the prefix in one etcd transaction,
// conditional on the prefix being unchanged since the provider's last Read
// (Revision; with no Read yet, Publish reads first): otherwise a
// WriteConflictError naming what changed, unless opt.Force. Unchanged keys
// are not rewritten. A transaction beyond the server's limits is a
// LimitError, refused before sending when opt says the limits, and mapped
// from the server's own refusal otherwise. Values are written as given
// (raw text: sqlite:///%(here)s/local.db stays as is).
//
// The transaction compares the mod revisions of the whole prefix (nothing
// put since the read) and of each key left unchanged (nothing deleted);
// when those compares would exceed MaxTxnOps, a count of the prefix taken
// just before the transaction stands in for the per-key ones. It ends by
// reading the prefix back, one more operation counted against MaxTxnOps.
func (p *Provider) Publish(ctx context.Context, entries []Entry, opt PublishOpt) (PublishResult, error) {
	return p.publish(ctx, entries, opt)
}
