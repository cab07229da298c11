package bench

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/koanf-alembic/koanf-alembic/bench/gen"
	"github.com/koanf-alembic/koanf-alembic/internal/configparser"
)

// TestInputsParse checks that every input up to 1 MB (all with
// BENCH_TEST_LARGE=1) parses with every implementation that runs on it.
func TestInputsParse(t *testing.T) {
	for _, in := range allInputs {
		if in.size > mib && os.Getenv("BENCH_TEST_LARGE") != "1" {
			continue
		}
		src := load(t, in)
		for _, im := range impls {
			if !im.use(in) {
				continue
			}
			if _, err := im.prepare(src)(); err != nil {
				t.Errorf("%s/%s: %v", in.name, im.name, err)
			}
		}
	}
}

// TestTemplateValue checks that every row of BenchmarkLoadTemplate and
// BenchmarkLoadTemplateBytes reads the same sqlalchemy.url.
func TestTemplateValue(t *testing.T) {
	want, err := mainOptionEngine(template(t))
	if err != nil || want == "" {
		t.Fatalf("engine: sqlalchemy.url = %q, %v; want a value", want, err)
	}
	path := absPath(t, templatePath)
	tomlPath = absPath(t, templateTOMLPath)
	for _, l := range loadTemplateImpls {
		v, err := l.load(path)
		if l.name == "readfile" {
			v = want
		}
		if err != nil || v != want {
			t.Errorf("LoadTemplate/%s: %q, %v; want %q", l.name, v, err, want)
		}
	}
	for _, l := range loadTemplateBytesImpls {
		if v, err := l.prepare(template(t))(); err != nil || v != want {
			t.Errorf("LoadTemplateBytes/%s: %q, %v; want %q", l.name, v, err, want)
		}
	}
}

// TestHeapOf checks the heap measurement of BenchmarkParse on the 1MB
// input: the model is retained, and one parse allocates at least what it
// retains.
func TestHeapOf(t *testing.T) {
	src := load(t, allInputs[3])
	h, err := heapOf(func() (any, error) { return parseEngine(src) })
	if err != nil {
		t.Fatal(err)
	}
	if h.retained <= 0 || uint64(h.retained) > h.peak+64*kib {
		t.Errorf("engine on 1MB: retained %d B, peak %d B", h.retained, h.peak)
	}
	t.Logf("engine on 1MB (%d B): peak %.2f×, retained %.2f×", len(src),
		float64(h.peak)/float64(len(src)), float64(h.retained)/float64(len(src)))
}

// TestIniv1Fidelity logs how many raw values ini.v1 reads differently from
// the engine on the generated 64KB input, with each read buffer (it asserts
// nothing: the numbers explain the iniv1-buf4k rows of the benchmarks).
func TestIniv1Fidelity(t *testing.T) {
	src := load(t, allInputs[2])
	doc, err := configparser.Parse("64KB", src)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{0, len(src) + 1} {
		f, err := parseIniv1(src, n)
		if err != nil {
			t.Fatal(err)
		}
		total, exact, stripped := 0, 0, 0
		for _, s := range doc.Sections {
			sec := f.Section(s.Name)
			for _, o := range s.Options {
				total++
				got := ""
				if k, err := sec.GetKey(o.Name); err == nil {
					got = k.Value()
				}
				if got == o.Value {
					exact++
				}
				// ini.v1 keeps the indentation of continuation lines.
				if stripLines(got) == o.Value {
					stripped++
				}
			}
		}
		t.Logf("ini.v1 read buffer %d: %d options, %d equal, %d equal after stripping continuation lines",
			n, total, exact, stripped)
	}
}

// TestIniv1LongValue logs what ini.v1 keeps of one multi-line value larger
// than its 4 KB default read buffer (the generated inputs have none: their
// values stay under 1 KB, so iniv1-buf4k reads them whole).
func TestIniv1LongValue(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("[alembic]\nlong = first\n")
	for range 80 {
		sb.WriteString("    " + strings.Repeat("x", 95) + "\n")
	}
	sb.WriteString("after = 1\n")
	src := []byte(sb.String())
	doc, err := configparser.Parse("long", src)
	if err != nil {
		t.Fatal(err)
	}
	want := doc.Sections[0].Options[0].Value
	for _, n := range []int{0, len(src) + 1} {
		f, err := parseIniv1(src, n)
		if err != nil {
			t.Logf("ini.v1 read buffer %d: %v", n, err)
			continue
		}
		got := stripLines(f.Section("alembic").Key("long").Value())
		t.Logf("ini.v1 read buffer %d: value of %d bytes read as %d bytes (equal: %v); keys %v",
			n, len(want), len(got), got == want, f.Section("alembic").KeyStrings())
	}
}

func stripLines(s string) string {
	lines := strings.Split(s, "\n")
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	return strings.Join(lines, "\n")
}

// TestIniv1Sections logs how ini.v1's time grows with the number of
// sections (one option each): quadratic, because File.NewSection scans
// the list of earlier section names. It asserts nothing; it is why ini.v1
// and viper do not run on the 1Msections input.
func TestIniv1Sections(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	for _, n := range []int{2500, 5000, 10000} {
		src := gen.ManySections(n, seed)
		start := time.Now()
		if _, err := parseIniv1(src, 0); err != nil {
			t.Fatal(err)
		}
		d := time.Since(start)
		t.Logf("ini.v1, %d sections: %v (%.0f ns per section)", n, d, float64(d.Nanoseconds())/float64(n))
	}
}
