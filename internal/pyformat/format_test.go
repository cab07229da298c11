package pyformat

//go:generate sh -c "python3 testdata/gen_cases.py > cases_gen_test.go && gofmt -w cases_gen_test.go"

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/koanf-alembic/koanf-alembic/pyvalue"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
)

// pythonCase is one row recorded from CPython: the result when kind is "",
// else the exception's class name and str().
type pythonCase struct {
	format string
	args   any
	want   string
	kind   string
	msg    string
}

// fl parses a Python float repr ("1e+16", "-0.0", "inf", "nan").
func fl(s string) float64 {
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		panic(err)
	}
	return x
}

func offset(seconds int) *int { return &seconds }

func TestFormatMatchesCPython(t *testing.T) {
	if strconv.IntSize < 64 {
		t.Skip("recorded on a 64-bit CPython, whose widths are 64-bit")
	}
	if len(pythonCases) < 200 {
		t.Fatalf("only %d recorded cases", len(pythonCases))
	}
	for _, c := range pythonCases {
		got, err := Format(c.format, c.args)
		name := strconv.Quote(c.format) + " % " + pyvalue.Repr(c.args)
		if c.kind == "" {
			if err != nil || got != c.want {
				t.Errorf("%s = %q, %v; want %q", name, got, err, c.want)
			}
			continue
		}
		var pe *alembicerr.Error
		if !errors.As(err, &pe) || string(pe.Kind) != c.kind || pe.Message != c.msg {
			t.Errorf("%s = %q, %v; want %s: %s", name, got, err, c.kind, c.msg)
		}
	}
}

func TestFormatGoValues(t *testing.T) {
	tests := []struct {
		format string
		args   any
		want   string
	}{
		{"%d|%x|%s", pyvalue.Tuple{int8(-5), uint16(255), int32(7)}, "-5|ff|7"},
		{"%d %X", pyvalue.Tuple{uint64(math.MaxUint64), uint64(math.MaxUint64)}, "18446744073709551615 FFFFFFFFFFFFFFFF"},
		{"%.2f|%r", pyvalue.Tuple{float32(0.5), float32(0.1)}, "0.50|0.10000000149011612"},
		{"%s", (*pyvalue.Dict)(nil), "{}"},
		{"%s", pyvalue.Tuple{pyvalue.Tuple(nil)}, "()"},
		{"a%sb", pyvalue.Tuple{"\xff"}, "a\xffb"},                        // bytes that are not UTF-8 pass through
		{"\xfe%s\xff", pyvalue.Tuple{1}, "\xfe1\xff"},                    // in the format too
		{"%3s|%.1s|", pyvalue.Tuple{"\xff", "\xfe\xff"}, "  \xff|\xfe|"}, // each counts as one character
		{"%c", pyvalue.Tuple{0xDC80}, "\x80"},                            // a surrogate escape is its byte
		{"%(\xff)s", pyvalue.NewDict().Set("\xff", 1), "1"},
		{"%s", struct{}{}, "<struct {} object>"},
	}
	for _, tt := range tests {
		got, err := Format(tt.format, tt.args)
		if err != nil || got != tt.want {
			t.Errorf("Format(%q, %s) = %q, %v; want %q", tt.format, pyvalue.Repr(tt.args), got, err, tt.want)
		}
	}
}

func TestFormatErrorsGo(t *testing.T) {
	tests := []struct {
		format string
		args   any
		kind   alembicerr.Kind
		msg    string
	}{
		{"%(k)s", pyvalue.NewDict(), alembicerr.KeyError, "'k'"},
		{"%(it's)s", pyvalue.NewDict(), alembicerr.KeyError, `"it's"`},
		{"%\xff", 1, alembicerr.ValueError, "unsupported format character '?' (0xdcff) at index 1"},
		{"%d", struct{}{}, alembicerr.TypeError, "%d format: a real number is required, not struct {}"},
	}
	for _, tt := range tests {
		_, err := Format(tt.format, tt.args)
		var pe *alembicerr.Error
		if !errors.As(err, &pe) || pe.Kind != tt.kind || pe.Message != tt.msg {
			t.Errorf("Format(%q) error = %v; want %s: %s", tt.format, err, tt.kind, tt.msg)
		}
	}
	if _, err := Format("%(k)s", pyvalue.NewDict()); !errors.Is(err, alembicerr.ErrKey) {
		t.Errorf("errors.Is(%v, ErrKey) = false", err)
	}
}

// Where CPython would build a huge string, Format stops at MaxWidth.
func TestFormatLimits(t *testing.T) {
	if strconv.IntSize < 64 {
		t.Skip("widths of a 64-bit machine")
	}
	big := strconv.Itoa(MaxWidth + 1)
	limited := []struct {
		format string
		args   any
	}{
		{"%" + big + "s", "x"},
		{"%-" + big + "d", 1},
		{"%*s", pyvalue.Tuple{MaxWidth + 1, "x"}},
		{"%*s", pyvalue.Tuple{-(MaxWidth + 1), "x"}},
		{"%9223372036854775807d", 1},
		{"%." + big + "d", 1},
		{"%." + big + "x", 1},
		{"%." + big + "f", 1.0},
		{"%." + big + "e", 1.0},
		{"%#." + big + "g", 1.0},
		{"%.*f", pyvalue.Tuple{math.MaxInt32, 1.0}},
	}
	for _, tt := range limited {
		_, err := Format(tt.format, tt.args)
		if !errors.Is(err, alembicerr.ErrLimit) {
			t.Errorf("Format(%q) error = %v; want a LimitError", tt.format, err)
		}
	}
	fine := []struct {
		format string
		args   any
		want   string
	}{
		{"%" + strconv.Itoa(MaxWidth) + "s", "x", strings.Repeat(" ", MaxWidth-1) + "x"},
		{"%.2147483647s", "abc", "abc"},
		{"%." + big + "g", 0.1, "0.1000000000000000055511151231257827021181583404541015625"},
		{"%2s", "abc", "abc"},
		// an infinity or a NaN has no digits for a precision to add
		{"%." + big + "f", math.Inf(1), "inf"},
		{"%#." + big + "e", math.NaN(), "nan"},
		{"%.*E", pyvalue.Tuple{MaxWidth + 1, math.Inf(-1)}, "-INF"},
	}
	for _, tt := range fine {
		got, err := Format(tt.format, tt.args)
		if err != nil || got != tt.want {
			t.Errorf("Format(%q) = %.40q, %v; want %.40q", tt.format, got, err, tt.want)
		}
	}
}

func TestFormatDoesNotChangeArgs(t *testing.T) {
	d := pyvalue.NewDict().Set("a", 1)
	if _, err := Format("%(a)s %s", d); err == nil {
		t.Fatal("want an error")
	}
	if got := pyvalue.Repr(d); got != "{'a': 1}" {
		t.Errorf("dict after Format = %s", got)
	}
}
