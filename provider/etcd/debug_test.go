package etcd

import (
	"fmt"
	"os"
	"time"
)

func init() {
	if os.Getenv("ETCD_DEBUG") == "1" {
		debugf = func(f string, a ...any) {
			fmt.Fprintf(os.Stderr, "%s %s\n", time.Now().Format("15:04:05.000"), fmt.Sprintf(f, a...))
		}
	}
}
