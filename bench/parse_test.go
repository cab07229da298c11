package bench

import (
	"testing"
	"testing/fstest"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
)

// impl is one implementation under test in BenchmarkParse.
type impl struct {
	name  string
	parse func(src []byte) error
	// use reports whether the implementation runs on the input.
	use func(in input) bool
}

func always(input) bool { return true }

var impls = []impl{
	{name: "configparser", parse: parseConfigparser, use: always},
	{name: "iniv1-buf4k", use: always, parse: func(src []byte) error {
		_, err := parseIniv1(src, 0)
		return err
	}},
	{name: "iniv1-bigbuf", use: func(in input) bool { return in.iniv1BigBuf }, parse: func(src []byte) error {
		_, err := parseIniv1(src, len(src)+1)
		return err
	}},
}

// BenchmarkParse measures parsing bytes already in memory into each
// implementation's model: BenchmarkParse/<input>/<impl>.
func BenchmarkParse(b *testing.B) {
	for _, in := range inputs() {
		b.Run(in.name, func(b *testing.B) {
			for _, im := range impls {
				if !im.use(in) {
					continue
				}
				b.Run(im.name, func(b *testing.B) {
					src := load(b, in)
					if err := im.parse(src); err != nil {
						b.Fatal(err)
					}
					b.SetBytes(int64(len(src)))
					b.ReportAllocs()
					b.ResetTimer()
					for range b.N {
						if err := im.parse(src); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}

// here is the "here" default of the lookup benchmarks: the directory of
// the ini file, as Alembic sets it.
const here = "/srv/app"

// BenchmarkTemplateGetMainOption measures, from the template's bytes in
// memory, what Alembic's Config(file).get_main_option("sqlalchemy.url")
// does after the read: parse, install the "here" default, one lookup.
func BenchmarkTemplateGetMainOption(b *testing.B) {
	lookups := []struct {
		name string
		get  func(src []byte) (string, error)
	}{
		{"configparser", func(src []byte) (string, error) { return mainOptionConfigparser(src, here) }},
		{"iniv1-buf4k", func(src []byte) (string, error) { return mainOptionIniv1(src, 0, here) }},
		{"iniv1-bigbuf", func(src []byte) (string, error) { return mainOptionIniv1(src, len(src)+1, here) }},
		{"facade-fs", func(src []byte) (string, error) { return mainOptionFacadeFS(src, here) }},
	}
	src := load(b, inputs()[0])
	for _, l := range lookups {
		b.Run(l.name, func(b *testing.B) {
			v, err := l.get(src)
			if err != nil {
				b.Fatal(err)
			}
			if v == "" {
				b.Fatal("sqlalchemy.url is empty")
			}
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if _, err := l.get(src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// mainOptionFacadeFS is a fresh alembiccfg.Config over the bytes in memory
// (Options.FS) and one MainOption: the facade's in-memory path.
func mainOptionFacadeFS(src []byte, here string) (string, error) {
	cfg := alembiccfg.New(alembiccfg.Options{FS: fstest.MapFS{"alembic.ini": {Data: src}}, File: "alembic.ini", Dir: here})
	v, _, err := cfg.MainOption("sqlalchemy.url")
	return v, err
}
