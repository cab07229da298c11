package configparser

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
)

func parserOf(t testing.TB, src string, defaults ...KeyValue) *Parser {
	t.Helper()
	doc, err := Parse("t.ini", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	p := NewParser()
	if err := p.ReadDefaults(defaults); err != nil {
		t.Fatal(err)
	}
	p.Read(doc, nil)
	return p
}

// Expectations checked against CPython 3.11's BasicInterpolation.
func TestInterpolation(t *testing.T) {
	src := `[DEFAULT]
d = dflt
[a]
pct = 100%%
ref = <%(pct)s>
upper = %(PCT)s
spaced = %( pct )s
nokey = %(pct)
stray = 50% off
missing = %(nope)s
viadefault = %(d)s/%(here)s
dflt_self = %(d)s
chain1 = %(chain2)s
chain2 = %(chain3)s!
chain3 = end %%
self = %(self)s
newline_key = %(a
  b)s
`
	p := parserOf(t, src, KeyValue{Key: "here", Value: "/w"})
	tests := []struct {
		option, want string
		kind         alembicerr.Kind
		message      string
	}{
		{option: "pct", want: "100%"},
		{option: "ref", want: "<100%>"},
		{option: "upper", want: "100%"},
		{option: "viadefault", want: "dflt//w"},
		{option: "chain1", want: "end %!"},
		{option: "spaced", kind: alembicerr.InterpolationMissingOptionError,
			message: "Bad value substitution: option 'spaced' in section 'a' contains an interpolation key ' pct ' which is not a valid option name. Raw value: '%( pct )s'"},
		{option: "nokey", kind: alembicerr.InterpolationSyntaxError, message: "bad interpolation variable reference '%(pct)'"},
		{option: "stray", kind: alembicerr.InterpolationSyntaxError, message: "'%' must be followed by '%' or '(', found: '% off'"},
		{option: "missing", kind: alembicerr.InterpolationMissingOptionError,
			message: "Bad value substitution: option 'missing' in section 'a' contains an interpolation key 'nope' which is not a valid option name. Raw value: '%(nope)s'"},
		{option: "self", kind: alembicerr.InterpolationDepthError,
			message: "Recursion limit exceeded in value substitution: option 'self' in section 'a' contains an interpolation key which cannot be substituted in 10 steps. Raw value: '%(self)s'"},
		{option: "newline_key", kind: alembicerr.InterpolationMissingOptionError,
			message: "Bad value substitution: option 'newline_key' in section 'a' contains an interpolation key 'a\\nb' which is not a valid option name. Raw value: '%(a\\nb)s'"},
	}
	for _, tt := range tests {
		t.Run(tt.option, func(t *testing.T) {
			got, ok, err := p.Get("a", tt.option)
			if tt.kind == "" {
				if err != nil || !ok || got != tt.want {
					t.Errorf("Get = %q, %v, %v; want %q", got, ok, err, tt.want)
				}
				return
			}
			// Python's message, unredacted (newline_key is a secret name).
			var pe *alembicerr.Error
			if !errors.As(err, &pe) || pe.Kind != tt.kind || pe.Unredacted().Message != tt.message {
				t.Errorf("Get error = %v (%#v); want %s %q", err, pe, tt.kind, tt.message)
			}
		})
	}
}

func TestInterpolationDepthBoundary(t *testing.T) {
	chain := func(n int) string {
		var b strings.Builder
		b.WriteString("[a]\n")
		for i := 1; i < n; i++ {
			fmt.Fprintf(&b, "k%d = %%(k%d)s\n", i, i+1)
		}
		fmt.Fprintf(&b, "k%d = 100%%%%\n", n)
		return b.String()
	}
	if v, _, err := parserOf(t, chain(10)).Get("a", "k1"); err != nil || v != "100%" {
		t.Errorf("a chain of 10 values: %q, %v", v, err)
	}
	if _, _, err := parserOf(t, chain(11)).Get("a", "k1"); !errors.Is(err, alembicerr.ErrInterpolationDepth) {
		t.Errorf("a chain of 11 values: %v, want InterpolationDepthError", err)
	}
}

// A ten-level chain where every level references the next one 16 times
// would expand to 16^9 copies; the cap refuses it quickly and in bounded
// memory.
func TestInterpolationCapRefusesExplosion(t *testing.T) {
	var b strings.Builder
	b.WriteString("[a]\n")
	for i := 1; i < 10; i++ {
		fmt.Fprintf(&b, "k%d = %s\n", i, strings.Repeat(fmt.Sprintf("%%(k%d)s", i+1), 16))
	}
	b.WriteString("k10 = x\n")
	p := parserOf(t, b.String())
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	_, _, err := p.Get("a", "k1")
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, alembicerr.ErrLimit) {
		t.Fatalf("got %v, want a LimitError", err)
	}
	if !strings.Contains(err.Error(), "'k1'") {
		t.Errorf("error does not name the option: %v", err)
	}
	t.Logf("refused in %v, %d KiB allocated", elapsed, (after.TotalAlloc-before.TotalAlloc)/1024)
	// Bounded memory: the output never grows past the cap (1 MiB) much.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
		t.Errorf("allocated %d bytes, want < 8 MiB", alloc)
	}
	// The cap is configurable: 20 references to 10 bytes pass the
	// default and fail a cap of 100.
	small := parserOf(t, "[a]\nb = 0123456789\nk = "+strings.Repeat("%(b)s", 20)+"\n")
	if _, _, err := small.Get("a", "k"); err != nil {
		t.Errorf("default cap: %v", err)
	}
	small.MaxValueSize = 100
	if _, _, err := small.Get("a", "k"); !errors.Is(err, alembicerr.ErrLimit) {
		t.Errorf("cap of 100: %v, want a LimitError", err)
	}
}

func TestValidateValue(t *testing.T) {
	tests := []struct {
		value, message string
	}{
		{"plain", ""},
		{"a %% percent", ""},
		{"x %(foob)s y", ""},
		{"100%", "invalid interpolation syntax in '100%' at position 3"},
		{"%(foob)s 50%", "invalid interpolation syntax in '%(foob)s 50%' at position 3"},
		{"%(x)d", "invalid interpolation syntax in '%(x)d' at position 0"},
		{"%", "invalid interpolation syntax in '%' at position 0"},
		{"é%%%", "invalid interpolation syntax in 'é%%%' at position 1"},
		{"%%(x)s", ""},
	}
	for _, tt := range tests {
		err := ValidateValue("opt", tt.value)
		switch {
		case tt.message == "" && err != nil:
			t.Errorf("ValidateValue(%q) = %v", tt.value, err)
		case tt.message != "":
			var pe *alembicerr.Error
			if !errors.As(err, &pe) || pe.Kind != alembicerr.ValueError || pe.Message != tt.message {
				t.Errorf("ValidateValue(%q) = %v, want ValueError %q", tt.value, err, tt.message)
			}
		}
	}
}

func TestParserSetAndRemove(t *testing.T) {
	p := parserOf(t, "[a]\nk = 1\nj = 2\n", KeyValue{Key: "Here", Value: "/w"})
	if err := p.Set("a", "K", "3"); err != nil {
		t.Fatal(err)
	}
	if names, _ := p.Options("a"); strings.Join(names, ",") != "k,j,here" {
		t.Errorf("options after set = %v", names)
	}
	if err := p.Set("nope", "k", "v"); !errors.Is(err, alembicerr.ErrNoSection) {
		t.Errorf("set on a missing section: %v", err)
	}
	if err := p.Set("", "shared", "s"); err != nil || !p.HasOption("a", "shared") {
		t.Errorf("set on section \"\" goes to the defaults: %v", err)
	}
	if ok, err := p.RemoveOption("a", "here"); ok || err != nil {
		t.Errorf("removing a default through a section: %v %v", ok, err)
	}
	if ok, _ := p.RemoveOption("a", "J"); !ok || p.HasOption("a", "j") {
		t.Error("remove j failed")
	}
	if err := p.AddSection(DefaultSection); !errors.Is(err, alembicerr.ErrValue) {
		t.Errorf("AddSection(DEFAULT) = %v", err)
	}
	items, err := p.Items("a")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range items {
		got = append(got, it.Name+"="+it.Value)
	}
	if strings.Join(got, ",") != "here=/w,shared=s,k=3" {
		t.Errorf("items = %v", got)
	}
}

func TestReadDefaults(t *testing.T) {
	p := NewParser()
	err := p.ReadDefaults([]KeyValue{{Key: "A", Value: "1"}, {Key: "a", Value: "2"}})
	if !errors.Is(err, alembicerr.ErrDuplicateOption) {
		t.Errorf("duplicate default: %v", err)
	}
	err = NewParser().ReadDefaults([]KeyValue{{Key: "x", None: true}})
	if !errors.Is(err, alembicerr.ErrType) {
		t.Errorf("None default: %v", err)
	}
}

func FuzzInterpolate(f *testing.F) {
	for _, s := range []string{"%(a)s", "%%", "100%", "%(b)s%(b)s", "%(", "%(a)", "x %(A)s y %% z", "%(c)s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, value string) {
		p := parserOf(t, "[s]\na = plain\nb = %(a)s-%%\nc = %(c)s\n")
		p.MaxValueSize = 1 << 16
		if err := p.Set("s", "v", value); err != nil {
			var pe *alembicerr.Error
			if !errors.As(err, &pe) || pe.Kind != alembicerr.ValueError {
				t.Fatalf("Set: %v", err)
			}
			return
		}
		got, ok, err := p.Get("s", "v")
		if err != nil {
			var pe *alembicerr.Error
			if !errors.As(err, &pe) || !pe.Kind.IsA(alembicerr.InterpolationError) && pe.Kind != alembicerr.LimitError {
				t.Fatalf("Get: unexpected error %v", err)
			}
			return
		}
		if !ok {
			t.Fatal("value vanished")
		}
		if !strings.Contains(value, "%") && got != value {
			t.Fatalf("a value without %% changed: %q -> %q", value, got)
		}
		if len(got) > p.MaxValueSize {
			t.Fatalf("output of %d bytes beyond the cap", len(got))
		}
	})
}
