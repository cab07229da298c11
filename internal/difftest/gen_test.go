package difftest

import (
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"unicode/utf8"
)

// The generator draws alembic.ini documents from a seed: each document has
// a regime (its size and what it stresses), a structure (headers, option
// definitions, comments, blank lines, faults) and values. Values are drawn
// name by name in level order: a name of level L references only names of
// lower levels (or `here`, names never defined, and the few deliberately
// cyclic names), so that est, an upper bound of the work of expanding any of
// its values, is known when a value referencing it is drawn. That keeps
// every ordinary interpolation far below the library's MaxValueSize (1 MiB)
// and CPython's time reasonable; only the "bomb" regime goes near or past
// the limit on purpose. The bound holds for the lines as drawn, but an
// indented line that CPython takes as a continuation of the option above
// joins that option's value with its references, which may then reference
// the option itself (expanded ten levels deep before CPython's depth
// error) or a long value; so the oracle measures CPython's work for every
// document, and a LimitError is judged against that.
//
// The generator does not predict what CPython makes of a document: the
// oracle says that. Its model of the structure (which option lands in which
// section) is only used to draw duplicates, references and ops, so it may be
// wrong where a drawn line is taken otherwise (an indented header that
// continues a value, say) without harming the comparison.

// maxValueSize is the library's default MaxValueSize: the work (bytes
// produced plus references followed) of one interpolated value.
const maxValueSize = 1 << 20

type regime string

const (
	rSmall        regime = "small"
	rEdge         regime = "edge-47-50"
	rHundreds     regime = "hundreds"
	rThousands    regime = "thousands"
	rBigDefault   regime = "big-default"
	rManySections regime = "many-sections"
	rLong         regime = "long-values"
	rManyLines    regime = "many-lines"
	rBomb         regime = "bomb"
	rLogging      regime = "logging"
	rTricky       regime = "tricky"
	rEmpty        regime = "empty"
)

// regimeWeights: mostly small documents; the big ones (hundreds, thousands,
// big-default, many-sections, long, many-lines, bomb) are about a sixth.
var regimeWeights = []struct {
	r regime
	w int
}{
	{rSmall, 52}, {rEdge, 9}, {rLogging, 10}, {rTricky, 12},
	{rHundreds, 4}, {rThousands, 1}, {rBigDefault, 2}, {rManySections, 1},
	{rLong, 3}, {rManyLines, 3}, {rBomb, 3}, {rEmpty, 1},
}

// entry is an option name of the document's pool.
type entry struct {
	spells []string // spellings CPython's str.lower maps to one name (checked with CPython)
	level  int      // its values reference names of lower levels only
	cyc    bool     // its values reference cyclic names only: never expandable
	long   bool     // its values are long (tens of KB)
	fixed  bool     // its values are set by a family (bomb, depth chain)
	est    int      // upper bound of the work of expanding one of its values
}

func (e *entry) spell(r *rand.Rand) string { return e.spells[r.Intn(len(e.spells))] }

// Name groups whose spellings lower to one name, as CPython's str.lower
// says (İ to "i̇", final sigma, Kelvin sign, digraphs).
var unicodeNames = [][]string{
	{"ΟΔΟΣ", "Οδος", "οδος"},
	{"ΣΑΣ", "σας"},
	{"ΑΣ.Β", "ασ.β"},
	{"İSTANBUL", "İstanbul", "i̇stanbul"},
	{"Straße", "straße"},
	{"КЛЮЧ", "Ключ", "ключ"},
	{"NAÏVE", "naïve"},
	{"ǅ", "Ǆ", "ǆ"},
	{"k", "K", "\u212a"},
	{"ΜΆΘΗΜΑ ΣΟΦΊΑΣ", "μάθημα σοφίας"},
	{"οδοσ"}, // not ΟΔΟΣ: the final sigma differs
	{"日本語"},
	{"ı"}, // dotless i: not "i"
	{"i"},
}

var asciiNames = []string{
	"sqlalchemy.url", "script_location", "prepend_sys_path", "path_separator",
	"version_path_separator", "file_template", "timezone", "truncate_slug_length",
	"revision_environment", "sourceless", "version_locations", "output_encoding",
	"hooks", "black.type", "black.entrypoint", "keys", "level", "handlers", "qualname",
	"class", "args", "formatter", "db", "user", "password", "host", "port", "name",
	"dir", "base", "key with spaces", "x.y.z", "a-b", "_under", "MiXeD", "sqlalchemy",
	"url", "a", "b", "c", "Opt", "v1", "here", "%percent", "dollar$", "at@sign",
	"tab\tinside", "semi;inside", "hash#inside", "[bracket", "bracket]", "a.b",
	"nbsp\u00a0name", "fs\x1cname", "Ünï.Cödé",
}

var baseSections = []string{
	"alembic", "alembic", "loggers", "handlers", "formatters", "logger_root",
	"logger_sqlalchemy", "logger_alembic", "handler_console", "formatter_generic",
	"post_write_hooks", "Alembic", "default", " spaced ", "sec tion", "ünï", "日本",
	"İstanbul", "ΟΔΟΣ", "a]b", "x=y", "semi;colon", "#hash", "tool", "formatter_x",
	"formatter_Y", "ALEMBIC", "s:1", "%pct", "%(here)s", "\u00a0nb\u00a0", "İ", "ΣΑΣ",
}

var words = []string{
	"postgresql://scott:tiger@localhost/test", "alembic", "driver", "migrations", "x",
	"a b", "hello", "héllo", "naïve", "straße", "日本語", "ключ", "🐍", "ΟΔΟΣ", "İstanbul",
	"1", "0", "true", "on", "--", "a=b", "k: v", "#not-a-comment", ";not-either", "[not]",
	"tab\tin", "ff\fin", "vt\vin", "fs\x1cin", "us\x1fin", "nbsp\u00a0in", "nul\x00in",
	"emsp\u2003in", "x\u2028y", "nel\u0085in", `q"uote`, `back\slash`, "\u200bzw",
	"\ufeffbom", "(", ")", "s", ")s", "=", ":", "{x}", "%%", "a%%b",
}

// wsChars are characters str.isspace() holds true for (and str.strip
// removes); none of them ends a line when CPython reads a file.
var wsChars = []string{" ", " ", " ", "\t", "\t", "\f", "\v", "\x1c", "\x1d", "\x1e", "\x1f",
	"\u00a0", "\u0085", "\u1680", "\u2003", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000"}

var badSyntax = []string{"%", "%d", "%(abc", "%()s", "%(a)d", "%(a) s", "100%", "%s", "%x", "% (a)s", "%(b)"}

var seps = []string{" = ", "=", " =", "= ", ": ", ":", " : ", "\t=\t", " \f= ", " :\u00a0", "  =  "}

// vline is one line of a value after its first: content (a continuation),
// blank (kept inside a value, dropped at its end) or comment (skipped).
type vline struct {
	kind   byte // 'c' content, 'b' blank, '#' comment
	indent string
	text   string
}

// element is one line or construct of the document.
type element interface{ render(w *writer) }

type header struct {
	indent, name, trailer string
}

func (h *header) render(w *writer) { w.line(h.indent + "[" + h.name + "]" + h.trailer) }

type option struct {
	e        *entry // nil for a name not in the pool
	name     string // as written
	section  int    // index into doc sections (the model's); -1 DEFAULT
	indent   string
	sep      string
	first    string // first line's content
	trail    string // whitespace after it
	more     []vline
	levelCap int  // references only to names below this level
	budget   int  // work allowed for the value
	preset   bool // value already drawn (families, logging)
	noRefs   bool
}

func (o *option) render(w *writer) {
	w.line(o.indent + o.name + o.sep + o.first + o.trail)
	for _, l := range o.more {
		switch l.kind {
		case 'c':
			w.line(l.indent + l.text)
		case 'b':
			w.line(l.indent)
		case '#':
			w.line(l.indent + l.text)
		}
	}
}

// rawLine is a line written as it is (comments, blank lines, faults).
type rawLine struct{ text string }

func (l *rawLine) render(w *writer) { w.line(l.text) }

type writer struct {
	b   []byte
	r   *rand.Rand
	eol string // "\n", "\r\n", "\r" or "" for mixed
}

func (w *writer) line(s string) {
	w.b = append(w.b, s...)
	e := w.eol
	if e == "" {
		e = []string{"\n", "\r\n", "\r"}[w.r.Intn(3)]
	}
	w.b = append(w.b, e...)
}

// sectionModel is what the generator believes a section holds.
type sectionModel struct {
	name  string
	names []*entry
	opts  []*option
}

// Doc is one generated document with its ops.
type Doc struct {
	Index  int
	Seed   int64
	Regime regime
	Faults []string // the faults drawn into it
	Text   []byte
	Dir    string // subdirectory it is written to (shapes `here`)
	Ops    []Op
	Final  []string // sections whose state is compared after the ops
}

// Op is one Alembic call applied after the read, in order.
type Op struct {
	Op      string `json:"op"`
	Section string `json:"section"`
	Name    string `json:"name"`
	Value   string `json:"value"`
}

// Subdirectories the documents are written to: `here` with a "%", with a
// reference, with a space, with non-ASCII letters.
var docDirs = []string{"plain", "plain", "plain", "plain", "plain", "plain", "pct%dir", "ref%(a)sdir", "sp ace", "ünï"}

type gen struct {
	r        *rand.Rand
	doc      *Doc
	pool     []*entry
	cyc      []*entry
	ghosts   []string
	sections []*sectionModel
	defaults *sectionModel
	elems    []element
	budget   int
	opts     []*option
	exotic   bool // whitespace of every kind, not only spaces and tabs
}

// Generate draws document index of the run seeded runSeed.
func Generate(runSeed int64, index int) *Doc {
	seed := int64(uint64(runSeed) ^ (uint64(index)+1)*0x9E3779B97F4A7C15)
	r := rand.New(rand.NewSource(seed))
	g := &gen{r: r, doc: &Doc{Index: index, Seed: seed}}
	total := 0
	for _, rw := range regimeWeights {
		total += rw.w
	}
	n := r.Intn(total)
	for _, rw := range regimeWeights {
		if n < rw.w {
			g.doc.Regime = rw.r
			break
		}
		n -= rw.w
	}
	g.doc.Dir = docDirs[r.Intn(len(docDirs))]
	g.build()
	return g.doc
}

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

func (g *gen) pick(list []string) string { return list[g.r.Intn(len(list))] }

// ws returns n whitespace characters: spaces and tabs, or of every kind.
func (g *gen) ws(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if g.exotic && g.chance(0.4) {
			b.WriteString(g.pick(wsChars))
		} else if g.chance(0.8) {
			b.WriteByte(' ')
		} else {
			b.WriteByte('\t')
		}
	}
	return b.String()
}

func (g *gen) build() {
	d := g.doc
	g.exotic = d.Regime == rTricky || g.chance(0.25)
	g.budget = 4096
	g.makePool()
	switch d.Regime {
	case rSmall, rTricky:
		g.plain(1+g.r.Intn(7), 0, 12, g.r.Intn(6))
	case rEdge:
		sizes := []int{0, 1, 47, 48, 49, 50, 2, 46, 51, 96, 97}
		ns := 1 + g.r.Intn(3)
		for i := 0; i < ns; i++ {
			g.section(g.sectionName(), sizes[g.r.Intn(len(sizes))])
		}
		g.defaultsBlock(g.r.Intn(4))
	case rHundreds:
		g.budget = 512
		g.defaultsBlock(g.r.Intn(5))
		g.section(g.sectionName(), 100+g.r.Intn(800))
		g.plain(g.r.Intn(3), 0, 10, 0)
	case rThousands:
		g.budget = 256
		g.defaultsBlock(g.r.Intn(4))
		g.section(g.sectionName(), 1000+g.r.Intn(4000))
		g.plain(g.r.Intn(2), 0, 6, 0)
	case rBigDefault:
		g.budget = 256
		g.defaultsBlock(100 + g.r.Intn(500))
		g.plain(1+g.r.Intn(4), 0, 20, 0)
	case rManySections:
		g.budget = 256
		g.defaultsBlock(g.r.Intn(3))
		n := 1000 + g.r.Intn(3000)
		for i := 0; i < n; i++ {
			g.section(fmt.Sprintf("s%d", i), g.r.Intn(4))
		}
	case rLong:
		g.budget = 200000
		for _, e := range g.pool[:3] {
			e.long, e.level = true, 0
		}
		g.plain(1+g.r.Intn(3), 2, 8, g.r.Intn(3))
	case rManyLines:
		g.plain(1+g.r.Intn(3), 1, 6, g.r.Intn(3))
		for k := 0; k < 1+g.r.Intn(3) && len(g.opts) > 0; k++ {
			o := g.opts[g.r.Intn(len(g.opts))]
			o.more = append(o.more, g.manyLines(100+g.r.Intn(2900), o.indent)...)
		}
	case rBomb:
		g.plain(1+g.r.Intn(2), 0, 4, g.r.Intn(3))
		g.bomb()
	case rLogging:
		g.logging()
	case rEmpty:
		// no section at all, or only [DEFAULT]
		g.elems = append(g.elems, &rawLine{g.pick([]string{"", "# only a comment", "; c", g.ws(2), "\r"})})
		if g.chance(0.4) {
			g.defaultsBlock(g.r.Intn(3))
		}
		g.render()
		g.ops()
		return
	}
	if g.chance(0.3) {
		g.depthChain()
	}
	if g.chance(0.15) {
		g.cycle()
	}
	if d.Regime == rTricky || g.chance(0.1) {
		g.tricky(1 + g.r.Intn(4))
	}
	if g.chance(0.12) || (d.Regime == rEdge && g.chance(0.25)) {
		g.faults(1 + g.r.Intn(2))
	}
	g.sprinkle()
	g.values()
	g.render()
	g.ops()
}

func (g *gen) makePool() {
	n := 6 + g.r.Intn(20)
	seen := map[string]bool{}
	for i := 0; i < n; i++ {
		var spells []string
		if g.chance(0.2) {
			spells = unicodeNames[g.r.Intn(len(unicodeNames))]
		} else {
			name := g.pick(asciiNames)
			spells = []string{name}
			if up := strings.ToUpper(name); up != name {
				spells = append(spells, up)
			}
			first, size := utf8.DecodeRuneInString(name)
			if t := strings.ToUpper(string(first)) + name[size:]; t != name {
				spells = append(spells, t)
			}
		}
		if seen[spells[0]] {
			continue
		}
		seen[spells[0]] = true
		g.pool = append(g.pool, &entry{spells: spells, level: g.levelDraw()})
	}
	for len(g.pool) < 4 {
		g.pool = append(g.pool, &entry{spells: []string{fmt.Sprintf("p%d", len(g.pool))}, level: g.levelDraw()})
	}
	g.ghosts = []string{"missing", "NOPE", "ghost.key", "ΟΔΟΣ2", "here2"}
}

func (g *gen) levelDraw() int {
	return []int{0, 0, 0, 1, 1, 1, 2, 2, 3, 4}[g.r.Intn(10)]
}

func (g *gen) sectionName() string {
	if g.chance(0.85) {
		return g.pick(baseSections)
	}
	return fmt.Sprintf("sec%d", g.r.Intn(100))
}

// plain adds ns sections of lo..hi options and a [DEFAULT] of nd options,
// the defaults block anywhere among them.
func (g *gen) plain(ns, lo, hi, nd int) {
	at := g.r.Intn(ns + 1)
	for i := 0; i < ns; i++ {
		if i == at && nd > 0 {
			g.defaultsBlock(nd)
		}
		g.section(g.sectionName(), lo+g.r.Intn(hi-lo+1))
	}
	if at == ns && nd > 0 {
		g.defaultsBlock(nd)
	}
}

func (g *gen) headerLine(name string) *header {
	h := &header{name: name}
	switch {
	case g.chance(0.05):
		h.trailer = g.pick([]string{" ; a comment", " # comment", "junk", "   ", "\t", " = x"})
	case g.chance(0.03):
		h.trailer = "] and more]" // the header runs to the last "]"
	}
	if g.chance(0.04) {
		h.trailer += g.ws(1 + g.r.Intn(3))
	}
	if g.doc.Regime == rTricky && g.chance(0.03) {
		// an indented header: after an option line indented less, part
		// of its value
		h.indent = g.ws(1)
	}
	return h
}

// section opens a section (a new one, or DEFAULT) with n options.
func (g *gen) section(name string, n int) *sectionModel {
	var sm *sectionModel
	if name == "DEFAULT" {
		if g.defaults == nil {
			g.defaults = &sectionModel{name: name}
		}
		sm = g.defaults
	} else {
		for _, s := range g.sections {
			if s.name == name {
				name = fmt.Sprintf("%s%d", name, len(g.sections))
				break
			}
		}
		sm = &sectionModel{name: name}
		g.sections = append(g.sections, sm)
	}
	g.elems = append(g.elems, g.headerLine(name))
	for i := 0; i < n; i++ {
		g.addOption(sm, nil, "")
	}
	return sm
}

func (g *gen) defaultsBlock(n int) {
	if n > 0 || g.chance(0.2) {
		g.section("DEFAULT", n)
	}
}

// addOption adds an option to sm: a pool name not yet there, else a fresh
// one (always fresh in big sections, with a few pool names).
func (g *gen) addOption(sm *sectionModel, e *entry, spelled string) *option {
	big := len(sm.opts) > 40
	if e == nil {
		if !big || g.chance(0.05) {
			for try := 0; try < 4; try++ {
				c := g.pool[g.r.Intn(len(g.pool))]
				if !sm.has(c) {
					e = c
					break
				}
			}
		}
		if e == nil {
			e = &entry{spells: []string{g.freshName(len(g.opts))}, level: g.levelDraw()}
			if big {
				e.level = 0
				if g.chance(0.1) {
					e.level = 1
				}
			}
			g.pool = append(g.pool, e)
		}
	}
	if spelled == "" {
		spelled = e.spell(g.r)
	}
	o := &option{e: e, name: spelled, section: g.indexOf(sm), sep: g.pick(seps)}
	if g.chance(0.05) || (g.exotic && g.chance(0.1)) {
		o.indent = g.ws(1 + g.r.Intn(2)) // an indented option line
	}
	o.levelCap, o.budget = e.level, g.budget
	sm.names = append(sm.names, e)
	sm.opts = append(sm.opts, o)
	g.opts = append(g.opts, o)
	g.elems = append(g.elems, o)
	return o
}

func (g *gen) freshName(i int) string {
	switch g.r.Intn(12) {
	case 0:
		return fmt.Sprintf("Opt%d", i)
	case 1:
		return fmt.Sprintf("opt.%d", i)
	case 2:
		return fmt.Sprintf("ключ%d", i)
	default:
		return fmt.Sprintf("o%d", i)
	}
}

func (s *sectionModel) has(e *entry) bool {
	for _, x := range s.names {
		if x == e {
			return true
		}
	}
	return false
}

func (g *gen) indexOf(sm *sectionModel) int {
	for i, s := range g.sections {
		if s == sm {
			return i
		}
	}
	return -1
}

// sprinkle inserts comments and blank lines between the elements, and now
// and then something before the first header.
func (g *gen) sprinkle() {
	var out []element
	if g.chance(0.2) {
		out = append(out, &rawLine{"# alembic.ini, generated"})
	}
	if g.chance(0.1) {
		out = append(out, &rawLine{g.ws(g.r.Intn(3))})
	}
	for _, e := range g.elems {
		if g.chance(0.06) {
			out = append(out, &rawLine{g.comment()})
		}
		if g.chance(0.08) {
			out = append(out, &rawLine{g.ws(g.r.Intn(3))})
		}
		out = append(out, e)
	}
	g.elems = out
}

func (g *gen) comment() string {
	c := g.pick([]string{"#", ";", "# a comment", "; another", "#[not a section]", ";;;", "# key = value", "#\t%(x)s %"})
	if g.chance(0.3) {
		c = g.ws(1+g.r.Intn(4)) + c // indented comment: a comment all the same
	}
	return c
}

// values draws every value not preset, names in level order.
func (g *gen) values() {
	order := make([]*option, 0, len(g.opts))
	for _, o := range g.opts {
		if !o.preset {
			order = append(order, o)
		}
	}
	sort.SliceStable(order, func(i, j int) bool { return order[i].levelCap < order[j].levelCap })
	for _, o := range order {
		work := g.value(o)
		if o.e != nil && work > o.e.est {
			o.e.est = work
		}
	}
}

// value draws the value of o and returns its work bound.
func (g *gen) value(o *option) int {
	if o.e != nil && o.e.long {
		o.first = g.longText(10000 + g.r.Intn(70000))
		if g.chance(0.5) {
			o.more = g.manyLines(50+g.r.Intn(300), o.indent)
		}
		return len(o.first) + 80*len(o.more)
	}
	budget, work := o.budget, 0
	o.first = g.text(o, &budget, &work)
	if g.chance(0.05) {
		o.first = "" // "key =" with the value on the lines below
	}
	if g.chance(0.15) {
		o.trail = g.ws(1 + g.r.Intn(2))
	}
	if g.chance(0.15) {
		n := 1 + g.r.Intn(4)
		for i := 0; i < n; i++ {
			switch {
			case g.chance(0.15):
				o.more = append(o.more, vline{kind: 'b', indent: g.ws(g.r.Intn(3))})
			case g.chance(0.1):
				o.more = append(o.more, vline{kind: '#', indent: g.ws(g.r.Intn(4)), text: g.comment()})
			default:
				o.more = append(o.more, vline{kind: 'c', indent: o.indent + g.ws(1+g.r.Intn(4)), text: g.text(o, &budget, &work) + g.ws(g.r.Intn(2))})
			}
		}
		if g.chance(0.2) {
			o.more = append(o.more, vline{kind: 'b', indent: g.ws(g.r.Intn(3))}) // a trailing blank line: dropped
		}
	}
	return work
}

// text draws one line of value content: words, "%%", references, bad
// syntax; no line break, no leading or trailing whitespace.
func (g *gen) text(o *option, budget, work *int) string {
	var b strings.Builder
	n := 1 + g.r.Intn(5)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(g.pick([]string{" ", "", " ", ",", "/", "\t", " "}))
		}
		b.WriteString(g.token(o, budget, work))
	}
	s := strings.TrimFunc(b.String(), func(r rune) bool {
		return strings.ContainsRune(" \t\f\v\x1c\x1d\x1e\x1f\u00a0\u0085\u1680\u2003\u2028\u2029\u202f\u205f\u3000", r)
	})
	if s == "" {
		s = "v"
	}
	*work += len(s)
	return s
}

func (g *gen) token(o *option, budget, work *int) string {
	refs := !o.noRefs
	switch k := g.r.Intn(100); {
	case k < 12:
		return "%%"
	case refs && k < 40 && o.levelCap > 0:
		for try := 0; try < 3; try++ {
			e := g.pool[g.r.Intn(len(g.pool))]
			if e.level < o.levelCap && !e.cyc && e.est+1 <= *budget {
				*budget -= e.est + 1
				*work += e.est + 1
				return "%(" + e.spell(g.r) + ")s"
			}
		}
	case refs && k < 45:
		return "%(here)s"
	case refs && k < 47:
		return "%(" + g.pick(g.ghosts) + ")s" // never defined
	case refs && k < 48 && len(g.cyc) > 0:
		return "%(" + g.cyc[g.r.Intn(len(g.cyc))].spell(g.r) + ")s"
	case k < 50:
		return g.pick(badSyntax)
	}
	return g.pick(words)
}

func (g *gen) longText(n int) string {
	var b strings.Builder
	for b.Len() < n {
		b.WriteString(g.pick(words))
		b.WriteByte(' ')
		if g.chance(0.01) {
			b.WriteString("%%")
		}
	}
	return strings.TrimSpace(b.String()) + "end"
}

// manyLines draws n continuation lines, with blank and comment lines among
// them, indented deeper than indent.
func (g *gen) manyLines(n int, indent string) []vline {
	out := make([]vline, 0, n)
	for i := 0; i < n; i++ {
		switch {
		case g.chance(0.05):
			out = append(out, vline{kind: 'b', indent: g.ws(g.r.Intn(3))})
		case g.chance(0.03):
			out = append(out, vline{kind: '#', indent: g.ws(g.r.Intn(3)), text: g.comment()})
		default:
			out = append(out, vline{kind: 'c', indent: indent + g.ws(1+g.r.Intn(3)), text: fmt.Sprintf("line %d %s", i, g.pick(words[:20]))})
		}
	}
	return out
}

// presetOption adds an option whose value is given.
func (g *gen) presetOption(sm *sectionModel, e *entry, value string) *option {
	o := g.addOption(sm, e, "")
	o.first, o.preset = value, true
	o.sep = " = "
	o.indent = ""
	return o
}

// bomb adds a family b0 … b2 whose top expands to about the limit: under
// it, over it, or a few bytes either side (the oracle measures the work).
func (g *gen) bomb() {
	sm := g.defaults
	if sm == nil || g.chance(0.5) {
		if len(g.sections) == 0 || g.chance(0.3) {
			g.section("alembic", 0)
		}
		sm = g.sections[g.r.Intn(len(g.sections))]
		if g.chance(0.3) {
			sm = g.section("DEFAULT", 0)
		}
	}
	var target int
	switch g.r.Intn(4) {
	case 0:
		target = maxValueSize/4 + g.r.Intn(maxValueSize/2)
	case 1:
		target = maxValueSize + maxValueSize/8 + g.r.Intn(2*maxValueSize)
	default:
		target = maxValueSize - 2 + g.r.Intn(5) // limit-2 … limit+2
	}
	m1, m2 := 2+g.r.Intn(15), 2+g.r.Intn(15)
	// work(b2) = m2*(1 + m1*(1+L)) + t2
	L := (target/m2-1)/m1 - 1
	t2 := target - m2*(1+m1*(1+L))
	if t2 < 0 {
		t2 = 0
	}
	b0 := &entry{spells: []string{"b0", "B0"}, fixed: true}
	b1 := &entry{spells: []string{"b1"}, fixed: true}
	b2 := &entry{spells: []string{"b2"}, fixed: true}
	g.presetOption(sm, b0, strings.Repeat("x", L))
	g.presetOption(sm, b1, strings.Repeat("%("+b0.spell(g.r)+")s", m1))
	tail := strings.Repeat("y", t2)
	if g.chance(0.2) {
		tail += "%(missing)s" // CPython fails after the work
	}
	g.presetOption(sm, b2, strings.Repeat("%(b1)s", m2)+tail)
	if g.chance(0.5) {
		top := &entry{spells: []string{"top"}, fixed: true}
		g.presetOption(sm, top, "[%(b2)s]")
	}
}

// depthChain adds d1 → d2 → … → dn, n around CPython's depth limit 10.
func (g *gen) depthChain() {
	if len(g.sections) == 0 {
		return
	}
	sm := g.sections[g.r.Intn(len(g.sections))]
	if g.defaults != nil && g.chance(0.3) {
		sm = g.defaults
	}
	n := 8 + g.r.Intn(5)
	last := g.pick([]string{"end", "end%%", "%(here)s", "100%%"})
	for i := 1; i <= n; i++ {
		e := &entry{spells: []string{fmt.Sprintf("d%d", i), fmt.Sprintf("D%d", i)}, fixed: true}
		v := last
		if i < n {
			v = fmt.Sprintf("<%%(D%d)s>", i+1)
		}
		g.presetOption(sm, e, v)
	}
}

// cycle adds names that reference each other: never expandable.
func (g *gen) cycle() {
	if len(g.sections) == 0 {
		return
	}
	sm := g.sections[g.r.Intn(len(g.sections))]
	a := &entry{spells: []string{"cyc_a", "CYC_A"}, cyc: true, fixed: true}
	b := &entry{spells: []string{"cyc_b"}, cyc: true, fixed: true}
	g.presetOption(sm, a, "x%(cyc_b)s")
	g.presetOption(sm, b, g.pick([]string{"%(cyc_a)s", "%(CYC_A)s%(cyc_a)s", "%(cyc_b)s"}))
	g.cyc = append(g.cyc, a, b)
}

// logging adds Alembic's generic template's sections, with variations of
// the logging options that the formatter rule keeps raw.
func (g *gen) logging() {
	al := g.section("alembic", 0)
	g.presetOption(al, &entry{spells: []string{"script_location"}}, g.pick([]string{"%(here)s/alembic", "alembic", "%(here)s/migrations"}))
	g.presetOption(al, &entry{spells: []string{"prepend_sys_path"}}, ".")
	g.presetOption(al, &entry{spells: []string{"path_separator"}}, "os")
	g.presetOption(al, &entry{spells: []string{"sqlalchemy.url"}}, "driver://user:pass@localhost/dbname")
	for i, n := 0, g.r.Intn(4); i < n; i++ {
		g.addOption(al, nil, "")
	}
	lg := g.section("loggers", 0)
	g.presetOption(lg, &entry{spells: []string{"keys"}}, "root,sqlalchemy,alembic")
	h := g.section("handlers", 0)
	g.presetOption(h, &entry{spells: []string{"keys"}}, "console")
	f := g.section("formatters", 0)
	g.presetOption(f, &entry{spells: []string{"keys"}}, "generic")
	for _, l := range []string{"root", "sqlalchemy", "alembic"} {
		s := g.section("logger_"+l, 0)
		g.presetOption(s, &entry{spells: []string{"level"}}, g.pick([]string{"WARNING", "WARN", "INFO"}))
		g.presetOption(s, &entry{spells: []string{"handlers"}}, g.pick([]string{"console", ""}))
		if l != "root" {
			g.presetOption(s, &entry{spells: []string{"qualname"}}, l+g.pick([]string{"", ".engine"}))
		}
	}
	hc := g.section("handler_console", 0)
	g.presetOption(hc, &entry{spells: []string{"class"}}, "StreamHandler")
	g.presetOption(hc, &entry{spells: []string{"args"}}, "(sys.stderr,)")
	g.presetOption(hc, &entry{spells: []string{"level"}}, "NOTSET")
	g.presetOption(hc, &entry{spells: []string{"formatter"}}, "generic")
	names := []string{"formatter_generic"}
	if g.chance(0.5) {
		names = append(names, g.pick([]string{"formatter_x", "formatter_json", "formatter_"}))
	}
	for _, n := range names {
		s := g.section(n, 0)
		for _, opt := range []string{"format", "datefmt", "style", "defaults", "class", "validate"} {
			if g.chance(0.7) || opt == "format" {
				g.presetOption(s, &entry{spells: []string{opt, strings.ToUpper(opt)}}, g.loggingValue(opt))
			}
		}
	}
	if g.chance(0.4) {
		d := g.section("DEFAULT", 0)
		// a default that the formatter rule keeps raw only in [formatter_*]
		g.presetOption(d, &entry{spells: []string{g.pick([]string{"datefmt", "style", "format", "defaults"})}}, g.loggingValue("datefmt"))
	}
	if g.chance(0.5) {
		g.plain(1+g.r.Intn(2), 0, 6, 0)
	}
}

func (g *gen) loggingValue(opt string) string {
	switch opt {
	case "format":
		return g.pick([]string{
			"%(levelname)-5.5s [%(name)s] %(message)s",
			"%%(levelname)s %%(message)s", // interpolates to a logging format
			"%(here)s %%(message)s",
			"{asctime} {levelname} {message}",
			"%(asctime)s %(message)s", // missing references
			"plain text",
		})
	case "datefmt":
		return g.pick([]string{"%H:%M:%S", "%%H:%%M:%%S", "%Y-%m-%d", "%%Y", "", "no percent"})
	case "style":
		return g.pick([]string{"%", "{", "$", "%%"})
	case "defaults":
		return g.pick([]string{"{'custom': 'x'}", "{'pct': '%%'}", "{'p': '%(here)s'}"})
	case "class":
		return g.pick([]string{"logging.Formatter", "%(here)s.Formatter"})
	}
	return g.pick([]string{"True", "%%"})
}

// tricky adds lines that stress the reading rules.
func (g *gen) tricky(n int) {
	for i := 0; i < n; i++ {
		if len(g.opts) == 0 {
			g.section(g.sectionName(), 1)
		}
		switch g.r.Intn(10) {
		case 9:
			// a reference that starts on one line of a value and ends on
			// the next: its name holds the line break
			sm := g.sections[len(g.sections)-1]
			o := g.addOption(sm, nil, "")
			o.first, o.preset = g.pick([]string{"x %(", "%(here", "%%(a"}), true
			o.more = append(o.more, vline{kind: 'c', indent: " ", text: g.pick([]string{"here)s", ")s", "name)s y"})})
		case 0:
			// an indented `k = v` deeper than the previous option line
			// continues its value
			o := g.opts[len(g.opts)-1]
			o.more = append(o.more, vline{kind: 'c', indent: o.indent + g.ws(1+g.r.Intn(2)), text: "swallowed = " + g.pick(words)})
		case 1:
			// indentation measured in code points, not bytes: a line
			// indented as far as the option line in characters (further
			// in bytes) is no continuation, one further in characters
			// (not in bytes) is
			sm := g.section(g.sectionName(), 0)
			o := g.addOption(sm, nil, "")
			o.noRefs = true
			wide := g.pick([]string{"\u00a0", "\u3000", "\u2003", "\u0085", "\u2028"})
			if g.chance(0.5) {
				o.indent = " "
				o.more = append(o.more, vline{kind: 'c', indent: wide, text: g.pick([]string{"next = 1", "no delimiter here"})})
				o.more = append(o.more, vline{kind: 'c', indent: wide + " ", text: "deeper"})
			} else {
				o.indent = wide
				o.more = append(o.more, vline{kind: 'c', indent: "  ", text: "continued = 1"})
				if g.chance(0.5) {
					o.more = append(o.more, vline{kind: 'c', indent: " ", text: "next = 2"})
				}
			}
		case 2:
			// an indented header after an option: part of its value
			o := g.opts[len(g.opts)-1]
			o.more = append(o.more, vline{kind: 'c', indent: o.indent + " ", text: "[looks like a section]"})
		case 3:
			g.elems = append(g.elems, &rawLine{g.pick([]string{"[x] = y", "[]=x", "a:b = c", "key  =  = v", "k=:v", "[a]b]", "[ spaced ]"})})
		case 4:
			// whitespace-only and comment lines inside a value
			o := g.opts[g.r.Intn(len(g.opts))]
			o.more = append(o.more,
				vline{kind: 'b', indent: g.pick(wsChars)},
				vline{kind: '#', indent: "", text: "# a comment at column 0 inside the value"},
				vline{kind: 'c', indent: o.indent + "\t", text: "after the comment"},
				vline{kind: 'b', indent: "\x1c\u3000"})
		case 5:
			// characters that str.splitlines() would break at, but a file
			// read never does
			sm := g.sections[len(g.sections)-1]
			o := g.addOption(sm, nil, "")
			o.first, o.preset = g.pick([]string{"a\x1cb", "a\x1db\x1ec", "a\u2028b", "a\u0085b", "a\vb\fc"}), true
		case 6:
			g.elems = append(g.elems, &rawLine{g.ws(1) + "\u200b"}) // not whitespace: a line of its own
		case 7:
			sm := g.sections[g.r.Intn(len(g.sections))]
			o := g.addOption(sm, nil, "")
			o.first, o.preset = g.pick([]string{"", " ", "\u00a0"}), true
			o.sep = g.pick([]string{" =", ":", " = "})
		case 8:
			// names that differ only in case, or lower to the same name
			sm := g.sections[g.r.Intn(len(g.sections))]
			grp := unicodeNames[g.r.Intn(len(unicodeNames))]
			e := &entry{spells: grp}
			g.addOption(sm, e, grp[0])
		}
	}
}

// faults draws errors into the document.
func (g *gen) faults(n int) {
	for i := 0; i < n; i++ {
		var f string
		switch g.r.Intn(10) {
		case 9:
			// CPython decodes the file in chunks of 8 KiB as it reads:
			// an invalid byte far down comes after the errors above it
			f = "bad-utf8-late"
			var pad strings.Builder
			for n := 300 + g.r.Intn(1500); n > 0; n-- {
				pad.WriteString(g.pick([]string{"# pad ünï", "; pad", "#", "# 日本語 pad"}))
				if n > 1 {
					pad.WriteString(g.pick([]string{"\n", "\r\n"}))
				}
			}
			g.elems = append(g.elems, &rawLine{pad.String()}, &rawLine{g.pick([]string{"late = \xff", "# \xc3(", "\xe6\x97"})})
			if g.chance(0.5) && len(g.sections) > 0 {
				g.elems = append(g.elems, &rawLine{g.pick([]string{"after = 1", "no delimiter"})})
			}
		case 0:
			f = "no-delimiter"
			g.insertRaw(g.pick([]string{"this line has no delimiter", "justaword", "[]", "[unclosed", "%(x)s"}))
		case 1:
			f = "empty-name"
			g.insertRaw(g.pick([]string{"= value", ": value", " =x"}))
		case 2:
			f = "duplicate-option"
			if len(g.opts) == 0 {
				continue
			}
			o := g.opts[g.r.Intn(len(g.opts))]
			var sm *sectionModel
			if o.section >= 0 {
				sm = g.sections[o.section]
			} else {
				sm = g.defaults
			}
			if sm == nil || o.e == nil {
				continue
			}
			d := &option{e: o.e, name: o.e.spell(g.r), section: o.section, sep: " = ", first: "dup", preset: true}
			g.insertAfter(o, sm, d)
		case 3:
			f = "duplicate-section"
			if len(g.sections) == 0 {
				continue
			}
			s := g.sections[g.r.Intn(len(g.sections))]
			g.elems = append(g.elems, &header{name: s.name}, &rawLine{"again = 1"})
		case 4:
			f = "duplicate-default-option"
			d := g.section("DEFAULT", 0)
			g.presetOption(d, &entry{spells: []string{"dd", "DD"}}, "1")
			g.section("DEFAULT", 0)
			g.presetOption(d, &entry{spells: []string{"dd", "DD"}}, "2")
		case 5:
			f = "before-header"
			g.elems = append([]element{&rawLine{g.pick([]string{"key = value", "  indented = 1", "word", "\ufeff[alembic]"})}}, g.elems...)
		case 6:
			f = "bad-utf8"
			// invalid start bytes, a surrogate, an overlong form, a code
			// point past U+10FFFF
			g.insertRaw(g.pick([]string{"k8 = \xff\xfe", "# comment \xc3(", "bad\x80 = 1", "s = \xed\xa0\x80", "o = \xc0\xaf", "big = \xf4\x90\x80\x80"}))
		case 7:
			f = "bom"
			g.elems = append([]element{&rawLine{"\ufeff# BOM"}}, g.elems...)
		case 8:
			f = "duplicate-option-late"
			// a duplicate past the 48th option of a big section
			for _, s := range g.sections {
				if len(s.opts) > 48 {
					j := 48 + g.r.Intn(len(s.opts)-48)
					o := s.opts[j]
					if o.e == nil {
						continue
					}
					d := &option{e: o.e, name: o.e.spell(g.r), section: o.section, sep: "=", first: "late", preset: true}
					g.insertAfter(s.opts[len(s.opts)-1], s, d)
					break
				}
			}
		}
		g.doc.Faults = append(g.doc.Faults, f)
	}
}

func (g *gen) insertRaw(text string) {
	at := g.r.Intn(len(g.elems) + 1)
	if len(g.elems) > 0 && at == 0 {
		at = 1 // after the first header, else it is a missing-header fault
	}
	g.elems = append(g.elems[:at], append([]element{&rawLine{text}}, g.elems[at:]...)...)
}

func (g *gen) insertAfter(after *option, sm *sectionModel, o *option) {
	for i, e := range g.elems {
		if e == after {
			g.elems = append(g.elems[:i+1], append([]element{o}, g.elems[i+1:]...)...)
			sm.opts = append(sm.opts, o)
			return
		}
	}
}

func (g *gen) render() {
	w := &writer{r: g.r}
	switch k := g.r.Intn(20); {
	case k < 13:
		w.eol = "\n"
	case k < 16:
		w.eol = "\r\n"
	case k < 17:
		w.eol = "\r"
	default:
		w.eol = "" // mixed
	}
	for _, e := range g.elems {
		e.render(w)
	}
	if len(w.b) > 0 && g.chance(0.2) {
		// no line break at the end
		w.b = []byte(strings.TrimRight(string(w.b), "\r\n"))
	}
	g.doc.Text = w.b
}

// ops draws a short sequence of Alembic calls: reads, probes and changes.
func (g *gen) ops() {
	secs := []string{"alembic", "DEFAULT", "", "nosuch", "ALEMBIC"}
	for _, s := range g.sections {
		secs = append(secs, s.name, s.name, s.name)
	}
	names := []string{"here", "HERE", "", "missing", "sqlalchemy.url", "multi\nname", "MULTI\nNAME"}
	for _, e := range g.pool {
		if len(names) > 60 {
			break
		}
		names = append(names, e.spells...)
		names = append(names, strings.ToUpper(e.spells[0]))
	}
	touched := map[string]bool{"alembic": true}
	if len(g.sections) > 0 {
		touched[g.sections[0].name] = true
	}
	n := 2 + g.r.Intn(7)
	for i := 0; i < n; i++ {
		s, name := g.pick(secs), g.pick(names)
		var op Op
		switch g.r.Intn(9) {
		case 0, 1:
			op = Op{Op: "set_section_option", Section: s, Name: name, Value: g.opValue()}
			if g.chance(0.2) {
				op.Section = fmt.Sprintf("new%d", i)
			}
			touched[op.Section] = true
		case 2:
			op = Op{Op: "remove_main_option", Section: "alembic", Name: name}
		case 3:
			op = Op{Op: "get_section", Section: s}
		case 4:
			op = Op{Op: "options", Section: s}
		case 5:
			op = Op{Op: "has_option", Section: s, Name: name}
		case 6:
			op = Op{Op: "get_section_option", Section: s, Name: name}
		case 7:
			op = Op{Op: "get", Section: s, Name: name}
		case 8:
			op = Op{Op: "raw_get", Section: s, Name: name}
		}
		g.doc.Ops = append(g.doc.Ops, op)
		if op.Op == "set_section_option" || op.Op == "remove_main_option" {
			if g.chance(0.5) { // read it back at once
				g.doc.Ops = append(g.doc.Ops, Op{Op: "get_section", Section: op.Section})
			}
		}
	}
	for s := range touched {
		g.doc.Final = append(g.doc.Final, s)
	}
	sort.Strings(g.doc.Final)
}

func (g *gen) opValue() string {
	switch g.r.Intn(10) {
	case 0:
		return ""
	case 1:
		return g.pick(badSyntax)
	case 2:
		return "multi\nline\n\tvalue"
	case 3:
		return "%(" + g.pool[g.r.Intn(len(g.pool))].spell(g.r) + ")s/x"
	case 4:
		return "%(missing)s"
	case 5:
		return "100%% sure"
	case 6:
		return "%(here)s/%%(x)s"
	case 7:
		return " padded "
	case 8:
		// a reference whose name holds a line break: set_section_option
		// can make such a name
		return g.pick([]string{"%(multi\nname)s", "%(MULTI\nname)s!", "a %(\nname)s"})
	}
	return g.pick(words)
}
