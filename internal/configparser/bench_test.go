package configparser

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// synthetic returns an INI text of about size bytes in the shape of the
// benchmark inputs (bench/ has the full generator and the comparisons).
func synthetic(size int) []byte {
	var b strings.Builder
	for s := 0; b.Len() < size; s++ {
		fmt.Fprintf(&b, "[section_%d]\n", s)
		for o := 0; o < 12; o++ {
			switch o % 10 {
			case 3:
				fmt.Fprintf(&b, "# comment about option %d\n", o)
			case 5:
				fmt.Fprintf(&b, "opt_%d = first line of a long value\n    second line of it\n    third line\n", o)
			case 7:
				fmt.Fprintf(&b, "opt_%d = %%(opt_1)s/with/a/reference/and/some/more/text\n", o)
			}
			fmt.Fprintf(&b, "opt.key_%d = value number %d of section %d, with some padding text\n", o, o, s)
		}
		b.WriteString("\n")
	}
	return []byte(b.String())
}

func BenchmarkParse(b *testing.B) {
	for _, size := range []int{4 << 10, 1 << 20, 20 << 20} {
		src := synthetic(size)
		b.Run(fmt.Sprintf("%dKB", size>>10), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse("bench.ini", src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkGet(b *testing.B) {
	p := NewParser()
	doc, err := Parse("bench.ini", synthetic(4<<10))
	if err != nil {
		b.Fatal(err)
	}
	p.Read(doc, nil)
	b.ReportAllocs()
	for b.Loop() {
		if _, ok, err := p.Get("section_0", "opt.key_4"); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}

func BenchmarkParseTemplate(b *testing.B) {
	src, err := os.ReadFile("../../examples/quickstart/alembic.ini")
	if err != nil {
		b.Skip(err)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("alembic.ini", src); err != nil {
			b.Fatal(err)
		}
	}
}
