package configparser

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/koanf-alembic/koanf-alembic/redact"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/pyvalue"
)

// ParseOptions tunes Parse. The zero value reads as ConfigParser does.
type ParseOptions struct {
	// NameRepr returns how Python's error messages show the source; nil
	// means Python's repr of the name. Alembic passes a pathlib.Path,
	// which shows as PosixPath('…'). It is called only for an error.
	NameRepr func(name string) string
}

// Parse reads src as Python 3.11's ConfigParser.read_file does with
// Alembic's settings (strict, delimiters "=" and ":", full-line "#" and ";"
// comments, empty lines in values, lower-cased option names); name is the
// source name used in errors.
//
// Parse does not copy src: the Document's strings share its memory, so the
// caller must not modify src afterwards (pass bytes.Clone(src) when it
// might).
func Parse(name string, src []byte) (*Document, error) {
	return ParseOptions{}.Parse(name, src)
}

// pythonChunk is the size of the chunks Python's text reader decodes: an
// undecodable byte is found when its chunk is decoded, after the lines of
// the earlier chunks have been read.
const pythonChunk = 8192

// MaxSize is the largest text a Document holds (its positions are 32-bit,
// which keeps an option at 64 bytes): 2 GiB - 1.
const MaxSize = math.MaxInt32

// Parse reads src as the package-level Parse does.
func (o ParseOptions) Parse(name string, src []byte) (*Document, error) {
	if len(src) > MaxSize {
		what := fmt.Sprintf("%d bytes: larger than the %d an ini document can hold", len(src), MaxSize)
		return nil, &alembicerr.Error{Kind: alembicerr.LimitError, Source: name, Detail: what, Message: name + " is " + what}
	}
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
	l := lexer{reprFunc: o.NameRepr, limit: limit, hasCR: strings.IndexByte(text, '\r') >= 0}
	l.start(name, text)
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

// The options of the sections are stored in chunks (see addOption): the
// first holds one option per bytesPerOption of the text, between
// minFirstChunk and firstChunk; each next one twice as many as the one
// before, up to maxChunk and to what the text still to read holds at the
// density of options read so far (plus minFirstChunk), and always room
// for twice the options of the section being read, which moves into it.
//
// The first chunk is sized for what an alembic.ini holds: its logging
// configuration and a few options of its own, about twenty options in
// about ten sections whatever the file's size (Alembic's generic template:
// 22 in 10 in 4.5 KB of mostly comments; real files: 17 to 40 in 9 to 13,
// from 600 bytes up). A file with more takes a second chunk sized from
// what it read, so a first chunk too small costs one allocation where one
// too large costs its bytes on every load.
const (
	bytesPerOption = 32
	minFirstChunk  = 4
	firstChunk     = 22
	maxChunk       = 4096
)

// Sections are allocated in chunks: the first of one per bytesPerSection
// of the text, between minFirstSectionChunk and firstSectionChunk, each
// next one twice as large, up to maxSectionChunk.
const (
	bytesPerSection      = 64
	minFirstSectionChunk = 2
	firstSectionChunk    = 11
	maxSectionChunk      = 1024
)

// firstChunks is the storage of a Document and of its first chunks, in
// one allocation: a text of arenaText bytes or more (at least the size of
// the densest real alembic.ini) has first chunks of firstChunk options and
// firstSectionChunk sections, and allocating them with the Document and
// its section list makes one allocation of 2,304 bytes instead of four.
// Smaller texts get smaller chunks of their own.
type firstChunks struct {
	doc      Document
	list     [firstSectionChunk]*Section // Document.Sections, while it fits
	sections [firstSectionChunk]Section
	options  [firstChunk]Option
}

// arenaText is the size from which a text's first chunks are full-sized.
const arenaText = max(firstChunk*bytesPerOption, firstSectionChunk*bytesPerSection)

// start makes the Document of text and, for a text of arenaText bytes or
// more, its first chunks.
func (l *lexer) start(name, text string) {
	list := max(firstChunkSize(len(text), bytesPerSection, minFirstSectionChunk, firstSectionChunk), len(text)/2048)
	if len(text) < arenaText {
		l.doc = &Document{Name: name, Src: text, Sections: make([]*Section, 0, list)}
		return
	}
	a := &firstChunks{doc: Document{Name: name, Src: text}}
	a.doc.Sections = a.list[:0]
	if list > len(a.list) {
		a.doc.Sections = make([]*Section, 0, list)
	}
	l.doc, l.chunk, l.sectionPool = &a.doc, a.options[:0], a.sections[:0]
}

// firstChunkSize is the size of a first chunk for a text of n bytes: one
// per bytesPer, between lo and hi.
func firstChunkSize(n, bytesPer, lo, hi int) int {
	return min(max(n/bytesPer, lo), hi)
}

// joinChunk is the size of the buffers multi-line values are joined into
// (see join); an eighth of the text when that is less.
const joinChunk = 16 << 10

// lexer holds the state of CPython's RawConfigParser._read loop.
type lexer struct {
	doc      *Document
	nameRepr string                   // "" until an error needs it: see repr
	reprFunc func(name string) string // ParseOptions.NameRepr
	hasCR    bool                     // the text holds a "\r": lines may end at one
	limit    int                      // lines ending after this offset are not read (undecodable chunk)

	cursect     *[]Option // options of the current section, nil before a header
	sect        *Section  // current section; nil for [DEFAULT]
	chunk       []Option  // storage for sections' options, in file order (see addOption)
	secStart    int       // index in chunk of the current section's first option
	options     int       // options of sections read so far (addOption)
	sectName    string
	seenDefault map[string]bool     // option names seen in [DEFAULT] sections
	nameKeys    [linearLimit]uint32 // nameKey of each option of the current section, while it is small
	seenSection map[string]bool     // section names seen, once there are many
	sectionPool []Section           // storage for new sections, allocated in chunks
	optIdx      int                 // index of the current option in *cursect, or -1
	optTruthy   bool                // CPython's `optname` is set and not ""
	indentLevel int

	pieces   []string // continuation lines of the current option ("" for a blank one)
	blanks   int      // blank lines after them, kept only if a continuation line follows
	lastEnd  int      // end offset of the option's last continuation line
	joined   []byte   // buffer the multi-line values are joined into (see join)
	parseErr *alembicerr.Error
	// The ParsingError's text with secret lines redacted, and whether any
	// line was.
	parseShown, parseShownDetail string
	parseSecret                  bool
}

func (l *lexer) run() error {
	text := l.doc.Src[:readable(l.doc.Src, l.limit)]
	hasCR := l.hasCR
	l.optIdx = -1
	lineno := 0
	for pos := 0; pos < len(text); {
		// Universal newlines: "\n", "\r\n" and a lone "\r" end a line.
		end := len(text)
		if i := strings.IndexByte(text[pos:], '\n'); i >= 0 {
			end = pos + i
		}
		if hasCR {
			if i := strings.IndexByte(text[pos:end], '\r'); i >= 0 {
				end = pos + i
			}
		}
		next := end + 1 // the start of the next line (past the end after the last)
		if hasCR && next < len(text) && text[end] == '\r' && text[next] == '\n' {
			next++
		}
		lineno++
		// A comment at column 0, the commonest line of Alembic's templates,
		// changes nothing: it neither ends nor continues a value. An empty
		// line needs no stripping.
		switch {
		case end == pos:
			l.blank()
		case text[pos] != '#' && text[pos] != ';':
			if err := l.line(text[pos:end], pos, lineno); err != nil {
				return err
			}
		}
		pos = next
	}
	l.finish()
	return nil
}

// readable returns the end of the last line of text whose line break ends
// at or before limit: the lines Python reads from the chunks it decoded
// before an undecodable one (all of text when limit is its length). A
// "\r\n" astride the limit ends its line beyond it.
func readable(text string, limit int) int {
	if limit >= len(text) {
		return len(text)
	}
	j := strings.LastIndexAny(text[:limit], "\r\n")
	if j >= 0 && text[j] == '\r' && j+1 < len(text) && text[j+1] == '\n' {
		j = strings.LastIndexAny(text[:j], "\r\n")
	}
	return j + 1
}

// blank is a line that is empty after stripping: kept inside a value (an
// empty line of it), otherwise nothing. Blank lines at the end of a value
// are dropped (see finish), so they are only counted until a
// continuation line follows them.
func (l *lexer) blank() {
	if l.cursect != nil && l.optTruthy {
		l.blanks++
	}
}

// line processes one line (without its line break) as _read does.
// A comment at column 0 never gets here (see run).
func (l *lexer) line(line string, start, lineno int) error {
	end := start + len(line)
	hasNL := end < len(l.doc.Src) // Python's line ends with "\n"
	value, indent := pyvalue.StripIndent(line)
	if value == "" {
		l.blank()
		return nil
	}
	if value[0] == '#' || value[0] == ';' {
		return nil // skipped without ending the value
	}
	if l.cursect != nil && l.optTruthy && indent > l.indentLevel {
		for ; l.blanks > 0; l.blanks-- {
			l.pieces = append(l.pieces, "")
		}
		l.pieces = append(l.pieces, value)
		l.lastEnd = end
		return nil
	}
	l.indentLevel = indent
	if name, ok := sectionHeader(value); ok {
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
	d, cased := delimiter(value)
	if d < 0 {
		l.addParseError(lineno, line, hasNL)
		return nil
	}
	l.finish()
	key := pyvalue.RStrip(value[:d])
	if key == "" {
		l.addParseError(lineno, line, hasNL)
	}
	name := key
	if cased {
		name = pyvalue.Lower(key)
	}
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
	// value has no trailing whitespace, so neither has the part after the
	// delimiter: lstrip is strip here.
	o := l.addOption(name, start)
	o.Value, o.Line, o.Start, o.End = pyvalue.LStrip(value[d+1:]), int32(lineno), int32(start), int32(end)
	l.optIdx = len(*l.cursect) - 1
	l.optTruthy = name != ""
	return nil
}

// Classes of bytes for delimiter.
const (
	classDelim = 1 << iota // "=" or ":"
	classCased             // an ASCII capital or a byte of a non-ASCII character
)

// byteClass classifies bytes for delimiter.
var byteClass = func() (t [256]uint8) {
	t['='], t[':'] = classDelim, classDelim
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = classCased
	}
	for c := utf8.RuneSelf; c < len(t); c++ {
		t[c] = classCased
	}
	return t
}()

// delimiter returns the offset of the first "=" or ":" in s, or -1, and
// whether s before it has a byte that pyvalue.Lower may change (an ASCII
// capital or a non-ASCII character); without one, the name is its own
// lower case.
func delimiter(s string) (int, bool) {
	var seen uint8
	for i := 0; i < len(s); i++ {
		c := byteClass[s[i]]
		if c&classDelim != 0 {
			return i, seen&classCased != 0
		}
		seen |= c
	}
	return -1, false
}

// addOption adds an option called name to the current section and
// returns it for the caller to fill in. The options of all
// sections share one backing array (a section's options are contiguous in
// a file), which saves growing a slice per section; each section's slice
// has its capacity cut at its end, so that a later append to it copies.
//
// The array grows in chunks, never by reallocation: when a chunk is full,
// the next one starts with the options of the current section moved into
// it, so that a section's options stay one slice. Nothing is copied but
// the section being read, and no more is allocated than the options read
// plus the unused end of the last chunk.
func (l *lexer) addOption(name string, at int) *Option {
	if l.sect == nil {
		l.doc.Defaults = append(l.doc.Defaults, Option{Name: name})
		return &l.doc.Defaults[len(l.doc.Defaults)-1]
	}
	if len(l.chunk) == cap(l.chunk) {
		cur := l.chunk[l.secStart:]
		size := firstChunkSize(len(l.doc.Src), bytesPerOption, minFirstChunk, firstChunk)
		if cap(l.chunk) > 0 {
			// Twice the last, but no more than the rest of the text
			// holds at the density read so far, so that the last chunk
			// is not mostly empty.
			rest := int(int64(len(l.doc.Src)-at) * int64(l.options) / int64(max(at, 1)))
			size = min(2*cap(l.chunk), maxChunk, rest+minFirstChunk)
		}
		l.chunk = append(make([]Option, 0, max(size, 2*len(cur)+1)), cur...)
		l.secStart = 0
	}
	l.options++
	// The slot past the end of a chunk was never used: it is a zero Option.
	n := len(l.chunk) + 1
	l.chunk = l.chunk[:n]
	o := &l.chunk[n-1]
	o.Name = name
	l.sect.adopt(l.chunk[l.secStart:n:n])
	return o
}

// sectionHeader matches CPython's SECTCRE, r"\[(?P<header>.+)\]", at the
// start of the stripped line: the name runs to the last "]".
func sectionHeader(value string) (string, bool) {
	if value[0] != '[' {
		return "", false
	}
	last := strings.LastIndexByte(value, ']')
	if last < 2 {
		return "", false
	}
	return value[1:last], true
}

func (l *lexer) header(name string, start, end, lineno int) error {
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
	l.secStart = len(l.chunk)
	if len(l.sectionPool) == cap(l.sectionPool) {
		size := firstChunkSize(len(l.doc.Src), bytesPerSection, minFirstSectionChunk, firstSectionChunk)
		if cap(l.sectionPool) > 0 {
			size = min(2*cap(l.sectionPool), maxSectionChunk)
		}
		l.sectionPool = make([]Section, 0, size)
	}
	l.sectionPool = append(l.sectionPool, Section{Name: name, Line: int32(lineno), Start: int32(start), End: int32(end)})
	s := &l.sectionPool[len(l.sectionPool)-1]
	l.doc.Sections = append(l.doc.Sections, s)
	l.cursect, l.sect = &s.Options, s
	return nil
}

// sectionSeen reports whether a section name was read already, and
// records it: a linear search while there are few sections, a map after.
func (l *lexer) sectionSeen(name string) bool {
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
func (l *lexer) repr() string {
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
//
// Up to linearLimit options, the section's names are compared after
// their nameKeys, kept in nameKeys while the section is read (a name that
// is new is added: the caller appends its option next); beyond, the
// section's own index answers.
func (l *lexer) duplicateOption(name string) bool {
	if l.sect == nil {
		if l.seenDefault[name] {
			return true
		}
		l.seenDefault[name] = true
		return false
	}
	opts := l.sect.Options
	if len(opts) >= linearLimit {
		return l.sect.find(name) >= 0
	}
	h := nameKey(name)
	for i, oh := range l.nameKeys[:len(opts)] {
		if oh == h && opts[i].Name == name {
			return true
		}
	}
	l.nameKeys[len(opts)] = h
	return false
}

// nameKey is what duplicateOption compares before the names: the length
// and the first, middle and last bytes of a name (names that differ there
// differ; names that agree are compared, which the tests make happen).
func nameKey(name string) uint32 {
	n := len(name)
	if n == 0 {
		return 0
	}
	return uint32(n)<<24 | uint32(name[0])<<16 | uint32(name[n/2])<<8 | uint32(name[n-1])
}

// finish completes the value of the current option: its first line and
// its continuation lines joined with "\n", trailing empty lines dropped
// (CPython's '\n'.join(v).rstrip(); every line is stripped already).
func (l *lexer) finish() {
	l.blanks = 0
	if l.optIdx < 0 {
		return
	}
	if len(l.pieces) > 0 { // it ends with a line that is not blank
		o := &(*l.cursect)[l.optIdx]
		o.Value = l.join(o.Value, l.pieces)
		o.End = int32(l.lastEnd)
	}
	l.optIdx = -1
	l.pieces = l.pieces[:0]
}

// join returns first and the lines of more joined with "\n". The values
// share buffers of at least joinChunk bytes, which saves an allocation per
// multi-line value; a buffer is never written where a value lies.
func (l *lexer) join(first string, more []string) string {
	size := len(first) + len(more)
	for _, p := range more {
		size += len(p)
	}
	if cap(l.joined)-len(l.joined) < size {
		l.joined = make([]byte, 0, max(size, min(joinChunk, len(l.doc.Src)/8)))
	}
	start := len(l.joined)
	l.joined = append(l.joined, first...)
	for _, p := range more {
		l.joined = append(append(l.joined, '\n'), p...)
	}
	return unsafe.String(&l.joined[start], size)
}

func (l *lexer) addParseError(lineno int, line string, hasNL bool) {
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
func (l *lexer) parseError() error {
	if l.parseSecret {
		return l.parseErr.Redacted(l.parseShown, l.parseShownDetail)
	}
	return l.parseErr
}

// shownLine is a line as an error may quote it: a line whose first word is
// a secret option name ("db_password hunter2": a value without its
// delimiter) shows that word alone, and passwords in URLs and DSNs are
// masked; secret is true when that changed it.
func shownLine(line string) (shown string, secret bool) {
	word, _, _ := strings.Cut(pyvalue.Strip(line), " ")
	if redact.IsSecretName(word) {
		return word + " " + redact.Mask, true
	}
	shown = redact.Text(line, nil)
	return shown, shown != line
}

// pyLine is the line as Python's reader yields it: with "\n" unless it is
// the last line of a text without a final line break.
func pyLine(line string, hasNL bool) string {
	if hasNL {
		return line + "\n"
	}
	return line
}
