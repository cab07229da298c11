package alembic

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/koanf-alembic/koanf-alembic/internal/pyvalue"
)

// node is an entry of the tree as koanf addresses it: the keys from the
// root (koanf's key parts) and what it is, for messages.
type node struct {
	parts []string
	leaf  bool
	desc  string
}

// collisions indexes the nodes of the tree by their koanf path.
type collisions struct {
	delim string
	seen  map[string]node
}

// add records n; it is an error when another node has the same koanf
// path with other key parts (koanf keeps one of them, by map order), or
// the same parts where either is a leaf (one would replace the other).
func (c *collisions) add(n node) error {
	path := strings.Join(n.parts, c.delim)
	if have, ok := c.seen[path]; ok {
		if !slices.Equal(have.parts, n.parts) || have.leaf || n.leaf {
			return &CollisionError{Path: path, First: have.desc, Second: n.desc}
		}
		return nil
	}
	c.seen[path] = n
	return nil
}

// checkCollisions refuses trees in which two entries take one koanf path,
// and options of an ini section [tool] named "alembic" or
// "alembic<delim>…" next to [tool.alembic].
func (a *Alembic) checkCollisions(ini []iniSection, toml *tomlPart) error {
	c := collisions{delim: a.opt.Delim, seen: make(map[string]node)}
	tomlName := fmt.Sprintf("[tool.alembic] of %s", a.opt.TOMLFile)
	for _, s := range ini {
		if err := c.add(node{parts: []string{s.name}, desc: "section [" + s.name + "] of the ini"}); err != nil {
			return err
		}
		for _, o := range s.opts {
			desc := iniDesc(s.name, o)
			if toml != nil && s.name == "tool" && (o.name == "alembic" || strings.HasPrefix(o.name, "alembic"+a.opt.Delim)) {
				return &CollisionError{Path: "tool" + a.opt.Delim + o.name, First: desc, Second: tomlName}
			}
			if err := c.add(node{parts: []string{s.name, o.name}, leaf: true, desc: desc}); err != nil {
				return err
			}
		}
	}
	if toml == nil {
		return nil
	}
	if err := c.add(node{parts: []string{"tool"}, desc: "[tool] of " + a.opt.TOMLFile}); err != nil {
		return err
	}
	if err := c.add(node{parts: []string{"tool", "alembic"}, desc: tomlName}); err != nil {
		return err
	}
	return c.table(toml.table, []string{"tool", "alembic"}, a.opt.TOMLFile)
}

func (c *collisions) table(t *pyvalue.Dict, parts []string, file string) error {
	for _, k := range t.Keys() {
		v, _ := t.Get(k)
		p := append(slices.Clip(parts), k)
		sub, isTable := v.(*pyvalue.Dict)
		n := node{parts: p, leaf: !isTable, desc: fmt.Sprintf("key %s of %s", tomlKey(p), file)}
		if err := c.add(n); err != nil {
			return err
		}
		if isTable {
			if err := c.table(sub, p, file); err != nil {
				return err
			}
		}
	}
	return nil
}

func iniDesc(section string, o iniOption) string {
	where := o.origin
	switch {
	case o.origin == "<dict>":
		where = "config_args or here"
	case o.line > 0:
		where += ":" + strconv.Itoa(o.line)
	}
	return fmt.Sprintf("option %s of section [%s] (%s)", pyvalue.ReprString(o.name), section, where)
}

var bareKey = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// tomlKey writes key parts as a TOML dotted key, quoting where needed.
func tomlKey(parts []string) string {
	q := make([]string, len(parts))
	for i, p := range parts {
		if bareKey.MatchString(p) {
			q[i] = p
		} else {
			q[i] = strconv.Quote(p)
		}
	}
	return strings.Join(q, ".")
}
