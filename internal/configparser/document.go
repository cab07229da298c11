// Package configparser is the CPython-exact INI engine: it reads a
// document exactly as Python 3.11's configparser.ConfigParser does with the
// arguments Alembic uses, keeps it losslessly, and answers the
// ConfigParser calls Alembic makes (get with interpolation, items,
// options, set with validation, remove_option).
//
// Parse builds a Document from bytes; a Parser is the live state a
// ConfigParser holds (defaults plus sections) and is what later calls read
// and change. Every error is a *alembicerr.Error whose Kind is the Python
// exception class CPython raises in the same situation.
package configparser

import "unsafe"

// DefaultSection is the name of the section whose options are the
// defaults of every other section.
const DefaultSection = "DEFAULT"

// Document is one parsed INI text. It keeps the source so that a later
// writer can reproduce unchanged parts byte for byte: each section and
// option records the byte span of its lines.
type Document struct {
	// Name is the source name used in errors (a file path, usually).
	Name string
	// Src is the decoded source text.
	Src string
	// Defaults holds the options of the document's [DEFAULT] sections, in
	// order; [DEFAULT] may appear more than once, its keys may not repeat.
	Defaults []Option
	// Sections holds the other sections in order.
	Sections []*Section
}

// Section is a section of a Document or of a Parser.
type Section struct {
	Name string
	// Line is the 1-based line of the section's header; 0 when the section
	// was not read from a file.
	Line int32
	// Start and End delimit the header line in the source (End excludes
	// the line break).
	Start, End int32
	Options    []Option

	index map[string]int // option name -> index into Options, for large sections
}

// Option is one option: its name after optionxform (lower-cased), its raw
// value (continuation lines joined with "\n"), and where it came from.
type Option struct {
	Name  string
	Value string
	// Origin says where the value came from; nil in a Document (the
	// document is the origin), set by a Parser.
	Origin *Origin
	// Prev is the value this one replaced in a Parser, if any: the chain
	// of overridden values, for provenance.
	Prev *Option
	// Line is the 1-based line of the option's first line; 0 when it was
	// not read from a file. Positions are 32-bit (a Document holds at most
	// MaxSize bytes), which keeps an Option at 64 bytes.
	Line int32
	// Start and End delimit the option's lines (first line up to the end of
	// its last continuation line, without the final line break) in the
	// source; both 0 when it was not read from a file.
	Start, End int32
}

// Origin says which layer a value came from and from where in it.
type Origin struct {
	// Layer names the layer: "defaults", "file", "set", or a caller's name.
	Layer string
	// Source is the file name, variable name, key or "<dict>"; "" when
	// there is none.
	Source string
}

// Origins of the values a Parser makes itself.
var (
	OriginDefaults = &Origin{Layer: "defaults", Source: "<dict>"} // constructor defaults
	OriginSet      = &Origin{Layer: "set"}                        // Set calls
)

// linearLimit is the number of options up to which a section is searched
// linearly; larger sections get a map index.
const linearLimit = 48

// find returns the index of the option name, or -1. A section larger
// than linearLimit gets a map index on first use; the index is kept up to
// date by add and remove.
func (s *Section) find(name string) int {
	if s.index == nil && len(s.Options) > linearLimit {
		s.reindex()
	}
	if s.index != nil {
		if i, ok := s.index[name]; ok {
			return i
		}
		return -1
	}
	for i := range s.Options {
		if s.Options[i].Name == name {
			return i
		}
	}
	return -1
}

// add appends an option; the caller has checked that the name is new.
func (s *Section) add(o Option) {
	s.adopt(append(s.Options, o))
}

// adopt makes opts, which is s.Options with one new option at its end,
// the section's options, and keeps the index in step. Every way an option
// enters a section goes through here (the lexer shares one backing array
// between sections and hands each its grown slice), so that a section
// indexed past linearLimit never misses its later options.
func (s *Section) adopt(opts []Option) {
	s.Options = opts
	if s.index != nil {
		s.index[opts[len(opts)-1].Name] = len(opts) - 1
	}
}

// remove deletes the option at index i.
func (s *Section) remove(i int) {
	s.Options = append(s.Options[:i], s.Options[i+1:]...)
	if s.index != nil {
		s.reindex()
	}
}

func (s *Section) reindex() {
	s.index = make(map[string]int, len(s.Options)*2)
	for i := range s.Options {
		s.index[s.Options[i].Name] = i
	}
}

// Lookup returns the option called name (already lower-cased) and whether
// it exists.
func (s *Section) Lookup(name string) (*Option, bool) {
	if i := s.find(name); i >= 0 {
		return &s.Options[i], true
	}
	return nil, false
}

// Detach makes d independent of the memory of the text it was parsed
// from, so that the caller may reuse that memory: the names and values
// that share it (Parse does not copy) are copied into one allocation, and
// Src is emptied. Positions (Line, Start, End) still count in that text.
// Names and values Parse made itself (lower-cased names, joined multi-line
// values) are kept as they are.
func (d *Document) Detach() {
	if d.Src == "" {
		return
	}
	t := memoryOf(d.Src)
	size := 0
	for i := range d.Defaults {
		size += t.shared(d.Defaults[i].Name) + t.shared(d.Defaults[i].Value)
	}
	for _, sec := range d.Sections {
		size += t.shared(sec.Name)
		for i := range sec.Options {
			size += t.shared(sec.Options[i].Name) + t.shared(sec.Options[i].Value)
		}
	}
	a := arena{buf: make([]byte, 0, size), text: t}
	for i := range d.Defaults {
		a.own(&d.Defaults[i].Name)
		a.own(&d.Defaults[i].Value)
	}
	for _, sec := range d.Sections {
		a.own(&sec.Name)
		sec.index = nil // its keys are the old names; rebuilt on demand
		for i := range sec.Options {
			a.own(&sec.Options[i].Name)
			a.own(&sec.Options[i].Value)
		}
	}
	d.Src = ""
}

// memory is where a string's bytes lie.
type memory struct{ base, size uintptr }

func memoryOf(s string) memory {
	return memory{uintptr(unsafe.Pointer(unsafe.StringData(s))), uintptr(len(s))}
}

// shared returns len(s) when s lies in m, else 0.
func (m memory) shared(s string) int {
	if s != "" && uintptr(unsafe.Pointer(unsafe.StringData(s)))-m.base < m.size {
		return len(s)
	}
	return 0
}

// arena is where Detach copies the strings that lie in text.
type arena struct {
	buf  []byte
	text memory
}

// own replaces *s, when it lies in the text, with its copy in the arena.
func (a *arena) own(s *string) {
	if n := a.text.shared(*s); n > 0 {
		at := len(a.buf)
		a.buf = append(a.buf, *s...)
		*s = unsafe.String(&a.buf[at], n)
	}
}
