package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
)

// cmdWatch is `watch`: one line per changed option and one per error until
// interrupted (SIGINT or SIGTERM), then exit 0.
func (a *app) cmdWatch() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return a.watch(ctx)
}

// watch follows the configuration until ctx ends.
func (a *app) watch(ctx context.Context) int {
	cfg := a.config()
	lines := make(chan string, 64)
	stopped, err := cfg.Watch(ctx, func(c alembiccfg.Change) {
		if c.Err != nil {
			lines <- "error: " + a.errText(c.Err)
			return
		}
		for _, o := range c.Options {
			if o.New == nil {
				lines <- fmt.Sprintf("[%s] %s removed", o.Section, o.Option)
				continue
			}
			value := o.Value
			if a.inv.showSecrets {
				value, _, _ = cfg.SectionOption(o.Section, o.Option)
			}
			lines <- fmt.Sprintf("[%s] %s = %s (%s)", o.Section, o.Option, oneLine(value), o.New.String())
		}
	})
	if err != nil {
		return a.fail(err)
	}
	what := a.ini + " and " + a.toml
	if a.etcd != nil {
		what += " and etcd " + a.inv.etcd.prefix
	}
	fmt.Fprintf(a.stderr, "%s: watching %s; interrupt to stop\n", progName, what)
	for {
		select {
		case line := <-lines:
			fmt.Fprintln(a.stdout, line)
		case <-stopped:
			for {
				select {
				case line := <-lines:
					fmt.Fprintln(a.stdout, line)
				default:
					return exitOK
				}
			}
		}
	}
}
