package conformance

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"

	"github.com/koanf-alembic/koanf-alembic/pyvalue"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
	"github.com/koanf-alembic/koanf-alembic/alembicerr"
)

// result is what one op gave: a value or an error, and its warnings.
type result struct {
	ok       any
	errKind  string
	errMsg   string
	warnings []alembiccfg.Warning
}

func okResult(v any) result { return result{ok: jsonable(v)} }

// jsonable renders values JSON cannot hold as the protocol does: dates and
// times as {"__repr__": Python's repr, "__type__": the type's name}.
func jsonable(v any) any {
	switch x := v.(type) {
	case pyvalue.Date:
		return pyvalue.NewDict().Set("__repr__", pyvalue.Repr(x)).Set("__type__", "date")
	case pyvalue.Time:
		return pyvalue.NewDict().Set("__repr__", pyvalue.Repr(x)).Set("__type__", "time")
	case pyvalue.DateTime:
		return pyvalue.NewDict().Set("__repr__", pyvalue.Repr(x)).Set("__type__", "datetime")
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonable(e)
		}
		return out
	case *pyvalue.Dict:
		out := pyvalue.NewDict()
		x.Range(func(k string, e any) bool {
			out.Set(k, jsonable(e))
			return true
		})
		return out
	}
	return v
}

func errResult(err error) result {
	var pe *alembicerr.Error
	if errors.As(err, &pe) {
		return result{errKind: string(pe.Kind), errMsg: pe.Unredacted().Message}
	}
	return result{errKind: "GoError", errMsg: err.Error()}
}

// asDict renders a result as the protocol writes it.
func (r result) asDict(exact bool) *pyvalue.Dict {
	if r.errKind != "" {
		d := pyvalue.NewDict().Set("error", r.errKind)
		if exact {
			d.Set("message", r.errMsg)
		}
		return d
	}
	return pyvalue.NewDict().Set("ok", r.ok)
}

// caseEnv is the state of one running case.
type caseEnv struct {
	cfg      *alembiccfg.Config
	cwd      string
	writes   *recorder
	warnings []alembiccfg.Warning
	exact    bool
	answered Answered
}

type recorder struct{ writes []any }

func (r *recorder) Write(p []byte) (int, error) {
	r.writes = append(r.writes, string(p))
	return len(p), nil
}

// runCase runs a case through the facade, alembiccfg.Config, answering
// Alembic's ops one by one.
func runCase(name string, req request, expect []any, opts Options) (out Outcome) {
	out = Outcome{Case: name, EntryPoint: Facade}
	defer recoverCase(&out)
	env := newEnv(req, opts)
	if len(req.ops) != len(expect) {
		out.Status = Failed
		out.Details = []string{fmt.Sprintf("%d ops but %d expected results", len(req.ops), len(expect))}
		return out
	}
	for i, o := range req.ops {
		got, supported := env.run(o.name, o.args)
		if !supported {
			out.Status = Skipped
			out.Details = []string{fmt.Sprintf("op %d: %s is not supported", i, o.name)}
			out.Answered = env.answered
			return out
		}
		if msg := compare(expect[i], got, opts.ExactMessages); msg != "" {
			out.Details = append(out.Details, fmt.Sprintf("op %d (%s): %s", i, o.name, msg))
		}
	}
	out.Answered = env.answered
	if len(out.Details) > 0 {
		out.Status = Failed
	}
	return out
}

// recoverCase turns a panic inside the library into a failed case with
// its stack, so that one defect cannot hide the rest of a run. It must be
// deferred directly.
func recoverCase(out *Outcome) {
	if p := recover(); p != nil {
		out.Status = Failed
		out.Details = append(out.Details, fmt.Sprintf("panic: %v\n%s", p, debug.Stack()))
	}
}

func newEnv(req request, opts Options) *caseEnv {
	env := &caseEnv{cwd: req.cwd, writes: &recorder{}, exact: opts.ExactMessages}
	o := alembiccfg.Options{Dir: env.cwd, Stdout: env.writes, File: req.ini, ConfigArgs: req.configArgs}
	if req.hasTOML {
		o.TOMLFile = req.toml
	}
	if req.hasSection {
		o.IniSection = req.iniSection
	}
	if req.attributes != nil {
		o.Attributes = toPython(req.attributes).(*pyvalue.Dict)
	}
	if d, ok := req.cmdOpts.(*pyvalue.Dict); ok {
		o.CmdOpts = &alembiccfg.CmdOpts{}
		if q, _ := d.Get("quiet"); q == true {
			o.CmdOpts.Quiet = true
		}
		if vb, _ := d.Get("verbose"); vb == true {
			o.CmdOpts.Verbose = true
		}
	}
	o.OnWarning = func(w alembiccfg.Warning) { env.warnings = append(env.warnings, w) }
	env.cfg = alembiccfg.New(o)
	if req.hasSection && req.iniSection == "" {
		// Options.IniSection "" means the default; Alembic's
		// config_ini_section attribute may be set to "" afterwards.
		env.cfg.SetConfigIniSection("")
	}
	return env
}

// compare checks a result against its expectation and describes the
// difference ("" when they match).
func compare(expected any, got result, exact bool) string {
	exp, ok := expected.(*pyvalue.Dict)
	if !ok {
		return "malformed expectation " + encodeJSON(expected)
	}
	want := canonical(exp, exact)
	have := got.asDict(exact)
	var wantWarn []any
	if w, ok := exp.Get("warnings"); ok {
		list, _ := w.([]any)
		for _, x := range list {
			if d, ok := x.(*pyvalue.Dict); ok {
				c, _ := d.Get("category")
				m, _ := d.Get("message")
				wantWarn = append(wantWarn, warningValue(c, m, exact))
			}
		}
	}
	var haveWarn []any
	for _, w := range got.warnings {
		haveWarn = append(haveWarn, warningValue(w.Category, w.Message, exact))
	}
	if v, ok := have.Get("ok"); ok {
		have.Set("ok", normalizeDumps(v, exact))
	}
	if v, ok := want.Get("ok"); ok {
		want.Set("ok", normalizeDumps(v, exact))
	}
	if len(wantWarn) > 0 {
		want.Set("warnings", wantWarn)
	}
	if len(haveWarn) > 0 {
		have.Set("warnings", haveWarn)
	}
	if equal(want, have) {
		return ""
	}
	return "expected " + encodeJSON(want) + ", got " + encodeJSON(have)
}

// warningValue is what is compared of a warning: its category, and in
// exact-message mode its message too.
func warningValue(category, message any, exact bool) any {
	if !exact {
		return category
	}
	return pyvalue.NewDict().Set("category", category).Set("message", message)
}

// canonical reduces a result object to what is compared: the value, or
// the error class (and message in exact mode).
func canonical(r *pyvalue.Dict, exact bool) *pyvalue.Dict {
	if e, ok := r.Get("error"); ok {
		d := pyvalue.NewDict().Set("error", e)
		if exact {
			m, _ := r.Get("message")
			d.Set("message", m)
		}
		return d
	}
	v, _ := r.Get("ok")
	return pyvalue.NewDict().Set("ok", v)
}

// normalizeDumps canonicalises the nested results of a dump value.
func normalizeDumps(v any, exact bool) any {
	d, ok := v.(*pyvalue.Dict)
	if !ok || !d.Has("sections") || !d.Has("defaults") {
		return v
	}
	out := d.Copy()
	if secs, ok := d.Get("sections"); ok {
		var list []any
		for _, s := range secs.([]any) {
			sd := s.(*pyvalue.Dict).Copy()
			if r, ok := sd.Get("get_section"); ok {
				sd.Set("get_section", canonical(r.(*pyvalue.Dict), exact))
			}
			if opts, ok := sd.Get("options"); ok {
				sd.Set("options", canonicalValues(opts, exact))
			}
			list = append(list, sd)
		}
		out.Set("sections", nonNil(list))
	}
	if defs, ok := d.Get("defaults"); ok {
		out.Set("defaults", canonicalValues(defs, exact))
	}
	if t, ok := d.Get("toml"); ok {
		td := t.(*pyvalue.Dict).Copy()
		if r, ok := td.Get("raw"); ok {
			td.Set("raw", canonical(r.(*pyvalue.Dict), exact))
		}
		if vals, ok := td.Get("values"); ok {
			vd := pyvalue.NewDict()
			vals.(*pyvalue.Dict).Range(func(k string, r any) bool {
				vd.Set(k, canonical(r.(*pyvalue.Dict), exact))
				return true
			})
			td.Set("values", vd)
		}
		out.Set("toml", td)
	}
	return out
}

func canonicalValues(v any, exact bool) []any {
	var list []any
	for _, o := range v.([]any) {
		od := o.(*pyvalue.Dict).Copy()
		if r, ok := od.Get("value"); ok {
			od.Set("value", canonical(r.(*pyvalue.Dict), exact))
		}
		list = append(list, od)
	}
	return nonNil(list)
}

func nonNil(list []any) []any {
	if list == nil {
		return []any{}
	}
	return list
}

// resolve makes a path of the case absolute against its working directory.
func (env *caseEnv) resolve(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(env.cwd, p)
}

func writeFile(path, text string) error {
	return os.WriteFile(path, []byte(text), 0o644)
}
