package alembic

import (
	"fmt"
)

// CollisionError reports two entries of the tree that koanf would address
// by the same path, so that which one a read returns would depend on Go's
// map order: [a] b.c and [a.b] c both flatten to "a.b.c" with the
// delimiter ".", and an option of an ini section [tool] called "alembic"
// or "alembic.<…>" meets pyproject.toml's [tool.alembic]. Rename one of
// them, or give Opt.Delim the delimiter of your koanf instance if it is
// not ".".
type CollisionError struct {
	// Path is the koanf path both entries take.
	Path string
	// First and Second describe the two entries ("option 'b.c' of section
	// [a] (alembic.ini:3)", "[tool.alembic] of pyproject.toml").
	First, Second string
}

// Error names the path and both entries.
func (e *CollisionError) Error() string {
	return fmt.Sprintf("koanf path %q is both %s and %s", e.Path, e.First, e.Second)
}
