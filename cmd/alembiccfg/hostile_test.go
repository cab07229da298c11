package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A FIFO or a device as the ini is refused at once, naming it; the default
// alembic.ini too.
func TestSpecialFiles(t *testing.T) {
	dir := project(t, map[string]string{"pyproject.toml": "[tool.alembic]\nscript_location = \"m\"\n"})
	if err := syscall.Mkfifo(filepath.Join(dir, "alembic.ini"), 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	fifo := []string{"alembic.ini: is a FIFO (named pipe), not a regular file: refused without reading it (OSError)"}
	expect(t, runAt(t, dir, nil, "-c", "alembic.ini", "get", "x"), 2, nil, fifo)
	expect(t, runAt(t, dir, nil, "get", "x"), 2, nil, fifo)
	expect(t, runAt(t, dir, nil, "dump"), 2, nil, fifo)
	expect(t, runAt(t, dir, nil, "-c", "/dev/zero", "get", "x"), 2, nil, []string{"/dev/zero: is a character device"})
	expect(t, runAt(t, dir, nil, "-c", "pyproject.toml", "-c", "/dev/urandom", "explain"), 2, nil, []string{"/dev/urandom: is a character device"})
}

func TestMaxFileSize(t *testing.T) {
	dir := project(t, map[string]string{"alembic.ini": "[alembic]\nscript_location = migrations\n"})
	expect(t, runAt(t, dir, nil, "--max-file-size", "1KiB", "get", "script_location"), 0, []string{"migrations\n"}, nil)
	expect(t, runAt(t, dir, nil, "--max-file-size", "20", "get", "script_location"), 2, nil,
		[]string{"alembic.ini: is larger than the limit of 20 bytes", "(LimitError)"})
	expect(t, runAt(t, dir, nil, "--max-file-size", "1PiB", "get", "x"), 2, nil, []string{"--max-file-size"})
	if n, err := parseSize("2MiB"); err != nil || n != 2<<20 {
		t.Errorf("parseSize(2MiB) = %d, %v", n, err)
	}
}

// -c - reads the ini from standard input, within the size limit; `here` is
// the working directory.
func TestStdin(t *testing.T) {
	dir := project(t, map[string]string{"pyproject.toml": "[tool.alembic]\nversion_locations = [\"%(here)s/v\"]\n"})
	in := "[alembic]\nscript_location = %(here)s/migrations\n"
	r := runStdin(t, dir, in, "-c", "-", "get", "script_location")
	expect(t, r, 0, []string{dir + "/migrations\n"}, nil)
	r = runStdin(t, dir, in, "-c", "-", "get", "version_locations")
	expect(t, r, 0, []string{`["` + dir + `/v"]`}, nil)
	r = runStdin(t, dir, in, "-c", "-", "--max-file-size", "10", "get", "script_location")
	expect(t, r, 2, nil, []string{"standard input is larger than the limit of 10 bytes", "(LimitError)"})
	r = runStdin(t, dir, "[alembic]\nnot an option\n", "-c", "-", "get", "x")
	expect(t, r, 2, nil, []string{"<stdin>:2: "})
}

func runStdin(t *testing.T, dir, stdin string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := runIn(dir, args, nil, strings.NewReader(stdin), &out, &errOut)
	return result{code: code, stdout: out.String(), stderr: errOut.String()}
}
