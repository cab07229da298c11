// Package difftest compares koanf-alembic with real CPython: documents
// drawn from a seed are read by the library (the alembiccfg facade, the
// koanf provider, the koanf parser) and by CPython's configparser set up as
// Alembic sets it up (testdata/oracle.py, one process for the whole batch),
// and every answer is compared. TestDifferentialTOML (toml_test.go) does
// the same for pyproject.toml against CPython's tomllib, and
// TestDifferentialFormat (format_test.go) for printf-style formatting
// against CPython's %.
//
//	go test -run TestDifferential ./internal/difftest           # 40 documents, fresh seed
//	DIFF_DOCS=1000 go test -run TestDifferential ./internal/difftest
//	DIFF_SEED=123 DIFF_DOCS=400 go test -run TestDifferential ./internal/difftest   # replay
//	DIFF_SEED=123 DIFF_DOCS=400 DIFF_ONLY=17 …                  # only document 17 of that run
//
// The one documented difference: where CPython's interpolation of a value
// does more work than the library's MaxValueSize (1 MiB of bytes produced
// plus references followed), the library answers LimitError; the oracle
// measures CPython's work, and such a LimitError counts as agreement (the
// summary line says how many there were).
package difftest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

const defaultDocs = 40

func envInt(t *testing.T, name string, def int64) int64 {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		t.Fatalf("%s=%q: not a decimal integer", name, v)
	}
	return n
}

type job struct {
	doc  *Doc
	path string
	err  error
}

func TestDifferential(t *testing.T) {
	docs := int(envInt(t, "DIFF_DOCS", defaultDocs))
	seed := envInt(t, "DIFF_SEED", time.Now().UnixNano())
	only := int(envInt(t, "DIFF_ONLY", -1))
	t.Logf("seed %d; replay with DIFF_SEED=%d DIFF_DOCS=%d", seed, seed, docs)

	orc, err := startOracle()
	if err != nil {
		t.Fatal(err)
	}
	defer orc.cmd.Process.Kill()
	root := t.TempDir()
	for _, d := range docDirs {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}

	start := time.Now()
	jobs := make(chan job, 8)
	go func() {
		defer close(jobs)
		defer orc.stdin.Close()
		for i := 0; i < docs; i++ {
			if only >= 0 && i != only {
				continue
			}
			d := Generate(seed, i)
			path := filepath.Join(docDir(root, d), fmt.Sprintf("d%05d.ini", i))
			if err := os.WriteFile(path, d.Text, 0o644); err != nil {
				jobs <- job{err: err}
				return
			}
			if err := orc.send(request{ID: i, Path: path, Measure: true, Ops: d.Ops, Final: d.Final}); err != nil {
				jobs <- job{err: fmt.Errorf("sending document %d to the oracle: %v", i, err)}
				return
			}
			jobs <- job{doc: d, path: path}
		}
	}()

	var (
		count, bad, limitAgree, checks int
		version                        string
		cats                           = map[string]int{}
		regimes                        = map[regime]int{}
		readErrors                     = map[string]int{}
		shown, unplanned               int
		slowest                        time.Duration
		slowDoc                        *Doc
	)
	for j := range jobs {
		if j.err != nil {
			t.Fatal(j.err)
		}
		ans, err := orc.receive()
		if err != nil {
			t.Fatal(err)
		}
		if ans.ID != j.doc.Index {
			t.Fatalf("the oracle answered document %d for %d", ans.ID, j.doc.Index)
		}
		version = ans.Version
		count++
		regimes[j.doc.Regime]++
		if ans.ReadError != nil {
			readErrors[ans.ReadError.Error]++
			if len(j.doc.Faults) == 0 {
				unplanned++
			}
		}
		c := &checker{doc: j.doc, path: j.path, here: filepath.Dir(j.path)}
		t0 := time.Now()
		c.compare(ans)
		if d := time.Since(t0); d > slowest {
			slowest, slowDoc = d, j.doc
		}
		checks += c.checks
		limitAgree += c.limitAgree
		if len(c.dis) > 0 {
			bad++
			seen := map[string]bool{}
			for _, d := range c.dis {
				if !seen[d.cat] {
					cats[d.cat]++
					seen[d.cat] = true
				}
			}
			if shown < 10 {
				shown++
				t.Error(report(seed, j.doc, j.path, c.dis))
			} else {
				t.Errorf("document %d (seed %d, DIFF_ONLY=%d): %d disagreements, first: %s: CPython %s, library %s",
					j.doc.Index, seed, j.doc.Index, len(c.dis), c.dis[0].where, c.dis[0].py, c.dis[0].lib)
			}
		}
		os.Remove(j.path)
	}
	if err := orc.close(); err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)

	t.Logf("CPython %s; %d checks in %.1fs", version, checks, elapsed.Seconds())
	t.Logf("regimes: %s", countString(regimes))
	if slowDoc != nil {
		t.Logf("slowest comparison: document %d (%s, %d bytes), %.2fs", slowDoc.Index, slowDoc.Regime, len(slowDoc.Text), slowest.Seconds())
	}
	t.Logf("documents CPython refuses: %s (%d of them without a drawn fault)", countString(readErrors), unplanned)
	if bad > 0 {
		t.Logf("documents in disagreement, by kind of check: %s", countString(cats))
	}
	// Where CPython's expansion exceeds MaxValueSize, the library's
	// LimitError counts as agreement: said on its own line.
	fmt.Printf("differential limits: %d LimitError answers counted as agreement (CPython expands past MaxValueSize)\n", limitAgree)
	fmt.Printf("differential: %d documents, seed %d, %d disagreements\n", count, seed, bad)
}

func countString[K ~string](m map[K]int) string {
	if len(m) == 0 {
		return "none"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, string(k))
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[K(k)])
	}
	return strings.Join(parts, ", ")
}

// report describes a document in disagreement: how to replay it, where a
// copy is kept, its text (long ones cut) and the disagreements.
func report(seed int64, d *Doc, path string, dis []disagreement) string {
	var b strings.Builder
	fmt.Fprintf(&b, "document %d disagrees (run seed %d, replay: DIFF_SEED=%d DIFF_DOCS=%d DIFF_ONLY=%d); regime %s, faults %v, %d bytes, here=%s\n",
		d.Index, seed, seed, d.Index+1, d.Index, d.Regime, d.Faults, len(d.Text), filepath.Dir(path))
	if kept := keep(seed, d); kept != "" {
		fmt.Fprintf(&b, "a copy: %s\n", kept)
	}
	b.WriteString(showDoc(d.Text))
	if len(d.Ops) > 0 {
		b.WriteString("ops:\n")
		for i, op := range d.Ops {
			fmt.Fprintf(&b, "  %d %s(%q, %q, %q)\n", i, op.Op, op.Section, op.Name, op.Value)
		}
	}
	for i, x := range dis {
		if i == 12 {
			fmt.Fprintf(&b, "… and %d more\n", len(dis)-i)
			break
		}
		fmt.Fprintf(&b, "[%s] %s\n    CPython: %s\n    library: %s\n", x.cat, x.where, x.py, x.lib)
	}
	return b.String()
}

// keep writes a failing document to $DIFF_KEEP (default: a directory under
// the system's temporary directory) and returns its path.
func keep(seed int64, d *Doc) string {
	dir := os.Getenv("DIFF_KEEP")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "koanf-alembic-difftest")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return ""
	}
	p := filepath.Join(dir, fmt.Sprintf("seed%d-doc%d.ini", seed, d.Index))
	if os.WriteFile(p, d.Text, 0o644) != nil {
		return ""
	}
	return p
}

// showDoc prints a document line by line, quoted (so that whitespace and
// line ends show), numbered as CPython numbers lines; a long one is cut.
func showDoc(text []byte) string {
	var lines [][]byte
	for len(text) > 0 {
		i := bytes.IndexAny(text, "\r\n")
		if i < 0 {
			lines = append(lines, text)
			break
		}
		n := i + 1
		if text[i] == '\r' && i+1 < len(text) && text[i+1] == '\n' {
			n++
		}
		lines = append(lines, text[:n])
		text = text[n:]
	}
	var b strings.Builder
	line := func(i int) {
		s := string(lines[i])
		q := strconv.Quote(clip(s, 240))
		fmt.Fprintf(&b, "%6d %s\n", i+1, q)
	}
	if len(lines) <= 80 {
		for i := range lines {
			line(i)
		}
		return b.String()
	}
	for i := 0; i < 50; i++ {
		line(i)
	}
	fmt.Fprintf(&b, "       … %d lines left out …\n", len(lines)-70)
	for i := len(lines) - 20; i < len(lines); i++ {
		line(i)
	}
	return b.String()
}
