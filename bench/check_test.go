package bench

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/koanf-alembic/koanf-alembic/internal/configparser"
)

// TestInputsParse checks that every input parses with every implementation
// that runs on it, and that the template answers the lookup benchmark.
func TestInputsParse(t *testing.T) {
	for _, in := range inputs() {
		if in.size > 20*mib && testing.Short() {
			continue
		}
		src := load(t, in)
		for _, im := range impls {
			if !im.use(in) || (testing.Short() && in.size >= 20*mib && im.name != "configparser") {
				continue
			}
			if err := im.parse(src); err != nil {
				t.Errorf("%s/%s: %v", in.name, im.name, err)
			}
		}
	}
	t.Logf("template: %s", templatePath(t))
	src := load(t, inputs()[0])
	want, err := mainOptionConfigparser(src, here)
	if err != nil || want == "" {
		t.Fatalf("configparser: sqlalchemy.url = %q, %v; want a value", want, err)
	}
	for _, n := range []int{0, len(src) + 1} {
		if v, err := mainOptionIniv1(src, n, here); err != nil || v != want {
			t.Errorf("ini.v1 buffer %d: sqlalchemy.url = %q, %v; configparser has %q", n, v, err, want)
		}
	}
}

// TestIniv1Fidelity logs how many raw values ini.v1 reads differently from
// the engine on the generated 64KB input, with each read buffer (it asserts
// nothing: the numbers explain the iniv1-buf4k rows of the benchmarks).
func TestIniv1Fidelity(t *testing.T) {
	src := load(t, input{name: "64KB", size: 64 * kib})
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

// TestPeakHeap logs the heap the engine needs for the 20MB input, as ratios
// to the file size (DESIGN.md §8 asks peak heap ≤ 3× file size). It asserts
// nothing; -short skips it. Three figures:
//   - retained: live heap after a GC with the Document still reachable;
//   - allocated: bytes allocated by one parse (an upper bound on the peak
//     with the collector off);
//   - peak: the largest heap-objects size sampled every 50µs during a
//     parse with the collector on at GOGC=100 (garbage included, so it
//     depends on GOGC).
func TestPeakHeap(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	src := load(t, input{name: "20MB", size: 20 * mib})
	size := float64(len(src))

	// retained and allocated, collector off during the parse.
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	old := debug.SetGCPercent(-1)
	doc, err := configparser.Parse("20MB", src)
	runtime.ReadMemStats(&after)
	debug.SetGCPercent(old)
	if err != nil {
		t.Fatal(err)
	}
	allocated := after.TotalAlloc - before.TotalAlloc
	runtime.GC()
	var live runtime.MemStats
	runtime.ReadMemStats(&live)
	retained := int64(live.HeapAlloc) - int64(before.HeapAlloc)
	runtime.KeepAlive(doc)
	doc = nil

	// peak, sampled.
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	base := sample[0].Value.Uint64()
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		tick := time.NewTicker(50 * time.Microsecond)
		defer tick.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	doc, err = configparser.Parse("20MB", src)
	close(stop)
	<-done
	if err != nil {
		t.Fatal(err)
	}
	runtime.KeepAlive(doc)
	peakDelta := int64(peak.Load()) - int64(base)

	t.Logf("20MB input (%d bytes): retained %.2f× (%d B), allocated %.2f× (%d B), sampled peak %.2f× (%d B) at GOGC=100",
		len(src), float64(retained)/size, retained, float64(allocated)/size, allocated, float64(peakDelta)/size, peakDelta)
}
