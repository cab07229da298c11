package conformance

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/koanf-alembic/koanf-alembic/pyvalue"
)

// isFormatterRaw reports whether an option is one of those of a
// [formatter_*] section that Python's logging.fileConfig reads raw
// (cp.get(..., raw=True)): format, datefmt, style and defaults. The koanf
// views give them raw and never report them as failures.
func isFormatterRaw(section, option string) bool {
	if !strings.HasPrefix(section, "formatter_") {
		return false
	}
	switch option {
	case "format", "datefmt", "style", "defaults":
		return true
	}
	return false
}

// failure is one value an entry point reports as failing.
type failure struct {
	section, option, kind, message string
}

func (f failure) String() string {
	return fmt.Sprintf("[%s] %s: %s", f.section, f.option, f.kind)
}

// treeResult is what one read of a tree entry point gave.
type treeResult struct {
	tree    map[string]any
	reports []failure
	err     error
}

// readTree reads the tree once, in the lenient or the strict mode.
func readTree(e treeEntry, r request, strict bool) treeResult {
	var res treeResult
	report := func(section, option string, err error) {
		res.reports = append(res.reports, failure{section, option, errorKind(err), errorMessage(err)})
	}
	if strict {
		report = nil
	}
	res.tree, res.err = e.read(r, strict, report)
	return res
}

// runTreeCase runs a case through a tree-returning entry point. applies
// is false when the case does not apply to it (and is not counted).
func runTreeCase(e treeEntry, name string, r request, expect []any, opts Options) (out Outcome, applies bool) {
	at := r.firstDump()
	if at < 0 || at >= len(expect) || e.cannot(r) != "" {
		return out, false
	}
	out, applies = Outcome{Case: name, EntryPoint: e.name}, true
	defer recoverCase(&out) // a panic returns out failed, applies true
	want, ok := expect[at].(*pyvalue.Dict)
	if !ok {
		out.Status = Failed
		out.Details = []string{"malformed expectation " + encodeJSON(expect[at])}
		return out, true
	}
	c := treeCheck{e: e, r: r, exact: opts.ExactMessages}
	c.check(want, readTree(e, r, false), readTree(e, r, true))
	out.Details = c.details
	if len(out.Details) > 0 {
		out.Status = Failed
	}
	return out, true
}

// treeCheck compares the trees of one case with the expected dump.
type treeCheck struct {
	e       treeEntry
	r       request
	exact   bool
	details []string
}

func (c *treeCheck) failf(format string, args ...any) {
	c.details = append(c.details, fmt.Sprintf(format, args...))
}

// wantError checks that a read failed as an expected error result.
func (c *treeCheck) wantError(mode string, got treeResult, want *pyvalue.Dict) {
	kind, _ := want.Get("error")
	msg, _ := want.Get("message")
	if got.err == nil {
		c.failf("%s: expected %v, got a tree", mode, kind)
		return
	}
	if errorKind(got.err) != kind {
		c.failf("%s: expected %v, got %s", mode, kind, describeErr(got.err))
		return
	}
	if s, _ := msg.(string); c.exact && c.e.sourceName(s) != errorMessage(got.err) {
		c.failf("%s: expected %v message %q, got %q", mode, kind, c.e.sourceName(s), errorMessage(got.err))
	}
}

func (c *treeCheck) check(want *pyvalue.Dict, lenient, strict treeResult) {
	if want.Has("error") {
		c.wantError("lenient", lenient, want)
		c.wantError("strict", strict, want)
		return
	}
	okV, _ := want.Get("ok")
	dump, ok := okV.(*pyvalue.Dict)
	if !ok {
		c.failf("malformed dump %s", encodeJSON(okV))
		return
	}
	var tomlWant *pyvalue.Dict
	if t, ok := dump.Get("toml"); ok && c.e.toml {
		tomlWant, _ = t.(*pyvalue.Dict)
	}
	if tomlWant != nil {
		if raw, _ := tomlWant.Get("raw"); raw != nil && raw.(*pyvalue.Dict).Has("error") {
			// A pyproject.toml Alembic cannot read fails the whole read.
			c.wantError("lenient", lenient, raw.(*pyvalue.Dict))
			c.wantError("strict", strict, raw.(*pyvalue.Dict))
			return
		}
	}
	if lenient.err != nil {
		c.failf("lenient: expected a tree, got %s", describeErr(lenient.err))
		return
	}
	secs, _ := dump.Get("sections")
	sections, _ := secs.([]any)
	tree := make(map[string]any, len(lenient.tree))
	for k, v := range lenient.tree {
		tree[k] = v
	}
	iniNames := map[string]bool{}
	for _, s := range sections {
		name, _ := s.(*pyvalue.Dict).Get("name")
		iniNames[name.(string)] = true
	}
	var tomlReports, iniReports []failure
	for _, f := range lenient.reports {
		if tomlWant != nil && f.section == "tool.alembic" && !iniNames["tool.alembic"] {
			tomlReports = append(tomlReports, f)
		} else {
			iniReports = append(iniReports, f)
		}
	}
	if tomlWant != nil {
		c.checkTOML(tree, tomlWant, tomlReports, iniNames["tool"])
	}
	expected := c.checkSections(tree, sections)
	c.compareReports(expected, iniReports)

	// Strict: an error exactly when the lenient mode has failures.
	failing := append(append([]failure(nil), expected...), tomlReports...)
	switch {
	case len(failing) > 0 && strict.err == nil:
		c.failf("strict: expected an error (%s), got a tree", failing[0])
	case len(failing) > 0:
		kinds := map[string]bool{}
		for _, f := range failing {
			kinds[f.kind] = true
		}
		if !kinds[errorKind(strict.err)] {
			c.failf("strict: expected an error of a failing value (%s), got %s", failing[0], describeErr(strict.err))
		}
	case strict.err != nil:
		c.failf("strict: expected the tree, got %s", describeErr(strict.err))
	case !reflect.DeepEqual(strict.tree, lenient.tree):
		c.failf("strict: the tree differs from the lenient one")
	}
}

// checkSections compares the tree's ini sections with the dump's and
// returns the failures the entry point must report.
func (c *treeCheck) checkSections(tree map[string]any, sections []any) []failure {
	var expected []failure
	seen := map[string]bool{}
	for _, s := range sections {
		sec := s.(*pyvalue.Dict)
		nameV, _ := sec.Get("name")
		name := nameV.(string)
		seen[name] = true
		want := map[string]string{}
		optsV, _ := sec.Get("options")
		opts, _ := optsV.([]any)
		var failures []failure
		for _, o := range opts {
			od := o.(*pyvalue.Dict)
			keyV, _ := od.Get("key")
			rawV, _ := od.Get("raw")
			key, _ := keyV.(string)
			raw, _ := rawV.(string)
			valueV, _ := od.Get("value")
			value, _ := valueV.(*pyvalue.Dict)
			switch {
			case isFormatterRaw(name, key):
				want[key] = raw
			case value != nil && value.Has("error"):
				want[key] = raw // a failing value stays raw
				kind, _ := value.Get("error")
				msg, _ := value.Get("message")
				m, _ := msg.(string)
				failures = append(failures, failure{name, key, fmt.Sprint(kind), c.e.sourceName(m)})
			default:
				v, _ := value.Get("ok")
				s, isString := v.(string)
				if !isString {
					c.failf("[%s] %s: malformed expected value %s", name, key, encodeJSON(valueV))
				}
				want[key] = s
			}
		}
		if gs, _ := sec.Get("get_section"); gs != nil {
			if gsd := gs.(*pyvalue.Dict); gsd.Has("error") && len(failures) == 0 && !anyFormatterFailure(name, opts) {
				// get_section failed without a failing option: the section
				// itself must be reported.
				kind, _ := gsd.Get("error")
				failures = append(failures, failure{name, "", fmt.Sprint(kind), ""})
			}
		}
		expected = append(expected, failures...)
		got, ok := tree[name]
		if !ok {
			c.failf("[%s]: missing from the tree", name)
			continue
		}
		m, ok := got.(map[string]any)
		if !ok {
			c.failf("[%s]: %T in the tree, not a map", name, got)
			continue
		}
		for _, k := range sortedKeys(want) {
			v, ok := m[k]
			switch {
			case !ok:
				c.failf("[%s] %s: missing, expected %q", name, k, want[k])
			case v != want[k]:
				c.failf("[%s] %s: expected %q, got %s", name, k, want[k], encodeJSON(v))
			}
		}
		for _, k := range sortedKeys(m) {
			if _, ok := want[k]; !ok {
				c.failf("[%s] %s: not expected, got %s", name, k, encodeJSON(m[k]))
			}
		}
	}
	for _, k := range sortedKeys(tree) {
		if !seen[k] {
			c.failf("[%s]: not a section of the dump", k)
		}
	}
	return expected
}

// anyFormatterFailure reports whether a formatter option the koanf views
// keep raw fails in the dump.
func anyFormatterFailure(section string, opts []any) bool {
	for _, o := range opts {
		od := o.(*pyvalue.Dict)
		key, _ := od.Get("key")
		value, _ := od.Get("value")
		if k, _ := key.(string); isFormatterRaw(section, k) {
			if vd, ok := value.(*pyvalue.Dict); ok && vd.Has("error") {
				return true
			}
		}
	}
	return false
}

// compareReports compares the reported ini failures with the expected
// ones, as multisets (a section-level failure, option "", matches any
// report of its section).
func (c *treeCheck) compareReports(expected, got []failure) {
	used := make([]bool, len(got))
	for _, w := range expected {
		found := -1
		for i, g := range got {
			if !used[i] && g.section == w.section && (w.option == "" || g.option == w.option) {
				found = i
				break
			}
		}
		if found < 0 {
			c.failf("lenient: %s not reported", w)
			continue
		}
		used[found] = true
		g := got[found]
		if g.kind != w.kind {
			c.failf("lenient: %s reported as %s", w, g.kind)
		} else if c.exact && w.option != "" && g.message != w.message {
			c.failf("lenient: %s reported with message %q, expected %q", w, g.message, w.message)
		}
	}
	for i, g := range got {
		if !used[i] {
			c.failf("lenient: %s reported, not a failure in Alembic", g)
		}
	}
}

// checkTOML compares the tree's tool → alembic with the dump's TOML part
// and removes it from tree. The dump gives [tool.alembic] raw and each
// top-level key as get_alembic_option answers it: where that is a value,
// the tree must hold it (and report nothing under the key); where it is an
// error (a float, a date or a nested table, which get_alembic_option
// refuses, or a %-formatting failure), it says nothing about the tree's
// value, which must only be present.
func (c *treeCheck) checkTOML(tree map[string]any, tomlWant *pyvalue.Dict, reports []failure, iniTool bool) {
	rawV, _ := tomlWant.Get("raw")
	rawOK, _ := rawV.(*pyvalue.Dict).Get("ok")
	table, _ := rawOK.(*pyvalue.Dict)
	valuesV, _ := tomlWant.Get("values")
	values, _ := valuesV.(*pyvalue.Dict)
	tool, _ := tree["tool"].(map[string]any)
	sub, present := tool["alembic"]
	if present {
		rest := make(map[string]any, len(tool))
		for k, v := range tool {
			if k != "alembic" {
				rest[k] = v
			}
		}
		if len(rest) == 0 && !iniTool {
			delete(tree, "tool")
		} else {
			tree["tool"] = rest
		}
	}
	if table.Len() == 0 {
		if m, ok := sub.(map[string]any); present && (!ok || len(m) > 0) {
			c.failf("tool.alembic: expected nothing, got %s", encodeJSON(sub))
		}
		for _, f := range reports {
			c.failf("lenient: %s reported, not a failure in Alembic", f)
		}
		return
	}
	m, ok := sub.(map[string]any)
	if !ok {
		c.failf("tool.alembic: expected a table, got %s", encodeJSON(sub))
		return
	}
	for _, k := range table.Keys() {
		got, ok := m[k]
		if !ok {
			c.failf("tool.alembic %s: missing", k)
			continue
		}
		r, _ := values.Get(k)
		rd, _ := r.(*pyvalue.Dict)
		if rd == nil || rd.Has("error") {
			continue
		}
		v, _ := rd.Get("ok")
		if !treeEqual(v, got) {
			c.failf("tool.alembic %s: expected %s, got %s", k, encodeJSON(v), encodeJSON(got))
		}
		for _, f := range reports {
			if f.option == k || strings.HasPrefix(f.option, k+".") || strings.HasPrefix(f.option, k+"[") {
				c.failf("lenient: %s reported, not a failure in Alembic", f)
			}
		}
	}
	for _, k := range sortedKeys(m) {
		if !table.Has(k) {
			c.failf("tool.alembic %s: not in [tool.alembic]", k)
		}
	}
}

// treeEqual compares a value of the protocol (ordered objects, JSON
// numbers) with a tree's value (maps, Go numbers): objects as mappings,
// numbers by value and kind.
func treeEqual(want, got any) bool {
	switch w := want.(type) {
	case *pyvalue.Dict:
		g, ok := got.(map[string]any)
		if !ok || w.Len() != len(g) {
			return false
		}
		for _, k := range w.Keys() {
			wv, _ := w.Get(k)
			gv, ok := g[k]
			if !ok || !treeEqual(wv, gv) {
				return false
			}
		}
		return true
	case []any:
		g, ok := got.([]any)
		if !ok || len(w) != len(g) {
			return false
		}
		for i := range w {
			if !treeEqual(w[i], g[i]) {
				return false
			}
		}
		return true
	}
	return equal(want, got)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
