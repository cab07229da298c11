package ini

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/internal/configparser"
)

// unmarshalPython reads b with the CPython-exact engine.
func (p *INI) unmarshalPython(b []byte) (map[string]any, error) {
	doc, err := configparser.Parse(p.name(), b)
	if err != nil {
		return nil, err
	}
	cp := configparser.NewParser()
	cp.MaxValueSize = p.opt.MaxValueSize
	if len(p.opt.Defaults) > 0 {
		kvs := make([]configparser.KeyValue, len(p.opt.Defaults))
		for i, kv := range p.opt.Defaults {
			kvs[i] = configparser.KeyValue{Key: kv.Key, Value: kv.Value}
		}
		if err := cp.ReadDefaults(kvs); err != nil {
			return nil, err
		}
	}
	cp.Read(doc, nil)

	defaults := cp.DefaultOptions()
	out := make(map[string]any, len(doc.Sections))
	for _, sname := range cp.Sections() {
		sec, _ := cp.Section(sname)
		vals := make(map[string]any, len(defaults)+len(sec.Options))
		// items(section): the defaults in their order, each shadowed by
		// the section's own option of the same name, then the section's
		// other options.
		for i := range defaults {
			o := &defaults[i]
			if own, ok := sec.Lookup(o.Name); ok {
				o = own
			}
			if err := p.put(cp, vals, sname, o); err != nil {
				return nil, err
			}
		}
		for i := range sec.Options {
			o := &sec.Options[i]
			if _, done := vals[o.Name]; done {
				continue
			}
			if err := p.put(cp, vals, sname, o); err != nil {
				return nil, err
			}
		}
		out[sname] = vals
	}
	return out, nil
}

// put stores the value of o, interpolated in the context of section
// unless Raw is set.
func (p *INI) put(cp *configparser.Parser, vals map[string]any, section string, o *configparser.Option) error {
	v := o.Value
	if !p.opt.Raw && strings.IndexByte(v, '%') >= 0 {
		iv, err := cp.Interpolate(section, o.Name, v)
		switch {
		case err == nil:
			v = iv
		case p.opt.Strict:
			return locate(err, p.source(o), o.Line)
		case p.opt.OnInterpolationError != nil:
			p.opt.OnInterpolationError(section, o.Name, locate(err, p.source(o), o.Line))
		}
	}
	vals[o.Name] = v
	return nil
}

// source names where o was read: the document, or "<dict>" for a value
// of Opt.Defaults.
func (p *INI) source(o *configparser.Option) string {
	if o.Origin != nil && o.Origin.Source != "" {
		return o.Origin.Source
	}
	return p.name()
}

// locate returns err with the source and line of the failing option
// filled in when the engine left them out.
func locate(err error, source string, line int) error {
	var pe *alembicerr.Error
	if !errors.As(err, &pe) || pe.Source != "" {
		return err
	}
	c := *pe
	c.Source, c.Line = source, line
	return &c
}

// marshalPython writes m as INI for CPython's ConfigParser.
func (p *INI) marshalPython(m map[string]any) ([]byte, error) {
	type section struct {
		name string
		opts [][2]string // option name, value as written (escaped)
	}
	secs := make([]section, 0, len(m))
	size := 0
	for _, sname := range sortedKeys(m) {
		if err := checkSectionName(sname); err != nil {
			return nil, err
		}
		opts, err := sectionMap(sname, m[sname])
		if err != nil {
			return nil, err
		}
		s := section{name: sname, opts: make([][2]string, 0, len(opts))}
		for _, oname := range sortedKeys(opts) {
			if err := checkOptionName(sname, oname); err != nil {
				return nil, err
			}
			v, err := valueString(sname, oname, opts[oname])
			if err != nil {
				return nil, err
			}
			if !p.opt.Raw {
				v = strings.ReplaceAll(v, "%", "%%")
			}
			if err := checkValue(sname, oname, v); err != nil {
				return nil, err
			}
			if err := checkOptionLine(sname, oname, v); err != nil {
				return nil, err
			}
			s.opts = append(s.opts, [2]string{oname, v})
			size += len(oname) + len(v) + 8
		}
		secs = append(secs, s)
		size += len(sname) + 4
	}

	var b strings.Builder
	b.Grow(size)
	for i, s := range secs {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("[" + s.name + "]\n")
		for _, o := range s.opts {
			writeOption(&b, o[0], o[1])
		}
	}
	out := b.String()

	// Read the text back with the engine: a difference means a check above
	// is missing, and is refused rather than written.
	doc, err := configparser.Parse(p.name(), []byte(out))
	if err != nil {
		return nil, readBackError("", "", fmt.Sprintf("the output does not parse: %v", err))
	}
	if len(doc.Defaults) != 0 || len(doc.Sections) != len(secs) {
		return nil, readBackError("", "", "the output reads back with other sections")
	}
	for i, s := range secs {
		got := doc.Sections[i]
		if got.Name != s.name {
			return nil, readBackError(s.name, "", fmt.Sprintf("the section reads back as %q", got.Name))
		}
		if len(got.Options) != len(s.opts) {
			return nil, readBackError(s.name, "", "the section reads back with other options")
		}
		for j, o := range s.opts {
			g := got.Options[j]
			if g.Name != o[0] || g.Value != o[1] {
				return nil, readBackError(s.name, o[0], fmt.Sprintf("the option reads back as %q = %q", g.Name, g.Value))
			}
		}
	}
	return []byte(out), nil
}

// writeOption writes "name = value", continuation lines indented by four
// spaces and empty lines inside the value left empty.
func writeOption(b *strings.Builder, name, value string) {
	b.WriteString(name)
	first, rest, multi := strings.Cut(value, "\n")
	if first == "" {
		b.WriteString(" =")
	} else {
		b.WriteString(" = ")
		b.WriteString(first)
	}
	b.WriteByte('\n')
	for multi {
		var line string
		line, rest, multi = strings.Cut(rest, "\n")
		if line != "" {
			b.WriteString("    ")
			b.WriteString(line)
		}
		b.WriteByte('\n')
	}
}

// errReadBack marks a refusal found only by reading the output back: a
// gap in the explicit checks (the fuzz test looks for it).
var errReadBack = fmt.Errorf("%w (found by reading the output back)", ErrUnrepresentable)

func readBackError(section, option, detail string) error {
	return refusal(alembicerr.ValueError, errReadBack, section, option, detail+" (found by reading the output back)")
}

// refusal builds a Marshal error naming the section and option.
func refusal(kind alembicerr.Kind, cause error, section, option, detail string) error {
	where := ""
	switch {
	case section != "" && option != "":
		where = fmt.Sprintf("section %q, option %q: ", section, option)
	case section != "":
		where = fmt.Sprintf("section %q: ", section)
	case option != "":
		where = fmt.Sprintf("option %q: ", option)
	}
	msg := where + detail
	return &alembicerr.Error{Kind: kind, Section: section, Option: option,
		Detail: "cannot write INI: " + msg, Message: msg, Err: cause}
}

func unrepresentable(section, option, detail string) error {
	return refusal(alembicerr.ValueError, ErrUnrepresentable, section, option, detail)
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
	return nil, refusal(alembicerr.TypeError, ErrUnrepresentable, section, "",
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
		return "", refusal(alembicerr.TypeError, ErrUnrepresentable, section, option,
			"the value is a map: option names are not split on dots here; "+
				"koanf's Set with a dotted path nests keys, so build the section map yourself")
	}
	return "", refusal(alembicerr.TypeError, ErrUnrepresentable, section, option,
		fmt.Sprintf("the value is a %T; only strings, booleans and numbers can be written", v))
}

// checkSectionName refuses a section name that does not read back.
func checkSectionName(name string) error {
	switch {
	case name == "":
		return unrepresentable(name, "", "a section name cannot be empty (\"[]\" is not a header)")
	case name == configparser.DefaultSection:
		return unrepresentable(name, "", "DEFAULT is not a section: its options are the defaults of every section")
	case !utf8.ValidString(name):
		return unrepresentable(name, "", "the section name is not valid UTF-8")
	case strings.ContainsAny(name, "\r\n"):
		return unrepresentable(name, "", "the section name contains a line break")
	}
	return nil
}

// checkOptionName refuses an option name that does not read back.
func checkOptionName(section, name string) error {
	switch {
	case name == "":
		return unrepresentable(section, name, "an option name cannot be empty")
	case !utf8.ValidString(name):
		return unrepresentable(section, name, "the option name is not valid UTF-8")
	case strings.ContainsAny(name, "\r\n"):
		return unrepresentable(section, name, "the option name contains a line break")
	case strings.ContainsAny(name, "=:"):
		return unrepresentable(section, name, "the option name contains a delimiter (\"=\" or \":\")")
	case configparser.Strip(name) != name:
		return unrepresentable(section, name, "the option name has leading or trailing whitespace, which CPython strips")
	case name[0] == '#' || name[0] == ';':
		return unrepresentable(section, name, "the option name starts with a comment character (\"#\" or \";\")")
	case configparser.Lower(name) != name:
		return unrepresentable(section, name, fmt.Sprintf("the option name is not lower-case: CPython reads it as %q", configparser.Lower(name)))
	}
	return nil
}

// checkValue refuses a value (as it will be written) that does not read
// back.
func checkValue(section, option, v string) error {
	if !utf8.ValidString(v) {
		return unrepresentable(section, option, "the value is not valid UTF-8")
	}
	if strings.IndexByte(v, '\r') >= 0 {
		return unrepresentable(section, option, "the value contains a carriage return, which CPython reads as a line break")
	}
	first, rest, multi := strings.Cut(v, "\n")
	if configparser.Strip(first) != first {
		return unrepresentable(section, option, "the value has leading or trailing whitespace, which CPython strips")
	}
	for n := 2; multi; n++ {
		var line string
		line, rest, multi = strings.Cut(rest, "\n")
		switch {
		case line == "" && !multi:
			return unrepresentable(section, option, "the value ends with an empty line, which CPython drops")
		case line == "":
		case configparser.Strip(line) != line:
			return unrepresentable(section, option, fmt.Sprintf("line %d of the value has leading or trailing whitespace, which CPython strips", n))
		case line[0] == '#' || line[0] == ';':
			return unrepresentable(section, option, fmt.Sprintf("line %d of the value starts with %q, which makes CPython skip it as a comment", n, line[:1]))
		}
	}
	return nil
}

// checkOptionLine refuses an option whose first line would read as a
// section header: the name starts with "[" and a "]" follows.
func checkOptionLine(section, option, v string) error {
	if option[0] != '[' {
		return nil
	}
	first, _, _ := strings.Cut(v, "\n")
	line := option + " = " + first
	if strings.LastIndexByte(line, ']') >= 2 {
		return unrepresentable(section, option, "the option's line would read as a section header (it starts with \"[\" and contains \"]\")")
	}
	return nil
}
