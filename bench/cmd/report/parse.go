package main

import (
	"bufio"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// A run is the benchmark output of one compare.sh run: Go's and
// bench.py's lines in Go's benchmark format, with benchstat's key: value
// configuration lines.
type run struct {
	config []kv                            // in order of first appearance
	res    map[string]map[string][]float64 // name without -N → unit → values
}

type kv struct{ key, value string }

var configLine = regexp.MustCompile(`^([a-z][^\s:]*):\s*(.*?)\s*$`)

// parseRun reads benchmark output. Lines that are neither results nor
// configuration (PASS, ok, logs) are ignored, as benchstat ignores them.
func parseRun(r io.Reader) (*run, error) {
	out := &run{res: map[string]map[string][]float64{}}
	seen := map[string]bool{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "Benchmark") {
			out.addResult(line)
			continue
		}
		if m := configLine.FindStringSubmatch(line); m != nil && !seen[m[1]] {
			seen[m[1]] = true
			out.config = append(out.config, kv{m[1], m[2]})
		}
	}
	return out, sc.Err()
}

func (r *run) addResult(line string) {
	f := strings.Fields(line)
	if len(f) < 4 || len(f)%2 != 0 {
		return
	}
	if _, err := strconv.ParseInt(f[1], 10, 64); err != nil {
		return
	}
	name := f[0]
	if i := strings.LastIndexByte(name, '-'); i > 0 {
		if _, err := strconv.Atoi(name[i+1:]); err == nil {
			name = name[:i]
		}
	}
	units := r.res[name]
	if units == nil {
		units = map[string][]float64{}
		r.res[name] = units
	}
	for i := 2; i+1 < len(f); i += 2 {
		v, err := strconv.ParseFloat(f[i], 64)
		if err != nil {
			continue
		}
		units[f[i+1]] = append(units[f[i+1]], v)
	}
}

// get returns the median of a benchmark's values in unit.
func (r *run) get(name, unit string) (float64, bool) {
	vs := r.res[name][unit]
	if len(vs) == 0 {
		return 0, false
	}
	s := append([]float64(nil), vs...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2], true
	}
	return (s[n/2-1] + s[n/2]) / 2, true
}

func (r *run) cfg(key string) string {
	for _, c := range r.config {
		if c.key == key {
			return c.value
		}
	}
	return ""
}

// impls returns the implementations of a group (Benchmark<group>/<impl>)
// that the run has, in the order of want first, then any others sorted.
func (r *run) impls(group string, want []string) []string {
	have := map[string]bool{}
	for name := range r.res {
		if rest, ok := strings.CutPrefix(name, group+"/"); ok && !strings.Contains(rest, "/") {
			have[rest] = true
		}
	}
	var out []string
	for _, w := range want {
		if have[w] {
			out = append(out, w)
			delete(have, w)
		}
	}
	var others []string
	for h := range have {
		others = append(others, h)
	}
	sort.Strings(others)
	return append(out, others...)
}

// prefixed returns the first implementation of a group whose name starts
// with prefix ("alembic-" for Alembic's row, whatever its version).
func (r *run) prefixed(group, prefix string) string {
	for _, im := range r.impls(group, nil) {
		if strings.HasPrefix(im, prefix) {
			return im
		}
	}
	return ""
}
