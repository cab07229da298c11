package pyvalue

//go:generate sh -c "python3 testdata/gen_repr.py > repr_gen_test.go && gofmt -w repr_gen_test.go"

import (
	"math"
	"strconv"
	"testing"
)

// pythonValue is a value with its repr(), str(), ascii() and type name as
// recorded from CPython.
type pythonValue struct {
	v                        any
	repr, str, ascii, tpName string
}

// pythonFloatRepr is a float with its repr() recorded from CPython.
type pythonFloatRepr struct {
	x    float64
	repr string
}

// pythonFloatFormat is "%[#].<prec><code>" % x as recorded from CPython.
type pythonFloatFormat struct {
	x    float64
	code byte
	prec int
	alt  bool
	want string
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

func TestValuesMatchCPython(t *testing.T) {
	for _, c := range pythonValues {
		if got := Repr(c.v); got != c.repr {
			t.Errorf("Repr(%#v) = %q; want %q", c.v, got, c.repr)
		}
		if got := Str(c.v); got != c.str {
			t.Errorf("Str(%#v) = %q; want %q", c.v, got, c.str)
		}
		if got := ASCII(c.v); got != c.ascii {
			t.Errorf("ASCII(%#v) = %q; want %q", c.v, got, c.ascii)
		}
		if got := TypeName(c.v); got != c.tpName {
			t.Errorf("TypeName(%#v) = %q; want %q", c.v, got, c.tpName)
		}
	}
}

func TestFloatReprMatchesCPython(t *testing.T) {
	for _, c := range pythonFloatReprs {
		if got := FloatRepr(c.x); got != c.repr {
			t.Errorf("FloatRepr(%v) = %q; want %q", c.x, got, c.repr)
		}
		if got := FormatFloat(c.x, 'r', 0, false); got != c.repr {
			t.Errorf("FormatFloat(%v, 'r') = %q; want %q", c.x, got, c.repr)
		}
	}
}

func TestFormatFloatMatchesCPython(t *testing.T) {
	for _, c := range pythonFloatFormats {
		if got := FormatFloat(c.x, c.code, c.prec, c.alt); got != c.want {
			t.Errorf("FormatFloat(%v, %q, %d, %v) = %q; want %q", c.x, c.code, c.prec, c.alt, got, c.want)
		}
	}
}

func TestGoValues(t *testing.T) {
	self := []any{1, nil}
	self[1] = self
	d := NewDict().Set("a", 1)
	d.Set("me", d)
	tup := Tuple{nil}
	tup[0] = []any{tup}
	tests := []struct {
		v    any
		repr string
		str  string
	}{
		{int8(-8), "-8", "-8"},
		{uint8(200), "200", "200"},
		{int32(-5), "-5", "-5"},
		{uint(7), "7", "7"},
		{uintptr(9), "9", "9"},
		{float32(0.1), "0.10000000149011612", "0.10000000149011612"},
		{math.Copysign(math.NaN(), -1), "nan", "nan"},
		{[]any(nil), "[]", "[]"},
		{Tuple(nil), "()", "()"},
		{(*Dict)(nil), "{}", "{}"},
		{self, "[1, [...]]", "[1, [...]]"},
		{d, "{'a': 1, 'me': {...}}", "{'a': 1, 'me': {...}}"},
		{tup, "([(...)],)", "([(...)],)"},
		{[]any{self, self}, "[[1, [...]], [1, [...]]]", "[[1, [...]], [1, [...]]]"},
		{"a\xffb", `'a\xffb'`, "a\xffb"},
		{Time{Hour: 1, Nanosecond: 999}, "datetime.time(1, 0)", "01:00:00"},
		{Time{Hour: 1, Nanosecond: 1999}, "datetime.time(1, 0, 0, 1)", "01:00:00.000001"},
		{DateTime{Date: Date{Year: 2024, Month: 1, Day: 2}, Offset: offset(3725)},
			"datetime.datetime(2024, 1, 2, 0, 0, tzinfo=datetime.timezone(datetime.timedelta(seconds=3725)))",
			"2024-01-02 00:00:00+01:02:05"},
		{struct{ A int }{1}, "<struct { A int } object>", "<struct { A int } object>"},
		{map[string]any{}, "<map[string]interface {} object>", "<map[string]interface {} object>"},
	}
	for _, tt := range tests {
		if got := Repr(tt.v); got != tt.repr {
			t.Errorf("Repr(%#v) = %q; want %q", tt.v, got, tt.repr)
		}
		if got := Str(tt.v); got != tt.str {
			t.Errorf("Str(%#v) = %q; want %q", tt.v, got, tt.str)
		}
	}
	if got, want := TypeName(struct{}{}), "struct {}"; got != want {
		t.Errorf("TypeName(struct{}{}) = %q; want %q", got, want)
	}
}

func TestStringMethods(t *testing.T) {
	dt := DateTime{Date: Date{1979, 5, 27}, Time: Time{7, 32, 0, 0}, Offset: offset(0)}
	if got, want := dt.String(), "1979-05-27 07:32:00+00:00"; got != want {
		t.Errorf("DateTime.String() = %q; want %q", got, want)
	}
	if got, want := dt.Date.String(), "1979-05-27"; got != want {
		t.Errorf("Date.String() = %q; want %q", got, want)
	}
	if got, want := dt.Time.String(), "07:32:00"; got != want {
		t.Errorf("Time.String() = %q; want %q", got, want)
	}
}

func TestFormatFloatHugePrecision(t *testing.T) {
	// Without '#', %g keeps no trailing zeros, so any precision past the
	// exact expansion of the double gives that expansion.
	want := "0.1000000000000000055511151231257827021181583404541015625"
	if got := FormatFloat(0.1, 'g', math.MaxInt32, false); got != want {
		t.Errorf("FormatFloat(0.1, 'g', MaxInt32) = %q; want %q", got, want)
	}
	if got, want := FormatFloat(1e300, 'G', 1<<30, false), FormatFloat(1e300, 'f', 0, false); got != want {
		t.Errorf("FormatFloat(1e300, 'G', 1<<30) = %q; want %q", got, want)
	}
}
