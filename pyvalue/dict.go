// Package pyvalue models the Python values that cross the boundary between
// Alembic's configuration and Go: insertion-ordered dicts (config_args,
// attributes, the tables Alembic returns), tuples, TOML's dates and times
// as Python holds them, the repr()/str() texts Python gives them, and
// Python's str.strip and str.lower, which differ from Go's.
//
// The Go types that stand for Python values are: nil (None), bool, int,
// int64 and Go's other integer types (int), float64 (float), string (str),
// []any (list), Tuple (tuple), *Dict (dict), and the TOML date/time types
// Date, Time and DateTime of this package.
package pyvalue

import "sync"

// Dict is an insertion-ordered mapping with string keys, like a Python
// dict: config_args, attributes and the tables Alembic returns. A Dict is
// safe for concurrent use: every method locks, and Range calls its
// function on a snapshot, without the lock held. The zero value is an
// empty Dict ready to use. A Dict must not be copied after first use; Copy
// makes a new one.
type Dict struct {
	mu      sync.RWMutex
	entries []dictEntry    // in insertion order
	index   map[string]int // key -> position in entries, once there are more than linearDict
	first   [1]dictEntry   // where the first entry lives: a Dict of one key is one allocation
}

type dictEntry struct {
	key   string
	value any
}

// linearDict is the number of keys up to which a Dict finds a key by
// comparing; larger Dicts keep an index.
const linearDict = 8

// NewDict returns an empty Dict; Set adds pairs in order:
//
//	args := NewDict().Set("env", "prod").Set("workers", 4)
func NewDict() *Dict { return &Dict{} }

// find returns the position of key, or -1; the lock is held.
func (d *Dict) find(key string) int {
	if d.index != nil {
		if i, ok := d.index[key]; ok {
			return i
		}
		return -1
	}
	for i := range d.entries {
		if d.entries[i].key == key {
			return i
		}
	}
	return -1
}

// reindex builds the index when the Dict has outgrown linear search, and
// drops it when it is small again; the lock is held.
func (d *Dict) reindex() {
	if len(d.entries) <= linearDict {
		d.index = nil
		return
	}
	d.index = make(map[string]int, len(d.entries))
	for i, e := range d.entries {
		d.index[e.key] = i
	}
}

// Len returns the number of keys.
func (d *Dict) Len() int {
	if d == nil {
		return 0
	}
	d.mu.RLock()
	defer d.mu.RUnlock()
	return len(d.entries)
}

// Keys returns the keys in insertion order, in a slice of the caller's.
func (d *Dict) Keys() []string {
	if d == nil {
		return nil
	}
	d.mu.RLock()
	defer d.mu.RUnlock()
	if len(d.entries) == 0 {
		return nil
	}
	keys := make([]string, len(d.entries))
	for i, e := range d.entries {
		keys[i] = e.key
	}
	return keys
}

// Get returns the value of key and whether it is present.
func (d *Dict) Get(key string) (any, bool) {
	if d == nil {
		return nil, false
	}
	d.mu.RLock()
	defer d.mu.RUnlock()
	if i := d.find(key); i >= 0 {
		return d.entries[i].value, true
	}
	return nil, false
}

// Has reports whether key is present.
func (d *Dict) Has(key string) bool {
	_, ok := d.Get(key)
	return ok
}

// Set sets key to value and returns d: a new key goes last, an existing
// one keeps its position, as in Python.
func (d *Dict) Set(key string, value any) *Dict {
	d.mu.Lock()
	defer d.mu.Unlock()
	if i := d.find(key); i >= 0 {
		d.entries[i].value = value
		return d
	}
	if d.entries == nil {
		d.entries = d.first[:0]
	}
	d.entries = append(d.entries, dictEntry{key, value})
	if d.index != nil {
		d.index[key] = len(d.entries) - 1
	} else if len(d.entries) > linearDict {
		d.reindex()
	}
	return d
}

// Delete removes key, reporting whether it was present.
func (d *Dict) Delete(key string) bool {
	if d == nil {
		return false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	i := d.find(key)
	if i < 0 {
		return false
	}
	// A new array: a snapshot Range took of the old one stays as it was.
	d.entries = append(d.entries[:i:i], d.entries[i+1:]...)
	if d.index != nil {
		d.reindex()
	}
	return true
}

// Copy returns a shallow copy, as Python's dict(d). A nil Dict copies to
// an empty one.
func (d *Dict) Copy() *Dict {
	c := &Dict{}
	if d == nil {
		return c
	}
	c.entries = d.snapshot(c.first[:0])
	c.reindex()
	return c
}

// snapshot appends a copy of the entries to buf.
func (d *Dict) snapshot(buf []dictEntry) []dictEntry {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if len(d.entries) == 0 {
		return buf
	}
	return append(buf, d.entries...)
}

// Range calls f for each pair in order until f returns false. It iterates
// over a snapshot taken when it starts, so f may change d.
func (d *Dict) Range(f func(key string, value any) bool) {
	if d == nil {
		return
	}
	var small [4]dictEntry // the snapshot of a small Dict needs no allocation
	for _, e := range d.snapshot(small[:0]) {
		if !f(e.key, e.value) {
			return
		}
	}
}

// Tuple is a Python tuple: the positional arguments of a %-format.
type Tuple []any
