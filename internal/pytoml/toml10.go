package pytoml

import (
	"bytes"
	"errors"
	"math"
	"strconv"
	"strings"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
)

// go-toml v2.4 reads TOML 1.1, tomllib (CPython 3.11) TOML 1.0 only. The
// constructs 1.1 added are refused here as tomllib refuses them, with its
// message and position: inline tables spanning lines, holding comments or
// ending in a comma; the escapes \e and \xHH; times without seconds.
//
// scan follows the structure of valid TOML 1.1 (statements,
// headers, keys, values, strings, comments) in document order and stops at
// the first construct tomllib refuses; on a document go-toml refuses it
// reports only what comes before go-toml's error.

// toml10Error is the first TOML 1.1-only construct: where tomllib stops
// and what it says.
type toml10Error struct {
	pos    int
	msg    string
	detail string // "" for TOML 1.1 syntax
}

// scan follows data to its first construct that TOML 1.0 does not have
// (or that Python cannot hold), and notes the floats Python reads as
// infinities (overflows).
func scan(data []byte) *scanner {
	s := &scanner{data: data}
	s.document()
	return s
}

// refusal returns tomllib's TOMLDecodeError for the first construct of
// the document that TOML 1.0 does not have, or nil. before is the offset
// of go-toml's own error (len(data) when go-toml read the document): a
// construct found there or after it is not reported, since tomllib stops
// at go-toml's error first, and the scanner, which follows only valid
// TOML 1.1, may go astray past it.
func (s *scanner) refusal(name string, before int) error {
	data := s.data
	if s.err == nil || s.err.pos >= before && before < len(data) {
		return nil
	}
	line := 1
	for _, c := range data[:min(s.err.pos, len(data))] {
		if c == '\n' {
			line++
		}
	}
	detail := s.err.detail
	if detail == "" {
		detail = "TOML 1.1 syntax, which tomllib (TOML 1.0) refuses"
	}
	return &alembicerr.Error{Kind: alembicerr.TOMLDecodeError, Source: name, Line: line,
		Detail: detail, Message: s.err.msg + " " + position(data, s.err.pos)}
}

// scanner walks a valid TOML 1.1 document.
type scanner struct {
	data      []byte
	pos       int
	err       *toml10Error
	overflows []span // decimal floats beyond float64's range
}

// span is a token's place in the data.
type span struct{ start, end int }

func (s *scanner) fail(pos int, msg string) { s.refuse(pos, msg, "") }

// refuse is fail with a detail of its own, for what is not TOML 1.1
// syntax.
func (s *scanner) refuse(pos int, msg, detail string) {
	if s.err == nil {
		s.err = &toml10Error{pos, msg, detail}
	}
}

func (s *scanner) peek() byte {
	if s.pos < len(s.data) {
		return s.data[s.pos]
	}
	return 0
}

func (s *scanner) ws() {
	for s.pos < len(s.data) && (s.data[s.pos] == ' ' || s.data[s.pos] == '\t') {
		s.pos++
	}
}

// comment skips a comment up to (not including) the line break.
func (s *scanner) comment() {
	for s.pos < len(s.data) && s.data[s.pos] != '\n' {
		s.pos++
	}
}

// wsLines skips whitespace, line breaks and comments (inside arrays).
func (s *scanner) wsLines() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\r', '\n':
			s.pos++
		case '#':
			s.comment()
		default:
			return
		}
	}
}

func (s *scanner) document() {
	for s.err == nil && s.pos < len(s.data) {
		s.ws()
		if s.pos >= len(s.data) {
			return
		}
		switch s.peek() {
		case '\r', '\n':
			s.pos++
			continue
		case '#':
			s.comment()
			continue
		case '[':
			s.pos++
			if s.peek() == '[' {
				s.pos++
			}
			s.ws()
			s.key()
			for s.peek() == ']' {
				s.pos++
			}
		default:
			at := s.pos
			s.key()
			s.ws()
			if s.peek() != '=' {
				// not a statement this scanner knows: never loop
				s.pos = max(s.pos, at+1)
				continue
			}
			s.pos++
			s.ws()
			s.value(stmtEnd)
		}
		s.ws()
		if s.peek() == '#' {
			s.comment()
		}
	}
}

// key skips a dotted key and the whitespace after it.
func (s *scanner) key() {
	for s.err == nil {
		switch s.peek() {
		case '"':
			s.basicString()
		case '\'':
			s.literalString()
		default:
			for s.pos < len(s.data) && isBare(s.data[s.pos]) {
				s.pos++
			}
		}
		s.ws()
		if s.peek() != '.' {
			return
		}
		s.pos++
		s.ws()
	}
}

// The messages tomllib gives for what follows a value, by context.
const (
	stmtEnd   = "Expected newline or end of document after a statement"
	arrayEnd  = "Unclosed array"
	inlineEnd = "Unclosed inline table"
)

// value skips one value; after is tomllib's message for an unexpected
// character after a value in this context.
func (s *scanner) value(after string) {
	switch c := s.peek(); {
	case c == '"':
		s.basicString()
	case c == '\'':
		s.literalString()
	case c == '[':
		s.array()
	case c == '{':
		s.inlineTable()
	default:
		s.scalar(after)
	}
}

func (s *scanner) array() {
	s.pos++ // '['
	for s.err == nil {
		s.wsLines()
		if s.pos >= len(s.data) {
			return
		}
		if s.peek() == ']' {
			s.pos++
			return
		}
		at := s.pos
		s.value(arrayEnd)
		s.wsLines()
		switch {
		case s.peek() == ',':
			s.pos++
		case s.pos == at:
			s.pos++ // not a value this scanner knows: never loop
		}
	}
}

// inlineTable follows TOML 1.0's inline table: on one line, no comments,
// no trailing comma.
func (s *scanner) inlineTable() {
	s.pos++ // '{'
	s.ws()
	if s.peek() == '}' {
		s.pos++
		return
	}
	for s.err == nil {
		// a key part is expected
		s.ws()
		switch c := s.peek(); {
		case c == '"' || c == '\'' || isBare(c):
		default:
			s.fail(s.pos, "Invalid initial character for a key part")
			return
		}
		s.key()
		if s.peek() != '=' {
			s.fail(s.pos, "Expected '=' after a key in a key/value pair")
			return
		}
		s.pos++
		s.ws()
		if c := s.peek(); c == '\n' || c == '\r' || c == '#' || s.pos >= len(s.data) {
			s.fail(s.pos, "Invalid value")
			return
		}
		s.value(inlineEnd)
		if s.err != nil {
			return
		}
		s.ws()
		switch s.peek() {
		case '}':
			s.pos++
			return
		case ',':
			s.pos++
		default:
			s.fail(s.pos, inlineEnd)
			return
		}
	}
}

// basicString skips a "…" or """…""" string, refusing the escapes TOML
// 1.0 does not have (tomllib stops after the two characters).
func (s *scanner) basicString() {
	multi := len(s.data)-s.pos >= 3 && string(s.data[s.pos:s.pos+3]) == `"""`
	if multi {
		s.pos += 3
	} else {
		s.pos++
	}
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case '\\':
			if s.pos+1 < len(s.data) && (s.data[s.pos+1] == 'e' || s.data[s.pos+1] == 'x') {
				s.fail(s.pos+2, `Unescaped '\' in a string`)
				return
			}
			s.pos = min(s.pos+2, len(s.data))
		case '"':
			if !multi {
				s.pos++
				return
			}
			if len(s.data)-s.pos >= 3 && string(s.data[s.pos:s.pos+3]) == `"""` {
				s.pos += 3
				for s.peek() == '"' { // up to two quotes may end the content
					s.pos++
				}
				return
			}
			s.pos++
		default:
			s.pos++
		}
	}
}

// literalString skips a '…' or ”'…”' string.
func (s *scanner) literalString() {
	if len(s.data)-s.pos >= 3 && string(s.data[s.pos:s.pos+3]) == `'''` {
		s.pos += 3
		for s.pos < len(s.data) {
			if len(s.data)-s.pos >= 3 && string(s.data[s.pos:s.pos+3]) == `'''` {
				s.pos += 3
				for s.peek() == '\'' {
					s.pos++
				}
				return
			}
			s.pos++
		}
		return
	}
	s.pos++
	for s.pos < len(s.data) && s.data[s.pos] != '\'' {
		s.pos++
	}
	s.pos = min(s.pos+1, len(s.data))
}

// scalar skips a number, boolean, date or time, refusing a time without
// seconds where tomllib's patterns stop short of it.
func (s *scanner) scalar(after string) {
	start := s.pos
	for s.pos < len(s.data) && isScalar(s.data[s.pos]) {
		s.pos++
	}
	tok := s.data[start:s.pos]
	isDate := len(tok) == 10 && tok[4] == '-' && tok[7] == '-'
	if isDate && len(s.data)-s.pos >= 4 && s.data[s.pos] == ' ' && isDigit(s.data[s.pos+1]) && isDigit(s.data[s.pos+2]) && s.data[s.pos+3] == ':' {
		// a date-time with a space between date and time
		s.pos++
		for s.pos < len(s.data) && isScalar(s.data[s.pos]) {
			s.pos++
		}
		tok = s.data[start:s.pos]
	}
	switch {
	case len(tok) >= 10 && tok[4] == '-' && tok[7] == '-' && string(tok[:4]) == "0000":
		// go-toml reads year 0; Python's datetime starts at year 1.
		s.refuse(start, "Invalid date or datetime", "year 0, before Python's datetime.MINYEAR")
	case overflows(tok):
		s.overflows = append(s.overflows, span{start, s.pos})
	case len(tok) > 10 && tok[4] == '-' && tok[7] == '-' && noSeconds(tok[11:]):
		// tomllib reads the date, then stops at the separator ('T', 't'),
		// or past the space at the time.
		at := start + 10
		if tok[10] == ' ' {
			at++
		}
		s.fail(at, after)
	case len(tok) >= 5 && tok[2] == ':' && noSeconds(tok):
		// tomllib reads the hour as an integer: "0" of "07", or "12".
		at := start + 2
		if tok[0] == '0' {
			at = start + 1
		}
		s.fail(at, after)
	}
}

// overflows reports whether tok is a decimal float beyond float64's
// range: go-toml refuses it, Python's float() reads it as an infinity.
func overflows(tok []byte) bool {
	if !bytes.ContainsAny(tok, ".eE") || bytes.ContainsAny(tok, "xob:") {
		return false
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(string(tok), "_", ""), 64)
	return errors.Is(err, strconv.ErrRange) && math.IsInf(f, 0)
}

// overflowAt reports whether an overflowing float starts at off.
func (s *scanner) overflowAt(off int) bool {
	for _, sp := range s.overflows {
		if sp.start == off {
			return true
		}
	}
	return false
}

// infinities returns a copy of data with each overflowing float spelled
// as the infinity Python reads, padded with spaces to its length, so that
// every offset stays where it was.
func infinities(data []byte, spans []span) []byte {
	out := bytes.Clone(data)
	for _, sp := range spans {
		inf := "inf"
		if out[sp.start] == '-' {
			inf = "-inf"
		}
		n := copy(out[sp.start:sp.end], inf)
		for i := sp.start + n; i < sp.end; i++ {
			out[i] = ' '
		}
	}
	return out
}

// noSeconds reports whether a time "hh:mm…" lacks its seconds.
func noSeconds(t []byte) bool {
	return len(t) >= 5 && t[2] == ':' && (len(t) == 5 || t[5] != ':')
}

func isScalar(c byte) bool {
	return isBare(c) || c == '.' || c == ':' || c == '+'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
