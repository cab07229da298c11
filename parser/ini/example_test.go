package ini_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

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
// the "." delimiter; never write them by path (k.Set splits them).
func ExampleParser() {
	k := koanf.New(".")
	p := ini.Parser(ini.Opt{
		Name:     "alembic.ini",
		Defaults: []ini.KeyValue{{Key: "here", Value: "/srv/app"}},
		OnInterpolationError: func(section, option string, err error) {
			fmt.Printf("left raw: [%s] %s\n", section, option)
		},
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
	// left raw: [formatter_generic] format
	// driver://user:pass@localhost/dbname
	// /srv/app/alembic
	// %(levelname)-5.5s [%(name)s] %(message)s
	// %H:%M:%S
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
	p := ini.Parser(ini.Opt{Name: path, Defaults: []ini.KeyValue{{Key: "here", Value: "/proj"}}})
	if err := k.Load(file.Provider(path), p); err != nil {
		log.Fatal(err)
	}
	fmt.Println(k.String("alembic.script_location"))
	// Output: /proj/alembic
}

// Strict turns the first value that cannot be interpolated into an error.
func ExampleOpt_strict() {
	p := ini.Parser(ini.Opt{
		Strict:   true,
		Name:     "alembic.ini",
		Defaults: []ini.KeyValue{{Key: "here", Value: "/srv/app"}},
	})
	_, err := p.Unmarshal([]byte(alembicINI))
	fmt.Println(err)
	// Output: alembic.ini:6: bad interpolation variable reference '%(levelname)-5.5s [%(name)s] %(message)s' (InterpolationSyntaxError)
}

// Marshal writes values literally: "%" becomes "%%".
func ExampleINI_Marshal() {
	out, err := ini.Parser().Marshal(map[string]any{
		"alembic": map[string]any{
			"sqlalchemy.url":    "postgresql://u:p%40ss@host/db",
			"version_locations": "\n%(here)s/a\n%(here)s/b",
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(string(out))

	_, err = ini.Parser().Marshal(map[string]any{"alembic": map[string]any{"Script_Location": "x"}})
	fmt.Println(err)
	// Output:
	// [alembic]
	// sqlalchemy.url = postgresql://u:p%%40ss@host/db
	// version_locations =
	//     %%(here)s/a
	//     %%(here)s/b
	// cannot write INI: section "alembic", option "Script_Location": the option name is not lower-case: CPython reads it as "script_location" (ValueError)
}
