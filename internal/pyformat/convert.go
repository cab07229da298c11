package pyformat

import (
	"fmt"
	"math"
	"math/big"
	"strings"
	"unicode/utf8"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/pyvalue"
)

// convert takes the next argument and converts it as a.ch says, before
// padding; it marks numeric conversions in a.sign.
func (f *formatter) convert(a *spec) (string, error) {
	v, err := f.nextArg()
	if err != nil {
		return "", err
	}
	switch a.ch {
	case 's':
		return pyvalue.Str(v), nil
	case 'r':
		return pyvalue.Repr(v), nil
	case 'a':
		return pyvalue.ASCII(v), nil
	case 'i', 'd', 'u', 'o', 'x', 'X':
		a.sign = true
		return formatInteger(v, a)
	case 'e', 'E', 'f', 'F', 'g', 'G':
		a.sign = true
		return formatFloat(v, a)
	case 'c':
		return formatChar(v)
	}
	c := '?'
	if a.ch >= 31 && a.ch <= 126 {
		c = a.ch
	}
	return "", alembicerr.New(alembicerr.ValueError, fmt.Sprintf(
		"unsupported format character '%c' (0x%x) at index %d", c, a.ch, f.pos-1))
}

// isInt reports whether v is a Python int: a Go integer or a bool.
func isInt(v any) bool {
	_, ok := toBig(v)
	return ok
}

// toBig returns the value of a Python int (a Go integer or a bool).
func toBig(v any) (*big.Int, bool) {
	if b, ok := v.(bool); ok {
		if b {
			return big.NewInt(1), true
		}
		return big.NewInt(0), true
	}
	s, ok := pyvalue.IntString(v)
	if !ok {
		return nil, false
	}
	n, _ := new(big.Int).SetString(s, 10)
	return n, true
}

// toInt64 returns the value of a Python int that fits in an int64.
func toInt64(v any) (int64, bool) {
	n, ok := toBig(v)
	if !ok || !n.IsInt64() {
		return 0, false
	}
	return n.Int64(), true
}

// toFloat returns float(v) for a Python float, int or bool.
func toFloat(v any) (float64, bool) {
	switch v := v.(type) {
	case float64:
		return v, true
	case float32:
		return float64(v), true
	}
	n, ok := toBig(v)
	if !ok {
		return 0, false
	}
	x, _ := new(big.Float).SetInt(n).Float64()
	return x, true
}

// formatInteger converts for %d, %i, %u, %o, %x and %X: ints as they are,
// floats truncated by int() for the decimal conversions only.
func formatInteger(v any, a *spec) (string, error) {
	conv := byte(a.ch)
	n, ok := toBig(v)
	if !ok {
		x, isFloat := toFloat(v)
		switch {
		case !isFloat || conv == 'o' || conv == 'x' || conv == 'X':
			return "", integerTypeError(conv, v)
		case math.IsInf(x, 0):
			return "", alembicerr.New(overflowError, "cannot convert float infinity to integer")
		case math.IsNaN(x):
			return "", alembicerr.New(alembicerr.ValueError, "cannot convert float NaN to integer")
		}
		n, _ = big.NewFloat(x).Int(nil)
	}
	return integerText(n, conv, a.flags&flagAlt != 0, a.prec)
}

func integerTypeError(conv byte, v any) error {
	what := "a real number"
	if conv == 'o' || conv == 'x' || conv == 'X' {
		what = "an integer"
	}
	return alembicerr.New(alembicerr.TypeError, fmt.Sprintf(
		"%%%c format: %s is required, not %s", conv, what, pyvalue.TypeName(v)))
}

// integerText writes n in the base of conv, with the 0o/0x prefix when alt
// and at least prec digits, as CPython's _PyUnicode_FormatLong.
func integerText(n *big.Int, conv byte, alt bool, prec int) (string, error) {
	if prec > math.MaxInt32-3 {
		return "", alembicerr.New(overflowError, "precision too large")
	}
	base, prefix := 10, ""
	switch conv {
	case 'o':
		base, prefix = 8, "0o"
	case 'x', 'X':
		base, prefix = 16, "0x"
	}
	if !alt {
		prefix = ""
	}
	digits := new(big.Int).Abs(n).Text(base)
	if prec > len(digits) {
		if prec > MaxWidth {
			return "", limitError("precision", prec)
		}
		digits = strings.Repeat("0", prec-len(digits)) + digits
	}
	s := prefix + digits
	if n.Sign() < 0 {
		s = "-" + s
	}
	if conv == 'X' {
		s = strings.ToUpper(s)
	}
	return s, nil
}

// formatFloat converts for %e, %E, %f, %F, %g and %G.
func formatFloat(v any, a *spec) (string, error) {
	x, ok := toFloat(v)
	if !ok {
		return "", alembicerr.New(alembicerr.TypeError, "must be real number, not "+pyvalue.TypeName(v))
	}
	prec := a.prec
	if prec < 0 {
		prec = 6
	}
	alt := a.flags&flagAlt != 0
	// Without '#', %g strips trailing zeros, and an infinity or a NaN has
	// no digits at all: there a big precision costs nothing.
	finite := !math.IsInf(x, 0) && !math.IsNaN(x)
	if prec > MaxWidth && finite && (alt || (a.ch != 'g' && a.ch != 'G')) {
		return "", limitError("precision", prec)
	}
	return pyvalue.FormatFloat(x, byte(a.ch), prec, alt), nil
}

// formatChar converts for %c: a one-character str, or an int code point.
func formatChar(v any) (string, error) {
	if s, ok := v.(string); ok {
		if utf8.RuneCountInString(s) == 1 {
			return s, nil
		}
		return "", alembicerr.New(alembicerr.TypeError, "%c requires int or char")
	}
	n, ok := toBig(v)
	if !ok {
		return "", alembicerr.New(alembicerr.TypeError, "%c requires int or char")
	}
	if n.Sign() < 0 || n.Cmp(big.NewInt(utf8.MaxRune)) > 0 {
		return "", alembicerr.New(overflowError, "%c arg not in range(0x110000)")
	}
	r := rune(n.Int64())
	if r >= 0xDC80 && r <= 0xDCFF {
		// A surrogate escape stands for the byte it escapes.
		return string([]byte{byte(r - 0xDC00)}), nil
	}
	return string(r), nil
}

// output pads the converted text s to the field width, placing the sign and
// the 0o/0x prefix of numbers, and truncates %s, %r and %a to the
// precision, as CPython's unicode_format_arg_output.
func (f *formatter) output(a *spec, s string) error {
	fill := " "
	if a.sign && a.flags&flagZero != 0 {
		fill = "0"
	}
	n := utf8.RuneCountInString(s)
	if (a.ch == 's' || a.ch == 'r' || a.ch == 'a') && a.prec >= 0 && n > a.prec {
		s = truncate(s, a.prec)
		n = a.prec
	}
	if a.width > n && a.width > MaxWidth {
		return limitError("width", a.width)
	}
	sign := ""
	if a.sign {
		switch {
		case s != "" && (s[0] == '-' || s[0] == '+'):
			sign, s = s[:1], s[1:]
			n--
		case a.flags&flagSign != 0:
			sign = "+"
		case a.flags&flagBlank != 0:
			sign = " "
		default:
			a.sign = false
		}
	}
	width := max(a.width, n)
	if a.sign {
		if fill != " " {
			f.out.WriteString(sign)
		}
		if width > n {
			width--
		}
	}
	prefix := ""
	if a.flags&flagAlt != 0 && (a.ch == 'x' || a.ch == 'X' || a.ch == 'o') {
		prefix, s = s[:2], s[2:]
		if fill != " " {
			f.out.WriteString(prefix)
		}
		width = max(width-2, 0)
		n -= 2
	}
	if width > n && a.flags&flagLeft == 0 {
		f.out.WriteString(strings.Repeat(fill, width-n))
		width = n
	}
	if fill == " " {
		f.out.WriteString(sign)
		f.out.WriteString(prefix)
	}
	f.out.WriteString(s)
	if width > n {
		f.out.WriteString(strings.Repeat(" ", width-n))
	}
	return nil
}

// truncate returns the first n characters of s (an invalid byte counts as
// one character, as a surrogate escape would in Python).
func truncate(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

func limitError(what string, n int) error {
	return alembicerr.New(alembicerr.LimitError, fmt.Sprintf(
		"format %s %d exceeds the limit of %d characters", what, n, MaxWidth))
}
