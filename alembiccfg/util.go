package alembiccfg

import (
	"strings"
	"unicode"

	"github.com/koanf-alembic/koanf-alembic/internal/pyvalue"
)

func reprString(s string) string { return pyvalue.ReprString(s) }

// pyStrip is Python's str.strip(): Unicode whitespace and \x1c-\x1f.
func pyStrip(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r >= 0x1c && r <= 0x1f
	})
}
