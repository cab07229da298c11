// Command geninputs writes the generated benchmark inputs (package gen,
// seed 1) as <name>.ini files into a directory, for CPython's side of the
// benchmarks (python/bench.py -inputs DIR).
//
//	go run ./cmd/geninputs -dir DIR [-max 20MB]
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/koanf-alembic/koanf-alembic/bench/gen"
)

func main() {
	dir := flag.String("dir", "", "directory to write into (created)")
	maxSize := flag.String("max", "", "skip inputs above this size (e.g. 1MB); empty for all")
	flag.Parse()
	if err := run(*dir, *maxSize); err != nil {
		fmt.Fprintln(os.Stderr, "geninputs:", err)
		os.Exit(1)
	}
}

func run(dir, maxSize string) error {
	if dir == "" {
		return fmt.Errorf("-dir is required")
	}
	limit, err := parseSize(maxSize)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, in := range gen.Inputs(1) {
		if limit > 0 && in.Size > limit {
			continue
		}
		if err := os.WriteFile(filepath.Join(dir, in.Name+".ini"), in.Make(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// parseSize reads 123, 64KB or 20MB; "" is 0.
func parseSize(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	mult := 1
	switch {
	case strings.HasSuffix(s, "KB"):
		mult, s = 1<<10, strings.TrimSuffix(s, "KB")
	case strings.HasSuffix(s, "MB"):
		mult, s = 1<<20, strings.TrimSuffix(s, "MB")
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("size %q: %w", s, err)
	}
	return n * mult, nil
}
