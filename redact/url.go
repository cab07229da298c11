package redact

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// URLPasswords returns s with the password of every URL's user
// information replaced by [Mask], keeping every other byte. The password is
// the one SQLAlchemy's make_url reads, and, where that differs, also the
// one Python's urllib reads, so that neither reader's password shows.
//
// make_url matches the regular expression (re.X)
//
//	(?P<name>[\w\+]+)://
//	(?:(?P<username>[^:/]*)(?::(?P<password>[^@]*))?@)?
//	...host, port, database and query, all optional...
//
// from the start of a URL. URLPasswords looks for a URL at every "://" of
// s and reads it the same way:
//
//   - a scheme ends right before "://": the character there is a Unicode
//     letter or digit, '_' or '+' (in Python's [\w\+]), or it is a '-' or
//     '.' that ends a run of ASCII letters, digits, '+', '-' and '.' with a
//     letter in it (an RFC 3986 scheme such as "a-", as urllib reads one);
//     so "1://", "+://" and "a-://" start URLs, while "-://", "(://" and
//     "://" at the start of s do not;
//   - the user runs from after "://" to the first ':' or '/', as
//     make_url's [^:/]* does. It may hold '@', '?', '#' and spaces
//     ("me@server:pw@host" masks "pw");
//   - when a ':' ends the user, the password runs from after it to the
//     first '@' that follows, wherever that is: across '/', '?', '#',
//     spaces and line breaks, as make_url's [^@]* does. So
//     "postgresql://u:pa/ss#w?rd x@host/db" masks "pa/ss#w?rd x", and
//     "postgresql://h:5432/db?x=a@b", which make_url reads as user "h" with
//     password "5432/db?x=a" at host "b", masks "5432/db?x=a". Without an
//     '@' after the ':' there is no password ("postgresql://h:5432/db" and
//     "postgresql://[::1]:5432/db" are kept), nor when a '/' ends the user
//     ("postgresql://u@h/db?x=a:b@c" is kept);
//   - a password with an unencoded '@' is ambiguous: make_url ends it at
//     its first '@' ("u:p@ss@h" is password "p" at host "ss@h"), urllib at
//     the last '@' of the authority, before its first '/', '?' or '#'
//     (password "p@ss" at host "h"). The longer is masked: "u:***@h", and
//     so is urllib's password where make_url reads a port: "a:b@c:p w@h"
//     masks "b@c:p w". The password runs on to the last '@' before the
//     first '/', '?' or '#' after make_url's '@', which masks at least
//     urllib's password.
//
// An empty password stays empty ("u:@h" is kept), as does a URL without
// a password ("postgresql://u@h/db"). Percent-encoded ("p%40ss") and
// configparser's %%-doubled ("p%%40ss") passwords are masked like any
// other, and so is a raw "%(name)s" reference in the password position;
// the scheme is not checked for being a real one, and "user:pass@host"
// without one is not a URL and is kept. After a password, the search for
// the next URL goes on after its '@'. Redacting twice gives the same
// result as redacting once. Query-string passwords ("?password=x") are
// [Parameters]' business; [Inline] applies both.
func URLPasswords(s string) string {
	m := masker{s: s}
	urlPasswordSpans(s, m.add)
	return m.String()
}

// urlPasswordSpans calls emit with the byte range of each password
// URLPasswords masks, in order.
func urlPasswordSpans(s string, emit func(start, end int)) {
	at := -1 // the first '@' at or after the last colon looked at
	for i := 0; ; {
		j := strings.Index(s[i:], "://")
		if j < 0 {
			return
		}
		sep := i + j
		i = sep + len("://")
		if !hasScheme(s[:sep]) {
			continue
		}
		colon := i + strings.IndexAny(s[i:], ":/")
		if colon < i || s[colon] != ':' {
			continue // no ':' before the first '/' (or the end): no password
		}
		if at <= colon {
			k := strings.IndexByte(s[colon+1:], '@')
			if k < 0 {
				return // no '@' after this ':', so none after any later one
			}
			at = colon + 1 + k
		}
		// urllib's password runs to the last '@' of the authority: as far
		// as the last '@' before the first '/', '?' or '#' after this one.
		// (Looking from this '@' rather than from the start of the authority
		// does not let masking a '/', '?' or '#' in the password change
		// what a second pass reads.)
		end := at + strings.LastIndexByte(s[at:authorityEnd(s, at)], '@')
		if end > colon+1 { // an empty password ("u:@h") stays empty
			emit(colon+1, end)
		}
		i = end + 1 // past the '@' that ends the user information
	}
}

// hasScheme reports whether before ends with a scheme, as make_url or
// urllib reads one: its last character is a Unicode letter or digit, '_'
// or '+', or a '-' or '.' that ends a run of ASCII letters, digits, '+',
// '-' and '.' with a letter in it.
func hasScheme(before string) bool {
	r, _ := utf8.DecodeLastRuneInString(before)
	if isWordRune(r) {
		return true
	}
	if r != '-' && r != '.' {
		return false
	}
	// An RFC 3986 scheme: [A-Za-z][A-Za-z0-9+.-]*, as far as it goes.
	letter := false
	for k := len(before) - 1; k >= 0; k-- {
		c := before[k]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
			letter = true
		case '0' <= c && c <= '9', c == '+', c == '-', c == '.':
		default:
			return letter
		}
	}
	return letter
}

// isWordRune reports whether r is in Python's [\w\+] for str patterns:
// Go's letters and numbers hold all of Python's alphanumerics (and more,
// which only means a few more URLs are looked at).
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		c := byte(r)
		return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '+'
	}
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsNumber(r))
}

// authorityEnd returns the index in s of the first '/', '?' or '#' at or
// after from, or len(s): where urllib ends a URL's authority (it removes
// tabs and line breaks first, and keeps spaces).
func authorityEnd(s string, from int) int {
	if k := strings.IndexAny(s[from:], "/?#"); k >= 0 {
		return from + k
	}
	return len(s)
}

func isASCIISpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}
