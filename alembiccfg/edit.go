package alembiccfg

import (
	"context"
	"errors"
	"io/fs"
	"os"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/internal/configparser"
	"github.com/koanf-alembic/koanf-alembic/internal/pypath"
	"github.com/koanf-alembic/koanf-alembic/internal/state"
)

// FileEdit is a lossless edit of the ini file itself (Options.File), not of
// the layers above it: a set replaces only that option's lines, keeping
// its key's spelling, delimiter and spacing; a new option goes after the
// last option of its section in its neighbours' style; a new section goes
// at the end; a remove deletes the option's lines and nothing else.
// Comments, blank lines, line endings (LF, CRLF, lone CR) and a missing
// final newline survive, and an unchanged file is written back byte for
// byte. Every change is read back with the CPython-exact engine first: a
// value CPython would not read back exactly is an error of kind
// ValueError and changes nothing. [DEFAULT] may be edited, unlike with
// SetSectionOption.
//
// A FileEdit is not safe for concurrent use.
type FileEdit struct {
	name, path string
	stamp      state.Stamp
	original   string
	edit       *state.Edit
}

// EditFile reads Options.File for editing. Without an ini file, or when it
// does not exist, it is an error of kind OSError: pyproject.toml is never
// edited (CreateFile starts a new ini instead).
func (c *Config) EditFile(ctx context.Context) (*FileEdit, error) { return c.editFile(ctx, false) }

// CreateFile is EditFile for an ini that may not exist yet: the edit then
// starts from an empty text and Save creates the file (mode 0644),
// refusing if it has appeared meanwhile. An existing file is edited as
// EditFile edits it.
func (c *Config) CreateFile(ctx context.Context) (*FileEdit, error) { return c.editFile(ctx, true) }

func (c *Config) editFile(ctx context.Context, create bool) (*FileEdit, error) {
	if c.opts.File == "" {
		return nil, &alembicerr.Error{Kind: alembicerr.OSError,
			Message: "there is no ini file to edit (Options.File is empty); pyproject.toml is not edited"}
	}
	if c.opts.FS != nil {
		return nil, &alembicerr.Error{Kind: alembicerr.OSError, Source: c.opts.File,
			Message: "an ini file read from Options.FS cannot be edited"}
	}
	dir, err := pypath.WorkDir(c.opts.Dir)
	if err != nil {
		return nil, err
	}
	path := pypath.Resolve(c.opts.File, dir)
	if _, err := os.Lstat(path); create && errors.Is(err, fs.ErrNotExist) {
		e, _ := state.NewEdit(c.opts.File, nil)
		return &FileEdit{name: c.opts.File, path: path, stamp: state.AbsentStamp, edit: e}, nil
	}
	data, stamp, err := state.ReadForEdit(ctx, c.opts.File, path, c.opts.MaxFileSize)
	if err != nil {
		return nil, err
	}
	e, err := state.NewEdit(c.opts.File, data)
	if err != nil {
		return nil, err
	}
	return &FileEdit{name: c.opts.File, path: path, stamp: stamp, original: string(data), edit: e}, nil
}

// Set sets option of section to value, a literal: every "%" is written as
// "%%", so that CPython reads back exactly value (as the environment layer
// takes values). Section DEFAULT edits the defaults.
func (f *FileEdit) Set(section, option, value string) error {
	return f.edit.Set(section, option, state.Literal(value))
}

// SetRaw sets option of section to raw configparser text, with its
// %(name)s references, validated as set_main_option validates it.
func (f *FileEdit) SetRaw(section, option, raw string) error {
	if err := configparser.ValidateValue(option, raw); err != nil {
		return err
	}
	return f.edit.Set(section, option, raw)
}

// Remove deletes option of section; it reports whether it was there.
func (f *FileEdit) Remove(section, option string) (bool, error) {
	return f.edit.Remove(section, option)
}

// AddSection appends an empty section (DEFAULT included) at the end; it
// reports false for a section that exists, which stays as it is.
func (f *FileEdit) AddSection(section string) (bool, error) {
	return f.edit.AddSection(section)
}

// RemoveSection deletes a section (not DEFAULT) with its options and the
// comments and blank lines up to the next section; it reports whether the
// section was there.
func (f *FileEdit) RemoveSection(section string) (bool, error) {
	return f.edit.RemoveSection(section)
}

// Original returns the text as it was read; Text the text with the edits.
func (f *FileEdit) Original() string { return f.original }

// Text returns the edited text.
func (f *FileEdit) Text() string { return f.edit.Text() }

// Changed reports whether the edits changed the text.
func (f *FileEdit) Changed() bool { return f.edit.Text() != f.original }

// Save writes the edited text atomically (a temporary file in the same
// directory, synced, renamed over the file — its target when it is a
// symlink — mode bits and, where permitted, owner kept). If the file
// changed on disk since EditFile read it, Save writes nothing and returns
// an error of kind WriteConflictError, unless force.
func (f *FileEdit) Save(ctx context.Context, force bool) error {
	data := []byte(f.edit.Text())
	if err := state.SaveAtomic(ctx, f.name, f.path, data, f.stamp, force); err != nil {
		return err
	}
	f.stamp, f.original = state.StampOf(data), string(data)
	return nil
}
