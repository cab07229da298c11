// Package pyvalue models the Python values that cross the boundary between
// Alembic's configuration and Go: insertion-ordered dicts, tuples, and the
// repr()/str() texts Python gives them.
//
// The Go types that stand for Python values are: nil (None), bool, int,
// int64 and Go's other integer types (int), float64 (float), string (str),
// []any (list), Tuple (tuple), *Dict (dict), and the TOML date/time types
// Date, Time and DateTime of this package.
package pyvalue

// Dict is an insertion-ordered mapping with string keys, like a Python dict.
// The zero value is an empty Dict ready to use. A Dict is not safe for
// concurrent mutation.
type Dict struct {
	keys   []string
	values map[string]any
}

// NewDict returns a Dict holding the given key/value pairs in order;
// kv alternates keys (strings) and values.
func NewDict(kv ...any) *Dict {
	d := &Dict{}
	for i := 0; i+1 < len(kv); i += 2 {
		d.Set(kv[i].(string), kv[i+1])
	}
	return d
}

// Len returns the number of keys.
func (d *Dict) Len() int {
	if d == nil {
		return 0
	}
	return len(d.keys)
}

// Keys returns the keys in insertion order. The slice must not be modified.
func (d *Dict) Keys() []string {
	if d == nil {
		return nil
	}
	return d.keys
}

// Get returns the value of key and whether it is present.
func (d *Dict) Get(key string) (any, bool) {
	if d == nil {
		return nil, false
	}
	v, ok := d.values[key]
	return v, ok
}

// Has reports whether key is present.
func (d *Dict) Has(key string) bool {
	_, ok := d.Get(key)
	return ok
}

// Set sets key to value; a new key goes last, an existing one keeps its
// position, as in Python.
func (d *Dict) Set(key string, value any) {
	if d.values == nil {
		d.values = make(map[string]any)
	}
	if _, ok := d.values[key]; !ok {
		d.keys = append(d.keys, key)
	}
	d.values[key] = value
}

// Delete removes key, reporting whether it was present.
func (d *Dict) Delete(key string) bool {
	if d == nil {
		return false
	}
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

// Copy returns a shallow copy, as Python's dict(d).
func (d *Dict) Copy() *Dict {
	c := &Dict{}
	for _, k := range d.Keys() {
		c.Set(k, d.values[k])
	}
	return c
}

// Range calls f for each pair in order until f returns false.
func (d *Dict) Range(f func(key string, value any) bool) {
	for _, k := range d.Keys() {
		if !f(k, d.values[k]) {
			return
		}
	}
}

// Tuple is a Python tuple: the positional arguments of a %-format.
type Tuple []any
