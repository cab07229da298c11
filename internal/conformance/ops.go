package conformance

import (
	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/pyvalue"
)

// run applies one op; supported is false for an op the runner cannot run.
func (env *caseEnv) run(op string, args []any) (r result, supported bool) {
	env.warnings = nil
	env.writes.writes = nil
	r, supported = env.dispatch(op, args)
	r.warnings = env.warnings
	return r, supported
}

// arg returns args[i] or nil.
func arg(args []any, i int) any {
	if i < len(args) {
		return args[i]
	}
	return nil
}

func str(args []any, i int) string {
	s, _ := arg(args, i).(string)
	return s
}

// orDefault returns the value, or the op's JSON default when absent.
func orDefault(v any, ok bool, err error, args []any, defaultAt int) result {
	if err != nil {
		return errResult(err)
	}
	if !ok {
		return okResult(arg(args, defaultAt))
	}
	return okResult(v)
}

// typeCheck answers Alembic's TypeErrors for arguments a typed Go API
// cannot receive; the first non-string among section, name, value wins.
func typeCheck(section, name, value any, checkSection bool) (result, bool) {
	msg := ""
	switch {
	case checkSection && !isString(section):
		msg = "section names must be strings"
	case !isString(name):
		msg = "option keys must be strings"
	case !isString(value):
		msg = "option values must be strings"
	}
	if msg == "" {
		return result{}, false
	}
	return errResult(alembicerr.New(alembicerr.TypeError, msg)), true
}

func isString(v any) bool { _, ok := v.(string); return ok }

func (env *caseEnv) dispatch(op string, args []any) (result, bool) {
	cfg := env.cfg
	switch op {
	case "get_main_option":
		v, ok, err := cfg.MainOption(str(args, 0))
		return orDefault(v, ok, err, args, 1), true
	case "get_section_option":
		v, ok, err := cfg.SectionOption(str(args, 0), str(args, 1))
		return orDefault(v, ok, err, args, 2), true
	case "get_section":
		items, ok, err := cfg.Section(str(args, 0))
		return orDefault(itemsDict(items), ok, err, args, 1), true
	case "set_main_option":
		if r, bad := typeCheck(nil, arg(args, 0), arg(args, 1), false); bad {
			env.answered.TypeError++
			return r, true
		}
		return unit(cfg.SetMainOption(str(args, 0), str(args, 1))), true
	case "set_section_option":
		if r, bad := typeCheck(arg(args, 0), arg(args, 1), arg(args, 2), true); bad {
			env.answered.TypeError++
			return r, true
		}
		return unit(cfg.SetSectionOption(str(args, 0), str(args, 1), str(args, 2))), true
	case "remove_main_option":
		return unit(cfg.RemoveMainOption(str(args, 0))), true
	case "get_alembic_option":
		v, ok, err := cfg.AlembicOption(str(args, 0))
		return orDefault(v, ok, err, args, 1), true
	case "get_alembic_boolean_option":
		b, err := cfg.AlembicBoolOption(str(args, 0))
		return valueOrError(b, err), true
	case "asbool":
		v, _, err := cfg.AlembicOption(str(args, 0))
		if err != nil {
			return errResult(err), true
		}
		b, err := alembiccfg.AsBool(v)
		return valueOrError(b, err), true
	case "get_version_locations_list":
		v, ok, err := cfg.VersionLocationsValue()
		return pathsResult(v, ok, err), true
	case "get_prepend_sys_paths_list", "get_prepend_sys_path_list":
		v, ok, err := cfg.PrependSysPathsValue()
		return pathsResult(v, ok, err), true
	case "toml_alembic_config":
		d, err := cfg.TOMLAlembicConfig()
		return valueOrError(d, err), true
	case "get_hooks_list":
		hooks, err := cfg.Hooks()
		list := make([]any, len(hooks))
		for i, h := range hooks {
			list[i] = h
		}
		return valueOrError(list, err), true
	case "messaging_opts":
		return okResult(pyvalue.NewDict().Set("quiet", cfg.MessagingOpts().Quiet)), true
	case "print_stdout":
		var rest []any
		for _, a := range args[1:] {
			rest = append(rest, toPython(a))
		}
		if err := cfg.PrintStdout(toPython(arg(args, 0)), rest...); err != nil {
			return errResult(err), true
		}
		return okResult(nonNil(env.writes.writes)), true
	case "attributes":
		return okResult(cfg.Attributes()), true
	case "attr":
		return env.attr(str(args, 0))
	case "write_file":
		return unit(writeFile(env.resolve(str(args, 0)), str(args, 1))), true
	case "sections", "has_section", "has_option", "options", "defaults", "raw_get", "dump":
		return env.fileConfigOp(op, args), true
	}
	return result{}, false
}

func (env *caseEnv) attr(name string) (result, bool) {
	cfg := env.cfg
	switch name {
	case "config_file_name":
		if cfg.ConfigFileName() == "" {
			return okResult(nil), true
		}
		return okResult(cfg.ConfigFileName()), true
	case "config_ini_section":
		return okResult(cfg.ConfigIniSection()), true
	case "config_args":
		return okResult(cfg.ConfigArgs()), true
	case "attributes":
		return okResult(cfg.Attributes()), true
	case "output_buffer":
		// The runner's Stdout is always given, so Alembic's
		// output_buffer (the stdout argument's buffer) is None.
		env.answered.OutputBuffer++
		return okResult(nil), true
	case "toml_file_name":
		if cfg.TOMLFileName() == "" {
			return okResult(nil), true
		}
		return okResult(cfg.TOMLFileName()), true
	case "toml_args":
		return okResult(cfg.TOMLArgs()), true
	}
	return result{}, false
}

func unit(err error) result {
	if err != nil {
		return errResult(err)
	}
	return okResult(nil)
}

func valueOrError(v any, err error) result {
	if err != nil {
		return errResult(err)
	}
	return okResult(v)
}

func pathsResult(v any, ok bool, err error) result {
	if err != nil {
		return errResult(err)
	}
	if !ok {
		return okResult(nil)
	}
	if paths, isList := v.([]string); isList {
		return okResult(stringList(paths))
	}
	return okResult(v)
}

func itemsDict(items []alembiccfg.Item) *pyvalue.Dict {
	d := pyvalue.NewDict()
	for _, it := range items {
		d.Set(it.Name, it.Value)
	}
	return d
}

func stringList(names []string) []any {
	list := make([]any, len(names))
	for i, n := range names {
		list[i] = n
	}
	return list
}

// fileConfigOp runs the ops on file_config (ConfigParser) and dump.
func (env *caseEnv) fileConfigOp(op string, args []any) result {
	fc, err := env.cfg.FileConfig()
	if err != nil {
		return errResult(err)
	}
	switch op {
	case "sections":
		return okResult(stringList(fc.Sections()))
	case "has_section":
		return okResult(fc.HasSection(str(args, 0)))
	case "has_option":
		return okResult(fc.HasOption(str(args, 0), str(args, 1)))
	case "options":
		names, err := fc.Options(str(args, 0))
		return valueOrError(stringList(names), err)
	case "defaults":
		d := pyvalue.NewDict()
		for _, o := range fc.Defaults() {
			d.Set(o.Name, o.Raw)
		}
		return okResult(d)
	case "raw_get":
		v, ok, err := fc.RawGet(str(args, 0), str(args, 1))
		if err == nil && !ok {
			env.answered.NoOptionError++
			err = alembicerr.New(alembicerr.NoOptionError, "No option "+pyvalue.ReprString(str(args, 1))+" in section: "+pyvalue.ReprString(str(args, 0)))
		}
		return valueOrError(v, err)
	}
	return okResult(env.dump(fc))
}

// dump is the oracle's dump op: every section with get_section and its
// options (raw and interpolated), and the defaults.
func (env *caseEnv) dump(fc *alembiccfg.FileConfig) *pyvalue.Dict {
	sections := []any{}
	for _, name := range fc.Sections() {
		items, _, err := env.cfg.Section(name)
		sec := pyvalue.NewDict().Set("name", name).Set("get_section", valueOrError(itemsDict(items), err).asDict(env.exact))
		opts := []any{}
		raws, _ := fc.RawOptions(name)
		for _, o := range raws {
			v, _, err := fc.Get(name, o.Name)
			opts = append(opts, pyvalue.NewDict().Set("key", o.Name).Set("source", string(o.Scope)).Set("raw", o.Raw).Set("value", valueOrError(v, err).asDict(env.exact)))
		}
		sec.Set("options", opts)
		sections = append(sections, sec)
	}
	defaults := []any{}
	for _, o := range fc.Defaults() {
		v, _, err := fc.Get("DEFAULT", o.Name)
		defaults = append(defaults, pyvalue.NewDict().Set("key", o.Name).Set("raw", o.Raw).Set("value", valueOrError(v, err).asDict(env.exact)))
	}
	out := pyvalue.NewDict().Set("sections", sections).Set("defaults", defaults)
	if env.cfg.TOMLFileName() != "" {
		table, err := env.cfg.TOMLAlembicConfig()
		values := pyvalue.NewDict()
		for _, k := range table.Keys() {
			v, _, err := env.cfg.TOMLValue(k)
			values.Set(k, valueOrError(v, err).asDict(env.exact))
		}
		out.Set("toml", pyvalue.NewDict().Set("raw", valueOrError(table, err).asDict(env.exact)).Set("values", values))
	}
	return out
}
