package pytoml

import (
	"fmt"
	"strings"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/internal/configparser"
)

// decodeUTF8Error is tomllib's UnicodeDecodeError for data that is not
// UTF-8: tomllib decodes the whole file at once, so positions count from
// its start, and CPython's decoder words the reason and the span of bytes
// (configparser.InvalidSequence).
func decodeUTF8Error(name string, data []byte) error {
	text := string(data)
	pos, _ := configparser.FirstInvalid(text)
	reason, n := configparser.InvalidSequence(text[pos:])
	what := fmt.Sprintf("byte 0x%02x in position %d", data[pos], pos)
	if n > 1 {
		what = fmt.Sprintf("bytes in position %d-%d", pos, pos+n-1)
	}
	return &alembicerr.Error{Kind: alembicerr.UnicodeDecodeError, Source: name,
		Line:    1 + strings.Count(text[:pos], "\n"),
		Message: fmt.Sprintf("'utf-8' codec can't decode %s: %s", what, reason)}
}
