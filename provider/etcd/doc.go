// Package etcd implements a koanf.Provider that serves Alembic's ini view
// (section -> option -> value) from an etcd prefix, watched and consistent,
// as an alembiccfg layer.
//
// # Keys
//
// Each option is one key, PREFIX/SECTION/OPTION, where SECTION and OPTION
// are each percent-encoded as a URL path segment (url.PathEscape), so that
// "/" and "%" in names survive: the option x of the section post/write of
// the prefix /apps/billing is the key /apps/billing/post%2Fwrite/x. Key and
// ParseKey convert. A trailing "/" of the prefix is ignored. Keys under the
// prefix that do not have this shape (one more or one fewer segment, a bad
// escape, an empty name) are not options: Read skips them and reports them
// through Provider.Skipped, so a prefix shared with other data still reads.
//
// # Values: raw or literal
//
// By default a value is raw INI text and means what the same text means in
// alembic.ini: %(here)s and %(name)s interpolate, %% is a percent sign, a
// logging format such as %(levelname)-5.5s reads as it does from the file
// (a raw alembiccfg.Layer: no set_section_option check), and
// a lone % is the InterpolationSyntaxError Alembic raises when the option
// is read, naming the etcd key and revision (through
// alembiccfg.KeySourcer). Opt.Literal takes values verbatim instead (every
// % doubled, like the environment layer), for stores written by other
// tools.
//
// # Rank
//
// Provider.Layer gives the alembiccfg.Layer at its default rank: just above
// alembic.ini, so it also beats pyproject.toml's [tool.alembic] by
// Alembic's per-option rule, and below the environment and programmatic
// sets (a host's environment still overrides the fleet; the fleet
// overrides the file baked into an image). Set Layer.AboveEnv for another
// rank.
//
// # Consistency
//
// Read fetches the whole prefix at one revision (one ranged Get; when it
// must be paginated, every page is read at the revision of the first with
// WithRev). Watch starts at that revision + 1, so no update made between
// Read and Watch is lost, applies each watch response's events to the
// snapshot and reports one change per response. alembiccfg.Config.Watch
// then re-reads every layer — Read returns the watch's current snapshot,
// with no new Get — and swaps the whole merged configuration atomically:
// readers see the old or the new configuration, never a mix.
//
// # Failures
//
// When etcd cannot be reached at the first Read within Opt.DialTimeout,
// Read fails with an OSError-kind *alembicerr.Error (a service must not
// start on the wrong database), unless Opt.StartUnavailable, when Read
// serves an empty tree (the lower layers answer) and Watch keeps trying.
// While watching, a member that goes away is not an event: the client
// moves to another member and the watch resumes where it was. Losing the
// cluster — a linearizable health check, every second, that gets no
// answer within Opt.DialTimeout — keeps the last good snapshot, reports a
// WatchError through onChange (once per distinct error), retries with
// backoff (Opt.RetryMin .. Opt.RetryMax, gRPC's reconnects too) and, once
// a quorum answers, resynchronises with a full read at one revision,
// reporting a change when the content differs. A watch ended by the
// server (a leader election's "no leader", a compaction of the watch's
// revision, a broken stream) resynchronises the same way and is reported
// only if that read fails too. Endpoints are redacted in
// messages and the password is never in one. A prefix larger than
// Opt.MaxBytes is a LimitError. When the Watch's context ends every
// goroutine it started has returned.
//
// # Publishing
//
// FileEntries lists an ini file's own options with their raw text and
// Provider.Publish writes them under the prefix in one transaction,
// conditional on the prefix being unchanged since it was read.
//
// # Why not koanf's providers/etcd
//
// koanf's github.com/knadh/koanf/providers/etcd/v2 cannot serve here: its
// Watch cannot be stopped (no context; its goroutine outlives the caller),
// its Read returns no revision, so a Read followed by a Watch can miss an
// update made between the two, and it does not resynchronise after a
// compaction. This package uses go.etcd.io/etcd/client/v3 directly, pinned
// at v3.5.23 (the newest v3.5 client that builds with Go 1.24), which
// speaks to etcd 3.4 servers such as Debian's etcd-server as well as 3.5.
package etcd
