package difftest

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/internal/pyformat"
	"github.com/koanf-alembic/koanf-alembic/pyvalue"
)

const defaultFormats = 2000

// TestDifferentialFormat compares printf-style formatting (format % args,
// what Alembic applies to each pyproject.toml string with toml_args) with
// CPython's, on generated formats and arguments:
//
//	go test -run TestDifferentialFormat ./internal/difftest               # 2000 formats, fresh seed
//	DIFF_FORMATS=100000 go test -run TestDifferentialFormat ./internal/difftest
//	DIFF_SEED=123 DIFF_FORMATS=2000 go test -run TestDifferentialFormat ./internal/difftest   # replay
//
// Each must give the same text, or the same exception (class and message).
// The one documented difference: a field longer than pyformat.MaxWidth,
// which CPython builds and the library refuses with a LimitError; and a
// lone surrogate outside U+DC80..U+DCFF, which %c makes and a Go string
// cannot hold (pyformat.Format), as U+FFFD. The summary counts both.
func TestDifferentialFormat(t *testing.T) {
	n := int(envInt(t, "DIFF_FORMATS", defaultFormats))
	seed := envInt(t, "DIFF_SEED", time.Now().UnixNano())
	t.Logf("seed %d; replay with DIFF_SEED=%d DIFF_FORMATS=%d", seed, seed, n)

	orc, err := startLineOracle("format_oracle.py")
	if err != nil {
		t.Fatal(err)
	}
	defer orc.cmd.Process.Kill()

	type job struct {
		c   *formatCase
		err error
	}
	jobs := make(chan job, 64)
	go func() {
		defer close(jobs)
		defer orc.stdin.Close()
		for i := range n {
			c := generateFormat(seed, i)
			req, err := json.Marshal(map[string]any{"id": i, "format": c.format, "args": encodeValue(c.args)})
			if err == nil {
				_, err = orc.stdin.Write(append(req, '\n'))
			}
			if err != nil {
				jobs <- job{err: fmt.Errorf("sending format %d to the oracle: %v", i, err)}
				return
			}
			jobs <- job{c: c}
		}
	}()

	var (
		count, ok, raised, bad, limits, surrogates int
		version                                    string
		kinds                                      = map[string]int{}
	)
	for j := range jobs {
		if j.err != nil {
			t.Fatal(j.err)
		}
		var ans struct {
			ID      int    `json:"id"`
			Version string `json:"version"`
			Result  string `json:"result"`
			Error   string `json:"error"`
			Message string `json:"message"`
		}
		if err := orc.receive(&ans); err != nil {
			t.Fatal(err)
		}
		if ans.ID != j.c.index {
			t.Fatalf("the oracle answered format %d for %d", ans.ID, j.c.index)
		}
		version = ans.Version
		count++
		got, gotErr := pyformat.Format(j.c.format, j.c.args)
		var dis string
		switch {
		case ans.Error == "":
			want, _ := base64.StdEncoding.DecodeString(ans.Result)
			if errors.Is(gotErr, alembicerr.ErrLimit) && utf8.RuneCount(want) > pyformat.MaxWidth {
				limits++ // the documented limit
			} else if gotErr == nil && got != string(want) && got == string(replaceSurrogates(want)) {
				surrogates++ // the documented difference
			} else if gotErr != nil || got != string(want) {
				dis = fmt.Sprintf("CPython gives %q; the library %q, %v", want, got, gotErr)
			}
			ok++
		default:
			raised++
			kinds[ans.Error]++
			var e *alembicerr.Error
			if !errors.As(gotErr, &e) || string(e.Kind) != ans.Error || e.Message != ans.Message {
				dis = fmt.Sprintf("CPython raises %s: %s; the library gives %q, %v", ans.Error, ans.Message, got, gotErr)
			}
		}
		if dis != "" {
			bad++
			if bad <= 10 {
				t.Errorf("format %d (seed %d): %q %% %s: %s", j.c.index, seed, j.c.format, pyvalue.Repr(j.c.args), dis)
			}
		}
	}
	if count != n {
		t.Fatalf("%d formats compared of %d", count, n)
	}
	var ks []string
	for k, n := range kinds {
		ks = append(ks, fmt.Sprintf("%s %d", k, n))
	}
	sort.Strings(ks)
	t.Logf("CPython %s", version)
	fmt.Printf("differential format: %d formats, seed %d, %d disagreements; %d formatted alike, %d raised alike (%s), %d LimitError where CPython's field is longer than MaxWidth (the documented limit), %d lone surrogates from %%c as U+FFFD (the documented difference)\n",
		count, seed, bad, ok-limits-surrogates, raised, strings.Join(ks, ", "), limits, surrogates)
}

// replaceSurrogates replaces the surrogatepass UTF-8 of each surrogate
// code point (ED A0..BF 80..BF), as the oracle sends one outside
// U+DC80..U+DCFF, with U+FFFD.
func replaceSurrogates(b []byte) []byte {
	var out []byte
	for i := 0; i < len(b); i++ {
		if i+2 < len(b) && b[i] == 0xED && b[i+1] >= 0xA0 && b[i+1] <= 0xBF && b[i+2] >= 0x80 && b[i+2] <= 0xBF {
			out = append(out, "\uFFFD"...)
			i += 2
			continue
		}
		out = append(out, b[i])
	}
	return out
}

// formatCase is one format and its arguments.
type formatCase struct {
	index  int
	format string
	args   any
}

// generateFormat draws case i of the run: a format of literal text and
// conversion specifiers (keys, every flag, widths and precisions given or
// taken from the arguments with *, length modifiers, every conversion and
// some that are not, a specifier cut short), and arguments that are a
// dict (as Alembic's toml_args are), a tuple, or one value.
func generateFormat(seed int64, i int) *formatCase {
	r := rand.New(rand.NewPCG(uint64(seed), uint64(i)*0x9E3779B97F4A7C15+2))
	g := &formatGen{r: r}
	clean := r.IntN(2) == 0 // only valid specifiers, fitting values, the right number of them
	type specifier struct {
		key   string // "" for none
		stars int    // widths and precisions taken from the arguments
		conv  string // "" when cut short
	}
	var specs []specifier
	kind := r.IntN(10)
	var b strings.Builder
	for range 1 + r.IntN(4) {
		if r.IntN(3) == 0 {
			b.WriteString(g.pick("abc", " ", "/", "ü", "😀", "%%", "(", ")", "s", ""))
			continue
		}
		var sp specifier
		b.WriteByte('%')
		mapping := kind < 6
		if mapping && (clean || r.IntN(5) > 0) {
			sp.key = g.pick("here", "a", "b", "x_y", "", "a(b)", "missing")
			b.WriteString("(" + sp.key + ")")
		} else if !clean && r.IntN(30) == 0 {
			b.WriteString("(unclosed")
		}
		for range r.IntN(3) {
			b.WriteString(g.pick("#", "0", "-", " ", "+"))
		}
		switch r.IntN(6) {
		case 0:
			b.WriteString(strconv.Itoa(r.IntN(12)))
		case 1:
			if clean && mapping {
				break // '*' takes from a tuple only
			}
			b.WriteString("*")
			sp.stars++
		case 2:
			w := g.pick("20", "010", "99999999999999999999") // the last: "width too big"
			if clean {
				w = g.pick("20", "010")
			}
			b.WriteString(w)
		}
		switch r.IntN(6) {
		case 0:
			b.WriteString("." + strconv.Itoa(r.IntN(12)))
		case 1:
			if clean && mapping {
				break
			}
			b.WriteString(".*")
			sp.stars++
		case 2:
			p := g.pick(".", ".20", ".99999999999999999999") // the last: "precision too big"
			if clean {
				p = g.pick(".", ".20")
			}
			b.WriteString(p)
		}
		if r.IntN(8) == 0 {
			b.WriteString(g.pick("h", "l", "L"))
		}
		if clean || r.IntN(25) > 0 { // else cut short: the next text or the end follows
			sp.conv = g.pick("d", "i", "u", "o", "x", "X", "e", "E", "f", "F", "g", "G", "c", "r", "s", "a", "%", "s", "s", "d")
			if !clean && r.IntN(6) == 0 {
				sp.conv = g.pick("z", "y", "\n", "ü")
			}
			b.WriteString(sp.conv)
		}
		specs = append(specs, sp)
		g.stars = g.stars || sp.stars > 0
	}
	c := &formatCase{index: i, format: b.String()}
	// fitting is a value for conv, mostly of a type it takes.
	fitting := func(conv string) any {
		if !clean && r.IntN(4) == 0 {
			return g.value(0)
		}
		switch conv {
		case "d", "i", "u", "o", "x", "X":
			if r.IntN(5) == 0 {
				return g.float() // taken too, and truncated
			}
			return g.integer()
		case "e", "E", "f", "F", "g", "G":
			if r.IntN(3) == 0 {
				return g.integer()
			}
			return g.float()
		case "c":
			if r.IntN(3) == 0 {
				if clean {
					return g.pick("x", "é", "😀")
				}
				return g.pick("x", "é", "😀", "", "ab")
			}
			return g.pick2(0, 65, 233, 0x1F600, 0x10FFFF, 0x110000, -1, 0xDC80, 0xD800)
		}
		return g.value(0)
	}
	single := kind == 9 && (!clean || len(specs) == 1 && specs[0].stars == 0)
	switch {
	case kind < 6:
		d := pyvalue.NewDict()
		for _, sp := range specs {
			if sp.key != "missing" || clean || r.IntN(4) == 0 {
				d.Set(sp.key, fitting(sp.conv))
			}
		}
		if r.IntN(3) == 0 {
			d.Set("here", "/srv/app")
		}
		c.args = d
	case !single:
		var tup pyvalue.Tuple
		for _, sp := range specs {
			for range sp.stars {
				if r.IntN(100) == 0 {
					tup = append(tup, pyformat.MaxWidth+1) // past the limit: a field CPython builds, of 1 MiB
				} else {
					tup = append(tup, g.pick2(-3, 0, 1, 5, 30))
				}
			}
			if sp.conv != "%" {
				tup = append(tup, fitting(sp.conv))
			}
		}
		switch r.IntN(8) * bool01(!clean) {
		case 1:
			tup = append(tup, g.value(0)) // one too many
		case 2:
			if len(tup) > 0 {
				tup = tup[:len(tup)-1] // one too few
			}
		}
		c.args = tup
	default:
		if len(specs) > 0 {
			c.args = fitting(specs[0].conv)
		} else {
			c.args = g.value(0)
		}
	}
	return c
}

func bool01(b bool) int {
	if b {
		return 1
	}
	return 0
}

type formatGen struct {
	r     *rand.Rand
	stars bool // the format takes a width or precision from the arguments: no huge ints
}

func (g *formatGen) pick(xs ...string) string { return xs[g.r.IntN(len(xs))] }

func (g *formatGen) pick2(xs ...int) int { return xs[g.r.IntN(len(xs))] }

// integer is an int argument, within the 64 bits or past them.
func (g *formatGen) integer() any {
	if g.r.IntN(6) == 0 && !g.stars {
		n, _ := new(big.Int).SetString(g.pick("18446744073709551616", "-99999999999999999999999", "9223372036854775808"), 10)
		return n
	}
	if g.stars {
		return g.pick2(0, 1, -1, 7, 42, 65, 255, 0x10FFFF, 0x110000, -129, 0xD800, 0xDC80)
	}
	return g.pick2(0, 1, -1, 7, 42, 65, 255, 0x10FFFF, 0x110000, -129, 0xD800, 0xDC80, 0xDFFF, 1<<31, math.MaxInt64, math.MinInt64)
}

// float is a float argument, from the edges too.
func (g *formatGen) float() float64 {
	return []float64{0, math.Copysign(0, -1), 0.1, 1.5, -2.675, 1e16, 1e-5, 1e22, 123456789.125, math.Inf(1),
		math.Inf(-1), math.NaN(), 5e-324, math.MaxFloat64, 0.5, 2.5, 1e-310, 9.999999e15}[g.r.IntN(18)]
}

// value is an argument value of any type.
func (g *formatGen) value(depth int) any {
	switch g.r.IntN(12) {
	case 0:
		return nil
	case 1:
		return g.r.IntN(2) == 0
	case 2, 3, 4:
		return g.integer()
	case 5, 6:
		return g.float()
	case 7, 8:
		return g.pick("", "x", "é", "😀", "it's", `a"b`, "a\nb", "%(here)s", "\t", "\u0085", "/srv/app")
	case 9:
		if depth > 1 {
			return "x"
		}
		return []any{g.value(depth + 1), g.value(depth + 1)}[:g.r.IntN(3)]
	case 10:
		if depth > 1 {
			return 1
		}
		return pyvalue.Tuple{g.value(depth + 1), g.value(depth + 1)}[:g.r.IntN(3)]
	default:
		if depth > 1 {
			return pyvalue.Date{Year: 2024, Month: 1, Day: 31}
		}
		if g.r.IntN(2) == 0 {
			return pyvalue.Date{Year: 1 + g.r.IntN(9999), Month: 1 + g.r.IntN(12), Day: 1 + g.r.IntN(28)}
		}
		return pyvalue.NewDict().Set("k", g.value(depth+1))
	}
}

// encodeValue is v in the oracle's tagged JSON.
func encodeValue(v any) map[string]any {
	switch v := v.(type) {
	case nil:
		return map[string]any{"t": "none"}
	case bool:
		return map[string]any{"t": "bool", "v": v}
	case int:
		return map[string]any{"t": "int", "v": strconv.Itoa(v)}
	case *big.Int:
		return map[string]any{"t": "int", "v": v.String()}
	case float64:
		return map[string]any{"t": "float", "v": pyvalue.Repr(v)}
	case string:
		return map[string]any{"t": "str", "v": v}
	case []any:
		return map[string]any{"t": "list", "v": encodeAll(v)}
	case pyvalue.Tuple:
		return map[string]any{"t": "tuple", "v": encodeAll(v)}
	case *pyvalue.Dict:
		var pairs [][2]any
		v.Range(func(k string, x any) bool {
			pairs = append(pairs, [2]any{k, encodeValue(x)})
			return true
		})
		if pairs == nil {
			pairs = [][2]any{}
		}
		return map[string]any{"t": "dict", "v": pairs}
	case pyvalue.Date:
		return map[string]any{"t": "date", "v": []int{v.Year, v.Month, v.Day}}
	}
	panic(fmt.Sprintf("encodeValue: %T", v))
}

func encodeAll(vs []any) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = encodeValue(v)
	}
	return out
}
