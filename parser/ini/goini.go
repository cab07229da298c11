package ini

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/koanf-alembic/koanf-alembic/pyvalue"

	goini "gopkg.in/ini.v1"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/internal/configparser"
	"github.com/koanf-alembic/koanf-alembic/internal/state"
)

// goLoadOptions returns the ini.v1 options of the GoINI dialect: its
// defaults, which are what viper uses.
func goLoadOptions() goini.LoadOptions { return goini.LoadOptions{} }

// goVarPattern and goDepth are ini.v1's varPattern and depthValues.
var goVarPattern = regexp.MustCompile(`%\(([^)]+)\)s`)

const goDepth = 99

// unmarshalGoINI reads b with gopkg.in/ini.v1.
func (p *INI) unmarshalGoINI(b []byte) (out map[string]any, err error) {
	f, err := p.loadGoINI(b)
	if err != nil {
		return nil, err
	}
	r := goResolver{f: f, own: make(map[string]map[string]*goini.Key)}
	secs := f.Sections()
	for _, s := range secs {
		keys := s.Keys()
		own := make(map[string]*goini.Key, len(keys))
		for _, k := range keys {
			own[k.Name()] = k
		}
		r.own[s.Name()] = own
	}
	out = make(map[string]any, len(secs))
	for _, s := range secs {
		keys := s.Keys()
		if s.Name() == goini.DefaultSection && len(keys) == 0 {
			continue
		}
		vals := make(map[string]any, len(keys))
		for _, k := range keys {
			v := k.Value()
			if !p.opt.Raw && strings.Contains(v, "%") {
				r.budget = p.maxValueSize()
				iv, err := r.value(s.Name(), k, 0)
				switch {
				case err == nil:
					v = iv
				default:
					ierr := p.goInterpError(s.Name(), k.Name(), err)
					if p.opt.Strict {
						return nil, ierr
					}
					if p.opt.OnInterpolationError != nil {
						p.opt.OnInterpolationError(s.Name(), k.Name(), ierr)
					}
				}
			}
			vals[k.Name()] = v
		}
		out[s.Name()] = vals
	}
	return out, nil
}

// loadGoINI parses b with ini.v1, after installing Opt.Defaults in its
// DEFAULT section. A panic inside ini.v1 becomes a ParsingError.
func (p *INI) loadGoINI(b []byte) (f *goini.File, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, &alembicerr.Error{Kind: alembicerr.ParsingError, Source: p.name(),
				Detail: fmt.Sprintf("gopkg.in/ini.v1 failed: %v", r), Message: fmt.Sprint(r)}
		}
	}()
	f = goini.Empty(goLoadOptions())
	if p.opt.Defaults.Len() > 0 {
		seen := make(map[string]bool, p.opt.Defaults.Len())
		def := f.Section("")
		var bad error
		p.opt.Defaults.Range(func(key string, value any) bool {
			name := pyvalue.Lower(key)
			text, err := state.ArgText(key, value)
			switch {
			case err != nil:
				bad = err
			case value == nil:
				bad = &alembicerr.Error{Kind: alembicerr.TypeError, Source: "<dict>", Option: name,
					Detail: fmt.Sprintf("default %q is None; option values must be strings", key), Message: "option values must be strings"}
			case seen[name]:
				bad = &alembicerr.Error{Kind: alembicerr.DuplicateOptionError, Source: "<dict>",
					Section: configparser.DefaultSection, Option: name,
					Detail: fmt.Sprintf("default %q given twice (keys are case-insensitive)", name)}
			}
			if bad != nil {
				return false
			}
			seen[name] = true
			if _, err := def.NewKey(name, text); err != nil {
				bad = &alembicerr.Error{Kind: alembicerr.ValueError, Source: "<dict>",
					Section: configparser.DefaultSection, Option: name, Detail: err.Error(), Err: err}
				return false
			}
			return true
		})
		if bad != nil {
			return nil, bad
		}
	}
	if err := f.Append(b); err != nil {
		return nil, &alembicerr.Error{Kind: alembicerr.ParsingError, Source: p.name(),
			Detail: err.Error(), Message: err.Error(), Err: err}
	}
	return f, nil
}

func (p *INI) maxValueSize() int {
	if p.opt.MaxValueSize > 0 {
		return p.opt.MaxValueSize
	}
	return configparser.DefaultMaxValueSize
}

// goInterpError turns a resolver failure into an *alembicerr.Error.
func (p *INI) goInterpError(section, option string, err error) error {
	kind := alembicerr.InterpolationDepthError
	if err == errGoBudget {
		kind = alembicerr.LimitError
	}
	return &alembicerr.Error{Kind: kind, Source: p.name(), Section: section, Option: option,
		Detail:  fmt.Sprintf("interpolating option %q in section %q: %v", option, section, err),
		Message: err.Error(), Err: err}
}

var (
	errGoDepth  = fmt.Errorf("references nest more than %d deep (a reference cycle?)", goDepth)
	errGoBudget = fmt.Errorf("the interpolated value exceeds the size limit (bytes produced plus references followed)")
)

// goResolver is ini.v1's Key.transformValue without its unbounded
// recursion: the same lookups and substitutions, with a depth limit and a
// work budget.
type goResolver struct {
	f      *goini.File
	own    map[string]map[string]*goini.Key // section -> its own keys
	budget int
}

// lookup finds name as ini.v1's Section.GetKey does: in the section,
// then in its nearest existing parent section ("a.b.c" → "a.b" → "a", ""
// meaning DEFAULT), and so on up; it returns the key and the section that
// owns it, whose context ini.v1 interpolates the key in.
func (r *goResolver) lookup(section, name string) (*goini.Key, string) {
	for sname := section; ; {
		owner := sname
		if owner == "" {
			owner = goini.DefaultSection
		}
		if k := r.own[owner][name]; k != nil {
			return k, owner
		}
		i := strings.LastIndex(sname, ".")
		if i < 0 {
			return nil, ""
		}
		sname = sname[:i]
	}
}

// value returns k's value interpolated as Key.String() would.
func (r *goResolver) value(section string, k *goini.Key, depth int) (string, error) {
	val := k.Value()
	if !strings.Contains(val, "%") {
		return val, nil
	}
	if depth >= goDepth {
		return "", errGoDepth
	}
	for i := 0; i < goDepth; i++ {
		loc := goVarPattern.FindStringSubmatchIndex(val)
		if loc == nil {
			break
		}
		vr, name := val[loc[0]:loc[1]], val[loc[2]:loc[3]]
		nk, nsec := r.lookup(section, name)
		if nk == nil || nk == k {
			nk, nsec = r.own[goini.DefaultSection][name], goini.DefaultSection
			if nk == nil {
				break
			}
		}
		r.budget--
		if r.budget < 0 {
			return "", errGoBudget
		}
		sub, err := r.value(nsec, nk, depth+1)
		if err != nil {
			return "", err
		}
		r.budget -= strings.Count(val, vr) * len(sub)
		if r.budget < 0 {
			return "", errGoBudget
		}
		val = strings.ReplaceAll(val, vr, sub)
	}
	return val, nil
}

// marshalGoINI writes m with ini.v1 and checks that it reads back.
func (p *INI) marshalGoINI(m map[string]any) ([]byte, error) {
	f := goini.Empty(goLoadOptions())
	want := make(map[string]map[string]string, len(m))
	for _, sname := range sortedKeys(m) {
		if sname == "" {
			return nil, state.Refusal(alembicerr.ValueError, ErrUnrepresentable, sname, "", "a section name cannot be empty")
		}
		opts, err := sectionMap(sname, m[sname])
		if err != nil {
			return nil, err
		}
		sec, err := f.NewSection(sname)
		if err != nil {
			return nil, state.Refusal(alembicerr.ValueError, ErrUnrepresentable, sname, "", err.Error())
		}
		w := make(map[string]string, len(opts))
		for _, oname := range sortedKeys(opts) {
			v, err := valueString(sname, oname, opts[oname])
			if err != nil {
				return nil, err
			}
			if _, err := sec.NewKey(oname, v); err != nil {
				return nil, state.Refusal(alembicerr.ValueError, ErrUnrepresentable, sname, oname, err.Error())
			}
			w[oname] = v
		}
		want[sname] = w
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return nil, state.Refusal(alembicerr.ValueError, ErrUnrepresentable, "", "", err.Error())
	}
	out := buf.Bytes()

	raw := &INI{opt: Opt{Dialect: GoINI, Raw: true, Name: p.opt.Name}}
	got, err := raw.Unmarshal(out)
	if err != nil {
		return nil, state.Refusal(alembicerr.ValueError, ErrUnrepresentable, "", "", fmt.Sprintf("gopkg.in/ini.v1 does not read its output back: %v", err))
	}
	for _, sname := range sortedKeys(want) {
		g, ok := got[sname].(map[string]any)
		if !ok {
			if sname == goini.DefaultSection && len(want[sname]) == 0 {
				continue
			}
			return nil, state.Refusal(alembicerr.ValueError, ErrUnrepresentable, sname, "", "gopkg.in/ini.v1 does not read the section back")
		}
		for _, oname := range sortedKeys(want[sname]) {
			if gv, ok := g[oname]; !ok || gv != want[sname][oname] {
				return nil, state.Refusal(alembicerr.ValueError, ErrUnrepresentable, sname, oname, fmt.Sprintf("gopkg.in/ini.v1 reads the value back as %q", gv))
			}
		}
		if len(g) != len(want[sname]) {
			return nil, state.Refusal(alembicerr.ValueError, ErrUnrepresentable, sname, "", "gopkg.in/ini.v1 reads the section back with other keys")
		}
	}
	wantSections := len(want)
	if d, ok := want[goini.DefaultSection]; ok && len(d) == 0 {
		wantSections-- // an empty DEFAULT is not written
	}
	if len(got) != wantSections {
		return nil, state.Refusal(alembicerr.ValueError, ErrUnrepresentable, "", "", "gopkg.in/ini.v1 reads the output back with other sections")
	}
	return out, nil
}
