package state

import (
	"github.com/knadh/koanf/v2"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
)

// Koanf loads a tree that the caller built and gives up into a new koanf
// instance with the "." delimiter. koanf's confmap provider would copy the
// tree twice, by reflection; a fresh tree needs no copy.
func Koanf(tree map[string]any) (*koanf.Koanf, error) {
	k := koanf.New(".")
	if err := k.Load(ownedTree(tree), nil); err != nil {
		return nil, err
	}
	return k, nil
}

// ownedTree is a koanf.Provider of a map nobody else holds.
type ownedTree map[string]any

func (t ownedTree) Read() (map[string]any, error) { return t, nil }

func (t ownedTree) ReadBytes() ([]byte, error) {
	return nil, alembicerr.New(alembicerr.ValueError, "a tree has no byte form")
}
