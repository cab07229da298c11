//go:build unix

package configparser

import (
	"errors"
	"syscall"
	"testing"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
)

// A text longer than a Document's 32-bit positions can hold is a
// LimitError, refused before a byte of it is read: the text is address
// space mapped without access, so reading any of it would crash the test.
func TestParseMaxSize(t *testing.T) {
	huge, err := syscall.Mmap(-1, 0, MaxSize+1, syscall.PROT_NONE, syscall.MAP_PRIVATE|syscall.MAP_ANON|syscall.MAP_NORESERVE)
	if err != nil {
		t.Skipf("cannot reserve %d bytes of address space: %v", MaxSize+1, err)
	}
	defer syscall.Munmap(huge)
	_, err = Parse("huge.ini", huge)
	var e *alembicerr.Error
	if !errors.As(err, &e) || e.Kind != alembicerr.LimitError || e.Source != "huge.ini" {
		t.Fatalf("Parse of MaxSize+1 bytes: %v", err)
	}
	if _, err := Parse("one.ini", huge[:0]); err != nil {
		t.Fatalf("Parse of no bytes: %v", err)
	}
}
