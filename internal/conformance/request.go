package conformance

import (
	"fmt"

	"github.com/koanf-alembic/koanf-alembic/pyvalue"
)

// request is a case's request, decoded once for every entry point.
type request struct {
	// ini is file_: "" for no file (the protocol's null and "").
	ini string
	// toml is toml_file, when hasTOML.
	toml    string
	hasTOML bool
	// iniSection is ini_section, when hasSection.
	iniSection string
	hasSection bool
	// configArgs holds config_args as Python values (toPython), nil when
	// absent.
	configArgs *pyvalue.Dict
	// attributes and cmdOpts are the raw request values, nil when absent.
	attributes, cmdOpts any
	// cwd is the working directory of the case.
	cwd string
	ops []op
}

// op is one op of a request: its name and its arguments.
type op struct {
	name string
	args []any
}

// stateChanging reports whether an op changes what the configuration
// holds, so that a tree read before it no longer shows the same state.
func (o op) stateChanging() bool {
	switch o.name {
	case "set_main_option", "set_section_option", "remove_main_option", "write_file":
		return true
	}
	return false
}

// parseRequest decodes a request; root is the default working directory.
func parseRequest(req *pyvalue.Dict, root string) (request, error) {
	r := request{cwd: root}
	for _, k := range req.Keys() {
		v, _ := req.Get(k)
		switch k {
		case "ini":
			if v != nil {
				s, ok := v.(string)
				if !ok {
					return r, fmt.Errorf("ini %v is not a string", v)
				}
				r.ini = s
			}
		case "toml":
			if v != nil {
				s, ok := v.(string)
				if !ok {
					return r, fmt.Errorf("toml %v is not a string", v)
				}
				r.toml, r.hasTOML = s, true
			}
		case "ini_section":
			s, ok := v.(string)
			if !ok {
				return r, fmt.Errorf("ini_section %v is not a string", v)
			}
			r.iniSection, r.hasSection = s, true
		case "config_args":
			d, ok := toPython(v).(*pyvalue.Dict)
			if !ok {
				return r, fmt.Errorf("config_args is not an object")
			}
			r.configArgs = d
		case "attributes":
			if _, ok := v.(*pyvalue.Dict); !ok {
				return r, fmt.Errorf("attributes is not an object")
			}
			r.attributes = v
		case "cmd_opts":
			r.cmdOpts = v
		case "cwd":
			if v != nil {
				s, ok := v.(string)
				if !ok {
					return r, fmt.Errorf("cwd %v is not a string", v)
				}
				r.cwd = s
			}
		case "ops":
			list, ok := v.([]any)
			if !ok {
				return r, fmt.Errorf("ops is not a list")
			}
			for i, x := range list {
				args, isList := x.([]any)
				if !isList {
					args = []any{x}
				}
				name, ok := arg(args, 0).(string)
				if !ok {
					return r, fmt.Errorf("op %d has no name", i)
				}
				r.ops = append(r.ops, op{name: name, args: args[1:]})
			}
		default:
			return r, fmt.Errorf("unknown request key %q", k)
		}
	}
	return r, nil
}

// firstDump returns the index of the request's first dump op when no
// state-changing op comes before it, else -1.
func (r request) firstDump() int {
	for i, o := range r.ops {
		if o.name == "dump" {
			return i
		}
		if o.stateChanging() {
			return -1
		}
	}
	return -1
}
