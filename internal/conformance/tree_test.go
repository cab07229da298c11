package conformance

import (
	"errors"
	"strings"
	"testing"

	"github.com/koanf-alembic/koanf-alembic/internal/pypath"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/pyvalue"
)

// A dump of one section [a] with an option x = %(y)s that fails, k = v,
// and the default here; and a [formatter_f] whose format fails.
const failingDump = `{"ok": {"sections": [
 {"name": "a", "get_section": {"error": "InterpolationMissingOptionError"}, "options": [
  {"key": "x", "source": "section", "raw": "%(y)s", "value": {"error": "InterpolationMissingOptionError", "message": "m"}},
  {"key": "k", "source": "section", "raw": "v", "value": {"ok": "v"}},
  {"key": "here", "source": "default", "raw": "/d", "value": {"ok": "/d"}}]},
 {"name": "formatter_f", "get_section": {"error": "InterpolationSyntaxError"}, "options": [
  {"key": "format", "source": "section", "raw": "%(m)-5s", "value": {"error": "InterpolationSyntaxError"}},
  {"key": "datefmt", "source": "section", "raw": "%%H", "value": {"ok": "%H"}},
  {"key": "class", "source": "section", "raw": "%%c", "value": {"ok": "%c"}},
  {"key": "here", "source": "default", "raw": "/d", "value": {"ok": "/d"}}]}],
 "defaults": []}}`

// A dump with one clean section and a TOML part.
const tomlDump = `{"ok": {"sections": [
 {"name": "a", "get_section": {"ok": {"k": "v"}}, "options": [{"key": "k", "source": "section", "raw": "v", "value": {"ok": "v"}}]}],
 "defaults": [],
 "toml": {"raw": {"ok": {"n": 5, "s": "%(here)s", "f": 0.5, "l": ["x"]}},
  "values": {"n": {"ok": 5}, "s": {"ok": "/d"}, "f": {"error": "CommandError"}, "l": {"ok": ["x"]}}}}}`

func interpErr(kind alembicerr.Kind) error { return alembicerr.New(kind, "m") }

func TestTreeCheck(t *testing.T) {
	goodFailing := map[string]any{
		"a":           map[string]any{"x": "%(y)s", "k": "v", "here": "/d"},
		"formatter_f": map[string]any{"format": "%(m)-5s", "datefmt": "%%H", "class": "%c", "here": "/d"},
	}
	reportX := []failure{{"a", "x", "InterpolationMissingOptionError", "m"}}
	strictX := treeResult{err: interpErr(alembicerr.InterpolationMissingOptionError)}
	goodTOML := map[string]any{"a": map[string]any{"k": "v"},
		"tool": map[string]any{"alembic": map[string]any{"n": int64(5), "s": "/d", "f": 0.5, "l": []any{"x"}}}}
	with := func(tree map[string]any, section, option string, v any) map[string]any {
		out := map[string]any{}
		for k, s := range tree {
			m := map[string]any{}
			for o, x := range s.(map[string]any) {
				m[o] = x
			}
			out[k] = m
		}
		if v == nil {
			delete(out[section].(map[string]any), option)
		} else {
			out[section].(map[string]any)[option] = v
		}
		return out
	}
	tests := []struct {
		name     string
		dump     string
		toml     bool
		lenient  treeResult
		strict   treeResult
		problems []string // substrings of the expected details; none = pass
	}{
		{name: "the rule kept", dump: failingDump,
			lenient: treeResult{tree: goodFailing, reports: reportX}, strict: strictX},
		{name: "formatter option interpolated", dump: failingDump,
			lenient: treeResult{tree: with(goodFailing, "formatter_f", "datefmt", "%H"), reports: reportX}, strict: strictX,
			problems: []string{`[formatter_f] datefmt: expected "%%H"`}},
		{name: "formatter option reported", dump: failingDump,
			lenient: treeResult{tree: goodFailing, reports: append(reportX, failure{"formatter_f", "format", "InterpolationSyntaxError", ""})}, strict: strictX,
			problems: []string{"[formatter_f] format: InterpolationSyntaxError reported, not a failure"}},
		{name: "failure not reported", dump: failingDump,
			lenient: treeResult{tree: goodFailing}, strict: strictX,
			problems: []string{"[a] x: InterpolationMissingOptionError not reported"}},
		{name: "failure reported with another kind", dump: failingDump,
			lenient: treeResult{tree: goodFailing, reports: []failure{{"a", "x", "InterpolationSyntaxError", ""}}}, strict: strictX,
			problems: []string{"reported as InterpolationSyntaxError"}},
		{name: "strict gives a tree", dump: failingDump,
			lenient: treeResult{tree: goodFailing, reports: reportX}, strict: treeResult{tree: goodFailing},
			problems: []string{"strict: expected an error"}},
		{name: "other option wrong", dump: failingDump,
			lenient: treeResult{tree: with(goodFailing, "formatter_f", "class", "%%c"), reports: reportX}, strict: strictX,
			problems: []string{`[formatter_f] class: expected "%c"`}},
		{name: "option missing", dump: failingDump,
			lenient: treeResult{tree: with(goodFailing, "a", "k", nil), reports: reportX}, strict: strictX,
			problems: []string{"[a] k: missing"}},
		{name: "extra option", dump: failingDump,
			lenient: treeResult{tree: with(goodFailing, "a", "extra", "1"), reports: reportX}, strict: strictX,
			problems: []string{"[a] extra: not expected"}},
		{name: "extra section", dump: failingDump,
			lenient: treeResult{tree: map[string]any{"a": goodFailing["a"], "formatter_f": goodFailing["formatter_f"], "b": map[string]any{}}, reports: reportX}, strict: strictX,
			problems: []string{"[b]: not a section of the dump"}},
		{name: "whole-read error expected", dump: `{"error": "ParsingError", "message": "x"}`,
			lenient: treeResult{err: interpErr(alembicerr.ParsingError)}, strict: treeResult{err: interpErr(alembicerr.ParsingError)}},
		{name: "whole-read error of another kind", dump: `{"error": "ParsingError"}`,
			lenient: treeResult{err: interpErr(alembicerr.DuplicateOptionError)}, strict: treeResult{err: errors.New("x")},
			problems: []string{"lenient: expected ParsingError, got DuplicateOptionError", "strict: expected ParsingError, got GoError"}},
		{name: "toml kept", dump: tomlDump, toml: true,
			lenient: treeResult{tree: goodTOML}, strict: treeResult{tree: goodTOML}},
		{name: "toml integer as a float", dump: tomlDump, toml: true,
			lenient:  treeResult{tree: with(goodTOML, "tool", "alembic", map[string]any{"n": 5.0, "s": "/d", "f": 0.5, "l": []any{"x"}})},
			strict:   treeResult{tree: goodTOML},
			problems: []string{"tool.alembic n: expected 5, got 5.0", "strict: the tree differs"}},
		{name: "toml key missing", dump: tomlDump, toml: true,
			lenient:  treeResult{tree: with(goodTOML, "tool", "alembic", map[string]any{"n": int64(5), "s": "/d", "l": []any{"x"}})},
			strict:   treeResult{tree: with(goodTOML, "tool", "alembic", map[string]any{"n": int64(5), "s": "/d", "l": []any{"x"}})},
			problems: []string{"tool.alembic f: missing"}},
		{name: "toml value reported", dump: tomlDump, toml: true,
			lenient:  treeResult{tree: goodTOML, reports: []failure{{"tool.alembic", "s", "KeyError", ""}}},
			strict:   treeResult{err: interpErr(alembicerr.KeyError)},
			problems: []string{"[tool.alembic] s: KeyError reported, not a failure in Alembic"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := decodeJSON([]byte(tt.dump))
			if err != nil {
				t.Fatal(err)
			}
			c := treeCheck{e: treeEntry{name: Provider, toml: tt.toml, sourceName: asGiven}, r: request{hasTOML: tt.toml}}
			c.check(v.(*pyvalue.Dict), tt.lenient, tt.strict)
			got := strings.Join(c.details, "\n")
			if len(tt.problems) == 0 && got != "" {
				t.Errorf("unexpected problems:\n%s", got)
			}
			for _, p := range tt.problems {
				if !strings.Contains(got, p) {
					t.Errorf("missing problem %q in:\n%s", p, got)
				}
			}
			if len(c.details) < len(tt.problems) {
				t.Errorf("%d problems, want at least %d", len(c.details), len(tt.problems))
			}
		})
	}
}

func TestPathRules(t *testing.T) {
	for _, tt := range []struct{ file, cwd, here, posix string }{
		{"alembic.ini", "/w", "/w", "alembic.ini"},
		{"./a/../b/alembic.ini", "/w", "/w/a/../b", "a/../b/alembic.ini"},
		{"/abs//x/alembic.ini", "/w", "/abs/x", "/abs/x/alembic.ini"},
		{"//net/alembic.ini", "/w", "//net", "//net/alembic.ini"},
		{"///three/alembic.ini", "/w", "/three", "/three/alembic.ini"},
	} {
		if got := pypath.Here(tt.file, tt.cwd); got != tt.here {
			t.Errorf("here(%q, %q) = %q, want %q", tt.file, tt.cwd, got, tt.here)
		}
		if got := pypath.Posix(tt.file); got != tt.posix {
			t.Errorf("posixPath(%q) = %q, want %q", tt.file, got, tt.posix)
		}
	}
	if got, want := plainSourceName(`file: PosixPath('/a/it\'s.ini'), line: 1`), `file: '/a/it\'s.ini', line: 1`; got != want {
		t.Errorf("plainSourceName = %q, want %q", got, want)
	}
}

func TestPanicIsAFailedCase(t *testing.T) {
	e := treeEntry{name: Provider, sourceName: asGiven,
		cannot: func(request) string { return "" },
		read: func(request, bool, func(string, string, error)) (map[string]any, error) {
			panic("library defect")
		}}
	r := request{ops: []op{{name: "dump"}}}
	expect, _ := decodeJSON([]byte(`[{"ok": {"sections": [], "defaults": []}}]`))
	out, applies := runTreeCase(e, "c", r, expect.([]any), Options{})
	if !applies || out.Status != Failed || len(out.Details) == 0 || !strings.Contains(out.Details[len(out.Details)-1], "panic: library defect") {
		t.Errorf("got applies=%v %+v", applies, out)
	}
	if !strings.Contains(out.Details[len(out.Details)-1], "goroutine") {
		t.Errorf("no stack in %q", out.Details[len(out.Details)-1])
	}
}
