package state

import (
	"fmt"
	"strings"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/internal/configparser"
	"github.com/koanf-alembic/koanf-alembic/pyvalue"
)

// Edit is an ini text under lossless editing: each change is a splice of
// the lines of one option (or an appended section), everything else kept
// byte for byte — comments, blank lines, spacing, the key's spelling, line
// endings, a missing final newline. Every change is read back with the
// engine before it is kept: CPython reads exactly the value set and every
// other option as before, or the change is a typed error and the text
// stays as it was.
type Edit struct {
	name string
	text string
	doc  *configparser.Document
}

// NewEdit parses text (named name in errors) for editing.
func NewEdit(name string, text []byte) (*Edit, error) {
	src := string(text) // the Edit's own copy: the document aliases it
	doc, err := configparser.Parse(name, []byte(src))
	if err != nil {
		return nil, err
	}
	return &Edit{name: name, text: src, doc: doc}, nil
}

// Text returns the current text.
func (e *Edit) Text() string { return e.text }

// Set sets option of section to raw, configparser text (the caller
// escapes a literal with Literal, or validates raw text as set_main_option
// does): an existing option keeps its line's key spelling, delimiter and
// spacing; a new one goes after the last option of its section in its
// neighbours' delimiter style; a missing section is appended. Section
// DEFAULT means the defaults.
func (e *Edit) Set(section, option, raw string) error {
	name := pyvalue.Lower(option)
	if err := checkOptionName(section, name); err != nil {
		return err
	}
	if err := checkValue(section, name, raw); err != nil {
		return err
	}
	if err := checkOptionLine(section, name, raw); err != nil {
		return err
	}
	nl := e.lineBreak()
	opts, sec, found := e.options(section)
	var text string
	if o := lookup(opts, name); o != nil {
		if o.Value == raw {
			return nil // a no-op: not one byte changes
		}
		prefix, indent := e.layout(o)
		text = e.text[:o.Start] + prefix + valueLines(raw, indent, nl) + e.text[o.End:]
	} else if found {
		sep, lineIndent := " = ", ""
		at := -1
		if len(opts) > 0 {
			last := &opts[len(opts)-1]
			for i := range opts {
				if opts[i].End > last.End {
					last = &opts[i]
				}
			}
			at = int(last.End)
			sep, lineIndent = e.style(last)
		} else if sec != nil {
			at = int(sec.End)
		} else {
			at = e.defaultHeaderEnd()
		}
		line := lineIndent + name + sep
		if raw == "" {
			line = lineIndent + name + strings.TrimRight(sep, " \t")
		}
		text = e.text[:at] + nl + line + valueLines(raw, lineIndent+"    ", nl) + e.text[at:]
	} else {
		if section == "" {
			return invalidSection(section)
		}
		text = e.text
		if text != "" && !strings.HasSuffix(text, "\n") && !strings.HasSuffix(text, "\r") {
			text += nl
		}
		if text != "" {
			text += nl
		}
		line := name + " = "
		if raw == "" {
			line = name + " ="
		}
		text += "[" + section + "]" + nl + line + valueLines(raw, "    ", nl) + nl
	}
	return e.apply(text, section, name, raw, true)
}

// Remove deletes option of section, its line and its continuation lines
// and nothing else; it reports whether the option was there.
func (e *Edit) Remove(section, option string) (bool, error) {
	name := pyvalue.Lower(option)
	opts, _, _ := e.options(section)
	o := lookup(opts, name)
	if o == nil {
		return false, nil
	}
	end := int(o.End)
	switch {
	case strings.HasPrefix(e.text[end:], "\r\n"):
		end += 2
	case end < len(e.text):
		end++
	}
	start := o.Start
	if end == len(e.text) && int(o.End) == len(e.text) && start > 0 {
		// The last line had no line break: take the one before it.
		start--
		if start > 0 && e.text[start] == '\n' && e.text[start-1] == '\r' {
			start--
		}
	}
	return true, e.apply(e.text[:start]+e.text[end:], section, name, "", false)
}

// AddSection appends an empty section at the end; a section that exists
// is left as it is (false).
func (e *Edit) AddSection(section string) (bool, error) {
	if _, _, found := e.options(section); found {
		return false, nil
	}
	if err := checkSectionName(section, 0); err != nil { // [DEFAULT] may stand anywhere
		return false, err
	}
	nl := e.lineBreak()
	text := e.text
	if text != "" && !strings.HasSuffix(text, "\n") && !strings.HasSuffix(text, "\r") {
		text += nl
	}
	if text != "" {
		text += nl
	}
	text += "[" + section + "]" + nl
	doc, err := configparser.Parse(e.name, []byte(text))
	if err != nil || len(doc.Sections) == 0 || doc.Sections[len(doc.Sections)-1].Name != section {
		return false, e.refuse(section, "", "the section would not read back")
	}
	e.text, e.doc = text, doc
	return true, nil
}

// RemoveSection deletes a section (not DEFAULT): its header, its options
// and everything up to the next section's header (its trailing comments
// and blank lines with it); it reports whether the section was there.
func (e *Edit) RemoveSection(section string) (bool, error) {
	if section == configparser.DefaultSection {
		return false, invalidSection(section)
	}
	for i, s := range e.doc.Sections {
		if s.Name != section {
			continue
		}
		start, end := int(s.Start), len(e.text)
		if i+1 < len(e.doc.Sections) {
			end = int(e.doc.Sections[i+1].Start)
		}
		// A [DEFAULT] header between them stays.
		if d := e.defaultHeaderAfter(start); d >= 0 && d < end {
			end = d
		}
		text := e.text[:start] + e.text[end:]
		doc, err := configparser.Parse(e.name, []byte(text))
		if err != nil {
			return false, e.refuse(section, "", fmt.Sprintf("the edited text does not parse: %v", err))
		}
		before, after := snapshot(e.doc), snapshot(doc)
		for k, v := range before {
			if strings.HasPrefix(k, section+"\x00") {
				continue
			}
			if w, ok := after[k]; !ok || w != v {
				return false, e.refuse(section, "", "other sections would change")
			}
		}
		e.text, e.doc = text, doc
		return true, nil
	}
	return false, nil
}

// defaultHeaderAfter is the start of the first [DEFAULT] header line at
// or after from, or -1.
func (e *Edit) defaultHeaderAfter(from int) int {
	for pos := from; pos < len(e.text); {
		end := strings.IndexAny(e.text[pos:], "\r\n")
		if end < 0 {
			end = len(e.text) - pos
		}
		line := pyvalue.Strip(e.text[pos : pos+end])
		if pos > from && strings.HasPrefix(line, "[") && strings.LastIndexByte(line, ']') > 0 &&
			line[1:strings.LastIndexByte(line, ']')] == configparser.DefaultSection {
			return pos
		}
		pos += end + 1
	}
	return -1
}

// apply keeps text after reading it back: the option reads raw (or is
// gone), every other option of every section and the defaults as before.
func (e *Edit) apply(text, section, name, raw string, present bool) error {
	doc, err := configparser.Parse(e.name, []byte(text))
	if err != nil {
		return e.refuse(section, name, fmt.Sprintf("the edited text does not parse: %v", err))
	}
	before, after := snapshot(e.doc), snapshot(doc)
	key := section + "\x00" + name
	got, ok := after[key]
	switch {
	case present && (!ok || got != raw):
		return e.refuse(section, name, fmt.Sprintf("it would read back as %q", got))
	case !present && ok:
		return e.refuse(section, name, "it would still be there")
	}
	delete(before, key)
	delete(after, key)
	if _, had := before[section+"\x00"]; !had && section != configparser.DefaultSection {
		delete(after, section+"\x00") // the section the set added
	}
	if len(before) != len(after) {
		return e.refuse(section, name, "other options would change")
	}
	for k, v := range before {
		if after[k] != v {
			return e.refuse(section, name, "other options would change")
		}
	}
	e.text, e.doc = text, doc
	return nil
}

func (e *Edit) refuse(section, option, detail string) error {
	return Refusal(alembicerr.ValueError, ErrUnrepresentable, section, option, detail)
}

// snapshot maps "section\x00option" to every raw value of a document, the
// defaults under DEFAULT, and each section to "" under "section\x00".
func snapshot(doc *configparser.Document) map[string]string {
	m := make(map[string]string)
	for _, o := range doc.Defaults {
		m[configparser.DefaultSection+"\x00"+o.Name] = o.Value
	}
	for _, s := range doc.Sections {
		m[s.Name+"\x00"] = ""
		for _, o := range s.Options {
			m[s.Name+"\x00"+o.Name] = o.Value
		}
	}
	return m
}

// options returns the options of section (the defaults for DEFAULT), its
// header (nil for DEFAULT) and whether it exists.
func (e *Edit) options(section string) ([]configparser.Option, *configparser.Section, bool) {
	if section == configparser.DefaultSection {
		return e.doc.Defaults, nil, len(e.doc.Defaults) > 0 || e.defaultHeaderEnd() >= 0
	}
	for _, s := range e.doc.Sections {
		if s.Name == section {
			return s.Options, s, true
		}
	}
	return nil, nil, false
}

// defaultHeaderEnd is the end of the first [DEFAULT] header line, or -1.
func (e *Edit) defaultHeaderEnd() int {
	for pos := 0; pos < len(e.text); {
		end := strings.IndexAny(e.text[pos:], "\r\n")
		if end < 0 {
			end = len(e.text) - pos
		}
		line := pyvalue.Strip(e.text[pos : pos+end])
		if strings.HasPrefix(line, "[") && strings.LastIndexByte(line, ']') > 0 &&
			line[1:strings.LastIndexByte(line, ']')] == configparser.DefaultSection {
			return pos + end
		}
		pos += end + 1
	}
	return -1
}

func lookup(opts []configparser.Option, name string) *configparser.Option {
	for i := range opts {
		if opts[i].Name == name {
			return &opts[i]
		}
	}
	return nil
}

// layout returns what of an option's first line stays when its value is
// replaced (indentation, key as spelled, delimiter and the spacing after
// it) and the indentation of its continuation lines.
func (e *Edit) layout(o *configparser.Option) (prefix, indent string) {
	first := e.text[o.Start:o.End]
	if i := strings.IndexAny(first, "\r\n"); i >= 0 {
		first = first[:i]
	}
	d := strings.IndexAny(first, "=:")
	rest := first[d+1:]
	spacing := rest[:len(rest)-len(pyvalue.LStrip(rest))]
	prefix = first[:d+1] + spacing
	lead := first[:len(first)-len(pyvalue.LStrip(first))]
	indent = lead + "    "
	// An existing continuation line's indentation, if there is one.
	if nl := strings.IndexAny(e.text[o.Start:o.End], "\r\n"); nl >= 0 {
		for _, line := range strings.FieldsFunc(e.text[int(o.Start)+nl:o.End], func(r rune) bool { return r == '\n' || r == '\r' }) {
			if s := pyvalue.LStrip(line); s != "" {
				if w := line[:len(line)-len(s)]; len(w) > len(lead) {
					indent = w
				}
				break
			}
		}
	}
	return prefix, indent
}

// style returns a neighbour option's delimiter with its spacing, and its
// line's indentation.
func (e *Edit) style(o *configparser.Option) (sep, indent string) {
	prefix, _ := e.layout(o)
	key := pyvalue.RStrip(prefix[:strings.IndexAny(prefix, "=:")])
	lead := key[:len(key)-len(pyvalue.LStrip(key))]
	return prefix[len(key):], lead
}

// valueLines writes a raw value after its delimiter: the first line as it
// is, the others on lines of their own with indent (empty lines empty).
func valueLines(raw, indent, nl string) string {
	lines := strings.Split(raw, "\n")
	var b strings.Builder
	b.WriteString(lines[0])
	for _, l := range lines[1:] {
		b.WriteString(nl)
		if l != "" {
			b.WriteString(indent + l)
		}
	}
	return b.String()
}

// lineBreak is the text's first line ending, or "\n".
func (e *Edit) lineBreak() string {
	i := strings.IndexAny(e.text, "\r\n")
	switch {
	case i < 0:
		return "\n"
	case strings.HasPrefix(e.text[i:], "\r\n"):
		return "\r\n"
	}
	return e.text[i : i+1]
}

func invalidSection(name string) error {
	return &alembicerr.Error{Kind: alembicerr.ValueError, Section: name,
		Message: "Invalid section name: " + pyvalue.ReprString(name)}
}
