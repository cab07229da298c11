package configparser

import (
	"testing"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
)

// Python's UnicodeDecodeError covers the invalid sequence's valid prefix:
// expectations from CPython 3.11's ConfigParser.read(encoding="utf-8").
func TestUTF8ErrorMessages(t *testing.T) {
	for src, want := range map[string]string{
		"[alembic]\nk = \xe2\x82x\n": "'utf-8' codec can't decode bytes in position 14-15: invalid continuation byte",
		"[alembic]\nk = \xe2x\n":     "'utf-8' codec can't decode byte 0xe2 in position 14: invalid continuation byte",
		"[a]\nk=\xf0\x9f\x98x\n":     "'utf-8' codec can't decode bytes in position 6-8: invalid continuation byte",
		"[a]\nk=\xe2\x82":            "'utf-8' codec can't decode bytes in position 0-1: unexpected end of data",
		"[a]\nk=\xff\n":              "'utf-8' codec can't decode byte 0xff in position 6: invalid start byte",
	} {
		_, err := Parse("x.ini", []byte(src))
		e, ok := err.(*alembicerr.Error)
		if !ok || e.Kind != alembicerr.UnicodeDecodeError || e.Message != want {
			t.Errorf("%q: %v\nwant %s", src, err, want)
		}
	}
}
