package conformance

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/koanf-alembic/koanf-alembic/pyvalue"
)

// Token is replaced by the suite's directory in every string of a case.
const Token = "${SUITE}"

// Case is one conformance case: a request (how to build the
// configuration, and the ops to apply) and one expected result per op.
type Case struct {
	Name    string
	Tags    []string
	Request *pyvalue.Dict
	Expect  []any
}

// Suite is a directory of *.json case files and the fixtures they use.
type Suite struct {
	Dir   string
	Cases []Case
}

// LoadSuite reads every *.json file of dir (not recursively) in name order.
func LoadSuite(dir string) (*Suite, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("conformance suite %s: no *.json case files", dir)
	}
	sort.Strings(files)
	s := &Suite{Dir: dir}
	for _, f := range files {
		cases, err := loadCases(f)
		if err != nil {
			return nil, err
		}
		s.Cases = append(s.Cases, cases...)
	}
	return s, nil
}

func loadCases(file string) ([]Case, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	v, err := decodeJSON(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("%s: not a list of cases", file)
	}
	cases := make([]Case, 0, len(list))
	for i, item := range list {
		d, ok := item.(*pyvalue.Dict)
		if !ok {
			return nil, fmt.Errorf("%s: case %d is not an object", file, i)
		}
		var c Case
		name, _ := d.Get("name")
		c.Name, _ = name.(string)
		if tags, ok := d.Get("tags"); ok {
			for _, t := range tags.([]any) {
				c.Tags = append(c.Tags, t.(string))
			}
		}
		req, _ := d.Get("request")
		c.Request, ok = req.(*pyvalue.Dict)
		if c.Name == "" || !ok {
			return nil, fmt.Errorf("%s: case %d lacks a name or a request", file, i)
		}
		exp, _ := d.Get("expect")
		c.Expect, _ = exp.([]any)
		cases = append(cases, c)
	}
	return cases, nil
}

// Status is the outcome of a case.
type Status int

// Case outcomes.
const (
	Passed Status = iota
	Failed
	Skipped
)

// Outcome is the result of running one case through one entry point.
type Outcome struct {
	Case       string
	EntryPoint EntryPoint
	Status     Status
	// Details holds one line per failing op, or the reason of a skip.
	Details []string
	// Answered counts the ops the runner answered without the library.
	Answered Answered
}

// Key is how known-failures.txt names the outcome: the case name for the
// facade, ENTRYPOINT:CASE for the others.
func (o Outcome) Key() string {
	if o.EntryPoint == Facade {
		return o.Case
	}
	return string(o.EntryPoint) + ":" + o.Case
}

// Answered counts the ops the runner answers itself, because a typed Go
// API cannot receive the request or has no such value.
type Answered struct {
	// TypeError: typed setters given a non-string name or value.
	TypeError int
	// NoOptionError: raw_get of an absent option, which the library
	// reports as not found rather than as an error.
	NoOptionError int
	// OutputBuffer: attr output_buffer, always None for the runner.
	OutputBuffer int
}

func (a *Answered) add(b Answered) {
	a.TypeError += b.TypeError
	a.NoOptionError += b.NoOptionError
	a.OutputBuffer += b.OutputBuffer
}

// String is the runner-answered report line's text.
func (a Answered) String() string {
	return fmt.Sprintf("%d ops (typed-setter TypeError %d, raw_get NoOptionError %d, attr output_buffer %d)",
		a.TypeError+a.NoOptionError+a.OutputBuffer, a.TypeError, a.NoOptionError, a.OutputBuffer)
}

// Options tune a run.
type Options struct {
	// ExactMessages also compares error messages, not only their classes.
	ExactMessages bool
	// TempDir is where the suite is copied; "" means os.TempDir().
	TempDir string
}

// Run copies the suite to a fresh temporary directory (cases may rewrite
// fixtures), substitutes the token, and runs every case in order through
// every entry point: the tree entry points first, on the fixtures as the
// case starts, then the facade, whose write_file ops change them for the
// cases after. A case that does not apply to a tree entry point has no
// outcome for it.
func (s *Suite) Run(opts Options) ([]Outcome, error) {
	var outcomes []Outcome
	err := s.walk(opts, false, func(name string, r request, expect []any, reqErr error) {
		if reqErr != nil {
			for _, ep := range EntryPoints() {
				outcomes = append(outcomes, Outcome{Case: name, EntryPoint: ep, Status: Skipped, Details: []string{reqErr.Error()}})
			}
			return
		}
		for _, e := range treeEntries() {
			if o, applies := runTreeCase(e, name, r, expect, opts); applies {
				outcomes = append(outcomes, o)
			}
		}
		outcomes = append(outcomes, runCase(name, r, expect, opts))
	})
	return outcomes, err
}

// walk copies the suite to a fresh temporary directory, substitutes the
// token and calls fn for every case in order. With replay, the case's
// write_file ops are applied after fn, so that later cases see the
// fixtures as a full run leaves them.
func (s *Suite) walk(opts Options, replay bool, fn func(name string, r request, expect []any, reqErr error)) error {
	tmp, err := os.MkdirTemp(opts.TempDir, "conformance-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	root := filepath.Join(tmp, "suite")
	if err := os.CopyFS(root, os.DirFS(s.Dir)); err != nil {
		return fmt.Errorf("copying suite %s: %w", s.Dir, err)
	}
	if root, err = filepath.EvalSymlinks(root); err != nil {
		return err
	}
	root = filepath.ToSlash(root)
	for _, c := range s.Cases {
		req := substitute(c.Request, Token, root).(*pyvalue.Dict)
		exp := substitute(c.Expect, Token, root).([]any)
		r, err := parseRequest(req, root)
		fn(c.Name, r, exp, err)
		if !replay || err != nil {
			continue
		}
		for _, o := range r.ops {
			if o.name == "write_file" {
				p, _ := arg(o.args, 0).(string)
				text, _ := arg(o.args, 1).(string)
				if !filepath.IsAbs(p) {
					p = filepath.Join(r.cwd, p)
				}
				if err := writeFile(p, text); err != nil {
					return fmt.Errorf("case %s: write_file: %w", c.Name, err)
				}
			}
		}
	}
	return nil
}

// Summary counts outcomes.
type Summary struct{ Passed, Failed, Skipped int }

func (s *Summary) add(o Outcome) {
	switch o.Status {
	case Passed:
		s.Passed++
	case Failed:
		s.Failed++
	default:
		s.Skipped++
	}
}

// Summarize counts outcomes.
func Summarize(outcomes []Outcome) Summary {
	var s Summary
	for _, o := range outcomes {
		s.add(o)
	}
	return s
}

// String is "N passed, N failed, N skipped".
func (s Summary) String() string {
	return fmt.Sprintf("%d passed, %d failed, %d skipped", s.Passed, s.Failed, s.Skipped)
}

// ParseKnownFailures reads a known-failures list: one outcome a line (a
// bare case name for the facade, ENTRYPOINT:CASE for another entry
// point), optionally followed by whitespace and a reason; "#" starts a
// comment line.
func ParseKnownFailures(text string) map[string]string {
	known := make(map[string]string)
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, reason, _ := strings.Cut(line, " ")
		known[name] = strings.TrimSpace(reason)
	}
	return known
}
