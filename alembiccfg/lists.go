package alembiccfg

import (
	"errors"
	"fmt"
	"strings"

	"github.com/koanf-alembic/koanf-alembic/pyvalue"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/internal/configparser"
)

// Warning texts Alembic emits, category DeprecationWarning.
const (
	warnVersionPathSeparator   = "The version_path_separator configuration parameter is deprecated; please use path_separator"
	warnLegacyVersionLocations = "No path_separator found in configuration; falling back to legacy splitting on spaces/commas for version_locations.  Consider adding path_separator=os to Alembic config."
	warnLegacyPrependSysPath   = "No path_separator found in configuration; falling back to legacy splitting on spaces, commas, and colons for prepend_sys_path.  Consider adding path_separator=os to Alembic config."
)

// pathSeparators are the values path_separator may take; "os" is the
// POSIX os.pathsep.
var pathSeparators = map[string]string{"space": " ", "newline": "\n", "os": ":", ":": ":", ";": ";"}

// VersionLocations is get_version_locations_list: version_locations of
// the main section split by path_separator (else the deprecated
// version_path_separator, else the legacy split on spaces and commas, with
// a DeprecationWarning), or pyproject.toml's list when the ini value is
// missing or empty. ok is false when neither has it. Where pyproject.toml
// holds a string instead of a list, Alembic returns the bare string; here
// it is a list of that one string (VersionLocationsValue has Alembic's
// exact result).
func (c *Config) VersionLocations() (paths []string, ok bool, err error) {
	return stringList(c.VersionLocationsValue())
}

// VersionLocationsValue is get_version_locations_list with Alembic's
// exact result: a []string from the ini, or pyproject.toml's value
// (normally []any of strings; a string when the TOML holds one).
func (c *Config) VersionLocationsValue() (any, bool, error) {
	return c.pathList("version_locations", warnLegacyVersionLocations, false, "path_separator", "version_path_separator")
}

// PrependSysPaths is get_prepend_sys_paths_list: prepend_sys_path split
// like VersionLocations but only by path_separator (the legacy split also
// cuts at every colon).
func (c *Config) PrependSysPaths() (paths []string, ok bool, err error) {
	return stringList(c.PrependSysPathsValue())
}

// PrependSysPathsValue is get_prepend_sys_paths_list with Alembic's exact
// result, as VersionLocationsValue.
func (c *Config) PrependSysPathsValue() (any, bool, error) {
	return c.pathList("prepend_sys_path", warnLegacyPrependSysPath, true, "path_separator")
}

func stringList(v any, ok bool, err error) ([]string, bool, error) {
	if err != nil || !ok {
		return nil, ok, err
	}
	switch v := v.(type) {
	case []string:
		return v, true, nil
	case []any:
		out := make([]string, len(v))
		for i, x := range v {
			out[i] = pyvalue.Str(x)
		}
		return out, true, nil
	}
	return []string{pyvalue.Str(v)}, true, nil
}

func (c *Config) pathList(key, legacyWarning string, colons bool, separators ...string) (any, bool, error) {
	return do2(c, func() (any, bool, error) {
		fc, err := c.fileConfig()
		if err != nil {
			return nil, false, err
		}
		text, err := getFallback(fc, c.section, key)
		if err != nil {
			return nil, false, err
		}
		if text == "" {
			return c.tomlValue(key)
		}
		sep, found, err := c.separator(separators...)
		if err != nil {
			return nil, false, err
		}
		if !found {
			c.warn("DeprecationWarning", legacyWarning)
			return splitLegacy(text, colons), true, nil
		}
		out := []string{}
		for _, piece := range strings.Split(text, sep) {
			if piece != "" {
				out = append(out, pyvalue.Strip(piece))
			}
		}
		return out, true, nil
	})
}

// getFallback is file_config.get(section, key, fallback=None): "" when the
// section or option is missing; interpolation errors are returned.
func getFallback(fc *configparser.Parser, section, key string) (string, error) {
	v, _, err := fc.Get(section, key)
	if errors.Is(err, alembicerr.ErrNoSection) {
		return "", nil
	}
	return v, err
}

// separator is _get_file_separator_char: the first of names that the main
// section has decides.
func (c *Config) separator(names ...string) (string, bool, error) {
	for _, name := range names {
		v, ok, err := c.sectionOption(c.section, name)
		if err != nil {
			return "", false, err
		}
		if !ok {
			continue
		}
		sep, valid := pathSeparators[v]
		if !valid {
			return "", false, alembicerr.New(alembicerr.ValueError,
				fmt.Sprintf("'%s' is not a valid value for %s; expected 'space', 'newline', 'os', ':', ';'", v, name))
		}
		if name == "version_path_separator" {
			c.warn("DeprecationWarning", warnVersionPathSeparator)
		}
		return sep, true, nil
	}
	return "", false, nil
}

// splitLegacy is re.split(r", *|(?: +)", s), with colons also
// re.split(r", *|(?: +)|\:", s): empty pieces are kept, nothing is
// stripped.
func splitLegacy(s string, colons bool) []string {
	out := []string{}
	start := 0
	for i := 0; i < len(s); {
		switch {
		case s[i] == ',':
			out = append(out, s[start:i])
			i++
			for i < len(s) && s[i] == ' ' {
				i++
			}
			start = i
		case s[i] == ' ':
			out = append(out, s[start:i])
			for i < len(s) && s[i] == ' ' {
				i++
			}
			start = i
		case colons && s[i] == ':':
			out = append(out, s[start:i])
			i++
			start = i
		default:
			i++
		}
	}
	return append(out, s[start:])
}

// Hooks is get_hooks_list: the post-write hooks, each a Dict of its
// options plus "_hook_name". An ini [post_write_hooks] section, even an
// empty one, is the only source when present (its `hooks` names, split on
// commas and spaces; every option that starts with "name."); otherwise
// pyproject.toml's post_write_hooks.
func (c *Config) Hooks() ([]*Dict, error) {
	return do1(c, func() ([]*Dict, error) {
		fc, err := c.fileConfig()
		if err != nil {
			return nil, err
		}
		hooks := []*Dict{}
		if !fc.HasSection("post_write_hooks") {
			return c.tomlHooks()
		}
		items, _, err := c.sectionItems("post_write_hooks")
		if err != nil {
			return nil, err
		}
		names := ""
		for _, it := range items {
			if it.Name == "hooks" {
				names = it.Value
			}
		}
		for _, name := range splitLegacy(names, false) {
			if name == "" {
				continue
			}
			h := pyvalue.NewDict()
			for _, it := range items {
				if strings.HasPrefix(it.Name, name+".") {
					h.Set(it.Name[len(name)+1:], it.Value)
				}
			}
			h.Set("_hook_name", name)
			hooks = append(hooks, h)
		}
		return hooks, nil
	})
}
