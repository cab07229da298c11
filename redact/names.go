package redact

import "strings"

// secretSubstrings make an option secret when its lower-cased name
// contains one of them anywhere.
var secretSubstrings = []string{"password", "passwd", "secret", "token", "credential", "apikey", "privatekey"}

// secretWords make an option secret when its lower-cased name, split on
// '.', '_' and '-', has one of them as a whole word.
var secretWords = []string{"key", "pwd", "pw", "pass", "auth", "bearer"}

// IsSecretName reports whether the value of the option named option is a
// secret as a whole. Its name, lower-cased, is secret when
//
//   - it contains "password", "passwd", "secret", "token", "credential",
//     "apikey" or "privatekey" anywhere, or
//   - split on '.', '_' and '-', it has "key", "pwd", "pw", "pass",
//     "auth" or "bearer" as a whole word.
//
// So "db_password", "PASSWORD", "client_secret", "refresh_token_url",
// "credentials", "api_key", "aws.key", "api-key", "apiKey", "privatekey",
// "pwd", "db-pwd", "pw", "db_pass", "auth", "auth.header" and "bearer" are
// secret, while "keys" (of [loggers]), "monkey", "keyring", "passenger",
// "compass", "author", "oauth", "hooks", "sqlalchemy.url" and
// "black.options" are not: "pass" and "auth" count only as whole words.
//
// A name that merely points at a secret is secret too, by the same rule:
// "ssh-key-path", "private_key_file" and "x.privatekey.path" all hide their
// value (a path), which costs a reader little and keeps the rule free of
// exceptions. Only '.', '_' and '-' separate words: "api key" (with a
// space) and "dbPass" are not secret, but "apiKey" is, for its "apikey".
//
// The name may be given with or without its section
// ("alembic.sqlalchemy.url"); a section name can only add words.
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
