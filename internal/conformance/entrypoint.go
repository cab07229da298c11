package conformance

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/koanf-alembic/koanf-alembic/internal/pypath"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/parser/ini"
	"github.com/koanf-alembic/koanf-alembic/provider/alembic"
)

// EntryPoint names a way into the library that the runner drives.
type EntryPoint string

// The entry points, in the order the runner reports them.
const (
	// Facade is alembiccfg.Config, which answers Alembic's ops one by one.
	Facade EntryPoint = "facade"
	// Provider is the koanf provider provider/alembic: one tree.
	Provider EntryPoint = "provider"
	// Parser is the koanf parser parser/ini: one tree from the ini bytes.
	Parser EntryPoint = "parser"
)

// EntryPoints returns every entry point, in report order.
func EntryPoints() []EntryPoint { return []EntryPoint{Facade, Provider, Parser} }

// treeEntry is an entry point that returns a whole tree instead of
// answering ops. A case applies to it when cannot finds nothing it cannot
// take and its ops hold a dump before any state-changing op.
type treeEntry struct {
	name EntryPoint
	// cannot says why the entry point cannot take the request ("" when it
	// can).
	cannot func(r request) string
	// read builds the tree. report receives the lenient mode's failures;
	// strict selects the strict mode.
	read func(r request, strict bool, report func(section, option string, err error)) (map[string]any, error)
	// toml is whether the tree holds pyproject.toml's [tool.alembic] at
	// tool → alembic.
	toml bool
	// sourceName rewrites an expected message for what the entry point
	// is given as the source name (the parser gets a plain name, never
	// Alembic's pathlib.Path).
	sourceName func(msg string) string
}

// treeEntries returns the tree-returning entry points.
func treeEntries() []treeEntry {
	return []treeEntry{
		{name: Provider, cannot: providerCannot, read: readProvider, toml: true, sourceName: asGiven},
		{name: Parser, cannot: parserCannot, read: readParser, sourceName: plainSourceName},
	}
}

// The request keys attributes and cmd_opts never reach file_config or the
// TOML table (cmd_opts.verbose only logs), so they do not bear on a tree
// and do not keep a case from applying.

// providerCannot: the provider takes every request key, except an empty
// ini_section without an ini file: Alembic then creates the in-memory
// section "", and Opt.IniSection "" means "alembic".
func providerCannot(r request) string {
	if r.ini == "" && r.hasSection && r.iniSection == "" {
		return `ini_section "" without an ini file`
	}
	return ""
}

// providerOpt builds the provider's options for a request (the one place
// that knows the shape of alembic.Opt).
func providerOpt(r request) alembic.Opt {
	return alembic.Opt{File: r.ini, TOMLFile: r.toml, Dir: r.cwd, IniSection: r.iniSection, ConfigArgs: r.configArgs}
}

func readProvider(r request, strict bool, report func(section, option string, err error)) (map[string]any, error) {
	o := providerOpt(r)
	o.Strict, o.OnInterpolationError = strict, report
	return alembic.Provider(o).Read()
}

// parserCannot: the parser sees only the ini's bytes, so it cannot take a
// TOML file or the in-memory main section Alembic creates without an ini
// file.
func parserCannot(r request) string {
	switch {
	case r.hasTOML:
		return "toml"
	case r.ini == "":
		return "no ini file"
	}
	return ""
}

// parserOpt builds the parser's options for a request whose ini has the
// given `here`: Alembic's ConfigParser(config_args) defaults, that is
// config_args in their order, then here (self.config_args["here"] = here,
// so a "here" key keeps its place and takes the computed value). It is the
// one place that knows the shape of ini.Opt.
func parserOpt(r request, here string) ini.Opt {
	d := r.configArgs.Copy()
	d.Set("here", here)
	return ini.Opt{Name: pypath.Posix(r.ini), Defaults: d}
}

func readParser(r request, strict bool, report func(section, option string, err error)) (map[string]any, error) {
	path := r.ini
	if !filepath.IsAbs(path) {
		path = filepath.Join(r.cwd, path)
	}
	// ConfigParser.read skips a file it cannot open (any OSError): the
	// parser then reads nothing.
	data, err := os.ReadFile(path)
	if err != nil {
		data = nil
	}
	o := parserOpt(r, pypath.Here(r.ini, r.cwd))
	o.Strict, o.OnInterpolationError = strict, report
	return ini.Parser(o).Unmarshal(data)
}

// asGiven leaves an expected message as Alembic words it.
func asGiven(msg string) string { return msg }

// plainSourceName rewrites the PosixPath('…') that Alembic's messages show
// for its pathlib.Path source as the plain repr '…' of a name.
func plainSourceName(msg string) string {
	const prefix = "PosixPath("
	var b strings.Builder
	for {
		i := strings.Index(msg, prefix)
		if i < 0 {
			b.WriteString(msg)
			return b.String()
		}
		b.WriteString(msg[:i])
		rest := msg[i+len(prefix):]
		j := closingQuote(rest)
		if j < 0 || j+1 >= len(rest) || rest[j+1] != ')' {
			b.WriteString(prefix)
			msg = rest
			continue
		}
		b.WriteString(rest[:j+1])
		msg = rest[j+2:]
	}
}

// closingQuote returns the index of the quote closing the Python string
// literal at the start of s, or -1.
func closingQuote(s string) int {
	if s == "" || s[0] != '\'' && s[0] != '"' {
		return -1
	}
	q := s[0]
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case q:
			return i
		}
	}
	return -1
}

// errorKind is the Python class an entry point's error stands for.
func errorKind(err error) string {
	var pe *alembicerr.Error
	if errors.As(err, &pe) {
		return string(pe.Kind)
	}
	return "GoError"
}

// describeErr names an entry point's error without the temporary paths
// of the run: its class, the option it concerns and its message.
func describeErr(err error) string {
	var pe *alembicerr.Error
	if errors.As(err, &pe) && (pe.Section != "" || pe.Option != "") {
		return fmt.Sprintf("%s for [%s] %s: %s", pe.Kind, pe.Section, pe.Option, pe.Message)
	}
	return errorKind(err) + ": " + errorMessage(err)
}

// errorMessage is the message compared in exact-message mode.
func errorMessage(err error) string {
	var pe *alembicerr.Error
	if errors.As(err, &pe) {
		return pe.Unredacted().Message // Python's text, secrets and all
	}
	return err.Error()
}
