package catalog

import (
	"path"
	"strings"

	"github.com/sentinel-connector-docs/site/tools/kql"
	"github.com/sentinel-connector-docs/site/tools/source"
)

// parserSet is what a solution declares of parser functions: the names
// queries call them by, which are not tables, and for the ones whose body
// the solution holds, the tables that body reads. A connector whose data
// types name a parser fills the tables the parser reads.
//
// A parserSet belongs to one solution folder, which one goroutine builds.
type parserSet struct {
	// fallback is the repository's ASIM parsers, which every solution's
	// queries may call; nil for the ASIM set itself.
	fallback  *parserSet
	frozen    bool                // expanded once for all: expand only reads
	names     map[string]bool     // lowercased
	bodies    map[string]string   // lowercased name → query
	tables    map[string][]string // lowercased name → tables read, once expanded
	expanding map[string]bool     // guards against parsers that call each other
}

func newParserSet() *parserSet {
	return &parserSet{names: map[string]bool{}, bodies: map[string]string{}, tables: map[string][]string{}, expanding: map[string]bool{}}
}

// addParsers records the parser files read from the solution's Parsers
// folder.
func (ps *parserSet) addParsers(parsers []source.Parser) {
	for _, p := range parsers {
		for _, n := range p.Names {
			ps.names[strings.ToLower(n)] = true
			if strings.TrimSpace(p.Query) != "" {
				ps.bodies[strings.ToLower(n)] = p.Query
			}
		}
	}
}

// addListed records a parser a Solution_*.json lists by file: the file
// name is the function's name.
func (ps *parserSet) addListed(file string) {
	file = strings.ReplaceAll(file, `\`, "/")
	ps.names[strings.ToLower(strings.TrimSuffix(path.Base(file), path.Ext(file)))] = true
}

// isParser reports whether name is one of the solution's parsers.
func (ps *parserSet) isParser(name string) bool {
	return ps.names[strings.ToLower(name)] || (ps.fallback != nil && ps.fallback.isParser(name))
}

// expand returns the tables the parser name reads, parsers it calls
// expanded in turn, or nil when name is not a parser whose body the solution
// holds.
func (ps *parserSet) expand(name string) []string {
	key := strings.ToLower(name)
	body, ok := ps.bodies[key]
	if !ok {
		if ps.fallback != nil {
			return ps.fallback.expand(name)
		}
		return nil
	}
	if t, done := ps.tables[key]; done || ps.frozen {
		return t
	}
	if ps.expanding[key] {
		return []string{} // a cycle: the outer call gives the tables
	}
	ps.expanding[key] = true
	t := kql.Tables(body, ps.options(nil))
	if t == nil {
		t = []string{}
	}
	ps.expanding[key] = false
	ps.tables[key] = t
	return t
}

// addNames records a parser known by several names with one body; a name
// already known keeps its own body.
func (ps *parserSet) addNames(names []string, body string, derived bool) {
	for _, n := range names {
		key := strings.ToLower(strings.TrimSpace(n))
		if key == "" || (derived && ps.names[key]) {
			continue
		}
		ps.names[key] = true
		if strings.TrimSpace(body) != "" {
			ps.bodies[key] = body
		}
	}
}

// freeze expands every parser once, so that expand only reads from then on
// and the set can serve goroutines at once.
func (ps *parserSet) freeze() {
	for key := range ps.bodies {
		ps.expand(key)
	}
	ps.frozen = true
}

// options are the KQL options that read queries of the solution: its
// parsers are not tables, and stand for the tables they read.
func (ps *parserSet) options(cache *kql.Cache) kql.Options {
	if ps == nil || (len(ps.names) == 0 && ps.fallback == nil) {
		return kql.Options{Cache: cache}
	}
	return kql.Options{NotTable: ps.isParser, Expand: ps.expand, Cache: cache}
}

// local is ps without the repository's ASIM parsers: connector definitions
// name their own solution's parsers, and an ASIM call in a sample query
// says nothing of the tables the connector fills.
func (ps *parserSet) local() *parserSet {
	if ps == nil {
		return nil
	}
	l := *ps
	l.fallback = nil
	return &l
}
