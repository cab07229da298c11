package main

import "fmt"

// cmdSet is `set [SECTION] OPTION VALUE --write`: editing the ini in place,
// losslessly and atomically. The library has no write-back yet, so this
// refuses with exit code 2 rather than rewrite the file lossily.
func (a *app) cmdSet() int {
	if !a.inv.write {
		fmt.Fprintf(a.stderr, "%s: set changes the file and needs --write\n", progName)
		return exitError
	}
	fmt.Fprintln(a.stderr, "set --write: lossless write-back is not implemented yet")
	return exitError
}
