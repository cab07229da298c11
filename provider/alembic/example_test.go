package alembic_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sync/atomic"

	"github.com/knadh/koanf/v2"

	"github.com/koanf-alembic/koanf-alembic/provider/alembic"
)

// Load alembic.ini and pyproject.toml into koanf and read options with
// dots in their names; the logging formatter options come raw, as
// logging.fileConfig reads them, and are not failures.
func Example() {
	k := koanf.New(".")
	p := alembic.Provider(alembic.Opt{
		File:     "testdata/alembic.ini",
		TOMLFile: "testdata/pyproject.toml",
		OnInterpolationError: func(section, option string, err error) {
			fmt.Printf("kept raw: [%s] %s\n", section, option)
		},
	})
	if err := k.Load(p, nil); err != nil { // nil parser: koanf calls p.Read
		log.Fatal(err)
	}
	fmt.Println(k.String("alembic.sqlalchemy.url"))
	fmt.Println(k.String("post_write_hooks.black.entrypoint"))
	fmt.Println(k.String("formatter_generic.format"))
	fmt.Println(k.String("formatter_generic.datefmt"))
	fmt.Println(k.Int64("tool.alembic.truncate_slug_length"))
	// %(here)s is the directory of pyproject.toml.
	loc := k.String("tool.alembic.script_location")
	fmt.Println(filepath.Base(filepath.Dir(loc)) + "/" + filepath.Base(loc))
	// Output:
	// driver://user:pass@localhost/dbname
	// black
	// %(levelname)-5.5s [%(name)s] %(message)s
	// %%H:%%M:%%S
	// 40
	// testdata/migrations
}

// Reload on change: the callback loads the provider into a fresh koanf
// instance and swaps it in, because a second Load into the same instance
// would keep keys that disappeared from the files.
func ExampleAlembic_Watch() {
	dir, err := os.MkdirTemp("", "alembic-watch")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	ini := filepath.Join(dir, "alembic.ini")
	if err := os.WriteFile(ini, []byte("[alembic]\nsqlalchemy.url = sqlite:///old.db\n"), 0o644); err != nil {
		log.Fatal(err)
	}

	p := alembic.Provider(alembic.Opt{File: ini})
	load := func() (*koanf.Koanf, error) {
		k := koanf.New(".")
		return k, k.Load(p, nil)
	}
	k, err := load()
	if err != nil {
		log.Fatal(err)
	}
	var current atomic.Pointer[koanf.Koanf]
	current.Store(k)
	fmt.Println(current.Load().String("alembic.sqlalchemy.url"))

	reloaded := make(chan struct{}, 1)
	err = p.Watch(func(event any, err error) {
		if err != nil {
			log.Print(err)
			return
		}
		k, err := load()
		if err != nil {
			log.Print(err) // keep the old configuration
			return
		}
		current.Store(k)
		select {
		case reloaded <- struct{}{}:
		default:
		}
	})
	if err != nil {
		log.Fatal(err)
	}
	defer p.Unwatch()

	// Replace the file in one step (write a temporary file, rename it): a
	// callback that runs while a file is being written in place may read
	// it half-written, and koanf's file provider drops a repeated event
	// that follows within 5 ms.
	tmp := filepath.Join(dir, ".alembic.ini.tmp")
	if err := os.WriteFile(tmp, []byte("[alembic]\nsqlalchemy.url = sqlite:///new.db\n"), 0o644); err != nil {
		log.Fatal(err)
	}
	if err := os.Rename(tmp, ini); err != nil {
		log.Fatal(err)
	}
	<-reloaded
	fmt.Println(current.Load().String("alembic.sqlalchemy.url"))
	// Output:
	// sqlite:///old.db
	// sqlite:///new.db
}
