package difftest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// findPython returns /usr/bin/python3, else python3 from PATH.
func findPython() (string, error) {
	if fi, err := os.Stat("/usr/bin/python3"); err == nil && !fi.IsDir() {
		return "/usr/bin/python3", nil
	}
	if p, err := exec.LookPath("python3"); err == nil {
		return p, nil
	}
	return "", errors.New("python3 not found (neither /usr/bin/python3 nor python3 on PATH): the differential test needs CPython 3.11+ as its oracle")
}

// request is one document for the oracle (testdata/oracle.py).
type request struct {
	ID      int      `json:"id"`
	Path    string   `json:"path"`
	Measure bool     `json:"measure"`
	Ops     []Op     `json:"ops"`
	Final   []string `json:"final"`
}

// pyVal is one value in an answer: a string, a long string given by its
// length and SHA-256, an error (Python class name and message), or null.
// Work is CPython's interpolation work where the oracle measured it.
type pyVal struct {
	Null   bool
	Str    string
	Hashed bool
	N      int
	Sha    string
	Head   string
	Err    string
	Msg    string
	Work   int
}

func (v *pyVal) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*v = pyVal{Null: true}
		return nil
	case len(b) > 0 && b[0] == '"':
		*v = pyVal{}
		return json.Unmarshal(b, &v.Str)
	}
	var o struct {
		N       *int   `json:"n"`
		Sha     string `json:"sha"`
		Head    string `json:"head"`
		Error   string `json:"error"`
		Message string `json:"message"`
		Work    int    `json:"work"`
	}
	if err := json.Unmarshal(b, &o); err != nil {
		return err
	}
	*v = pyVal{Err: o.Error, Msg: o.Message, Sha: o.Sha, Head: o.Head, Work: o.Work}
	if o.N != nil {
		v.Hashed, v.N = true, *o.N
	}
	return nil
}

func (v pyVal) String() string {
	switch {
	case v.Null:
		return "None"
	case v.Err != "":
		s := v.Err + ": " + clip(v.Msg, 300)
		if v.Work > 0 {
			s += fmt.Sprintf(" (work %d)", v.Work)
		}
		return s
	case v.Hashed:
		s := fmt.Sprintf("<%d bytes, sha256 %.12s…, starting %q>", v.N, v.Sha, v.Head)
		if v.Work > 0 {
			s += fmt.Sprintf(" (work %d)", v.Work)
		}
		return s
	}
	return fmt.Sprintf("%q", clip(v.Str, 300))
}

// errList is a JSON list of strings or an error object.
type errList struct {
	List []string
	Err  string
	Msg  string
}

func (l *errList) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '[' {
		return json.Unmarshal(b, &l.List)
	}
	var o struct{ Error, Message string }
	if err := json.Unmarshal(b, &o); err != nil {
		return err
	}
	l.Err, l.Msg = o.Error, o.Message
	return nil
}

// pyItems is items(section) as a list of pairs, or an error.
type pyItems struct {
	Null  bool
	Names []string
	Vals  []pyVal
	Err   string
	Msg   string
}

func (it *pyItems) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		it.Null = true
		return nil
	}
	if len(b) > 0 && b[0] == '[' {
		var pairs [][2]json.RawMessage
		if err := json.Unmarshal(b, &pairs); err != nil {
			return err
		}
		for _, p := range pairs {
			var k string
			var v pyVal
			if err := json.Unmarshal(p[0], &k); err != nil {
				return err
			}
			if err := json.Unmarshal(p[1], &v); err != nil {
				return err
			}
			it.Names = append(it.Names, k)
			it.Vals = append(it.Vals, v)
		}
		return nil
	}
	var o struct{ Error, Message string }
	if err := json.Unmarshal(b, &o); err != nil {
		return err
	}
	it.Err, it.Msg = o.Error, o.Message
	return nil
}

type pySection struct {
	Name    string  `json:"name"`
	Options errList `json:"options"`
	Items   pyItems `json:"items"`
	Get     []pyVal `json:"get"`
	Raw     []pyVal `json:"raw"`
}

type pyErr struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

// opResult is the result of one op: exactly one of the fields is set,
// else Error.
type opResult struct {
	OK      bool     `json:"ok"`
	Value   *pyVal   `json:"value"`
	Items   *pyItems `json:"items"`
	List    []string `json:"list"`
	Bool    *bool    `json:"bool"`
	Error   string   `json:"error"`
	Message string   `json:"message"`
	// Works is CPython's work per option of the section (measured
	// documents only, options of at least 256 KiB).
	Works map[string]int `json:"works"`
	// hasValue and hasItems tell a JSON null from an absent key.
	hasValue, hasItems, hasList bool
}

func (r *opResult) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	type plain opResult
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	*r = opResult(p)
	if v, ok := raw["value"]; ok {
		r.hasValue = true
		r.Value = new(pyVal)
		if err := json.Unmarshal(v, r.Value); err != nil {
			return err
		}
	}
	if v, ok := raw["items"]; ok {
		r.hasItems = true
		r.Items = new(pyItems)
		if err := json.Unmarshal(v, r.Items); err != nil {
			return err
		}
	}
	_, r.hasList = raw["list"]
	return nil
}

type answer struct {
	ID          int         `json:"id"`
	Version     string      `json:"version"`
	OracleError string      `json:"oracle_error"`
	ReadError   *pyErr      `json:"read_error"`
	Sections    []string    `json:"sections"`
	Defaults    pySection   `json:"defaults"`
	Per         []pySection `json:"per"`
	Ops         []opResult  `json:"ops"`
	Final       *struct {
		Sections []string    `json:"sections"`
		Per      []pySection `json:"per"`
	} `json:"final"`
}

// oracle is one running testdata/oracle.py.
type oracle struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	out    *bufio.Reader
	stderr *bytes.Buffer
}

func startOracle() (*oracle, error) {
	py, err := findPython()
	if err != nil {
		return nil, err
	}
	script, err := filepath.Abs(filepath.Join("testdata", "oracle.py"))
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(py, script)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s %s: %w", py, script, err)
	}
	return &oracle{cmd: cmd, stdin: stdin, out: bufio.NewReaderSize(stdout, 1<<20), stderr: &stderr}, nil
}

func (o *oracle) send(r request) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	_, err = o.stdin.Write(append(b, '\n'))
	return err
}

func (o *oracle) receive() (*answer, error) {
	line, err := o.out.ReadBytes('\n')
	if err != nil {
		return nil, fmt.Errorf("reading the oracle's answer: %v; its stderr: %s", err, strings.TrimSpace(o.stderr.String()))
	}
	var a answer
	if err := json.Unmarshal(line, &a); err != nil {
		return nil, fmt.Errorf("decoding the oracle's answer: %v: %s", err, clip(string(line), 500))
	}
	if a.OracleError != "" {
		return nil, fmt.Errorf("oracle.py failed on document %d: %s", a.ID, a.OracleError)
	}
	return &a, nil
}

func (o *oracle) close() error {
	o.stdin.Close()
	err := o.cmd.Wait()
	if err != nil {
		return fmt.Errorf("oracle.py: %v; stderr: %s", err, strings.TrimSpace(o.stderr.String()))
	}
	return nil
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + fmt.Sprintf("…(%d bytes)", len(s))
}

// lineOracle is a Python script of testdata that answers one JSON line
// per JSON line.
type lineOracle struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	out    *bufio.Reader
	stderr *bytes.Buffer
}

// startLineOracle starts testdata/script with the environment's variables
// plus env ("NAME=value").
func startLineOracle(script string, env ...string) (*lineOracle, error) {
	py, err := findPython()
	if err != nil {
		return nil, err
	}
	path, err := filepath.Abs(filepath.Join("testdata", script))
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(py, path)
	if len(env) > 0 {
		cmd.Env = append(os.Environ(), env...)
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s %s: %w", py, path, err)
	}
	return &lineOracle{cmd: cmd, stdin: stdin, out: bufio.NewReaderSize(stdout, 1<<20), stderr: &stderr}, nil
}

// receive reads the next answer into v.
func (o *lineOracle) receive(v any) error {
	line, err := o.out.ReadBytes('\n')
	if err != nil {
		return fmt.Errorf("reading the oracle's answer: %v; its stderr: %s", err, strings.TrimSpace(o.stderr.String()))
	}
	if err := json.Unmarshal(line, v); err != nil {
		return fmt.Errorf("the oracle's answer %q: %v", line, err)
	}
	return nil
}

// send writes one request, as a JSON line.
func (o *lineOracle) send(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = o.stdin.Write(append(b, '\n'))
	return err
}
