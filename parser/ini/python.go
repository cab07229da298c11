package ini

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/internal/configparser"
	"github.com/koanf-alembic/koanf-alembic/internal/state"
)

// unmarshalPython reads b with the CPython-exact engine into the core's
// koanf tree. b is copied first: the strings of the result are the
// parser's own, never the caller's buffer.
func (p *INI) unmarshalPython(b []byte) (map[string]any, error) {
	doc, err := configparser.Parse(p.name(), bytes.Clone(b))
	if err != nil {
		return nil, err
	}
	cp, err := state.NewINI(p.opt.Defaults, p.opt.MaxValueSize)
	if err != nil {
		return nil, err
	}
	cp.Read(doc, nil)
	cp.Budget = state.Budget(len(b))
	tree, failures, err := state.Tree(cp, nil, state.TreeOptions{Raw: p.opt.Raw, Strict: p.opt.Strict})
	if err != nil {
		return nil, err
	}
	if p.opt.OnInterpolationError != nil {
		for _, f := range failures {
			p.opt.OnInterpolationError(f.Section, f.Option, f.Err)
		}
	}
	return tree, nil
}

// marshalPython writes m, sections and options sorted, with the core's
// INI writer.
func (p *INI) marshalPython(m map[string]any) ([]byte, error) {
	secs := make([]state.WriteSection, 0, len(m))
	for _, sname := range sortedKeys(m) {
		if sname == configparser.DefaultSection {
			return nil, state.Refusal(alembicerr.ValueError, ErrUnrepresentable, sname, "",
				"DEFAULT is not a section: its options are the defaults of every section")
		}
		opts, err := sectionMap(sname, m[sname])
		if err != nil {
			return nil, err
		}
		s := state.WriteSection{Name: sname, Options: make([]state.WriteOption, 0, len(opts))}
		for _, oname := range sortedKeys(opts) {
			v, err := valueString(sname, oname, opts[oname])
			if err != nil {
				return nil, err
			}
			// The logging formatter options are raw text in the tree (LoggingRaw),
			// so they are written raw: the map reads back unchanged.
			s.Options = append(s.Options, state.WriteOption{Name: oname, Value: v, Raw: p.opt.Raw || state.LoggingRaw(sname, oname)})
		}
		secs = append(secs, s)
	}
	return state.WriteINI(p.name(), secs)
}

// sortedKeys returns the keys of m in sorted order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// sectionMap returns the options of a section value of the map.
func sectionMap(section string, v any) (map[string]any, error) {
	switch s := v.(type) {
	case map[string]any:
		return s, nil
	case map[string]string:
		m := make(map[string]any, len(s))
		for k, x := range s {
			m[k] = x
		}
		return m, nil
	}
	return nil, state.Refusal(alembicerr.TypeError, ErrUnrepresentable, section, "",
		fmt.Sprintf("a top-level key must hold a section (a map of options), not %T", v))
}

// valueString converts an option value to the text to write.
func valueString(section, option string, v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, uintptr, float32, float64:
		return fmt.Sprintf("%v", x), nil
	case map[string]any:
		return "", state.Refusal(alembicerr.TypeError, ErrUnrepresentable, section, option,
			"the value is a map: option names are not split on dots here; "+
				"koanf's Set with a dotted path nests keys, so build the section map yourself")
	}
	return "", state.Refusal(alembicerr.TypeError, ErrUnrepresentable, section, option,
		fmt.Sprintf("the value is a %T; only strings, booleans and numbers can be written", v))
}

// Section is one section for WriteSections: its name and its options in
// order. A section named DEFAULT holds the defaults; it may only come
// first.
type Section struct {
	Name    string
	Options []Option
}

// Option is one option for WriteSections. Value is what CPython must read
// back: literal text, every "%" written as "%%", unless Raw, when it is
// configparser text (with its %(name)s references) written as it is.
type Option struct {
	Name, Value string
	Raw         bool
}

// WriteSections writes sections in the order given, in the Python
// dialect, with the writer and the refusals of Marshal (which is
// WriteSections of a map's sections and options in sorted order): CPython
// reads the output back to the same sections, options and values, or
// nothing is written and the error, wrapping ErrUnrepresentable, names
// the section and option. name is the source name the read-back check
// cites.
func WriteSections(name string, secs []Section) ([]byte, error) {
	ws := make([]state.WriteSection, len(secs))
	for i, s := range secs {
		ws[i] = state.WriteSection{Name: s.Name, Options: make([]state.WriteOption, len(s.Options))}
		for j, o := range s.Options {
			ws[i].Options[j] = state.WriteOption(o)
		}
	}
	return state.WriteINI(name, ws)
}

// OptionText is the text WriteSections writes for one option, "name =
// value" with continuation lines, without its checks: for showing a value
// the way an ini file holds it.
func OptionText(name, value string) string {
	var b strings.Builder
	state.WriteLines(&b, name, value)
	return b.String()
}
