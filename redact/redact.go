// Package redact hides secrets in what the library shows a person: the
// CLI's explain and dump output and error messages.
//
// It implements one rule, the project's redaction rule (DESIGN §4,
// Provenance):
//
//   - the password of every URL's user information, as SQLAlchemy's
//     make_url reads it (its password pattern is [^@]*, so '/', '#', '?'
//     and spaces may stand in it), also in its %-encoded and %%-doubled
//     raw forms, see [URLPasswords];
//   - the value of every query-string parameter named password, pwd,
//     secret or token, of every ODBC PWD= and Password= attribute and of
//     every libpq password= keyword, see [Parameters];
//   - the whole value of an option whose name marks it as secret, see
//     [IsSecretName];
//   - a value that interpolates a secret option is replaced as a whole by
//     the caller, who learns about it from [Interpolating].
//
// [Value] applies the rule to the value of a named option, [Inline] to a
// value whose option is not known, and [Text] to free text such as an error
// message, given the values of the secret options. Redacted text shows as
// [Mask]; an empty value stays empty, so that a reader can still tell
// "unset" from "set". The functions never fail, keep every byte they do
// not redact, and redacting twice gives the same result as redacting once
// (for Text, as long as no secret holds a '*').
package redact

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Mask is what redacted text shows as.
const Mask = "***"

// Value returns value redacted for display as the value of option: ""
// when value is empty, [Mask] when option is a secret name
// ([IsSecretName]), and otherwise value with the secrets in it masked by
// [Inline]: URL passwords, query-string, ODBC and libpq passwords.
//
//	Value("db_password", "hunter2")                   // "***"
//	Value("db_password", "")                          // ""
//	Value("sqlalchemy.url", "postgresql://u:pw@h/db") // "postgresql://u:***@h/db"
//	Value("dsn", "host=h password=pw dbname=d")       // "host=h password=*** dbname=d"
//	Value("keys", "root,alembic")                     // "root,alembic"
//
// Value does not know whether value interpolates a secret option; ask
// [Interpolating] about the raw value and show [Mask] when it says so.
// Overridden values (from the environment, the command line or
// set_main_option) go through Value like any other, and so do raw values:
// a "%(name)s" reference in a URL's password place is masked.
func Value(option, value string) string {
	if value == "" {
		return ""
	}
	if IsSecretName(option) {
		return Mask
	}
	return Inline(value)
}

// Inline returns s with the secrets that show in the text itself masked:
// URL passwords ([URLPasswords]), then query-string, ODBC, JDBC and libpq
// passwords ([Parameters]).
//
//	Inline("postgresql://u:pa/ss#w?rd x@host/db")             // "postgresql://u:***@host/db"
//	Inline("mssql+pyodbc://u:p@dsn?driver=x&password=p2")      // "mssql+pyodbc://u:***@dsn?driver=x&password=***"
//	Inline("DRIVER={ODBC Driver 18};SERVER=h;UID=u;PWD={a;b};") // "DRIVER={ODBC Driver 18};SERVER=h;UID=u;PWD={***};"
func Inline(s string) string {
	return Parameters(URLPasswords(s))
}

// A masker builds a string from s with byte ranges, added in order and
// not overlapping, replaced by Mask.
type masker struct {
	s      string
	b      strings.Builder
	done   int // s[:done] is in b
	masked bool
}

func (m *masker) add(start, end int) {
	if !m.masked {
		m.masked = true
		m.b.Grow(len(m.s))
	}
	m.b.WriteString(m.s[m.done:start])
	m.b.WriteString(Mask)
	m.done = end
}

// String returns s with the ranges added masked.
func (m *masker) String() string {
	if !m.masked {
		return m.s
	}
	m.b.WriteString(m.s[m.done:])
	return m.b.String()
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
// replaced by [Mask], and then the secrets that show in the result itself
// masked by [Inline]: URL passwords, query-string, ODBC and libpq
// passwords.
//
// The secrets are the values to hide, typically those of the options
// [Value] or [Interpolating] would mask. Each is also looked for in its
// configparser raw form with every '%' doubled, as a raw value in a
// message shows it. Occurrences that overlap are masked together as one, so
// a longer secret wins over a shorter one inside it and no part of a secret
// is left showing: with secrets "abc" and "bcd", "xabcdx" becomes "x***x";
// adjacent ones are masked one by one: with secret "pw", "pwpw" becomes
// "******". Redacting twice gives the same result as redacting once as
// long as no secret holds a '*' (one that does may match the masks).
//
//	Text("cannot use 'hunter2' to log in", []string{"hunter2"}) // "cannot use '***' to log in"
//	Text("cannot connect to postgresql://u:pw@h/db", nil)        // "cannot connect to postgresql://u:***@h/db"
//	Text("bad DSN 'host=h password=pw dbname=d'", nil)           // "bad DSN 'host=h password=*** dbname=d'"
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
		return Inline(s)
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
	return Inline(b.String())
}
