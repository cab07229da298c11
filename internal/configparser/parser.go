package configparser

import (
	"fmt"
	"slices"

	"github.com/koanf-alembic/koanf-alembic/alembicerr"
	"github.com/koanf-alembic/koanf-alembic/pyvalue"
)

// DefaultMaxValueSize is the default cap on the work and output of one
// interpolated value (bytes produced plus references followed): 1 MiB.
const DefaultMaxValueSize = 1 << 20

// originDict is the source name of constructor defaults in errors.
const originDict = "<dict>"

// Parser is the live state of a CPython ConfigParser as Alembic builds it:
// the defaults (constructor arguments, then the file's [DEFAULT]) and the
// sections in order. Its methods follow the ConfigParser methods of the
// same names. A Parser is not safe for concurrent use; callers serialise.
type Parser struct {
	defaults Section
	sections []*Section
	byName   map[string]*Section // index of sections, once there are more than linearSections
	last     *Section            // the section scope found last: lookups repeat

	// MaxValueSize caps the size of one interpolated value (bytes produced
	// plus references followed); 0 means DefaultMaxValueSize.
	MaxValueSize int
	// Budget caps the interpolated bytes of all values resolved from the
	// Parser together, each (section, option) counted once; 0 means
	// DefaultBudget.
	Budget int64

	spent   int64                // interpolated bytes charged to Budget
	charged map[pairKey]struct{} // pairs charged already

	// firstDefault is where the first default lives, so that a Parser
	// with one (Alembic's `here`) is one allocation.
	firstDefault [1]Option
}

// NewParser returns a Parser without defaults or sections.
func NewParser() *Parser {
	p := new(Parser)
	p.Init()
	return p
}

// Init makes p, a zero Parser, one without defaults or sections, as
// NewParser makes it: for a Parser that lives inside a larger value, so
// that the two are one allocation. The Parser refers to its own memory
// from then on, so it must not be copied.
func (p *Parser) Init() {
	p.defaults = Section{Name: DefaultSection}
	p.defaults.Options = p.firstDefault[:0]
}

// KeyValue is one constructor default. None marks Python's None, which
// ConfigParser refuses with a TypeError. Origin nil means OriginDefaults.
type KeyValue struct {
	Key    string
	Value  string
	None   bool
	Origin *Origin
}

// ReadDefaults installs constructor defaults as ConfigParser(defaults)
// does (read_dict into DEFAULT): keys are lower-cased, a key repeated after
// lower-casing is a DuplicateOptionError, a None value a TypeError.
// Values are not validated for interpolation syntax.
func (p *Parser) ReadDefaults(defaults []KeyValue) error {
	for i, kv := range defaults {
		name := pyvalue.Lower(kv.Key)
		if seenDefault(defaults[:i], name) {
			return &alembicerr.Error{
				Kind: alembicerr.DuplicateOptionError, Source: originDict, Section: DefaultSection, Option: name,
				Detail: fmt.Sprintf("default %s given twice (keys are case-insensitive)", pyvalue.ReprString(name)),
				Message: fmt.Sprintf("While reading from %s: option %s in section %s already exists",
					pyvalue.ReprString(originDict), pyvalue.ReprString(name), pyvalue.ReprString(DefaultSection)),
			}
		}
		if kv.None {
			return &alembicerr.Error{Kind: alembicerr.TypeError, Option: name,
				Detail: fmt.Sprintf("default %s is None; option values must be strings", pyvalue.ReprString(kv.Key)), Message: "option values must be strings"}
		}
		origin := kv.Origin
		if origin == nil {
			origin = OriginDefaults
		}
		p.setIn(&p.defaults, Option{Name: name, Value: kv.Value, Origin: origin})
	}
	return nil
}

// seenDefault reports whether one of kvs has the lower-cased name.
func seenDefault(kvs []KeyValue, name string) bool {
	for _, kv := range kvs {
		if pyvalue.Lower(kv.Key) == name {
			return true
		}
	}
	return false
}

// FileOrigin is the origin of the values read from the file called name.
func FileOrigin(name string) Origin { return Origin{Layer: "file", Source: name} }

// Read merges a parsed document, as ConfigParser.read does after a
// successful parse: [DEFAULT] options replace defaults of the same name in
// place, new sections are appended, options of an existing section are
// replaced or appended. Every value gets origin; nil means
// FileOrigin(doc.Name).
//
// Read takes the document's sections over: the Parser keeps and changes
// them, so the Document must not be used afterwards.
func (p *Parser) Read(doc *Document, origin *Origin) {
	if origin == nil {
		o := FileOrigin(doc.Name)
		origin = &o
	}
	for _, o := range doc.Defaults {
		o.Origin = origin
		p.setIn(&p.defaults, o)
	}
	// A document's section names are unique: into a Parser without
	// sections, every one is new, and the document's slice of them can be
	// the Parser's.
	if len(p.sections) == 0 {
		for _, s := range doc.Sections {
			for i := range s.Options {
				s.Options[i].Origin = origin
			}
		}
		p.sections = doc.Sections
		if len(p.sections) > linearSections {
			p.reindexSections()
		}
		return
	}
	p.sections = slices.Grow(p.sections, len(doc.Sections))
	for _, s := range doc.Sections {
		if have, ok := p.section(s.Name); ok {
			for _, o := range s.Options {
				o.Origin = origin
				p.setIn(have, o)
			}
			continue
		}
		for i := range s.Options {
			s.Options[i].Origin = origin
		}
		p.addSection(s)
	}
}

// linearSections is the number of sections up to which a Parser finds a
// section by comparing names; more get a map index.
const linearSections = 16

// section returns the section called name (not DEFAULT).
func (p *Parser) section(name string) (*Section, bool) {
	if p.byName != nil {
		s, ok := p.byName[name]
		return s, ok
	}
	for _, s := range p.sections {
		if s.Name == name {
			return s, true
		}
	}
	return nil, false
}

// addSection appends a section whose name is new, keeping the index.
func (p *Parser) addSection(s *Section) {
	p.sections = append(p.sections, s)
	if p.byName == nil && len(p.sections) > linearSections {
		p.reindexSections()
	} else if p.byName != nil {
		p.byName[s.Name] = s
	}
}

// reindexSections builds the index of the sections by name.
func (p *Parser) reindexSections() {
	p.byName = make(map[string]*Section, 2*len(p.sections))
	for _, s := range p.sections {
		p.byName[s.Name] = s
	}
}

func (p *Parser) setIn(s *Section, o Option) {
	if i := s.find(o.Name); i >= 0 {
		prev := s.Options[i]
		o.Prev = &prev
		s.Options[i] = o
		return
	}
	s.add(o)
}

// Sections returns the section names in order, without DEFAULT.
func (p *Parser) Sections() []string {
	names := make([]string, len(p.sections))
	for i, s := range p.sections {
		names[i] = s.Name
	}
	return names
}

// Section returns the section called name (not DEFAULT).
func (p *Parser) Section(name string) (*Section, bool) {
	return p.section(name)
}

// DefaultOptions returns the defaults in order. The slice must not be
// modified.
func (p *Parser) DefaultOptions() []Option { return p.defaults.Options }

// HasSection reports whether the section exists; DEFAULT never does.
func (p *Parser) HasSection(name string) bool {
	_, ok := p.section(name)
	return ok
}

// AddSection appends an empty section: ValueError for DEFAULT,
// DuplicateSectionError when it exists.
func (p *Parser) AddSection(name string) error {
	if name == DefaultSection {
		return invalidSectionName(name)
	}
	if _, ok := p.section(name); ok {
		return &alembicerr.Error{Kind: alembicerr.DuplicateSectionError, Section: name,
			Message: fmt.Sprintf("Section %s already exists", pyvalue.ReprString(name))}
	}
	p.addSection(&Section{Name: name})
	return nil
}

func invalidSectionName(name string) error {
	return &alembicerr.Error{Kind: alembicerr.ValueError, Section: name,
		Message: "Invalid section name: " + pyvalue.ReprString(name)}
}

// HasOption reports whether the option exists in the section or in the
// defaults. As in CPython, the section "" or DEFAULT means the defaults
// alone, and a missing section has no options.
func (p *Parser) HasOption(section, option string) bool {
	name := pyvalue.Lower(option)
	if section == "" || section == DefaultSection {
		return p.defaults.find(name) >= 0
	}
	s, ok := p.section(section)
	if !ok {
		return false
	}
	return s.find(name) >= 0 || p.defaults.find(name) >= 0
}

// Options returns the option names of a section: its own first, then the
// defaults it does not shadow.
func (p *Parser) Options(section string) ([]string, error) {
	s, ok := p.section(section)
	if !ok {
		return nil, noSection(section)
	}
	names := make([]string, 0, len(s.Options)+len(p.defaults.Options))
	for _, o := range s.Options {
		names = append(names, o.Name)
	}
	for _, o := range p.defaults.Options {
		if s.find(o.Name) < 0 {
			names = append(names, o.Name)
		}
	}
	return names, nil
}

// NoSection returns the NoSectionError CPython raises for section.
func (p *Parser) NoSection(section string) error { return noSection(section) }

func noSection(section string) error {
	return &alembicerr.Error{Kind: alembicerr.NoSectionError, Section: section,
		Message: "No section: " + pyvalue.ReprString(section)}
}

// scope is what ConfigParser._unify_values gives: a section's options
// over the defaults.
type scope struct {
	p    *Parser
	sect *Section // nil for DEFAULT
	name string
}

func (p *Parser) scope(section string) (scope, error) {
	if s := p.last; s != nil && s.Name == section {
		return scope{p: p, sect: s, name: section}, nil
	}
	if s, ok := p.section(section); ok {
		p.last = s
		return scope{p: p, sect: s, name: section}, nil
	}
	if section == DefaultSection {
		return scope{p: p, name: section}, nil
	}
	return scope{}, noSection(section)
}

// lookup finds a lower-cased option name in the section, then the defaults.
func (sc scope) lookup(name string) (*Option, bool) {
	if sc.sect != nil {
		if i := sc.sect.find(name); i >= 0 {
			return &sc.sect.Options[i], true
		}
	}
	if i := sc.p.defaults.find(name); i >= 0 {
		return &sc.p.defaults.Options[i], true
	}
	return nil, false
}

// Lookup returns the raw option as get(section, option, raw=True) finds
// it (section first, then defaults), with its origin. The error is a
// NoSectionError for a missing section other than DEFAULT.
func (p *Parser) Lookup(section, option string) (*Option, bool, error) {
	sc, err := p.scope(section)
	if err != nil {
		return nil, false, err
	}
	o, ok := sc.lookup(pyvalue.Lower(option))
	return o, ok, nil
}

// RawGet returns get(section, option, raw=True); ok is false when the
// option does not exist.
func (p *Parser) RawGet(section, option string) (value string, ok bool, err error) {
	o, ok, err := p.Lookup(section, option)
	if !ok || err != nil {
		return "", ok, err
	}
	return o.Value, true, nil
}

// Get returns get(section, option): the value interpolated in the context
// of the section. ok is false when the option does not exist.
func (p *Parser) Get(section, option string) (value string, ok bool, err error) {
	sc, err := p.scope(section)
	if err != nil {
		return "", false, err
	}
	name := pyvalue.Lower(option)
	o, ok := sc.lookup(name)
	if !ok {
		return "", false, nil
	}
	v, err := p.interpolate(sc, name, o.Value)
	if err != nil {
		return "", false, locate(err, o)
	}
	return v, true, nil
}

// InterpolateOption is Interpolate for an option of ItemOptions: the
// error, if any, names the option's file and line.
func (p *Parser) InterpolateOption(section string, o *Option) (string, error) {
	v, err := p.Interpolate(section, o.Name, o.Value)
	if err != nil {
		return "", locate(err, o)
	}
	return v, nil
}

// locate adds the file and line of the option whose value failed to an
// interpolation error (Python's message stays as it is); for a value from
// a caller's layer (no line), the layer and its key: "etcd /apps/x/… @
// revision 42".
func locate(err error, o *Option) error {
	pe, ok := err.(*alembicerr.Error)
	if !ok || pe.Source != "" || o.Origin == nil {
		return err
	}
	if o.Line == 0 {
		switch o.Origin.Layer {
		case OriginDefaults.Layer, OriginSet.Layer, "file", "env", "here", "config_args", "":
			return err
		}
		if o.Origin.Source == "" {
			return err
		}
		pe.Source = o.Origin.Layer + " " + o.Origin.Source
		return pe
	}
	pe.Source, pe.Line = o.Origin.Source, int(o.Line)
	return pe
}

// Item is one option of Items.
type Item struct {
	Name  string
	Value string
}

// ItemOptions returns the raw options of items(section) in its order: the
// defaults first, each replaced by the section's own option of the same
// name, then the section's other options. The options must not be
// modified. It is the one place that order is decided: Items and the koanf
// trees both use it.
func (p *Parser) ItemOptions(section string) ([]*Option, error) {
	sc, err := p.scope(section)
	if err != nil {
		return nil, err
	}
	return sc.itemOptions(), nil
}

func (sc scope) itemOptions() []*Option {
	d := &sc.p.defaults
	opts := make([]*Option, 0, len(d.Options)+sectionLen(sc.sect))
	for i := range d.Options {
		o := &d.Options[i]
		if sc.sect != nil {
			if j := sc.sect.find(o.Name); j >= 0 {
				o = &sc.sect.Options[j]
			}
		}
		opts = append(opts, o)
	}
	if sc.sect != nil {
		for i := range sc.sect.Options {
			if d.find(sc.sect.Options[i].Name) < 0 {
				opts = append(opts, &sc.sect.Options[i])
			}
		}
	}
	return opts
}

// Items returns items(section): the options of ItemOptions, every value
// interpolated. The first failing value aborts.
func (p *Parser) Items(section string) ([]Item, error) {
	sc, err := p.scope(section)
	if err != nil {
		return nil, err
	}
	opts := sc.itemOptions()
	items := make([]Item, len(opts))
	for i, o := range opts {
		v, err := p.interpolate(sc, o.Name, o.Value)
		if err != nil {
			return nil, locate(err, o)
		}
		items[i] = Item{Name: o.Name, Value: v}
	}
	return items, nil
}

func sectionLen(s *Section) int {
	if s == nil {
		return 0
	}
	return len(s.Options)
}

// Set stores a raw value as ConfigParser.set does: the value is validated
// (ValueError for a "%" that is not "%%" or "%(name)s"), the section ""
// and DEFAULT mean the defaults, another missing section is a
// NoSectionError. The value is stored verbatim.
func (p *Parser) Set(section, option, value string) error {
	return p.SetFrom(section, option, value, OriginSet)
}

// SetFrom is Set with the origin of the value recorded (for provenance).
func (p *Parser) SetFrom(section, option, value string, origin *Origin) error {
	if err := ValidateValue(pyvalue.Lower(option), value); err != nil {
		return err
	}
	return p.Put(section, option, value, origin)
}

// Put stores a raw value without set-time validation, as reading a file
// does (CPython reads "%(levelname)-5.5s" from a file but refuses it in
// set); otherwise it is SetFrom.
func (p *Parser) Put(section, option, value string, origin *Origin) error {
	target, err := p.target(section)
	if err != nil {
		return err
	}
	p.setIn(target, Option{Name: pyvalue.Lower(option), Value: value, Origin: origin})
	return nil
}

// target is where set and remove_option act: the defaults for "" and
// DEFAULT, else the section, which must exist.
func (p *Parser) target(section string) (*Section, error) {
	if section == "" || section == DefaultSection {
		return &p.defaults, nil
	}
	s, ok := p.section(section)
	if !ok {
		return nil, noSection(section)
	}
	return s, nil
}

// RemoveOption deletes an option as ConfigParser.remove_option does and
// reports whether it existed; the section "" and DEFAULT mean the
// defaults, another missing section is a NoSectionError.
func (p *Parser) RemoveOption(section, option string) (bool, error) {
	target, err := p.target(section)
	if err != nil {
		return false, err
	}
	i := target.find(pyvalue.Lower(option))
	if i < 0 {
		return false, nil
	}
	target.remove(i)
	return true, nil
}
