//go:build linux

package pypath

import (
	"os"
	"syscall"
)

// getwd is the working directory as getcwd(2) reports it, which is what
// Python's os.getcwd() returns: one system call. os.Getwd prefers $PWD
// when it names the same directory, which costs two stats and gives the
// path through symbolic links that Python does not. When getcwd fails (a
// path beyond its buffer), os.Getwd answers.
func getwd() (string, error) {
	for {
		wd, err := syscall.Getwd()
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return os.Getwd()
		}
		return wd, nil
	}
}
