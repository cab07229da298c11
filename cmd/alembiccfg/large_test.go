package main

import (
	"fmt"
	"strings"
	"testing"
)

// sixty is an [alembic] section of 60 options, past the engine's index
// threshold of 48.
func sixty(extra string) string {
	var b strings.Builder
	b.WriteString("[alembic]\nscript_location = migrations\n")
	for i := 0; i < 60; i++ {
		fmt.Fprintf(&b, "opt%d = value %d\n", i, i)
	}
	b.WriteString(extra)
	return b.String()
}

// The CLI reads sections past the index threshold whole; a duplicate there
// is CPython's DuplicateOptionError at its line.
func TestLargeSection(t *testing.T) {
	dir := project(t, map[string]string{"alembic.ini": sixty("")})
	expect(t, runAt(t, dir, nil, "get", "opt59"), 0, []string{"value 59\n"}, nil)
	expect(t, runAt(t, dir, nil, "get", "opt0"), 0, []string{"value 0\n"}, nil)
	r := runAt(t, dir, nil, "section", "alembic")
	expect(t, r, 0, []string{"opt0 = value 0\n", "opt48 = value 48\n", "opt59 = value 59\n"}, nil)
	if n := strings.Count(r.stdout, "\nopt"); n != 60 {
		t.Errorf("section alembic lists %d options, want 60:\n%s", n, r.stdout)
	}
	expect(t, runAt(t, dir, nil, "check"), 0, []string{"no problems found"}, nil)
	for _, cmd := range [][]string{{"explain"}, {"dump"}, {"dump", "--format", "ini"}} {
		if r := runAt(t, dir, nil, cmd...); r.code != 0 || !strings.Contains(r.stdout, "opt59") {
			t.Errorf("%v: %s", cmd, r)
		}
	}

	dir = project(t, map[string]string{"alembic.ini": sixty("OPT55 = again\n")})
	expect(t, runAt(t, dir, nil, "get", "opt0"), 2, nil,
		[]string{"alembic.ini:63: ", "option 'opt55' in section 'alembic' already exists (DuplicateOptionError)"})
}
