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
	present, _ := sharedSuites(root)
	return append(dirs, present...)
}

// sharedSuites splits the shared suites next to the repository into
// those present and those absent.
func sharedSuites(root string) (present, absent []string) {
	for _, d := range []string{"conformance", "corpus"} {
		p := filepath.Clean(filepath.Join(root, "..", "shared", d))
		if _, err := os.Stat(p); err == nil {
			present = append(present, p)
		} else {
			absent = append(absent, p)
		}
	}
	return present, absent
}

// readList reads a list of testdata (known-failures.txt and the like);
// a missing file is an empty list.
func readList(t *testing.T, root, name string) map[string]string {
	t.Helper()
	text, err := os.ReadFile(filepath.Join(root, "internal", "conformance", "testdata", name))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return ParseKnownFailures(string(text))
}

func TestConformance(t *testing.T) {
	root := repoRoot(t)
	known := readList(t, root, "known-failures.txt")
	exact := os.Getenv("CONFORMANCE_EXACT") == "1"
	listName := "known-failures.txt"
	if exact {
		// Exact-message mode: the known message differences fail too.
		for k, v := range readList(t, root, "known-message-differences.txt") {
			known[k] = v
		}
		listName = "known-failures.txt or known-message-differences.txt"
	}
	var total Summary
	var answered Answered
	if _, named := os.LookupEnv("CONFORMANCE_SUITES"); !named {
		// Said in the summary, so that a run without them is not taken
		// for a run of everything.
		_, absent := sharedSuites(root)
		for _, p := range absent {
			fmt.Printf("suite %s: absent, not run\n", p)
		}
	}
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
		perEntry := map[EntryPoint]*Summary{}
		for _, ep := range EntryPoints() {
			perEntry[ep] = &Summary{}
		}
		var suiteSum Summary
		for _, o := range outcomes {
			total.add(o)
			suiteSum.add(o)
			perEntry[o.EntryPoint].add(o)
			answered.add(o.Answered)
			_, listed := known[o.Key()]
			switch o.Status {
			case Failed:
				for _, d := range o.Details {
					fmt.Printf("FAIL %s %s\n", o.Key(), d)
				}
				if !listed {
					t.Errorf("case %s failed", o.Key())
				}
			case Passed:
				if listed {
					t.Errorf("case %s passes but is listed in %s: delete its line", o.Key(), listName)
				}
			case Skipped:
				fmt.Printf("SKIP %s: %s\n", o.Key(), strings.Join(o.Details, "; "))
				t.Errorf("case %s skipped: %s", o.Key(), strings.Join(o.Details, "; "))
			}
		}
		for _, ep := range EntryPoints() {
			fmt.Printf("entrypoint %s %s: %s\n", ep, dir, perEntry[ep])
		}
		fmt.Printf("suite %s: %s\n", dir, suiteSum)
	}
	fmt.Printf("runner-answered: %s\n", answered)
	fmt.Printf("conformance: %s\n", total)
}
