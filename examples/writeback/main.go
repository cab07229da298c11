// Command writeback edits one option of an alembic.ini without touching
// anything else in it — comments, spacing, line endings — and shows the
// diff. By default it edits a copy of the bundled file in a temporary
// directory; -c edits the file you name (saved atomically).
//
//	go run ./examples/writeback
//	go run ./examples/writeback -c alembic.ini -url 'postgresql://u:p%40ss@db/app'
package main

import (
	"context"
	_ "embed"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
	"github.com/koanf-alembic/koanf-alembic/redact"
)

//go:embed alembic.ini
var bundledIni []byte

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "writeback:", err)
		os.Exit(2)
	}
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("writeback", flag.ContinueOnError)
	path := fs.String("c", "", "the alembic.ini to edit (default: a copy of the bundled one)")
	url := fs.String("url", "postgresql://app:n3w%pass@db.internal:5432/app", "the new sqlalchemy.url (literal: % is written as %%)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *path == "" {
		dir, err := os.MkdirTemp("", "writeback")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		*path = filepath.Join(dir, "alembic.ini")
		if err := os.WriteFile(*path, bundledIni, 0o644); err != nil {
			return err
		}
	}
	ctx := context.Background()
	cfg := alembiccfg.New(alembiccfg.Options{File: *path})
	edit, err := cfg.EditFile(ctx)
	if err != nil {
		return err
	}
	if err := edit.Set(cfg.ConfigIniSection(), "sqlalchemy.url", *url); err != nil {
		return err
	}
	for _, line := range diffLines(edit.Original(), edit.Text()) {
		fmt.Fprintln(out, redactLine(line))
	}
	if err := edit.Save(ctx, false); err != nil {
		return err
	}
	// Alembic (and this library) read back exactly the value set.
	got, _, err := alembiccfg.New(alembiccfg.Options{File: *path}).MainOption("sqlalchemy.url")
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "saved; sqlalchemy.url reads back as %s\n", redact.Inline(got))
	return nil
}

// diffLines lists the lines that differ, "-" old and "+" new.
func diffLines(old, new string) []string {
	ol, nl := strings.Split(old, "\n"), strings.Split(new, "\n")
	var out []string
	for i := 0; i < len(ol) || i < len(nl); i++ {
		switch {
		case i >= len(nl):
			out = append(out, "-"+ol[i])
		case i >= len(ol):
			out = append(out, "+"+nl[i])
		case ol[i] != nl[i]:
			out = append(out, "-"+ol[i], "+"+nl[i])
		}
	}
	return out
}

// redactLine hides the password of an "option = value" line.
func redactLine(line string) string {
	if i := strings.IndexAny(line, "=:"); i > 0 {
		return line[:i+1] + redact.Value(strings.TrimSpace(line[1:i]), line[i+1:])
	}
	return redact.Text(line, nil)
}
