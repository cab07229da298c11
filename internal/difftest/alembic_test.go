package difftest

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/pyvalue"
)

const defaultAlembicConfigs = 300

// TestDifferentialAlembic compares the facade with real Alembic on
// generated pairs of alembic.ini and pyproject.toml ([tool.alembic] with
// strings to %-format, lists, tables, hooks, values of every TOML type;
// an ini main section that shadows some keys, path separators, a
// [post_write_hooks] section), with and without config_args: the
// toml-aware getters, the list getters and get_hooks_list must answer as
// Alembic 1.19.1's do, values by repr(), errors by class and message.
//
// Alembic 1.19.1 is not a Debian package, so the test runs only when
// ALEMBIC_SRC names its source tree (bench/README.md says how to get it)
// and /usr/bin/python3 has SQLAlchemy and Mako (python3-alembic):
//
//	ALEMBIC_SRC=/tmp/alembic-1.19.1 go test -run TestDifferentialAlembic ./internal/difftest
//	ALEMBIC_SRC=… DIFF_ALEMBIC=5000 DIFF_SEED=123 go test -run TestDifferentialAlembic ./internal/difftest
func TestDifferentialAlembic(t *testing.T) {
	src := os.Getenv("ALEMBIC_SRC")
	if src == "" {
		t.Skip("ALEMBIC_SRC is not set: the test needs Alembic 1.19.1's source tree")
	}
	n := int(envInt(t, "DIFF_ALEMBIC", defaultAlembicConfigs))
	seed := envInt(t, "DIFF_SEED", time.Now().UnixNano())
	t.Logf("seed %d; replay with DIFF_SEED=%d DIFF_ALEMBIC=%d", seed, seed, n)

	orc, err := startLineOracle("alembic_oracle.py", "PYTHONPATH="+src)
	if err != nil {
		t.Fatal(err)
	}
	defer orc.cmd.Process.Kill()
	root := t.TempDir()

	var (
		count, checks, bad int
		version            string
		errs               = map[string]int{}
	)
	for i := range n {
		c := generateAlembic(seed, i)
		dir := filepath.Join(root, strconv.Itoa(i))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		req := map[string]any{"id": i, "ini": nil, "toml": nil, "config_args": map[string]any{}, "ops": c.ops}
		var ini, toml string
		if c.ini != nil {
			ini = filepath.Join(dir, "alembic.ini")
			req["ini"] = ini
			if *c.ini != "" { // "": named but absent
				if err := os.WriteFile(ini, []byte(*c.ini), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
		if c.toml != "" {
			toml = filepath.Join(dir, "pyproject.toml")
			req["toml"] = toml
			if err := os.WriteFile(toml, []byte(c.toml), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		args := map[string]any{}
		c.args.Range(func(k string, v any) bool {
			args[k] = encodeValue(v)
			return true
		})
		req["config_args"] = args
		if err := orc.send(req); err != nil {
			t.Fatal(err)
		}
		var ans struct {
			ID      int    `json:"id"`
			Version string `json:"version"`
			Ops     []struct {
				Repr    *string `json:"repr"`
				Error   string  `json:"error"`
				Message string  `json:"message"`
			} `json:"ops"`
		}
		if err := orc.receive(&ans); err != nil {
			t.Fatal(err)
		}
		if ans.ID != i || len(ans.Ops) != len(c.ops) {
			t.Fatalf("the oracle answered %d with %d results for %d with %d ops", ans.ID, len(ans.Ops), i, len(c.ops))
		}
		version = ans.Version
		count++
		cfg := alembiccfg.New(alembiccfg.Options{File: ini, TOMLFile: toml, ConfigArgs: c.args})
		var dis []string
		for k, op := range c.ops {
			checks++
			got, gotErr := facadeOp(cfg, op)
			want := ans.Ops[k]
			switch {
			case want.Repr != nil:
				if gotErr != nil || got != *want.Repr {
					dis = append(dis, fmt.Sprintf("%v: Alembic %s; the facade %s, %v", op, *want.Repr, got, gotErr))
				}
			default:
				errs[want.Error]++
				var e *alembicerr.Error
				if !errors.As(gotErr, &e) || string(e.Kind) != want.Error || e.Message != want.Message {
					dis = append(dis, fmt.Sprintf("%v: Alembic raises %s: %s; the facade gives %s, %v", op, want.Error, want.Message, got, gotErr))
				}
			}
		}
		if len(dis) > 0 {
			bad++
			if bad <= 8 {
				iniText := "(none)"
				if c.ini != nil {
					iniText = strconv.Quote(*c.ini)
				}
				t.Errorf("configuration %d (seed %d), config_args %s:\n  %s\n  alembic.ini: %s\n  pyproject.toml: %q",
					i, seed, pyvalue.Repr(c.args), strings.Join(dis, "\n  "), iniText, c.toml)
			}
		}
	}
	var ks []string
	for k, n := range errs {
		ks = append(ks, fmt.Sprintf("%s %d", k, n))
	}
	t.Logf("Alembic %s", version)
	fmt.Printf("differential alembic: %d configurations, %d calls, seed %d, %d disagreeing configurations; Alembic raised %s\n",
		count, checks, seed, bad, strings.Join(ks, ", "))
}

// facadeOp is the facade's answer to one of the oracle's ops, as repr().
func facadeOp(cfg *alembiccfg.Config, op []any) (string, error) {
	orNone := func(v any, ok bool, err error) (string, error) {
		if err != nil {
			return "", err
		}
		if !ok {
			return "None", nil
		}
		if list, isList := v.([]string); isList { // a Python list of str
			items := make([]any, len(list))
			for i, x := range list {
				items[i] = x
			}
			v = items
		}
		return pyvalue.Repr(v), nil
	}
	name, _ := op[0].(string)
	arg := func() string { s, _ := op[1].(string); return s }
	switch name {
	case "get_alembic_option":
		return orNone(cfg.AlembicOption(arg()))
	case "get_alembic_boolean_option":
		b, err := cfg.AlembicBoolOption(arg())
		return pyvalue.Repr(b), err
	case "get_main_option":
		v, ok, err := cfg.MainOption(arg())
		return orNone(v, ok, err)
	case "toml_alembic_config":
		d, err := cfg.TOMLAlembicConfig()
		if err != nil {
			return "", err
		}
		return pyvalue.Repr(d), nil
	case "get_version_locations_list":
		return orNone(cfg.VersionLocationsValue())
	case "get_prepend_sys_paths_list":
		return orNone(cfg.PrependSysPathsValue())
	case "get_hooks_list":
		hooks, err := cfg.Hooks()
		if err != nil {
			return "", err
		}
		list := make([]any, len(hooks))
		for i, h := range hooks {
			list[i] = h
		}
		return pyvalue.Repr(list), nil
	}
	panic("facadeOp: " + name)
}

// alembicCase is one configuration for the oracle.
type alembicCase struct {
	ini  *string // nil: no ini; "": an ini named that does not exist
	toml string  // "": none
	args *pyvalue.Dict
	ops  [][]any
}

// alembicKeys are the keys the cases use: Alembic's own and others.
var alembicKeys = []string{"script_location", "version_locations", "prepend_sys_path", "path_separator",
	"version_path_separator", "sourceless", "recursive_version_locations", "truncate_slug_length",
	"a", "b", "Upper", "post_write_hooks", "missing"}

// generateAlembic draws configuration i of the run.
func generateAlembic(seed int64, i int) *alembicCase {
	r := rand.New(rand.NewPCG(uint64(seed), uint64(i)*0x9E3779B97F4A7C15+3))
	g := &alembicGen{r: r}
	c := &alembicCase{args: pyvalue.NewDict()}
	switch r.IntN(4) {
	case 0:
	case 1:
		c.args.Set("base", "/B")
	case 2:
		c.args.Set("Base", "/B").Set("num", 7)
	default:
		c.args.Set(g.pick("a", "sourceless", "path_separator"), g.pick("true", "x", "os"))
	}
	switch r.IntN(6) {
	case 0: // no ini
	case 1:
		empty := ""
		c.ini = &empty // named, absent
	default:
		text := g.ini()
		c.ini = &text
	}
	if r.IntN(8) > 0 {
		c.toml = g.toml()
	}
	for _, k := range alembicKeys {
		if r.IntN(2) == 0 {
			c.ops = append(c.ops, []any{"get_alembic_option", k})
		}
		if r.IntN(4) == 0 {
			c.ops = append(c.ops, []any{"get_alembic_boolean_option", k})
		}
		if r.IntN(6) == 0 {
			c.ops = append(c.ops, []any{"get_main_option", k})
		}
	}
	for _, op := range []string{"toml_alembic_config", "get_version_locations_list", "get_prepend_sys_paths_list", "get_hooks_list"} {
		if r.IntN(2) == 0 {
			c.ops = append(c.ops, []any{op})
		}
	}
	r.Shuffle(len(c.ops), func(a, b int) { c.ops[a], c.ops[b] = c.ops[b], c.ops[a] })
	return c
}

type alembicGen struct{ r *rand.Rand }

func (g *alembicGen) pick(xs ...string) string { return xs[g.r.IntN(len(xs))] }

// ini is an alembic.ini: a main section (or not) with some of the keys,
// and sometimes [post_write_hooks].
func (g *alembicGen) ini() string {
	var b strings.Builder
	if g.r.IntN(6) > 0 {
		b.WriteString("[alembic]\n")
		for _, k := range alembicKeys {
			if k == "Upper" || k == "post_write_hooks" || g.r.IntN(4) > 0 {
				continue
			}
			b.WriteString(strings.ToLower(k) + " = " + g.iniValue(k) + "\n")
		}
	} else {
		b.WriteString("[other]\nx = 1\n")
	}
	if g.r.IntN(5) == 0 {
		b.WriteString("\n[post_write_hooks]\n")
		if g.r.IntN(4) > 0 {
			b.WriteString("hooks = " + g.pick("black", "black ruff", "black, Upper", "") + "\n")
			b.WriteString("black.type = console_scripts\nblack.options = -l 79 %(here)s\nruff.type = exec\nupper.type = x\n")
		}
	}
	return b.String()
}

func (g *alembicGen) iniValue(key string) string {
	switch key {
	case "path_separator", "version_path_separator":
		return g.pick("os", "space", "newline", ":", ";", "OS", "", "comma")
	case "sourceless", "recursive_version_locations":
		return g.pick("true", "True", "false", "1", "")
	case "truncate_slug_length":
		return g.pick("40", "x", "")
	case "version_locations", "prepend_sys_path":
		return g.pick("%(here)s/a %(here)s/b", "/a:/b", "/a, /b", ".", "", "/a;/b", "/a\n  /b")
	}
	return g.pick("%(here)s/x", "plain", "", "%(base)s", "100%%", "%(nope)s")
}

// toml is a pyproject.toml, mostly with [tool.alembic].
func (g *alembicGen) toml() string {
	var b strings.Builder
	switch g.r.IntN(12) {
	case 0:
		return "[tool]\nother = 1\n"
	case 1:
		return "tool = \"x\"\n"
	case 2:
		return "[tool]\nalembic = 3\n"
	case 3:
		return "[tool.alembic\n" // not TOML
	}
	b.WriteString("[tool.alembic]\n")
	var hooks bool
	for _, k := range alembicKeys {
		if k == "missing" || g.r.IntN(3) > 0 {
			continue
		}
		if k == "post_write_hooks" {
			hooks = true
			continue
		}
		b.WriteString(k + " = " + g.tomlValue(k) + "\n")
	}
	if hooks {
		for range 1 + g.r.IntN(2) {
			b.WriteString("\n[[tool.alembic.post_write_hooks]]\n")
			if g.r.IntN(5) > 0 {
				b.WriteString("name = " + g.pick(`"black"`, `"ruff"`, `"%(here)s"`) + "\n")
			}
			b.WriteString("type = \"console_scripts\"\n")
			if g.r.IntN(3) == 0 {
				b.WriteString("options = " + g.pick(`"-l 79 %(here)s"`, `"100%"`, `7`, `"%(base)s"`) + "\n")
			}
		}
	}
	return b.String()
}

func (g *alembicGen) tomlValue(key string) string {
	str := func() string {
		return g.pick(`"%(here)s/x"`, `"plain"`, `""`, `"%(base)s"`, `"%(Base)s"`, `"%(num)03d"`, `"100%%"`, `"100%"`,
			`"%(nope)s"`, `"a %s b"`, `"%(here)d"`, `"%(here)r"`, `"%(here)"`, `'%(here)s\n'`)
	}
	switch g.r.IntN(9) {
	case 0, 1, 2:
		return str()
	case 3:
		return g.pick("42", "-1", "0")
	case 4:
		return g.pick("true", "false")
	case 5:
		return g.pick("1.5", "1979-05-27", "07:32:00", "1979-05-27T07:32:00Z", "inf")
	case 6:
		return "[" + g.pick("", str(), str()+", "+str(), "1, 2", str()+", 1", "{a = "+str()+"}", "{a = "+str()+"}, "+str()) + "]"
	case 7:
		return "{" + g.pick("", "x = "+str(), "x = "+str()+", y = "+str(), "x = 1", "x = {y = 1}") + "}"
	default:
		return str()
	}
}
