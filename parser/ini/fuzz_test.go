package ini

import (
	"errors"
	"reflect"
	"testing"

	"github.com/koanf-alembic/koanf-alembic/pyvalue"

	"github.com/koanf-alembic/koanf-alembic/internal/state"

	goini "gopkg.in/ini.v1"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
)

var fuzzSeeds = []string{
	"# A generic, single database configuration.\n\n[alembic]\nscript_location = %(here)s/alembic\n" +
		"prepend_sys_path = .\npath_separator = os\nsqlalchemy.url = driver://user:pass@localhost/dbname\n\n" +
		"[post_write_hooks]\n# hooks = black\n\n[loggers]\nkeys = root,sqlalchemy,alembic\n\n" +
		"[formatter_generic]\nformat = %(levelname)-5.5s [%(name)s] %(message)s\ndatefmt = %%H:%%M:%%S\n",
	"[a]\nk = v\n  cont\n\n  more\n\n\n",
	"[DEFAULT]\nd = %(x)s\n[a]\nx = 1\n[b]\n",
	"[a]b] c]\nk=v\n[ spaced ]\n",
	"[a]\n  k = v\n    k2 = w\nj=1\n",
	"\ufeff[a]\nk=v\n",
	"[a]\nk = v\r\n j\rl = m\n",
	"[a]\nİ = x\nΣΑΣ = y\n",
	"[a]\nk = %(k)s\nj = %(J)s%%\nl = 50%\n",
	"[a]\n\x0bk = v\n\u00a0x\n\x1cy\n",
	"[a]\nk =\n # comment\n  v\n;c\n  w\n",
	"k = v\n",
	"[a]\n=v\n",
	"[a]\nx = %(y)s%(y)s\ny = %(z)s%(z)s\nz = zzzzzzzz\n",
	"top = 1\n[s]\nk = \"\"\"a\nb\"\"\"\n[s.t]\nj = %(k)s\n",
	"[a]\nk = `raw` ; c\nq = \"x\" # y\n",
	"[a]\nx = %(y)s\ny = %(x)s\n",
	"[a]\ne =\nf = %(e)s x\ng = a\n  %(e)s#b\n",
	"[a\n[b]\n[k = v\n",
}

// FuzzParse checks that Unmarshal never panics or hangs, returns only
// *alembicerr.Error values, and that whatever it returns either is refused by
// Marshal with ErrUnrepresentable or is written as INI that Unmarshal
// reads back to the same map, in both dialects.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzPython(t, data, false)
		fuzzPython(t, data, true)
		fuzzGoINI(t, data)
	})
}

func ignore(string, string, error) {}

func fuzzPython(t *testing.T, data []byte, raw bool) {
	p := Parser(Opt{Raw: raw, OnInterpolationError: ignore})
	m, err := p.Unmarshal(data)
	if err != nil {
		var e *alembicerr.Error
		if !errors.As(err, &e) {
			t.Fatalf("Raw=%v Unmarshal error %T %v is not a *alembicerr.Error", raw, err, err)
		}
		return
	}
	out, err := p.Marshal(m)
	if err != nil {
		var e *alembicerr.Error
		if !errors.As(err, &e) || !errors.Is(err, ErrUnrepresentable) {
			t.Fatalf("Raw=%v Marshal error %T %v is not a refusal", raw, err, err)
		}
		if errors.Is(err, state.ErrReadBack) {
			t.Fatalf("Raw=%v Marshal: a check is missing: %v", raw, err)
		}
		// Raw values as parsed are always representable; only option names
		// that Python's lower() does not leave unchanged are refused.
		if raw && (e.Option == "" || pyvalue.Lower(e.Option) == e.Option) {
			t.Fatalf("Raw=%v Marshal refused a parsed document: %v", raw, err)
		}
		return
	}
	back, err := Parser(Opt{Raw: raw, Strict: true}).Unmarshal(out)
	if err != nil {
		t.Fatalf("Raw=%v: Marshal output does not read back: %v\n%q", raw, err, out)
	}
	if !reflect.DeepEqual(back, m) {
		t.Fatalf("Raw=%v round trip differs:\n got %q\nwant %q\nvia %q", raw, back, m, out)
	}
}

func fuzzGoINI(t *testing.T, data []byte) {
	type key struct{ section, option string }
	failed := map[key]bool{}
	p := Parser(Opt{Dialect: GoINI, OnInterpolationError: func(s, o string, err error) {
		if !errors.Is(err, alembicerr.ErrInterpolationDepth) && !errors.Is(err, alembicerr.ErrLimit) {
			t.Fatalf("GoINI interpolation error %v has kind %T", err, err)
		}
		failed[key{s, o}] = true
	}})
	m, err := p.Unmarshal(data)
	if err != nil {
		var e *alembicerr.Error
		if !errors.As(err, &e) {
			t.Fatalf("GoINI Unmarshal error %T %v is not a *alembicerr.Error", err, err)
		}
		return
	}

	// Where the resolver succeeded, ini.v1's own Key.String() terminates
	// too (same lookups) and must agree.
	f, err := goini.Load(data)
	if err != nil {
		t.Fatalf("ini.v1 fails where Unmarshal did not: %v", err)
	}
	for _, s := range f.Sections() {
		for _, k := range s.Keys() {
			if failed[key{s.Name(), k.Name()}] {
				continue
			}
			got := m[s.Name()].(map[string]any)[k.Name()]
			if want := k.String(); got != want {
				t.Fatalf("[%s] %s: resolver gives %q, ini.v1 %q", s.Name(), k.Name(), got, want)
			}
		}
	}

	rp := Parser(Opt{Dialect: GoINI, Raw: true})
	rm, err := rp.Unmarshal(data)
	if err != nil {
		t.Fatalf("GoINI Raw Unmarshal fails where interpolating one did not: %v", err)
	}
	out, err := rp.Marshal(rm)
	if err != nil {
		if !errors.Is(err, ErrUnrepresentable) {
			t.Fatalf("GoINI Marshal error %T %v is not a refusal", err, err)
		}
		return
	}
	back, err := rp.Unmarshal(out)
	if err != nil || !reflect.DeepEqual(back, rm) {
		t.Fatalf("GoINI round trip: %v\n got %q\nwant %q\nvia %q", err, back, rm, out)
	}
}
