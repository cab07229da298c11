// Package state is Alembic's read pipeline, written once: ConfigParser
// built from config_args and `here` with alembic.ini read into it,
// pyproject.toml's [tool.alembic] with toml_args, and the koanf tree that
// every koanf view is built from, plus the one INI writer.
//
// The public faces stand on it and differ only in the shape of what they
// return: alembiccfg answers Alembic's API and adds its layers on top of
// the parser ReadINI builds; provider/alembic returns Tree of ReadINI and
// ReadTOML; parser/ini returns Tree of NewINI and the bytes it is given,
// and writes with WriteINI.
package state

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"path"
	"strconv"
	"sync"
	"unsafe"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/internal/configparser"
	"github.com/koanf-alembic/koanf-alembic/internal/pypath"
	"github.com/koanf-alembic/koanf-alembic/pyvalue"
)

// DefaultIniSection is Alembic's default main section.
const DefaultIniSection = "alembic"

// Files are the arguments of Alembic's Config(...) that decide what is
// read.
type Files struct {
	// File is alembic.ini (file_); "" means none: Alembic's in-memory
	// main section.
	File string
	// TOMLFile is pyproject.toml (toml_file); "" means none.
	TOMLFile string
	// Dir is the working directory relative names are read against and
	// `here` is computed from; "" means the process's, at the read.
	Dir string
	// IniSection is the main section; "" means "alembic".
	IniSection string
	// ConfigArgs are config_args (nil: none).
	ConfigArgs *pyvalue.Dict
	// MaxValueSize caps one interpolated value; 0 means the engine's
	// default.
	MaxValueSize int
	// RequireFile makes a missing, unreadable or directory File an
	// OSError instead of Alembic's silent empty read.
	RequireFile bool
	// MaxFileSize limits the size of each file read; 0 means
	// DefaultMaxFileSize.
	MaxFileSize int64
	// FS, when set, holds File and TOMLFile (slash-separated paths in it):
	// an embed.FS, or bytes already read. `here` is then the file's
	// directory within it ("." at its root), unless Dir is set, when it is
	// computed from Dir as for a file on disk.
	FS fs.FS
}

// withWorkDir returns f with Dir set to the process's working directory
// when the files are on disk and Dir is "": the directory is looked up
// once for all that a read does with the names (here, exists, read).
func (f Files) withWorkDir() (Files, error) {
	if f.FS != nil || f.Dir != "" {
		return f, nil
	}
	dir, err := pypath.WorkDir("")
	if err != nil {
		return f, err
	}
	f.Dir = dir
	return f, nil
}

// here is Alembic's `here` for name: the directory of name joined to the
// working directory (not normalised), or its directory within FS.
func (f Files) here(name string) (string, error) {
	if f.FS != nil && f.Dir == "" {
		return path.Dir(name), nil
	}
	dir, err := pypath.WorkDir(f.Dir)
	if err != nil {
		return "", err
	}
	return pypath.Here(name, dir), nil
}

// read reads name from FS or from disk, with the checks of readFile,
// into a buffer buf lends when the file is small enough (buf may be nil).
func (f Files) read(ctx context.Context, name string, buf *scratch) ([]byte, error) {
	if f.FS != nil {
		return readFS(ctx, f.FS, name, f.MaxFileSize, buf)
	}
	dir, err := pypath.WorkDir(f.Dir)
	if err != nil {
		return nil, err
	}
	return readFile(ctx, name, pypath.Resolve(name, dir), f.MaxFileSize, buf)
}

// exists is pathlib's Path.exists() for name.
func (f Files) exists(name string) bool {
	if f.FS != nil {
		_, err := fs.Stat(f.FS, name)
		return err == nil
	}
	dir, err := pypath.WorkDir(f.Dir)
	if err != nil {
		return false
	}
	_, err = os.Stat(pypath.Resolve(name, dir))
	return err == nil
}

// MainSection returns IniSection, or "alembic".
func (f Files) MainSection() string {
	if f.IniSection == "" {
		return DefaultIniSection
	}
	return f.IniSection
}

// Origins of the defaults, for provenance.
var (
	OriginConfigArgs = &configparser.Origin{Layer: "config_args"}
	OriginHere       = &configparser.Origin{Layer: "here"}
)

// INI is Alembic's file_config as read from the files.
type INI struct {
	// Parser holds the defaults and the sections.
	Parser *configparser.Parser
	// ConfigArgs is config_args with `here` set, as Alembic leaves it.
	ConfigArgs *pyvalue.Dict
	// Read is true when File was given and its text was read.
	Read bool

	origin configparser.Origin // of the file's values, allocated with the INI
	parser configparser.Parser // what Parser points to, allocated with the INI
	args   pyvalue.Dict        // what ConfigArgs points to, allocated with the INI
}

// ReadINI builds file_config as Alembic does: config_args["here"] is the
// directory of File, ConfigParser(config_args) is built, and File is read
// into it (a file that cannot be opened is skipped, as ConfigParser.read
// skips it, unless RequireFile). Without a File the main section is
// created empty.
//
// As in Alembic, config_args holds `here` even when the read then fails:
// on an error after that point the INI is returned too, with ConfigArgs
// set and no Parser.
//
// A FIFO, device or socket is refused at once, a file beyond MaxFileSize
// is a LimitError, and a read ctx ends stops with an OSError wrapping the
// context's error: these are errors whatever RequireFile says.
//
// A file below recycledRead bytes is read into a buffer that later reads
// reuse (readBuffers); the INI keeps a copy of its names and values only.
func ReadINI(ctx context.Context, f Files) (*INI, error) {
	f, err := f.withWorkDir()
	if err != nil {
		return nil, err
	}
	here, err := f.here(f.File)
	if err != nil {
		return nil, err
	}
	ini := new(INI)
	args := &ini.args // a copy of f.ConfigArgs, as dict(config_args)
	f.ConfigArgs.Range(func(k string, v any) bool {
		args.Set(k, v)
		return true
	})
	args.Set("here", here)
	ini.ConfigArgs = args
	failed := func(err error) (*INI, error) { ini.Parser = nil; return ini, err }
	p := &ini.parser
	if err := initINI(p, args, f.MaxValueSize); err != nil {
		return failed(err)
	}
	ini.Parser = p
	if f.File == "" {
		if err := p.AddSection(f.MainSection()); err != nil {
			return failed(err)
		}
		return ini, nil
	}
	var buf scratch
	data, err := f.read(ctx, f.File, &buf)
	if err != nil {
		buf.release()
		var refused *alembicerr.Error
		if errors.As(err, &refused) {
			return failed(err)
		}
		if f.RequireFile {
			return failed(pypath.OSError(pypath.Posix(f.File), err))
		}
		return ini, nil
	}
	doc, err := configparser.ParseOptions{NameRepr: PosixPathRepr}.Parse(f.File, data)
	if err != nil {
		if !buf.holds(data) {
			buf.release()
		} // else the error may quote the text: the buffer is left to the collector
		return failed(err)
	}
	if buf.holds(data) {
		doc.Detach()
	}
	buf.release()
	ini.origin = configparser.FileOrigin(doc.Name)
	p.Read(doc, &ini.origin)
	p.Budget = Budget(len(data))
	ini.Read = true
	return ini, nil
}

// Budget is the interpolation budget of a state read from n bytes:
// max(64 MiB, 8 × n), so that no real file reaches it while fan-out through
// [DEFAULT] stays bounded.
func Budget(n int) int64 { return max(configparser.DefaultBudget, 8*int64(n)) }

// PosixPathRepr is how Alembic 1.19's parse errors show the file: the
// repr of a pathlib.PosixPath.
func PosixPathRepr(name string) string {
	return "PosixPath(" + pyvalue.ReprString(pypath.Posix(name)) + ")"
}

// NewINI returns ConfigParser(defaults): each value as Python's str()
// gives it (None is the TypeError ConfigParser raises), keys lower-cased,
// a key repeated after lower-casing a DuplicateOptionError. A value of a
// type Python's config_args cannot hold is a TypeError naming it.
func NewINI(defaults *pyvalue.Dict, maxValueSize int) (*configparser.Parser, error) {
	p := new(configparser.Parser)
	if err := initINI(p, defaults, maxValueSize); err != nil {
		return nil, err
	}
	return p, nil
}

// initINI is NewINI on p, a zero Parser.
func initINI(p *configparser.Parser, defaults *pyvalue.Dict, maxValueSize int) error {
	p.Init()
	p.MaxValueSize = maxValueSize
	var buf [4]configparser.KeyValue // config_args are few: `here` and a handful
	kvs := buf[:0]
	var bad error
	defaults.Range(func(k string, v any) bool {
		text, err := ArgText(k, v)
		if err != nil {
			bad = err
			return false
		}
		origin := OriginConfigArgs
		if k == "here" {
			origin = OriginHere
		}
		kvs = append(kvs, configparser.KeyValue{Key: k, Value: text, None: v == nil, Origin: origin})
		return true
	})
	if bad != nil {
		return bad
	}
	return p.ReadDefaults(kvs)
}

// ArgText is the ini text of a config_args value: Python's str() of a
// string, bool, integer (also *big.Int) or float; "" for nil (None, which the caller
// refuses). Any other type is a TypeError.
func ArgText(key string, v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "", nil
	case string:
		return x, nil
	case bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return pyvalue.Str(x), nil
	case *big.Int:
		return x.String(), nil
	case float32:
		return pyvalue.Str(float64(x)), nil
	case float64:
		return pyvalue.Str(x), nil
	}
	return "", &alembicerr.Error{Kind: alembicerr.TypeError, Source: "<dict>", Option: key,
		Detail: fmt.Sprintf("config_args value of %s has the unsupported type %T (use a string, bool, integer or float)",
			strconv.Quote(key), v),
		Message: "option values must be strings"}
}

// recycledRead is the capacity of the buffers small ini files are read
// into and reused from: room for any real alembic.ini (600 bytes to ~10
// KB) with a byte to spare. A larger file is read into memory of its own,
// which its Document keeps (copying its strings out would double its
// memory).
const recycledRead = 32 << 10

// readBuffers holds the buffers of ReadINI. A small file is read into
// one, parsed, its Document detached from it (the few hundred bytes of
// names and values copied out) and the buffer put back: the fresh memory
// a load costs is then what it keeps, not the file's size, which on a
// small heap is what sets how often Go's collector runs.
var readBuffers = sync.Pool{New: func() any {
	b := make([]byte, 0, recycledRead)
	return &b
}}

// A scratch lends a read one of readBuffers, once the file's size shows
// it fits; the zero scratch has lent none.
type scratch struct {
	lent *[]byte
}

// take returns an empty buffer with room for size bytes and the byte that
// finds the end, or nil when s is nil or the file is too large for one.
func (s *scratch) take(size int64) []byte {
	if s == nil || size >= recycledRead {
		return nil
	}
	s.lent = readBuffers.Get().(*[]byte)
	return (*s.lent)[:0]
}

// holds reports whether data lies in the buffer lent.
func (s *scratch) holds(data []byte) bool {
	return s.lent != nil && unsafe.SliceData(data) == unsafe.SliceData(*s.lent)
}

// release puts the buffer lent back, for the next read to reuse.
func (s *scratch) release() {
	if s.lent != nil {
		readBuffers.Put(s.lent)
		s.lent = nil
	}
}
