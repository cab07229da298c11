package bench

import (
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/koanf-alembic/koanf-alembic/bench/gen"
)

// seed is the generator seed of every benchmark input; change it only
// together with the published figures.
const seed = 1

// templatePaths are tried in order for the "template" input: the quick
// start's bundled alembic.ini, in the shape of Alembic's generic template.
var templatePaths = []string{
	"../examples/quickstart/alembic.ini",
}

type input struct {
	name string
	size int // 0 for the template
	// iniv1BigBuf: whether ini.v1 with a big read buffer runs on this input
	// (it is quadratic: 197 s for 20 MB).
	iniv1BigBuf bool
}

const (
	kib = 1 << 10
	mib = 1 << 20
)

// inputs returns the benchmark inputs in order; 100MB only with BENCH_HUGE=1.
func inputs() []input {
	in := []input{
		{name: "template", iniv1BigBuf: true},
		{name: "1KB", size: 1 * kib, iniv1BigBuf: true},
		{name: "64KB", size: 64 * kib, iniv1BigBuf: true},
		{name: "1MB", size: 1 * mib, iniv1BigBuf: true},
		{name: "20MB", size: 20 * mib},
	}
	if os.Getenv("BENCH_HUGE") == "1" {
		in = append(in, input{name: "100MB", size: 100 * mib})
	}
	return in
}

type cached struct {
	once sync.Once
	src  []byte
	path string
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
		if in.size == 0 {
			c.src, c.path, c.err = readTemplate()
			return
		}
		c.src = gen.Generate(in.size, seed)
	})
	if c.err != nil {
		tb.Fatal(c.err)
	}
	return c.src
}

func readTemplate() ([]byte, string, error) {
	for _, p := range templatePaths {
		b, err := os.ReadFile(p)
		if err == nil {
			return b, p, nil
		}
		if !os.IsNotExist(err) {
			return nil, p, err
		}
	}
	return nil, "", fmt.Errorf("no template: tried %v", templatePaths)
}

// templatePath says which file the template input came from.
func templatePath(tb testing.TB) string {
	load(tb, inputs()[0])
	cacheMu.Lock()
	defer cacheMu.Unlock()
	return cache["template"].path
}
