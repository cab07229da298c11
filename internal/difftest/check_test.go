package difftest

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/koanf-alembic/koanf-alembic/pyvalue"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/parser/ini"
	"github.com/koanf-alembic/koanf-alembic/provider/alembic"
)

// newParser builds the koanf parser with `here` as its one default, as
// Alembic's ConfigParser({"here": here}) has it.
func newParser(here string) *ini.INI {
	return ini.Parser(ini.Opt{Defaults: pyvalue.NewDict().Set("here", here)})
}

// Disagreement categories, for the summary.
const (
	catRead      = "read"
	catFacade    = "facade"
	catKoanf     = "facade Koanf()"
	catProvider  = "provider"
	catParser    = "parser"
	catOps       = "ops"
	catFinal     = "state after ops"
	catFormatter = "formatter rule ([formatter_*] format/datefmt/style/defaults raw)"
	catCollision = "koanf path collision"
)

type disagreement struct {
	cat, where, py, lib string
}

// checker compares one document's library answers with CPython's.
type checker struct {
	doc        *Doc
	path, here string
	dis        []disagreement
	checks     int
	limitAgree int // library LimitError where CPython's work exceeds MaxValueSize
}

func (c *checker) fail(cat, where string, py, lib any) {
	c.dis = append(c.dis, disagreement{cat, where, fmt.Sprint(py), fmt.Sprint(lib)})
}

// libVal is a library answer of the get kind: (value, ok, err).
type libVal struct {
	str     string
	missing bool
	kind    string // the error's kind, "" for none
	option  string // the error's option, where it names one
	err     error
}

func lv(s string, ok bool, err error) libVal {
	if err != nil {
		k, opt := kindOf(err)
		return libVal{kind: k, option: opt, err: err}
	}
	return libVal{str: s, missing: !ok}
}

func (v libVal) String() string {
	switch {
	case v.kind != "":
		return v.kind + ": " + clip(v.err.Error(), 300)
	case v.missing:
		return "(not found)"
	}
	if len(v.str) > 512 {
		return fmt.Sprintf("<%d bytes, sha256 %.12s…, starting %q>", len(v.str), sha(v.str), clip(v.str, 80))
	}
	return fmt.Sprintf("%q", v.str)
}

// kindOf returns the Python class an error stands for, and its option.
func kindOf(err error) (string, string) {
	var ae *alembicerr.Error
	if errors.As(err, &ae) {
		return string(ae.Kind), ae.Option
	}
	return fmt.Sprintf("<not an alembicerr.Error: %T>", err), ""
}

func sha(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// same reports whether a library string is CPython's value.
func same(py pyVal, s string) bool {
	if py.Err != "" || py.Null {
		return false
	}
	if py.Hashed {
		return len(s) == py.N && sha(s) == py.Sha
	}
	return py.Str == s
}

// overLimit: CPython's work for this value exceeds the library's
// MaxValueSize, where the library answers LimitError instead (the one
// documented difference; such an answer counts as agreement).
func overLimit(work int) bool { return work > maxValueSize }

// value compares a get-like answer; missing is what CPython answers where
// the library says not found ("NoOptionError" for get, "None" for
// get_section_option).
func (c *checker) value(cat, where string, py pyVal, got libVal, missing string) {
	c.checks++
	if got.kind == string(alembicerr.LimitError) && overLimit(py.Work) {
		c.limitAgree++
		return
	}
	switch {
	case got.missing:
		if (missing == "None" && py.Null) || (py.Err != "" && py.Err == missing) {
			return
		}
	case got.kind != "":
		if py.Err == got.kind {
			return
		}
	default:
		if same(py, got.str) {
			return
		}
	}
	c.fail(cat, where, py, got)
}

func (c *checker) errKind(cat, where string, pyKind string, err error) {
	c.checks++
	got := ""
	if err != nil {
		got, _ = kindOf(err)
	}
	if got != pyKind {
		py := pyKind
		if py == "" {
			py = "no error"
		}
		lib := "no error"
		if err != nil {
			lib = got + ": " + clip(err.Error(), 300)
		}
		c.fail(cat, where, py, lib)
	}
}

func (c *checker) strings(cat, where string, py, got []string) {
	c.checks++
	if !slices.Equal(py, got) {
		c.fail(cat, where, fmt.Sprintf("%q", clipList(py)), fmt.Sprintf("%q", clipList(got)))
	}
}

func clipList(l []string) []string {
	if len(l) <= 40 {
		return l
	}
	out := append([]string(nil), l[:30]...)
	return append(out, fmt.Sprintf("…(%d in all)", len(l)), l[len(l)-1])
}

// works maps each option of a section answer to CPython's measured work.
func works(ps *pySection) map[string]int {
	m := map[string]int{}
	for i, o := range ps.Options.List {
		if i < len(ps.Get) && ps.Get[i].Work > 0 {
			m[o] = ps.Get[i].Work
		}
	}
	return m
}

// items compares get_section's items with the library's Section.
func (c *checker) items(cat, where string, py *pyItems, got []alembiccfg.Item, ok bool, err error, works map[string]int) {
	c.checks++
	if err != nil {
		kind, opt := kindOf(err)
		if kind == string(alembicerr.LimitError) && overLimit(works[opt]) {
			c.limitAgree++
			return
		}
		if py.Err != kind {
			c.fail(cat, where, itemsString(py), kind+": "+clip(err.Error(), 300))
		}
		return
	}
	if py.Err != "" || py.Null != !ok {
		c.fail(cat, where, itemsString(py), libItemsString(got, ok))
		return
	}
	if !ok {
		return
	}
	names := make([]string, len(got))
	for i, it := range got {
		names[i] = it.Name
	}
	if !slices.Equal(names, py.Names) {
		c.fail(cat, where+" (names)", fmt.Sprintf("%q", clipList(py.Names)), fmt.Sprintf("%q", clipList(names)))
		return
	}
	for i, it := range got {
		if !same(py.Vals[i], it.Value) {
			c.fail(cat, fmt.Sprintf("%s item %q", where, it.Name), py.Vals[i], lv(it.Value, true, nil))
			return
		}
	}
}

func itemsString(py *pyItems) string {
	switch {
	case py.Null:
		return "None"
	case py.Err != "":
		return py.Err + ": " + clip(py.Msg, 300)
	}
	return fmt.Sprintf("%d items %q", len(py.Names), clipList(py.Names))
}

func libItemsString(got []alembiccfg.Item, ok bool) string {
	if !ok {
		return "(no section)"
	}
	names := make([]string, len(got))
	for i, it := range got {
		names[i] = it.Name
	}
	return fmt.Sprintf("%d items %q", len(names), clipList(names))
}

// compare runs every check of one document.
func (c *checker) compare(ans *answer) {
	cfg := alembiccfg.New(alembiccfg.Options{File: c.path})
	fc, err := cfg.FileConfig()
	prov, perr := alembic.Provider(alembic.Opt{File: c.path}).Read()
	parsed, xerr := newParser(c.here).Unmarshal(c.doc.Text)
	if ans.ReadError != nil {
		want := ans.ReadError.Error
		c.errKind(catRead, "FileConfig()", want, err)
		_, kerr := cfg.Koanf()
		c.errKind(catRead, "Koanf()", want, kerr)
		_, _, serr := cfg.SectionOption("alembic", "script_location")
		c.errKind(catRead, "SectionOption(alembic, script_location)", want, serr)
		c.errKind(catRead, "provider Read()", want, perr)
		c.errKind(catRead, "parser Unmarshal()", want, xerr)
		return
	}
	c.errKind(catRead, "FileConfig()", "", err)
	if err != nil {
		return
	}
	c.strings(catFacade, "Sections()", ans.Sections, fc.Sections())

	// [DEFAULT]: its options, get and raw get.
	d := &ans.Defaults
	var dnames []string
	for _, r := range fc.Defaults() {
		dnames = append(dnames, r.Name)
	}
	c.strings(catFacade, "Defaults() names", d.Options.List, dnames)
	for i, o := range d.Options.List {
		c.value(catFacade, fmt.Sprintf("Get(DEFAULT, %q)", o), d.Get[i], lv(fc.Get("DEFAULT", o)), "NoOptionError")
		c.value(catFacade, fmt.Sprintf("RawGet(DEFAULT, %q)", o), d.Raw[i], lv(fc.RawGet("DEFAULT", o)), "NoOptionError")
	}

	for i := range ans.Per {
		c.section(cfg, fc, &ans.Per[i], catFacade)
	}

	c.koanf(cfg, ans.Sections, ans.Per, catKoanf)
	c.tree(catProvider, "provider Read()", prov, perr, ans.Sections, ans.Per, true, providerCollides(ans.Per))
	c.tree(catParser, "parser Unmarshal()", parsed, xerr, ans.Sections, ans.Per, true, providerCollides(ans.Per))

	c.ops(cfg, ans)
}

// section checks one section through the facade: Options, Section (the
// items), and for every listed name Get, RawGet, SectionOption, HasOption.
// With the trees' checks this is the property "every name Options(s) or
// Section(s) lists can be fetched with SectionOption, Koanf() and the
// provider, with CPython's value": both lists must equal CPython's, and
// every name of CPython's list is fetched through each of them.
func (c *checker) section(cfg *alembiccfg.Config, fc *alembiccfg.FileConfig, ps *pySection, cat string) {
	s := ps.Name
	opts, err := fc.Options(s)
	if ps.Options.Err != "" {
		c.errKind(cat, fmt.Sprintf("Options(%q)", s), ps.Options.Err, err)
		return
	}
	c.errKind(cat, fmt.Sprintf("Options(%q)", s), "", err)
	c.strings(cat, fmt.Sprintf("Options(%q)", s), ps.Options.List, opts)
	w := works(ps)
	items, ok, err := cfg.Section(s)
	c.items(cat, fmt.Sprintf("Section(%q)", s), &ps.Items, items, ok, err, w)
	for i, o := range ps.Options.List {
		c.value(cat, fmt.Sprintf("Get(%q, %q)", s, o), ps.Get[i], lv(fc.Get(s, o)), "NoOptionError")
		c.value(cat, fmt.Sprintf("RawGet(%q, %q)", s, o), ps.Raw[i], lv(fc.RawGet(s, o)), "NoOptionError")
		c.value(cat, fmt.Sprintf("SectionOption(%q, %q)", s, o), ps.Get[i], lv(cfg.SectionOption(s, o)), "None")
		c.checks++
		if !fc.HasOption(s, o) {
			c.fail(cat, fmt.Sprintf("HasOption(%q, %q)", s, o), true, false)
		}
	}
}

// loggingRaw is the design rule: in a [formatter_*] section the options
// that Python's logging.config.fileConfig reads with raw=True are given
// raw by Koanf() and the provider.
func loggingRaw(section, option string) bool {
	if !strings.HasPrefix(section, "formatter_") {
		return false
	}
	switch option {
	case "format", "datefmt", "style", "defaults":
		return true
	}
	return false
}

// koanf checks cfg.Koanf() against CPython: sections and, in each, every
// option with its interpolated value, raw where interpolation fails and for
// the formatter rule.
func (c *checker) koanf(cfg *alembiccfg.Config, sections []string, per []pySection, cat string) {
	k, err := cfg.Koanf()
	if providerCollides(per) {
		c.checks++
		if err == nil {
			c.fail(catCollision, "Koanf()", "an error: koanf paths collide", "no error")
		}
		return
	}
	if err != nil {
		c.errKind(cat, "Koanf()", "", err)
		return
	}
	c.tree(cat, "Koanf().Raw()", k.Raw(), nil, sections, per, true, false)
}

// tree compares a section → option → value map with CPython's answers.
func (c *checker) tree(cat, what string, m map[string]any, err error, sections []string, per []pySection, formatterRule, collides bool) {
	if collides {
		c.checks++
		if !errors.Is(err, alembicerr.CollisionError) {
			c.fail(catCollision, what, "CollisionError (koanf paths collide)", fmt.Sprint(err))
		}
		return
	}
	c.errKind(cat, what, "", err)
	if err != nil {
		return
	}
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	want := append([]string(nil), sections...)
	sort.Strings(want)
	c.strings(cat, what+" sections", want, keys)
	for i := range per {
		ps := &per[i]
		if ps.Options.Err != "" {
			continue
		}
		sm, ok := m[ps.Name].(map[string]any)
		c.checks++
		if !ok {
			c.fail(cat, fmt.Sprintf("%s[%q]", what, ps.Name), "a section map", fmt.Sprintf("%T", m[ps.Name]))
			continue
		}
		var got []string
		for k := range sm {
			got = append(got, k)
		}
		sort.Strings(got)
		exp := append([]string(nil), ps.Options.List...)
		sort.Strings(exp)
		c.strings(cat, fmt.Sprintf("%s[%q] option names", what, ps.Name), exp, got)
		for j, o := range ps.Options.List {
			v, present := sm[o]
			if !present {
				continue
			}
			s, isStr := v.(string)
			where := fmt.Sprintf("%s[%q][%q]", what, ps.Name, o)
			c.checks++
			if !isStr {
				c.fail(cat, where, "a string", fmt.Sprintf("%T", v))
				continue
			}
			get, raw := ps.Get[j], ps.Raw[j]
			switch {
			case formatterRule && loggingRaw(ps.Name, o):
				if !same(raw, s) {
					kat := cat
					if same(get, s) {
						kat = catFormatter
					}
					c.fail(kat, where+" (formatter rule: raw)", fmt.Sprintf("raw %v (get gives %v)", raw, get), lv(s, true, nil))
				}
			case get.Err != "":
				if !same(raw, s) {
					c.fail(cat, where+" (interpolation fails: raw)", fmt.Sprintf("raw %v, as get fails with %v", raw, get), lv(s, true, nil))
				}
			case same(get, s):
			case overLimit(get.Work) && same(raw, s):
				c.limitAgree++
			default:
				c.fail(cat, where, get, lv(s, true, nil))
			}
		}
	}
}

// providerCollides: two entries of a koanf tree (every view builds them
// by one rule) with one koanf path: a section name equal to another section's "section.option", or
// two options of different sections meeting.
func providerCollides(per []pySection) bool {
	seen := map[string]bool{}
	add := func(p string) bool {
		if seen[p] {
			return true
		}
		seen[p] = true
		return false
	}
	for _, ps := range per {
		if add(ps.Name) {
			return true
		}
	}
	for _, ps := range per {
		for _, o := range ps.Options.List {
			if add(ps.Name + "." + o) {
				return true
			}
		}
	}
	return false
}

// ops applies the document's ops to the facade in order and compares each
// result, then the state of the sections concerned.
func (c *checker) ops(cfg *alembiccfg.Config, ans *answer) {
	if len(ans.Ops) != len(c.doc.Ops) {
		c.fail(catOps, "op count", len(c.doc.Ops), len(ans.Ops))
		return
	}
	for i, op := range c.doc.Ops {
		py := &ans.Ops[i]
		where := fmt.Sprintf("op %d %s(%q, %q", i, op.Op, op.Section, op.Name)
		if op.Op == "set_section_option" {
			where += fmt.Sprintf(", %q", op.Value)
		}
		where += ")"
		fc, err := cfg.FileConfig()
		if err != nil {
			c.fail(catOps, where+" FileConfig()", "no error", err)
			return
		}
		switch op.Op {
		case "set_section_option":
			c.errKind(catOps, where, py.Error, cfg.SetSectionOption(op.Section, op.Name, op.Value))
		case "remove_main_option":
			c.errKind(catOps, where, py.Error, cfg.RemoveMainOption(op.Name))
		case "get_section":
			items, ok, err := cfg.Section(op.Section)
			pi := py.Items
			if pi == nil {
				pi = &pyItems{Err: py.Error, Msg: py.Message}
			}
			c.items(catOps, where, pi, items, ok, err, py.Works)
		case "options":
			got, err := fc.Options(op.Section)
			if py.Error != "" || err != nil {
				c.errKind(catOps, where, py.Error, err)
			} else {
				c.strings(catOps, where, py.List, got)
			}
		case "has_option":
			c.checks++
			got := fc.HasOption(op.Section, op.Name)
			if py.Bool == nil || *py.Bool != got {
				c.fail(catOps, where, opString(py), got)
			}
		case "get_section_option", "get", "raw_get":
			var got libVal
			missing := "NoOptionError"
			switch op.Op {
			case "get_section_option":
				got, missing = lv(cfg.SectionOption(op.Section, op.Name)), "None"
			case "get":
				got = lv(fc.Get(op.Section, op.Name))
			default:
				got = lv(fc.RawGet(op.Section, op.Name))
			}
			pv := pyVal{Err: py.Error, Msg: py.Message}
			if py.hasValue {
				pv = *py.Value
			}
			if got.kind == string(alembicerr.LimitError) && overLimit(py.Works[strings.ToLower(op.Name)]) {
				c.limitAgree++
				continue
			}
			c.value(catOps, where, pv, got, missing)
		}
	}
	if ans.Final == nil {
		return
	}
	fc, err := cfg.FileConfig()
	if err != nil {
		c.fail(catFinal, "FileConfig()", "no error", err)
		return
	}
	c.strings(catFinal, "Sections()", ans.Final.Sections, fc.Sections())
	only := map[string]bool{}
	for i := range ans.Final.Per {
		c.section(cfg, fc, &ans.Final.Per[i], catFinal)
		only[ans.Final.Per[i].Name] = true
	}
	// Koanf() after the changes, for the sections compared; collisions
	// judged on the state before the ops with these sections replaced.
	per := append([]pySection(nil), ans.Final.Per...)
	for _, ps := range ans.Per {
		if !only[ps.Name] {
			per = append(per, ps)
		}
	}
	k, err := cfg.Koanf()
	if providerCollides(per) {
		return
	}
	if err != nil {
		c.errKind(catFinal, "Koanf() after the ops", "", err)
		return
	}
	c.tree(catFinal, "Koanf().Raw() after the ops", k.Raw(), nil, ans.Final.Sections, ans.Final.Per, true, false)
}

func opString(r *opResult) string {
	switch {
	case r.Error != "":
		return r.Error + ": " + r.Message
	case r.Bool != nil:
		return fmt.Sprint(*r.Bool)
	}
	return fmt.Sprintf("%+v", *r)
}

// docDir returns the directory a document is written to.
func docDir(root string, d *Doc) string { return filepath.Join(root, d.Dir) }
