// Command watch is a service that follows its alembic.ini (and
// pyproject.toml) as they change — editor saves, deploy tools, Kubernetes
// ConfigMap updates — and prints each change with where the new value
// came from, passwords hidden. A broken edit is reported and the last
// good configuration kept. Stop it with Ctrl-C.
//
//	go run ./examples/watch -c path/to/alembic.ini
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "watch:", err)
		os.Exit(2)
	}
}

// run watches until ctx ends, then returns nil.
func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("watch", flag.ContinueOnError)
	ini := fs.String("c", "alembic.ini", "the alembic.ini to follow")
	toml := fs.String("toml", "", "the pyproject.toml to follow too")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg := alembiccfg.New(alembiccfg.Options{File: *ini, TOMLFile: *toml})
	lines := make(chan string, 16)
	stopped, err := cfg.Watch(ctx, func(c alembiccfg.Change) {
		if c.Err != nil {
			lines <- "kept the last good configuration: " + c.Err.Error()
			return
		}
		for _, o := range c.Options {
			if o.New == nil {
				lines <- fmt.Sprintf("[%s] %s removed", o.Section, o.Option)
			} else {
				lines <- fmt.Sprintf("[%s] %s = %s (%s)", o.Section, o.Option, o.Value, o.New)
			}
		}
		// The service reads its settings as usual, whenever it likes.
		url, _, _ := cfg.MainOption("sqlalchemy.url")
		lines <- fmt.Sprintf("now using sqlalchemy.url of %d bytes", len(url))
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "following %s\n", *ini)
	for {
		select {
		case l := <-lines:
			fmt.Fprintln(out, l)
		case <-stopped:
			return nil
		}
	}
}
