package configparser

import (
	"fmt"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/pyvalue"
)

// refParse is Parse as it was before the refLexer was tuned (commit
// 160a5d9), kept as the reference the tuned refLexer must agree with.
func refParse(o ParseOptions, name string, src []byte) (*Document, error) {
	text := unsafe.String(unsafe.SliceData(src), len(src))
	limit := len(text)
	var decodeErr error
	if !utf8.ValidString(text) {
		pos, reason := FirstInvalid(text)
		chunkStart := pos - pos%pythonChunk
		if reason == reasonEndOfData {
			// A sequence cut off by the end of the file: Python's decoder
			// holds it back and fails only at the final decode, after
			// every complete line before it was read; the position counts
			// from the held-back bytes.
			chunkStart = pos
		}
		decodeErr = &alembicerr.Error{
			Kind: alembicerr.UnicodeDecodeError, Source: name,
			Line:    1 + strings.Count(text[:pos], "\n"),
			Detail:  fmt.Sprintf("invalid UTF-8: byte 0x%02x at offset %d: %s", text[pos], pos, reason),
			Message: DecodeMessage(text, pos, chunkStart),
		}
		limit = chunkStart
	}
	l := refLexer{doc: &Document{Name: name, Src: text, Sections: make([]*Section, 0, max(16, len(text)/2048))}, reprFunc: o.NameRepr, limit: limit,
		all: make([]Option, 0, refOptionsHint(len(text))), hasCR: strings.IndexByte(text, '\r') >= 0}
	if err := l.run(); err != nil {
		return nil, err
	}
	if decodeErr != nil {
		return nil, decodeErr
	}
	if l.parseErr != nil {
		return nil, l.parseError()
	}
	return l.doc, nil
}

// refOptionsHint guesses how many options a text of n bytes holds: small
// files (mostly comments, as Alembic's templates) start small and grow.
func refOptionsHint(n int) int {
	if n < 64<<10 {
		return 32
	}
	return n / 64
}

// refLexer holds the state of CPython's RawConfigParser._read loop.
type refLexer struct {
	doc      *Document
	nameRepr string                   // "" until an error needs it: see repr
	reprFunc func(name string) string // ParseOptions.NameRepr
	hasCR    bool                     // the text holds a "\r": lines may end at one
	limit    int                      // lines ending after this offset are not read (undecodable chunk)

	cursect     *[]Option // options of the current section, nil before a header
	sect        *Section  // current section; nil for [DEFAULT]
	all         []Option  // backing array of every section's options, in file order
	secStart    int       // index in all of the current section's first option
	sectName    string
	seenDefault map[string]bool // option names seen in [DEFAULT] sections
	seenSection map[string]bool // section names seen, once there are many
	sectionPool []Section       // storage for new sections, allocated in chunks
	optIdx      int             // index of the current option in *cursect, or -1
	optTruthy   bool            // CPython's `optname` is set and not ""
	indentLevel int

	pieces    []string  // value lines of the current option
	piecesBuf [8]string // backing for pieces while a value has few lines
	lastEnd   int       // end offset of the option's last content line
	parseErr  *alembicerr.Error
	// The ParsingError's text with secret lines redacted, and whether any
	// line was.
	parseShown, parseShownDetail string
	parseSecret                  bool
}

func (l *refLexer) run() error {
	src := l.doc.Src
	l.optIdx = -1
	l.pieces = l.piecesBuf[:0]
	lineno := 0
	for pos := 0; pos < len(src); {
		// Universal newlines: "\n", "\r\n" and a lone "\r" end a line.
		end := refLineEnd(src, pos, l.hasCR)
		next := end
		if next < len(src) {
			if src[next] == '\r' && next+1 < len(src) && src[next+1] == '\n' {
				next += 2
			} else {
				next++
			}
		}
		if next > l.limit || end > l.limit {
			break
		}
		lineno++
		if err := l.line(src[pos:end], pos, end, next > end, lineno); err != nil {
			return err
		}
		pos = next
	}
	l.finish()
	return nil
}

// line processes one line (without its line break) as _read does.
func (l *refLexer) line(line string, start, end int, hasNL bool, lineno int) error {
	if line != "" && (line[0] == '#' || line[0] == ';') {
		return nil // a comment at column 0: the common case, decided early
	}
	value := pyvalue.Strip(line)
	if value == "" || value[0] == '#' || value[0] == ';' {
		// A blank line is kept inside a value; a comment line is skipped
		// without ending the value.
		if value == "" && l.cursect != nil && l.optTruthy {
			l.pieces = append(l.pieces, "")
		}
		return nil
	}
	indent := pyvalue.IndentWidth(line)
	if l.cursect != nil && l.optTruthy && indent > l.indentLevel {
		l.pieces = append(l.pieces, value)
		l.lastEnd = end
		return nil
	}
	l.indentLevel = indent
	if name, ok := refSectionHeader(value); ok {
		l.finish()
		return l.header(name, start, end, lineno)
	}
	if l.cursect == nil {
		msg := fmt.Sprintf("File contains no section headers.\nfile: %s, line: %d\n", l.repr(), lineno)
		e := &alembicerr.Error{
			Kind: alembicerr.MissingSectionHeaderError, Source: l.doc.Name, Line: lineno,
			Detail:  "file contains no section headers",
			Message: msg + pyvalue.ReprString(pyLine(line, hasNL)),
		}
		if shown, secret := shownLine(line); secret {
			return e.Redacted(msg+pyvalue.ReprString(pyLine(shown, hasNL)), e.Detail)
		}
		return e
	}
	d := refDelimiter(value)
	if d < 0 {
		l.addParseError(lineno, line, hasNL)
		return nil
	}
	l.finish()
	key := pyvalue.RStrip(value[:d])
	if key == "" {
		l.addParseError(lineno, line, hasNL)
	}
	name := pyvalue.Lower(key)
	if l.duplicateOption(name) {
		return &alembicerr.Error{
			Kind: alembicerr.DuplicateOptionError, Source: l.doc.Name, Line: lineno,
			Section: l.sectName, Option: name,
			Detail: fmt.Sprintf("option %s in section %s already exists",
				pyvalue.ReprString(name), pyvalue.ReprString(l.sectName)),
			Message: fmt.Sprintf("While reading from %s [line %2d]: option %s in section %s already exists",
				l.repr(), lineno, pyvalue.ReprString(name), pyvalue.ReprString(l.sectName)),
		}
	}
	l.appendOption(Option{Name: name, Line: int32(lineno), Start: int32(start), End: int32(end)})
	l.optIdx = len(*l.cursect) - 1
	l.optTruthy = name != ""
	l.pieces = append(l.pieces[:0], pyvalue.Strip(value[d+1:]))
	l.lastEnd = end
	return nil
}

// refLineEnd returns the offset of the line break ("\n" or "\r") that ends
// the line starting at pos, or len(src).
func refLineEnd(src string, pos int, hasCR bool) int {
	rest := src[pos:]
	n := strings.IndexByte(rest, '\n')
	if n < 0 {
		n = len(rest)
	}
	if hasCR {
		if cr := strings.IndexByte(rest[:n], '\r'); cr >= 0 {
			n = cr
		}
	}
	return pos + n
}

// refDelimiter returns the offset of the first "=" or ":" in s, or -1.
func refDelimiter(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == '=' || s[i] == ':' {
			return i
		}
	}
	return -1
}

// appendOption adds an option to the current section. The options of all
// sections share one backing array (a section's options are contiguous in
// a file), which saves growing a slice per section; each section's slice
// has its capacity cut at its end, so that a later append to it copies.
func (l *refLexer) appendOption(o Option) {
	if l.sect == nil {
		l.doc.Defaults = append(l.doc.Defaults, o)
		return
	}
	l.all = append(l.all, o)
	n := len(l.all)
	l.sect.adopt(l.all[l.secStart:n:n])
}

// refSectionHeader matches CPython's SECTCRE, r"\[(?P<header>.+)\]", at the
// start of the stripped line: the name runs to the last "]".
func refSectionHeader(value string) (string, bool) {
	if value[0] != '[' {
		return "", false
	}
	last := strings.LastIndexByte(value, ']')
	if last < 2 {
		return "", false
	}
	return value[1:last], true
}

func (l *refLexer) header(name string, start, end, lineno int) error {
	l.optIdx, l.optTruthy = -1, false
	l.sectName = name
	if name == DefaultSection {
		l.cursect, l.sect = &l.doc.Defaults, nil
		if l.seenDefault == nil {
			l.seenDefault = make(map[string]bool)
		}
		return nil
	}
	if l.sectionSeen(name) {
		return &alembicerr.Error{
			Kind: alembicerr.DuplicateSectionError, Source: l.doc.Name, Line: lineno, Section: name,
			Detail: fmt.Sprintf("section %s already exists", pyvalue.ReprString(name)),
			Message: fmt.Sprintf("While reading from %s [line %2d]: section %s already exists",
				l.repr(), lineno, pyvalue.ReprString(name)),
		}
	}
	l.secStart = len(l.all)
	if len(l.sectionPool) == cap(l.sectionPool) {
		l.sectionPool = make([]Section, 0, 16)
	}
	l.sectionPool = append(l.sectionPool, Section{Name: name, Line: int32(lineno), Start: int32(start), End: int32(end)})
	s := &l.sectionPool[len(l.sectionPool)-1]
	l.doc.Sections = append(l.doc.Sections, s)
	l.cursect, l.sect = &s.Options, s
	return nil
}

// sectionSeen reports whether a section name was read already, and
// records it: a linear search while there are few sections, a map after.
func (l *refLexer) sectionSeen(name string) bool {
	if l.seenSection == nil && len(l.doc.Sections) < 32 {
		for _, s := range l.doc.Sections {
			if s.Name == name {
				return true
			}
		}
		return false
	}
	if l.seenSection == nil {
		// Sized for a file of many sections (about one per KB), so that
		// the map need not grow while the rest is read.
		l.seenSection = make(map[string]bool, max(2*len(l.doc.Sections), len(l.doc.Src)/1024))
		for _, s := range l.doc.Sections {
			l.seenSection[s.Name] = true
		}
	}
	if l.seenSection[name] {
		return true
	}
	l.seenSection[name] = true
	return false
}

// repr is how messages show the source: NameRepr, or Python's repr of
// the name.
func (l *refLexer) repr() string {
	if l.nameRepr == "" {
		if l.reprFunc != nil {
			l.nameRepr = l.reprFunc(l.doc.Name)
		} else {
			l.nameRepr = pyvalue.ReprString(l.doc.Name)
		}
	}
	return l.nameRepr
}

// duplicateOption reports whether name was already read in the current
// section (for [DEFAULT], in any [DEFAULT] section of the document).
func (l *refLexer) duplicateOption(name string) bool {
	if l.sect == nil {
		if l.seenDefault[name] {
			return true
		}
		l.seenDefault[name] = true
		return false
	}
	return l.sect.find(name) >= 0
}

// finish stores the value of the current option: its lines joined with
// "\n", trailing empty lines dropped (CPython's '\n'.join(v).rstrip()).
func (l *refLexer) finish() {
	if l.optIdx < 0 || l.cursect == nil {
		return
	}
	o := &(*l.cursect)[l.optIdx]
	n := len(l.pieces)
	for n > 1 && l.pieces[n-1] == "" {
		n--
	}
	if n == 1 {
		o.Value = l.pieces[0]
	} else {
		o.Value = strings.Join(l.pieces[:n], "\n")
	}
	o.End = int32(l.lastEnd)
	l.optIdx = -1
	l.pieces = l.pieces[:0]
}

func (l *refLexer) addParseError(lineno int, line string, hasNL bool) {
	entry := fmt.Sprintf("\n\t[line %2d]: %s", lineno, pyvalue.ReprString(pyLine(line, hasNL)))
	shown, secret := shownLine(line)
	shownEntry := fmt.Sprintf("\n\t[line %2d]: %s", lineno, pyvalue.ReprString(pyLine(shown, hasNL)))
	if l.parseErr == nil {
		l.parseErr = &alembicerr.Error{
			Kind: alembicerr.ParsingError, Source: l.doc.Name, Line: lineno,
			Detail:  "neither a section header, an option nor a comment: " + pyvalue.ReprString(line),
			Message: "Source contains parsing errors: " + l.repr(),
		}
		l.parseShown = l.parseErr.Message
		l.parseShownDetail = "neither a section header, an option nor a comment: " + pyvalue.ReprString(shown)
	}
	l.parseErr.Message += entry
	l.parseShown += shownEntry
	l.parseSecret = l.parseSecret || secret
}

// parseError is the ParsingError of the document, its lines redacted
// where they hold secrets.
func (l *refLexer) parseError() error {
	if l.parseSecret {
		return l.parseErr.Redacted(l.parseShown, l.parseShownDetail)
	}
	return l.parseErr
}
