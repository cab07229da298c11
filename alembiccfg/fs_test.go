package alembiccfg_test

import (
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
	"github.com/koanf-alembic/koanf-alembic/provider/alembic"
)

var memFS = fstest.MapFS{
	"conf/alembic.ini":    {Data: []byte("[alembic]\nscript_location = %(here)s/migrations\n")},
	"conf/pyproject.toml": {Data: []byte("[tool.alembic]\nversion_locations = [\"%(here)s/v\"]\n")},
}

// Files read from an fs.FS: `here` is their directory within it.
func TestFS(t *testing.T) {
	cfg := alembiccfg.New(alembiccfg.Options{FS: memFS, File: "conf/alembic.ini", TOMLFile: "conf/pyproject.toml"})
	if v, _, err := cfg.MainOption("script_location"); err != nil || v != "conf/migrations" {
		t.Errorf("script_location = %q, %v", v, err)
	}
	if v, _, err := cfg.AlembicOption("version_locations"); err != nil || fmt.Sprint(v) != "[conf/v]" {
		t.Errorf("version_locations = %v, %v", v, err)
	}
	withDir := alembiccfg.New(alembiccfg.Options{FS: memFS, File: "conf/alembic.ini", Dir: "/srv"})
	if v, _, _ := withDir.MainOption("script_location"); v != "/srv/conf/migrations" {
		t.Errorf("with Dir: script_location = %q", v)
	}
	tree, err := alembic.Provider(alembic.Opt{FS: memFS, File: "conf/alembic.ini"}).Read()
	if err != nil || tree["alembic"].(map[string]any)["script_location"] != "conf/migrations" {
		t.Errorf("provider: %v, %v", tree, err)
	}
	missing := alembiccfg.New(alembiccfg.Options{FS: memFS, File: "nope.ini"})
	if _, _, err := missing.MainOption("x"); err == nil {
		t.Error("a file missing from the FS reads as empty: the getters say CommandError")
	}
}

// An ini embedded in the program (//go:embed alembic.ini into an
// embed.FS works the same way).
func ExampleOptions_fS() {
	cfg := alembiccfg.New(alembiccfg.Options{FS: memFS, File: "conf/alembic.ini"})
	v, _, _ := cfg.MainOption("script_location")
	fmt.Println(v)
	// Output: conf/migrations
}
