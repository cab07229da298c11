package state

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/koanf-alembic/koanf-alembic/pyvalue"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/internal/configparser"
)

// Sentinel is an error that is a constant.
type Sentinel string

// Error returns the sentinel's text.
func (s Sentinel) Error() string { return string(s) }

// Sentinels of WriteINI's refusals.
const (
	// ErrUnrepresentable is wrapped by every refusal of WriteINI: the
	// input holds something that CPython would not read back unchanged.
	ErrUnrepresentable Sentinel = "cannot be written as INI that reads back unchanged"
	// ErrReadBack is wrapped by a refusal found only by reading the output
	// back: a gap in the explicit checks (the fuzz tests look for it).
	ErrReadBack Sentinel = "cannot be written as INI that reads back unchanged (found by reading the output back)"
)

// WriteSection is one section for WriteINI: a name and its options in
// order. A section named DEFAULT holds the defaults and must come first.
type WriteSection struct {
	Name    string
	Options []WriteOption
}

// WriteOption is one option for WriteINI. Value is the value CPython must
// read back: literal text, every "%" doubled on the way out, unless Raw,
// when it is configparser text written as it is.
type WriteOption struct {
	Name, Value string
	Raw         bool
}

// WriteINI writes sections as INI text that CPython's ConfigParser (with
// Alembic's settings) reads back to the same sections, options and raw
// values: "name = value", continuation lines indented by four spaces, an
// empty line between sections. Anything it cannot represent so (a
// carriage return, whitespace CPython strips, a continuation line CPython
// skips as a comment, a delimiter in a name, …) is an *alembicerr.Error
// of kind ValueError (TypeError for a value of the wrong type) naming the
// section and option and wrapping ErrUnrepresentable; nothing is written.
// The output is read back with the engine before it is returned.
func WriteINI(name string, secs []WriteSection) ([]byte, error) {
	type raw struct{ name, value string }
	want := make([][]raw, len(secs))
	size := 0
	for i, s := range secs {
		if err := checkSectionName(s.Name, i); err != nil {
			return nil, err
		}
		want[i] = make([]raw, 0, len(s.Options))
		for _, o := range s.Options {
			if err := checkOptionName(s.Name, o.Name); err != nil {
				return nil, err
			}
			v := o.Value
			if !o.Raw {
				v = Literal(v)
			}
			if err := checkValue(s.Name, o.Name, v); err != nil {
				return nil, err
			}
			if err := checkOptionLine(s.Name, o.Name, v); err != nil {
				return nil, err
			}
			want[i] = append(want[i], raw{o.Name, v})
			size += len(o.Name) + len(v) + 8
		}
		size += len(s.Name) + 4
	}

	var b strings.Builder
	b.Grow(size)
	for i, s := range secs {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("[" + s.Name + "]\n")
		for _, o := range want[i] {
			WriteLines(&b, o.name, o.value)
		}
	}
	out := b.String()

	// Read the text back with the engine: a difference means a check above
	// is missing, and is refused rather than written.
	doc, err := configparser.Parse(name, []byte(out))
	if err != nil {
		return nil, readBackError("", "", fmt.Sprintf("the output does not parse: %v", err))
	}
	got := doc.Sections
	if len(secs) > 0 && secs[0].Name == configparser.DefaultSection {
		got = append([]*configparser.Section{{Name: configparser.DefaultSection, Options: doc.Defaults}}, got...)
	} else if len(doc.Defaults) != 0 {
		return nil, readBackError("", "", "the output reads back with defaults")
	}
	if len(got) != len(secs) {
		return nil, readBackError("", "", "the output reads back with other sections")
	}
	for i, s := range secs {
		g := got[i]
		if g.Name != s.Name {
			return nil, readBackError(s.Name, "", fmt.Sprintf("the section reads back as %q", g.Name))
		}
		if len(g.Options) != len(want[i]) {
			return nil, readBackError(s.Name, "", "the section reads back with other options")
		}
		for j, o := range want[i] {
			if g.Options[j].Name != o.name || g.Options[j].Value != o.value {
				return nil, readBackError(s.Name, o.name, fmt.Sprintf("the option reads back as %q = %q", g.Options[j].Name, g.Options[j].Value))
			}
		}
	}
	return []byte(out), nil
}

// Literal turns text into configparser raw text that reads back as
// itself: every "%" doubled. It is how every literal layer, the
// environment and the writer insert text.
func Literal(s string) string { return strings.ReplaceAll(s, "%", "%%") }

// WriteLines writes "name = value", continuation lines indented by four
// spaces and empty lines inside the value left empty, without any check:
// WriteINI's line form, also for showing values to people.
func WriteLines(b *strings.Builder, name, value string) {
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

func readBackError(section, option, detail string) error {
	return Refusal(alembicerr.ValueError, ErrReadBack, section, option, detail+" (found by reading the output back)")
}

// Refusal builds a write refusal naming the section and option.
func Refusal(kind alembicerr.Kind, cause error, section, option, detail string) error {
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
	return Refusal(alembicerr.ValueError, ErrUnrepresentable, section, option, detail)
}

// checkSectionName refuses a section name that does not read back; DEFAULT
// only as the first section.
func checkSectionName(name string, index int) error {
	switch {
	case name == "":
		return unrepresentable(name, "", "a section name cannot be empty (\"[]\" is not a header)")
	case name == configparser.DefaultSection && index > 0:
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
	case pyvalue.Strip(name) != name:
		return unrepresentable(section, name, "the option name has leading or trailing whitespace, which CPython strips")
	case name[0] == '#' || name[0] == ';':
		return unrepresentable(section, name, "the option name starts with a comment character (\"#\" or \";\")")
	case pyvalue.Lower(name) != name:
		return unrepresentable(section, name, fmt.Sprintf("the option name is not lower-case: CPython reads it as %q", pyvalue.Lower(name)))
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
	if pyvalue.Strip(first) != first {
		return unrepresentable(section, option, "the value has leading or trailing whitespace, which CPython strips")
	}
	for n := 2; multi; n++ {
		var line string
		line, rest, multi = strings.Cut(rest, "\n")
		switch {
		case line == "" && !multi:
			return unrepresentable(section, option, "the value ends with an empty line, which CPython drops")
		case line == "":
		case pyvalue.Strip(line) != line:
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
