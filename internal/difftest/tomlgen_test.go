package difftest

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

// TOMLDoc is one generated pyproject.toml-like document.
type TOMLDoc struct {
	Index int
	Seed  int64
	Text  []byte
	// Mutated is true when bytes were inserted, deleted or replaced after
	// the document was built: it is then more often invalid.
	Mutated bool
}

// GenerateTOML draws document i of the run with the given seed: tables,
// arrays of tables, dotted and quoted keys, inline tables and arrays, and
// values from the edges of every TOML type (floats that overflow, integers
// at and past 64 bits, dates of year 0 and 9999, leap days, second 60,
// long fractions, offsets, every escape, multi-line strings ending in up to
// five quotes), with keys from a small pool so that redefinitions happen;
// half the documents have only valid spellings
// (still with redefinitions); about one document in eight is then mutated byte by byte.
func GenerateTOML(seed int64, i int) *TOMLDoc {
	r := rand.New(rand.NewPCG(uint64(seed), uint64(i)*0x9E3779B97F4A7C15+1))
	g := &tomlGen{r: r, nl: "\n", edges: []int{0, 0, 0, 8, 40, 200}[r.IntN(6)]}
	switch r.IntN(10) {
	case 0:
		g.nl = "\r\n"
	case 1:
		g.mixedNL = true
	}
	var b strings.Builder
	if g.edges > 0 && r.IntN(40) == 0 {
		b.WriteString("\ufeff")
	}
	if r.IntN(3) > 0 {
		b.WriteString("[tool.alembic]" + g.eol())
	}
	for range 1 + r.IntN(14) {
		switch r.IntN(12) {
		case 0:
			b.WriteString("[" + g.key() + "]" + g.comment() + g.eol())
		case 1:
			b.WriteString("[[" + g.key() + "]]" + g.comment() + g.eol())
		case 2:
			b.WriteString(g.comment() + g.eol())
		case 3:
			b.WriteString(g.eol())
		default:
			b.WriteString(g.key() + g.ws() + "=" + g.ws() + g.value(0) + g.comment() + g.eol())
		}
	}
	d := &TOMLDoc{Index: i, Seed: seed, Text: []byte(b.String())}
	if r.IntN(8) == 0 {
		d.Text = mutateTOML(r, d.Text)
		d.Mutated = true
	}
	return d
}

type tomlGen struct {
	r       *rand.Rand
	nl      string
	mixedNL bool
	edges   int // 1 in edges picks is an edge; 0: none
}

func (g *tomlGen) pick(xs ...string) string { return xs[g.r.IntN(len(xs))] }

// either picks from valid, and now and then (one time in g.edges) from
// edge: spellings that are invalid, or valid only in TOML 1.1, or out of
// range.
func (g *tomlGen) either(valid, edge []string) string {
	if g.edges > 0 && g.r.IntN(g.edges) == 0 {
		return g.pick(edge...)
	}
	return g.pick(valid...)
}

func (g *tomlGen) eol() string {
	if g.mixedNL {
		return g.either([]string{"\n", "\r\n"}, []string{"\r"})
	}
	return g.nl
}

func (g *tomlGen) ws() string { return g.pick(" ", " ", "", "\t", "  ") }

func (g *tomlGen) comment() string {
	if g.r.IntN(4) > 0 {
		return ""
	}
	return g.ws() + "#" + g.either([]string{"", " note", " ünï", "\t tab", " # again", " \u2028"}, []string{" \x7f", " \x01", " \x00"})
}

// key is a key: bare, quoted or dotted, mostly from a small pool.
func (g *tomlGen) key() string {
	n := 1
	if g.r.IntN(3) == 0 {
		n += 1 + g.r.IntN(2)
	}
	parts := make([]string, n)
	for i := range parts {
		parts[i] = g.keyPart()
	}
	return strings.Join(parts, g.pick(".", ".", " . ", "\t."))
}

func (g *tomlGen) keyPart() string {
	if g.r.IntN(2) == 0 {
		return g.pick("k", "key", "t", "tool", "alembic") + strconv.Itoa(g.r.IntN(40)) // rarely the same
	}
	return g.either([]string{"a", "b", "c", "a", "b", "script_location", "x-y", "_1", "1", "2024", "true", "inf",
		`"a"`, `'b'`, `""`, `''`, `"a.b"`, `"ü"`, `'\n'`, `"\n"`, `"\u0061"`, "-"}, []string{"ü", "a b", "", `"\x41"`, "a#"})
}

// value is a value of any type; depth limits nesting.
func (g *tomlGen) value(depth int) string {
	switch g.r.IntN(9) {
	case 0, 1:
		return g.integer()
	case 2:
		return g.float()
	case 3:
		return g.either([]string{"true", "false"}, []string{"True", "tru", "FALSE"})
	case 4:
		return g.datetime()
	case 5, 6:
		return g.str()
	case 7:
		if depth > 2 {
			return g.integer()
		}
		return g.array(depth + 1)
	default:
		if depth > 2 {
			return g.str()
		}
		return g.inlineTable(depth + 1)
	}
}

func (g *tomlGen) integer() string {
	return g.either([]string{"0", "1", "-1", "+1", "42", "1_000", "-0", "+0",
		"9223372036854775807", "-9223372036854775808", "0x7fffffffffffffff", "0xDEAD_beef",
		"0o17", "0o777_777", "0b1010", "0b1_0", "1e0"},
		[]string{"9223372036854775808", "-9223372036854775809", "99999999999999999999999", "0x8000000000000000",
			"1__0", "_1", "1_", "01", "0x_1", "0o8", "0b2", "+0x1", "-0o7", "0x", "0_0"})
}

func (g *tomlGen) float() string {
	return g.either([]string{"0.0", "-0.0", "+0.0", "1.5", "0.1", "3.14159", "1e10", "1E-7", "6.626e-34", "1e+2",
		"1e400", "-1e400", "1.7976931348623157e308", "1.7976931348623157e309", "2e-324", "5e-324", "1e-400",
		"1_000.5_5", "1e1_0", "0.1234567890123456789", "inf", "+inf", "-inf", "nan", "+nan", "-nan",
		"9007199254740993.0", "123456789012345678901234567890.0", "1e-7", "0e0", "-0e-0", "1e308", "2.2250738585072014e-308"},
		[]string{"1.", ".5", "1e", "00.5", "1.0e", "1._0", "Inf", "NaN", "1e+", "+.5"})
}

func (g *tomlGen) datetime() string {
	date := g.either([]string{"1979-05-27", "0001-01-01", "9999-12-31", "2024-02-29", "2000-02-29", "1979-05-27"},
		[]string{"0000-01-01", "2023-02-29", "2023-02-30", "2023-04-31", "2023-13-01", "2023-00-10", "1979-5-27", "1900-02-29"})
	tm := g.either([]string{"07:32:00", "00:00:00", "23:59:59", "07:32:00.5", "07:32:00.123456", "07:32:00.9999999",
		"07:32:00.123456789", "07:32:00.1234567891234", "00:00:00.000001", "12:00:00.0000005"},
		[]string{"23:59:60", "24:00:00", "07:32", "7:32:00", "07:60:00", "07:32:00."})
	off := g.either([]string{"", "", "Z", "z", "+05:30", "-00:00", "+00:00", "+23:59", "-23:59", "-08:00"},
		[]string{"+24:00", "+0530", "+05:60", "+5:30"})
	switch g.r.IntN(4) {
	case 0:
		return date
	case 1:
		return tm
	default:
		return date + g.either([]string{"T", "t", " ", "T"}, []string{"_", "  "}) + tm + off
	}
}

func (g *tomlGen) str() string {
	body := g.strBody()
	switch g.r.IntN(6) {
	case 0:
		return "'" + strings.NewReplacer("'", "", "\n", "", "\r", "").Replace(body) + "'"
	case 1:
		return "'''" + g.pick("", "\n", "\r\n") + body + g.pick("", "'", "''", "'''", "''''") + "'''"
	case 2:
		return `"""` + g.pick("", "\n", "\r\n") + body + g.either([]string{"", `\` + g.eol() + "  ", `"`, `""`}, []string{`"""`}) + `"""`
	default:
		return `"` + strings.NewReplacer(`"`, `\"`, "\n", `\n`, "\r", "").Replace(body) + g.escape() + `"`
	}
}

func (g *tomlGen) strBody() string {
	var b strings.Builder
	for range g.r.IntN(4) {
		b.WriteString(g.either([]string{"abc", "%(here)s", "100%", "ü€😀", " ", "\t", "a b", "x=y", "#", "[x]", "\u0085", "\n", "'", `"`},
			[]string{"\x01", "\x7f", "\x00", "\r"}))
	}
	return b.String()
}

func (g *tomlGen) escape() string {
	if g.r.IntN(3) > 0 {
		return ""
	}
	return g.either([]string{`\b`, `\t`, `\n`, `\f`, `\r`, `\"`, `\\`, `\u0041`, `\u00e9`, `\u0000`, `\U0001F600`, `\U0010FFFF`, `\u007f`},
		[]string{`\e`, `\x41`, `\/`, `\a`, `\uD800`, `\uDFFF`, `\U00110000`, `\u12`, `\U0000004`})
}

func (g *tomlGen) array(depth int) string {
	n := g.r.IntN(4)
	items := make([]string, n)
	for i := range items {
		items[i] = g.value(depth)
	}
	sep := g.pick(", ", ",", ","+g.eol(), " ,"+g.eol()+"  ")
	trail := g.pick("", "", ",", ","+g.eol())
	if n == 0 {
		trail = g.pick("", "", ",")
	}
	return "[" + g.pick("", g.eol()) + strings.Join(items, sep) + trail + g.pick("", g.eol(), " # c"+g.eol()) + "]"
}

func (g *tomlGen) inlineTable(depth int) string {
	n := g.r.IntN(4)
	items := make([]string, n)
	for i := range items {
		items[i] = g.key() + g.ws() + "=" + g.ws() + g.value(depth)
	}
	trail := ""
	if n > 0 && g.edges > 0 && g.r.IntN(8) == 0 {
		trail = "," // TOML 1.1 only
	}
	if g.edges > 0 && g.r.IntN(12) == 0 {
		return "{" + g.eol() + strings.Join(items, ","+g.eol()) + trail + g.eol() + "}" // TOML 1.1 only
	}
	return "{" + g.ws() + strings.Join(items, ","+g.ws()) + trail + g.ws() + "}"
}

// mutateTOML inserts, deletes or replaces a few bytes of text.
func mutateTOML(r *rand.Rand, text []byte) []byte {
	interesting := []byte("=[]{}\"'.,#\n\r\t \\+-_:0123456789eExzZT\x00\x7f\xff\xc3")
	out := append([]byte(nil), text...)
	for range 1 + r.IntN(3) {
		if len(out) == 0 {
			out = append(out, interesting[r.IntN(len(interesting))])
			continue
		}
		at := r.IntN(len(out))
		switch r.IntN(3) {
		case 0:
			out = append(out[:at], append([]byte{interesting[r.IntN(len(interesting))]}, out[at:]...)...)
		case 1:
			out = append(out[:at], out[at+1:]...)
		default:
			out[at] = interesting[r.IntN(len(interesting))]
		}
	}
	return out
}

// String names the document for a failure message.
func (d *TOMLDoc) String() string {
	return fmt.Sprintf("TOML document %d (seed %d, mutated %v)", d.Index, d.Seed, d.Mutated)
}
