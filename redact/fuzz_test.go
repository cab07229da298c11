package redact

import (
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
