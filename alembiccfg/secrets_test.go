package alembiccfg_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/parser/ini"
	"github.com/koanf-alembic/koanf-alembic/provider/alembic"
	"github.com/koanf-alembic/koanf-alembic/pyvalue"
)

// No error of any entry point carries a password in its text, while the
// unredacted error (for --show-secrets and exact comparisons) still has
// Python's message.
func TestErrorsCarryNoSecrets(t *testing.T) {
	for _, tc := range []struct{ name, ini string }{
		{"bad percent in a URL password", "[alembic]\nsqlalchemy.url = postgresql://u:ab%zzSECRET@h/db\n"},
		{"bad percent in a secret option", "[alembic]\ndb_password = hunter%2SECRET\n"},
		{"missing reference beside a URL password", "[alembic]\nsqlalchemy.url = postgresql://u:SECRET@h/%(nope)s\n"},
		{"a line without delimiter", "[alembic]\ndb_password SECRET\n"},
		{"a line before any header", "password = SECRET\n[alembic]\n"},
		{"a reference cycle in a secret option", "[alembic]\napi_key = SECRET%(api_key)s\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := iniFile(t, tc.ini)
			var errs []error
			cfg := alembiccfg.New(alembiccfg.Options{File: path, Strict: true})
			_, _, err := cfg.Section("alembic")
			errs = append(errs, err)
			_, err = cfg.Koanf()
			errs = append(errs, err)
			_, err = alembic.Provider(alembic.Opt{File: path, Strict: true}).Read()
			errs = append(errs, err)
			_, err = ini.Parser(ini.Opt{Strict: true, Defaults: pyvalue.NewDict().Set("here", "/")}).Unmarshal([]byte(tc.ini))
			errs = append(errs, err)
			for i, err := range errs {
				var e *alembicerr.Error
				if !errors.As(err, &e) {
					t.Fatalf("entry point %d: %v, want an *alembicerr.Error", i, err)
				}
				if strings.Contains(err.Error(), "SECRET") || strings.Contains(e.Message, "SECRET") || strings.Contains(e.Detail, "SECRET") {
					t.Errorf("entry point %d leaks: %q / %q", i, err.Error(), e.Message)
				}
				if !strings.Contains(e.Unredacted().Message, "SECRET") && !strings.Contains(e.Unredacted().Error(), "SECRET") {
					t.Errorf("entry point %d: the unredacted error lost Python's text: %q", i, e.Unredacted().Message)
				}
			}
		})
	}
}

// Set-time ValueErrors and environment fragments are redacted too.
func TestSetAndFragmentErrorsCarryNoSecrets(t *testing.T) {
	cfg := alembiccfg.New(alembiccfg.Options{File: iniFile(t, "[alembic]\n")})
	err := cfg.SetMainOption("sqlalchemy.url", "postgresql://u:S%ECRET@h/db")
	if !errors.Is(err, alembicerr.ValueError) || strings.Contains(err.Error(), "ECRET") {
		t.Errorf("set: %v", err)
	}
	env := alembiccfg.New(alembiccfg.Options{File: iniFile(t, "[alembic]\n"), Env: &alembiccfg.EnvOptions{
		Prefix: "ALEMBIC_", Environ: func() []string { return []string{"ALEMBIC_INI=[alembic]\ndb_password SECRET\n"} }}})
	_, _, err = env.MainOption("x")
	if !errors.Is(err, alembicerr.ParsingError) || strings.Contains(err.Error(), "SECRET") {
		t.Errorf("ALEMBIC_INI: %v", err)
	}
}
