package configparser

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/koanf-alembic/koanf-alembic/redact"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/pyvalue"
)

// MaxInterpolationDepth is CPython's MAX_INTERPOLATION_DEPTH: the
// requested value is level 1, each nested value holding a "%" one more.
const MaxInterpolationDepth = 10

// DefaultBudget is the least interpolation budget of a Parser: 64 MiB.
const DefaultBudget = 64 << 20

// ErrBudget is the cause of a LimitError for a Parser's interpolation
// budget, which no view may turn into a value left raw.
var ErrBudget = errors.New("interpolation budget of the loaded configuration exceeded")

// interpolation is one BasicInterpolation.before_get call.
type interpolation struct {
	sc       scope
	option   string // the requested option, for errors
	raw      string // its raw value, for errors
	budget   int
	limit    int
	byBudget bool // limit is what is left of the Parser's budget
	out      strings.Builder
}

// pairKey names a value resolved in the context of a section.
type pairKey struct{ section, option string }

// interpolate returns value with "%%" and "%(name)s" resolved in the
// context of sc, exactly as CPython's BasicInterpolation.before_get.
//
// Beyond CPython, two limits hold: one value may take at most
// MaxValueSize (bytes produced plus references followed), and the values
// of one Parser at most its Budget together, each (section, option) pair
// counted once however often it is read, so that fan-out through
// [DEFAULT] cannot multiply memory.
func (p *Parser) interpolate(sc scope, option, value string) (string, error) {
	if strings.IndexByte(value, '%') < 0 {
		return value, nil
	}
	limit := p.MaxValueSize
	if limit <= 0 {
		limit = DefaultMaxValueSize
	}
	key := pairKey{sc.name, option}
	_, charged := p.charged[key]
	byBudget := false
	if !charged {
		if left := p.budget() - p.spent; left < int64(limit) {
			limit, byBudget = int(max(left, 0)), true
		}
	}
	in := interpolation{sc: sc, option: option, raw: value, budget: limit, limit: limit, byBudget: byBudget}
	if err := in.some(value, 1); err != nil {
		return "", err
	}
	out := in.out.String()
	if !charged {
		if p.charged == nil {
			p.charged = make(map[pairKey]struct{})
		}
		p.charged[key] = struct{}{}
		p.spent += int64(len(out))
	}
	return out, nil
}

// budget is Budget, or DefaultBudget.
func (p *Parser) budget() int64 {
	if p.Budget > 0 {
		return p.Budget
	}
	return DefaultBudget
}

// Interpolate resolves value as if it were the raw value of option in
// section (which must exist, or be DEFAULT), with the section's options
// and the defaults as the names it may reference.
func (p *Parser) Interpolate(section, option, value string) (string, error) {
	sc, err := p.scope(section)
	if err != nil {
		return "", err
	}
	return p.interpolate(sc, pyvalue.Lower(option), value)
}

func (in *interpolation) spend(n int) error {
	in.budget -= n
	if in.budget >= 0 {
		return nil
	}
	if in.byBudget {
		return &alembicerr.Error{Kind: alembicerr.LimitError, Section: in.sc.name, Option: in.option, Err: ErrBudget,
			Message: fmt.Sprintf("interpolating option %s in section %s exceeds what is left of the interpolation budget of the loaded configuration (Budget: the bytes of every value resolved from it, each section and option counted once; default max(64 MiB, 8 × the input))",
				pyvalue.ReprString(in.option), pyvalue.ReprString(in.sc.name))}
	}
	shown, _ := shownValue(in.option, in.raw)
	return &alembicerr.Error{Kind: alembicerr.LimitError, Section: in.sc.name, Option: in.option,
		Message: fmt.Sprintf("interpolating option %s in section %s exceeds the limit of %d bytes (MaxValueSize: bytes produced plus references followed); raw value begins %s",
			pyvalue.ReprString(in.option), pyvalue.ReprString(in.sc.name), in.limit, pyvalue.ReprString(Excerpt(shown)))}
}

func (in *interpolation) some(rest string, depth int) error {
	if depth > MaxInterpolationDepth {
		return in.rawValueError(alembicerr.InterpolationDepthError, fmt.Sprintf("Recursion limit exceeded in value substitution: option %s in section %s contains an interpolation key which cannot be substituted in %d steps. Raw value: ",
			pyvalue.ReprString(in.option), pyvalue.ReprString(in.sc.name), MaxInterpolationDepth))
	}
	for rest != "" {
		p := strings.IndexByte(rest, '%')
		if p < 0 {
			return in.write(rest)
		}
		if p > 0 {
			if err := in.write(rest[:p]); err != nil {
				return err
			}
			rest = rest[p:]
		}
		switch {
		case strings.HasPrefix(rest, "%%"):
			if err := in.write("%"); err != nil {
				return err
			}
			rest = rest[2:]
		case strings.HasPrefix(rest, "%("):
			key, n := matchKey(rest)
			if n < 0 {
				return in.syntaxError("bad interpolation variable reference ", rest)
			}
			rest = rest[n:]
			name := pyvalue.Lower(key)
			o, ok := in.sc.lookup(name)
			if !ok {
				return in.rawValueError(alembicerr.InterpolationMissingOptionError, fmt.Sprintf("Bad value substitution: option %s in section %s contains an interpolation key %s which is not a valid option name. Raw value: ",
					pyvalue.ReprString(in.option), pyvalue.ReprString(in.sc.name), pyvalue.ReprString(name)))
			}
			if err := in.spend(1); err != nil {
				return err
			}
			if strings.IndexByte(o.Value, '%') >= 0 {
				if err := in.some(o.Value, depth+1); err != nil {
					return err
				}
			} else if err := in.write(o.Value); err != nil {
				return err
			}
		default:
			return in.syntaxError("'%' must be followed by '%' or '(', found: ", rest)
		}
	}
	return nil
}

func (in *interpolation) write(s string) error {
	if err := in.spend(len(s)); err != nil {
		return err
	}
	in.out.WriteString(s)
	return nil
}

// syntaxError is CPython's InterpolationSyntaxError: msg, then the repr of
// rest, the part of the raw value from the fault on.
func (in *interpolation) syntaxError(msg, rest string) error {
	e := &alembicerr.Error{Kind: alembicerr.InterpolationSyntaxError, Section: in.sc.name, Option: in.option,
		Message: msg + pyvalue.ReprString(rest)}
	if shown, secret := shownValue(in.option, in.raw); secret {
		if !strings.HasSuffix(shown, rest) {
			rest = redact.Mask // the fault is in the secret's part
		}
		return e.Redacted(msg+pyvalue.ReprString(rest), "")
	}
	return e
}

// rawValueError is an error whose message ends with the repr of the raw
// value, redacted when it holds a secret.
func (in *interpolation) rawValueError(kind alembicerr.Kind, msg string) error {
	e := &alembicerr.Error{Kind: kind, Section: in.sc.name, Option: in.option, Message: msg + pyvalue.ReprString(in.raw)}
	if shown, secret := shownValue(in.option, in.raw); secret {
		return e.Redacted(msg+pyvalue.ReprString(shown), "")
	}
	return e
}

// shownValue is how a message may show the raw value of option: with the
// redaction rule applied; secret is true when that changed it.
func shownValue(option, raw string) (shown string, secret bool) {
	shown = redact.Value(option, raw)
	return shown, shown != raw
}

// excerptLen is how much of a value a message quotes at most.
const excerptLen = 40

// Excerpt is the start of s that a message may quote: at most 40 bytes,
// cut at a character boundary, with "…" when cut.
func Excerpt(s string) string {
	if len(s) <= excerptLen {
		return s
	}
	n := excerptLen
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// matchKey matches CPython's _KEYCRE, r"%\(([^)]+)\)s", at the start of s
// and returns the key and the length of the match, or -1.
func matchKey(s string) (string, int) {
	if !strings.HasPrefix(s, "%(") {
		return "", -1
	}
	close := strings.IndexByte(s[2:], ')')
	if close < 1 || 2+close+1 >= len(s) || s[2+close+1] != 's' {
		return "", -1
	}
	return s[2 : 2+close], 2 + close + 2
}

// ValidateValue applies CPython's BasicInterpolation.before_set to a value
// of option: after removing every "%%" and every well-formed "%(name)s", no
// "%" may remain. The error is a ValueError giving the position in that
// reduced text; it quotes the value redacted when it holds a secret.
func ValidateValue(option, value string) error {
	if strings.IndexByte(value, '%') < 0 {
		return nil
	}
	tmp := strings.ReplaceAll(value, "%%", "")
	var b strings.Builder
	for i := 0; i < len(tmp); {
		if tmp[i] == '%' {
			if _, n := matchKey(tmp[i:]); n > 0 {
				i += n
				continue
			}
		}
		b.WriteByte(tmp[i])
		i++
	}
	reduced := b.String()
	if p := strings.IndexByte(reduced, '%'); p >= 0 {
		msg := "invalid interpolation syntax in %s at position " + strconv.Itoa(runeIndex(reduced, p))
		e := &alembicerr.Error{Kind: alembicerr.ValueError, Option: option,
			Message: fmt.Sprintf(msg, pyvalue.ReprString(value))}
		if shown, secret := shownValue(option, value); secret {
			return e.Redacted(fmt.Sprintf(msg, pyvalue.ReprString(shown)), "")
		}
		return e
	}
	return nil
}

// runeIndex converts a byte offset of s into Python's code point index.
func runeIndex(s string, byteOff int) int {
	n := 0
	for range s[:byteOff] {
		n++
	}
	return n
}
