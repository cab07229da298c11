//go:build linux

package state

import (
	"io"
	"io/fs"
	"path/filepath"
	"syscall"
	"time"
)

// openNonBlocking opens path for reading without waiting for a FIFO's
// writer; reads of a regular file are not affected by O_NONBLOCK.
//
// On Linux it returns a file read with plain system calls (open, fstat,
// read, close): an *os.File opened with O_NONBLOCK would also try to
// register with the runtime's poller (an epoll_ctl that a regular file
// refuses) and set a finalizer, which together cost more than reading a
// small ini file.
func openNonBlocking(path string) (fs.File, error) {
	for {
		fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: path, Err: err}
		}
		return &rawFile{fd: fd, path: path}, nil
	}
}

// rawFile is an open file descriptor as an fs.File. It is used by one
// goroutine and closed by it, so it needs no finalizer.
type rawFile struct {
	fd   int
	path string
}

func (f *rawFile) Stat() (fs.FileInfo, error) {
	fi := &rawInfo{name: filepath.Base(f.path)}
	for {
		err := syscall.Fstat(f.fd, &fi.sys)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "stat", Path: f.path, Err: err}
		}
		return fi, nil
	}
}

func (f *rawFile) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for {
		n, err := syscall.Read(f.fd, p)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return 0, &fs.PathError{Op: "read", Path: f.path, Err: err}
		}
		if n == 0 {
			return 0, io.EOF
		}
		return n, nil
	}
}

func (f *rawFile) Close() error {
	// As os.File.Close: close is not retried on EINTR (the descriptor is
	// released whatever it returns on Linux).
	if err := syscall.Close(f.fd); err != nil {
		return &fs.PathError{Op: "close", Path: f.path, Err: err}
	}
	return nil
}

// rawInfo is the fs.FileInfo of a rawFile: fstat's answer, read as os
// reads it.
type rawInfo struct {
	name string
	sys  syscall.Stat_t
}

func (fi *rawInfo) Name() string       { return fi.name }
func (fi *rawInfo) Size() int64        { return fi.sys.Size }
func (fi *rawInfo) ModTime() time.Time { return time.Unix(fi.sys.Mtim.Unix()) }
func (fi *rawInfo) IsDir() bool        { return fi.Mode().IsDir() }
func (fi *rawInfo) Sys() any           { return &fi.sys }

// Mode converts st_mode as os.Stat does.
func (fi *rawInfo) Mode() fs.FileMode {
	m := fs.FileMode(fi.sys.Mode & 0o777)
	switch fi.sys.Mode & syscall.S_IFMT {
	case syscall.S_IFBLK:
		m |= fs.ModeDevice
	case syscall.S_IFCHR:
		m |= fs.ModeDevice | fs.ModeCharDevice
	case syscall.S_IFDIR:
		m |= fs.ModeDir
	case syscall.S_IFIFO:
		m |= fs.ModeNamedPipe
	case syscall.S_IFLNK:
		m |= fs.ModeSymlink
	case syscall.S_IFSOCK:
		m |= fs.ModeSocket
	}
	if fi.sys.Mode&syscall.S_ISGID != 0 {
		m |= fs.ModeSetgid
	}
	if fi.sys.Mode&syscall.S_ISUID != 0 {
		m |= fs.ModeSetuid
	}
	if fi.sys.Mode&syscall.S_ISVTX != 0 {
		m |= fs.ModeSticky
	}
	return m
}
