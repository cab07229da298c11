// Command alembiccfg reads a project's Alembic configuration — alembic.ini
// and pyproject.toml's [tool.alembic] — exactly as Alembic 1.19.1 on
// CPython reads it, with twelve-factor overrides from the environment, and
// prints, explains or checks it.
//
// Usage:
//
//	alembiccfg [flags] COMMAND [ARGS]
//
// Commands:
//
//	get OPTION              the value Alembic uses (get_alembic_option: the
//	                        ini's main section, then [tool.alembic])
//	get SECTION OPTION      an option of an ini section (get_section_option)
//	section NAME [--json]   the options of a section, defaults first (get_section)
//	dump [--format json|ini|env] [--toml]
//	                        the merged, resolved configuration
//	explain                 every option: value, source, what it overrode
//	check                   read and interpolate everything, report problems
//	set [SECTION] OPTION VALUE [--write] [--raw] [--force]
//	unset [SECTION] OPTION [--write] [--force]
//	                        edit the ini file itself, losslessly and
//	                        atomically; without --write print the diff
//	watch                   one line per changed option and per error, until
//	                        interrupted (the etcd prefix too, with --etcd)
//	publish [--prune] [--force]
//	                        copy the ini file's own raw options under the
//	                        etcd prefix in one transaction
//
// Flags (before or after the command; "--" ends them):
//
//	-c, --config FILE    the configuration file; may be given twice, a file
//	                     named pyproject.toml fills the TOML slot (defaults:
//	                     $ALEMBIC_CONFIG or alembic.ini, and pyproject.toml);
//	                     -c - reads the ini from standard input
//	-n, --name SECTION   the ini's main section (default "alembic")
//	    --arg KEY=VALUE  a config_args substitution variable (repeatable)
//	    --env-prefix P   prefix of the environment overrides (default
//	                     "ALEMBIC_"; an empty prefix turns them off)
//	    --show-secrets   print passwords and secret options unredacted
//	    --max-file-size N  the largest file read (bytes, KiB, MiB or GiB)
//	    --etcd URL[,URL…]  add the etcd layer (provider/etcd) to every command
//	    --etcd-prefix P    its prefix: keys are P/SECTION/OPTION
//	    --etcd-ca, --etcd-cert, --etcd-key FILE   TLS
//	    --etcd-user USER[:PASSWORD]   authentication ($ETCD_PASSWORD)
//	    --etcd-dial-timeout D   the first connection's limit (default 5s)
//	    --etcd-literal     etcd values are literal, not ini text
//	    --etcd-optional    start from the files when etcd is unreachable
//	-h, --help           print the usage text
//	    --version        print "alembiccfg VERSION" (the main module's
//	                     version as the build recorded it, else "(devel)")
//
// Files are chosen as Alembic's command line chooses them: alembic.ini and
// pyproject.toml in the working directory; ALEMBIC_CONFIG replaces the ini,
// or the TOML file when its base name is pyproject.toml; each -c replaces
// the file of its slot, so -c beats ALEMBIC_CONFIG. -c sub/alembic.ini still
// pairs with ./pyproject.toml, so the two `here` values differ (explain
// shows both). A missing ini is an error only when it was named (by -c or
// ALEMBIC_CONFIG) or when neither file exists: pyproject-only projects are
// normal. A named pyproject.toml that does not exist is an error too, and so
// is a file that exists but cannot be read (Alembic would silently read it
// as empty).
//
// The environment layer is on: ALEMBIC_<OPTION> sets an option of the main
// section (ALEMBIC_SQLALCHEMY_URL sets sqlalchemy.url),
// ALEMBIC_<SECTION>__<OPTION> an option of another section, ALEMBIC_INI
// holds an INI fragment for names no variable can spell; values are
// literal. ALEMBIC_CONFIG chooses the file and is never an option.
//
// With --etcd the etcd layer serves the same section → option tree from
// the keys PREFIX/SECTION/OPTION (SECTION and OPTION each percent-encoded
// as a URL path segment, so `get post/write x` reads
// PREFIX/post%2Fwrite/x). Its values are raw ini text (%(here)s works, a
// lone % is an error naming the key) unless --etcd-literal. It ranks above
// the files and below the environment: the host's environment overrides
// the fleet, the fleet overrides the file baked into an image. explain
// names the key and its revision. When no endpoint answers within the dial
// timeout the command fails (exit 2) unless --etcd-optional. publish
// copies the ini file's own raw options there in one transaction: it
// refuses a file whose [DEFAULT] holds options (no layer targets
// [DEFAULT]), a transaction past the server's limits (--max-txn-ops,
// request size), and a prefix that changed since it was read, unless
// --force; --prune deletes the keys no longer in the ini.
//
// get prints the value itself, unredacted, for scripts: strings as they
// are, integers and booleans in TOML syntax (42, true), lists and tables as
// one line of JSON. Every other command redacts secrets — URL passwords and
// the values of options named like password, secret, token, credential,
// key or pwd, and values that interpolate them — as *** unless
// --show-secrets is given; error messages are redacted the same way.
//
// The logging formatter options that Python's logging.config.fileConfig
// reads raw (format, datefmt, style and defaults in [formatter_*] sections)
// are shown raw by section, dump and explain, with a note, and check does
// not interpolate them, so the stock templates are clean.
//
// dump prints nothing when a value fails to interpolate (the error goes to
// stderr with its place). dump --format ini writes the file's [DEFAULT]
// options and each section's own options (never `here` or config_args),
// resolved and %-escaped, so that CPython reads every section's items()
// back the same, from any directory; a section that reads a default
// differently from the dumped [DEFAULT] text (a reference it resolves
// itself) gets that value as an option of its own. A value the writer
// cannot represent (a carriage return, whitespace CPython strips, …) is
// exit 2, naming the section and option, and nothing is written. dump
// --format env writes NAME='value' lines (POSIX quoting, no export: use
// `set -a`) for the options whose variable name maps back to them both
// with and without the project's files, and the rest in one ALEMBIC_INI
// fragment; no variable sets a default, so a file whose [DEFAULT] holds
// options is exit 2, naming them. dump --format json prints each section
// as get_section returns it (defaults included).
//
// Redacted ini or env output (a value shown as ***) starts with the
// comment line
//
//	# REDACTED: secrets are shown as ***; this is not a usable configuration (use --show-secrets)
//
// and exits 1, so that it is never taken for a usable file; without a
// redacted value there is no comment and the exit code is 0. json is not
// a configuration file: redacted json exits 0, with a note on stderr.
//
// check reports, one per line as "place: error|warning: text": every value
// that fails to interpolate (a default — from [DEFAULT] or --arg — that
// fails in several sections once, at the first, saying "the same in every
// section" or "also in sections ..."), every value Alembic's getters refuse (also in
// pyproject.toml), a missing script_location, the DeprecationWarnings the
// getters emit, boolean options whose text is not exactly true or false
// (ALEMBIC_SOURCELESS=True is false), post-write hooks without a type, and
// a [post_write_hooks] section (from the ini or created by
// ALEMBIC_POST_WRITE_HOOKS__... variables) that hides pyproject.toml's
// hooks. It exits 1 when it reports anything, warnings
// included; a file that cannot be read or parsed, or a variable the
// environment layer refuses, is exit 2 (every bad line of a file listed).
//
// get SECTION OPTION for a section the ini view lacks says so ("no section
// [foo] in alembic.ini") and exits 1, as an absent option does.
//
// Exit status: 0 ok; 1 absent (get, section), problems found (check) or
// redacted ini/env output (dump); 2 usage, I/O or parse error, with the
// message on stderr as "file:line: detail (Kind)", once per cause; 3
// internal error: a panic, which is a bug, reported as one line
// "alembiccfg: internal error in COMMAND: ...".
package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing/fstest"
	"time"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"

	"github.com/koanf-alembic/koanf-alembic/pyvalue"

	"github.com/koanf-alembic/koanf-alembic/alembiccfg"
	"github.com/koanf-alembic/koanf-alembic/provider/etcd"
)

// Exit codes.
const (
	exitOK       = 0
	exitAbsent   = 1 // get, section: not found; check: problems found; dump: redacted ini/env output
	exitError    = 2 // usage, I/O or parse error
	exitInternal = 3 // a panic: a bug
)

const progName = "alembiccfg"

const usageText = `usage: alembiccfg [flags] COMMAND [ARGS]

Reads alembic.ini and pyproject.toml's [tool.alembic] exactly as Alembic
1.19.1 does, with overrides from the environment.

Commands:
  get OPTION              the value Alembic uses (get_alembic_option: the
                          ini's main section, then [tool.alembic])
  get SECTION OPTION      an option of an ini section (get_section_option)
  section NAME [--json]   the options of a section, defaults first
                          (get_section)
  dump [--format json|ini|env] [--toml]
                          the merged, resolved configuration (default json;
                          --toml adds [tool.alembic] to json); ini keeps the
                          file's [DEFAULT], env refuses a file whose
                          [DEFAULT] holds options; a value that would not
                          read back is exit 2, naming it. Redacted ini/env
                          output starts with a "# REDACTED: ..." comment
                          and exits 1; redacted json exits 0
  explain                 every option: value, source, what it overrode
  check                   read and interpolate everything, report problems
  set [SECTION] OPTION VALUE [--write] [--raw] [--force]
  unset [SECTION] OPTION [--write] [--force]
                          edit the ini file itself (not the layers above
                          it), losslessly and atomically: only that
                          option's lines change. VALUE is literal ("%"
                          written as "%%") unless --raw; SECTION may be
                          DEFAULT. Without --write, print the diff
                          (redacted unless --show-secrets) and write
                          nothing; --force overwrites a file changed since
                          it was read; set --create makes a missing ini
  watch                   one line per changed option ("[SECTION] OPTION =
                          VALUE (SOURCE)", "[SECTION] OPTION removed") and
                          one per error, until interrupted; with --etcd it
                          follows the etcd prefix too
  publish [--prune] [--force]
                          copy the ini file's own raw options (never here,
                          config_args, pyproject.toml or the environment)
                          under --etcd-prefix in one etcd transaction;
                          refuses a file whose [DEFAULT] holds options, a
                          transaction past the server's limits, and a
                          prefix changed since it was read (unless
                          --force); --prune deletes keys no longer in the
                          ini

Flags (before or after the command; "--" ends them):
  -c, --config FILE       the configuration file; may be given twice, a file
                          named pyproject.toml fills the TOML slot
                          (defaults: $ALEMBIC_CONFIG or alembic.ini, and
                          pyproject.toml); -c - reads the ini from
                          standard input
  -n, --name SECTION      the ini's main section (default "alembic")
      --arg KEY=VALUE     a config_args substitution variable (repeatable)
      --env-prefix P      prefix of the environment overrides (default
                          "ALEMBIC_"; "" turns them off)
      --show-secrets      print passwords and secret options unredacted
                          (get always prints the real value)
      --max-file-size N   the largest file read (bytes, KiB, MiB or GiB)
      --etcd URL[,URL...] add the etcd layer: keys PREFIX/SECTION/OPTION
                          (each name percent-encoded as a URL path
                          segment), raw ini text, ranked above the files
                          and below the environment
      --etcd-prefix P     the etcd layer's prefix (needed with --etcd)
      --etcd-ca FILE      TLS: the CA certificate of the etcd servers
      --etcd-cert FILE    TLS: a client certificate (with --etcd-key)
      --etcd-key FILE     TLS: the client certificate's key
      --etcd-user U[:P]   etcd authentication (the password may come from
                          $ETCD_PASSWORD instead)
      --etcd-dial-timeout D  how long the first connection may take
                          (default 5s); then the command fails
      --etcd-literal      etcd values are literal text, not ini text
      --etcd-optional     start from the files when etcd cannot be reached
  -h, --help              print this text
      --version           print the version

Environment:
  ALEMBIC_CONFIG                the file when no -c names one of its slot
  ALEMBIC_<OPTION>              overrides an option of the main section
  ALEMBIC_<SECTION>__<OPTION>   overrides an option of another section
  ALEMBIC_INI                   an INI fragment for names no variable spells
  ETCD_PASSWORD                 the password of --etcd-user USER

Exit status: 0 ok; 1 absent (get, section), problems found (check) or
redacted ini/env output (dump); 2 usage, I/O or parse error; 3 internal
error (a bug).
`

func main() {
	os.Exit(run(os.Args[1:], os.Environ(), os.Stdin, os.Stdout, os.Stderr))
}

// run runs the command line args with the environment environ ("NAME=value"
// strings) in the process's working directory and returns the exit code.
func run(args, environ []string, stdin io.Reader, stdout, stderr io.Writer) int {
	dir, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", progName, err)
		return exitError
	}
	return runIn(dir, args, environ, stdin, stdout, stderr)
}

// testHookCommand, when set (by tests only), is called with the command's
// name just before the command runs: a way to inject a panic that no
// command line can reach.
var testHookCommand func(cmd string)

// buildInfo is debug.ReadBuildInfo; tests replace it.
var buildInfo = debug.ReadBuildInfo

// version is the main module's version as the build recorded it, "(devel)"
// when it recorded none.
func version() string {
	if bi, ok := buildInfo(); ok && bi != nil && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

// runIn is run with the working directory dir. A panic is a bug: it is
// turned into exit code 3 and one line on stderr naming the command.
func runIn(dir string, args, environ []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	where := "argument parsing"
	var a *app
	defer func() {
		if a != nil && a.restoreMemory != nil {
			a.restoreMemory()
		}
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "%s: internal error in %s: %s\n", progName, where, panicText(r, a))
			code = exitInternal
		}
	}()
	inv, err := parseArgs(args)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n%s", progName, err, "Run 'alembiccfg --help' for usage.\n")
		return exitError
	}
	if inv.help {
		io.WriteString(stdout, usageText)
		return exitOK
	}
	if inv.version {
		fmt.Fprintf(stdout, "%s %s\n", progName, version())
		return exitOK
	}
	where = inv.cmd
	a = &app{inv: inv, dir: dir, environ: environ, stdin: stdin, stdout: stdout, stderr: stderr}
	if testHookCommand != nil {
		testHookCommand(inv.cmd)
	}
	return a.dispatch()
}

// panicText is a panic value on one line, redacted like every message
// (unless --show-secrets); should redaction itself fail, only the value's
// type is shown.
func panicText(r any, a *app) (text string) {
	defer func() {
		if recover() != nil {
			text = fmt.Sprintf("a panic value of type %T", r)
		}
	}()
	text = fmt.Sprint(r)
	if a == nil || !a.inv.showSecrets {
		var v *view
		if a != nil {
			v = a.view
		}
		text = redactText(text, v)
	}
	return strings.NewReplacer("\r", `\r`, "\n", `\n`).Replace(text)
}

// dispatch runs the command.
func (a *app) dispatch() int {
	inv := a.inv
	if err := a.resolveFiles(); err != nil {
		return a.fail(err)
	}
	if err := a.openEtcd(); err != nil {
		return a.fail(err)
	}
	defer a.closeEtcd()
	switch inv.cmd {
	case "get":
		return a.cmdGet()
	case "set", "unset":
		return a.cmdEdit()
	case "watch":
		return a.cmdWatch()
	case "section":
		return a.cmdSection()
	case "dump":
		return a.cmdDump()
	case "explain":
		return a.cmdExplain()
	case "check":
		return a.cmdCheck()
	case "publish":
		return a.cmdPublish()
	}
	panic("unreachable: command " + inv.cmd)
}

// invocation is the parsed command line.
type invocation struct {
	configs     []string    // -c/--config, in order
	name        string      // -n/--name
	configArgs  [][2]string // --arg KEY=VALUE, in order
	envPrefix   string
	showSecrets bool
	maxFileSize int64 // --max-file-size; 0: the library's default
	etcd        etcdFlags
	help        bool
	version     bool // --version

	json   bool   // section --json
	format string // dump --format
	toml   bool   // dump --toml
	write  bool   // set/unset --write
	raw    bool   // set --raw: VALUE is ini text
	force  bool   // set/unset --force: overwrite a file changed since it was read
	create bool   // set --create: make the ini when it does not exist
	prune  bool   // publish --prune: delete keys no longer in the ini

	cmd  string
	args []string // the command's positional arguments
}

// usageError is a mistake on the command line.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// commandFlags lists the flags each command accepts besides the global ones.
var commandFlags = map[string][]string{
	"get":     nil,
	"section": {"--json"},
	"dump":    {"--format", "--toml"},
	"explain": nil,
	"check":   nil,
	"set":     {"--write", "--raw", "--force", "--create"},
	"unset":   {"--write", "--force"},
	"watch":   nil,
	"publish": {"--prune", "--force"},
}

// parseArgs reads the command line. Flags may come before or after the
// command; "--" ends them. Long flags take their value as "--flag VALUE" or
// "--flag=VALUE", short ones as "-c VALUE" or "-cVALUE".
func parseArgs(args []string) (*invocation, error) {
	inv := &invocation{name: alembiccfg.DefaultIniSection, envPrefix: "ALEMBIC_", format: "json"}
	var positional []string
	used := map[string]bool{} // command flags seen
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			positional = append(positional, args[i+1:]...)
			break
		}
		if len(arg) < 2 || arg[0] != '-' {
			positional = append(positional, arg)
			continue
		}
		name, value, hasValue := arg, "", false
		if strings.HasPrefix(arg, "--") {
			if k, v, ok := strings.Cut(arg, "="); ok {
				name, value, hasValue = k, v, true
			}
		} else if len(arg) > 2 {
			name, value, hasValue = arg[:2], arg[2:], true
		}
		takeValue := func() (string, error) {
			if hasValue {
				return value, nil
			}
			if i+1 >= len(args) {
				return "", usagef("flag %s needs a value", name)
			}
			i++
			return args[i], nil
		}
		noValue := func() error {
			if hasValue {
				return usagef("flag %s takes no value", name)
			}
			return nil
		}
		var err error
		switch name {
		case "-c", "--config":
			var v string
			if v, err = takeValue(); err == nil {
				inv.configs = append(inv.configs, v)
			}
		case "-n", "--name":
			inv.name, err = takeValue()
		case "--arg":
			var v string
			if v, err = takeValue(); err == nil {
				k, val, ok := strings.Cut(v, "=")
				if !ok || k == "" {
					err = usagef("--arg %q: expected KEY=VALUE", v)
				}
				inv.configArgs = append(inv.configArgs, [2]string{k, val})
			}
		case "--env-prefix":
			inv.envPrefix, err = takeValue()
		case "--max-file-size":
			var v string
			if v, err = takeValue(); err == nil {
				inv.maxFileSize, err = parseSize(v)
			}
		case "--show-secrets":
			err = noValue()
			inv.showSecrets = true
		case "--etcd":
			var v string
			if v, err = takeValue(); err == nil {
				inv.etcd.endpoints, err = parseEndpoints(v)
			}
		case "--etcd-prefix":
			inv.etcd.prefix, err = takeValue()
		case "--etcd-ca":
			inv.etcd.ca, err = takeValue()
		case "--etcd-cert":
			inv.etcd.cert, err = takeValue()
		case "--etcd-key":
			inv.etcd.key, err = takeValue()
		case "--etcd-user":
			inv.etcd.user, err = takeValue()
		case "--etcd-dial-timeout":
			var v string
			if v, err = takeValue(); err == nil {
				if inv.etcd.dialTimeout, err = time.ParseDuration(v); err != nil || inv.etcd.dialTimeout <= 0 {
					err = usagef("--etcd-dial-timeout %q: expected a positive duration such as 5s", v)
				}
			}
		case "--etcd-literal":
			err = noValue()
			inv.etcd.literal = true
		case "--etcd-optional":
			err = noValue()
			inv.etcd.optional = true
		case "--prune":
			err = noValue()
			inv.prune = true
			used[name] = true
		case "-h", "--help":
			err = noValue()
			inv.help = true
		case "--version":
			err = noValue()
			inv.version = true
		case "--json":
			err = noValue()
			inv.json = true
			used[name] = true
		case "--toml":
			err = noValue()
			inv.toml = true
			used[name] = true
		case "--write":
			err = noValue()
			inv.write = true
			used[name] = true
		case "--raw":
			err = noValue()
			inv.raw = true
			used[name] = true
		case "--force":
			err = noValue()
			inv.force = true
			used[name] = true
		case "--create":
			err = noValue()
			inv.create = true
			used[name] = true
		case "--format":
			inv.format, err = takeValue()
			used[name] = true
		default:
			err = usagef("unknown flag %s", name)
		}
		if err != nil {
			return nil, err
		}
	}
	if inv.help || inv.version {
		return inv, nil
	}
	if len(positional) == 0 {
		return nil, usagef("no command given")
	}
	inv.cmd, inv.args = positional[0], positional[1:]
	allowed, ok := commandFlags[inv.cmd]
	if !ok {
		return nil, usagef("unknown command %q", inv.cmd)
	}
	for flag := range used {
		if !contains(allowed, flag) {
			return nil, usagef("%s does not take %s", inv.cmd, flag)
		}
	}
	if err := inv.etcd.check(inv.cmd); err != nil {
		return nil, err
	}
	n := len(inv.args)
	switch inv.cmd {
	case "get":
		if n != 1 && n != 2 {
			return nil, usagef("usage: get OPTION | get SECTION OPTION")
		}
	case "section":
		if n != 1 {
			return nil, usagef("usage: section NAME [--json]")
		}
	case "dump":
		if n != 0 {
			return nil, usagef("usage: dump [--format json|ini|env] [--toml]")
		}
		switch inv.format {
		case "json", "ini", "env":
		default:
			return nil, usagef("dump --format %q: expected json, ini or env", inv.format)
		}
		if inv.toml && inv.format != "json" {
			return nil, usagef("dump --toml works with --format json only")
		}
	case "explain", "check", "watch", "publish":
		if n != 0 {
			return nil, usagef("usage: %s (no arguments)", inv.cmd)
		}
	case "set":
		if n != 2 && n != 3 {
			return nil, usagef("usage: set [SECTION] OPTION VALUE [--write] [--raw] [--force]")
		}
	case "unset":
		if n != 1 && n != 2 {
			return nil, usagef("usage: unset [SECTION] OPTION [--write] [--force]")
		}
	}
	return inv, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// app is one run of the command.
type app struct {
	inv           *invocation
	inputSize     int64  // bytes of the ini and pyproject.toml found
	stdinData     []byte // the ini read from standard input (-c -); nil otherwise
	restoreMemory func() // undoes boundMemory
	memoryLimit   int64  // the limit boundMemory set; 0 for none
	dir           string
	environ       []string
	stdin         io.Reader
	stdout        io.Writer
	stderr        io.Writer

	ini, toml           string // the files, as named (relative to dir unless absolute)
	iniFound, tomlFound bool

	etcd     *etcd.Provider // the etcd layer, with --etcd
	cfg      *alembiccfg.Config
	warnings []alembiccfg.Warning // collected from the Config
	view     *view                // the loaded ini view, for redaction of errors
}

// getenv looks a variable up in the injected environment, as os.Getenv.
func (a *app) getenv(name string) string {
	for _, kv := range a.environ {
		if k, v, ok := strings.Cut(kv, "="); ok && k == name {
			return v
		}
	}
	return ""
}

// path returns a file name relative to the working directory.
func (a *app) path(name string) string {
	if filepath.IsAbs(name) {
		return name
	}
	return filepath.Join(a.dir, name)
}

// resolveFiles chooses the ini and TOML files as Alembic's
// CommandLine._inis_from_config does, then applies the CLI's rule for
// missing files.
func (a *app) resolveFiles() error {
	defaultINI, defaultTOML := "alembic.ini", "pyproject.toml"
	iniNamed, tomlNamed := false, false
	if env := a.getenv("ALEMBIC_CONFIG"); env != "" {
		if filepath.Base(env) == "pyproject.toml" {
			defaultTOML, tomlNamed = env, true
		} else {
			defaultINI, iniNamed = env, true
		}
	}
	var ini, toml string
	for _, name := range a.inv.configs {
		if filepath.Base(name) == "pyproject.toml" {
			if toml != "" {
				return &alembicerr.Error{Kind: "CommandError", Message: "pyproject.toml indicated more than once"}
			}
			toml = name
		} else {
			if ini != "" {
				return &alembicerr.Error{Kind: "CommandError", Message: "only one ini file may be indicated"}
			}
			ini = name
		}
	}
	if ini != "" {
		iniNamed = true
	} else {
		ini = defaultINI
	}
	if toml != "" {
		tomlNamed = true
	} else {
		toml = defaultTOML
	}
	a.ini, a.toml = ini, toml

	var err error
	if ini == "-" {
		// -c -: the ini from standard input, within the same size limit.
		if err := a.readStdin(); err != nil {
			return err
		}
	} else if a.iniFound, err = a.checkFile(ini); err != nil {
		return err
	}
	if a.tomlFound, err = a.checkFile(toml); err != nil {
		return err
	}
	a.boundMemory()
	switch {
	case !a.iniFound && iniNamed && !a.inv.create:
		return &alembicerr.Error{Kind: "OSError", Source: ini, Message: "no such file (named by " + a.namedBy(ini) + ")"}
	case !a.tomlFound && tomlNamed:
		return &alembicerr.Error{Kind: "OSError", Source: toml, Message: "no such file (named by " + a.namedBy(toml) + ")"}
	case !a.iniFound && !a.tomlFound && !a.inv.create:
		return &alembicerr.Error{Kind: "OSError", Message: fmt.Sprintf(
			"neither %s nor %s found in %s; name a file with -c or ALEMBIC_CONFIG", ini, toml, a.dir)}
	}
	return nil
}

func (a *app) namedBy(name string) string {
	if contains(a.inv.configs, name) {
		return "-c"
	}
	return "ALEMBIC_CONFIG"
}

// checkFile reports whether a file exists, without opening it (a FIFO
// would block). What it is and whether it can be read is the library's to
// say: a file that exists is read with RequireFile, so that an unreadable
// ini or a directory is an error instead of Alembic's silent empty read,
// and a FIFO, device or socket is refused at once.
func (a *app) checkFile(name string) (bool, error) {
	fi, err := os.Stat(a.path(name))
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, &alembicerr.Error{Kind: alembicerr.OSError, Source: name, Message: err.Error(), Err: err}
	}
	if fi.Mode().IsRegular() {
		a.inputSize += fi.Size()
	}
	return true, nil
}

// stdinName is how the ini read from standard input is named.
const stdinName = "<stdin>"

// readStdin reads the ini from standard input, at most --max-file-size
// bytes (the library's default limit without it).
func (a *app) readStdin() error {
	limit := a.inv.maxFileSize
	if limit <= 0 {
		limit = defaultMaxFileSize
	}
	data, err := io.ReadAll(io.LimitReader(a.stdin, limit+1))
	if err != nil {
		return &alembicerr.Error{Kind: alembicerr.OSError, Source: stdinName, Message: "reading standard input: " + err.Error(), Err: err}
	}
	if int64(len(data)) > limit {
		return &alembicerr.Error{Kind: alembicerr.LimitError, Source: stdinName,
			Message: fmt.Sprintf("standard input is larger than the limit of %d bytes (--max-file-size)", limit)}
	}
	a.ini, a.iniFound, a.stdinData = stdinName, true, data
	a.inputSize += int64(len(data))
	return nil
}

// defaultMaxFileSize is the library's default limit on a file's size.
const defaultMaxFileSize = 256 << 20

// boundMemory keeps the run's heap near three times the input. What the
// CLI keeps alive is about twice the input for ordinary files (the file
// and its parse), and Go's collector by default lets garbage grow to as
// much again as is alive. So the collector is asked to collect once the
// heap has grown by 40% (GOGC) and to stay within three times the input
// (a soft memory limit); a GOGC or GOMEMLIMIT the caller set is left
// alone. The previous settings come back when the command ends
// (restoreMemory).
func (a *app) boundMemory() {
	_, gogc := os.LookupEnv("GOGC")
	_, memlimit := os.LookupEnv("GOMEMLIMIT")
	var undo []func()
	if !gogc {
		old := debug.SetGCPercent(gcPercent)
		undo = append(undo, func() { debug.SetGCPercent(old) })
	}
	if !memlimit {
		a.memoryLimit = max(3*a.inputSize, 64<<20)
		old := debug.SetMemoryLimit(a.memoryLimit)
		undo = append(undo, func() { debug.SetMemoryLimit(old) })
	}
	a.restoreMemory = func() {
		for _, f := range undo {
			f()
		}
	}
}

// fitMemory lifts the memory limit once the configuration is loaded if
// what is alive is close to it (a file of a million tiny sections keeps
// far more than twice its size alive): past that point the limit would
// only make the collector run without end (alive past 85% of it).
func (a *app) fitMemory() {
	if a.memoryLimit == 0 {
		return
	}
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() == metrics.KindUint64 && int64(sample[0].Value.Uint64()) > a.memoryLimit/20*17 {
		debug.SetMemoryLimit(math.MaxInt64)
		a.memoryLimit = 0
	}
}

// gcPercent is the CLI's GOGC.
const gcPercent = 40

// libEnviron is the environment the library's environment layer sees:
// ALEMBIC_CONFIG chooses the file and is never mapped to an option, whatever
// the prefix.
func (a *app) libEnviron() []string {
	out := make([]string, 0, len(a.environ))
	for _, kv := range a.environ {
		if k, _, _ := strings.Cut(kv, "="); k == "ALEMBIC_CONFIG" {
			continue
		}
		out = append(out, kv)
	}
	return out
}

// newConfig builds the Config of the invocation, with or without the
// environment layer.
func (a *app) newConfig(withEnv bool, onWarning func(alembiccfg.Warning)) *alembiccfg.Config {
	args := pyvalue.NewDict()
	for _, kv := range a.inv.configArgs {
		args.Set(kv[0], kv[1])
	}
	opts := alembiccfg.Options{
		File:        a.ini,
		TOMLFile:    a.toml,
		IniSection:  a.inv.name,
		ConfigArgs:  args,
		Dir:         a.dir,
		OnWarning:   onWarning,
		RequireFile: a.iniFound,
		MaxFileSize: a.inv.maxFileSize,
	}
	if a.etcd != nil {
		// Below the environment, above the files (DESIGN.md §4).
		opts.Layers = append(opts.Layers, a.etcd.Layer())
	}
	if withEnv {
		environ := a.libEnviron()
		opts.Env = &alembiccfg.EnvOptions{
			Prefix:  a.inv.envPrefix,
			Environ: func() []string { return environ },
		}
	}
	if a.stdinData != nil {
		// The ini is in memory; pyproject.toml, if any, is read from disk
		// through the same FS, rooted at the working directory.
		opts.FS = stdinFS{name: stdinName, data: a.stdinData, dir: os.DirFS(a.dir)}
	}
	c := alembiccfg.New(opts)
	if a.inv.name == "" {
		// Options.IniSection "" means "alembic"; -n "" means the section "".
		c.SetConfigIniSection("")
	}
	return c
}

// config returns the Config of the run (environment layer on), warnings
// collected in a.warnings.
func (a *app) config() *alembiccfg.Config {
	if a.cfg == nil {
		a.cfg = a.newConfig(true, func(w alembiccfg.Warning) { a.warnings = append(a.warnings, w) })
	}
	return a.cfg
}

// fail prints err on stderr, located and redacted, and returns exitError.
func (a *app) fail(err error) int {
	a.printErr(err)
	return exitError
}

// printErr prints err on stderr, located and redacted.
func (a *app) printErr(err error) {
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(a.stderr, "%s: %v\n", progName, err)
		return
	}
	for _, line := range a.expandParseErrors(err) {
		fmt.Fprintf(a.stderr, "%s: %s\n", progName, line)
	}
}

// errText is err's message, with the place of the option it concerns added
// when the library did not give one, and secrets redacted.
func (a *app) errText(err error) string {
	err = a.locate(err)
	if a.inv.showSecrets {
		return alembicerr.Unredact(err).Error()
	}
	msg := err.Error()
	return redactText(msg, a.view)
}

// parseSize reads a size such as 1048576, 512KiB, 64MiB or 1GiB.
func parseSize(s string) (int64, error) {
	num, mult := s, int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}} {
		if n, ok := strings.CutSuffix(s, u.suffix); ok {
			num, mult = n, u.mult
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n <= 0 || n > math.MaxInt64/mult {
		return 0, usagef("--max-file-size %q: expected a positive size in bytes, KiB, MiB or GiB", s)
	}
	return n * mult, nil
}

// stdinFS serves the ini read from standard input under its name, every
// other name from dir: with -c -, alembiccfg.Options.FS holds both files.
type stdinFS struct {
	name string
	data []byte
	dir  fs.FS
}

func (s stdinFS) Open(name string) (fs.File, error) {
	if name == s.name {
		return fstest.MapFS{name: {Data: s.data, Mode: 0o444}}.Open(name)
	}
	return s.dir.Open(name)
}
