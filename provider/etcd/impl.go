package etcd

import (
	"context"
	"net/url"
	"sort"
	"strconv"
	"strings"
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
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func newProvider(opt Opt) (*Provider, error) { return nil, errNotYet }

func (p *Provider) readTree() (map[string]any, error) { return nil, errNotYet }

func (p *Provider) startWatch(ctx context.Context, onChange func(error)) error { return errNotYet }

func (p *Provider) publish(ctx context.Context, entries []Entry, opt PublishOpt) (PublishResult, error) {
	return PublishResult{}, errNotYet
}

func fileEntries(file string) ([]Entry, error) { return nil, errNotYet }

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

// tree is the snapshot as section -> option -> value, and the keys that
// are not options.
func (s *snapshot) tree(prefix string) (map[string]any, []SkippedKey) {
	out := map[string]any{}
	var skipped []SkippedKey
	for k, e := range s.kvs {
		section, option, reason := parseKey(prefix+"/", k)
		if reason != "" {
			skipped = append(skipped, SkippedKey{Key: k, Reason: reason})
			continue
		}
		m, _ := out[section].(map[string]any)
		if m == nil {
			m = map[string]any{}
			out[section] = m
		}
		m[option] = e.value
	}
	sort.Slice(skipped, func(i, j int) bool { return skipped[i].Key < skipped[j].Key })
	return out, skipped
}
