package pyformat

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/koanf-alembic/koanf-alembic/pyvalue"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
)

// fuzzValues are the argument values FuzzFormat picks from.
func fuzzValues() []any {
	return []any{
		nil, true, false, 0, -7, 255, int64(math.MaxInt64), uint64(math.MaxUint64),
		0.0, math.Copysign(0, -1), 1.5, -2.675, 1e16, 1e-5, math.Inf(1), math.NaN(),
		"", "x", "héllo", "it's", "\xff", "a\U0001F600",
		[]any{}, []any{1, "a"}, pyvalue.Tuple{}, pyvalue.Tuple{3},
		pyvalue.NewDict(), pyvalue.NewDict().Set("a", 1).Set("b", "two"),
		pyvalue.Date{Year: 2024, Month: 1, Day: 1},
		pyvalue.Time{Hour: 7, Minute: 32, Nanosecond: 5000},
		pyvalue.DateTime{Date: pyvalue.Date{Year: 1979, Month: 5, Day: 27}, Offset: new(int)},
	}
}

// fuzzArgs builds the args of one Format call from sel: its first byte
// chooses a tuple, a mapping or a single value, the others the values.
func fuzzArgs(sel []byte) any {
	vals := fuzzValues()
	pick := func(b byte) any { return vals[int(b)%len(vals)] }
	if len(sel) == 0 {
		return pyvalue.Tuple{}
	}
	rest := sel[1:]
	if len(rest) > 8 {
		rest = rest[:8]
	}
	switch sel[0] % 3 {
	case 0:
		t := pyvalue.Tuple{}
		for _, b := range rest {
			t = append(t, pick(b))
		}
		return t
	case 1:
		d := pyvalue.NewDict()
		for i, b := range rest {
			d.Set(string(rune('a'+i)), pick(b))
		}
		return d
	}
	if len(rest) == 0 {
		return nil
	}
	return pick(rest[0])
}

func FuzzFormat(f *testing.F) {
	seeds := []struct {
		format string
		sel    []byte
	}{
		{"%s", []byte{0, 17}},
		{"%(a)s %(b)r", []byte{1, 12, 26}},
		{"%-+#010.3x|%*.*f", []byte{0, 5, 3, 4, 12}},
		{"%(a", []byte{1}},
		{"%.2147483647s|%5c", []byte{0, 18, 5}},
		{"héllo %%%s %", []byte{2, 19}},
		{"%99999999999999999999d", []byte{0, 3}},
		{"%#.0e %G %g %a", []byte{0, 10, 15, 13, 20}},
	}
	for _, s := range seeds {
		f.Add(s.format, s.sel)
	}
	f.Fuzz(func(t *testing.T, format string, sel []byte) {
		if len(format) > 256 {
			return
		}
		got, err := Format(format, fuzzArgs(sel))
		again, err2 := Format(format, fuzzArgs(sel))
		if got != again || (err == nil) != (err2 == nil) || (err != nil && err.Error() != err2.Error()) {
			t.Fatalf("not deterministic: %q, %v then %q, %v", got, err, again, err2)
		}
		if err != nil {
			var pe *alembicerr.Error
			if !errors.As(err, &pe) || pe.Kind == "" || pe.Message == "" || got != "" {
				t.Fatalf("bad error %#v with result %q", err, got)
			}
			return
		}
		if !strings.Contains(format, "%") && got != format {
			t.Fatalf("format without %% changed: %q -> %q", format, got)
		}
	})
}
