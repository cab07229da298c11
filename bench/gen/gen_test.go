package gen_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/koanf-alembic/koanf-alembic/bench/gen"
	"github.com/koanf-alembic/koanf-alembic/internal/configparser"
)

var sizes = []int{1 << 10, 4 << 10, 64 << 10, 1 << 20}

func TestDeterministic(t *testing.T) {
	for _, size := range sizes {
		a, b := gen.Generate(size, 1), gen.Generate(size, 1)
		if !bytes.Equal(a, b) {
			t.Errorf("size %d: two runs differ", size)
		}
		if c := gen.Generate(size, 2); bytes.Equal(a, c) {
			t.Errorf("size %d: seeds 1 and 2 give the same document", size)
		}
	}
}

// TestGolden pins the bytes of one input, so that a change to the generator
// (which would make published figures incomparable) is deliberate.
func TestGolden(t *testing.T) {
	sum := sha256.Sum256(gen.Generate(64<<10, 1))
	const want = "5662fe50aa55d7f267e831d9587260d0c74d8c67cf335194600101e79dc5d10d"
	if got := hex.EncodeToString(sum[:]); got != want {
		t.Errorf("sha256 of Generate(64<<10, 1) = %s, want %s; if the generator changed on purpose, update want and the README figures", got, want)
	}
}

func TestSize(t *testing.T) {
	all := append(sizes, 20<<20)
	if testing.Short() {
		all = sizes
	}
	for _, size := range all {
		for seed := range uint64(20) {
			n := len(gen.Generate(size, seed))
			if d := float64(n-size) / float64(size); d < -0.05 || d > 0.05 {
				t.Errorf("Generate(%d, %d): %d bytes, %+.1f%%", size, seed, n, 100*d)
			}
			if size >= 1<<20 {
				break // one seed is enough for the large sizes
			}
		}
	}
}

// TestShape parses generated documents with the engine and checks the
// promised shape: every value interpolates, sections have 8–16 options,
// value lines are 10–120 bytes, and the proportions are about right.
func TestShape(t *testing.T) {
	for _, size := range sizes {
		for seed := range uint64(5) {
			t.Run(fmt.Sprintf("%d/%d", size, seed), func(t *testing.T) {
				checkShape(t, size, seed)
			})
		}
	}
}

func checkShape(t *testing.T, size int, seed uint64) {
	src := gen.Generate(size, seed)
	doc, err := configparser.Parse("gen", src)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Sections) == 0 || doc.Sections[0].Name != "alembic" || doc.Sections[0].Options[0].Name != "sqlalchemy.url" {
		t.Fatalf("document does not open with [alembic] sqlalchemy.url")
	}
	if len(doc.Defaults) != 0 {
		t.Errorf("document has %d defaults", len(doc.Defaults))
	}
	p := configparser.NewParser()
	if err := p.ReadDefaults([]configparser.KeyValue{{Key: "here", Value: "/srv/app"}}); err != nil {
		t.Fatal(err)
	}
	p.Read(doc, nil)
	var options, multi, refs int
	for _, s := range doc.Sections {
		if n := len(s.Options); n < gen.MinOptions || n > gen.MaxOptions {
			t.Errorf("[%s]: %d options", s.Name, n)
		}
		for _, o := range s.Options {
			options++
			if strings.Contains(o.Value, "\n") {
				multi++
				if c := strings.Count(o.Value, "\n"); c < gen.MinContLine || c > gen.MaxContLine {
					t.Errorf("[%s] %s: %d continuation lines", s.Name, o.Name, c)
				}
			}
			if strings.Contains(o.Value, "%(") {
				refs++
			}
			for _, l := range strings.Split(o.Value, "\n") {
				if len(l) < gen.MinValue || len(l) > gen.MaxValue {
					t.Errorf("[%s] %s: value line of %d bytes: %q", s.Name, o.Name, len(l), l)
				}
			}
			if _, _, err := p.Get(s.Name, o.Name); err != nil {
				t.Errorf("[%s] %s: %v", s.Name, o.Name, err)
			}
		}
	}
	var comments int
	for _, l := range bytes.Split(src, []byte("\n")) {
		if len(l) > 0 && (l[0] == '#' || l[0] == ';') {
			comments++
		}
	}
	if size < 64<<10 {
		return // too few options for proportions
	}
	near := func(what string, n int, want float64) {
		if r := float64(n) / float64(options); r < want*0.7 || r > want*1.3 {
			t.Errorf("%s: %d of %d options (%.3f), want about %.2f", what, n, options, r, want)
		}
	}
	near("multi-line values", multi, 0.1)
	near("references", refs, 0.2)
	near("comment lines", comments, 0.1)
}

// TestShapes checks the two extra shapes (one option per section, wide
// sections) with the engine and pins their bytes.
func TestShapes(t *testing.T) {
	many := gen.ManySections(1000, 1)
	doc, err := configparser.Parse("many", many)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Sections) != 1000 || doc.Sections[0].Name != "alembic" || doc.Sections[0].Options[0].Name != "sqlalchemy.url" {
		t.Fatalf("ManySections(1000): %d sections, first %q", len(doc.Sections), doc.Sections[0].Name)
	}
	for _, s := range doc.Sections {
		if len(s.Options) != 1 {
			t.Errorf("[%s]: %d options", s.Name, len(s.Options))
		}
		if l := len(s.Options[0].Value); s.Name != "alembic" && (l < 3 || l > 8) {
			t.Errorf("[%s]: value of %d bytes", s.Name, l)
		}
	}
	if !bytes.Equal(many, gen.ManySections(1000, 1)) {
		t.Error("ManySections: two runs differ")
	}

	const size = 256 << 10
	wide := gen.WideSections(size, 500, 1)
	if len(wide) < size || len(wide) > size+500*(gen.MaxValue+20) {
		t.Errorf("WideSections(%d): %d bytes", size, len(wide))
	}
	doc, err = configparser.Parse("wide", wide)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Sections[0].Name != "alembic" || doc.Sections[0].Options[0].Name != "sqlalchemy.url" {
		t.Fatal("WideSections does not open with [alembic] sqlalchemy.url")
	}
	for _, s := range doc.Sections {
		if len(s.Options) != 500 {
			t.Errorf("[%s]: %d options", s.Name, len(s.Options))
		}
	}

	for _, c := range []struct {
		name string
		src  []byte
		want string
	}{
		{"ManySections(1000, 1)", many, "30d6dbffef666172f09b66341543e2c722bc37a3f615faa95f67c881caa0bd3b"},
		{"WideSections(256<<10, 500, 1)", wide, "276320267e596b22f54d18f7828fb79811582a250dcae6703493eff4a200b20f"},
	} {
		sum := sha256.Sum256(c.src)
		if got := hex.EncodeToString(sum[:]); got != c.want {
			t.Errorf("sha256 of %s = %s, want %s; if the generator changed on purpose, update want and the README figures", c.name, got, c.want)
		}
	}
}
