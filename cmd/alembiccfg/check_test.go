package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func genericTemplate(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "generic", "alembic.ini"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestCheckGenericTemplate: the stock template is clean, its formatter
// options (which CPython cannot interpolate) included.
func TestCheckGenericTemplate(t *testing.T) {
	abs, err := filepath.Abs(filepath.Join("testdata", "generic"))
	if err != nil {
		t.Fatal(err)
	}
	r := runAt(t, abs, nil, "check")
	if r.code != 0 || r.stdout != "ok: alembic.ini: no problems found\n" || r.stderr != "" {
		t.Fatalf("check of the generic template:\n%s", r)
	}
	// ... but Alembic's own get_section_option cannot read its format.
	expect(t, runAt(t, abs, nil, "get", "formatter_generic", "format"), 2, nil, []string{"InterpolationSyntaxError"})
}

func TestCheck(t *testing.T) {
	generic := genericTemplate(t)
	noSep := "[alembic]\nscript_location = m\n"
	hooksTOML := "[tool.alembic]\npost_write_hooks = [{name = \"ruff\", type = \"exec\", executable = \"ruff\"}]\n"
	for _, tc := range []struct {
		name   string
		files  map[string]string
		env    []string
		code   int
		stdout []string
		stderr []string
	}{
		{
			name:   "generic template with a pyproject.toml without hooks",
			files:  map[string]string{"alembic.ini": generic, "pyproject.toml": "[tool.alembic]\ntimezone = \"UTC\"\n"},
			stdout: []string{"ok: alembic.ini and pyproject.toml: no problems found\n"},
		},
		{
			name:   "pyproject-only project",
			files:  map[string]string{"pyproject.toml": "[tool.alembic]\nscript_location = \"%(here)s/m\"\nprepend_sys_path = [\".\"]\n"},
			stdout: []string{"ok: pyproject.toml: no problems found\n"},
		},
		{
			name:  "ALEMBIC_SOURCELESS=True is false",
			files: map[string]string{"alembic.ini": generic},
			env:   []string{"ALEMBIC_SOURCELESS=True"},
			code:  1,
			stdout: []string{
				"ALEMBIC_SOURCELESS: warning: ALEMBIC_SOURCELESS=True reads as false: the environment sets the ini's sourceless, which is true only for the exact text 'true'\n",
				"alembic.ini: 1 problem found\n",
			},
		},
		{
			name:   "ALEMBIC_SOURCELESS=true is fine",
			files:  map[string]string{"alembic.ini": generic},
			env:    []string{"ALEMBIC_SOURCELESS=true", "ALEMBIC_RECURSIVE_VERSION_LOCATIONS=false"},
			stdout: []string{"ok: "},
		},
		{
			name:   "a boolean option in the file that is not exactly true or false",
			files:  map[string]string{"alembic.ini": noSep + "recursive_version_locations = yes\n"},
			code:   1,
			stdout: []string{"alembic.ini:3: warning: recursive_version_locations = 'yes' reads as false"},
		},
		{
			name:   "ALEMBIC_VERSION_LOCATIONS without path_separator",
			files:  map[string]string{"alembic.ini": noSep},
			env:    []string{"ALEMBIC_VERSION_LOCATIONS=a b"},
			code:   1,
			stdout: []string{"ALEMBIC_VERSION_LOCATIONS: warning: ALEMBIC_VERSION_LOCATIONS without path_separator in the ini: Alembic splits it the legacy way and warns: DeprecationWarning: No path_separator found in configuration; falling back to legacy splitting on spaces/commas for version_locations.  Consider adding path_separator=os to Alembic config.\n"},
		},
		{
			name:   "ALEMBIC_VERSION_LOCATIONS with path_separator",
			files:  map[string]string{"alembic.ini": generic},
			env:    []string{"ALEMBIC_VERSION_LOCATIONS=a:b"},
			stdout: []string{"ok: "},
		},
		{
			name:   "version_path_separator is deprecated",
			files:  map[string]string{"alembic.ini": noSep + "version_path_separator = space\nversion_locations = a b\n"},
			code:   1,
			stdout: []string{"alembic.ini:3: warning: DeprecationWarning: The version_path_separator configuration parameter is deprecated; please use path_separator\n"},
		},
		{
			name:   "legacy split of prepend_sys_path",
			files:  map[string]string{"alembic.ini": noSep + "prepend_sys_path = .\n"},
			code:   1,
			stdout: []string{"alembic.ini:3: warning: DeprecationWarning: No path_separator found in configuration; falling back to legacy splitting on spaces, commas, and colons for prepend_sys_path."},
		},
		{
			name:   "an invalid path_separator",
			files:  map[string]string{"alembic.ini": noSep + "path_separator = OS\nprepend_sys_path = .\n"},
			code:   1,
			stdout: []string{"alembic.ini:3: error: 'OS' is not a valid value for path_separator; expected 'space', 'newline', 'os', ':', ';' (ValueError)\n", "1 problem found"},
		},
		{
			name:   "an invalid path_separator, even when no list is set",
			files:  map[string]string{"alembic.ini": noSep + "path_separator = os  # comment\n"},
			code:   1,
			stdout: []string{"alembic.ini:3: error: 'os  # comment' is not a valid value for path_separator"},
		},
		{
			name:  "ALEMBIC_POST_WRITE_HOOKS__ hides pyproject.toml's hooks",
			files: map[string]string{"alembic.ini": noSep + "path_separator = os\n", "pyproject.toml": hooksTOML},
			env:   []string{"ALEMBIC_POST_WRITE_HOOKS__HOOKS=black", "ALEMBIC_POST_WRITE_HOOKS__BLACK_TYPE=console_scripts"},
			code:  1,
			stdout: []string{
				"ALEMBIC_POST_WRITE_HOOKS__BLACK_TYPE, ALEMBIC_POST_WRITE_HOOKS__HOOKS: warning: the environment creates the [post_write_hooks] section, which hides the post_write_hooks of pyproject.toml",
				// black_type is not black.type: the hook has no type.
				"error: Key 'black.type' (or 'type' in toml) is required for post write hook 'black'",
			},
		},
		{
			name:   "the generic template's empty [post_write_hooks] hides pyproject.toml's hooks",
			files:  map[string]string{"alembic.ini": generic, "pyproject.toml": hooksTOML},
			code:   1,
			stdout: []string{"alembic.ini: warning: the [post_write_hooks] section (even an empty one) hides the post_write_hooks of pyproject.toml"},
		},
		{
			name:   "pyproject.toml's hooks without an ini section",
			files:  map[string]string{"alembic.ini": noSep + "path_separator = os\n", "pyproject.toml": hooksTOML},
			stdout: []string{"ok: "},
		},
		{
			name:   "a hook without a type",
			files:  map[string]string{"alembic.ini": noSep + "[post_write_hooks]\nhooks = black\nblack.entrypoint = black\n"},
			code:   1,
			stdout: []string{"alembic.ini:4: error: Key 'black.type' (or 'type' in toml) is required for post write hook 'black'"},
		},
		{
			name:   "truncate_slug_length that int() refuses",
			files:  map[string]string{"alembic.ini": noSep + "truncate_slug_length = forty\n"},
			code:   1,
			stdout: []string{"alembic.ini:3: error: invalid literal for int() with base 10: 'forty' (ValueError)"},
		},
		{
			name:   "truncate_slug_length that int() accepts",
			files:  map[string]string{"alembic.ini": noSep + "path_separator = os\n", "pyproject.toml": "[tool.alembic]\ntruncate_slug_length = \" 4_0 \"\n"},
			stdout: []string{"ok: "},
		},
		{
			name:   "truncate_slug_length in pyproject.toml that int() refuses",
			files:  map[string]string{"pyproject.toml": "[tool.alembic]\nscript_location = \"m\"\ntruncate_slug_length = \"4__0\"\n"},
			code:   1,
			stdout: []string{"pyproject.toml: error: [tool.alembic] truncate_slug_length: invalid literal for int() with base 10: '4__0' (ValueError)"},
		},
		{
			name:   "revision_environment that asbool refuses",
			files:  map[string]string{"alembic.ini": noSep},
			env:    []string{"ALEMBIC_REVISION_ENVIRONMENT=maybe"},
			code:   1,
			stdout: []string{"ALEMBIC_REVISION_ENVIRONMENT: error: String is not true/false: 'maybe' (ValueError)"},
		},
		{
			name:   "a TOML boolean that is a string",
			files:  map[string]string{"pyproject.toml": "[tool.alembic]\nscript_location = \"m\"\nsourceless = \"true\"\n"},
			code:   1,
			stdout: []string{"pyproject.toml: error: [tool.alembic] sourceless: boolean value expected for TOML parameter 'sourceless' (CommandError)"},
		},
		{
			name:   "TOML values Alembic cannot read",
			files:  map[string]string{"pyproject.toml": "[tool.alembic]\nscript_location = \"%(nope)s\"\nratio = 1.5\n"},
			code:   1,
			stdout: []string{"pyproject.toml: error: [tool.alembic] script_location: 'nope' (KeyError)\n", "pyproject.toml: error: [tool.alembic] ratio: unsupported TOML value type for key: 'ratio' (CommandError)\n", "2 problems found"},
		},
		{
			name:   "no script_location anywhere",
			files:  map[string]string{"alembic.ini": "[alembic]\npath_separator = os\n"},
			code:   1,
			stdout: []string{"error: no script_location in [alembic] or [tool.alembic]"},
		},
		{
			name:  "interpolation errors, each with its place",
			files: map[string]string{"alembic.ini": noSep + "path_separator = os\nurl = %(nope)s\n[x]\na = 50%\n[formatter_x]\nformat = %(levelname)-5.5s\nclass = %(bad\n"},
			code:  1,
			stdout: []string{
				"alembic.ini:4: error: Bad value substitution: option 'url' in section 'alembic'",
				"alembic.ini:6: error: '%' must be followed by '%' or '(', found: '%' (InterpolationSyntaxError)",
				"alembic.ini:9: error: bad interpolation variable reference '%(bad' (InterpolationSyntaxError)",
				"!alembic.ini:8:",
				"3 problems found",
			},
		},
		{
			name:   "an error in a variable",
			files:  map[string]string{"alembic.ini": noSep + "path_separator = os\n"},
			env:    []string{"ALEMBIC_INI=[x]\nref = %(nope)s\n"},
			code:   1,
			stdout: []string{"ALEMBIC_INI: error: Bad value substitution: option 'ref' in section 'x'"},
		},
		{
			name:   "parse errors: every line, exit 2",
			files:  map[string]string{"alembic.ini": "[alembic]\njustakey\nok = 1\nanother\n"},
			code:   2,
			stderr: []string{"alembiccfg: alembic.ini:2: neither a section header, an option nor a comment: 'justakey\\n' (ParsingError)\n", "alembiccfg: alembic.ini:4: neither a section header, an option nor a comment: 'another\\n' (ParsingError)\n"},
		},
		{
			name:   "a duplicate section, exit 2",
			files:  map[string]string{"alembic.ini": "[alembic]\n[alembic]\n"},
			code:   2,
			stderr: []string{"alembic.ini:2: section 'alembic' already exists (DuplicateSectionError)"},
		},
		{
			name:   "a TOML syntax error, exit 2",
			files:  map[string]string{"alembic.ini": generic, "pyproject.toml": "[tool.alembic]\nx = \n"},
			code:   2,
			stderr: []string{"pyproject.toml:2:", "(TOMLDecodeError)"},
		},
		{
			name:   "an ambiguous variable, exit 2",
			files:  map[string]string{"alembic.ini": noSep + "a.b = 1\na-b = 2\n"},
			env:    []string{"ALEMBIC_A_B=x"},
			code:   2,
			stderr: []string{"ALEMBIC_A_B: matches option 'a-b' and option 'a.b' of section 'alembic' (AmbiguousNameError)"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := project(t, tc.files)
			r := runAt(t, dir, tc.env, "check")
			expect(t, r, tc.code, tc.stdout, tc.stderr)
			if tc.code == 2 && r.stdout != "" {
				t.Errorf("stdout %q", r.stdout)
			}
			if tc.code != 2 && r.stderr != "" {
				t.Errorf("stderr %q", r.stderr)
			}
			if tc.code == 1 && !strings.Contains(r.stdout, "found\n") {
				t.Errorf("no summary:\n%s", r)
			}
		})
	}
}
