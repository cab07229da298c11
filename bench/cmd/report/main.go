// Command report reads the raw output of a benchmark run (compare.sh: Go's
// benchmarks and python/bench.py in Go's benchmark format) and writes, from
// that run alone, the Markdown tables with the goals of DESIGN.md §8 marked
// met or missed, and an SVG plot (parse time and heap against input size,
// log-log, one line per implementation).
//
//	go run ./cmd/report -in results/latest.txt -md results/latest.md -svg results/latest.svg \
//	    [-update README.md -update ../README.md]
//
// -update replaces, in each file named, the text between the markers
// <!-- report:tables --> and <!-- /report:tables --> with the tables, and
// between <!-- report:summary --> and <!-- /report:summary --> with a
// short summary; a file without markers is left alone. The summary is
// also printed.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
)

type files []string

func (f *files) String() string     { return strings.Join(*f, ",") }
func (f *files) Set(s string) error { *f = append(*f, s); return nil }

func main() {
	in := flag.String("in", "", "raw benchmark output (required)")
	md := flag.String("md", "", "write the Markdown tables here")
	svgOut := flag.String("svg", "", "write the SVG plot here")
	var update files
	flag.Var(&update, "update", "replace the report's marked blocks in this file (repeatable)")
	flag.Parse()
	if err := run1(*in, *md, *svgOut, update); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
}

func run1(in, md, svgOut string, update []string) error {
	if in == "" {
		return fmt.Errorf("-in is required")
	}
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	r, err := parseRun(f)
	f.Close()
	if err != nil {
		return err
	}
	if len(r.res) == 0 {
		return fmt.Errorf("%s: no benchmark results", in)
	}
	rep := newReport(r)
	tables := rep.markdown()
	if md != "" {
		if err := os.WriteFile(md, []byte(tables), 0o644); err != nil {
			return err
		}
	}
	if svgOut != "" {
		if err := os.WriteFile(svgOut, []byte(r.svg("koanf-alembic bench/compare.sh: "+rep.machine()+"; "+rep.counts())), 0o644); err != nil {
			return err
		}
	}
	summary := rep.summary()
	for _, u := range update {
		if err := replaceBlocks(u, map[string]string{"tables": tables, "summary": summary}); err != nil {
			return err
		}
	}
	fmt.Print(summary)
	for _, g := range rep.goals {
		if g.status != "" {
			fmt.Printf("  %-12s %s: %s\n", strings.Trim(g.status, "*"), g.what, g.measured)
		}
	}
	return nil
}

// replaceBlocks rewrites the marked blocks of a file.
func replaceBlocks(path string, blocks map[string]string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	s := string(b)
	for name, text := range blocks {
		s = replaceBlock(s, name, text)
	}
	if s == string(b) {
		return nil
	}
	return os.WriteFile(path, []byte(s), 0o644)
}

func replaceBlock(s, name, text string) string {
	begin, end := "<!-- report:"+name+" -->", "<!-- /report:"+name+" -->"
	i := strings.Index(s, begin)
	if i < 0 {
		return s
	}
	j := strings.Index(s[i:], end)
	if j < 0 {
		return s
	}
	return s[:i+len(begin)] + "\n" + strings.TrimRight(text, "\n") + "\n" + s[i+j:]
}
