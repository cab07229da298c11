//go:build !unix

package state

import (
	"io/fs"
	"os"
)

// openNonBlocking opens path for reading; systems without FIFOs of the
// Unix kind need nothing more.
func openNonBlocking(path string) (fs.File, error) { return os.Open(path) }
