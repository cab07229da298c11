package ini_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/koanf-alembic/koanf-alembic/pyvalue"

	"github.com/knadh/koanf/providers/file"
	"github.com/knadh/koanf/providers/rawbytes"
	"github.com/knadh/koanf/v2"

	"github.com/koanf-alembic/koanf-alembic/parser/ini"
)

const alembicINI = `[alembic]
script_location = %(here)s/alembic
sqlalchemy.url = driver://user:pass@localhost/dbname

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
datefmt = %%H:%%M:%%S
`

// Reading alembic.ini into koanf. Option names with dots are read through
// the "." delimiter; never write them by path (k.Set splits them). The
// logging formatter options come raw, as logging.fileConfig reads them.
func ExampleParser() {
	k := koanf.New(".")
	p := ini.Parser(ini.Opt{
		Name:     "alembic.ini",
		Defaults: pyvalue.NewDict().Set("here", "/srv/app"),
	})
	// With a file: k.Load(file.Provider("alembic.ini"), p)
	if err := k.Load(rawbytes.Provider([]byte(alembicINI)), p); err != nil {
		log.Fatal(err)
	}
	fmt.Println(k.String("alembic.sqlalchemy.url"))
	fmt.Println(k.String("alembic.script_location"))
	fmt.Println(k.String("formatter_generic.format"))
	fmt.Println(k.String("formatter_generic.datefmt"))
	fmt.Println(k.String("formatter_generic.here"))
	// Output:
	// driver://user:pass@localhost/dbname
	// /srv/app/alembic
	// %(levelname)-5.5s [%(name)s] %(message)s
	// %%H:%%M:%%S
	// /srv/app
}

// Loading a file with koanf's file provider.
func ExampleParser_file() {
	dir, err := os.MkdirTemp("", "ini-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "alembic.ini")
	if err := os.WriteFile(path, []byte("[alembic]\nscript_location = %(here)s/alembic\n"), 0o600); err != nil {
		log.Fatal(err)
	}

	k := koanf.New(".")
	p := ini.Parser(ini.Opt{Name: path, Defaults: pyvalue.NewDict().Set("here", "/proj")})
	if err := k.Load(file.Provider(path), p); err != nil {
		log.Fatal(err)
	}
	fmt.Println(k.String("alembic.script_location"))
	// Output: /proj/alembic
}

// Strict turns the first value that cannot be interpolated into an error;
// without it the value stays raw and goes to OnInterpolationError.
func ExampleOpt_strict() {
	src := []byte(alembicINI + "\n[handler_file]\nargs = ('%(logdir)s/app.log',)\n")
	here := pyvalue.NewDict().Set("here", "/srv/app")
	_, err := ini.Parser(ini.Opt{Strict: true, Name: "alembic.ini", Defaults: here}).Unmarshal(src)
	fmt.Println(err)

	lenient := ini.Parser(ini.Opt{Name: "alembic.ini", Defaults: here, OnInterpolationError: func(section, option string, err error) {
		fmt.Printf("left raw: [%s] %s\n", section, option)
	}})
	if _, err := lenient.Unmarshal(src); err != nil {
		log.Fatal(err)
	}
	// Output:
	// alembic.ini:10: Bad value substitution: option 'args' in section 'handler_file' contains an interpolation key 'logdir' which is not a valid option name. Raw value: "('%(logdir)s/app.log',)" (InterpolationMissingOptionError)
	// left raw: [handler_file] args
}

// Marshal writes values literally: "%" becomes "%%".
func ExampleINI_Marshal() {
	out, err := ini.Parser(ini.Opt{}).Marshal(map[string]any{
		"alembic": map[string]any{
			"sqlalchemy.url":    "postgresql://u:p%40ss@host/db",
			"version_locations": "\n%(here)s/a\n%(here)s/b",
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(string(out))

	_, err = ini.Parser(ini.Opt{}).Marshal(map[string]any{"alembic": map[string]any{"Script_Location": "x"}})
	fmt.Println(err)
	// Output:
	// [alembic]
	// sqlalchemy.url = postgresql://u:p%%40ss@host/db
	// version_locations =
	//     %%(here)s/a
	//     %%(here)s/b
	// cannot write INI: section "alembic", option "Script_Location": the option name is not lower-case: CPython reads it as "script_location" (ValueError)
}
