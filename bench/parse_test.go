package bench

import (
	"runtime"
	"runtime/debug"
	"sync"
	"testing"
)

// impl is one implementation under test in BenchmarkParse.
type impl struct {
	name string
	// prepare returns the parse of src, with what it needs from src made
	// beforehand (the facade's fs.FS, as a program's embed.FS is made at
	// build time), so that each call measures the parse alone.
	prepare func(src []byte) func() (any, error)
	// use reports whether the implementation runs on the input; where it
	// does not, the README says why.
	use func(in input) bool
}

func always(input) bool { return true }

// upTo runs an implementation on inputs of at most n bytes (the template
// included).
func upTo(n int) func(input) bool {
	return func(in input) bool { return in.size <= n }
}

// notManySections keeps ini.v1 (and viper, which reads through it) off
// the one-million-sections input: ini.v1's File.NewSection looks each new
// name up in a slice of all the earlier ones (inSlice, file.go:96 in
// v1.67.3), so it is quadratic in the number of sections
// (TestIniv1Sections logs it; 1,000,000 sections would take hours).
func notManySections(in input) bool { return in.name != "1Msections" }

var impls = []impl{
	{name: "engine", prepare: each(parseEngine), use: always},
	{name: "alembiccfg", prepare: parseFacade, use: always},
	{name: "iniv1-buf4k", use: notManySections, prepare: each(func(src []byte) (any, error) {
		return parseIniv1(src, 0)
	})},
	// Quadratic (197 s for 20 MB, 1.6 s for 2 MB of the 500opts shape): up
	// to 1 MB only.
	{name: "iniv1-bigbuf", use: upTo(mib), prepare: each(func(src []byte) (any, error) {
		return parseIniv1(src, len(src)+1)
	})},
	{name: "viper", prepare: each(parseViper), use: notManySections},
}

// BenchmarkParse measures parsing bytes already in memory into each
// implementation's model: BenchmarkParse/<input>/<impl>. b.SetBytes gives
// MB/s. From 64 KB up it reports the heap one parse needs, as ratios to the
// input size (heapOf): peak-B/B and retained-B/B.
func BenchmarkParse(b *testing.B) {
	for _, in := range inputs() {
		b.Run(in.name, func(b *testing.B) {
			for _, im := range impls {
				if !im.use(in) {
					continue
				}
				b.Run(im.name, func(b *testing.B) {
					src := load(b, in)
					parse := im.prepare(src)
					var h heap
					if in.size >= 64*kib {
						var err error
						if h, err = heapOnce(in.name+"/"+im.name, parse); err != nil {
							b.Fatal(err)
						}
					} else if _, err := parse(); err != nil {
						b.Fatal(err)
					}
					b.SetBytes(int64(len(src)))
					b.ReportAllocs()
					b.ResetTimer()
					for range b.N {
						if _, err := parse(); err != nil {
							b.Fatal(err)
						}
					}
					if in.size >= 64*kib { // after the loop: ResetTimer drops metrics
						b.ReportMetric(float64(h.peak)/float64(len(src)), "peak-B/B")
						b.ReportMetric(float64(h.retained)/float64(len(src)), "retained-B/B")
					}
				})
			}
		})
	}
}

// heap is what one parse needs above the heap before it, in bytes.
type heap struct {
	// peak bounds the peak from above: the bytes allocated by one parse
	// with the collector off, which is the heap's growth during the parse
	// when nothing is collected (garbage included).
	peak uint64
	// retained is the live heap after a collection with the parsed model
	// still reachable: what the model keeps, a lower bound of the peak.
	retained int64
}

// heapOf measures one call of parse (see heap). It is deterministic: the
// same code allocates the same bytes, whatever the rest of the process.
func heapOf(parse func() (any, error)) (heap, error) {
	runtime.GC()
	var before, after, live runtime.MemStats
	runtime.ReadMemStats(&before)
	old := debug.SetGCPercent(-1)
	model, err := parse()
	runtime.ReadMemStats(&after)
	debug.SetGCPercent(old)
	runtime.GC()
	runtime.ReadMemStats(&live)
	runtime.KeepAlive(model)
	return heap{
		peak:     after.TotalAlloc - before.TotalAlloc,
		retained: int64(live.HeapAlloc) - int64(before.HeapAlloc),
	}, err
}

var (
	heapMu    sync.Mutex
	heapCache = map[string]heap{}
)

// heapOnce measures a benchmark's heap at its first run only (the
// benchmark function runs several times with growing b.N).
func heapOnce(key string, parse func() (any, error)) (heap, error) {
	heapMu.Lock()
	defer heapMu.Unlock()
	if h, ok := heapCache[key]; ok {
		return h, nil
	}
	h, err := heapOf(parse)
	if err == nil {
		heapCache[key] = h
	}
	return h, err
}
