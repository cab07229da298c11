package etcd_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
	"github.com/koanf-alembic/koanf-alembic/provider/etcd"
)

// A service reads alembic.ini with the fleet's etcd prefix above it and
// follows both. With a cluster at ETCD_ENDPOINTS (comma-separated), it
// prints the database URL (redacted by the caller here) and where it came
// from: "etcd /apps/billing/alembic/sqlalchemy.url @ revision 42".
func ExampleProvider() {
	endpoints := os.Getenv("ETCD_ENDPOINTS")
	if endpoints == "" {
		endpoints = "http://127.0.0.1:2379"
	}
	p, err := etcd.New(etcd.Opt{Endpoints: strings.Split(endpoints, ","), Prefix: "/apps/billing"})
	if err != nil {
		log.Fatal(err)
	}
	defer p.Close()
	cfg := alembiccfg.New(alembiccfg.Options{
		File:   "alembic.ini",
		Env:    &alembiccfg.EnvOptions{Prefix: "ALEMBIC_"}, // the host still overrides the fleet
		Layers: []alembiccfg.Layer{p.Layer()},
	})
	url, _, err := cfg.MainOption("sqlalchemy.url")
	if err != nil {
		log.Fatal(err) // etcd unreachable within the dial timeout: an OSError
	}
	fc, _ := cfg.FileConfig()
	opts, _ := fc.RawOptions("alembic")
	for _, o := range opts {
		if o.Name == "sqlalchemy.url" {
			fmt.Println(len(url) > 0, o.From) // e.g. true etcd /apps/billing/alembic/sqlalchemy.url @ revision 42
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stopped, err := cfg.Watch(ctx, func(c alembiccfg.Change) {
		for _, o := range c.Options {
			fmt.Printf("[%s] %s = %s (%s)\n", o.Section, o.Option, o.Value, o.New) // values redacted
		}
		if c.Err != nil {
			fmt.Println("keeping the last good configuration:", c.Err)
		}
	})
	if err != nil {
		log.Fatal(err)
	}
	cancel()
	<-stopped
}
