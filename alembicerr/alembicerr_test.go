package alembicerr_test

import (
	"errors"
	"fmt"
	"io/fs"
	"testing"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
	"github.com/koanf-alembic/koanf-alembic/alembicerr"
)

func TestErrorText(t *testing.T) {
	for _, tc := range []struct {
		err  *alembicerr.Error
		want string
	}{
		{&alembicerr.Error{Kind: alembicerr.ParsingError, Source: "x.ini", Line: 2, Detail: "bad line"}, "x.ini:2: bad line (ParsingError)"},
		{&alembicerr.Error{Kind: alembicerr.CommandError, Source: "x.ini", Message: "no section"}, "x.ini: no section (CommandError)"},
		{&alembicerr.Error{Kind: alembicerr.KeyError, Message: "'name'"}, "'name' (KeyError)"},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
}

// A kind matches itself and its Python base classes, never a sibling.
func TestKindsMatchTheirBaseClasses(t *testing.T) {
	for _, tc := range []struct {
		kind   alembicerr.Kind
		is     []alembicerr.Kind
		isNot  []alembicerr.Kind
		parent alembicerr.Kind
	}{
		{alembicerr.MissingSectionHeaderError, []alembicerr.Kind{alembicerr.ParsingError, alembicerr.ConfigParserError}, []alembicerr.Kind{alembicerr.DuplicateOptionError}, alembicerr.ParsingError},
		{alembicerr.InterpolationDepthError, []alembicerr.Kind{alembicerr.InterpolationError, alembicerr.ConfigParserError}, []alembicerr.Kind{alembicerr.InterpolationSyntaxError}, alembicerr.InterpolationError},
		{alembicerr.TOMLDecodeError, []alembicerr.Kind{alembicerr.ValueError}, []alembicerr.Kind{alembicerr.ConfigParserError}, alembicerr.ValueError},
		{alembicerr.IsADirectoryError, []alembicerr.Kind{alembicerr.OSError}, []alembicerr.Kind{alembicerr.ValueError}, alembicerr.OSError},
		{alembicerr.CollisionError, nil, []alembicerr.Kind{alembicerr.ValueError}, ""},
	} {
		err := fmt.Errorf("wrapped: %w", &alembicerr.Error{Kind: tc.kind, Err: fs.ErrNotExist})
		if !errors.Is(err, tc.kind) {
			t.Errorf("%s does not match itself", tc.kind)
		}
		for _, k := range tc.is {
			if !errors.Is(err, k) {
				t.Errorf("%s does not match its base %s", tc.kind, k)
			}
		}
		for _, k := range tc.isNot {
			if errors.Is(err, k) {
				t.Errorf("%s matches %s", tc.kind, k)
			}
		}
		if tc.kind.Parent() != tc.parent {
			t.Errorf("%s.Parent() = %q, want %q", tc.kind, tc.kind.Parent(), tc.parent)
		}
		if !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s: the cause is not unwrapped", tc.kind)
		}
	}
}

// Every error a Config returns is in the family.
func Example() {
	cfg := alembiccfg.New(alembiccfg.Options{})
	_, _, err := cfg.SectionOption("nope", "x")
	var e *alembicerr.Error
	if errors.As(err, &e) {
		fmt.Println(e.Kind, e.Section)
	}
	fmt.Println(errors.Is(err, alembicerr.CommandError))
	// Output:
	// CommandError nope
	// true
}
