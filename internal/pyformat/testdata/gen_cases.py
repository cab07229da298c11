#!/usr/bin/env python3
"""Record what CPython 3.11 gives for `format % args` into a Go test table.

Run from internal/pyformat (go generate does):

    python3 testdata/gen_cases.py > cases_gen_test.go && gofmt -w cases_gen_test.go

Every expectation in the table is what this interpreter printed; nothing is
written by hand. Arguments are built from the value model of package pyvalue:
None, bool, int, float, str, list, tuple, dict (str keys) and datetime's
date, time and datetime.
"""

import datetime as dt
import math
import random
import sys

if sys.version_info[:2] != (3, 11):
    sys.exit("gen_cases.py must run on CPython 3.11, not %s" % sys.version.split()[0])

MAX_OUT = 400  # longer results are left out to keep the table readable


def go_str(s):
    out = ['"']
    for c in s:
        o = ord(c)
        if c in '\\"':
            out.append('\\' + c)
        elif 0x20 <= o < 0x7F:
            out.append(c)
        elif o < 0x80:
            out.append('\\x%02x' % o)
        elif c.isprintable():
            out.append(c)
        elif o < 0x10000:
            out.append('\\u%04x' % o)
        else:
            out.append('\\U%08x' % o)
    out.append('"')
    return ''.join(out)


def go_val(v):
    if v is None:
        return 'nil'
    if v is True:
        return 'true'
    if v is False:
        return 'false'
    if isinstance(v, int):
        if -2**31 <= v < 2**31:
            return str(v)
        if -2**63 <= v < 2**63:
            return 'int64(%d)' % v
        if 0 <= v < 2**64:
            return 'uint64(%d)' % v
        raise ValueError('int out of the value model: %d' % v)
    if isinstance(v, float):
        return 'fl(%s)' % go_str(repr(v))
    if isinstance(v, str):
        return go_str(v)
    if isinstance(v, list):
        return '[]any{%s}' % ', '.join(go_val(x) for x in v)
    if isinstance(v, tuple):
        return 'pyvalue.Tuple{%s}' % ', '.join(go_val(x) for x in v)
    if isinstance(v, dict):
        return 'pyvalue.NewDict(%s)' % ', '.join(
            '%s, %s' % (go_str(k), go_val(x)) for k, x in v.items())
    if isinstance(v, dt.datetime):
        off = 'nil'
        if v.tzinfo is not None:
            off = 'offset(%d)' % int(v.utcoffset().total_seconds())
        return ('pyvalue.DateTime{Date: pyvalue.Date{Year: %d, Month: %d, Day: %d}, '
                'Time: pyvalue.Time{Hour: %d, Minute: %d, Second: %d, Nanosecond: %d}, Offset: %s}'
                % (v.year, v.month, v.day, v.hour, v.minute, v.second, v.microsecond * 1000, off))
    if isinstance(v, dt.date):
        return 'pyvalue.Date{Year: %d, Month: %d, Day: %d}' % (v.year, v.month, v.day)
    if isinstance(v, dt.time):
        return ('pyvalue.Time{Hour: %d, Minute: %d, Second: %d, Nanosecond: %d}'
                % (v.hour, v.minute, v.second, v.microsecond * 1000))
    raise TypeError(type(v))


rows = []
seen = set()


def case(fmt, args):
    key = (fmt, repr(args), type(args).__name__)
    if key in seen:
        return
    seen.add(key)
    try:
        out = fmt % args
    except Exception as e:  # noqa: BLE001 - every exception is recorded
        rows.append('{%s, %s, "", %s, %s},' % (
            go_str(fmt), go_val(args), go_str(type(e).__name__), go_str(str(e))))
        return
    if len(out) > MAX_OUT:
        return
    rows.append('{%s, %s, %s, "", ""},' % (go_str(fmt), go_val(args), go_str(out)))


# ---------------------------------------------------------------- values

INTS = [0, 1, 7, -1, -42, 255, -255, 4096, 123456789, 2**31, -2**31 - 1, 2**63 - 1, -2**63, 2**64 - 1]
BOOLS = [True, False]
FLOATS = [0.0, -0.0, 1.0, -1.0, 0.5, 1.5, 2.5, -2.5, 2.675, -2.675, 0.1, 1/3, 2/3,
          1e-5, 1.5e-5, 0.0001, 0.00012345, 123456789.0, 1234567.0, 1e15, 1e16, 1e22,
          1.5e300, -1.5e-300, 5e-324, 1.7976931348623157e308, 9.9996, 99999.95, 0.05,
          math.pi, -math.e, 1e100, 12345.6789,
          float('inf'), float('-inf'), float('nan')]
STRS = ['', 'a', 'abc', 'héllo', 'a\U0001F600b', "it's", 'say "hi"', 'both \' and "',
        'tab\there', 'new\nline', '日本語', 'x' * 12, '\x00\x7f', 'é']
OTHERS = [None, [], [1, 'a'], (), (1,), ('a', 2.5), {}, {'k': [None, True]},
          dt.date(2024, 1, 1), dt.time(7, 32), dt.time(0, 32, 0, 999999),
          dt.datetime(1979, 5, 27, 7, 32, tzinfo=dt.timezone.utc),
          dt.datetime(1979, 5, 27, 0, 32, 0, 999999, tzinfo=dt.timezone(dt.timedelta(hours=-7))),
          dt.datetime(2024, 2, 29, 23, 59, 59)]
ALL = INTS + BOOLS + FLOATS + STRS + OTHERS

CONVS = 'sradiuoxXeEfFgGc'
FLAGSETS = ['', '-', '+', ' ', '#', '0', '-0', '+0', ' 0', '#0', '+#', '- #0', '+ ']
WIDTHS = ['', '1', '9']
PRECS = ['', '.', '.0', '.3', '.12']

# Every conversion against one value of every kind: the type errors.
for c in CONVS:
    for v in [0, -3, True, 2.5, float('nan'), 'x', 'xy', '', None, [1], (), (5,), {'a': 1},
              dt.date(2024, 1, 1), dt.time(7, 32), dt.datetime(2024, 1, 1, 0, 0)]:
        case('%' + c, (v,))
        case('[%' + c + ']', v)

# Conversions x flags, and conversions x widths x precisions, on random values.
rng = random.Random(20240101)
INT_CONVS, FLOAT_CONVS, STR_CONVS = 'diuoxX', 'eEfFgG', 'sra'
for c in CONVS:
    if c in INT_CONVS:
        pool = INTS + BOOLS + [2.5, -7.9, 1e20]
    elif c in FLOAT_CONVS:
        pool = FLOATS + INTS[:6] + BOOLS
    elif c == 'c':
        pool = [65, 0xe9, 0x1F600, 'é', 'Z', '\U0001F600', True, 0]
    else:
        pool = ALL
    # every flag set, and every width x precision, at least twice
    for _ in range(2):
        for flags in FLAGSETS:
            spec = flags + rng.choice(WIDTHS) + rng.choice(PRECS) + c
            case('<%' + spec + '>', (rng.choice(pool),))
        for width in WIDTHS:
            for prec in PRECS:
                spec = rng.choice(FLAGSETS) + width + prec + c
                case('<%' + spec + '>', (rng.choice(pool),))

# Every value of the model through %s, %r, %a.
for v in ALL:
    for c in 'sra':
        case('%' + c, (v,))

# Floats: rounding, exponents, negative zero, inf and nan.
for x in FLOATS:
    for spec in ['%r', '%.17g', '%e', '%E', '%.0e', '%#.0e', '%+.3e', '%.3f', '%.0f', '%#.0f',
                 '%f', '%F', '%g', '%G', '%#g', '%.0g', '%#.0g', '%.1g', '%.2g', '%.15g',
                 '%#.3g', '%010.2f', '%-10.3g|', '%+g', '% f', '%+012.4e', '%d', '%i']:
        case(spec, (x,))
for x in [0.125, 0.375, 2.5, 3.5, 0.0625, 1.0625, 1e-7, 9.5, 0.95, 0.995, 5e-5, 0.00009999995,
          999999.5, 9999999.0, 0.000123456, 1e17, 123456789012.0]:
    for spec in ['%.0f', '%.1f', '%.2f', '%.3f', '%.1e', '%.2e', '%g', '%.3g', '%.6g', '%#.6g', '%.20g']:
        case(spec, (x,))

# Integers: bases, alternate form, precision, sign.
for n in INTS + BOOLS:
    for spec in ['%d', '%+d', '% d', '%05d', '%-5d|', '%.3d', '%+.3d', '%8.3d', '%-8.3d|',
                 '%x', '%X', '%#x', '%#X', '%#o', '%o', '%#8x', '%#08x', '%-#8x|',
                 '%#.4x', '%+#x', '% #o', '%u', '%i', '%c']:
        case(spec, (n,))
for spec in ['%d', '%x', '%o', '%X', '%#x', '%.3d']:
    for x in [2.5, -2.5, 1e20, -0.0, 0.9999]:
        case(spec, (x,))

# Unicode: widths and precisions count code points.
for s in ['é', 'héllo', '日本語', 'a\U0001F600b', 'e\u0301']:
    for spec in ['%5s|', '%-5s|', '%.2s|', '%5.1s|', '%-6.3r|', '%8a|', '%.3a|', '%5c|', '%-3c|']:
        case(spec, (s,) if spec[-2] != 'c' else (s[0],))
case('héllo %s wörld %d', ('ü', 3))
case('%s ü %q', (1,))
case('ü%\u00e9', (1,))
case('%\u3000', (1,))
case('%\U0001F600', (1,))
case('%\x01', (1,))
case('%\x7f', (1,))
case('%\x1f', (1,))
case('%\x00', (1,))

# Positional and mapping arguments.
D = {'base': '/B', 'here': '/w/proj', 'num': 7, 'f': 2.5, 'flag': True, 'none': None,
     'list': ['a', 1], 'when': dt.date(2024, 1, 1), 'a(b)': 'paren', '': 'empty', 'é': 'acc'}
for fmt in ['%(base)s', '%(here)s/x', '%(num)03d', '%(num)x', '%(f).2f', '%(flag)s', '%(flag)d',
            '%(none)s', '%(list)s', '%(list)r', '%(when)s', '%(when)r', '%(a(b))s', '%()s',
            '%(é)s', '%(base)r', '%(base)a', '%(nope)s', '%(here)', '%(here)d', '%(base)-6s|',
            '%(num)*d', '%(num).*d', '%(base', '%(', '%(a(b)s', '%(base)s %s', '%s %(base)s',
            '%s', '%r', 'a %s b', '%%', '%% %(num)d %%', 'plain', '', '%', '%%%', '%s %s',
            '%(base)s%(base)s', '%(num)c', '%(f)d', '%(base)5.1s|', '%(base)%', '%(num)(x)s',
            '%(num)#x', '%(num)+.1e', '%d', '%(Base)s', '%(num)ld', '%(num)hd', '%(num)Ld',
            '%(num)lld', '%(num) d']:
    case(fmt, D)
for fmt in ['%s', 'abc', '%(a)s', '%s %s', '%r', '%d']:
    for args in [{}, {'a': 1}, [], [1, 2], ['x'], 'str', 5, None, (), (1,), (1, 2), ((1, 2),)]:
        case(fmt, args)

# Argument counting.
for fmt in ['', 'x', '%s', '%s %s', '%s %s %s', '%%', '%*d', '%.*f', '%*.*f', '%-*s|', '%*s|']:
    for args in [(), (1,), (1, 2), (3, 1.5, 2), (-4, 'ab'), ('a', 'b', 'c', 'd'), 1, 'x']:
        case(fmt, args)
for args in [(1.5, 2), ('3', 2), (None, 2), (True, 7), (-5, 7), (2**31, 1), (-2**31, 1),
             (-2**31 - 1, 1), (2**63 - 1, 1), (-2**63, 1), (2**64 - 1, 1)]:
    case('%.*d', args)
    w = args[0]
    if not isinstance(w, int) or abs(w) < 1000 or w == -2**63 or w >= 2**63:
        case('%*d|', args)

# Incomplete and malformed specifiers.
for fmt in ['%', 'abc%', '%-', '%0', '%5', '%.', '%.5', '%*', '%.*', '%l', '%h', '%L', '%ld',
            '%hd', '%Ld', '%hld', '%lld', '%5%', '%-%', '%#%', '%.3%', '%q', '%z', '%y', '%Z',
            'abc %w def', '%1$s', '%-+ #0-+5.3q', '%b', '%n', '%p', '%k', '%(x)s', '%(x', '%)s',
            '%  d', '%++d', '%--5d|', '%00005d', '%-0-05d|', '%.0.0f', '%5.5.5d', '%**d', '%*.*',
            '%s%', '%s%%', '%%s', '%%%s', '%%%%', '% %', '%l%', '%.%']:
    for args in [(), (7,), (7, 8, 9), 7, {'x': 1}]:
        case(fmt, args)
case('%99999999999999999999d', (1,))
case('%9223372036854775808d', (1,))
case('%.99999999999999999999d', (1,))
case('%.2147483648d', (1,))
case('%.2147483647d', (1,))
case('%.2147483645d', (1,))
case('%.2147483644s|', ('abc',))
case('%.2147483647s|', ('abc',))
case('%.2147483647g', (1.0,))
case('%.2147483647G', (1.5e300,))
case('%.5000g', (0.1,))

# %c boundaries.
for v in [0, 31, 127, 0xA0, 0x10FFFF, 0x110000, -1, 2**63 - 1, 'ab', '', 1.0, None, [65]]:
    case('%c', (v,))

# Deeply nested values through %s and %r.
case('%s', ([[1, [2, (3, {'k': ('v',)})]], {'d': {'e': [None, False, 1.5e-7]}}],))
case('%r|%s', ({'a': "it's", 'b': ['x\ny']}, {'a': "it's", 'b': ['x\ny']}))

print('// Code generated by testdata/gen_cases.py on CPython %s; DO NOT EDIT.' % sys.version.split()[0])
print()
print('package pyformat')
print()
print('import "github.com/koanf-alembic/koanf-alembic/internal/pyvalue"')
print()
print('// pythonCases are format %% args as CPython %s computed it: the result, or' % sys.version.split()[0])
print('// the exception kind and message.')
print('var pythonCases = []pythonCase{')
for r in rows:
    print('\t' + r)
print('}')
