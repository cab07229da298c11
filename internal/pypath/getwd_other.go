//go:build !linux

package pypath

import "os"

// getwd is the working directory.
func getwd() (string, error) { return os.Getwd() }
