package redact

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzURLPasswords checks that URLPasswords never panics, is idempotent,
// keeps a value without "://" as it is, and masks exactly the password
// of a single well-formed URL built from the inputs.
func FuzzURLPasswords(f *testing.F) {
	for _, s := range []string{
		"postgresql://u:p%40ss@db/app", "postgresql://u:p%%40ss@db/app",
		"mysql+pymysql://root:pw@localhost:3306/x", "a://x:y@b://u:p@h",
		"postgresql://u@h/db", "scheme://:pass@h", "u:@h", "postgresql://u:p@[::1]:5432/db",
	} {
		f.Add(s, "postgresql", "user", "secret", "db.example.com")
	}
	f.Add("", "mysql+pymysql", "", "pw", "[::1]:3306")
	f.Fuzz(func(t *testing.T, value, scheme, user, pass, host string) {
		got := URLPasswords(value)
		if again := URLPasswords(got); again != got {
			t.Fatalf("not idempotent: %q -> %q -> %q", value, got, again)
		}
		if !strings.Contains(value, "://") && got != value {
			t.Fatalf("changed a value without a URL: %q -> %q", value, got)
		}

		// A single well-formed URL with a non-empty password of letters.
		scheme = keep(scheme, isSchemeByte)
		if scheme == "" || !isLetter(scheme[0]) {
			scheme = "s" + scheme
		}
		user = keep(user, isUserByte)
		pass = keep(pass, isLetter)
		if pass == "" {
			pass = "p"
		}
		host = keep(host, isHostByte)
		url := scheme + "://" + user + ":" + pass + "@" + host + "/db?x=1#f"
		want := scheme + "://" + user + ":" + Mask + "@" + host + "/db?x=1#f"
		if got := URLPasswords(url); got != want {
			t.Fatalf("URLPasswords(%q) = %q, want %q", url, got, want)
		}
		if !strings.Contains(want, pass) && strings.Contains(URLPasswords(url), pass) {
			t.Fatalf("password %q shows in %q", pass, URLPasswords(url))
		}
	})
}

func keep(s string, ok func(byte) bool) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if ok(s[i]) {
			b = append(b, s[i])
		}
	}
	return string(b)
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isSchemeByte(c byte) bool {
	return isLetter(c) || isDigit(c) || c == '+' || c == '-' || c == '.'
}

// isUserByte accepts RFC 3986 unreserved characters and '%'.
func isUserByte(c byte) bool {
	return isLetter(c) || isDigit(c) || strings.IndexByte("-._~%", c) >= 0
}

func isHostByte(c byte) bool {
	return isLetter(c) || isDigit(c) || strings.IndexByte("-.:[]", c) >= 0
}

// The secrets FuzzNoSecretLeaks hides start with secretMarker and hold no
// lower-case letter, while every other part of what it builds is made of
// lower-case letters, digits, '.', '-' and '_' (plus fixed upper-case
// words without "QZ"): a secret can only show where it was put.
const secretMarker = "QZ"

// Alphabets of the secrets, per form: what each reader takes as part of
// the secret.
const (
	// make_url's [^@]*, and more: everything but '@'.
	urlSecretChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 /#?:%!$&'()*+,;=~[]{}|\\^`\"<>\t\n\u00e9\u00a0"
	// parse_qsl's value: everything but '&' and a line break.
	querySecretChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 /#?:%@!$'()*+,;=~[]{}|\\^`\"<>\t\u00e9"
	// A JDBC or unbraced ODBC value: everything but ';' and line breaks
	// ('@' is left out so that a "://" of the string takes no password).
	odbcSecretChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 /#?:%!$&'()*+,=~[]{}|\\^`\"<>\t\u00e9"
	// A braced ODBC value or a libpq one, quoted or escaped: anything.
	anySecretChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 /#?:%@!$&'()*+,;=~[]{}|\\^`\"<>\t\n\u00e9"
)

// secretFrom makes a secret of at least 6 characters from seed, of
// secretMarker and then characters of chars.
func secretFrom(seed, chars string) string {
	alphabet := []rune(chars)
	var b strings.Builder
	b.WriteString(secretMarker)
	for i := 0; i < len(seed) && i < 40; i++ {
		b.WriteRune(alphabet[int(seed[i])%len(alphabet)])
	}
	for b.Len() < 6 {
		b.WriteByte('X')
	}
	return b.String()
}

// plainFrom makes a non-empty word of lower-case letters, digits, '.', '-'
// and '_' (and of extra) from seed.
func plainFrom(seed, extra string) string {
	alphabet := "abcdefghijklmnopqrstuvwxyz0123456789.-_" + extra
	var b strings.Builder
	for i := 0; i < len(seed) && i < 16; i++ {
		b.WriteByte(alphabet[int(seed[i])%len(alphabet)])
	}
	if b.Len() == 0 {
		b.WriteByte('h')
	}
	return b.String()
}

// A leakCase is a value with a secret in it, as it must show.
type leakCase struct {
	option string // the option the value belongs to
	value  string
	want   string // value redacted
	shown  []string
}

var (
	urlSchemes  = []string{"postgresql", "mysql+pymysql", "oracle+cx_oracle", "1", "+", "a.b-c", "x_y", "h\u00e9llo"}
	queryKeys   = []string{"password", "PASSWORD", "Pwd", "pwd", "secret", "Secret", "token", "TOKEN"}
	odbcKeys    = []string{"PWD", "Pwd", "pwd", "Password", "PASSWORD", "password"}
	secretNames = []string{"password", "db_password", "passwd", "client_secret", "token", "refresh_token_url",
		"credentials", "api_key", "aws.key", "api-key", "apikey", "apiKey", "privatekey", "x.privatekey.path",
		"pwd", "db-pwd", "pw", "db_pass", "auth", "auth.header", "bearer", "ssh-key-path", "alembic.db_password"}
	plainNames = []string{"sqlalchemy.url", "keys", "monkey", "passenger", "author", "hooks", "black.options", "dsn", "odbc"}
)

// buildLeakCase builds a value of the given form around secret.
func buildLeakCase(form, variant uint8, secretSeed, userSeed, hostSeed string) leakCase {
	host := plainFrom(hostSeed, "")
	db := plainFrom(userSeed+hostSeed, "")
	pick := func(list []string) string { return list[int(variant)%len(list)] }
	option := plainNames[int(variant>>3)%len(plainNames)]
	switch form % 7 {
	case 0: // a URL's password, raw, percent-encoded or %%-doubled
		secret := secretFrom(secretSeed, urlSecretChars)
		user := plainFrom(userSeed, "@:")
		if before, after, ok := strings.Cut(user, ":"); ok {
			// An '@' after a ':' would end make_url's password there (and
			// urllib's too, should a '/', '?' or '#' follow in the secret).
			user = before + ":" + strings.ReplaceAll(after, "@", "")
		}
		if variant&0x40 != 0 {
			user = ""
		}
		pass := secret
		shown := []string{secret}
		switch variant & 3 {
		case 1:
			pass = url.PathEscape(secret)
			shown = append(shown, pass)
		case 2:
			pass = strings.ReplaceAll(url.QueryEscape(secret), "%", "%%")
			shown = append(shown, pass, strings.ReplaceAll(pass, "%%", "%"))
		}
		scheme := urlSchemes[int(variant>>2)%len(urlSchemes)]
		tail := "@" + host
		if variant&0x80 != 0 {
			tail = "@[::1]:5432"
		}
		tail += "/" + db + "?sslmode=require&x=a@b"
		// make_url's user ends at the first ':'; the rest up to the '@'
		// is the password.
		shownUser, _, _ := strings.Cut(user, ":")
		return leakCase{option, scheme + "://" + user + ":" + pass + tail,
			scheme + "://" + shownUser + ":" + Mask + tail, shown}
	case 1: // a query-string parameter
		secret := secretFrom(secretSeed, querySecretChars)
		key := pick(queryKeys)
		val, shown := secret, []string{secret}
		if variant&0x40 != 0 {
			val = url.QueryEscape(secret)
			shown = append(shown, val)
		}
		head := "postgresql://" + plainFrom(userSeed, "") + "@" + host + "/" + db + "?application_name=" + db + "&"
		tail := "&sslmode=require"
		return leakCase{option, head + key + "=" + val + tail, head + key + "=" + Mask + tail, shown}
	case 2: // a JDBC attribute
		secret := secretFrom(secretSeed, odbcSecretChars)
		key := pick(queryKeys)
		head := "jdbc:sqlserver://" + host + ":1433;databaseName=" + db + ";user=" + plainFrom(userSeed, "") + ";"
		tail := ";encrypt=true"
		return leakCase{option, head + key + "=" + secret + tail, head + key + "=" + Mask + tail, []string{secret}}
	case 3: // an ODBC attribute, braced or not, first or not
		key := pick(odbcKeys)
		secret := secretFrom(secretSeed, odbcSecretChars)
		val, masked := secret, Mask
		if variant&0x40 != 0 {
			secret = secretFrom(secretSeed, anySecretChars)
			val, masked = "{"+strings.ReplaceAll(secret, "}", "}}")+"}", "{"+Mask+"}"
		}
		rest := "DRIVER={ODBC Driver 18 for SQL Server};SERVER=" + host + ";DATABASE=" + db + ";UID=" + plainFrom(userSeed, "")
		if variant&0x80 != 0 {
			if key == "password" && variant&0x40 == 0 {
				// First and spelled as libpq's keyword: a blank and "name="
				// in it would make it libpq's, and a backslash before the
				// ';' would hide the ';' from the ODBC reading.
				secret = strings.NewReplacer("=", "-", `\`, "/").Replace(secret)
				val = secret
			}
			return leakCase{option, key + "=" + val + ";" + rest, key + "=" + masked + ";" + rest, []string{secret}}
		}
		return leakCase{option, rest + ";" + key + "=" + val + ";Encrypt=yes", rest + ";" + key + "=" + masked + ";Encrypt=yes", []string{secret}}
	case 4: // pyodbc's odbc_connect: an ODBC string percent-encoded, maybe %%-doubled
		key := pick(odbcKeys)
		secret := secretFrom(secretSeed, odbcSecretChars)
		val := secret
		braced := variant&0x40 != 0
		if braced {
			secret = secretFrom(secretSeed, anySecretChars)
			val = "{" + strings.ReplaceAll(secret, "}", "}}") + "}"
		}
		enc := func(s string) string {
			e := url.QueryEscape(s)
			if variant&0x80 != 0 {
				e = strings.ReplaceAll(e, "%", "%%")
			}
			return e
		}
		head := "mssql+pyodbc:///?odbc_connect=" + enc("DRIVER={ODBC Driver 18 for SQL Server};SERVER="+host+";UID=u;"+key+"=")
		tail := enc(";Encrypt=yes")
		want := head + Mask + tail
		if braced {
			want = head + enc("{") + Mask // an encoded brace: the rest is masked
		}
		return leakCase{option, head + enc(val) + tail + "&echo=" + db, want + "&echo=" + db, []string{secret, url.QueryEscape(secret), enc(secret)}}
	case 5: // a libpq keyword DSN, quoted or escaped, first or not
		secret := secretFrom(secretSeed, anySecretChars)
		val := "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(secret) + "'"
		masked := "'" + Mask + "'"
		if variant&0x40 != 0 {
			// Escaped as libpq reads it; an escaped ';' is also no ODBC's.
			val = strings.NewReplacer(`\`, `\\`, " ", `\ `, "\t", "\\\t", "\n", "\\\n", "'", `\'`, "{", `\{`, ";", `\;`).Replace(secret)
			masked = Mask
		}
		rest := "host=" + host + " port=5432 user=" + plainFrom(userSeed, "") + " dbname=" + db + " sslmode=require"
		if variant&0x80 != 0 {
			return leakCase{option, "password=" + val + " " + rest, "password=" + masked + " " + rest, []string{secret}}
		}
		return leakCase{option, rest + " password=" + val + " connect_timeout=10", rest + " password=" + masked + " connect_timeout=10", []string{secret}}
	default: // the whole value of a secret option
		secret := secretFrom(secretSeed, anySecretChars)
		return leakCase{pick(secretNames), secret, Mask, []string{secret}}
	}
}

// FuzzNoSecretLeaks checks the redaction rule's promise: a secret, put in
// a URL's password, a query-string parameter, a JDBC, ODBC or
// percent-encoded ODBC attribute, a libpq DSN or a secret option's value,
// never shows in what Value, Inline and Text return (nor in its encoded or
// doubled form where it was given so), every other byte is kept, and
// redacting twice gives what redacting once does. It also feeds raw, any
// text, to every function: none may panic, and each is idempotent.
func FuzzNoSecretLeaks(f *testing.F) {
	for form := uint8(0); form < 7; form++ {
		for _, variant := range []uint8{0, 1, 2, 0x41, 0x82, 0xc7} {
			f.Add(form, variant, "s3cr3t pass/w#rd?", "user@corp:x", "db.example.com", "")
		}
	}
	for _, raw := range []string{
		"postgresql://u:p@ss@h/db?password=x&token=y", "a://b://u:p@h", "host=h password='a\\'b' x=y",
		"DRIVER={x};PWD={a}}b};UID=u", "PWD=a b;UID=u", "odbc_connect=PWD%%3D%%7Bx%%3By%%7D%%3B&a=b",
		"password==", "password=\\", "password='", "PWD={", "x://y:@z@w", "%3D%3D", "password=%3D",
	} {
		f.Add(uint8(0), uint8(0), "", "", "", raw)
	}
	f.Fuzz(func(t *testing.T, form, variant uint8, secretSeed, userSeed, hostSeed, raw string) {
		c := buildLeakCase(form, variant, secretSeed, userSeed, hostSeed)
		if got := Value(c.option, c.value); got != c.want {
			t.Errorf("Value(%q, %q)\n got %q\nwant %q", c.option, c.value, got, c.want)
		}
		if IsSecretName(c.option) {
			if c.want != Mask {
				t.Fatalf("bad case: secret option %q", c.option)
			}
		} else if got := Inline(c.value); got != c.want {
			t.Errorf("Inline(%q)\n got %q\nwant %q", c.value, got, c.want)
		}
		// In an error message, at the start of a line, and quoted.
		message := "alembic.ini, line 3: bad value '" + c.value + "'\nin section 'alembic'"
		var secrets []string
		if IsSecretName(c.option) {
			secrets = []string{c.value}
		}
		for _, text := range []string{message, c.value + "\nnext line"} {
			got := Text(text, secrets)
			if again := Text(got, secrets); again != got {
				t.Errorf("Text not idempotent on %q:\n%q\n%q", text, got, again)
			}
			for _, shown := range c.shown {
				if strings.Contains(got, shown) {
					t.Errorf("Text(%q, %q) = %q shows %q", text, secrets, got, shown)
				}
			}
			if strings.Contains(got, secretMarker) {
				t.Errorf("Text(%q, %q) = %q shows part of the secret", text, secrets, got)
			}
			if want := strings.Replace(text, c.value, c.want, 1); got != want {
				t.Errorf("Text(%q, %q)\n got %q\nwant %q", text, secrets, got, want)
			}
		}

		// Any text at all.
		for name, fn := range map[string]func(string) string{
			"URLPasswords": URLPasswords, "Parameters": Parameters, "Inline": Inline,
			"Value": func(s string) string { return Value("sqlalchemy.url", s) },
			"Text":  func(s string) string { return Text(s, []string{secretSeed}) },
		} {
			got := fn(raw)
			if again := fn(got); again != got && !(name == "Text" && strings.Trim(secretSeed, "*") == "") {
				t.Errorf("%s not idempotent: %q -> %q -> %q", name, raw, got, again)
			}
		}
		if !strings.ContainsAny(raw, "=%") && !strings.Contains(raw, "://") && Inline(raw) != raw {
			t.Errorf("Inline(%q) = %q changes a value without a URL or pair", raw, Inline(raw))
		}
	})
}
