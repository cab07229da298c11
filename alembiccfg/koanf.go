package alembiccfg

import (
	"fmt"
	"sort"
	"strings"

	"github.com/knadh/koanf/providers/confmap"
	"github.com/knadh/koanf/v2"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/internal/pyvalue"
)

// Koanf returns a koanf snapshot of the merged configuration, for code
// that already speaks koanf (k.String, k.Unmarshal into structs with
// `koanf` tags). Sections are top-level keys and their options (with the
// defaults, as Section gives them) sit under them, interpolated; a value
// whose interpolation fails stays raw (every stock template's
// [formatter_generic] holds such values, which Python's logging reads
// raw) and is reported to Options.OnInterpolationError when the view is
// built. pyproject.toml's [tool.alembic] appears under tool.alembic,
// %-formatted with toml_args where that succeeds, types kept.
//
// The snapshot is built on first call and rebuilt after a change or a
// Reload; treat it as read-only, and never Set a dotted path on it: koanf
// splits every written path at ".", so `sqlalchemy.url` would become two
// levels. Keys that would meet in koanf's "."-joined paths ([a] b.c and
// [a.b] c, or an ini [tool] section and tool.alembic) are an error naming
// both. Note that koanf's Unmarshal converts weakly ("True" becomes
// true), unlike Alembic's boolean getter.
func (c *Config) Koanf() (*koanf.Koanf, error) {
	k, failures, err := c.koanf()
	if report := c.opts.OnInterpolationError; report != nil {
		for _, f := range failures {
			report(f.section, f.option, f.err)
		}
	}
	return k, err
}

// viewFailure is a value the koanf view keeps raw.
type viewFailure struct {
	section, option string
	err             error
}

// koanf builds the view under the lock; the failures are reported after.
func (c *Config) koanf() (*koanf.Koanf, []viewFailure, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.kview != nil {
		return c.kview, nil, nil
	}
	var failures []viewFailure
	fc, err := c.fileConfig()
	if err != nil {
		return nil, nil, err
	}
	tree := map[string]any{}
	for _, name := range fc.Sections() {
		section := map[string]any{}
		names, _ := fc.Options(name)
		for _, opt := range names {
			v, _, err := fc.Get(name, opt)
			if err != nil {
				failures = append(failures, viewFailure{name, opt, err})
				v, _, _ = fc.RawGet(name, opt)
			}
			section[opt] = v
		}
		tree[name] = section
	}
	if table, err := c.tomlAlembicConfig(); err == nil && table.Len() > 0 {
		alembic := map[string]any{}
		for _, k := range table.Keys() {
			v, _, err := c.tomlValue(k)
			if err != nil {
				failures = append(failures, viewFailure{"tool.alembic", k, err})
				v, _ = table.Get(k)
			}
			alembic[k] = plain(v)
		}
		tool, ok := tree["tool"].(map[string]any)
		if !ok {
			tool = map[string]any{}
			tree["tool"] = tool
		}
		if _, clash := tool["alembic"]; clash {
			return nil, nil, collision("[tool] alembic", "pyproject.toml [tool.alembic]")
		}
		tool["alembic"] = alembic
	}
	if err := checkCollisions(tree); err != nil {
		return nil, nil, err
	}
	k := koanf.New(".")
	if err := k.Load(confmap.Provider(tree, ""), nil); err != nil {
		return nil, nil, err
	}
	c.kview = k
	return k, failures, nil
}

// plain converts pyvalue values to what koanf holds: maps and slices.
func plain(v any) any {
	switch v := v.(type) {
	case *Dict:
		m := make(map[string]any, v.Len())
		v.Range(func(k string, x any) bool {
			m[k] = plain(x)
			return true
		})
		return m
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = plain(x)
		}
		return out
	case pyvalue.Date, pyvalue.Time, pyvalue.DateTime:
		return fmt.Sprint(v)
	}
	return v
}

// checkCollisions finds two leaves whose "."-joined koanf paths are equal
// or where one is a prefix of the other.
func checkCollisions(tree map[string]any) error {
	leaves := map[string]string{} // path -> description
	var walk func(prefix, desc string, m map[string]any) error
	walk = func(prefix, desc string, m map[string]any) error {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			path := prefix + k
			d := desc + " " + k
			if desc == "" {
				d = "[" + k + "]"
			}
			if sub, ok := m[k].(map[string]any); ok && (desc == "" || strings.HasPrefix(path, "tool.alembic")) {
				if err := walk(path+".", d, sub); err != nil {
					return err
				}
				continue
			}
			if other, ok := leaves[path]; ok {
				return collision(other, d)
			}
			leaves[path] = d
		}
		return nil
	}
	if err := walk("", "", tree); err != nil {
		return err
	}
	for path, d := range leaves {
		for i := strings.IndexByte(path, '.'); i >= 0; {
			if other, ok := leaves[path[:i]]; ok {
				return collision(other, d)
			}
			j := strings.IndexByte(path[i+1:], '.')
			if j < 0 {
				break
			}
			i += 1 + j
		}
	}
	return nil
}

func collision(a, b string) error {
	if b < a {
		a, b = b, a
	}
	return &alembicerr.Error{Kind: alembicerr.ValueError,
		Message: fmt.Sprintf("koanf keys collide: %s and %s meet in one dotted path", a, b)}
}
