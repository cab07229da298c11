package state

import (
	"errors"
	"testing"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/internal/configparser"
)

// What WriteINI writes reads back through the CPython-exact engine as the
// same value; what CPython cannot read back is refused, naming the option.
func TestWriteINI(t *testing.T) {
	for _, tc := range []struct {
		name, value string
		raw         bool
		ok          bool
	}{
		{"a", "plain", false, true},
		{"a", "", false, true},
		{"a", "100%", false, true},
		{"a", "%(here)s/x", true, true},
		{"a", "two\nlines", false, true},
		{"a", "\nstarts empty", false, true},
		{"a", "blank\n\ninside", false, true},
		{"a", "[not] = a header", false, true},
		{"a", "x ; not a comment # nor this", false, true},
		{"a", "  padded", false, false},
		{"a", "padded  ", false, false},
		{"a", "trailing\n", false, false},
		{"a", "a\n# comment", false, false},
		{"a", "a\n  ; comment", false, false},
		{"a", "a\n  indented", false, false},
		{"a", "cr\rinside", false, false},
		{"a", "bad\xffutf8", false, false},
		{"a:b", "x", false, false},
		{"a=b", "x", false, false},
		{"#a", "x", false, false},
		{" a", "x", false, false},
		{"A", "x", false, false},
		{"[a]", "x", false, false},
	} {
		out, err := WriteINI("t.ini", []WriteSection{{Name: "s", Options: []WriteOption{{Name: tc.name, Value: tc.value, Raw: tc.raw}}}})
		if !tc.ok {
			var e *alembicerr.Error
			if !errors.As(err, &e) || !errors.Is(err, ErrUnrepresentable) || e.Section != "s" || e.Option != tc.name {
				t.Errorf("%q = %q: %v, want a refusal naming [s] %s", tc.name, tc.value, err, tc.name)
			}
			if errors.Is(err, ErrReadBack) {
				t.Errorf("%q = %q: refused only by the read-back check: an explicit check is missing", tc.name, tc.value)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q = %q: %v", tc.name, tc.value, err)
			continue
		}
		doc, err := configparser.Parse("t.ini", out)
		if err != nil {
			t.Fatalf("%q = %q: the output does not parse: %v", tc.name, tc.value, err)
		}
		want := tc.value
		if !tc.raw {
			want = Literal(want)
		}
		if got := doc.Sections[0].Options[0].Value; got != want {
			t.Errorf("%q = %q reads back as %q", tc.name, tc.value, got)
		}
	}
}

// [DEFAULT] may come first and only first; sections keep their order.
func TestWriteINISections(t *testing.T) {
	out, err := WriteINI("t.ini", []WriteSection{
		{Name: "DEFAULT", Options: []WriteOption{{Name: "d", Value: "1"}}},
		{Name: "z"}, {Name: "a", Options: []WriteOption{{Name: "k", Value: "v"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := "[DEFAULT]\nd = 1\n\n[z]\n\n[a]\nk = v\n"; string(out) != want {
		t.Errorf("got %q, want %q", out, want)
	}
	_, err = WriteINI("t.ini", []WriteSection{{Name: "a"}, {Name: "DEFAULT"}})
	if !errors.Is(err, ErrUnrepresentable) {
		t.Errorf("DEFAULT after a section: %v", err)
	}
	_, err = WriteINI("t.ini", []WriteSection{{Name: ""}})
	if !errors.Is(err, ErrUnrepresentable) {
		t.Errorf("an empty section name: %v", err)
	}
}

func TestLoggingRaw(t *testing.T) {
	for _, tc := range []struct {
		section, option string
		want            bool
	}{
		{"formatter_generic", "format", true},
		{"formatter_generic", "datefmt", true},
		{"formatter_x", "style", true},
		{"formatter_x", "defaults", true},
		{"formatter_x", "class", false},
		{"formatters", "format", false},
		{"handler_console", "format", false},
		{"Formatter_x", "format", false},
	} {
		if got := LoggingRaw(tc.section, tc.option); got != tc.want {
			t.Errorf("LoggingRaw(%s, %s) = %v", tc.section, tc.option, got)
		}
	}
}
