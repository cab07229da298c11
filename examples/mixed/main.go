// Command mixed puts a service's own TOML file (app.toml) and Alembic's
// alembic.ini into one koanf tree, in the two ways the module allows:
//
//   - (a) app.toml as a Layer of alembiccfg, then cfg.Koanf(). The layer's
//     values enter Alembic's ini view option by option, above alembic.ini
//     (below the environment unless Layer.AboveEnv): Alembic's getters
//     (MainOption, Section, ...) and %(name)s references see them, and
//     provenance names the layer. Every top-level table of app.toml becomes
//     an ini section, so [server] port reads back as the text "8080" (koanf's
//     getters convert it: k.Int works); a TOML array is an error.
//   - (b) plain koanf: k.Load(alembic.Provider(...), nil) and then
//     k.Load(file.Provider("app.toml"), toml.Parser()). koanf merges each
//     Load over the tree so far, so the later Load wins: load app.toml last
//     for it to override alembic.ini (loaded the other way round, alembic.ini
//     would win, as printed below). TOML types stay (port is an int64), but
//     the override is a koanf merge only: Alembic's view and the values that
//     interpolate %(sqlalchemy.url)s never see it.
//
// In both, write dotted option names quoted in app.toml ("sqlalchemy.url"):
// see the comment there.
//
//	go run ./examples/mixed
//	go run ./examples/mixed -c path/to/alembic.ini -app path/to/app.toml
package main

import (
	_ "embed"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/knadh/koanf/parsers/toml/v2"
	"github.com/knadh/koanf/providers/file"
	"github.com/knadh/koanf/v2"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
	"github.com/koanf-alembic/koanf-alembic/provider/alembic"
	"github.com/koanf-alembic/koanf-alembic/redact"
)

var (
	//go:embed alembic.ini
	bundledIni []byte
	//go:embed app.toml
	bundledApp []byte
)

// keys are the paths printed from each merged tree.
var keys = []string{
	"server.host", "server.port",
	"alembic.script_location", "alembic.sqlalchemy.url",
	"logger_alembic.level", "logger_root.level",
}

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "mixed:", err)
		os.Exit(2)
	}
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("mixed", flag.ContinueOnError)
	iniFlag := fs.String("c", "", "the alembic.ini to read (default: the bundled one)")
	appFlag := fs.String("app", "", "the app.toml to read (default: the one next to the ini)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	iniPath, appPath, err := configPaths(*iniFlag, *appFlag)
	if err != nil {
		return err
	}

	// (a) app.toml as a layer of alembiccfg.
	fmt.Fprintf(out, "(a) alembiccfg.Layer{Name: \"app.toml\", Provider: file.Provider(%q), Parser: toml.Parser()}, cfg.Koanf()\n", appPath)
	cfg := alembiccfg.New(alembiccfg.Options{
		File: iniPath,
		Layers: []alembiccfg.Layer{
			{Name: "app.toml", Provider: file.Provider(appPath), Parser: toml.Parser()},
		},
	})
	k, err := cfg.Koanf()
	if err != nil {
		return err
	}
	printKeys(out, k)
	// Alembic's own API sees the layer too, and says where values came from.
	url, _, err := cfg.MainOption("sqlalchemy.url")
	if err != nil {
		return err
	}
	fc, err := cfg.FileConfig()
	if err != nil {
		return err
	}
	opts, err := fc.RawOptions(cfg.ConfigIniSection())
	if err != nil {
		return err
	}
	for _, o := range opts {
		if o.Name == "sqlalchemy.url" {
			from := o.From.String()
			for _, prev := range o.Overrode {
				from += ", over " + prev.String()
			}
			fmt.Fprintf(out, "  MainOption(\"sqlalchemy.url\") = %s\n    from %s\n", redact.Value(o.Name, url), from)
		}
	}

	// (b) plain koanf: the later Load wins.
	fmt.Fprintf(out, "\n(b) k.Load(alembic.Provider(...), nil), then k.Load(file.Provider(%q), toml.Parser())\n", appPath)
	kb, err := load(iniPath, appPath, false)
	if err != nil {
		return err
	}
	printKeys(out, kb)

	rev, err := load(iniPath, appPath, true)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "  loaded the other way round, alembic.ini wins: alembic.sqlalchemy.url = %s\n",
		redact.Value("sqlalchemy.url", rev.String("alembic.sqlalchemy.url")))
	return nil
}

// load merges alembic.ini and app.toml into a fresh koanf instance, app.toml
// last (it wins) unless appFirst.
func load(iniPath, appPath string, appFirst bool) (*koanf.Koanf, error) {
	type source struct {
		p  koanf.Provider
		pa koanf.Parser
	}
	ini := source{alembic.Provider(alembic.Opt{File: iniPath}), nil}
	app := source{file.Provider(appPath), toml.Parser()}
	order := []source{ini, app}
	if appFirst {
		order = []source{app, ini}
	}
	k := koanf.New(".")
	for _, s := range order {
		if err := k.Load(s.p, s.pa); err != nil {
			return nil, err
		}
	}
	return k, nil
}

func printKeys(out io.Writer, k *koanf.Koanf) {
	for _, key := range keys {
		v := k.Get(key)
		fmt.Fprintf(out, "  %-24s %-7T %s\n", key, v, redact.Value(key, fmt.Sprint(v)))
	}
	fmt.Fprintf(out, "  %-24s %-7s %d\n", "k.Int(\"server.port\")", "int", k.Int("server.port"))
}

// configPaths returns the files to read: the ones named, else the bundled
// files (examples/mixed/ from the repository root, or ./), else copies of
// the embedded files in a temporary directory.
func configPaths(ini, app string) (string, string, error) {
	if ini != "" {
		if app == "" {
			app = filepath.Join(filepath.Dir(ini), "app.toml")
		}
		for _, p := range []string{ini, app} {
			if _, err := os.Stat(p); err != nil {
				return "", "", err
			}
		}
		return ini, app, nil
	}
	for _, dir := range []string{filepath.Join("examples", "mixed"), "."} {
		ini, app = filepath.Join(dir, "alembic.ini"), filepath.Join(dir, "app.toml")
		_, errIni := os.Stat(ini)
		_, errApp := os.Stat(app)
		if errIni == nil && errApp == nil {
			return ini, app, nil
		}
	}
	dir, err := os.MkdirTemp("", "mixed-")
	if err != nil {
		return "", "", err
	}
	ini, app = filepath.Join(dir, "alembic.ini"), filepath.Join(dir, "app.toml")
	if err := os.WriteFile(ini, bundledIni, 0o644); err != nil {
		return "", "", err
	}
	return ini, app, os.WriteFile(app, bundledApp, 0o644)
}
