// Package pyformat implements Python's printf-style string formatting,
// str % args, exactly as CPython 3.11 does it: the same text for the same
// values and the same exceptions (kind and message) for the same mistakes.
//
// Values follow the model of package pyvalue: nil, bool, Go integers,
// float64, string, []any, pyvalue.Tuple, *pyvalue.Dict and the pyvalue
// date/time types.
package pyformat

import (
	"errors"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/pyvalue"
)

// MaxWidth bounds the padding and the digits that one conversion may add:
// a field width, or the precision of a numeric conversion, that would make
// the field longer than MaxWidth characters gives a alembicerr.LimitError.
// CPython has no such bound below its own overflow checks ("width too big",
// "precision too big"), which Format reproduces: it builds the string, or
// raises MemoryError. So that Format still raises what CPython raises, the
// LimitError is returned only when the rest of the format succeeds, unless
// the field is too long for any machine (1<<47 characters or more), where
// CPython's MemoryError comes at once.
const MaxWidth = 1 << 20

// hopelessWidth is a field length no CPython can allocate: the user address
// space of a 64-bit machine.
const hopelessWidth = 1 << 47

// overflowError is Python's OverflowError.
const overflowError = alembicerr.OverflowError

// Flags of a conversion specifier.
const (
	flagLeft  = 1 << iota // '-'
	flagSign              // '+'
	flagBlank             // ' '
	flagAlt               // '#'
	flagZero              // '0'
)

// Format returns format % args as CPython 3.11 computes it.
//
// args is a *pyvalue.Dict (a mapping: %(key)s looks keys up, and a
// conversion without a key formats the whole dict), a pyvalue.Tuple (the
// positional arguments), or any other value, which is a single positional
// argument. A []any is, as a Python list, a mapping to CPython: its
// elements cannot be looked up by key ("list indices must be integers or
// slices, not str"), and unused arguments are never an error with it.
//
// Errors are *alembicerr.Error values whose Kind and Message are those of the
// exception CPython raises (KeyError, ValueError, TypeError, and
// OverflowError), or, when CPython
// would have succeeded, a alembicerr.LimitError if a field would exceed MaxWidth.
//
// A Go string holds what Python's str holds with surrogate escapes: a byte
// that is not UTF-8 stands for U+DC80..U+DCFF. %c of any other surrogate
// code point, which a Python str holds alone, has no such form, and gives
// U+FFFD, the replacement character.
func Format(format string, args any) (string, error) {
	f := newFormatter(format, args)
	if err := f.run(); err != nil {
		return "", err
	}
	return f.out.String(), nil
}

// formatter is the state of one Format call, after CPython's
// unicode_formatter_t: cnt counts the characters from pos to the end, and
// goes negative once the format has been read to its end.
type formatter struct {
	text  string
	runes []rune // the format's characters; invalid UTF-8 bytes as U+DC80..U+DCFF
	offs  []int  // byte offset in text of each rune, and len(text) last
	pos   int
	cnt   int

	args   any // the arguments; the value of the last key after a %(key)
	arglen int // the length of a tuple args, -1 for any other args
	argidx int // the next positional argument; -2 before a single one
	dict   any // the original args when they are a mapping, else nil

	out      strings.Builder
	tooLarge error // the first field over MaxWidth, reported at the end
}

func newFormatter(format string, args any) *formatter {
	f := &formatter{text: format, args: args, arglen: -1, argidx: -2}
	for i := 0; i < len(format); {
		r, size := utf8.DecodeRuneInString(format[i:])
		if r == utf8.RuneError && size == 1 {
			r = 0xDC00 + rune(format[i]) // surrogateescape
		}
		f.runes = append(f.runes, r)
		f.offs = append(f.offs, i)
		i += size
	}
	f.offs = append(f.offs, len(format))
	if t, ok := args.(pyvalue.Tuple); ok {
		f.arglen, f.argidx = len(t), 0
	} else if isMapping(args) {
		f.dict = args
	}
	return f
}

// isMapping reports whether CPython's PyMapping_Check holds for v (and v
// is no tuple or str): dicts, and lists.
func isMapping(v any) bool {
	switch v.(type) {
	case *pyvalue.Dict, []any:
		return true
	}
	return false
}

// read returns the character at pos, or 0 past the end (CPython reads the
// string's terminating NUL there).
func (f *formatter) read() rune {
	if f.pos < len(f.runes) {
		return f.runes[f.pos]
	}
	return 0
}

// run copies the format's text and formats each specifier, as CPython's
// PyUnicode_Format.
func (f *formatter) run() error {
	f.cnt = len(f.runes)
	f.out.Grow(len(f.text))
	for f.cnt--; f.cnt >= 0; f.cnt-- {
		if f.read() != '%' {
			start := f.pos
			f.pos++
			for f.cnt >= 0 && f.read() != '%' {
				f.pos++
				f.cnt--
			}
			if f.cnt < 0 {
				f.pos--
			}
			f.out.WriteString(f.text[f.offs[start]:f.offs[f.pos]])
			continue
		}
		f.pos++
		if err := f.formatArg(); err != nil {
			return err
		}
	}
	if f.argidx < f.arglen && f.dict == nil {
		return alembicerr.New(alembicerr.TypeError, "not all arguments converted during string formatting")
	}
	return f.tooLarge
}

// nextArg returns the next positional argument.
func (f *formatter) nextArg() (any, error) {
	if f.argidx >= f.arglen {
		return nil, alembicerr.New(alembicerr.TypeError, "not enough arguments for format string")
	}
	i := f.argidx
	f.argidx++
	if f.arglen < 0 {
		return f.args, nil
	}
	return f.args.(pyvalue.Tuple)[i], nil
}

// spec is one conversion specifier, after unicode_format_arg_t.
type spec struct {
	ch    rune
	flags int
	width int // -1 when absent
	prec  int // -1 when absent
	sign  bool
}

// formatArg formats the specifier after a '%', as CPython's
// unicode_format_arg.
func (f *formatter) formatArg() error {
	a := spec{ch: f.read(), width: -1, prec: -1}
	if a.ch == '%' {
		f.pos++
		f.cnt--
		f.out.WriteByte('%')
		return nil
	}
	if err := f.parse(&a); err != nil {
		return err
	}
	s, err := f.convert(&a)
	if err == nil {
		err = f.output(&a, s)
	}
	if errors.Is(err, alembicerr.ErrLimit) && int64(a.width) < hopelessWidth {
		// CPython would carry on with a huge field: so does Format,
		// leaving the field out, to raise what CPython raises later.
		if f.tooLarge == nil {
			f.tooLarge = err
		}
		err = nil
	}
	if err != nil {
		return err
	}
	if f.dict != nil && f.argidx < f.arglen {
		return alembicerr.New(alembicerr.TypeError, "not all arguments converted during string formatting")
	}
	return nil
}

// next reads the next character into a.ch, reporting false at the end.
func (f *formatter) next(a *spec) bool {
	f.cnt--
	if f.cnt < 0 {
		return false
	}
	a.ch = f.read()
	f.pos++
	return true
}

// parse reads the mapping key, flags, width, precision and length modifier
// of a specifier, leaving the conversion character in a.ch.
func (f *formatter) parse(a *spec) error {
	if a.ch == '(' {
		if err := f.parseKey(a); err != nil {
			return err
		}
	}
flags:
	for f.next(a) {
		switch a.ch {
		case '-':
			a.flags |= flagLeft
		case '+':
			a.flags |= flagSign
		case ' ':
			a.flags |= flagBlank
		case '#':
			a.flags |= flagAlt
		case '0':
			a.flags |= flagZero
		default:
			break flags
		}
	}
	if err := f.parseWidth(a); err != nil {
		return err
	}
	if err := f.parsePrecision(a); err != nil {
		return err
	}
	if f.cnt >= 0 && (a.ch == 'h' || a.ch == 'l' || a.ch == 'L') {
		f.next(a)
	}
	if f.cnt < 0 {
		return alembicerr.New(alembicerr.ValueError, "incomplete format")
	}
	return nil
}

// parseKey reads "(key)", balancing nested parentheses, and makes the
// key's value the only argument of this specifier.
func (f *formatter) parseKey(a *spec) error {
	if f.dict == nil {
		return alembicerr.New(alembicerr.TypeError, "format requires a mapping")
	}
	f.pos++
	f.cnt--
	start := f.pos
	depth := 1
	for depth > 0 && f.next(a) {
		switch a.ch {
		case ')':
			depth--
		case '(':
			depth++
		}
	}
	if f.cnt < 0 || depth > 0 {
		return alembicerr.New(alembicerr.ValueError, "incomplete format key")
	}
	key := f.text[f.offs[start]:f.offs[f.pos-1]]
	v, err := lookup(f.dict, key)
	if err != nil {
		return err
	}
	f.args, f.arglen, f.argidx = v, -1, -2
	return nil
}

// lookup is mapping[key].
func lookup(mapping any, key string) (any, error) {
	d, ok := mapping.(*pyvalue.Dict)
	if !ok { // a list
		return nil, alembicerr.New(alembicerr.TypeError, "list indices must be integers or slices, not str")
	}
	v, ok := d.Get(key)
	if !ok {
		return nil, alembicerr.New(alembicerr.KeyError, pyvalue.ReprString(key))
	}
	return v, nil
}

// parseWidth reads a width: digits, or '*' for the next argument (a
// negative one meaning the '-' flag).
func (f *formatter) parseWidth(a *spec) error {
	switch {
	case a.ch == '*':
		v, err := f.starArg()
		if err != nil {
			return err
		}
		w, ok := toInt64(v)
		if !ok || w > math.MaxInt || w < math.MinInt {
			return alembicerr.New(overflowError, "Python int too large to convert to C ssize_t")
		}
		a.width = int(w)
		if a.width < 0 {
			a.flags |= flagLeft
			a.width = -a.width // stays negative for math.MinInt, as in CPython
		}
		f.next(a)
	case a.ch >= '0' && a.ch <= '9':
		a.width = int(a.ch - '0')
		for f.next(a) && a.ch >= '0' && a.ch <= '9' {
			d := int(a.ch - '0')
			if a.width > (math.MaxInt-d)/10 {
				return alembicerr.New(alembicerr.ValueError, "width too big")
			}
			a.width = a.width*10 + d
		}
	}
	return nil
}

// parsePrecision reads a precision: '.' then digits, or '*' for the next
// argument (a negative one meaning 0); '.' alone is 0.
func (f *formatter) parsePrecision(a *spec) error {
	if a.ch != '.' {
		return nil
	}
	a.prec = 0
	f.next(a)
	switch {
	case a.ch == '*':
		v, err := f.starArg()
		if err != nil {
			return err
		}
		p, ok := toInt64(v)
		if !ok || p > math.MaxInt32 || p < math.MinInt32 {
			return alembicerr.New(overflowError, "Python int too large to convert to C int")
		}
		a.prec = max(int(p), 0)
		f.next(a)
	case a.ch >= '0' && a.ch <= '9':
		a.prec = int(a.ch - '0')
		for f.next(a) && a.ch >= '0' && a.ch <= '9' {
			d := int(a.ch - '0')
			if a.prec > (math.MaxInt32-d)/10 {
				return alembicerr.New(alembicerr.ValueError, "precision too big")
			}
			a.prec = a.prec*10 + d
		}
	}
	return nil
}

// starArg takes the argument of a '*' width or precision, which must be an
// int (or bool).
func (f *formatter) starArg() (any, error) {
	v, err := f.nextArg()
	if err != nil {
		return nil, err
	}
	if !isInt(v) {
		return nil, alembicerr.New(alembicerr.TypeError, "* wants int")
	}
	return v, nil
}
