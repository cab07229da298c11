package pyvalue

import (
	"math"
	"strconv"
	"strings"
)

// gShortCut is a precision beyond which a %g conversion without the '#'
// flag gives the same text: a float64 has at most 767 significant decimal
// digits and a decimal exponent below 309.
const gShortCut = 1000

// FormatFloat returns x as CPython's PyOS_double_to_string writes it for a
// printf-style conversion: code is 'e', 'E', 'f', 'F', 'g' or 'G' with
// precision prec (>= 0) and alt the '#' flag, or 'r' for repr() (prec and
// alt are then ignored). Digits are correctly rounded, ties to even, as in
// CPython; infinities are "inf"/"-inf" and NaN is "nan" whatever its sign
// bit ("INF", "NAN" for the upper-case codes). A code outside that set is
// treated as 'r'.
func FormatFloat(x float64, code byte, prec int, alt bool) string {
	upper := code == 'E' || code == 'F' || code == 'G'
	s := formatFloatLower(x, code|0x20, prec, alt)
	if upper {
		s = strings.ToUpper(s)
	}
	return s
}

// FloatRepr returns Python's repr() of a float: the shortest digits that
// round-trip, in fixed notation when 1e-4 <= |x| < 1e16 (with at least one
// decimal, "1.0"), else in exponent notation ("1e+16", "1.5e-05").
func FloatRepr(x float64) string {
	return formatFloatLower(x, 'r', 0, false)
}

func formatFloatLower(x float64, code byte, prec int, alt bool) string {
	switch {
	case math.IsNaN(x):
		return "nan"
	case math.IsInf(x, 1):
		return "inf"
	case math.IsInf(x, -1):
		return "-inf"
	}
	if prec < 0 {
		prec = 0
	}
	sign := ""
	if math.Signbit(x) {
		sign = "-"
	}
	ax := math.Abs(x)
	var s string
	switch code {
	case 'f':
		s = strconv.FormatFloat(ax, 'f', prec, 64)
		if alt && prec == 0 {
			s += "."
		}
	case 'e':
		s = strconv.FormatFloat(ax, 'e', prec, 64)
		if alt && prec == 0 {
			s = s[:1] + "." + s[1:]
		}
	case 'g':
		if prec == 0 {
			prec = 1
		}
		if !alt && prec > gShortCut {
			prec = gShortCut
		}
		digits, decpt := decimalDigits(ax, prec)
		if !alt {
			digits = trimZeros(digits)
		}
		s = layoutDigits(digits, decpt, decpt <= -4 || decpt > prec, alt, false)
	default: // 'r'
		digits, decpt := decimalDigits(ax, -1)
		useExp := decpt <= -4 || decpt > 16
		s = layoutDigits(digits, decpt, useExp, false, !useExp)
	}
	return sign + s
}

// decimalDigits returns the significant digits of ax >= 0 rounded to n
// digits (the shortest that round-trip when n < 0), and the position of the
// decimal point: ax ~ 0.digits * 10**decpt. Zero is "0" with decpt 1.
func decimalDigits(ax float64, n int) (digits string, decpt int) {
	prec := n - 1
	if n < 0 {
		prec = -1
	}
	s := strconv.FormatFloat(ax, 'e', prec, 64) // d[.ddd]e±XX
	e := strings.IndexByte(s, 'e')
	exp, _ := strconv.Atoi(s[e+1:])
	mant := s[:e]
	if len(mant) > 1 {
		mant = mant[:1] + mant[2:]
	}
	return mant, exp + 1
}

func trimZeros(digits string) string {
	t := strings.TrimRight(digits, "0")
	if t == "" {
		return "0"
	}
	return t
}

// layoutDigits places the decimal point (and exponent) as CPython's
// format_float_short does. alt keeps a trailing decimal point; dot0 turns
// a trailing decimal point into ".0".
func layoutDigits(digits string, decpt int, useExp, alt, dot0 bool) string {
	exp := 0
	if useExp {
		exp = decpt - 1
		decpt = 1
	}
	var b strings.Builder
	switch {
	case decpt <= 0:
		b.WriteString("0.")
		b.WriteString(strings.Repeat("0", -decpt))
		b.WriteString(digits)
	case decpt < len(digits):
		b.WriteString(digits[:decpt])
		b.WriteByte('.')
		b.WriteString(digits[decpt:])
	default:
		b.WriteString(digits)
		b.WriteString(strings.Repeat("0", decpt-len(digits)))
		switch {
		case dot0:
			b.WriteString(".0")
		case alt:
			b.WriteByte('.')
		}
	}
	if useExp {
		b.WriteByte('e')
		if exp < 0 {
			b.WriteByte('-')
			exp = -exp
		} else {
			b.WriteByte('+')
		}
		if exp < 10 {
			b.WriteByte('0')
		}
		b.WriteString(strconv.Itoa(exp))
	}
	return b.String()
}
