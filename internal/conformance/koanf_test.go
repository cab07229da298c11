package conformance

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
	"github.com/koanf-alembic/koanf-alembic/provider/alembic"
)

// agreement compares the provider's tree with the facade's koanf view
// for one request: "" when both give the same tree (reflect.DeepEqual) or
// fail with the same kind, else the difference.
func agreement(r request) (diff string) {
	defer func() {
		if p := recover(); p != nil {
			diff = fmt.Sprintf("panic: %v", p)
		}
	}()
	ptree, perr := alembic.Provider(providerOpt(r)).Read()
	cfg := alembiccfg.New(alembiccfg.Options{File: r.ini, TOMLFile: r.toml, Dir: r.cwd, ConfigArgs: r.configArgs, IniSection: r.iniSection})
	var ftree map[string]any
	k, ferr := cfg.Koanf()
	if ferr == nil {
		ftree = k.Raw()
	}
	switch {
	case perr != nil && ferr != nil:
		if errorKind(perr) != errorKind(ferr) {
			return fmt.Sprintf("provider fails with %s, Koanf() with %s", describeErr(perr), describeErr(ferr))
		}
	case perr != nil:
		return "provider fails with " + describeErr(perr) + ", Koanf() gives a tree"
	case ferr != nil:
		return "Koanf() fails with " + describeErr(ferr) + ", the provider gives a tree"
	case !reflect.DeepEqual(ptree, ftree):
		return "trees differ: " + treeDiff("", ptree, ftree)
	}
	return ""
}

// treeDiff describes the first difference of two trees (provider, facade).
func treeDiff(path string, p, f any) string {
	pm, pok := p.(map[string]any)
	fm, fok := f.(map[string]any)
	if pok && fok {
		for _, k := range sortedKeys(pm) {
			fv, ok := fm[k]
			if !ok {
				return fmt.Sprintf("%s%s only in the provider's", path, k)
			}
			if !reflect.DeepEqual(pm[k], fv) {
				return treeDiff(path+k+".", pm[k], fv)
			}
		}
		for _, k := range sortedKeys(fm) {
			if _, ok := pm[k]; !ok {
				return fmt.Sprintf("%s%s only in Koanf()'s", path, k)
			}
		}
		return ""
	}
	return fmt.Sprintf("%s: provider %T %v, Koanf() %T %v", strings.TrimSuffix(path, "."), p, p, f, f)
}

// TestProviderAgreesWithKoanf checks that the provider and the facade's
// Koanf() view give one tree for every case of every suite.
// testdata/known-differences.txt lists the cases where they do not yet
// agree; that list must shrink to empty, and a listed case that agrees
// fails the test until its line is deleted.
func TestProviderAgreesWithKoanf(t *testing.T) {
	root := repoRoot(t)
	known := readList(t, root, "known-differences.txt")
	for _, dir := range suiteDirs(t, root) {
		suite, err := LoadSuite(dir)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		err = suite.walk(Options{}, true, func(name string, r request, _ []any, reqErr error) {
			if reqErr != nil {
				t.Errorf("case %s: %v", name, reqErr)
				return
			}
			diff := agreement(r)
			_, listed := known[name]
			switch {
			case diff != "" && !listed:
				t.Errorf("case %s: the provider and Koanf() differ: %s", name, diff)
			case diff != "":
				t.Logf("known difference %s: %s", name, diff)
			case listed:
				t.Errorf("case %s: the provider and Koanf() agree but the case is listed in known-differences.txt: delete its line", name)
			}
		})
		if err != nil {
			t.Errorf("suite %s: %v", dir, err)
		}
	}
}
