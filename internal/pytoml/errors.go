package pytoml

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/internal/configparser"
	"github.com/koanf-alembic/koanf-alembic/pyvalue"
)

// decodeUTF8Error is tomllib's UnicodeDecodeError for data that is not
// UTF-8: tomllib decodes the whole file at once, so positions count from
// its start, and CPython's decoder words the reason and the span of bytes
// (configparser.DecodeMessage).
func decodeUTF8Error(name string, data []byte) error {
	text := string(data)
	pos, _ := configparser.FirstInvalid(text)
	return &alembicerr.Error{Kind: alembicerr.UnicodeDecodeError, Source: name,
		Line:    1 + strings.Count(text[:pos], "\n"),
		Message: configparser.DecodeMessage(text, pos, 0)}
}

// decodeError is the TOMLDecodeError for a go-toml error: in tomllib's
// words where tomllibError knows them, else in go-toml's (Detail always
// keeps go-toml's).
func decodeError(name string, data []byte, err error) error {
	var de *toml.DecodeError
	if errors.As(err, &de) {
		line, col := de.Position()
		msg := strings.TrimPrefix(de.Error(), "toml: ")
		message, ok := tomllibError(data, msg, line, col)
		if !ok {
			message = fmt.Sprintf("%s (at line %d, column %d)", msg, line, col)
		}
		return &alembicerr.Error{Kind: alembicerr.TOMLDecodeError, Source: name, Line: line,
			Detail: msg, Message: message, Err: err}
	}
	var pe *unstable.ParserError
	if errors.As(err, &pe) {
		return &alembicerr.Error{Kind: alembicerr.TOMLDecodeError, Source: name, Message: pe.Message, Err: err}
	}
	return &alembicerr.Error{Kind: alembicerr.TOMLDecodeError, Source: name, Message: err.Error(), Err: err}
}

// tomllibError returns tomllib's message for a go-toml error (msg at line
// and byte column col) where both report the same failure: an unclosed
// table or array-of-tables header (the place recomputed as tomllib finds
// it), a statement not followed by a newline, a key without "=", a
// character that cannot start a value, an unclosed inline table, a value
// that is not one (a stray comma, a misspelt true or false), a control
// character in a comment or a string, a character that cannot start a
// key. Other errors (a key defined twice, a multi-line string ending in
// too many quotes) keep go-toml's words; the conformance runner lists them
// as known message differences.
func tomllibError(data []byte, msg string, line, col int) (string, bool) {
	start := lineStart(data, line)
	off := start + col - 1
	switch {
	case msg == "expected ']' to close table name":
		pos, ok := headerEnd(data, start, "[")
		return "Expected ']' at the end of a table declaration " + position(data, pos), ok
	case msg == "expected ']]' to close array table name":
		pos, ok := headerEnd(data, start, "[[")
		return "Expected ']]' at the end of an array declaration " + position(data, pos), ok
	case strings.HasPrefix(msg, "expected newline but got "):
		return "Expected newline or end of document after a statement " + position(data, off), true
	case msg == "expected '=' after key":
		return "Expected '=' after a key in a key/value pair " + position(data, off), true
	case strings.HasPrefix(msg, "unexpected character ") && strings.HasSuffix(msg, " at start of value"):
		return "Invalid value " + position(data, off), true
	case strings.HasPrefix(msg, "expected value but got "), strings.HasPrefix(msg, "expected keyword "):
		return "Invalid value " + position(data, off), true
	case msg == "control characters are not allowed in comments",
		msg == "literal strings cannot have control characters",
		msg == "multiline literal strings cannot have control characters":
		return "Found invalid character " + charAt(data, off) + " " + position(data, off), off < len(data)
	case msg == "basic strings cannot have control characters",
		msg == "multiline basic strings cannot have control characters":
		return "Illegal character " + charAt(data, off) + " " + position(data, off), off < len(data)
	case strings.HasPrefix(msg, "invalid character at start of key: "):
		// At the start of a line tomllib looks for a statement; after '[',
		// '.' or '{' for a key part.
		if len(bytes.Trim(data[start:off], " \t")) == 0 {
			return "Invalid statement " + position(data, off), true
		}
		return "Invalid initial character for a key part " + position(data, off), true
	case msg == "inline table is incomplete":
		// go-toml reports it when the document ends, at the last byte;
		// tomllib at the end of the document, or at the line break.
		if off == len(data)-1 && data[off] != '\n' {
			off = len(data)
		}
		return "Unclosed inline table " + position(data, off), true
	}
	return "", false
}

// charAt is Python's repr() of the character at off.
func charAt(data []byte, off int) string {
	r, _ := utf8.DecodeRune(data[off:])
	return pyvalue.ReprString(string(r))
}

// errorOffset returns the offset of a go-toml error in data (0 when it
// has no position).
func errorOffset(data []byte, err error) int {
	var de *toml.DecodeError
	if !errors.As(err, &de) {
		return 0
	}
	line, col := de.Position()
	return min(lineStart(data, line)+col-1, len(data))
}

// lineStart returns the offset of the first byte of a 1-based line.
func lineStart(data []byte, line int) int {
	start := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(data[start:], '\n')
		if i < 0 {
			break
		}
		start += i + 1
	}
	return start
}

// position renders an offset as tomllib does: "(at line L, column C)",
// C counted in characters, or "(at end of document)".
func position(data []byte, off int) string {
	if off >= len(data) {
		return "(at end of document)"
	}
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return fmt.Sprintf("(at line %d, column %d)", line, 1+utf8.RuneCount(data[start:off]))
}

// headerEnd finds where tomllib expects the closing bracket of the table
// header on the line starting at start: after the opening brackets, the
// key (dotted, parts bare or quoted) and whitespace. ok is false when the
// line does not hold such a header start.
func headerEnd(data []byte, start int, open string) (int, bool) {
	pos := skipWS(data, start)
	if !bytes.HasPrefix(data[pos:], []byte(open)) {
		return 0, false
	}
	pos = skipWS(data, pos+len(open))
	for {
		var ok bool
		if pos, ok = keyPart(data, pos); !ok {
			return 0, false
		}
		pos = skipWS(data, pos)
		if pos >= len(data) || data[pos] != '.' {
			return pos, true
		}
		pos = skipWS(data, pos+1)
	}
}

// skipWS skips TOML whitespace (space and tab).
func skipWS(data []byte, pos int) int {
	for pos < len(data) && (data[pos] == ' ' || data[pos] == '\t') {
		pos++
	}
	return pos
}

// keyPart skips one key part: bare, 'literal' or "basic".
func keyPart(data []byte, pos int) (int, bool) {
	if pos >= len(data) {
		return pos, false
	}
	switch c := data[pos]; {
	case c == '\'' || c == '"':
		for i := pos + 1; i < len(data); i++ {
			switch data[i] {
			case '\n':
				return 0, false
			case '\\':
				if c == '"' {
					i++
				}
			case c:
				return i + 1, true
			}
		}
		return 0, false
	case isBare(c):
		for pos < len(data) && isBare(data[pos]) {
			pos++
		}
		return pos, true
	}
	return pos, false
}

func isBare(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}
