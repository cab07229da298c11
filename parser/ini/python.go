package ini

import (
	"bytes"
	"fmt"
	"sort"

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
