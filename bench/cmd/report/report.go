package main

import (
	"fmt"
	"math"
	"regexp"
	"strings"
)

// The rows and columns of the report, in order.
var (
	loadImpls   = []string{"alembiccfg", "provider", "parser", "iniv1", "viper", "koanf-toml", "readfile"}
	bytesImpls  = []string{"alembiccfg", "engine", "iniv1", "viper", "cpython-configparser"}
	lookupImpls = []string{"alembiccfg", "alembiccfg-interpolated", "koanf", "viper", "iniv1"}
	parseImpls  = []string{"engine", "alembiccfg", "iniv1-buf4k", "iniv1-bigbuf", "viper", "cpython-configparser"}
	inputOrder  = []string{"template", "1KB", "64KB", "1MB", "20MB", "100MB", "1Msections", "500opts"}
)

// sizeName matches the inputs of the size series (the plot's x axis).
var sizeName = regexp.MustCompile(`^[0-9]+(KB|MB)$`)

const cpython = "cpython-configparser"

// inputs returns the inputs of BenchmarkParse in the run, in order.
func (r *run) inputs() []string {
	have := map[string]bool{}
	for name := range r.res {
		if rest, ok := strings.CutPrefix(name, "BenchmarkParse/"); ok {
			if in, _, ok := strings.Cut(rest, "/"); ok {
				have[in] = true
			}
		}
	}
	var out []string
	for _, in := range inputOrder {
		if have[in] {
			out = append(out, in)
			delete(have, in)
		}
	}
	for in := range have {
		out = append(out, in)
	}
	return out
}

// size is an input's size in bytes, from a row's MB/s and ns/op (Go's
// b.SetBytes, bench.py's UTF-8 length).
func (r *run) size(input string) (float64, bool) {
	for _, im := range append(parseImpls, r.impls("BenchmarkParse/"+input, nil)...) {
		name := "BenchmarkParse/" + input + "/" + im
		mbs, ok1 := r.get(name, "MB/s")
		ns, ok2 := r.get(name, "ns/op")
		if ok1 && ok2 {
			return mbs * ns / 1e3, true
		}
	}
	return 0, false
}

// goal is one target of DESIGN.md §8 / issue 14 with its measured value.
type goal struct {
	what, target, measured, status string
}

func status(ok, aim, have bool) string {
	switch {
	case !have:
		return "not measured"
	case aim:
		return "met (aim too)"
	case ok:
		return "met"
	}
	return "**missed**"
}

// report is everything derived from a run.
type report struct {
	r     *run
	goals []goal
	ahead []aheadRow
}

type aheadRow struct {
	row, ours    string
	iniv1, viper float64 // their time (or heap) over ours; 0 when absent
	iniv1Impl    string
	memory       bool
}

func newReport(r *run) *report {
	rep := &report{r: r}
	rep.computeAhead()
	rep.computeGoals()
	return rep
}

func (rep *report) t(name string) (float64, bool) { return rep.r.get(name, "ns/op") }

func (rep *report) computeGoals() {
	r := rep.r
	add := func(what, target, measured, st string) {
		rep.goals = append(rep.goals, goal{what, target, measured, st})
	}
	alembicImpl := r.prefixed("BenchmarkLoadTemplate", "alembic-")
	ours, ok1 := rep.t("BenchmarkLoadTemplate/alembiccfg")
	alem, ok2 := rep.t("BenchmarkLoadTemplate/" + alembicImpl)
	ratio := alem / ours
	add("End to end (fresh Config from the file + MainOption) vs Alembic "+strings.TrimPrefix(alembicImpl, "alembic-"),
		"≥ 15× faster (aim 25×)", fmtRatio(ratio, ok1 && ok2)+" faster", status(ratio >= 15, ratio >= 25, ok1 && ok2))
	rf, ok3 := rep.t("BenchmarkLoadTemplate/readfile")
	ratio = ours / rf
	add("End to end vs a bare os.ReadFile of the same file", "≤ 2× (aim 1.5×)", fmtRatio(ratio, ok1 && ok3)+" the read",
		status(ratio <= 2, ratio <= 1.5, ok1 && ok3))

	mem, ok1 := rep.t("BenchmarkLoadTemplateBytes/alembiccfg")
	cp, ok2 := rep.t("BenchmarkLoadTemplateBytes/" + cpython)
	ratio = cp / mem
	add("In memory, parse + MainOption through the facade vs CPython read_string + get", "≥ 40× faster (aim 75×)",
		fmtRatio(ratio, ok1 && ok2)+" faster", status(ratio >= 40, ratio >= 75, ok1 && ok2))

	mbs, ok := r.get("BenchmarkParse/20MB/engine", "MB/s")
	add("Parse throughput on 20 MB (engine, full Document)", "≥ 400 MB/s (aim 1 GB/s)", fmtMBs(mbs, ok),
		status(mbs >= 400, mbs >= 1000, ok))
	if f, ok := r.get("BenchmarkParse/20MB/alembiccfg", "MB/s"); ok {
		add("Parse throughput on 20 MB (facade: New + Load from memory)", "(reported)", fmtMBs(f, true), "")
	}
	small, okS := r.get("BenchmarkParse/1MB/engine", "MB/s")
	big, okB := r.get("BenchmarkParse/100MB/engine", "MB/s")
	ratio = big / small
	add("Linear: MB/s at 100 MB within 20% of 1 MB (engine)", "0.8–1.2",
		fmt.Sprintf("%s (%s / %s)", fmtPlain(ratio, okS && okB), fmtMBs(big, okB), fmtMBs(small, okS)),
		status(ratio >= 0.8 && ratio <= 1.2, false, okS && okB))
	iv, okI := r.get("BenchmarkParse/20MB/iniv1-buf4k", "MB/s")
	ratio = mbs / iv
	add("20 MB: engine vs ini.v1 (4 KB buffer)", "≥ 3×", fmtRatio(ratio, ok && okI), status(ratio >= 3, false, ok && okI))

	for _, im := range []string{"alembiccfg", "alembiccfg-interpolated"} {
		ns, ok1 := rep.t("BenchmarkLookup/" + im)
		al, ok2 := r.get("BenchmarkLookup/"+im, "allocs/op")
		add("Lookup on a loaded Config: "+im, "≤ 50 ns, 0 allocs",
			fmt.Sprintf("%s, %s allocs", fmtNs(ns, ok1), fmtPlain(al, ok2)), status(ns <= 50 && al == 0, false, ok1 && ok2))
	}

	for _, im := range []string{"engine", "alembiccfg"} {
		worst, where, have := 0.0, "", false
		for _, in := range r.inputs() {
			if !sizeName.MatchString(in) {
				continue // the shapes are reported below
			}
			if v, ok := r.get("BenchmarkParse/"+in+"/"+im, "peak-B/B"); ok {
				have = true
				if v > worst {
					worst, where = v, in
				}
			}
		}
		add("Heap above the baseline, 64 KB and up: "+im+" (peak bound, worst input)", "≤ 3× the file",
			fmt.Sprintf("%s (%s)", fmtRatio(worst, have), where), status(worst <= 3, false, have))
	}

	for _, in := range r.inputs() {
		if sizeName.MatchString(in) || in == "template" {
			continue
		}
		var parts []string
		for _, im := range []string{"engine", "alembiccfg"} {
			n := "BenchmarkParse/" + in + "/" + im
			if v, ok := r.get(n, "peak-B/B"); ok {
				mbs, _ := r.get(n, "MB/s")
				parts = append(parts, fmt.Sprintf("%s %s, %s", im, fmtMBs(mbs, true), fmtRatio(v, true)))
			}
		}
		if len(parts) > 0 {
			add("Shape "+in+": throughput and heap's peak bound", "(reported)", strings.Join(parts, "; "), "")
		}
	}

	minI, minV, rowI, rowV := math.Inf(1), math.Inf(1), "", ""
	for _, a := range rep.ahead {
		if a.iniv1 > 0 && a.iniv1 < minI {
			minI, rowI = a.iniv1, a.row+", "+a.ours
		}
		if a.viper > 0 && a.viper < minV {
			minV, rowV = a.viper, a.row+", "+a.ours
		}
	}
	add("Ahead of ini.v1 on every row (least margin)", "> 1×", fmt.Sprintf("%s (at %s)", fmtRatio(minI, rowI != ""), rowI),
		status(minI > 1, false, rowI != ""))
	add("Ahead of viper on every row (least margin)", "> 1×", fmt.Sprintf("%s (at %s)", fmtRatio(minV, rowV != ""), rowV),
		status(minV > 1, false, rowV != ""))
}

// computeAhead lists, for every row of the run, how many times ini.v1
// and viper take what ours takes (time, and from 64 KB the heap's peak
// bound).
func (rep *report) computeAhead() {
	r := rep.r
	pair := func(row, ours, oursName, iniName, viperName, unit string, memory bool) {
		o, ok := r.get(oursName, unit)
		if !ok || o <= 0 {
			return
		}
		a := aheadRow{row: row, ours: ours, memory: memory}
		if v, ok := r.get(iniName, unit); ok {
			a.iniv1, a.iniv1Impl = v/o, iniName[strings.LastIndexByte(iniName, '/')+1:]
		}
		if v, ok := r.get(viperName, unit); ok {
			a.viper = v / o
		}
		if a.iniv1 > 0 || a.viper > 0 {
			rep.ahead = append(rep.ahead, a)
		}
	}
	for _, g := range []string{"LoadTemplate", "LoadTemplateBytes", "Lookup"} {
		b := "Benchmark" + g + "/"
		pair(g, "alembiccfg", b+"alembiccfg", b+"iniv1", b+"viper", "ns/op", false)
	}
	for _, in := range r.inputs() {
		b := "BenchmarkParse/" + in + "/"
		for _, ours := range []string{"engine", "alembiccfg"} {
			// ini.v1's better configuration on this input.
			best := b + "iniv1-buf4k"
			bt, okBest := r.get(best, "ns/op")
			if v, ok := r.get(b+"iniv1-bigbuf", "ns/op"); ok && (!okBest || v < bt) {
				best = b + "iniv1-bigbuf"
			}
			pair("Parse/"+in, ours, b+ours, best, b+"viper", "ns/op", false)
			pair("Parse/"+in+" heap", ours, b+ours, b+"iniv1-buf4k", b+"viper", "peak-B/B", true)
		}
	}
}

// markdown renders the report's tables.
func (rep *report) markdown() string {
	r := rep.r
	var sb strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&sb, format, a...) }

	w("Machine: %s; %s.\n\n", rep.machine(), rep.counts())

	// End to end.
	if im := r.impls("BenchmarkLoadTemplate", loadImpls); len(im) > 0 {
		w("**Load the template from its file and read `sqlalchemy.url`** (`BenchmarkLoadTemplate`, fresh each time)\n\n")
		w("| impl | time/op | × os.ReadFile | × alembiccfg | allocs/op | B/op |\n|---|---:|---:|---:|---:|---:|\n")
		rf, okR := rep.t("BenchmarkLoadTemplate/readfile")
		ac, okA := rep.t("BenchmarkLoadTemplate/alembiccfg")
		for _, i := range im {
			n := "BenchmarkLoadTemplate/" + i
			t, ok := rep.t(n)
			w("| `%s` | %s | %s | %s | %s | %s |\n", i, fmtNs(t, ok), fmtRatio(t/rf, ok && okR), fmtRatio(t/ac, ok && okA),
				rep.plain(n, "allocs/op"), rep.bytes(n, "B/op"))
		}
		w("\n")
	}
	if im := r.impls("BenchmarkLoadTemplateBytes", bytesImpls); len(im) > 0 {
		w("**Parse + `here` + one lookup from the template's bytes in memory** (`BenchmarkLoadTemplateBytes`)\n\n")
		w("| impl | time/op | × alembiccfg | CPython's time ÷ this | allocs/op |\n|---|---:|---:|---:|---:|\n")
		ac, okA := rep.t("BenchmarkLoadTemplateBytes/alembiccfg")
		cp, okC := rep.t("BenchmarkLoadTemplateBytes/" + cpython)
		for _, i := range im {
			n := "BenchmarkLoadTemplateBytes/" + i
			t, ok := rep.t(n)
			w("| `%s` | %s | %s | %s | %s |\n", i, fmtNs(t, ok), fmtRatio(t/ac, ok && okA), fmtRatio(cp/t, ok && okC), rep.plain(n, "allocs/op"))
		}
		w("\n")
	}
	if im := r.impls("BenchmarkLookup", lookupImpls); len(im) > 0 {
		w("**One lookup on a loaded configuration** (`BenchmarkLookup`)\n\n")
		w("| impl | time/op | × alembiccfg | allocs/op | B/op |\n|---|---:|---:|---:|---:|\n")
		ac, okA := rep.t("BenchmarkLookup/alembiccfg")
		for _, i := range im {
			n := "BenchmarkLookup/" + i
			t, ok := rep.t(n)
			w("| `%s` | %s | %s | %s | %s |\n", i, fmtNs(t, ok), fmtRatio(t/ac, ok && okA), rep.plain(n, "allocs/op"), rep.bytes(n, "B/op"))
		}
		w("\n")
	}

	// Scaling.
	ins := r.inputs()
	if len(ins) > 0 {
		cols := rep.parseCols()
		w("**Parse throughput, MB/s (time/op)** (`BenchmarkParse/<input>/<impl>`; — not run)\n\n")
		w("| input | size |")
		for _, c := range cols {
			w(" `%s` |", c)
		}
		w("%s", "\n|---|---:|"+strings.Repeat("---:|", len(cols))+"\n")
		for _, in := range ins {
			sz, okS := r.size(in)
			w("| %s | %s |", in, fmtBytes(sz, okS))
			for _, c := range cols {
				n := "BenchmarkParse/" + in + "/" + c
				mbs, ok1 := r.get(n, "MB/s")
				t, ok2 := rep.t(n)
				if !ok1 || !ok2 {
					w(" — |")
					continue
				}
				w(" %s (%s) |", fmtMBs(mbs, true), fmtNs(t, true))
			}
			w("\n")
		}
		w("\n**Heap of one parse, × the input: peak bound / retained** (64 KB and up; Go: bytes allocated by one parse with the collector off / live heap after a collection with the model held; CPython: tracemalloc's peak / what stays allocated)\n\n")
		w("| input |")
		for _, c := range cols {
			w(" `%s` |", c)
		}
		w("%s", "\n|---|"+strings.Repeat("---:|", len(cols))+"\n")
		for _, in := range ins {
			row, any := "", false
			for _, c := range cols {
				n := "BenchmarkParse/" + in + "/" + c
				p, ok1 := r.get(n, "peak-B/B")
				k, ok2 := r.get(n, "retained-B/B")
				if !ok1 || !ok2 {
					row += " — |"
					continue
				}
				any = true
				row += fmt.Sprintf(" %.2f / %.2f |", p, k)
			}
			if any {
				w("| %s |%s\n", in, row)
			}
		}
		w("\n**allocs/op of one parse**\n\n| input |")
		for _, c := range cols {
			w(" `%s` |", c)
		}
		w("%s", "\n|---|"+strings.Repeat("---:|", len(cols))+"\n")
		for _, in := range ins {
			w("| %s |", in)
			for _, c := range cols {
				w(" %s |", rep.plain("BenchmarkParse/"+in+"/"+c, "allocs/op"))
			}
			w("\n")
		}
		w("\n")
	}

	if len(rep.ahead) > 0 {
		w("**Ahead of ini.v1 and viper, row by row**: their time (or heap) ÷ ours; above 1× we are ahead. ini.v1 is its faster configuration on each input.\n\n")
		w("| row | ours | ini.v1 ÷ ours | viper ÷ ours |\n|---|---|---:|---:|\n")
		for _, a := range rep.ahead {
			iv := "—"
			if a.iniv1 > 0 {
				iv = fmtRatio(a.iniv1, true)
				if a.iniv1Impl != "iniv1" && a.iniv1Impl != "" {
					iv += " (" + a.iniv1Impl + ")"
				}
			}
			vp := "—"
			if a.viper > 0 {
				vp = fmtRatio(a.viper, true)
			}
			w("| %s | `%s` | %s | %s |\n", a.row, a.ours, iv, vp)
		}
		w("\n")
	}

	w("**Goals** (DESIGN.md §8, issue 14), from this run\n\n")
	w("| goal | target | measured | |\n|---|---|---|---|\n")
	for _, g := range rep.goals {
		w("| %s | %s | %s | %s |\n", g.what, g.target, g.measured, g.status)
	}
	return sb.String()
}

// parseCols are the implementations of BenchmarkParse in the run.
func (rep *report) parseCols() []string {
	seen := map[string]bool{}
	for name := range rep.r.res {
		if rest, ok := strings.CutPrefix(name, "BenchmarkParse/"); ok {
			if _, im, ok := strings.Cut(rest, "/"); ok {
				seen[im] = true
			}
		}
	}
	var cols []string
	for _, c := range parseImpls {
		if seen[c] {
			cols = append(cols, c)
			delete(seen, c)
		}
	}
	for c := range seen {
		cols = append(cols, c)
	}
	return cols
}

// counts describes how many runs the medians are of.
func (rep *report) counts() string {
	lo, hi := math.MaxInt, 0
	for _, units := range rep.r.res {
		n := len(units["ns/op"])
		lo, hi = min(lo, n), max(hi, n)
	}
	if lo == hi && hi == 1 {
		return "one run of each"
	}
	if lo == hi {
		return fmt.Sprintf("medians of %d runs", hi)
	}
	return fmt.Sprintf("medians of %d runs (%d for the slowest rows)", hi, lo)
}

func (rep *report) plain(name, unit string) string {
	v, ok := rep.r.get(name, unit)
	return fmtPlain(v, ok)
}

func (rep *report) bytes(name, unit string) string {
	v, ok := rep.r.get(name, unit)
	return fmtBytes(v, ok)
}

// machine names the machine from the run's configuration lines.
func (rep *report) machine() string {
	r := rep.r
	var parts []string
	cpu := r.cfg("cpu-model")
	if cpu == "" {
		cpu = r.cfg("cpu")
	}
	if cpu != "" {
		parts = append(parts, cpu)
	}
	if c := r.cfg("cores"); c != "" {
		parts = append(parts, c+" cores")
	}
	if g, a := r.cfg("goos"), r.cfg("goarch"); g != "" {
		parts = append(parts, g+"/"+a)
	}
	for _, k := range []string{"go", "python"} {
		if v := r.cfg(k); v != "" {
			parts = append(parts, v)
		}
	}
	if v := r.cfg("alembic"); v != "" {
		parts = append(parts, "Alembic "+v)
	}
	if v := r.cfg("mode"); v != "" {
		parts = append(parts, "mode "+v)
	}
	if len(parts) == 0 {
		return "unknown"
	}
	return strings.Join(parts, ", ")
}

// summary is the short block for the repository's README.
func (rep *report) summary() string {
	r := rep.r
	var sb strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&sb, format, a...) }
	w("From one run (%s); ratios within that run:\n\n", rep.machine())
	alembicImpl := r.prefixed("BenchmarkLoadTemplate", "alembic-")
	ac, ok1 := rep.t("BenchmarkLoadTemplate/alembiccfg")
	rf, ok2 := rep.t("BenchmarkLoadTemplate/readfile")
	al, ok3 := rep.t("BenchmarkLoadTemplate/" + alembicImpl)
	w("- **Load + read of the template** (`alembiccfg.New` + `MainOption`): %s, %s a bare `os.ReadFile` of the file, %s faster than Alembic %s.\n",
		fmtNs(ac, ok1), fmtRatio(ac/rf, ok1 && ok2), fmtRatio(al/ac, ok1 && ok3), strings.TrimPrefix(alembicImpl, "alembic-"))
	m, ok1 := rep.t("BenchmarkLoadTemplateBytes/alembiccfg")
	c, ok2 := rep.t("BenchmarkLoadTemplateBytes/" + cpython)
	w("- **From bytes in memory** (`Options.FS`): %s, %s faster than CPython's `read_string` + `get`.\n", fmtNs(m, ok1), fmtRatio(c/m, ok1 && ok2))
	e20, ok1 := r.get("BenchmarkParse/20MB/engine", "MB/s")
	e1, ok2 := r.get("BenchmarkParse/1MB/engine", "MB/s")
	e100, ok3 := r.get("BenchmarkParse/100MB/engine", "MB/s")
	i20, ok4 := r.get("BenchmarkParse/20MB/iniv1-buf4k", "MB/s")
	v20, ok5 := r.get("BenchmarkParse/20MB/viper", "MB/s")
	c20, ok6 := r.get("BenchmarkParse/20MB/"+cpython, "MB/s")
	w("- **Parse, 20 MB**: %s (ini.v1 %s, viper %s, CPython %s); 100 MB at %s of the 1 MB rate.\n",
		fmtMBs(e20, ok1), fmtRatio(e20/i20, ok1 && ok4)+" slower", fmtRatio(e20/v20, ok1 && ok5)+" slower", fmtRatio(e20/c20, ok1 && ok6)+" slower",
		fmtRatio(e100/e1, ok2 && ok3))
	l, ok1 := rep.t("BenchmarkLookup/alembiccfg")
	la, ok2 := r.get("BenchmarkLookup/alembiccfg", "allocs/op")
	k, ok3 := rep.t("BenchmarkLookup/koanf")
	v, ok4 := rep.t("BenchmarkLookup/viper")
	w("- **Lookup** (`MainOption`): %s, %s allocs (`Koanf().String` %s, viper `GetString` %s).\n", fmtNs(l, ok1), fmtPlain(la, ok2), fmtNs(k, ok3), fmtNs(v, ok4))
	byWhat := map[string]goal{}
	for _, g := range rep.goals {
		byWhat[g.what] = g
	}
	heapE := byWhat["Heap above the baseline, 64 KB and up: engine (peak bound, worst input)"].measured
	heapF := byWhat["Heap above the baseline, 64 KB and up: alembiccfg (peak bound, worst input)"].measured
	cpHeap, okC := r.get("BenchmarkParse/1MB/"+cpython, "peak-B/B")
	w("- **Heap above the baseline**, 64 KB and up: engine %s the file, facade %s (CPython's peak on 1 MB: %s).\n", heapE, heapF, fmtRatio(cpHeap, okC))
	w("- **Against the others**, least margin over all rows: ini.v1 %s, viper %s.\n",
		byWhat["Ahead of ini.v1 on every row (least margin)"].measured, byWhat["Ahead of viper on every row (least margin)"].measured)
	met, missed := 0, []string{}
	for _, g := range rep.goals {
		switch {
		case strings.HasPrefix(g.status, "met"):
			met++
		case g.status == "**missed**":
			missed = append(missed, g.what)
		}
	}
	w("- **Goals**: %d met", met)
	if len(missed) > 0 {
		w(", %d missed: %s", len(missed), strings.Join(missed, "; "))
	}
	w(".\n")
	return sb.String()
}

// Formatting: three significant digits.

func fmtNs(ns float64, ok bool) string {
	if !ok || math.IsNaN(ns) || math.IsInf(ns, 0) {
		return "—"
	}
	switch {
	case ns < 1e3:
		return sig(ns) + " ns"
	case ns < 1e6:
		return sig(ns/1e3) + " µs"
	case ns < 1e9:
		return sig(ns/1e6) + " ms"
	}
	return sig(ns/1e9) + " s"
}

func fmtMBs(v float64, ok bool) string {
	if !ok || math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	return sig(v) + " MB/s"
}

func fmtBytes(v float64, ok bool) string {
	if !ok || math.IsNaN(v) {
		return "—"
	}
	switch {
	case v < 1<<10:
		return fmt.Sprintf("%.0f B", v)
	case v < 0.999*(1<<20):
		return sig(v/(1<<10)) + " KiB"
	case v < 0.999*(1<<30):
		return sig(v/(1<<20)) + " MiB"
	}
	return sig(v/(1<<30)) + " GiB"
}

func fmtRatio(v float64, ok bool) string {
	if !ok || math.IsNaN(v) || math.IsInf(v, 0) || v == 0 {
		return "—"
	}
	return sig(v) + "×"
}

func fmtPlain(v float64, ok bool) string {
	if !ok || math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return groupDigits(int64(v))
	}
	return sig(v)
}

func sig(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1000:
		return groupDigits(int64(math.Round(v)))
	case a >= 100:
		return fmt.Sprintf("%.0f", v)
	case a >= 10:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.2f", v)
}

func groupDigits(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}
