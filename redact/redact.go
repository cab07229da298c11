// Package redact hides secrets in what the library shows a person: the
// CLI's explain and dump output and error messages.
//
// It implements one rule, the project's redaction rule:
//
//   - the password of every scheme://user:pass@ substring of a value is
//     replaced (also in its %-encoded and %%-doubled raw forms, which need
//     no special handling: the password is masked whatever its bytes), see
//     [URLPasswords];
//   - the whole value of an option whose name marks it as secret is
//     replaced, see [IsSecretName] and [Value];
//   - a value that interpolates a secret option is replaced as a whole by
//     the caller, who learns about it from [Interpolating];
//   - free text such as an error message has the known secret values and
//     URL passwords in it replaced, see [Text].
//
// Redacted text shows as [Mask]; an empty value stays empty, so that a
// reader can still tell "unset" from "set". The functions never fail and
// keep every byte they do not redact.
package redact

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Mask is what redacted text shows as.
const Mask = "***"

// secretSubstrings make an option secret when its lower-cased name
// contains one of them anywhere.
var secretSubstrings = []string{"password", "passwd", "secret", "token", "credential"}

// secretWords make an option secret when its lower-cased name, split on
// '.', '_' and '-', has one of them as a whole word.
var secretWords = []string{"key", "pwd"}

// IsSecretName reports whether the value of the option named option is a
// secret as a whole: its lower-cased name contains "password", "passwd",
// "secret", "token" or "credential", or has "key" or "pwd" as a word when
// split on '.', '_' and '-'.
//
// So "db_password", "PASSWORD", "client_secret", "refresh_token_url",
// "credentials", "api_key", "aws.key", "api-key", "pwd" and "db-pwd" are
// secret, while "keys" (of [loggers]), "monkey", "hooks", "sqlalchemy.url"
// and "black.options" are not. The name may be given with or without its
// section ("alembic.sqlalchemy.url"); a section name can only add words.
func IsSecretName(option string) bool {
	name := strings.ToLower(option)
	for _, s := range secretSubstrings {
		if strings.Contains(name, s) {
			return true
		}
	}
	for _, w := range strings.FieldsFunc(name, isWordSeparator) {
		for _, s := range secretWords {
			if w == s {
				return true
			}
		}
	}
	return false
}

func isWordSeparator(r rune) bool {
	return r == '.' || r == '_' || r == '-'
}

// Value returns value redacted for display as the value of option: [Mask]
// when option is a secret name ([IsSecretName]) and value is not empty, ""
// when value is empty, and otherwise value with its URL passwords masked
// ([URLPasswords]).
//
// Value does not know whether value interpolates a secret option; ask
// [Interpolating] about the raw value and show [Mask] when it says so.
// Overridden values (from the environment, the command line or
// set_main_option) go through Value like any other.
func Value(option, value string) string {
	if value == "" {
		return ""
	}
	if IsSecretName(option) {
		return Mask
	}
	return URLPasswords(value)
}

// URLPasswords returns value with the password of every
// scheme://user:pass@host substring replaced by [Mask], keeping every other
// byte.
//
// A substring is recognised as follows, which is how Python's urllib
// splits a URL's authority:
//
//   - the scheme is a run of letters, digits, '+', '-' and '.' that
//     contains a letter, as in RFC 3986 ("mysql+pymysql"), immediately
//     before "://"; in "1://" there is no scheme;
//   - the authority runs from after "://" to the next '/', '?', '#',
//     whitespace or the end of value;
//   - the user information is the authority up to its last '@'; without
//     an '@' there is none and nothing is masked;
//   - the user is the user information up to its first ':', and the
//     password everything after that ':'. Without a ':' there is no
//     password ("postgresql://u@h/db" is kept).
//
// So a password may contain unencoded '@' and ':' characters
// ("u:p@ss@h" masks "p@ss"); it may not contain an unencoded '/', '?', '#'
// or whitespace, which a URL must percent-encode there. A user may
// contain an unencoded '@' ("user@server:pass@host" masks "pass"), as
// Python's urllib and SQLAlchemy read it. The user may be empty
// ("scheme://:pass@h" is masked); an empty password stays empty
// ("u:@h" is kept). Percent-encoded ("p%40ss") and configparser's
// %%-doubled ("p%%40ss") passwords are masked like any other, and so is a
// raw "%(name)s" reference in the password position. "user:pass@host"
// without a scheme is not a URL and is kept. Redacting twice gives the
// same result as redacting once.
func URLPasswords(value string) string {
	var b strings.Builder
	done := 0 // value[:done] is in b; 0 while nothing is masked
	for i := 0; ; {
		j := strings.Index(value[i:], "://")
		if j < 0 {
			break
		}
		sep := i + j
		i = sep + len("://")
		if !hasScheme(value[:sep]) {
			continue
		}
		start, end, ok := password(value[i:])
		if !ok {
			continue
		}
		start += i
		end += i
		if done == 0 {
			b.Grow(len(value))
		}
		b.WriteString(value[done:start])
		b.WriteString(Mask)
		done = end
		i = end + 1 // past the '@' that ends the user information
	}
	if done == 0 {
		return value
	}
	b.WriteString(value[done:])
	return b.String()
}

// hasScheme reports whether before ends with an RFC 3986 scheme.
func hasScheme(before string) bool {
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

// password finds the password in rest, the text after a scheme's "://",
// and returns its byte range; ok is false when there is no non-empty one.
func password(rest string) (start, end int, ok bool) {
	at := -1 // the last '@' of the authority
	for k := 0; k < len(rest); {
		c := rest[k]
		if c < utf8.RuneSelf {
			if c == '/' || c == '?' || c == '#' || isASCIISpace(c) {
				break
			}
			if c == '@' {
				at = k
			}
			k++
			continue
		}
		r, size := utf8.DecodeRuneInString(rest[k:])
		if unicode.IsSpace(r) {
			break
		}
		k += size
	}
	if at < 0 {
		return 0, 0, false
	}
	colon := strings.IndexByte(rest[:at], ':')
	if colon < 0 || colon+1 == at {
		return 0, 0, false
	}
	return colon + 1, at, true
}

func isASCIISpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// Interpolating reports whether raw, the raw (not yet interpolated) value
// of a configparser option, references an option for which secretNames
// returns true, so that the caller shows its interpolated value as
// [Mask]: with db_password secret, "postgresql://u:%(db_password)s@h/db"
// interpolates it, and its value would show the password in full.
//
// References are read as configparser's BasicInterpolation reads them:
// "%(name)s", the name up to the first ')'; "%%" is an escaped '%' and
// starts no reference, and a malformed reference is skipped. secretNames
// is called with each referenced name lower-cased by strings.ToLower, as
// configparser's optionxform lower-cases option names; a name with
// non-ASCII characters is also passed as written, so that a callback
// applying Python's exact str.lower, which differs from strings.ToLower
// for 'İ' and a final 'Σ', finds it too. References are not followed:
// for a value that references an option that in turn interpolates a
// secret, let secretNames answer for that option by calling Interpolating
// on its raw value (guarding against reference cycles), or by
// [IsSecretName] alone if only names matter.
func Interpolating(raw string, secretNames func(name string) bool) bool {
	for i := 0; i < len(raw); {
		p := strings.IndexByte(raw[i:], '%')
		if p < 0 {
			return false
		}
		i += p
		rest := raw[i:]
		if strings.HasPrefix(rest, "%%") {
			i += 2
			continue
		}
		name, n := reference(rest)
		if n < 0 {
			i++
			continue
		}
		i += n
		if secretNames(strings.ToLower(name)) {
			return true
		}
		if !isASCII(name) && secretNames(name) {
			return true
		}
	}
	return false
}

// reference matches CPython's _KEYCRE, r"%\(([^)]+)\)s", at the start of s
// and returns the name and the length of the match, or -1.
func reference(s string) (string, int) {
	if !strings.HasPrefix(s, "%(") {
		return "", -1
	}
	closing := strings.IndexByte(s[2:], ')')
	if closing < 1 || 2+closing+1 >= len(s) || s[2+closing+1] != 's' {
		return "", -1
	}
	return s[2 : 2+closing], 2 + closing + 2
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// Text returns s, free text such as an error message that may embed
// values, with every occurrence of each non-empty string of secrets
// replaced by [Mask], and then the URL passwords in the result masked by
// [URLPasswords].
//
// The secrets are the values to hide, typically those of the options
// [Value] or [Interpolating] would mask. Each is also looked for in its
// configparser raw form with every '%' doubled, as a raw value in a
// message shows it. Occurrences that overlap are masked together as one, so
// a longer secret wins over a shorter one inside it and no part of a secret
// is left showing: with secrets "abc" and "bcd", "xabcdx" becomes "x***x";
// adjacent ones are masked one by one: with secret "pw", "pwpw" becomes
// "******".
func Text(s string, secrets []string) string {
	var needles []string
	for _, sec := range secrets {
		if sec == "" {
			continue
		}
		needles = append(needles, sec)
		if strings.IndexByte(sec, '%') >= 0 {
			needles = append(needles, strings.ReplaceAll(sec, "%", "%%"))
		}
	}
	type span struct{ start, end int }
	var spans []span
	for _, n := range needles {
		for i := 0; i+len(n) <= len(s); {
			j := strings.Index(s[i:], n)
			if j < 0 {
				break
			}
			spans = append(spans, span{i + j, i + j + len(n)})
			i += j + 1 // occurrences of n may overlap each other
		}
	}
	if len(spans) == 0 {
		return URLPasswords(s)
	}
	sort.Slice(spans, func(a, b int) bool {
		if spans[a].start != spans[b].start {
			return spans[a].start < spans[b].start
		}
		return spans[a].end > spans[b].end
	})
	var b strings.Builder
	b.Grow(len(s))
	done := 0
	for k := 0; k < len(spans); {
		cur := spans[k]
		for k++; k < len(spans) && spans[k].start < cur.end; k++ {
			cur.end = max(cur.end, spans[k].end)
		}
		b.WriteString(s[done:cur.start])
		b.WriteString(Mask)
		done = cur.end
	}
	b.WriteString(s[done:])
	return URLPasswords(b.String())
}
