package etcd

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	pb "go.etcd.io/etcd/api/v3/etcdserverpb"
	"go.etcd.io/etcd/api/v3/v3rpc/rpctypes"
	clientv3 "go.etcd.io/etcd/client/v3"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
	"github.com/koanf-alembic/koanf-alembic/alembicerr"
)

// Server defaults of etcd's limits.
const (
	DefaultMaxTxnOps       = 128
	DefaultMaxRequestBytes = 1572864
)

// requestMargin is what a transaction grows by on its way into the raft
// log (the request header), which --max-request-bytes also counts.
const requestMargin = 256

func (p *Provider) publish(ctx context.Context, entries []Entry, opt PublishOpt) (PublishResult, error) {
	if opt.MaxTxnOps <= 0 {
		opt.MaxTxnOps = DefaultMaxTxnOps
	}
	if opt.MaxRequestBytes <= 0 {
		opt.MaxRequestBytes = DefaultMaxRequestBytes
	}
	want := map[string]string{}
	var order []string
	for _, e := range entries {
		if e.Section == "" || e.Option == "" {
			return PublishResult{}, &alembicerr.Error{Kind: alembicerr.ValueError, Section: e.Section, Option: e.Option,
				Message: fmt.Sprintf("etcd: an entry with an empty name ([%s] %s)", e.Section, e.Option)}
		}
		if e.Section == "DEFAULT" {
			return PublishResult{}, &alembicerr.Error{Kind: alembicerr.ValueError, Section: e.Section, Option: e.Option,
				Message: "Invalid section name: 'DEFAULT'"}
		}
		k := Key(p.prefix, e.Section, e.Option)
		if _, dup := want[k]; dup {
			return PublishResult{}, &alembicerr.Error{Kind: alembicerr.ValueError, Section: e.Section, Option: e.Option,
				Message: fmt.Sprintf("etcd: [%s] %s is given twice", e.Section, e.Option)}
		}
		want[k] = e.Value
		order = append(order, k)
	}

	p.mu.Lock()
	s := p.read
	p.mu.Unlock()
	// Force compares with what is there now: every entry that differs from
	// it is written.
	if s == nil || s.rev == 0 || opt.Force {
		rctx, cancel := context.WithTimeout(ctx, p.opt.DialTimeout)
		ns, err := p.fetch(rctx)
		cancel()
		if err != nil {
			return PublishResult{}, err
		}
		p.mu.Lock()
		if !p.watching {
			p.cur = ns
		}
		p.read = ns
		p.mu.Unlock()
		s = ns
	}

	var res PublishResult
	var ops []clientv3.Op
	var pbOps []*pb.RequestOp
	var unchanged []string
	for _, k := range order {
		v := want[k]
		if e, ok := s.kvs[k]; ok && e.value == v {
			res.Unchanged++
			unchanged = append(unchanged, k)
			continue
		}
		ops = append(ops, clientv3.OpPut(k, v))
		pbOps = append(pbOps, &pb.RequestOp{Request: &pb.RequestOp_RequestPut{RequestPut: &pb.PutRequest{Key: []byte(k), Value: []byte(v)}}})
		res.Put++
	}
	if opt.Prune {
		var gone []string
		for k := range s.kvs {
			if _, ok := want[k]; !ok {
				gone = append(gone, k)
			}
		}
		sort.Strings(gone)
		for _, k := range gone {
			ops = append(ops, clientv3.OpDelete(k))
			pbOps = append(pbOps, &pb.RequestOp{Request: &pb.RequestOp_RequestDeleteRange{RequestDeleteRange: &pb.DeleteRangeRequest{Key: []byte(k)}}})
			res.Deleted++
		}
	}
	kp := p.keyPrefix()
	end := clientv3.GetPrefixRangeEnd(kp)
	// The transaction reads the prefix back after writing, so the provider
	// knows the published state exactly.
	ops = append(ops, clientv3.OpGet(kp, clientv3.WithRange(end)))
	pbOps = append(pbOps, &pb.RequestOp{Request: &pb.RequestOp_RequestRange{RequestRange: &pb.RangeRequest{Key: []byte(kp), RangeEnd: []byte(end)}}})
	if n := len(ops); n > opt.MaxTxnOps {
		return PublishResult{}, p.txnOpsError(n-1, opt.MaxTxnOps, nil)
	}

	var cmps []clientv3.Cmp
	precount := false
	if !opt.Force {
		// Nothing under the prefix was put since the read...
		cmps = append(cmps, clientv3.Compare(clientv3.ModRevision(kp), "<", s.rev+1).WithRange(end))
		// ...and the keys left as they are are still there (a deletion
		// leaves no revision to compare). When they do not fit in the
		// transaction, a count taken just before it stands in for them.
		if 1+len(unchanged) <= opt.MaxTxnOps {
			for _, k := range unchanged {
				cmps = append(cmps, clientv3.Compare(clientv3.ModRevision(k), "=", s.kvs[k].mod))
			}
		} else {
			precount = true
		}
	}
	req := &pb.TxnRequest{Success: pbOps, Failure: []*pb.RequestOp{pbOps[len(pbOps)-1]}}
	for i := range cmps {
		c := pb.Compare(cmps[i])
		req.Compare = append(req.Compare, &c)
	}
	if size := req.Size() + requestMargin; size > opt.MaxRequestBytes {
		return PublishResult{}, p.requestBytesError(size, opt.MaxRequestBytes, nil)
	}

	cl, err := p.getClient(ctx)
	if err != nil {
		return PublishResult{}, err
	}
	if precount {
		resp, err := cl.Get(ctx, kp, clientv3.WithRange(end), clientv3.WithCountOnly())
		if err != nil {
			return PublishResult{}, p.readError(err)
		}
		if resp.Count != int64(len(s.kvs)) {
			return PublishResult{}, p.conflictError(s, nil, fmt.Sprintf("it holds %d keys, %d when read", resp.Count, len(s.kvs)))
		}
	}
	resp, err := cl.Txn(ctx).If(cmps...).Then(ops...).Else(clientv3.OpGet(kp, clientv3.WithRange(end))).Commit()
	if err != nil {
		switch {
		case errors.Is(err, rpctypes.ErrTooManyOps):
			return PublishResult{}, p.txnOpsError(len(ops)-1, 0, err)
		case errors.Is(err, rpctypes.ErrRequestTooLarge), status.Code(err) == codes.ResourceExhausted:
			return PublishResult{}, p.requestBytesError(req.Size(), 0, err)
		}
		return PublishResult{}, p.readError(err)
	}
	last := resp.Responses[len(resp.Responses)-1].GetResponseRange()
	if !resp.Succeeded {
		return PublishResult{}, p.conflictError(s, last, "")
	}
	res.Revision = resp.Header.Revision
	ns := &snapshot{rev: resp.Header.Revision, kvs: map[string]entry{}}
	for _, kv := range last.Kvs {
		ns.kvs[string(kv.Key)] = entry{string(kv.Value), kv.ModRevision}
		ns.size += int64(len(kv.Key) + len(kv.Value))
	}
	p.mu.Lock()
	if !p.watching {
		p.cur, p.read = ns, ns
	}
	p.mu.Unlock()
	return res, nil
}

func (p *Provider) txnOpsError(n, limit int, cause error) error {
	var msg string
	if limit > 0 {
		msg = fmt.Sprintf("etcd: publishing to %s needs %d writes in one transaction, more than the server's --max-txn-ops %d allows; nothing was written", p.keyPrefix(), n, limit)
	} else {
		msg = fmt.Sprintf("etcd: the server refused a transaction of %d writes to %s: more than its --max-txn-ops allows; nothing was written", n, p.keyPrefix())
	}
	return &alembicerr.Error{Kind: alembicerr.LimitError, Message: p.scrub(msg), Err: cause}
}

func (p *Provider) requestBytesError(size, limit int, cause error) error {
	var msg string
	if limit > 0 {
		msg = fmt.Sprintf("etcd: publishing to %s needs a transaction of %d bytes, more than the server's --max-request-bytes %d allows; nothing was written", p.keyPrefix(), size, limit)
	} else {
		msg = fmt.Sprintf("etcd: the server refused a transaction of %d bytes to %s: more than its --max-request-bytes allows; nothing was written", size, p.keyPrefix())
	}
	return &alembicerr.Error{Kind: alembicerr.LimitError, Message: p.scrub(msg), Err: cause}
}

// conflictError names what changed under the prefix since s.
func (p *Provider) conflictError(s *snapshot, now *pb.RangeResponse, why string) error {
	var changes []string
	if now != nil {
		seen := map[string]bool{}
		for _, kv := range now.Kvs {
			k := string(kv.Key)
			seen[k] = true
			if e, ok := s.kvs[k]; !ok {
				changes = append(changes, k+" added")
			} else if e.mod != kv.ModRevision {
				changes = append(changes, k+" changed")
			}
		}
		for k := range s.kvs {
			if !seen[k] {
				changes = append(changes, k+" deleted")
			}
		}
		sort.Strings(changes)
		if len(changes) > 10 {
			changes = append(changes[:10], fmt.Sprintf("and %d more", len(changes)-10))
		}
		why = strings.Join(changes, ", ")
	}
	return &alembicerr.Error{Kind: alembicerr.WriteConflictError,
		Message: p.scrub(fmt.Sprintf("etcd: %s changed since it was read at revision %d (%s); read it again, or force", p.keyPrefix(), s.rev, why))}
}

func fileEntries(file string) ([]Entry, error) {
	c := alembiccfg.New(alembiccfg.Options{File: file, RequireFile: true})
	fc, err := c.FileConfig()
	if err != nil {
		return nil, err
	}
	var defaults []string
	for _, o := range fc.Defaults() {
		if o.From.Layer == "file" {
			defaults = append(defaults, o.Name)
		}
	}
	if len(defaults) > 0 {
		return nil, &alembicerr.Error{Kind: alembicerr.ValueError, Source: file, Section: "DEFAULT",
			Message: fmt.Sprintf("[DEFAULT] holds options (%s): no layer targets [DEFAULT], so they cannot be published; move them into the sections that use them",
				strings.Join(defaults, ", "))}
	}
	var out []Entry
	for _, s := range fc.Sections() {
		opts, err := fc.RawOptions(s)
		if err != nil {
			return nil, err
		}
		for _, o := range opts {
			if o.Scope == alembiccfg.ScopeSection && o.From.Layer == "file" {
				out = append(out, Entry{Section: s, Option: o.Name, Value: o.Raw})
			}
		}
	}
	return out, nil
}
