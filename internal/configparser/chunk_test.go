package configparser

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
)

// The lexer stores the sections' options in chunks (firstChunk, doubling
// up to maxChunk, a section moving into the next chunk when one fills) and
// joins multi-line values into shared buffers of joinChunk bytes. These
// tests pin both around their thresholds: every option keeps its name,
// value, line and span whatever chunk or buffer it ended up in.

// wantOption is what the lexer must give for one option of docBuilder.
type wantOption struct {
	section, name, value string
	line, start, end     int
}

// docBuilder writes an INI text and records what each option must read as.
type docBuilder struct {
	b    strings.Builder
	line int
	eol  string
	want []wantOption
}

func (d *docBuilder) raw(s string) {
	d.b.WriteString(s + d.eol)
	d.line++
}

// option writes "NAME = first" and its continuation lines (indented; ""
// for a blank line inside the value).
func (d *docBuilder) option(section, name, first string, more ...string) {
	start := d.b.Len()
	d.b.WriteString(name + " = " + first)
	end := d.b.Len()
	d.line++
	line := d.line
	value := first
	kept := 0
	for i, m := range more {
		if m != "" {
			kept = i + 1
		}
	}
	for i, m := range more {
		d.b.WriteString(d.eol)
		if m != "" {
			d.b.WriteString("    " + m)
		}
		d.line++
		if i < kept {
			value += "\n" + m
			if m != "" {
				end = d.b.Len()
			}
		}
	}
	d.b.WriteString(d.eol)
	d.want = append(d.want, wantOption{section, strings.ToLower(name), value, line, start, end})
}

func (d *docBuilder) check(t *testing.T) {
	t.Helper()
	src := d.b.String()
	doc, err := Parse("x.ini", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	i := 0
	for _, s := range doc.Sections {
		for _, o := range s.Options {
			if i >= len(d.want) {
				t.Fatalf("more options than written: [%s] %s", s.Name, o.Name)
			}
			w := d.want[i]
			if s.Name != w.section || o.Name != w.name || o.Value != w.value || int(o.Line) != w.line || int(o.Start) != w.start || int(o.End) != w.end {
				t.Fatalf("option %d: [%s] %s = %q line %d span %d-%d; want [%s] %s = %q line %d span %d-%d",
					i, s.Name, o.Name, o.Value, o.Line, o.Start, o.End, w.section, w.name, w.value, w.line, w.start, w.end)
			}
			if got := src[o.Start:o.End]; !strings.HasPrefix(got, w.name+" = ") && !strings.HasPrefix(strings.ToLower(got), w.name+" = ") {
				t.Fatalf("option %d: span %q does not start with its line", i, got)
			}
			i++
		}
	}
	if i != len(d.want) {
		t.Fatalf("%d options read, %d written", i, len(d.want))
	}
}

// Sections of every size around the chunk sizes, in files that cross the
// chunk boundaries at every offset within a section, and a section larger
// than maxChunk.
func TestOptionChunks(t *testing.T) {
	sizes := []int{1, firstChunk - 1, firstChunk, firstChunk + 1, 2*firstChunk + 1, linearLimit + 1, maxChunk - 1, maxChunk, maxChunk + 1, 2*maxChunk + 3}
	for _, eol := range []string{"\n", "\r\n", "\r"} {
		for _, size := range sizes {
			for _, lead := range []int{0, 1, firstChunk - 1, firstChunk + 5} {
				t.Run(fmt.Sprintf("%q/lead%d/size%d", eol, lead, size), func(t *testing.T) {
					d := &docBuilder{eol: eol}
					if lead > 0 {
						d.raw("[lead]")
						for i := 0; i < lead; i++ {
							d.option("lead", fmt.Sprintf("l%d", i), fmt.Sprint(i))
						}
					}
					d.raw("[DEFAULT]")
					d.option("DEFAULT", "d", "in the defaults, not a section")
					d.want = d.want[:len(d.want)-1]
					d.raw("[big]")
					for i := 0; i < size; i++ {
						d.option("big", fmt.Sprintf("Opt%d", i), fmt.Sprintf("v%d", i))
					}
					for s := 0; s < 40; s++ {
						name := fmt.Sprintf("s%d", s)
						d.raw("[" + name + "]")
						for i := 0; i < s%13; i++ {
							d.option(name, fmt.Sprintf("k%d", i), fmt.Sprintf("%d.%d", s, i), "more")
						}
					}
					d.check(t)
				})
			}
		}
	}
}

// Multi-line values around the size of the join buffers: many small ones
// that fill buffers to every offset, one larger than a buffer, trailing
// blank lines dropped, blank lines inside kept.
func TestJoinedValues(t *testing.T) {
	for _, eol := range []string{"\n", "\r\n", "\r"} {
		for _, piece := range []int{1, 7, 100, joinChunk/2 - 1, joinChunk / 2, joinChunk, joinChunk + 1} {
			t.Run(fmt.Sprintf("%q/%d", eol, piece), func(t *testing.T) {
				d := &docBuilder{eol: eol}
				d.raw("[s]")
				for i := 0; i < 3*joinChunk/(piece+8)+3; i++ {
					p := strings.Repeat(string(rune('a'+i%26)), piece)
					switch i % 4 {
					case 0:
						d.option("s", fmt.Sprintf("o%d", i), p, p)
					case 1:
						d.option("s", fmt.Sprintf("o%d", i), "", p, "", "x", "", "")
					case 2:
						d.option("s", fmt.Sprintf("o%d", i), p, "", "")
					default:
						d.option("s", fmt.Sprintf("o%d", i), p[:len(p)/2], p, p[len(p)/2:])
					}
				}
				d.check(t)
			})
		}
	}
}

// The key scan decides whether a name needs lower-casing: ASCII capitals,
// non-ASCII letters (İ, final Σ) and names already lower-cased.
func TestOptionNameCase(t *testing.T) {
	for _, tt := range []struct{ key, name string }{
		{"plain", "plain"}, {"sqlalchemy.url", "sqlalchemy.url"}, {"Script_Location", "script_location"},
		{"ZZ", "zz"}, {"@[`{", "@[`{"}, {"İx", "i\u0307x"}, {"AΣ", "aς"}, {"ΣA", "σa"}, {"é", "é"}, {"É", "é"},
		{"a b  ", "a b"}, {"k\u00a0", "k"}, {"K\u3000", "k"},
	} {
		doc, err := Parse("x.ini", []byte("[s]\n"+tt.key+"= v\n"))
		if err != nil {
			t.Fatal(err)
		}
		if got := doc.Sections[0].Options[0].Name; got != tt.name {
			t.Errorf("key %q reads as %q; want %q", tt.key, got, tt.name)
		}
	}
}

// Names whose nameKey is the same (same length, first, middle and last
// bytes: "a1b2c", "a3b4c", "A5B6C" lower-cased) are different options; a
// real duplicate among them is found, below, at and above linearLimit.
func TestNameKeyCollisions(t *testing.T) {
	if nameKey("a1b2c") != nameKey("a3b4c") || nameKey("a5b6c") != nameKey("a1b2c") || nameKey("") == nameKey("a") {
		t.Fatal("the test names no longer collide")
	}
	for _, pad := range []int{0, linearLimit - 3, linearLimit - 2, linearLimit, linearLimit + 5} {
		var b strings.Builder
		b.WriteString("[s]\n")
		for i := 0; i < pad; i++ {
			fmt.Fprintf(&b, "p%d = %d\n", i, i)
		}
		b.WriteString("a1b2c = 1\na3b4c = 2\nA5B6C = 3\n")
		doc, err := Parse("x.ini", []byte(b.String()))
		if err != nil {
			t.Fatalf("pad %d: %v", pad, err)
		}
		opts := doc.Sections[0].Options
		if len(opts) != pad+3 || opts[pad].Value != "1" || opts[pad+1].Value != "2" || opts[pad+2].Value != "3" {
			t.Fatalf("pad %d: %d options, last %+v", pad, len(opts), opts[len(opts)-1])
		}
		for _, dup := range []string{"A3B4C", "a1b2c", "a5b6c"} {
			_, err := Parse("x.ini", []byte(b.String()+dup+" = again\n"))
			var pe *alembicerr.Error
			if !errors.As(err, &pe) || pe.Kind != alembicerr.DuplicateOptionError || pe.Line != pad+5 {
				t.Fatalf("pad %d, duplicate %q: %v", pad, dup, err)
			}
		}
	}
}

// A Parser finds sections by name linearly up to linearSections and by an
// index beyond: sections added by Read (into an empty Parser and into one
// that has sections) and by AddSection are found at every size, and
// duplicates are refused.
func TestParserSectionIndex(t *testing.T) {
	for _, n := range []int{0, 1, linearSections - 1, linearSections, linearSections + 1, 3 * linearSections} {
		var b strings.Builder
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "[s%d]\nk = %d\n", i, i)
		}
		doc, err := Parse("a.ini", []byte(b.String()))
		if err != nil {
			t.Fatal(err)
		}
		p := NewParser()
		p.Read(doc, nil)
		// A second document: one section new, one merged into an old one.
		doc2, err := Parse("b.ini", []byte(fmt.Sprintf("[s0]\nk2 = merged\n[new%d]\nk = new\n", n)))
		if err != nil {
			t.Fatal(err)
		}
		p.Read(doc2, nil)
		if err := p.AddSection("added"); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < n; i++ {
			name := fmt.Sprintf("s%d", i)
			if v, ok, err := p.Get(name, "k"); !ok || err != nil || v != fmt.Sprint(i) {
				t.Fatalf("n=%d: Get(%s, k) = %q, %v, %v", n, name, v, ok, err)
			}
			if err := p.AddSection(name); !errors.Is(err, alembicerr.ErrDuplicateSection) {
				t.Fatalf("n=%d: AddSection(%s) = %v", n, name, err)
			}
		}
		if v, ok, _ := p.Get("s0", "k2"); n > 0 && (!ok || v != "merged") {
			t.Fatalf("n=%d: merged option: %q, %v", n, v, ok)
		}
		for _, name := range []string{fmt.Sprintf("new%d", n), "added"} {
			if !p.HasSection(name) {
				t.Fatalf("n=%d: section %s missing", n, name)
			}
		}
		want := n + 2
		if n == 0 {
			want = 3 // s0 came with the second document
		}
		if got := len(p.Sections()); got != want {
			t.Fatalf("n=%d: %d sections, want %d", n, got, want)
		}
		if p.HasSection("absent") || p.HasSection(DefaultSection) {
			t.Fatalf("n=%d: HasSection of a missing section", n)
		}
	}
}

// readable agrees with reading line by line and stopping at the first
// line whose break ends beyond the limit, for every limit of texts made
// of "\r", "\n" and other bytes (CRLF astride the limit included).
func TestReadable(t *testing.T) {
	ref := func(text string, limit int) int {
		last := 0
		for pos := 0; pos < len(text); {
			end := strings.IndexAny(text[pos:], "\r\n")
			next := len(text)
			if end >= 0 {
				end += pos
				next = end + 1
				if text[end] == '\r' && next < len(text) && text[next] == '\n' {
					next++
				}
			}
			if next > limit {
				break
			}
			last, pos = next, next
		}
		return last
	}
	alphabet := "\r\nx"
	for n := 0; n <= 7; n++ {
		total := 1
		for i := 0; i < n; i++ {
			total *= len(alphabet)
		}
		for k := 0; k < total; k++ {
			b := make([]byte, n)
			for i, v := 0, k; i < n; i, v = i+1, v/len(alphabet) {
				b[i] = alphabet[v%len(alphabet)]
			}
			text := string(b)
			for limit := 0; limit <= n; limit++ {
				if got, want := readable(text, limit), ref(text, limit); got != want {
					t.Fatalf("readable(%q, %d) = %d; want %d", text, limit, got, want)
				}
			}
		}
	}
}

// Blank lines inside a value are kept and those at its end dropped, with
// the span ending at the last line that is not blank, however many there
// are and whatever follows (an option, a header, a comment, the end).
func TestBlankLinesInValues(t *testing.T) {
	for _, eol := range []string{"\n", "\r\n", "\r"} {
		for blanks := 0; blanks <= 3; blanks++ {
			for _, after := range []string{"next = 1", "[t]", "# c", ""} {
				d := &docBuilder{eol: eol}
				d.raw("[s]")
				more := []string{"a"}
				for i := 0; i < blanks; i++ {
					more = append(more, "")
				}
				more = append(more, "b")
				for i := 0; i < blanks; i++ {
					more = append(more, "")
				}
				d.option("s", "k", "first", more...)
				d.option("s", "empty", "", more[1:]...)
				d.option("s", "only", "x", more[len(more)-blanks:]...)
				if after != "" {
					d.raw(after)
					if after == "next = 1" {
						d.want = append(d.want, wantOption{"s", "next", "1", d.line, d.b.Len() - len(after) - len(eol), d.b.Len() - len(eol)})
					}
				}
				d.check(t)
			}
		}
	}
}

// Sections are allocated in chunks: they are read the same whatever
// chunk they land in, with "["s in values and comments and [DEFAULT]
// headers between them.
func TestSectionPoolSizes(t *testing.T) {
	for _, n := range []int{1, 2, firstSectionChunk - 1, firstSectionChunk, firstSectionChunk + 1, 3 * firstSectionChunk,
		maxSectionChunk - 1, maxSectionChunk, maxSectionChunk + 1, 2*maxSectionChunk + 7, 5 * maxSectionChunk} {
		for _, extra := range []string{"", "v = [x] [[y]]\n", "# [c]\n", "[DEFAULT]\nd%d = [\n"} {
			var b strings.Builder
			for i := 0; i < n; i++ {
				fmt.Fprintf(&b, "[s%d]\nk = %d\n", i, i)
				if strings.Contains(extra, "%d") {
					fmt.Fprintf(&b, extra, i)
				} else {
					b.WriteString(extra)
				}
			}
			doc, err := Parse("x.ini", []byte(b.String()))
			if err != nil {
				t.Fatalf("n=%d %q: %v", n, extra, err)
			}
			if len(doc.Sections) != n {
				t.Fatalf("n=%d %q: %d sections", n, extra, len(doc.Sections))
			}
			for i, s := range doc.Sections {
				if s.Name != fmt.Sprintf("s%d", i) || s.Options[0].Value != fmt.Sprint(i) {
					t.Fatalf("n=%d %q: section %d is %q with %+v", n, extra, i, s.Name, s.Options)
				}
			}
		}
	}
}

// delimiter's table agrees with the definition on names made of the
// bytes that matter: delimiters, the ends of A-Z and their neighbours,
// ASCII's end and non-ASCII bytes.
func TestDelimiterWords(t *testing.T) {
	ref := func(s string) (int, bool) {
		cased := false
		for i := 0; i < len(s); i++ {
			switch c := s[i]; {
			case c == '=' || c == ':':
				return i, cased
			case c >= 'A' && c <= 'Z' || c >= 0x80:
				cased = true
			}
		}
		return -1, false
	}
	alphabet := []byte{'a', '=', ':', 'A', 'Z', '@', '[', '9', ';', '<', 0x7f, 0x80, 0xc3, 0xff, ' ', 0}
	seed := uint64(1)
	next := func() uint64 { seed = seed*6364136223846793005 + 1442695040888963407; return seed >> 33 }
	for n := 0; n <= 27; n++ {
		for k := 0; k < 3000; k++ {
			b := make([]byte, n)
			for i := range b {
				if next()%4 == 0 {
					b[i] = alphabet[next()%uint64(len(alphabet))]
				} else {
					b[i] = 'a' + byte(next()%26)
				}
			}
			s := string(b)
			gi, gc := delimiter(s)
			wi, wc := ref(s)
			if gi != wi || gc != wc {
				t.Fatalf("delimiter(%q) = %d, %v; want %d, %v", s, gi, gc, wi, wc)
			}
		}
	}
	for c := 0; c < 256; c++ {
		for pos := 0; pos < 20; pos++ {
			b := []byte(strings.Repeat("k", 20) + "=v")
			b[pos] = byte(c)
			s := string(b)
			gi, gc := delimiter(s)
			wi, wc := ref(s)
			if gi != wi || gc != wc {
				t.Fatalf("delimiter(%q) = %d, %v; want %d, %v", s, gi, gc, wi, wc)
			}
		}
	}
}

// Small texts start with small chunks (one option per bytesPerOption, one
// section per bytesPerSection, at least minFirstChunk and
// minFirstSectionChunk): every count of options and sections across the
// first chunks reads the same.
func TestSmallTextChunks(t *testing.T) {
	for n := 1; n <= 3*firstChunk; n++ {
		d := &docBuilder{eol: "\n"}
		d.raw("[one]")
		for i := 0; i < n; i++ {
			d.option("one", fmt.Sprintf("k%d", i), fmt.Sprint(i))
		}
		d.check(t)

		d = &docBuilder{eol: "\n"}
		for i := 0; i < n; i++ {
			name := fmt.Sprintf("s%d", i)
			d.raw("[" + name + "]")
			for j := 0; j < i%3; j++ {
				d.option(name, fmt.Sprintf("k%d", j), fmt.Sprint(j))
			}
		}
		d.check(t)
	}
	if got := firstChunkSize(0, bytesPerOption, minFirstChunk, firstChunk); got != minFirstChunk {
		t.Fatalf("first chunk of an empty text: %d", got)
	}
	if got := firstChunkSize(1<<20, bytesPerOption, minFirstChunk, firstChunk); got != firstChunk {
		t.Fatalf("first chunk of a large text: %d", got)
	}
}

// A file of what an alembic.ini holds, about twenty options in about ten
// sections, fits in the first chunks, whatever its size (from the 600 or
// so bytes of the densest real ones, the "dense" case): its options lie in
// one array and its sections in another (each next element where the one
// before ends).
func TestAlembicFilesFitTheFirstChunks(t *testing.T) {
	layout := func(sections, options int, comment string) string {
		var b strings.Builder
		for s, o := 0, 0; s < sections; s++ {
			fmt.Fprintf(&b, "%s[section%d]\n", comment, s)
			for ; o < options*(s+1)/sections; o++ {
				fmt.Fprintf(&b, "%soption%d = sqlalchemy.engine%d\n", comment, o, o)
			}
		}
		return b.String()
	}
	comments := strings.Repeat("# a comment line, as Alembic's templates have many\n", 2)
	cases := []struct {
		name              string
		text              string
		sections, options int
	}{
		{"dense", layout(9, 17, ""), 9, 17},
		{"template-like", layout(10, 22, comments), 10, 22},
		{"at the first chunks", layout(firstSectionChunk, firstChunk, comments), firstSectionChunk, firstChunk},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, err := Parse("alembic.ini", []byte(c.text))
			if err != nil {
				t.Fatal(err)
			}
			if len(doc.Sections) != c.sections {
				t.Fatalf("%d sections, want %d", len(doc.Sections), c.sections)
			}
			first := &doc.Sections[0].Options[0]
			n := 0
			for i, s := range doc.Sections {
				if i > 0 && s != (*Section)(unsafe.Add(unsafe.Pointer(doc.Sections[0]), i*int(unsafe.Sizeof(Section{})))) {
					t.Fatalf("section %d is not in the first section chunk", i)
				}
				if len(s.Options) > 0 && &s.Options[0] != (*Option)(unsafe.Add(unsafe.Pointer(first), n*int(unsafe.Sizeof(Option{})))) {
					t.Fatalf("the options of section %d are not in the first option chunk", i)
				}
				n += len(s.Options)
			}
			if n != c.options {
				t.Fatalf("%d options, want %d", n, c.options)
			}
		})
	}
}

// From arenaText bytes, a Document and its first chunks are one
// allocation (firstChunks); below, each is its own. Texts of either size
// and of one byte either side, with sections and options up to, at and
// past the first chunks, read the same.
func TestFirstChunksAroundTheArenaSize(t *testing.T) {
	shapes := []struct{ sections, options int }{
		{0, 0}, {1, 0}, {1, 1}, {2, 3},
		{firstSectionChunk, firstChunk},
		{firstSectionChunk + 1, firstChunk + 1},
		{1, firstChunk + 1}, {firstSectionChunk + 1, 1},
		{2 * firstSectionChunk, 3 * firstChunk},
	}
	for _, shape := range shapes {
		for _, size := range []int{arenaText - 1, arenaText, arenaText + 1, 4 * arenaText} {
			d := &docBuilder{eol: "\n"}
			var names []string
			for i, o := 0, 0; i < shape.sections; i++ {
				name := fmt.Sprintf("s%d", i)
				names = append(names, name)
				d.raw("[" + name + "]")
				for ; o < shape.options*(i+1)/shape.sections; o++ {
					d.option(name, fmt.Sprintf("k%d", o), fmt.Sprint(o))
				}
			}
			pad := size - d.b.Len() - 2 // "#" and its line break
			if pad < 0 {
				continue
			}
			d.raw("#" + strings.Repeat("x", pad))
			if d.b.Len() != size {
				t.Fatalf("built %d bytes, want %d", d.b.Len(), size)
			}
			d.check(t)
			doc, err := Parse("x.ini", []byte(d.b.String()))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range doc.Sections {
				got = append(got, s.Name)
			}
			if !slices.Equal(got, names) {
				t.Fatalf("%d bytes, %d sections, %d options: sections %q, want %q", size, shape.sections, shape.options, got, names)
			}
		}
	}
}

// Past the first chunk, a chunk holds no more options than the rest of
// the text holds at the density read so far: a uniform text allocates
// little more than itself (the last chunk is not mostly empty), and a
// text whose options get denser towards its end (long values, then many
// short options in small sections) reads the same, the chunks growing
// back from the low estimate without one allocation per few options.
func TestChunksFollowDensity(t *testing.T) {
	allocated := func(text string) (bytes, mallocs uint64) {
		src := []byte(text)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		if _, err := (ParseOptions{}).Parse("t.ini", src); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc, after.Mallocs - before.Mallocs
	}

	var uniform strings.Builder
	sections := 0
	for ; uniform.Len() < 1<<20; sections++ {
		fmt.Fprintf(&uniform, "[s%d]\n", sections)
		for i := 0; i < 12; i++ {
			fmt.Fprintf(&uniform, "option_%d = value %d of section %d, some more text\n", i, i, sections)
		}
	}
	// What the model needs: an Option per option, a Section per section
	// (and the names of both, which are slices of the text).
	need := uint64(12*sections)*uint64(unsafe.Sizeof(Option{})) + uint64(sections)*uint64(unsafe.Sizeof(Section{}))
	if b, _ := allocated(uniform.String()); float64(b) > 1.15*float64(need) {
		t.Errorf("a uniform 1 MB text allocates %.2f× what its options and sections need", float64(b)/float64(need))
	}

	d := &docBuilder{eol: "\n"}
	d.raw("[head]")
	for i := 0; i < 200; i++ {
		d.option("head", fmt.Sprintf("long%d", i), strings.Repeat("x", 1000))
	}
	const tail = 20000
	for s := 0; s < tail/3; s++ {
		name := fmt.Sprintf("t%d", s)
		d.raw("[" + name + "]")
		for i := 0; i < 3; i++ {
			d.option(name, fmt.Sprintf("k%d", i), "1")
		}
	}
	d.check(t)
	if _, m := allocated(d.b.String()); m > tail/4 {
		t.Errorf("%d allocations for %d short options", m, tail)
	}
}
