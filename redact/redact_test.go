package redact

import (
	"strings"
	"testing"
)

func TestIsSecretName(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		// Substrings, anywhere in the lower-cased name.
		{"password", true},
		{"PASSWORD", true},
		{"Db_Password", true},
		{"db_passwd", true},
		{"passwd_file", true},
		{"mypasswordfile", true},
		{"client_secret", true},
		{"secrets", true},
		{"token", true},
		{"refresh_token_url", true},
		{"tokens", true},
		{"credentials", true},
		{"aws_credential_file", true},
		// Whole words "key" and "pwd".
		{"key", true},
		{"KEY", true},
		{"api_key", true},
		{"api-key", true},
		{"aws.key", true},
		{"key.file", true},
		{"ssh-key-path", true},
		{"pwd", true},
		{"db.pwd", true},
		{"db-pwd", true},
		{"db_pwd", true},
		{"PWD", true},
		{"alembic.api_key", true},
		// Not secret.
		{"keys", false}, // [loggers] keys, [handlers] keys, [formatters] keys
		{"loggers.keys", false},
		{"monkey", false},
		{"keyring", false},
		{"apikey", false},
		{"api key", false}, // only '.', '_' and '-' separate words
		{"pwds", false},
		{"cwd", false},
		{"hooks", false},
		{"sqlalchemy.url", false},
		{"black.options", false},
		{"black.type", false},
		{"script_location", false},
		{"version_locations", false},
		{"file_template", false},
		{"here", false},
		{"", false},
		{"...", false},
		{"_key_", true},
		{"pass", false},
		{"tok", false},
	}
	for _, tt := range tests {
		if got := IsSecretName(tt.name); got != tt.want {
			t.Errorf("IsSecretName(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestURLPasswords(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		// The common forms.
		{"postgresql://u:pw@db/app", "postgresql://u:***@db/app"},
		{"postgresql://u:p%40ss@db/app", "postgresql://u:***@db/app"},
		{"postgresql://u:p%%40ss@db/app", "postgresql://u:***@db/app"},
		{"mysql+pymysql://root:pw@localhost:3306/x", "mysql+pymysql://root:***@localhost:3306/x"},
		{"postgresql+psycopg2://scott:tiger@localhost/test", "postgresql+psycopg2://scott:***@localhost/test"},
		{"oracle+cx_oracle://scott:tiger@tnsname", "oracle+cx_oracle://scott:***@tnsname"},
		{"mssql+pyodbc://u:p@dsn?driver=ODBC+Driver+17", "mssql+pyodbc://u:***@dsn?driver=ODBC+Driver+17"},
		{"redis://:secret@cache:6379/0", "redis://:***@cache:6379/0"},
		{"scheme://:pass@h", "scheme://:***@h"},
		{"a.b-c+d://u:p@h", "a.b-c+d://u:***@h"},
		{"HTTP://U:P@H", "HTTP://U:***@H"},
		{"postgresql://u:%(db_password)s@h/db", "postgresql://u:***@h/db"},
		{"postgresql://u:pa:ss@h/db", "postgresql://u:***@h/db"},
		// Nothing to mask.
		{"", ""},
		{"sqlite:///app.db", "sqlite:///app.db"},
		{"sqlite:////abs/path.db", "sqlite:////abs/path.db"},
		{"postgresql://u@h/db", "postgresql://u@h/db"},
		{"postgresql://h/db", "postgresql://h/db"},
		{"postgresql://u:@h/db", "postgresql://u:@h/db"},
		{"scheme://:@h", "scheme://:@h"},
		{"postgresql://h:5432/db", "postgresql://h:5432/db"},
		{"u:pass@host", "u:pass@host"},
		{"user:pass@host/db and more", "user:pass@host/db and more"},
		{"://u:p@h", "://u:p@h"},
		{"1://u:p@h", "1://u:p@h"},
		{"+://u:p@h", "+://u:p@h"},
		{"x = %(here)s/alembic", "x = %(here)s/alembic"},
		{"no url at all", "no url at all"},
		{"héllo wörld ://", "héllo wörld ://"},
		// IPv6 hosts and ports.
		{"postgresql://u:p@[::1]:5432/db", "postgresql://u:***@[::1]:5432/db"},
		{"postgresql://[::1]:5432/db", "postgresql://[::1]:5432/db"},
		{"postgresql://u@[::1]/db", "postgresql://u@[::1]/db"},
		// '@' in queries, paths and fragments is not user information.
		{"postgresql://u@h/db?x=a:b@c", "postgresql://u@h/db?x=a:b@c"},
		{"postgresql://h?user=a:b@c", "postgresql://h?user=a:b@c"},
		{"postgresql://h#a:b@c", "postgresql://h#a:b@c"},
		{"https://h/p/a:b@c", "https://h/p/a:b@c"},
		{"postgresql://u:p@h/db?x=a@b", "postgresql://u:***@h/db?x=a@b"},
		{"postgresql://u:p@h?x=a:b@c", "postgresql://u:***@h?x=a:b@c"},
		// The password runs to the last '@' of the authority.
		{"postgresql://u:p@ss@h/db", "postgresql://u:***@h/db"},
		{"postgresql://u:p%40ss@h@x/db", "postgresql://u:***@x/db"},
		// The user runs to the first ':'; it may hold an unencoded '@'.
		{"postgresql://me@server:pw@server.example.com/db", "postgresql://me@server:***@server.example.com/db"},
		{"postgresql://me%40server:pw@h/db", "postgresql://me%40server:***@h/db"},
		// Text around the URL, several URLs in one value.
		{"url is postgresql://u:pw@h/db, ok", "url is postgresql://u:***@h/db, ok"},
		{"url=postgresql://u:pw@h/db", "url=postgresql://u:***@h/db"},
		{"'mysql://u:pw@h'", "'mysql://u:***@h'"},
		{"a://u:1@h b://v:2@i\tc://w:3@j\nd://x:4@k", "a://u:***@h b://v:***@i\tc://w:***@j\nd://x:***@k"},
		{"postgresql://a:b@h/db;mysql://c:d@i/db", "postgresql://a:***@h/db;mysql://c:***@i/db"},
		{"a://x:y@b://u:p@h", "a://x:***@b://u:***@h"},
		{"a://b://u:p@h", "a://b://u:***@h"},
		{"pw@h postgresql://u:pw@h", "pw@h postgresql://u:***@h"},
		// Whitespace, including Unicode spaces, ends the authority.
		{"postgresql://u:p w@h", "postgresql://u:p w@h"},
		{"postgresql://u:p\u00a0w@h", "postgresql://u:p\u00a0w@h"},
		{"postgresql://u:pé@h", "postgresql://u:***@h"},
		// Invalid UTF-8 is kept byte for byte.
		{"postgresql://u:p\xff@h\xfe", "postgresql://u:***@h\xfe"},
		{"\xff://u:p@h", "\xff://u:p@h"},
	}
	for _, tt := range tests {
		got := URLPasswords(tt.in)
		if got != tt.want {
			t.Errorf("URLPasswords(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if again := URLPasswords(got); again != got {
			t.Errorf("URLPasswords not idempotent on %q: %q then %q", tt.in, got, again)
		}
	}
}

func TestValue(t *testing.T) {
	tests := []struct {
		option, value, want string
	}{
		{"db_password", "hunter2", Mask},
		{"db_password", "", ""},
		{"PASSWORD", "x", Mask},
		{"api_key", "abc", Mask},
		{"api-key", " ", Mask},
		{"token", Mask, Mask},
		{"sqlalchemy.url", "postgresql://u:pw@h/db", "postgresql://u:***@h/db"},
		{"sqlalchemy.url", "postgresql://u:p%%40ss@db/app", "postgresql://u:***@db/app"},
		{"sqlalchemy.url", "sqlite:///app.db", "sqlite:///app.db"},
		{"sqlalchemy.url", "", ""},
		{"keys", "root,alembic", "root,alembic"},
		{"monkey", "banana", "banana"},
		{"hooks", "black", "black"},
		{"black.options", "-l 79 REVISION_SCRIPT_FILENAME", "-l 79 REVISION_SCRIPT_FILENAME"},
		{"secret_url", "postgresql://u:pw@h/db", Mask},
	}
	for _, tt := range tests {
		if got := Value(tt.option, tt.value); got != tt.want {
			t.Errorf("Value(%q, %q) = %q, want %q", tt.option, tt.value, got, tt.want)
		}
	}
}

func TestInterpolating(t *testing.T) {
	secret := func(name string) bool {
		switch name {
		case "db_url", "ünïcode", "İd":
			return true
		}
		return IsSecretName(name)
	}
	tests := []struct {
		raw  string
		want bool
	}{
		{"postgresql://u:%(db_password)s@h/db", true},
		{"postgresql://u:%(DB_PASSWORD)s@h/db", true},
		{"%(api_key)s", true},
		{"%(db_url)s", true},
		{"%(here)s/%(db_url)s", true},
		{"%(here)s/migrations", false},
		{"postgresql://u@h/db", false},
		{"", false},
		{"100%% %(here)s", false},
		{"%%(db_password)s", false},    // an escaped '%' and literal text
		{"%%%(db_password)s", true},    // "%%" then a reference
		{"%(db_password)r", false},     // malformed: not a reference
		{"%(db_password)", false},      // malformed
		{"%()s %(token", false},        // malformed
		{"%(keys)s %(monkey)s", false}, // not secret names
		{"%(%(x)s)s %(token)s", true},  // name "%(x" then a reference
		{"%(ÜNÏCODE)s", true},          // lower-cased by strings.ToLower
		{"%(İd)s", true},               // passed as written too
		{"%(a)s%(b)s%(c)s%(password)s", true},
	}
	for _, tt := range tests {
		if got := Interpolating(tt.raw, secret); got != tt.want {
			t.Errorf("Interpolating(%q) = %v, want %v", tt.raw, got, tt.want)
		}
	}
}

func TestInterpolatingCallsLowerCased(t *testing.T) {
	var names []string
	Interpolating("%(Here)s %%(NOT)s %(A.B)s", func(name string) bool {
		names = append(names, name)
		return false
	})
	if got, want := strings.Join(names, ","), "here,a.b"; got != want {
		t.Errorf("secretNames called with %q, want %q", got, want)
	}
}

func TestText(t *testing.T) {
	tests := []struct {
		s       string
		secrets []string
		want    string
	}{
		{"", nil, ""},
		{"nothing secret", nil, "nothing secret"},
		{"nothing secret", []string{""}, "nothing secret"},
		{"bad value 'hunter2' for option", []string{"hunter2"}, "bad value '***' for option"},
		{"hunter2 and hunter2", []string{"hunter2"}, "*** and ***"},
		{"hunter2hunter2", []string{"hunter2"}, "******"},
		{"aaa", []string{"aa"}, "***"},
		{"xabcdx", []string{"abc", "bcd"}, "x***x"},
		{"xabcdx", []string{"bcd", "abc"}, "x***x"},
		{"key=longsecret short", []string{"short", "longsecret", "secret"}, "key=*** ***"},
		{"raw value: 'p%%40ss'", []string{"p%40ss"}, "raw value: '***'"},
		{"raw value: 'p%40ss'", []string{"p%40ss"}, "raw value: '***'"},
		{"cannot connect to postgresql://u:pw@h/db", nil, "cannot connect to postgresql://u:***@h/db"},
		{"token abc in postgresql://u:pw@h/db", []string{"abc"}, "token *** in postgresql://u:***@h/db"},
		{"x*y", []string{"*"}, "x***y"},
	}
	for _, tt := range tests {
		if got := Text(tt.s, tt.secrets); got != tt.want {
			t.Errorf("Text(%q, %q) = %q, want %q", tt.s, tt.secrets, got, tt.want)
		}
	}
}
