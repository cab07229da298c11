package conformance

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// repoRoot returns the directory holding go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
}

// suiteDirs lists the suites to run: the project's own, then those named
// in CONFORMANCE_SUITES (colon-separated), or by default the shared suites
// next to the repository when they exist.
func suiteDirs(t *testing.T, root string) []string {
	dirs := []string{filepath.Join(root, "internal", "conformance", "testdata", "conformance")}
	if env, ok := os.LookupEnv("CONFORMANCE_SUITES"); ok {
		for _, d := range strings.Split(env, ":") {
			if d == "" {
				continue
			}
			if !filepath.IsAbs(d) {
				d = filepath.Join(root, d)
			}
			if _, err := os.Stat(d); err != nil {
				t.Errorf("suite %s named in CONFORMANCE_SUITES: %v", d, err)
				continue
			}
			dirs = append(dirs, d)
		}
		return dirs
	}
	for _, d := range []string{"conformance", "corpus"} {
		p := filepath.Join(root, "..", "shared", d)
		if _, err := os.Stat(p); err == nil {
			dirs = append(dirs, filepath.Clean(p))
		}
	}
	return dirs
}

func TestConformance(t *testing.T) {
	root := repoRoot(t)
	knownText, err := os.ReadFile(filepath.Join(root, "internal", "conformance", "testdata", "known-failures.txt"))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	known := ParseKnownFailures(string(knownText))
	exact := os.Getenv("CONFORMANCE_EXACT") == "1"
	var total Summary
	var answered Answered
	seen := make(map[string]bool)
	for _, dir := range suiteDirs(t, root) {
		if _, err := os.Stat(dir); err != nil {
			continue // the project's own suite may not exist yet
		}
		suite, err := LoadSuite(dir)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		outcomes, err := suite.Run(Options{ExactMessages: exact})
		if err != nil {
			t.Errorf("suite %s: %v", dir, err)
			continue
		}
		for _, o := range outcomes {
			seen[o.Case] = true
			total.add(o)
			answered.add(o.Answered)
			_, listed := known[o.Case]
			switch o.Status {
			case Failed:
				for _, d := range o.Details {
					fmt.Printf("FAIL %s %s\n", o.Case, d)
				}
				if !listed {
					t.Errorf("case %s failed", o.Case)
				}
			case Passed:
				if listed {
					t.Errorf("case %s passes but is listed in known-failures.txt: delete its line", o.Case)
				}
			case Skipped:
				fmt.Printf("SKIP %s: %s\n", o.Case, strings.Join(o.Details, "; "))
				t.Errorf("case %s skipped: %s", o.Case, strings.Join(o.Details, "; "))
			}
		}
		fmt.Printf("suite %s: %s\n", dir, Summarize(outcomes))
	}
	fmt.Printf("runner-answered: %s\n", answered)
	fmt.Printf("conformance: %s\n", total)
}
