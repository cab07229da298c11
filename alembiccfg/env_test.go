package alembiccfg

import (
	"errors"
	"math/rand"
	"reflect"
	"strings"
	"testing"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
)

// secret is in the value of every variable of the error cases: no error
// may show it.
const secret = "s3cr3t-VALUE"

func environOf(vars ...string) func() []string {
	return func() []string { return append([]string(nil), vars...) }
}

func TestEnvMapping(t *testing.T) {
	logging := envNames{Sections: map[string][]string{
		"alembic":          {"script_location", "sqlalchemy.url"},
		"logger_root":      {"level", "handlers"},
		"post_write_hooks": {"hooks", "black.type", "black.options"},
		"my-section":       {"some.key"},
	}}
	type want struct {
		assignments []envAssignment
		fragment    string
		kind        alembicerr.Kind
		source      string   // Source of the error
		message     []string // substrings of the error's Message
	}
	a := func(section, option, value, variable string) envAssignment {
		return envAssignment{Section: section, Option: option, Value: value, Var: variable}
	}
	tests := []struct {
		name  string
		opts  EnvOptions // Prefix "ALEMBIC_" unless noPrefix
		empty bool       // keep opts.Prefix as is (even "")
		main  string     // "" means "alembic"
		known envNames
		env   []string
		want  want
	}{
		{
			name: "exact match", known: logging,
			env:  []string{"ALEMBIC_SCRIPT_LOCATION=migrations", "PATH=/bin"},
			want: want{assignments: []envAssignment{a("alembic", "script_location", "migrations", "ALEMBIC_SCRIPT_LOCATION")}},
		},
		{
			name: "relaxed match of a documented option",
			env:  []string{"ALEMBIC_SQLALCHEMY_URL=postgresql://u:p%40ss@h/db?x=1"},
			want: want{assignments: []envAssignment{a("alembic", "sqlalchemy.url", "postgresql://u:p%40ss@h/db?x=1", "ALEMBIC_SQLALCHEMY_URL")}},
		},
		{
			name:  "relaxed match of a main-section option of the lower layers",
			known: envNames{Sections: map[string][]string{"alembic": {"black.options"}}},
			env:   []string{"ALEMBIC_BLACK_OPTIONS=-l 79"},
			want:  want{assignments: []envAssignment{a("alembic", "black.options", "-l 79", "ALEMBIC_BLACK_OPTIONS")}},
		},
		{
			name: "relaxed match in another section", known: logging,
			env:  []string{"ALEMBIC_POST_WRITE_HOOKS__BLACK_OPTIONS=-l 79"},
			want: want{assignments: []envAssignment{a("post_write_hooks", "black.options", "-l 79", "ALEMBIC_POST_WRITE_HOOKS__BLACK_OPTIONS")}},
		},
		{
			name: "section match", known: logging,
			env:  []string{"ALEMBIC_LOGGER_ROOT__LEVEL=DEBUG"},
			want: want{assignments: []envAssignment{a("logger_root", "level", "DEBUG", "ALEMBIC_LOGGER_ROOT__LEVEL")}},
		},
		{
			name: "relaxed section name", known: logging,
			env:  []string{"ALEMBIC_MY_SECTION__SOME_KEY=v"},
			want: want{assignments: []envAssignment{a("my-section", "some.key", "v", "ALEMBIC_MY_SECTION__SOME_KEY")}},
		},
		{
			name: "variable names are matched case-insensitively", known: logging,
			env: []string{"ALEMBIC_Logger_Root__Level=INFO", "ALEMBIC_sqlalchemy.url=sqlite://"},
			want: want{assignments: []envAssignment{
				a("logger_root", "level", "INFO", "ALEMBIC_Logger_Root__Level"),
				a("alembic", "sqlalchemy.url", "sqlite://", "ALEMBIC_sqlalchemy.url"),
			}},
		},
		{
			name: "main section by its section form", known: logging,
			env:  []string{"ALEMBIC_ALEMBIC__SCRIPT_LOCATION=m"},
			want: want{assignments: []envAssignment{a("alembic", "script_location", "m", "ALEMBIC_ALEMBIC__SCRIPT_LOCATION")}},
		},
		{
			name: "another main section", main: "custom",
			env: []string{"ALEMBIC_SCRIPT_LOCATION=m", "ALEMBIC_CUSTOM__TIMEZONE=UTC"},
			want: want{assignments: []envAssignment{
				a("custom", "timezone", "UTC", "ALEMBIC_CUSTOM__TIMEZONE"),
				a("custom", "script_location", "m", "ALEMBIC_SCRIPT_LOCATION"),
			}},
		},
		{
			name: "new section and option", known: logging,
			env:  []string{"ALEMBIC_NEW_SECTION__SOME_KEY=1"},
			want: want{assignments: []envAssignment{a("new_section", "some_key", "1", "ALEMBIC_NEW_SECTION__SOME_KEY")}},
		},
		{
			name: "new main-section option", known: logging,
			env:  []string{"ALEMBIC_BRAND_NEW=1"},
			want: want{assignments: []envAssignment{a("alembic", "brand_new", "1", "ALEMBIC_BRAND_NEW")}},
		},
		{
			name: "new names split at the first __ and lower-cased", known: logging,
			env:  []string{"ALEMBIC_Some_Sect__Opt__X=1"},
			want: want{assignments: []envAssignment{a("some_sect", "opt__x", "1", "ALEMBIC_Some_Sect__Opt__X")}},
		},
		{
			name: "known section, unknown option creates the spelled names", known: logging,
			env:  []string{"ALEMBIC_LOGGER_ROOT__PROPAGATE=0"},
			want: want{assignments: []envAssignment{a("logger_root", "propagate", "0", "ALEMBIC_LOGGER_ROOT__PROPAGATE")}},
		},
		{
			name:  "a new option of a section spelled otherwise goes into that section",
			known: envNames{Sections: map[string][]string{"My-Section": {"a"}}},
			env:   []string{"ALEMBIC_MY_SECTION__NEW=1"},
			want:  want{assignments: []envAssignment{a("My-Section", "new", "1", "ALEMBIC_MY_SECTION__NEW")}},
		},
		{
			name:  "a split further right matches a section with __ in its name",
			known: envNames{Sections: map[string][]string{"a__b": {"c"}}},
			env:   []string{"ALEMBIC_A__B__C=1"},
			want:  want{assignments: []envAssignment{a("a__b", "c", "1", "ALEMBIC_A__B__C")}},
		},
		{
			name:  "TOML keys are main-section candidates",
			known: envNames{TOMLKeys: []string{"my-custom.Key"}},
			env:   []string{"ALEMBIC_MY_CUSTOM_KEY=1"},
			want:  want{assignments: []envAssignment{a("alembic", "my-custom.key", "1", "ALEMBIC_MY_CUSTOM_KEY")}},
		},
		{
			name:  "ambiguous option names",
			known: envNames{Sections: map[string][]string{"alembic": {"a_b", "a.b"}}},
			env:   []string{"ALEMBIC_A_B=" + secret},
			want: want{kind: alembicerr.AmbiguousNameError, source: "ALEMBIC_A_B",
				message: []string{"ALEMBIC_A_B matches option 'a.b' and option 'a_b' of section 'alembic'"}},
		},
		{
			name:  "TOML key and ini option ambiguous",
			known: envNames{Sections: map[string][]string{"alembic": {"x-y"}}, TOMLKeys: []string{"x_y"}},
			env:   []string{"ALEMBIC_X_Y=" + secret},
			want: want{kind: alembicerr.AmbiguousNameError, source: "ALEMBIC_X_Y",
				message: []string{"ALEMBIC_X_Y matches option 'x-y' and option 'x_y' of section 'alembic'"}},
		},
		{
			name:  "ambiguous readings: main-section option and section form",
			known: envNames{Sections: map[string][]string{"alembic": {"a__b"}, "a": {"b"}}},
			env:   []string{"ALEMBIC_A__B=" + secret},
			want: want{kind: alembicerr.AmbiguousNameError, source: "ALEMBIC_A__B",
				message: []string{"ALEMBIC_A__B matches option 'a__b' of section 'alembic' and option 'b' of section 'a'"}},
		},
		{
			name:  "ambiguous section names",
			known: envNames{Sections: map[string][]string{"x.y": {"k"}, "x_y": {"k", "k2"}}},
			env:   []string{"ALEMBIC_X_Y__K=" + secret},
			want: want{kind: alembicerr.AmbiguousNameError, source: "ALEMBIC_X_Y__K",
				message: []string{"ALEMBIC_X_Y__K matches option 'k' of section 'x.y' and option 'k' of section 'x_y'"}},
		},
		{
			name:  "ambiguity listing several options of several sections",
			known: envNames{Sections: map[string][]string{"alembic": {"s__a.b", "s__a_b"}, "s": {"a.b"}}},
			env:   []string{"ALEMBIC_S__A_B=" + secret},
			want: want{kind: alembicerr.AmbiguousNameError, source: "ALEMBIC_S__A_B",
				message: []string{"ALEMBIC_S__A_B matches option 's__a.b' and option 's__a_b' of section 'alembic'; option 'a.b' of section 's'"}},
		},
		{
			name: "two variables on one option",
			env:  []string{"ALEMBIC_SQLALCHEMY_URL=" + secret, "ALEMBIC_SQLALCHEMY.URL=" + secret},
			want: want{kind: alembicerr.AmbiguousNameError, source: "ALEMBIC_SQLALCHEMY_URL",
				message: []string{"ALEMBIC_SQLALCHEMY.URL and ALEMBIC_SQLALCHEMY_URL both set option 'sqlalchemy.url' of section 'alembic'"}},
		},
		{
			name: "two variables on one option, one in section form",
			env:  []string{"ALEMBIC_SCRIPT_LOCATION=" + secret, "ALEMBIC_ALEMBIC__SCRIPT_LOCATION=" + secret},
			want: want{kind: alembicerr.AmbiguousNameError, source: "ALEMBIC_SCRIPT_LOCATION",
				message: []string{"ALEMBIC_ALEMBIC__SCRIPT_LOCATION and ALEMBIC_SCRIPT_LOCATION both set option 'script_location' of section 'alembic'"}},
		},
		{
			name: "two variables creating one option",
			env:  []string{"ALEMBIC_NEW__KEY=" + secret, "ALEMBIC_new__key=" + secret},
			want: want{kind: alembicerr.AmbiguousNameError, source: "ALEMBIC_new__key",
				message: []string{"ALEMBIC_NEW__KEY and ALEMBIC_new__key both set option 'key' of section 'new'"}},
		},
		{
			name: "bindings beat prefix mapping",
			opts: EnvOptions{Bindings: []EnvBinding{{Var: "DATABASE_URL", Option: "sqlalchemy.url"}}},
			env:  []string{"ALEMBIC_SQLALCHEMY_URL=from-prefix", "DATABASE_URL=from-binding"},
			want: want{assignments: []envAssignment{a("alembic", "sqlalchemy.url", "from-binding", "DATABASE_URL")}},
		},
		{
			name: "an unset binding leaves the prefix variable",
			opts: EnvOptions{Bindings: []EnvBinding{{Var: "DATABASE_URL", Option: "sqlalchemy.url"}}},
			env:  []string{"ALEMBIC_SQLALCHEMY_URL=from-prefix"},
			want: want{assignments: []envAssignment{a("alembic", "sqlalchemy.url", "from-prefix", "ALEMBIC_SQLALCHEMY_URL")}},
		},
		{
			name: "an empty binding leaves the prefix variable",
			opts: EnvOptions{Bindings: []EnvBinding{{Var: "DATABASE_URL", Option: "sqlalchemy.url"}}},
			env:  []string{"ALEMBIC_SQLALCHEMY_URL=from-prefix", "DATABASE_URL="},
			want: want{assignments: []envAssignment{a("alembic", "sqlalchemy.url", "from-prefix", "ALEMBIC_SQLALCHEMY_URL")}},
		},
		{
			name: "binding fallback: the first set one wins",
			opts: EnvOptions{Bindings: []EnvBinding{
				{Var: "PRIMARY_URL", Option: "sqlalchemy.url"},
				{Var: "DATABASE_URL", Section: "alembic", Option: "SQLAlchemy.URL"},
			}},
			env:  []string{"DATABASE_URL=second", "PRIMARY_URL=first"},
			want: want{assignments: []envAssignment{a("alembic", "sqlalchemy.url", "first", "PRIMARY_URL")}},
		},
		{
			name: "binding fallback: an unset or empty one falls through",
			opts: EnvOptions{Bindings: []EnvBinding{
				{Var: "A_URL", Option: "sqlalchemy.url"},
				{Var: "B_URL", Option: "sqlalchemy.url"},
				{Var: "C_URL", Option: "sqlalchemy.url"},
			}},
			env:  []string{"C_URL=third", "B_URL="},
			want: want{assignments: []envAssignment{a("alembic", "sqlalchemy.url", "third", "C_URL")}},
		},
		{
			name: "binding fallback with KeepEmpty: an empty one wins",
			opts: EnvOptions{KeepEmpty: true, Bindings: []EnvBinding{
				{Var: "A_URL", Option: "sqlalchemy.url"},
				{Var: "B_URL", Option: "sqlalchemy.url"},
			}},
			env:  []string{"B_URL=second", "A_URL="},
			want: want{assignments: []envAssignment{a("alembic", "sqlalchemy.url", "", "A_URL")}},
		},
		{
			name: "a bound variable is never prefix-mapped",
			opts: EnvOptions{Bindings: []EnvBinding{{Var: "ALEMBIC_DB", Option: "sqlalchemy.url"}}},
			env:  []string{"ALEMBIC_DB=x"},
			want: want{assignments: []envAssignment{a("alembic", "sqlalchemy.url", "x", "ALEMBIC_DB")}},
		},
		{
			name: "a bound variable that is empty is not prefix-mapped either",
			opts: EnvOptions{KeepEmpty: false, Bindings: []EnvBinding{{Var: "ALEMBIC_DB", Option: "sqlalchemy.url"}}},
			env:  []string{"ALEMBIC_DB="},
			want: want{},
		},
		{
			name: "one variable bound to two options",
			opts: EnvOptions{Bindings: []EnvBinding{
				{Var: "DATABASE_URL", Option: "sqlalchemy.url"},
				{Var: "DATABASE_URL", Section: "other", Option: "url"},
			}},
			env: []string{"DATABASE_URL=u"},
			want: want{assignments: []envAssignment{
				a("alembic", "sqlalchemy.url", "u", "DATABASE_URL"),
				a("other", "url", "u", "DATABASE_URL"),
			}},
		},
		{
			name: "bindings and prefix variables in sorted variable-name order",
			opts: EnvOptions{Bindings: []EnvBinding{
				{Var: "ZZ_HOOKS", Section: "post_write_hooks", Option: "hooks"},
				{Var: "DATABASE_URL", Option: "sqlalchemy.url"},
			}},
			env: []string{"ZZ_HOOKS=black", "ALEMBIC_TIMEZONE=UTC", "DATABASE_URL=u", "ALEMBIC_SCRIPT_LOCATION=m"},
			want: want{assignments: []envAssignment{
				a("alembic", "script_location", "m", "ALEMBIC_SCRIPT_LOCATION"),
				a("alembic", "timezone", "UTC", "ALEMBIC_TIMEZONE"),
				a("alembic", "sqlalchemy.url", "u", "DATABASE_URL"),
				a("post_write_hooks", "hooks", "black", "ZZ_HOOKS"),
			}},
		},
		{
			name: "empty prefix turns prefix mapping off, not bindings", empty: true,
			opts: EnvOptions{Prefix: "", Bindings: []EnvBinding{{Var: "DATABASE_URL", Option: "sqlalchemy.url"}}},
			env:  []string{"SCRIPT_LOCATION=x", "ALEMBIC_SCRIPT_LOCATION=y", "HERE=z", "INI=[a]", "DATABASE_URL=u"},
			want: want{assignments: []envAssignment{a("alembic", "sqlalchemy.url", "u", "DATABASE_URL")}},
		},
		{
			name: "another prefix", empty: true,
			opts: EnvOptions{Prefix: "MYAPP_"},
			env:  []string{"MYAPP_SCRIPT_LOCATION=x", "ALEMBIC_TIMEZONE=UTC", "MYAPP_INI=[s]\nk = v\n", "MYAPP_CONFIG=a.ini"},
			want: want{
				assignments: []envAssignment{a("alembic", "script_location", "x", "MYAPP_SCRIPT_LOCATION")},
				fragment:    "[s]\nk = v\n",
			},
		},
		{
			name: "empty values are ignored",
			env:  []string{"ALEMBIC_TIMEZONE=", "ALEMBIC_SCRIPT_LOCATION=m", "ALEMBIC_INI="},
			want: want{assignments: []envAssignment{a("alembic", "script_location", "m", "ALEMBIC_SCRIPT_LOCATION")}},
		},
		{
			name: "empty values are kept with KeepEmpty",
			opts: EnvOptions{KeepEmpty: true},
			env:  []string{"ALEMBIC_TIMEZONE=", "ALEMBIC_SCRIPT_LOCATION=m"},
			want: want{assignments: []envAssignment{
				a("alembic", "script_location", "m", "ALEMBIC_SCRIPT_LOCATION"),
				a("alembic", "timezone", "", "ALEMBIC_TIMEZONE"),
			}},
		},
		{
			name: "values are kept verbatim",
			env:  []string{"ALEMBIC_FILE_TEMPLATE=%%(rev)s_%(slug)s = x ", "ALEMBIC_TIMEZONE= UTC"},
			want: want{assignments: []envAssignment{
				a("alembic", "file_template", "%%(rev)s_%(slug)s = x ", "ALEMBIC_FILE_TEMPLATE"),
				a("alembic", "timezone", " UTC", "ALEMBIC_TIMEZONE"),
			}},
		},
		{
			name: "ALEMBIC_INI is the fragment, ALEMBIC_CONFIG is ignored",
			env:  []string{"ALEMBIC_INI=[logger_root]\nlevel = WARN\n", "ALEMBIC_CONFIG=other.ini", "ALEMBIC_TIMEZONE=UTC"},
			want: want{
				assignments: []envAssignment{a("alembic", "timezone", "UTC", "ALEMBIC_TIMEZONE")},
				fragment:    "[logger_root]\nlevel = WARN\n",
			},
		},
		{
			name: "ALEMBIC_HERE is an error",
			env:  []string{"ALEMBIC_HERE=" + secret},
			want: want{kind: alembicerr.ValueError, source: "ALEMBIC_HERE", message: []string{"'here' cannot be overridden"}},
		},
		{
			name: "an empty ALEMBIC_HERE is ignored like any empty value",
			env:  []string{"ALEMBIC_HERE="},
			want: want{},
		},
		{
			name: "here in section form is an error too", known: logging,
			env:  []string{"ALEMBIC_ALEMBIC__HERE=" + secret},
			want: want{kind: alembicerr.ValueError, source: "ALEMBIC_ALEMBIC__HERE", message: []string{"'here' cannot be overridden"}},
		},
		{
			name: "a binding to here is an error",
			opts: EnvOptions{Bindings: []EnvBinding{{Var: "PROJECT_DIR", Option: "HERE"}}},
			env:  []string{"PROJECT_DIR=" + secret},
			want: want{kind: alembicerr.ValueError, source: "PROJECT_DIR", message: []string{"'here' cannot be overridden"}},
		},
		{
			name: "DEFAULT section form is refused",
			env:  []string{"ALEMBIC_DEFAULT__FOO=" + secret},
			want: want{kind: alembicerr.ValueError, source: "ALEMBIC_DEFAULT__FOO", message: []string{"Invalid section name: 'DEFAULT'"}},
		},
		{
			name:  "DEFAULT of the lower layers is refused",
			known: envNames{Sections: map[string][]string{"DEFAULT": {"foo"}}},
			env:   []string{"ALEMBIC_DEFAULT__FOO=" + secret},
			want:  want{kind: alembicerr.ValueError, source: "ALEMBIC_DEFAULT__FOO", message: []string{"Invalid section name: 'DEFAULT'"}},
		},
		{
			name: "DEFAULT in any spelling is refused",
			env:  []string{"ALEMBIC_Default__foo=" + secret},
			want: want{kind: alembicerr.ValueError, source: "ALEMBIC_Default__foo", message: []string{"Invalid section name: 'DEFAULT'"}},
		},
		{
			name: "a binding to DEFAULT is refused even when unset",
			opts: EnvOptions{Bindings: []EnvBinding{{Var: "DB", Section: "DEFAULT", Option: "url"}}},
			want: want{kind: alembicerr.ValueError, source: "DB", message: []string{"Invalid section name: 'DEFAULT'"}},
		},
		{
			name: "main section DEFAULT is refused", main: "DEFAULT",
			env:  []string{"ALEMBIC_SCRIPT_LOCATION=" + secret},
			want: want{kind: alembicerr.ValueError, source: "ALEMBIC_SCRIPT_LOCATION", message: []string{"Invalid section name: 'DEFAULT'"}},
		},
		{
			name: "empty section name",
			env:  []string{"ALEMBIC___FOO=" + secret},
			want: want{kind: alembicerr.ValueError, source: "ALEMBIC___FOO", message: []string{"Invalid section name: ''"}},
		},
		{
			name: "empty option name",
			env:  []string{"ALEMBIC_SECT__=" + secret},
			want: want{kind: alembicerr.ValueError, source: "ALEMBIC_SECT__", message: []string{"empty option name"}},
		},
		{
			name: "the bare prefix",
			env:  []string{"ALEMBIC_=" + secret},
			want: want{kind: alembicerr.ValueError, source: "ALEMBIC_", message: []string{"empty option name"}},
		},
		{
			name: "a binding without an option",
			opts: EnvOptions{Bindings: []EnvBinding{{Var: "DB"}}},
			want: want{kind: alembicerr.ValueError, source: "DB", message: []string{"empty option name"}},
		},
		{
			name: "a binding without a variable",
			opts: EnvOptions{Bindings: []EnvBinding{{Option: "sqlalchemy.url"}}},
			want: want{kind: alembicerr.ValueError, message: []string{"invalid environment variable name ''"}},
		},
		{
			name:  "the first error in variable-name order is reported",
			known: envNames{Sections: map[string][]string{"alembic": {"a_b", "a.b"}}},
			env:   []string{"ALEMBIC_Z__HERE=" + secret, "ALEMBIC_A_B=" + secret, "ALEMBIC_DEFAULT__X=" + secret},
			want:  want{kind: alembicerr.AmbiguousNameError, source: "ALEMBIC_A_B"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opts := tc.opts
			if !tc.empty {
				opts.Prefix = "ALEMBIC_"
			}
			opts.Environ = environOf(tc.env...)
			main := tc.main
			if main == "" {
				main = DefaultIniSection
			}
			got, fragment, err := mapEnvironment(opts, main, tc.known)
			if tc.want.kind != "" {
				var pe *alembicerr.Error
				if !errors.As(err, &pe) {
					t.Fatalf("err = %v (%T), want a %s", err, err, tc.want.kind)
				}
				if pe.Kind != tc.want.kind || pe.Source != tc.want.source {
					t.Errorf("err kind, source = %s, %q; want %s, %q (%v)", pe.Kind, pe.Source, tc.want.kind, tc.want.source, err)
				}
				for _, m := range tc.want.message {
					if !strings.Contains(pe.Message, m) {
						t.Errorf("message %q lacks %q", pe.Message, m)
					}
				}
				for _, text := range []string{err.Error(), pe.Message, pe.Detail, pe.Section, pe.Option} {
					if strings.Contains(text, secret) {
						t.Errorf("error shows the value: %q", text)
					}
				}
				if got != nil || fragment != "" {
					t.Errorf("results with an error: %v, %q", got, fragment)
				}
				return
			}
			if err != nil {
				t.Fatalf("err = %v", err)
			}
			if len(got) == 0 && len(tc.want.assignments) == 0 {
				got = nil
			}
			if !reflect.DeepEqual(got, tc.want.assignments) {
				t.Errorf("assignments:\n got %+v\nwant %+v", got, tc.want.assignments)
			}
			if fragment != tc.want.fragment {
				t.Errorf("fragment = %q, want %q", fragment, tc.want.fragment)
			}
		})
	}
}

func TestEnvDeterministic(t *testing.T) {
	known := envNames{
		Sections: map[string][]string{
			"alembic":           {"script_location", "sqlalchemy.url", "black.options", "x.y"},
			"logger_root":       {"level"},
			"logger_sqlalchemy": {"level", "qualname"},
			"handler-console":   {"class", "args"},
			"post_write_hooks":  {"hooks", "black.type"},
		},
		TOMLKeys: []string{"version_locations", "x-z"},
	}
	opts := EnvOptions{Prefix: "ALEMBIC_", Bindings: []EnvBinding{
		{Var: "DATABASE_URL", Option: "sqlalchemy.url"},
		{Var: "DB_URL", Option: "sqlalchemy.url"},
		{Var: "HOOKS", Section: "post_write_hooks", Option: "hooks"},
	}}
	base := []string{
		"ALEMBIC_SCRIPT_LOCATION=m", "ALEMBIC_SQLALCHEMY_URL=p", "ALEMBIC_BLACK_OPTIONS=-l 79",
		"ALEMBIC_X_Y=1", "ALEMBIC_X_Z=2", "ALEMBIC_LOGGER_ROOT__LEVEL=DEBUG",
		"ALEMBIC_LOGGER_SQLALCHEMY__QUALNAME=sa", "ALEMBIC_HANDLER_CONSOLE__ARGS=(sys.stderr,)",
		"ALEMBIC_NEW__ONE=1", "ALEMBIC_NEW__TWO=2", "ALEMBIC_ZETA=z", "ALEMBIC_ALPHA=a",
		"ALEMBIC_VERSION_LOCATIONS=v", "ALEMBIC_INI=[s]\nk=v", "ALEMBIC_CONFIG=c",
		"DB_URL=db", "HOOKS=black", "PATH=/bin", "HOME=/root",
	}
	opts.Environ = environOf(base...)
	want, wantFragment, err := mapEnvironment(opts, "alembic", known)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) != 14 || wantFragment != "[s]\nk=v" {
		t.Fatalf("got %d assignments %+v, fragment %q", len(want), want, wantFragment)
	}
	for i := 1; i < len(want); i++ {
		if want[i-1].Var > want[i].Var {
			t.Errorf("not in variable-name order: %s before %s", want[i-1].Var, want[i].Var)
		}
	}
	// The same environment with an ambiguous name and a collision added:
	// always the same (first) error.
	bad := append(append([]string(nil), base...), "ALEMBIC_X.Y="+secret, "ALEMBIC_HANDLER-CONSOLE__ARGS="+secret)
	optsBad := opts
	optsBad.Environ = environOf(bad...)
	_, _, wantErr := mapEnvironment(optsBad, "alembic", known)
	if wantErr == nil {
		t.Fatal("no error for the bad environment")
	}

	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 50; i++ {
		env := append([]string(nil), base...)
		rng.Shuffle(len(env), func(i, j int) { env[i], env[j] = env[j], env[i] })
		opts.Environ = environOf(env...)
		got, fragment, err := mapEnvironment(opts, "alembic", known)
		if err != nil || fragment != wantFragment || !reflect.DeepEqual(got, want) {
			t.Fatalf("run %d differs: %+v, %q, %v", i, got, fragment, err)
		}

		env = append([]string(nil), bad...)
		rng.Shuffle(len(env), func(i, j int) { env[i], env[j] = env[j], env[i] })
		optsBad.Environ = environOf(env...)
		_, _, err = mapEnvironment(optsBad, "alembic", known)
		if err == nil || err.Error() != wantErr.Error() {
			t.Fatalf("run %d: error %v, want %v", i, err, wantErr)
		}
	}
}

func TestEnvReadsEnvironOnce(t *testing.T) {
	calls := 0
	opts := EnvOptions{
		Prefix:   "ALEMBIC_",
		Bindings: []EnvBinding{{Var: "DATABASE_URL", Option: "sqlalchemy.url"}},
		Environ: func() []string {
			calls++
			return []string{"DATABASE_URL=u", "ALEMBIC_TIMEZONE=UTC"}
		},
	}
	got, _, err := mapEnvironment(opts, "alembic", envNames{})
	if err != nil || len(got) != 2 {
		t.Fatalf("got %+v, %v", got, err)
	}
	if calls != 1 {
		t.Errorf("Environ called %d times, want 1", calls)
	}
}

func TestEnvDefaultsToOSEnviron(t *testing.T) {
	t.Setenv("KOANF_ALEMBIC_TEST_SCRIPT_LOCATION", "from-os")
	got, _, err := mapEnvironment(EnvOptions{Prefix: "KOANF_ALEMBIC_TEST_"}, "alembic", envNames{})
	want := []envAssignment{{Section: "alembic", Option: "script_location", Value: "from-os", Var: "KOANF_ALEMBIC_TEST_SCRIPT_LOCATION"}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v, %v; want %+v", got, err, want)
	}
}

func TestEnvErrorsMatchSentinels(t *testing.T) {
	opts := EnvOptions{Prefix: "ALEMBIC_", Environ: environOf("ALEMBIC_HERE=x")}
	_, _, err := mapEnvironment(opts, "alembic", envNames{})
	if !errors.Is(err, alembicerr.ErrValue) {
		t.Errorf("errors.Is(%v, alembicerr.ErrValue) = false", err)
	}
	opts.Environ = environOf("ALEMBIC_A_B=x")
	_, _, err = mapEnvironment(opts, "alembic", envNames{Sections: map[string][]string{"alembic": {"a.b", "a-b"}}})
	if !errors.Is(err, alembicerr.AmbiguousNameError) {
		t.Errorf("errors.Is(%v, AmbiguousNameError) = false", err)
	}
	if got := err.Error(); got != "ALEMBIC_A_B: matches option 'a-b' and option 'a.b' of section 'alembic' (AmbiguousNameError)" {
		t.Errorf("Error() = %q", got)
	}
}
