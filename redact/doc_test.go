package redact

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestDocExamples checks the examples of the package's doc comments, the
// lines of a function call with literal arguments and a comment that holds
// the quoted result, by calling the function.
func TestDocExamples(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	line := regexp.MustCompile(`(?m)^//\t(\w+\(.*\))\s+// (".*")$`)
	funcs := map[string]func(args []any) string{
		"Value":        func(a []any) string { return Value(a[0].(string), a[1].(string)) },
		"Inline":       func(a []any) string { return Inline(a[0].(string)) },
		"URLPasswords": func(a []any) string { return URLPasswords(a[0].(string)) },
		"Parameters":   func(a []any) string { return Parameters(a[0].(string)) },
		"Text":         func(a []any) string { s, _ := a[1].([]string); return Text(a[0].(string), s) },
	}
	n := 0
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range line.FindAllStringSubmatch(string(src), -1) {
			call, err := parser.ParseExpr(m[1])
			if err != nil {
				t.Errorf("%s: %s: %v", file, m[1], err)
				continue
			}
			c, ok := call.(*ast.CallExpr)
			if !ok {
				continue
			}
			name, _ := c.Fun.(*ast.Ident)
			fn := funcs[name.String()]
			if fn == nil {
				t.Errorf("%s: %s: no such function", file, m[1])
				continue
			}
			var args []any
			for _, a := range c.Args {
				args = append(args, literal(t, a))
			}
			want, err := strconv.Unquote(m[2])
			if err != nil {
				t.Errorf("%s: %s: %v", file, m[2], err)
				continue
			}
			if got := fn(args); got != want {
				t.Errorf("%s: %s = %q, the comment says %q", file, m[1], got, want)
			}
			n++
		}
	}
	if n < 10 {
		t.Errorf("only %d examples found", n)
	}
}

// literal returns the value of a string, nil or []string{...} literal.
func literal(t *testing.T, e ast.Expr) any {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind == token.STRING {
			s, err := strconv.Unquote(e.Value)
			if err == nil {
				return s
			}
		}
	case *ast.Ident:
		if e.Name == "nil" {
			return nil
		}
	case *ast.CompositeLit:
		var list []string
		for _, el := range e.Elts {
			s, _ := literal(t, el).(string)
			list = append(list, s)
		}
		return list
	}
	t.Errorf("not a literal: %#v", e)
	return nil
}
