package configparser

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
)

// render shows a parsed document as "[section] key=value|..." lines, the
// defaults as section DEFAULT, so that a table row states the whole
// reading. Values are shown with %q.
func render(doc *Document) string {
	var b strings.Builder
	show := func(name string, opts []Option) {
		fmt.Fprintf(&b, "[%s]", name)
		for _, o := range opts {
			fmt.Fprintf(&b, " %s=%q", o.Name, o.Value)
		}
		b.WriteString("\n")
	}
	if len(doc.Defaults) > 0 {
		show(DefaultSection, doc.Defaults)
	}
	for _, s := range doc.Sections {
		show(s.Name, s.Options)
	}
	return b.String()
}

// Expectations below were checked against CPython 3.11's
// configparser.ConfigParser (strict, default delimiters and comments).
func TestParseReadingRules(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"simple", "[a]\nk = v\n", "[a] k=\"v\"\n"},
		{"no final newline", "[a]\nk = v", "[a] k=\"v\"\n"},
		{"header to last bracket", "[a]b]\nk=v\n", "[a]b] k=\"v\"\n"},
		{"header trailing text", "[a] ; note\nk=v\n", "[a] k=\"v\"\n"},
		{"header spaces kept", "[ a ]\n", "[ a ]\n"},
		{"header indented", "  [a]\nk=v\n", "[a] k=\"v\"\n"},
		{"header single bracket", "[]]\n", "[]]\n"},
		{"case-sensitive sections", "[a]\n[A]\n", "[a]\n[A]\n"},
		{"first delimiter wins", "[a]\nk:x = y\nu = p://h:1\n", "[a] k=\"x = y\" u=\"p://h:1\"\n"},
		{"empty value", "[a]\nk =\nj:\n", "[a] k=\"\" j=\"\"\n"},
		{"keys lower-cased", "[a]\nMiXed.Key = V\n", "[a] mixed.key=\"V\"\n"},
		{"dotted capital I", "[a]\nİ = v\n", "[a] i\u0307=\"v\"\n"},
		{"final sigma", "[a]\nΟΔΟΣ = v\nΣ = w\n", "[a] οδος=\"v\" σ=\"w\"\n"},
		{"inline comments kept", "[a]\nk = v ; c # d\n", "[a] k=\"v ; c # d\"\n"},
		{"comment lines", "# c\n; c\n[a]\n  # indented\nk = v\n", "[a] k=\"v\"\n"},
		{"quotes ordinary", "[a]\nk = \"v\" 'w' `x`\n", "[a] k=\"\\\"v\\\" 'w' `x`\"\n"},
		{"continuation", "[a]\nk = 1\n  2\n\t3\n", "[a] k=\"1\\n2\\n3\"\n"},
		{"blank lines inside kept, trailing dropped", "[a]\nk = 1\n\n  2\n\n\nj = 3\n", "[a] k=\"1\\n\\n2\" j=\"3\"\n"},
		{"comment inside value skipped", "[a]\nk = 1\n# c\n  2\n", "[a] k=\"1\\n2\"\n"},
		{"indented option continues", "[a]\nk = 1\n  j = 2\n", "[a] k=\"1\\nj = 2\"\n"},
		{"deeper than key line", "[a]\n  k = 1\n  j = 2\n   x\n", "[a] k=\"1\" j=\"2\\nx\"\n"},
		{"no continuation after header", "[a]\n  k = 1\n", "[a] k=\"1\"\n"},
		{"nbsp indents", "[a]\nk = 1\n\u00a0more\n", "[a] k=\"1\\nmore\"\n"},
		{"vertical tab indents", "[a]\nk = 1\n\vmore\n", "[a] k=\"1\\nmore\"\n"},
		{"x1c is whitespace", "[a]\n\x1ck\x1c = \x1cv\x1c\n", "[a] k=\"v\"\n"},
		{"form feed stripped", "[a]\nk = v\f\n", "[a] k=\"v\"\n"},
		{"crlf", "[a]\r\nk = 1\r\n  2\r\n", "[a] k=\"1\\n2\"\n"},
		{"lone cr ends a line", "[a]\rk = 1\r  2\r", "[a] k=\"1\\n2\"\n"},
		{"default section", "[DEFAULT]\nd = 1\n[a]\nk = %(d)s\n", "[DEFAULT] d=\"1\"\n[a] k=\"%(d)s\"\n"},
		{"default twice", "[DEFAULT]\nd = 1\n[DEFAULT]\ne = 2\n", "[DEFAULT] d=\"1\" e=\"2\"\n"},
		{"indented bracket continues", "[a]\nk = 1\n  [b]\n", "[a] k=\"1\\n[b]\"\n"},
		{"bom is not stripped inside", "[a]\nk = \ufeffv\n", "[a] k=\"\\ufeffv\"\n"},
		{"tabs around delimiter", "[a]\nk\t=\tv\n", "[a] k=\"v\"\n"},
		{"percent kept raw", "[a]\nk = 100%\n", "[a] k=\"100%\"\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse("t.ini", []byte(tt.src))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got := render(doc); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, src string
		kind      alembicerr.Kind
		line      int
		message   string
	}{
		{"no header", "k = v\n", alembicerr.MissingSectionHeaderError, 1,
			"File contains no section headers.\nfile: 't.ini', line: 1\n'k = v\\n'"},
		{"bom before header", "\ufeff[a]\n", alembicerr.MissingSectionHeaderError, 1,
			"File contains no section headers.\nfile: 't.ini', line: 1\n'\\ufeff[a]\\n'"},
		{"duplicate section", "[a]\n[b]\n[a]\n", alembicerr.DuplicateSectionError, 3,
			"While reading from 't.ini' [line  3]: section 'a' already exists"},
		{"duplicate option any case", "[a]\nk = 1\nK = 2\n", alembicerr.DuplicateOptionError, 3,
			"While reading from 't.ini' [line  3]: option 'k' in section 'a' already exists"},
		{"duplicate default across headers", "[DEFAULT]\nk=1\n[DEFAULT]\nk=2\n", alembicerr.DuplicateOptionError, 4,
			"While reading from 't.ini' [line  4]: option 'k' in section 'DEFAULT' already exists"},
		{"parsing errors collected", "[a]\njunk\n= v\nmore\n", alembicerr.ParsingError, 2,
			"Source contains parsing errors: 't.ini'\n\t[line  2]: 'junk\\n'\n\t[line  3]: '= v\\n'\n\t[line  4]: 'more\\n'"},
		{"duplicate beats collected errors", "[a]\njunk\nk=1\nk=2\n", alembicerr.DuplicateOptionError, 4,
			"While reading from 't.ini' [line  4]: option 'k' in section 'a' already exists"},
		{"two empty keys", "[a]\n= 1\n= 2\n", alembicerr.DuplicateOptionError, 3,
			"While reading from 't.ini' [line  3]: option '' in section 'a' already exists"},
		{"empty brackets", "[a]\n[]\n", alembicerr.ParsingError, 2,
			"Source contains parsing errors: 't.ini'\n\t[line  2]: '[]\\n'"},
		{"invalid utf-8", "[a]\nk = caf\xe9", alembicerr.UnicodeDecodeError, 2,
			"'utf-8' codec can't decode byte 0xe9 in position 0: unexpected end of data"},
		{"truncated at eof after a duplicate", "[a]\n[a]\n\xce", alembicerr.DuplicateSectionError, 2,
			"While reading from 't.ini' [line  2]: section 'a' already exists"},
		{"two truncated bytes", "[a]\nk = \xe2\x82", alembicerr.UnicodeDecodeError, 2,
			"'utf-8' codec can't decode bytes in position 0-1: unexpected end of data"},
		{"invalid start byte", "[a]\nk = \x80\n", alembicerr.UnicodeDecodeError, 2,
			"'utf-8' codec can't decode byte 0x80 in position 8: invalid start byte"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("t.ini", []byte(tt.src))
			var pe *alembicerr.Error
			if !errors.As(err, &pe) {
				t.Fatalf("want *alembicerr.Error, got %v", err)
			}
			if pe.Kind != tt.kind || pe.Line != tt.line || pe.Message != tt.message {
				t.Errorf("got %s line %d %q, want %s line %d %q", pe.Kind, pe.Line, pe.Message, tt.kind, tt.line, tt.message)
			}
			if !strings.HasPrefix(pe.Error(), fmt.Sprintf("t.ini:%d: ", tt.line)) {
				t.Errorf("Error() = %q lacks file:line", pe.Error())
			}
		})
	}
}

func TestErrorsIsHierarchy(t *testing.T) {
	_, err := Parse("t.ini", []byte("k = v\n"))
	for _, target := range []error{alembicerr.ErrMissingSectionHeader, alembicerr.ErrParsing, alembicerr.ErrConfigParser} {
		if !errors.Is(err, target) {
			t.Errorf("errors.Is(%v, %v) = false", err, target)
		}
	}
	if errors.Is(err, alembicerr.ErrDuplicateOption) {
		t.Error("a MissingSectionHeaderError is not a DuplicateOptionError")
	}
}

func TestSpansCoverOptionLines(t *testing.T) {
	src := "[a]\nk = 1\n  2\n\nj = 3\n"
	doc, err := Parse("t.ini", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	k := doc.Sections[0].Options[0]
	if got := src[k.Start:k.End]; got != "k = 1\n  2" {
		t.Errorf("span of k = %q", got)
	}
	if k.Line != 2 || doc.Sections[0].Options[1].Line != 5 {
		t.Errorf("lines = %d, %d", k.Line, doc.Sections[0].Options[1].Line)
	}
}
