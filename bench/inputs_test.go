package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/koanf-alembic/koanf-alembic/bench/gen"
)

// seed is the generator seed of every benchmark input; change it only
// together with the published figures.
const seed = 1

// templatePath is the "template" input: the quick start's bundled
// alembic.ini, in the shape of Alembic's generic template.
const templatePath = "../examples/quickstart/alembic.ini"

// templateTOMLPath is the same configuration as a pyproject-style TOML
// file, for koanf's own TOML parser (BenchmarkLoadTemplate/koanf-toml).
const templateTOMLPath = "testdata/template.toml"

type input struct {
	name string
	// size is the target size of a generated input (0 for the template);
	// inputs outside BENCH_MINSIZE..BENCH_MAXSIZE are skipped.
	size int
	// make generates the input; nil reads the template.
	make func() []byte
	// multiline: the input has continuation lines, on which ini.v1 with
	// a big read buffer is quadratic.
	multiline bool
}

const (
	kib = 1 << 10
	mib = 1 << 20
)

// allInputs are the inputs in order: the template, then gen.Inputs (the
// generated sizes of DESIGN.md §8, one million one-option sections and
// sections of 500 options).
var allInputs = func() []input {
	in := []input{{name: "template", multiline: true}}
	for _, g := range gen.Inputs(seed) {
		in = append(in, input{name: g.Name, size: g.Size, make: g.Make, multiline: g.Multiline})
	}
	return in
}()

// sizeEnv is an environment variable in bytes (suffixes KB, MB), 0 when
// unset.
func sizeEnv(name string) int {
	s := os.Getenv(name)
	if s == "" {
		return 0
	}
	mult := 1
	switch {
	case strings.HasSuffix(s, "KB"):
		mult, s = kib, strings.TrimSuffix(s, "KB")
	case strings.HasSuffix(s, "MB"):
		mult, s = mib, strings.TrimSuffix(s, "MB")
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		panic(name + ": " + err.Error())
	}
	return n * mult
}

// inputs returns the benchmark inputs in order, without those above
// BENCH_MAXSIZE or below BENCH_MINSIZE (compare.sh runs the inputs above
// 20 MB with fewer counts; its quick mode stops at 1 MB).
func inputs() []input {
	lo, hi := sizeEnv("BENCH_MINSIZE"), sizeEnv("BENCH_MAXSIZE")
	var in []input
	for _, i := range allInputs {
		if (hi == 0 || i.size <= hi) && i.size >= lo {
			in = append(in, i)
		}
	}
	return in
}

type cached struct {
	once sync.Once
	src  []byte
	err  error
}

var (
	cacheMu sync.Mutex
	cache   = map[string]*cached{}
)

// load returns the bytes of an input, generating or reading them once per
// process.
func load(tb testing.TB, in input) []byte {
	tb.Helper()
	cacheMu.Lock()
	c, ok := cache[in.name]
	if !ok {
		c = &cached{}
		cache[in.name] = c
	}
	cacheMu.Unlock()
	c.once.Do(func() {
		if in.make == nil {
			c.src, c.err = os.ReadFile(templatePath)
			return
		}
		c.src = in.make()
	})
	if c.err != nil {
		tb.Fatal(c.err)
	}
	return c.src
}

// template returns the template's bytes.
func template(tb testing.TB) []byte { return load(tb, allInputs[0]) }

// absPath returns the absolute name of a file of the module.
func absPath(tb testing.TB, name string) string {
	tb.Helper()
	p, err := filepath.Abs(name)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := os.Stat(p); err != nil {
		tb.Fatal(fmt.Errorf("input: %w", err))
	}
	return p
}
