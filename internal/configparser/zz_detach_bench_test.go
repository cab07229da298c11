package configparser

import (
	"os"
	"testing"
)

func BenchmarkTemplateDetach(b *testing.B) {
	src, err := os.ReadFile("../../examples/quickstart/alembic.ini")
	if err != nil {
		b.Fatal(err)
	}
	for _, detach := range []bool{false, true} {
		name := "parse"
		if detach {
			name = "parse+detach"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				d, _ := Parse("a.ini", src)
				if detach {
					d.Detach()
				}
			}
		})
	}
}
