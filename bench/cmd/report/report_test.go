package main

import (
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func sample(t *testing.T) *run {
	t.Helper()
	f, err := os.Open("testdata/sample.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := parseRun(f)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestParseRun(t *testing.T) {
	r := sample(t)
	if got := r.cfg("cpu-model"); got != "Test CPU 9000" {
		t.Errorf("cpu-model = %q", got)
	}
	if got := r.cfg("alembic"); got != "1.19.1 (source tree)" {
		t.Errorf("alembic = %q", got)
	}
	// The median of 20000, 30000, 10000; the -2 suffix is dropped.
	if v, ok := r.get("BenchmarkLoadTemplate/alembiccfg", "ns/op"); !ok || v != 20000 {
		t.Errorf("median = %v, %v", v, ok)
	}
	if v, _ := r.get("BenchmarkParse/1MB/engine", "peak-B/B"); v != 1.5 {
		t.Errorf("peak-B/B = %v", v)
	}
	if got := r.prefixed("BenchmarkLoadTemplate", "alembic-"); got != "alembic-1.19.1" {
		t.Errorf("Alembic's row = %q", got)
	}
	if got := strings.Join(r.inputs(), ","); got != "1KB,1MB,20MB,100MB,1Msections" {
		t.Errorf("inputs = %s", got)
	}
	if s, ok := r.size("1MB"); !ok || s < 1<<20-10 || s > 1<<20+10 {
		t.Errorf("size(1MB) = %v", s)
	}
}

// TestGoals checks the met/missed verdicts on figures chosen for them.
func TestGoals(t *testing.T) {
	rep := newReport(sample(t))
	want := map[string]string{
		"End to end (fresh Config from the file + MainOption) vs Alembic 1.19.1":        "met",        // 400/20 = 20×
		"End to end vs a bare os.ReadFile of the same file":                             "**missed**", // 20/8 = 2.5×
		"In memory, parse + MainOption through the facade vs CPython read_string + get": "missed",     // 30×
		"Parse throughput on 20 MB (engine, full Document)":                             "met",        // 500 MB/s
		"Linear: MB/s at 100 MB within 20% of 1 MB (engine)":                            "met",        // 0.8
		"20 MB: engine vs ini.v1 (4 KB buffer)":                                         "met",        // 20×
		"Lookup on a loaded Config: alembiccfg":                                         "met",        // 20 ns
		"Lookup on a loaded Config: alembiccfg-interpolated":                            "missed",     // 60 ns
		"Heap above the baseline, 64 KB and up: engine (peak bound, worst input)":       "met",        // 1.5×, the shape not counted
		"Ahead of ini.v1 on every row (least margin)":                                   "met",
		"Ahead of viper on every row (least margin)":                                    "met",
	}
	got := map[string]goal{}
	for _, g := range rep.goals {
		got[g.what] = g
	}
	for what, st := range want {
		g, ok := got[what]
		if !ok {
			t.Errorf("no goal %q", what)
			continue
		}
		if strings.Trim(g.status, "*") != strings.Trim(st, "*") {
			t.Errorf("%s: %s (%s), want %s", what, g.status, g.measured, st)
		}
	}
	if g := got["Ahead of ini.v1 on every row (least margin)"]; !strings.HasPrefix(g.measured, "5.00×") {
		t.Errorf("least margin over ini.v1 = %q, want 5.00× (LoadTemplate: 100/20)", g.measured)
	}
	if g := got["Shape 1Msections: throughput and heap's peak bound"]; !strings.Contains(g.measured, "6.96×") {
		t.Errorf("1Msections = %q", g.measured)
	}
}

func TestMarkdown(t *testing.T) {
	md := newReport(sample(t)).markdown()
	for _, want := range []string{
		"Machine: Test CPU 9000, 2 cores, linux/amd64, go1.26.8, CPython 3.11.2, Alembic 1.19.1 (source tree); medians of 3 runs (1 for the slowest rows).",
		"| `alembiccfg` | 20.0 µs | 2.50× | 1.00× | 47 | 13.6 KiB |",
		"| `alembic-1.19.1` | 400 µs | 50.0× | 20.0× | — | — |",
		"| `cpython-configparser` | 300 µs | 30.0× | 1.00× | — |",
		"| 1MB | 1.00 MiB | 500 MB/s (2.10 ms) | 25.0 MB/s (41.9 ms) | 15.0 MB/s (69.9 ms) |",
		"| 1MB | 1.50 / 1.40 | 10.00 / 4.00 | 8.89 / 3.09 |",
		"| Parse/20MB | `engine` | 20.0× (iniv1-buf4k) | — |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q\n%s", want, md)
		}
	}
}

// TestSVG checks that the plot is well-formed XML with one line per
// implementation in each panel and decade ticks on both axes.
func TestSVG(t *testing.T) {
	s := sample(t).svg("title & more")
	d := xml.NewDecoder(strings.NewReader(s))
	lines := map[string]int{}
	var texts []string
	inText, inTitle := false, false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			inText, inTitle = e.Name.Local == "text", e.Name.Local == "title"
		case xml.EndElement:
			inText, inTitle = false, false
		case xml.CharData:
			if inTitle {
				lines[string(e)]++
			}
			if inText {
				texts = append(texts, string(e))
			}
		}
	}
	// Time: engine, iniv1-buf4k, cpython (1MB only); heap: the same from 1 MB.
	for im, n := range map[string]int{"engine": 2, "iniv1-buf4k": 2, "cpython-configparser": 2} {
		if lines[im] != n {
			t.Errorf("%s: %d lines, want %d (%v)", im, lines[im], n, lines)
		}
	}
	all := strings.Join(texts, "|")
	for _, want := range []string{"title & more", "1 kB", "1 MB", "100 MB", "1 µs", "1 s", "10 MB", "1 GB", "input size (bytes, log)", "engine"} {
		if !strings.Contains(all, want) {
			t.Errorf("SVG text lacks %q: %s", want, all)
		}
	}
}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	readme := filepath.Join(dir, "README.md")
	if err := os.WriteFile(readme, []byte("# x\n<!-- report:summary -->\nold\n<!-- /report:summary -->\ntail\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	md, svg := filepath.Join(dir, "r.md"), filepath.Join(dir, "r.svg")
	if err := run1("testdata/sample.txt", md, svg, []string{readme}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{md, svg} {
		if st, err := os.Stat(f); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	b, _ := os.ReadFile(readme)
	s := string(b)
	if strings.Contains(s, "old") || !strings.Contains(s, "20.0× faster than Alembic 1.19.1") || !strings.HasSuffix(s, "<!-- /report:summary -->\ntail\n") {
		t.Errorf("README after update:\n%s", s)
	}
	if err := run1(filepath.Join(dir, "missing.txt"), "", "", nil); err == nil {
		t.Error("a missing input is no error")
	}
}
