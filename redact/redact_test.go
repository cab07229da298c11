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
		{"tok", false},
		// Whole words "pw", "pass", "auth", "bearer"; "apikey" and
		// "privatekey" anywhere.
		{"pw", true},
		{"db_pw", true},
		{"PW", true},
		{"pass", true},
		{"db_pass", true},
		{"pass.file", true},
		{"smtp-pass", true},
		{"auth", true},
		{"AUTH", true},
		{"auth.header", true},
		{"basic_auth", true},
		{"bearer", true},
		{"bearer-header", true},
		{"apikey", true},
		{"apiKey", true},
		{"myapikeys", true},
		{"privatekey", true},
		{"x.privatekey.path", true}, // the path of a key: secret by the rule
		{"private_key_file", true},
		{"sshprivatekey", true},
		// ...and not where they are only part of a word.
		{"pws", false},
		{"passenger", false},
		{"passes", false},
		{"compass", false},
		{"bypass", false},
		{"author", false},
		{"authority", false},
		{"oauth", false},
		{"bearers", false},
		{"api.keys", false},
		{"private.key.path", true}, // "key" as a word
		{"private.path", false},
		{"db pass", false}, // only '.', '_' and '-' separate words
		{"dbPass", false},
	}
	for _, tt := range tests {
		if got := IsSecretName(tt.name); got != tt.want {
			t.Errorf("IsSecretName(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
	// None of the options of Alembic's templates is secret, with or
	// without its section.
	for _, name := range []string{
		"alembic.script_location", "alembic.prepend_sys_path", "alembic.version_path_separator",
		"alembic.path_separator", "alembic.output_encoding", "alembic.sqlalchemy.url", "alembic.timezone",
		"alembic.truncate_slug_length", "alembic.revision_environment", "alembic.sourceless",
		"alembic.file_template", "alembic.version_locations", "alembic.recursive_version_locations",
		"post_write_hooks.hooks", "post_write_hooks.black.type", "post_write_hooks.black.entrypoint",
		"post_write_hooks.black.options", "post_write_hooks.ruff.type", "post_write_hooks.ruff.executable",
		"post_write_hooks.ruff.options", "loggers.keys", "handlers.keys", "formatters.keys",
		"logger_root.level", "logger_root.handlers", "logger_sqlalchemy.qualname", "logger_alembic.propagate",
		"handler_console.class", "handler_console.args", "handler_console.formatter",
		"formatter_generic.format", "formatter_generic.datefmt",
	} {
		if IsSecretName(name) {
			t.Errorf("IsSecretName(%q) = true, want false", name)
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
		// make_url's scheme is [\w\+]+: digits, '_', '+' and non-ASCII
		// letters start one; so does an RFC 3986 scheme ("a-", urllib's).
		{"1://u:p@h", "1://u:***@h"},
		{"+://u:p@h", "+://u:***@h"},
		{"x_y://u:p@h", "x_y://u:***@h"},
		{"héllo://u:p@h", "héllo://u:***@h"},
		{"a-://u:p@h", "a-://u:***@h"},
		{"-://u:p@h", "-://u:p@h"},
		{"(://u:p@h", "(://u:p@h"},
		{"x = %(here)s/alembic", "x = %(here)s/alembic"},
		{"no url at all", "no url at all"},
		{"héllo wörld ://", "héllo wörld ://"},
		// IPv6 hosts and ports.
		{"postgresql://u:p@[::1]:5432/db", "postgresql://u:***@[::1]:5432/db"},
		{"postgresql://[::1]:5432/db", "postgresql://[::1]:5432/db"},
		{"postgresql://u@[::1]/db", "postgresql://u@[::1]/db"},
		// '@' after a '/' that ends the user is not user information...
		{"postgresql://u@h/db?x=a:b@c", "postgresql://u@h/db?x=a:b@c"},
		{"https://h/p/a:b@c", "https://h/p/a:b@c"},
		// ...but make_url's user runs to the first ':' or '/', whatever
		// else it holds, and its password on to the first '@' after that.
		{"postgresql://h?user=a:b@c", "postgresql://h?user=a:***@c"},
		{"postgresql://h#a:b@c", "postgresql://h#a:***@c"},
		{"postgresql://h:5432/db?x=a@b", "postgresql://h:***@b"},
		{"postgresql://u:pa/ss#w?rd x@host/db", "postgresql://u:***@host/db"},
		{"postgresql://u:pa\nss@h/db", "postgresql://u:***@h/db"},
		{"postgresql://u@[::1]:5432/db?x=a@b", "postgresql://u@[:***@b"},
		{"postgresql://u:p@h/db?x=a@b", "postgresql://u:***@h/db?x=a@b"},
		{"postgresql://u:p@h?x=a:b@c", "postgresql://u:***@h?x=a:b@c"},
		// An unencoded '@' in a password: make_url ends it at the first
		// '@' (password "p", host "ss@h"), urllib at the last '@' of the
		// authority (password "p@ss"); the longer is masked.
		{"postgresql://u:p@ss@h/db", "postgresql://u:***@h/db"},
		{"postgresql://u:p%40ss@h@x/db", "postgresql://u:***@x/db"},
		{"postgresql://u:p@ss@h/db@x", "postgresql://u:***@h/db@x"},
		{"postgresql://u:@x@h/db", "postgresql://u:***@h/db"},      // urllib: password "@x"
		{"postgresql://a:b@c:p w@h/db", "postgresql://a:***@h/db"}, // make_url: port "p w@h"
		{"s://:#@@", "s://:***@"},
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
		{"a://b://u:p@h", "a://b:***@h"}, // make_url: user "b", password "//u:p"
		{"a://b/c://u:p@h", "a://b/c://u:***@h"},
		{"pw@h postgresql://u:pw@h", "pw@h postgresql://u:***@h"},
		// Whitespace may stand in a password, as make_url reads one.
		{"postgresql://u:p w@h", "postgresql://u:***@h"},
		{"postgresql://u:p\u00a0w@h", "postgresql://u:***@h"},
		// urllib reads on to the authority's last '@', across spaces.
		{"postgresql://u:p w@h is down, ask admin@corp", "postgresql://u:***@corp"},
		{"postgresql://u:p w@h/db is down, ask admin@corp", "postgresql://u:***@h/db is down, ask admin@corp"},
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
		// Every form of the rule, in a value whose name is not secret.
		{"sqlalchemy.url", "postgresql://u:pa/ss#w?rd x@host/db", "postgresql://u:***@host/db"},
		{"sqlalchemy.url", "postgresql://u:%(db_password)s@h/db", "postgresql://u:***@h/db"},
		{"sqlalchemy.url", "postgresql://u@h/db?sslmode=require&password=pw", "postgresql://u@h/db?sslmode=require&password=***"},
		{"sqlalchemy.url", "mssql+pyodbc://u:p@dsn?driver=x&token=t", "mssql+pyodbc://u:***@dsn?driver=x&token=***"},
		{"sqlalchemy.url", "mssql+pyodbc:///?odbc_connect=DRIVER%%3Dx%%3BPWD%%3Dpw%%3B", "mssql+pyodbc:///?odbc_connect=DRIVER%%3Dx%%3BPWD%%3D***%%3B"},
		{"odbc", "DRIVER={ODBC Driver 18};SERVER=h;UID=u;PWD={p;w}", "DRIVER={ODBC Driver 18};SERVER=h;UID=u;PWD={***}"},
		{"dsn", "host=h user=u password='p w' dbname=d", "host=h user=u password='***' dbname=d"},
		{"dsn", "jdbc:sqlserver://h;user=u;password=pw;encrypt=true", "jdbc:sqlserver://h;user=u;password=***;encrypt=true"},
		// New secret names.
		{"db_pass", "pw", Mask},
		{"pw", "pw", Mask},
		{"auth", "user:pw", Mask},
		{"bearer", "t", Mask},
		{"apiKey", "k", Mask},
		{"x.privatekey.path", "/etc/key.pem", Mask},
		{"passenger", "alice", "alice"},
		{"author", "bob", "bob"},
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
		// The forms of Inline apply to free text too.
		{"bad URL 'postgresql://u:pa/ss#w?rd x@host/db'", nil, "bad URL 'postgresql://u:***@host/db'"},
		{"bad DSN 'host=h password=pw dbname=d'", nil, "bad DSN 'host=h password=*** dbname=d'"},
		{"bad DSN 'host=h password='pw' dbname=d'", nil, "bad DSN 'host=h password='***' dbname=d'"},
		{"cannot connect: DRIVER={x};SERVER=h;PWD=pw;\nretrying", nil, "cannot connect: DRIVER={x};SERVER=h;PWD=***;\nretrying"},
		{"GET https://api/x?token=abc&page=2 failed", nil, "GET https://api/x?token=***&page=2 failed"},
		{"value 'hunter2' in postgresql://u:hunter2@h/db?password=hunter2", []string{"hunter2"}, "value '***' in postgresql://u:***@h/db?password=***"},
		{"raw 'postgresql://u:%%(db_password)s@h'", nil, "raw 'postgresql://u:***@h'"},
	}
	for _, tt := range tests {
		if got := Text(tt.s, tt.secrets); got != tt.want {
			t.Errorf("Text(%q, %q) = %q, want %q", tt.s, tt.secrets, got, tt.want)
		}
	}
}

func TestParameters(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		// Query strings: to the next '&' or line break, as parse_qsl reads
		// them (make_url's query: {'password': 'a b#c;d', 'x': '1'}).
		{"postgresql://h/db?user=u&password=x&sslmode=require", "postgresql://h/db?user=u&password=***&sslmode=require"},
		{"postgresql://h/db?password=x", "postgresql://h/db?password=***"},
		{"postgresql://h/db?PASSWORD=x&Pwd=y&Secret=z&TOKEN=w&x=1", "postgresql://h/db?PASSWORD=***&Pwd=***&Secret=***&TOKEN=***&x=1"},
		{"postgresql://h/db?password=a b#c;d&x=1", "postgresql://h/db?password=***&x=1"},
		{"postgresql://h/db?password=p%40ss&x=1", "postgresql://h/db?password=***&x=1"},
		{"postgresql://h/db?password=p%%40ss&x=1", "postgresql://h/db?password=***&x=1"},
		{"postgresql://h/db?password=a\nx=1", "postgresql://h/db?password=***\nx=1"},
		{"postgresql://h/db?password=&x=1", "postgresql://h/db?password=&x=1"},
		{"postgresql://h/db?passwords=x&mytoken=y&token_type=z", "postgresql://h/db?passwords=x&mytoken=y&token_type=z"},
		{"postgresql://h/db?user=u&sslmode=require", "postgresql://h/db?user=u&sslmode=require"},
		// JDBC and ODBC attributes: to the next ';', or braced.
		{"jdbc:sqlserver://h:1433;databaseName=d;user=u;password=x;encrypt=true", "jdbc:sqlserver://h:1433;databaseName=d;user=u;password=***;encrypt=true"},
		{"jdbc:sqlserver://h;user=u;password={a;b}", "jdbc:sqlserver://h;user=u;password={***}"},
		{"jdbc:sqlserver://h;user=u;token=t", "jdbc:sqlserver://h;user=u;token=***"},
		{"DRIVER={ODBC Driver 18};SERVER=h;UID=u;PWD=abc;Encrypt=yes", "DRIVER={ODBC Driver 18};SERVER=h;UID=u;PWD=***;Encrypt=yes"},
		{"DRIVER={ODBC Driver 18};SERVER=h;UID=u;PWD={a;b}}c};Encrypt=yes", "DRIVER={ODBC Driver 18};SERVER=h;UID=u;PWD={***};Encrypt=yes"},
		{"DRIVER={x};PWD={unterminated;UID=u", "DRIVER={x};PWD={***"},
		{"Server=h;Database=d;User Id=u;Password=p w;", "Server=h;Database=d;User Id=u;Password=***;"},
		{"Server=h; Password = pw ;X=1", "Server=h; Password =***;X=1"},
		{"PWD=p w;UID=u", "PWD=***;UID=u"},
		{"Password=p w;UID=u", "Password=***;UID=u"},
		{"PWD={};UID=u", "PWD={};UID=u"},
		{"PWD=;UID=u", "PWD=;UID=u"},
		{"DRIVER={x};UID=u", "DRIVER={x};UID=u"},
		// pyodbc's odbc_connect, percent-encoded, raw or %%-doubled.
		{"mssql+pyodbc:///?odbc_connect=DRIVER%3D%7Bx%7D%3BUID%3Du%3BPWD%3Dpw%3BEncrypt%3Dyes&echo=1", "mssql+pyodbc:///?odbc_connect=DRIVER%3D%7Bx%7D%3BUID%3Du%3BPWD%3D***%3BEncrypt%3Dyes&echo=1"},
		{"mssql+pyodbc:///?odbc_connect=DRIVER%%3Dx%%3BPWD%%3Dpw%%3B", "mssql+pyodbc:///?odbc_connect=DRIVER%%3Dx%%3BPWD%%3D***%%3B"},
		{"mssql+pyodbc:///?odbc_connect=UID%3Du%3Bpwd%3d%7Bp%3Bw%7D%3BX%3D1&echo=1", "mssql+pyodbc:///?odbc_connect=UID%3Du%3Bpwd%3d%7B***&echo=1"},
		{"odbc_connect=PWD%3D%3BX%3D1", "odbc_connect=PWD%3D%3BX%3D1"},
		// libpq DSNs (psycopg2's parse_dsn reads the passwords masked here).
		{"host=h password=x dbname=d", "host=h password=*** dbname=d"},
		{"host=h password='it\\'s me' dbname=d", "host=h password='***' dbname=d"},
		{"host=h password=a\\ b dbname=d", "host=h password=*** dbname=d"},
		{"host=h password=ab;cd dbname=d", "host=h password=*** dbname=d"},
		{"host = h password = x", "host = h password = ***"},
		{"password= host=h", "password= ***"}, // libpq: password "host=h"
		{"password='' host=h", "password='' host=h"},
		{"password='unterminated host=h", "password='***"},
		{"password=x", "password=***"},
		{"password=x\nhost=h", "password=***\nhost=h"},
		// A lower-case "password" first: libpq's, or ODBC's when a ';' and
		// an attribute come before a blank and a keyword.
		{"password=a b;UID=u", "password=***;UID=u"},
		{"password=a;UID=u;X=1", "password=***;UID=u;X=1"},
		{"password=a host=h;x=y", "password=*** host=h;x=y"},
		{"password=a\\;b=c host=h", "password=*** host=h"},
		{"password={a b};UID=u", "password={***};UID=u"},
		{"(password=a b)", "(password=*** b)"},
		{"a password=a b", "a password=*** b"},
		// Keys as whole words only; secret and token anywhere.
		{"mypassword=x tokens=y pwds=z", "mypassword=x tokens=y pwds=z"},
		{"db_password=x y", "db_password=*** y"},
		{"db.pwd=x y", "db.pwd=***"},
		{"token=abc and more", "token=*** and more"},
		{"secret = 'q' r", "secret = '***' r"},
		{"no pairs here", "no pairs here"},
		{"a=b c=d", "a=b c=d"},
		{"", ""},
		{"password", "password"},
		{"=password=", "=password="},
		{"%", "%"},
		{"%%3D", "%%3D"},
		{"password%", "password%"},
	}
	for _, tt := range tests {
		got := Parameters(tt.in)
		if got != tt.want {
			t.Errorf("Parameters(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if again := Parameters(got); again != got {
			t.Errorf("Parameters not idempotent on %q: %q then %q", tt.in, got, again)
		}
	}
}

func TestInline(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"postgresql://u:pw@h/db?password=pw2&x=1", "postgresql://u:***@h/db?password=***&x=1"},
		{"postgresql://u:a;password=b@h/db", "postgresql://u:***@h/db"},
		{"password=postgresql://u:p@h", "password=***"},
		{"DRIVER={x};PWD=a://u:p@h;UID=u", "DRIVER={x};PWD=***;UID=u"},
		{"mssql+pyodbc://u:p@h/db?odbc_connect=PWD%3Dx%3B&a=b", "mssql+pyodbc://u:***@h/db?odbc_connect=PWD%3D***%3B&a=b"},
		{"sqlite:///app.db", "sqlite:///app.db"},
		{"%(here)s/migrations", "%(here)s/migrations"},
		{"", ""},
	}
	for _, tt := range tests {
		got := Inline(tt.in)
		if got != tt.want {
			t.Errorf("Inline(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if again := Inline(got); again != got {
			t.Errorf("Inline not idempotent on %q: %q then %q", tt.in, got, again)
		}
	}
}
