//go:build unix && !linux

package state

import (
	"io/fs"
	"os"
	"syscall"
)

// openNonBlocking opens path for reading without waiting for a FIFO's
// writer; reads of a regular file are not affected by O_NONBLOCK.
func openNonBlocking(path string) (fs.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
