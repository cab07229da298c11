package state

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/internal/configparser"
)

// fanOut is a file whose [DEFAULT] value interpolates a large value: each
// of its sections resolves it afresh, so that the tree would hold
// sections × the value.
func fanOut(t *testing.T, sections, valueSize int) string {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "[DEFAULT]\nbig = %s\nd = z%%(big)s\n", strings.Repeat("x", valueSize))
	for i := 0; i < sections; i++ {
		fmt.Fprintf(&b, "[s%d]\nk = %d\n", i, i)
	}
	path := filepath.Join(t.TempDir(), "alembic.ini")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// Fan-out through [DEFAULT] is refused by the budget as a hard error,
// Strict or not, never a value left raw.
func TestBudgetRefusesFanOut(t *testing.T) {
	path := fanOut(t, 5000, 200_000) // 1 GB of values from 1 MB
	for _, strict := range []bool{false, true} {
		ini, err := ReadINI(context.Background(), Files{File: path})
		if err != nil {
			t.Fatal(err)
		}
		_, failures, err := Tree(ini.Parser, nil, TreeOptions{Strict: strict})
		var e *alembicerr.Error
		if !errors.As(err, &e) || e.Kind != alembicerr.LimitError || !errors.Is(err, configparser.ErrBudget) || e.Option != "d" {
			t.Fatalf("Strict %v: %v (%d failures), want the budget's LimitError naming d", strict, err, len(failures))
		}
		if !strings.Contains(e.Message, "Budget") || len(e.Message) > 400 {
			t.Errorf("the message names the limit and quotes no value: %q", e.Message)
		}
	}
}

// Below the budget nothing changes, and reading the same values again
// costs nothing more.
func TestBudgetCountsEachPairOnce(t *testing.T) {
	path := fanOut(t, 10, 1000)
	ini, err := ReadINI(context.Background(), Files{File: path})
	if err != nil {
		t.Fatal(err)
	}
	ini.Parser.Budget = 10 * 1002 // exactly the ten sections' d
	for round := 0; round < 3; round++ {
		for i := 0; i < 10; i++ {
			if _, _, err := ini.Parser.Get(fmt.Sprintf("s%d", i), "d"); err != nil {
				t.Fatalf("round %d, s%d: %v", round, i, err)
			}
		}
	}
	if _, _, err := ini.Parser.Get("DEFAULT", "d"); !errors.Is(err, configparser.ErrBudget) {
		t.Errorf("an eleventh pair: %v, want the budget's LimitError", err)
	}
}
