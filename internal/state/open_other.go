//go:build !unix

package state

import "os"

// openNonBlocking opens path for reading; systems without FIFOs of the
// Unix kind need nothing more.
func openNonBlocking(path string) (*os.File, error) { return os.Open(path) }
