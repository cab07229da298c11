// Package pyvalue models the Python values that cross the boundary between
// Alembic's configuration and Go: insertion-ordered dicts, tuples, and the
// repr()/str() texts Python gives them.
//
// The Go types that stand for Python values are: nil (None), bool, int,
// int64 and Go's other integer types (int), float64 (float), string (str),
// []any (list), Tuple (tuple), *Dict (dict), and the TOML date/time types
// Date, Time and DateTime of this package.
package pyvalue

import "github.com/koanf-alembic/koanf-alembic/pydict"

// Dict is Python's dict: the public pydict.Dict, which config_args,
// attributes and TOML tables share with callers.
type Dict = pydict.Dict

// Tuple is a Python tuple: the positional arguments of a %-format.
type Tuple []any
