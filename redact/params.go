package redact

import "strings"

// paramKeys are the parameter names whose values [Parameters] masks,
// compared case-insensitively.
var paramKeys = []string{"password", "pwd", "secret", "token"}

// Parameters returns s with the value of every key=value pair whose key
// is "password", "pwd", "secret" or "token" (in any case) replaced by
// [Mask], keeping every other byte. It reads the pair forms connection
// strings use; what stands before the key tells them apart:
//
//   - a query-string parameter, the key right after '?' or '&': the value
//     runs to the next '&', line break or the end of s, as SQLAlchemy's
//     make_url and Python's parse_qsl read it (they keep '#', ';' and
//     spaces in it): "postgresql://h/db?user=u&password=x&sslmode=require"
//     shows "...&password=***&sslmode=require";
//   - an ODBC or JDBC attribute, the key after ';' (blanks may follow the
//     ';'): the value runs to the next ';', line break or the end, or is a
//     braced value in which "}}" stands for '}':
//     "DRIVER={ODBC Driver 18};UID=u;PWD={a;b}}c};" shows
//     "DRIVER={ODBC Driver 18};UID=u;PWD={***};", and
//     "jdbc:sqlserver://h;user=u;password=x;" shows "...;password=***;".
//     Outside a query string, "pwd" and "password" spelled other than in
//     lower case (PWD, Pwd, Password...) start an ODBC value wherever they
//     stand: libpq knows neither;
//   - a libpq keyword DSN, the key "password" (libpq's keywords are
//     lower-case), or "secret" or "token", anywhere else: blanks after the
//     '=' are skipped, and the value is a single-quoted one in which a
//     backslash escapes the next character ("password='it\'s me'" shows
//     "password='***'"), or runs to the first whitespace not escaped by a
//     backslash ("host=h password=x dbname=d" shows
//     "host=h password=*** dbname=d"). At the start of s or of a line (or
//     after a character such as '(' or a quote, not a blank), a
//     "password=" may also start an ODBC string: it reads as ODBC ("{"
//     braced, or up to a ';') when, from the value on, a ';' right
//     followed by an attribute name and '=' comes before any blank
//     followed by a keyword and '=', neither escaped by a backslash
//     ("password=a b;UID=u" shows "password=***;UID=u", while
//     "password=a host=h;x=y" shows "password=*** host=h;x=y" and
//     "password=a\;b=c" shows "password=***");
//   - a percent-encoded ODBC string, as pyodbc's odbc_connect query
//     parameter holds one ("odbc_connect=DRIVER%3D...%3BPWD%3Dx%3B"), its
//     '=' written %3D and its ';' %3B, also %%-doubled as in a raw
//     configparser value: the value runs to the next %3B, ';', '&',
//     whitespace or the end, or, when it starts with an encoded brace
//     (%7B), to the next '&', whitespace or the end.
//
// Blanks (spaces and tabs) may stand between the key and the '='
// ("Password = x"). A key counts only as a whole word, one that no ASCII
// letter or digit comes right before: "mypassword=x" and "tokens=x" are
// kept, while "db_password=x" and "db.pwd=x" are masked. An empty value
// stays empty ("password=" and "PWD={}" are kept), the quotes and braces
// of a value stay in place, and redacting twice gives the same result as
// redacting once. Parameters reads text, not one parsed string, and where
// the forms disagree it picks one by the rules above: a libpq "password"
// at the start of a line whose unquoted value holds an unescaped ';' right
// followed by "name=" reads as ODBC (libpq reads "a;b=c" whole, this rule
// masks "a"), and an ODBC string that starts with a lower-case "password"
// whose value holds a blank and "name=" reads as libpq.
func Parameters(s string) string {
	m := masker{s: s}
	parameterSpans(s, m.add)
	return m.String()
}

// parameterSpans calls emit with the byte range of each value Parameters
// masks, in order.
func parameterSpans(s string, emit func(start, end int)) {
	p := pairs{s: s, event: -1}
	done := 0 // where the last value masked ends
	for i := 0; i < len(s); {
		j := strings.IndexAny(s[i:], "=%")
		if j < 0 {
			return
		}
		eq := i + j
		n, encoded := equalsAt(s, eq)
		if n == 0 {
			i = eq + 1
			continue
		}
		i = eq + n
		keyStart, ok := keyBefore(s, eq, done)
		if !ok {
			continue
		}
		start, end := p.value(keyStart, eq+n, encoded)
		if end == start {
			continue // an empty value stays empty
		}
		emit(start, end)
		done = end
		i = end
	}
}

// equalsAt returns the length of the '=' at s[i] ("=", "%3D" or "%%3D",
// in either case), or 0, and whether it is percent-encoded.
func equalsAt(s string, i int) (int, bool) {
	if s[i] == '=' {
		return 1, false
	}
	if n := encodedAt(s, i, "3d"); n > 0 {
		return n, true
	}
	return 0, false
}

// encodedAt returns the length of "%" or "%%" then the hex digits hex (in
// either case) at s[i], or 0.
func encodedAt(s string, i int, hex string) int {
	k := i
	switch {
	case strings.HasPrefix(s[i:], "%%"):
		k += 2
	case strings.HasPrefix(s[i:], "%"):
		k++
	default:
		return 0
	}
	if k+len(hex) > len(s) || !strings.EqualFold(s[k:k+len(hex)], hex) {
		return 0
	}
	return k - i + len(hex)
}

// keyBefore reports whether one of paramKeys, as a whole word, ends right
// before the '=' at s[eq] (blanks may stand between them) and starts at
// or after done, and returns where it starts.
func keyBefore(s string, eq, done int) (int, bool) {
	end := eq
	for end > done && isBlank(s[end-1]) {
		end--
	}
	for _, key := range paramKeys {
		start := end - len(key)
		if start < done || !strings.EqualFold(s[start:end], key) {
			continue
		}
		if start == 0 || !isAlnum(s[start-1]) || start >= 3 && s[start-3] == '%' && isHex(s[start-2]) && isHex(s[start-1]) {
			return start, true
		}
	}
	return 0, false
}

// pairs reads the values of s. It remembers the last event it found (see
// firstEvent), so that finding them stays linear in len(s).
type pairs struct {
	s          string
	from       int  // the last search for an event started here...
	event      int  // ...and found this one (-1: none yet)
	odbcEvent  bool // a ';' and an attribute, not a blank and a keyword
	eventFound bool // event is an event, not the end of a line or of s
}

// value returns the byte range of the value of the pair whose key starts
// at keyStart and whose value may start at v (after the '=' or its
// encoded form); the range is empty when the value is.
func (p *pairs) value(keyStart, v int, encoded bool) (int, int) {
	s := p.s
	if encoded {
		if n := encodedAt(s, v, "7b"); n > 0 {
			return v + n, indexAnyOr(s, v+n, "&\n\t\v\f\r ")
		}
		end := v
		for end < len(s) && !isASCIISpace(s[end]) && s[end] != '&' && s[end] != ';' && encodedAt(s, end, "3b") == 0 {
			end++
		}
		return v, end
	}
	if keyStart > 0 && (s[keyStart-1] == '?' || s[keyStart-1] == '&') {
		return v, indexAnyOr(s, v, "&\n") // a query string
	}
	k := keyStart
	for k > 0 && isBlank(s[k-1]) {
		k--
	}
	switch {
	case k > 0 && s[k-1] == ';', k >= 3 && encodedAt(s, k-3, "3b") == 3:
		return odbcValue(s, v) // an ODBC or JDBC attribute
	case isWord(s, keyStart, "pwd"), !strings.HasPrefix(s[keyStart:], "password") && isWord(s, keyStart, "password"):
		return odbcValue(s, v) // ODBC's PWD= or Password=: libpq has neither
	}
	v = skipBlanks(s, v) // libpq skips blanks after the '='
	if v < len(s) && s[v] == '\'' {
		return v + 1, quotedEnd(s, v+1)
	}
	lineStart := k == keyStart || k == 0 || s[k-1] == '\n' || s[k-1] == '\r'
	if lineStart && s[keyStart] == 'p' {
		if v < len(s) && s[v] == '{' {
			return v + 1, bracedEnd(s, v+1)
		}
		if semi, odbc := p.firstEvent(v); odbc {
			return v, semi
		}
	}
	return v, libpqEnd(s, v)
}

// firstEvent looks from v, as libpq reads an unquoted value there, for
// the first of a ';' right followed by an attribute name and '=' (an ODBC
// pair; odbc is true) and a blank followed by a keyword and '=' (a libpq
// pair), neither escaped by a backslash, up to the end of the line. It returns
// where that is, the end of the line when there is neither.
//
// Which comes first does not change when a value that ends before it is
// masked, which keeps the reading of a masked string the same.
func (p *pairs) firstEvent(v int) (at int, odbc bool) {
	s := p.s
	if p.event >= 0 && p.from <= v && v <= p.event {
		// No event in [p.from, p.event), and s[v-1], an '=' or a blank
		// after it, was not escaped: the search from v finds the same.
		return p.event, p.odbcEvent && p.eventFound
	}
	p.from, p.event, p.odbcEvent, p.eventFound = v, len(s), false, false
	for k := v; k < len(s); k++ {
		switch c := s[k]; {
		case c == '\\':
			k++
		case c == '\n' || c == '\r':
			p.event = k
			return k, false
		case c == ';' && k+1 < len(s) && !isBlank(s[k+1]) && keyFollows(s, k+1):
			p.event, p.odbcEvent, p.eventFound = k, true, true
			return k, true
		case isBlank(c):
			run := k
			k = skipBlanks(s, k) - 1 // the run of blanks as one
			if keyFollows(s, k+1) {
				p.event, p.eventFound = run, true
				return run, false
			}
		}
	}
	return len(s), false
}

// odbcValue returns the byte range of an ODBC attribute's value that
// starts at v: a braced one, or one that runs to the next ';' or line
// break.
func odbcValue(s string, v int) (int, int) {
	if v < len(s) && s[v] == '{' {
		return v + 1, bracedEnd(s, v+1)
	}
	return v, indexAnyOr(s, v, ";\n\r")
}

// libpqEnd returns where an unquoted libpq value that starts at v ends: at
// the first whitespace not escaped by a backslash, or len(s).
func libpqEnd(s string, v int) int {
	for k := v; k < len(s); k++ {
		switch {
		case s[k] == '\\':
			k++
		case isASCIISpace(s[k]):
			return k
		}
	}
	return len(s)
}

// bracedEnd returns the index of the '}' that closes an ODBC braced value
// whose content starts at from ("}}" stands for a '}' in it), or len(s).
func bracedEnd(s string, from int) int {
	for k := from; k < len(s); k++ {
		if s[k] == '}' {
			if k+1 < len(s) && s[k+1] == '}' {
				k++
				continue
			}
			return k
		}
	}
	return len(s)
}

// quotedEnd returns the index of the quote that closes a libpq quoted value
// whose content starts at from (a backslash escapes the next byte), or
// len(s).
func quotedEnd(s string, from int) int {
	for k := from; k < len(s); k++ {
		switch s[k] {
		case '\\':
			k++
		case '\'':
			return k
		}
	}
	return len(s)
}

// keyFollows reports whether s[from:] starts with a name (letters,
// digits, '_', '.', '-') and '=', blanks around the name: the next pair of
// an ODBC string or a libpq DSN.
func keyFollows(s string, from int) bool {
	k := skipBlanks(s, from)
	name := k
	for k < len(s) && (isAlnum(s[k]) || s[k] == '_' || s[k] == '.' || s[k] == '-') {
		k++
	}
	if k == name {
		return false
	}
	k = skipBlanks(s, k)
	return k < len(s) && s[k] == '='
}

// isWord reports whether s has word, in any case, at i.
func isWord(s string, i int, word string) bool {
	return i+len(word) <= len(s) && strings.EqualFold(s[i:i+len(word)], word)
}

// indexAnyOr returns the index of the first byte of chars in s at or after
// from, or len(s).
func indexAnyOr(s string, from int, chars string) int {
	if from >= len(s) {
		return len(s)
	}
	if k := strings.IndexAny(s[from:], chars); k >= 0 {
		return from + k
	}
	return len(s)
}

func skipBlanks(s string, k int) int {
	for k < len(s) && isBlank(s[k]) {
		k++
	}
	return k
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
