package alembiccfg_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
)

// TestWatchLatency measures, with the real clock, the time from a write
// of the ini to the new value read through MainOption, over 200 edits. It
// is a measurement, not a claim: it runs with WATCH_LATENCY=1 and prints
// the median and the 99th percentile.
func TestWatchLatency(t *testing.T) {
	if os.Getenv("WATCH_LATENCY") != "1" {
		t.Skip("WATCH_LATENCY=1 measures the watch latency")
	}
	path := filepath.Join(t.TempDir(), "alembic.ini")
	write(t, path, iniV("0"))
	cfg := alembiccfg.New(alembiccfg.Options{File: path, WatchDelay: 20 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stopped, err := cfg.Watch(ctx, func(alembiccfg.Change) {})
	if err != nil {
		t.Fatal(err)
	}
	var lat []time.Duration
	for i := 1; i <= 200; i++ {
		want := fmt.Sprint(i)
		start := time.Now()
		write(t, path, iniV(want))
		for {
			if v, _, _ := cfg.MainOption("v"); v == want {
				break
			}
			time.Sleep(100 * time.Microsecond)
		}
		lat = append(lat, time.Since(start))
	}
	slices.Sort(lat)
	fmt.Printf("watch latency (WatchDelay 20ms, 200 edits): median %v, p99 %v\n", lat[len(lat)/2], lat[len(lat)*99/100])
	cancel()
	<-stopped
}
