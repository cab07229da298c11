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
	mu     sync.RWMutex
	keys   []string
	values map[string]any
}

// NewDict returns an empty Dict; Set adds pairs in order:
//
//	args := NewDict().Set("env", "prod").Set("workers", 4)
func NewDict() *Dict { return &Dict{} }

// Len returns the number of keys.
func (d *Dict) Len() int {
	if d == nil {
		return 0
	}
	d.mu.RLock()
	defer d.mu.RUnlock()
	return len(d.keys)
}

// Keys returns the keys in insertion order, in a slice of the caller's.
func (d *Dict) Keys() []string {
	if d == nil {
		return nil
	}
	d.mu.RLock()
	defer d.mu.RUnlock()
	return append([]string(nil), d.keys...)
}

// Get returns the value of key and whether it is present.
func (d *Dict) Get(key string) (any, bool) {
	if d == nil {
		return nil, false
	}
	d.mu.RLock()
	defer d.mu.RUnlock()
	v, ok := d.values[key]
	return v, ok
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
	if d.values == nil {
		d.values = make(map[string]any)
	}
	if _, ok := d.values[key]; !ok {
		d.keys = append(d.keys, key)
	}
	d.values[key] = value
	return d
}

// Delete removes key, reporting whether it was present.
func (d *Dict) Delete(key string) bool {
	if d == nil {
		return false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, ok := d.values[key]; !ok {
		return false
	}
	delete(d.values, key)
	for i, k := range d.keys {
		if k == key {
			d.keys = append(d.keys[:i:i], d.keys[i+1:]...)
			break
		}
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
	d.mu.RLock()
	defer d.mu.RUnlock()
	c.keys = append([]string(nil), d.keys...)
	c.values = make(map[string]any, len(d.values))
	for k, v := range d.values {
		c.values[k] = v
	}
	return c
}

// Range calls f for each pair in order until f returns false. It iterates
// over a snapshot taken when it starts, so f may change d.
func (d *Dict) Range(f func(key string, value any) bool) {
	snap := d.Copy()
	for _, k := range snap.keys {
		if !f(k, snap.values[k]) {
			return
		}
	}
}

// Tuple is a Python tuple: the positional arguments of a %-format.
type Tuple []any
